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
  still before the bullets. No drawing order changes that; only positions do: it
  reads blocks side by side as a table (row by row) unless something lies *under*
  the first row, so a row is kept clear of the line after it (flowables.clearance).

Every look is read as it is built and (the looks with no page count of their own)
also on one and on two pages. Besides the entries: a sidebar is read as a block
apart from the main column; a row of figures is read within its section, cell by
cell (flowables.Columns.draw); the running head and page numbers are read before
or after a page's content, never inside it.
"""

from __future__ import annotations

import re

import pytest

import extractors
from conftest import DATA, LAYOUTS
from cv_builder import schema
from cv_builder.layout import load as LOOKS
from cv_builder.layouts import make
from cv_builder.render.flowables import Columns, SectionTitle, flat


def cases() -> list:
    """(look, page count) for every look as it is built, and for each look without a page count
    of its own (full, classic, sidebar, ats) also on one page and on two (`--pages 1`, `--pages 2`)."""
    out = []
    for name in LAYOUTS:
        fit = LOOKS(name).fit
        for pages in ([None] if fit is not None and fit.pages else [None, 1, 2]):
            out.append(pytest.param(name, pages, id=name if pages is None else f"{name}-{pages}p"))
    return out


CASES = cases()


def sidebar(layout: str, pages=None) -> bool:
    return LOOKS(layout, pages).structure.name == "sidebar"


def entries(spec=None, left_out=()):
    """The seed's entries, each with whether the build shows any of its bullets: not those of a
    priority beyond the look's (``spec``) ``max_bullet_priority`` (unless a fitter gives them
    back), nor those it left out (``left_out``, as a build reports them)."""
    from cv_builder import schema

    cv = schema.load(DATA)
    gone = {(x["section"], x["item"], x.get("bullet")) for x in left_out}
    out = []
    for s in cv.sections:
        if s.kind != "entries":
            continue
        limit = spec.options_for(s.id, s.kind).max_bullet_priority if spec is not None else None
        out += [(e, any((limit is None or b.importance(e) <= limit) and (s.id, i, k) not in gone
                        for k, b in enumerate(e.bullets))) for i, e in enumerate(s.items)]
    return out


def check_entries(lines: list[str], extractor: str, left_out: list, spec=None) -> list[str]:
    """What is out of order in one extractor's lines; an empty list when all is in order."""
    from cv_builder.model import date_range

    problems = []
    found = []
    shows = {}
    for e, bullets in entries(spec, left_out):
        shows[id(e)] = bullets
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
        if shows[id(e)] and bullet == end:
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


# pdftotext (poppler) takes four blocks for a table when a block has one beside it, one under it and
# one under and beside, left-aligned in pairs, and the pairs' tops, bottoms or middles within half a
# type size of each other; it reads a table row by row. Two columns of small blocks meet that by
# coincidence: in the sidebar look fitted on one page, "Path / no formal degree" and the bullets beside
# it end level, and so do "Technical focus" and "Stability AI" below them: pdftotext reads the main
# column's bullets inside the sidebar. (The first row, level by design, is kept apart: Sidebar.drop.)
# Since the sidebar keeps a grid a quarter line off the main column's, no two lines of the columns
# are level, and the sidebar fitted on one page reads apart too: no case is left.
POPPLER_TABLE: dict = {}
# A row of figures in a text column beside an empty date column, with section titles at the margin
# and less above the row than a full paragraph (a page fitted tight): poppler takes the title over the
# row, its first cell and the next title for a column of their own, which it reads before the other
# cells (the other extractors follow the drawing and read the row: flowables.Columns.draw).
POPPLER_FIGURES = {("full", 1): "poppler reads the first cell of the figures with the titles as a column",
                   ("one-page", None): "poppler reads the first cell of the figures with the titles as a column"}
# An entry's date in a column at the right, beside a block of lines that all end short of it (the
# last entry of page 1 in the sidebar look on two pages): poppler reads the date as a column of its
# own, after the block.
POPPLER_DATES = {("sidebar", 2): "poppler reads a date beside a block of lines that end short of it "
                                 "as a column of its own"}

PLUMBER_COLUMNS = ("pdfplumber's extract_text sorts all of a page's words into lines across its width: "
                   "side-by-side columns come out interleaved whatever the drawing order")


@pytest.mark.parametrize("extractor", extractors.EXTRACTORS)
@pytest.mark.parametrize("layout, pages", CASES)
def test_each_entry_reads_header_dates_then_bullets(build_pdf, layout, pages, extractor, request):
    extractors.require(extractor)
    if extractor == "pdfplumber" and sidebar(layout, pages):
        pytest.skip(PLUMBER_COLUMNS)
    if extractor == "pdftotext" and (layout, pages) in POPPLER_DATES:
        request.applymarker(pytest.mark.xfail(reason=POPPLER_DATES[layout, pages], strict=True))
    pdf, result = build_pdf(layout=layout, pages=pages)
    lines = extractors.lines("\n".join(extractors.pages(pdf.path, extractor)))
    problems = check_entries(lines, extractor, result.left_out, LOOKS(layout, pages))
    assert not problems, f"{extractor}, layout {layout}, pages {pages}:\n  " + "\n  ".join(problems)


# -- blocks: a sidebar, a row of figures, the page furniture ----------------------------------

def texts(flowables) -> list[str]:
    """The first words of each piece of text among flowables (a title, a paragraph, a cell)."""
    out = []
    for f in flat(flowables):
        f = getattr(f, "inner", f)  # (a Shift)
        if isinstance(f, SectionTitle):
            out.append(f.title)
        elif isinstance(f, Columns):
            out += [p.getPlainText() for cell in f.cells for p in cell]
        elif hasattr(f, "getPlainText"):
            out.append(f.getPlainText())
        else:
            out += [p.getPlainText() for p in (getattr(f, "left", None), getattr(f, "right", None)) if p is not None]
    return [" ".join(t.split())[:24] for t in out if t.strip()]


def layout_of(layout: str, pages, result):
    """The layout class of a build, at the scale the build was fitted to."""
    cv = schema.load(DATA)
    return make(cv, LOOKS(layout, pages), None, result.type_scale, result.space_scale)


@pytest.mark.parametrize("extractor", ["pdfminer", "pypdf", "pdftotext"])
@pytest.mark.parametrize("layout, pages", [c for c in CASES if sidebar(*c.values)])
def test_a_sidebar_is_read_as_one_block_and_the_main_column_as_another(build_pdf, layout, pages, extractor,
                                                                       request):
    """Page 1's lines that begin a text of the sidebar, and those that begin a text of the main
    column, come in two runs: never a line of one column between lines of the other."""
    extractors.require(extractor)
    if extractor == "pdftotext" and (layout, pages) in POPPLER_TABLE:
        request.applymarker(pytest.mark.xfail(reason=POPPLER_TABLE[layout, pages], strict=True))
    pdf, result = build_pdf(layout=layout, pages=pages)
    regions = {r.name: r for r in layout_of(layout, pages, result).regions()}
    side, main = texts(regions["sidebar"].flowables), texts(regions["main"].flowables)
    lines = extractors.lines(extractors.pages(pdf.path, extractor)[0])
    def begins(line: str, pieces: list[str]) -> bool:  # a short piece ("12+", "Path") is a whole line
        return any(line == t or (len(t) >= 15 and line.startswith(t)) for t in pieces)

    marks = []
    for n, line in enumerate(lines):
        column = "sidebar" if begins(line, side) else "main" if begins(line, main) else None
        if column:
            marks.append((column, n + 1, line))
    assert sum(1 for m in marks if m[0] == "sidebar") >= 5 and sum(1 for m in marks if m[0] == "main") >= 5
    switches = [(a, b) for a, b in zip(marks, marks[1:]) if a[0] != b[0]]
    assert len(switches) <= 1, f"{extractor}: the columns interleave: " + "; ".join(
        f"line {b[1]} '{b[2][:30]}' ({b[0]}) after line {a[1]} '{a[2][:30]}' ({a[0]})" for a, b in switches)


@pytest.mark.parametrize("extractor", extractors.EXTRACTORS)
@pytest.mark.parametrize("layout, pages", CASES)
def test_the_figures_are_read_in_their_row(build_pdf, layout, pages, extractor, request):
    """Every figure's value, label and note after the figures' heading and before the next section's,
    in that order; read cell by cell where the extractor follows the drawing (pdfminer, pypdf).
    (pdfplumber reads the values of a row as one line, then the labels: each in its row still.)"""
    extractors.require(extractor)
    if extractor == "pdftotext" and (layout, pages) in POPPLER_FIGURES:
        request.applymarker(pytest.mark.xfail(reason=POPPLER_FIGURES[layout, pages], strict=True))
    if extractor == "pdfplumber" and sidebar(layout, pages):
        pytest.skip(PLUMBER_COLUMNS)
    pdf, result = build_pdf(layout=layout, pages=pages)
    lay = layout_of(layout, pages, result)
    order = lay.reading_order()
    at = next((i for i, s in enumerate(order) if s.kind == "figures"), None)
    if at is None:
        pytest.skip(f"the look {layout} shows no figures")
    section = order[at]
    lines = extractors.lines("\n".join(extractors.pages(pdf.path, extractor)))
    head = lines.index(lay.heading(section))
    following = lay.heading(order[at + 1]) if at + 1 < len(order) else None
    end = next((i for i in range(head + 1, len(lines)) if lines[i] == following), len(lines))
    found = []
    for figure in section.items:
        parts = [figure.value, figure.label] + ([figure.note] if figure.note else [])
        where = []
        for part in parts:
            where.append(next((i for i in range(where[-1] if where else head + 1, end) if part in lines[i]), None))
            if where[-1] is None:
                break
        assert None not in where, f"{extractor}: {parts} not all, in order, between " \
                                  f"'{lay.heading(section)}' and '{following}': {where}"
        found.append(where)
    if extractor in ("pdfminer", "pypdf"):
        spans = sorted((w[0], w[-1]) for w in found)
        assert all(a[1] < b[0] or a[1] == b[0] == a[0] for a, b in zip(spans, spans[1:])), \
            f"{extractor}: cells interleave: {spans}"


FURNITURE = re.compile(r"^(?:\d+ ?/ ?\d+|.*Curriculum Vitae.*)$")


@pytest.mark.parametrize("extractor", extractors.EXTRACTORS)
@pytest.mark.parametrize("layout, pages", CASES)
def test_the_running_head_and_page_numbers_are_read_first_or_last(build_pdf, layout, pages, extractor):
    """Pages 2 and on: the running head and the page number are read before all of the page's
    content or after it, never inside it (a parser then takes them for part of an entry)."""
    extractors.require(extractor)
    pdf, _ = build_pdf(layout=layout, pages=pages)
    for number, text in enumerate(extractors.pages(pdf.path, extractor)[1:], 2):
        lines = extractors.lines(text)
        furniture = [i for i, line in enumerate(lines) if FURNITURE.match(line)]
        if not LOOKS(layout, pages).running_head:
            assert furniture == [], (extractor, number, [lines[i] for i in furniture])
            continue
        assert furniture, f"{extractor}, page {number}: no running head read"
        for i in furniture:
            assert all(j in furniture for j in range(i)) or all(j in furniture for j in range(i + 1, len(lines))), \
                f"{extractor}, page {number}: '{lines[i]}' read inside the content (line {i + 1} of {len(lines)})"


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
