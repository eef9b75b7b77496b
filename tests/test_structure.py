"""The PDF as a file and as a reader shows it: well-formed (qpdf's --check, through
pikepdf), an outline entry per section that lands on its title, named
destinations, the outline panel for CVs of several pages, title and language."""

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from conftest import DATA, LAYOUTS, normalise
from cv_builder import layout as layouts
from cv_builder import schema
from cv_builder.layouts import make

PAPERS = ["a4", "letter"]


def section_titles(layout_name):
    """The titles of the sections a layout shows, in order, as the data and layout give them (a look
    with standard titles shows each known section under the usual heading of its kind)."""
    cv = schema.load(DATA)
    layout = make(cv, layouts.load(layout_name))
    shown = layout.reading_order()
    return [layout.heading(s) for s in shown], [s.id for s in shown]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_structural_check_is_clean(build_pdf, layout, paper):
    """What `qpdf --check` does: syntax, cross references, every stream decoded, every page's content parsed."""
    path = build_pdf(layout=layout, paper=paper)[0].path
    with pikepdf.open(path) as pdf:
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check
        assert check() == []
        assert pdf.get_warnings() == []
        assert pdf.pdf_version >= "1.4"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_outline_entries_equal_the_section_titles(build_pdf, layout):
    pdf = build_pdf(layout=layout)[0]
    titles, _ = section_titles(layout)
    assert [o.title for o in pdf.reader.outline] == titles
    assert all(not isinstance(o, list) for o in pdf.reader.outline), "the outline is flat: one entry per section"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_outline_entry_lands_just_above_its_title(build_pdf, layout):
    pdf = build_pdf(layout=layout)[0]
    with pdfplumber.open(str(pdf.path)) as plumb:
        for entry in pdf.reader.outline:
            page_no = pdf.reader.get_destination_page_number(entry)
            page = plumb.pages[page_no]
            top = float(page.height) - float(entry.top)  # the destination's y, from the top of the page
            left = float(entry.left)  # and its x: the column the title stands in
            # the title's column: from the destination's x, as wide as the title could be
            right = min(float(page.width), left + 8 * len(entry.title) + 10)
            lines = page.crop((left - 1, 0, right, float(page.height))).extract_text_lines()
            below = [normalise(line["text"]) for line in lines if line["top"] >= top - 1][:1]
            assert below and below[0].startswith(entry.title), (entry.title, page_no + 1, below)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sections_are_named_destinations(build_pdf, layout):
    """`Dustin_Podell_CV.pdf#experience` opens at Experience in a browser's reader."""
    pdf = build_pdf(layout=layout)[0]
    titles, ids = section_titles(layout)
    named = pdf.reader.named_destinations
    assert sorted(named) == sorted(ids)
    for section_id, title in zip(ids, titles):
        page_no = pdf.reader.get_destination_page_number(named[section_id])
        assert title in normalise(pdf.page_texts[page_no]), (section_id, page_no)
    # and Chrome's engine (pdfium) finds them the same way
    doc = pdfium.PdfDocument(str(pdf.path))
    for section_id in ids:
        dest = pdfium_c.FPDF_GetNamedDestByName(doc.raw, section_id.encode())
        assert dest, section_id
        assert pdfium_c.FPDFDest_GetDestPageIndex(doc.raw, dest) == \
            pdf.reader.get_destination_page_number(named[section_id])
    assert not pdfium_c.FPDF_GetNamedDestByName(doc.raw, b"no-such-section")
    doc.close()


def test_a_cv_of_several_pages_opens_with_its_outline(build_pdf):
    root = build_pdf(layout="full")[0].reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"


def test_a_one_page_cv_opens_on_its_page_alone(build_pdf):
    pdf = build_pdf(layout="one-page")[0]
    assert len(pdf.pages) == 1
    assert pdf.reader.trailer["/Root"]["/PageMode"] == "/UseNone"
    assert len(pdf.reader.outline) > 0, "the outline is still there for readers that show it"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reader_shows_the_title_and_knows_the_language(build_pdf, layout):
    pdf = build_pdf(layout=layout)[0]
    root = pdf.reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    assert pdf.reader.metadata.title == "Dustin Podell – CV"
    assert root["/Lang"] == "en"
