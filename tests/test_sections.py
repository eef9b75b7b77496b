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


def test_a_heading_is_not_left_at_a_page_foot_with_one_item(tmp_path):
    """Whatever comes before it, a section's heading is on the page of its first two items."""
    for k in range(40, 66, 2):
        before = "".join(f"        - Filler line number {i}.\n" for i in range(k))
        models = "".join(f"    - {{name: Model {i}, role: Creator, year: 2020, description: What it did.}}\n"
                         for i in range(6))
        data = tmp_path / "cv.yaml"
        data.write_text(f"name: A\nsections:\n  experience:\n    - title: T\n      organisation: O\n"
                        f"      start: 2020\n      bullets:\n{before}  models:\n{models}")
        build(data, "full", tmp_path / "cv.pdf")
        page = next(t for t in PDF(tmp_path / "cv.pdf").page_texts if "Shipped models" in t or "Models" in t)
        assert "Model 0" in page and "Model 1" in page, (k, page[-300:])


def test_the_two_page_seed_keeps_shipped_models_with_its_first_two_models(build_pdf):
    pdf, _ = build_pdf(layout="two-page")
    page = next(t for t in pdf.page_texts if "Shipped models" in t)
    assert "SDXL · Lead author" in page and "CosXL · Creator" in page
