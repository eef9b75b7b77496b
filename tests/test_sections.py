"""What a user can write beyond the seed: contact details, own sections, inline markup."""

import pytest

from conftest import PDF
from cv_builder.build import build

CV = """\
name: Grace Hopper
headline: Computer scientist
email: grace@example.org
phone: +1 555 0100
location: Arlington, VA
website: https://example.org/grace
links:
  - {label: GitHub, url: "https://github.com/example"}
sections:
  summary: I like **compilers**, *nanoseconds* and [COBOL](https://example.org/cobol).
  talks:
    title: Invited talks
    kind: entries
    items:
      - title: Keynote
        organisation: Some Conference
        start: 2019-09
        end: 2019-09
        links: [{url: "https://example.org/talk"}]
  education:
    - title: PhD in Mathematics
      organisation: Yale University
      start: 2010
      end: 2014
  skills: [Compilers, Mathematics]
"""


@pytest.fixture(scope="module")
def grace(tmp_path_factory):
    """The CV above, built once in the full layout."""
    folder = tmp_path_factory.mktemp("grace")
    (folder / "cv.yaml").write_text(CV)
    build(folder / "cv.yaml", "full", folder / "cv.pdf")
    return PDF(folder / "cv.pdf")


def test_contact_line_and_links(grace):
    pdf = grace
    assert pdf.contains_in_order("Grace Hopper", "Computer scientist",
                                 "Arlington, VA · grace@example.org · +1 555 0100 · example.org/grace · GitHub")
    uris = pdf.uris()
    for uri in ("mailto:grace@example.org", "https://example.org/grace", "https://github.com/example",
                "https://example.org/cobol", "https://example.org/talk"):
        assert uri in uris


def test_own_section_of_an_existing_kind_under_its_title(grace):
    pdf = grace
    assert pdf.contains_in_order("Summary", "I like compilers, nanoseconds and COBOL.",
                                 "Invited talks", "Some Conference", "Sep 2019", "Keynote",
                                 "Education", "Yale University", "2010 – 2014", "PhD in Mathematics",
                                 "Skills", "Compilers · Mathematics")
    assert [o.title for o in pdf.reader.outline] == ["Summary", "Invited talks", "Education", "Skills"]


def test_a_layout_orders_the_sections_it_shows(tmp_path):
    """`sections:` in a layout file picks the sections *and* their order."""
    path = tmp_path / "cv.yaml"
    path.write_text(CV)
    layout = tmp_path / "reordered.yaml"
    layout.write_text("sections: [skills, education, summary]\n")
    build(path, str(layout), tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert [o.title for o in pdf.reader.outline] == ["Skills", "Education", "Summary"]
    assert pdf.contains_in_order("Skills", "Compilers · Mathematics", "Education", "Yale University",
                                 "Summary", "I like compilers")
    assert "Invited talks" not in pdf.text
