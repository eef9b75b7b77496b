"""Reading order as parsers get it: four text extractors on the seed CV, in every layout.

For each entry (experience, education, …) the organisation, then its dates and
place, then its first bullet, then the next entry. How each extractor reads a
right-aligned date column, and why the PDF is drawn as it is (render/flowables.py,
Row.draw):

- pdfminer.six (default layout analysis) joins characters into a line only when
  they follow each other in the content stream and sit close; a right-aligned
  date used to be a text box of its own, read after the entry's first bullets.
  Row.draw joins the two sides with an invisible stretched space, so organisation
  and date are one line: "Black Forest Labs 2024 – Present".
- pypdf reads the content stream in order and starts a new line after every
  paragraph (ReportLab ends each with T*): the date comes on the line right after
  the organisation.
- pdfplumber sorts words into lines by position: organisation and date share a line.
- pdftotext (poppler) skips spaces and groups words into blocks by geometry and
  font size alone; the organisation and role lines (same size) are one block, the
  date and place column another, read right after it: dates come after the whole
  header (organisation, role and, where there is one, a note under the role), and
  still before the bullets. No drawing order changes that; only positions do.
"""

from __future__ import annotations

import pytest

import extractors
from conftest import DATA, LAYOUTS
from cv_builder.layout import load as LOOKS

# Extractors known to read a layout out of order (layout, extractor) -> why. None today: pdftotext
# read two short one-page entries header, header, bullet, bullet, until the one-page layout set its
# dates in a column on the left (issue 14), where poppler reads them on their entry's line.
KNOWN: dict = {}


def entries():
    from cv_builder import schema

    cv = schema.load(DATA)
    return [e for s in cv.sections if s.kind == "entries" for e in s.items]


def check_entries(lines: list[str], extractor: str, left_out: list) -> list[str]:
    """What is out of order in one extractor's lines; an empty list when all is in order."""
    from cv_builder.model import date_range

    problems = []
    found = []
    for e in entries():
        org = e.organisation or e.title
        dates = date_range(e.start, e.end)
        # the header line starts with the organisation, or (dates in a column on the left) with
        # its dates and then the organisation
        at = next((i for i, line in enumerate(lines) if line.startswith(org) or
                   dates and line.startswith(dates) and line[len(dates):].lstrip().startswith(org)), None)
        if at is None:
            if not any(org in str(item.get("text", "")) for item in left_out):
                problems.append(f"{org}: not found at the start of any line")
            continue
        found.append((at, e, org))
    found.sort(key=lambda f: f[0])
    for n, (at, e, org) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(lines)
        bullet = next((i for i in range(at + 1, end) if lines[i].startswith("•")), end)
        header = f"{org} (line {at + 1})"
        if e.bullets and bullet == end:
            nxt = found[n + 1][2] if n + 1 < len(found) else "the end"
            problems.append(f"{header}: no bullet before {nxt}")
        for what, text in (("dates", date_range(e.start, e.end)), ("place", e.place)):
            if not text:
                continue
            where = next((i for i in range(at, end) if text in lines[i]), None)
            if where is None:
                problems.append(f"{header}: {what} '{text}' not found between it and the next entry")
            elif where > bullet:
                problems.append(f"{header}: {what} '{text}' after its first bullet (line {where + 1})")
            elif extractor != "pdftotext":
                # on the header line or the line right after it (the place: on the role's line or the
                # next; with no role, on the header's second line, which may follow the date's)
                row, most = at, 1
                if what == "place" and e.organisation and e.title:
                    row = next((i for i in range(at, end) if lines[i].startswith(e.title)), at)
                elif what == "place":
                    most = 2
                if where - row > most:
                    problems.append(f"{header}: {what} '{text}' {where - row} lines below their row")
    return problems


@pytest.mark.parametrize("extractor", extractors.EXTRACTORS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_entry_reads_header_dates_then_bullets(build_pdf, layout, extractor, request):
    extractors.require(extractor)
    if extractor == "pdfplumber" and LOOKS(layout).structure.name == "sidebar":
        pytest.skip("pdfplumber's extract_text sorts all of a page's words into lines across its width: "
                    "side-by-side columns come out interleaved whatever the drawing order")
    if (layout, extractor) in KNOWN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN[layout, extractor], strict=True))
    pdf, result = build_pdf(layout=layout)
    lines = extractors.lines("\n".join(extractors.pages(pdf.path, extractor)))
    problems = check_entries(lines, extractor, result.left_out)
    assert not problems, f"{extractor}, layout {layout}:\n  " + "\n  ".join(problems)


def test_organisation_and_dates_are_one_line_for_pdfminer(build_pdf):
    """The join of Row.draw: what a pdfminer-based parser sees is the header as one line."""
    pdf, _ = build_pdf()
    lines = extractors.lines("\n".join(extractors.pages(pdf.path, "pdfminer")))
    assert "Black Forest Labs 2024 – Present" in lines
    assert "Co-Founder & Research Scientist · San Francisco / Freiburg" in lines
    assert "Self-Directed ML Research 2021 – 2022" in lines
    # a date beside a text of several lines is drawn first, and joined to the text's first line
    assert any(line.startswith("2015 – 2021 Seven years across VFX") for line in lines)


def test_the_join_adds_no_words(build_pdf):
    """The stretched space is a space: the words every extractor reads are the data's."""
    pdf, _ = build_pdf()
    words = {name: sorted(" ".join(extractors.pages(pdf.path, name)).split())
             for name in ("pdfminer", "pypdf", "pdfplumber")}
    assert words["pdfminer"] == words["pypdf"] == words["pdfplumber"]
