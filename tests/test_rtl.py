"""Right-to-left text: Arabic shaped, Hebrew and Arabic ordered by the bidi algorithm,
drawn right-aligned in the shipped fonts, and read back in logical order.

The PDF tests set paragraphs with ReportLab directly, as the renderer does
(cv_builder.lang.pdf.RTLLines, and the ToUnicode map of :func:`bidi.glyph_unicode`
that rl_fixes.unicode_map writes); tests/test_language_pdf.py holds whole CVs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from cv_builder import layout
from cv_builder.lang import bidi
from cv_builder.lang.pdf import RTLLines, draw_rtl_string, visual_lines

HE = "עבדתי כמהנדס תוכנה בחברת Google משנת 2019 ועד היום, ופיתחתי מערכות למידת מכונה (ML) בקנה מידה גדול."
AR = "عملت مهندسة برمجيات في شركة Google منذ عام 2019، وطورت أنظمة تعلم الآلة (ML) على نطاق واسع. لا شيء أصعب."
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# -- the functions ---------------------------------------------------------------------
def test_hebrew_is_reversed_for_drawing_with_latin_and_numbers_kept():
    assert bidi.visual("שלום עולם") == "םלוע םולש"
    assert bidi.visual("עבדתי ב-Google משנת 2019") == "2019 תנשמ Google-ב יתדבע"


def test_brackets_are_mirrored_in_right_to_left_runs():
    # logical "(מהנדס)" at the end: drawn, left to right, as "(סדנהמ)" with the brackets
    # swapped, so that each still opens towards its word
    assert bidi.visual("עבדתי (מהנדס)") == "(סדנהמ) יתדבע"
    assert bidi.visual("Python (פייתון) and more") == "Python (ןותייפ) and more"


def test_arabic_is_joined_then_reversed():
    shaped = bidi.shape("مرحبا")
    assert shaped == "\ufee3\ufeae\ufea3\ufe92\ufe8e"  # meem initial, reh final, hah initial, beh medial, alef final
    assert bidi.visual("مرحبا") == shaped[::-1]
    assert bidi.shape("لا") == "\ufefb"  # lam + alef: their ligature, as Arabic requires
    assert bidi.shape("الله") != "\ufdf2"  # the optional ligature of the word is not made


def test_shaping_keeps_the_logical_text_recoverable():
    for text in (HE, AR, "فارسی: پژوهشگر", "Ada", "مُهَنْدِس"):
        assert bidi.logical(bidi.shape(text)) == text


def test_a_combining_mark_stays_after_its_letter():
    order = bidi.visual_order("שָׁלוֹם")  # with points
    drawn = "".join(c for _, c in order)
    for i, c in enumerate(drawn):
        if unicodedata.combining(c):
            assert i > 0 and not unicodedata.combining(drawn[i - 1]) or unicodedata.combining(drawn[i - 1])
    letters = [c for c in drawn if not unicodedata.combining(c)]
    assert "".join(letters) == "םולש"
    assert drawn.index("\u05b8") == drawn.index("ש") + 1  # qamats right after shin (its base)


def test_visual_runs_keep_each_piece_s_style():
    pieces = [("עבדתי ב", "regular"), ("Google", "bold"), (" משנת 2019", "regular")]
    out = bidi.visual_runs(pieces, lambda p: p[0], lambda p, t: (t, p[1]), "rtl")
    assert out == [("2019 תנשמ ", "regular"), ("Google", "bold"), ("ב יתדבע", "regular")]


def test_left_to_right_text_is_untouched():
    assert bidi.visual("Ada Lovelace (1815)") == "Ada Lovelace (1815)"
    assert bidi.has_rtl("Ada") is False and bidi.has_rtl("Ada שלום") is True


# -- in a PDF ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fonts():
    for name, family, style in (("test-ar", "noto-sans-arabic", "regular"), ("test-he", "noto-sans-hebrew", "regular"),
                                ("test-latin", "source-sans", "regular")):
        pdfmetrics.registerFont(TTFont(name, str(layout.family(family).path(style))))
    return {k: pdfmetrics.getFont(k).face.charToGlyph for k in ("test-ar", "test-he")}


@pytest.fixture
def logical_unicode(monkeypatch):
    """The ToUnicode map the renderer writes (rl_fixes.unicode_map applies
    bidi.glyph_unicode to each joined form): a joined form reads back as its letter."""
    import reportlab.pdfbase.ttfonts as ttfonts

    made = ttfonts.makeToUnicodeCMap

    def logical_map(fontname, subset):
        lines = made(fontname, subset).split("\n")
        start = lines.index(f"{len(subset)} beginbfchar") + 1
        lines[start:start + len(subset)] = [f"<{i:02X}> <{bidi.glyph_unicode(chr(v)).encode('utf-16-be').hex().upper()}>"
                                            for i, v in enumerate(subset)]
        return "\n".join(lines)

    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", logical_map)


class RTLParagraph(RTLLines, Paragraph):
    pass


def markup(text: str, font: str, cmap) -> str:
    """Letters the script's font has in it; the rest (Latin, digits, punctuation) in the
    Latin face: the fallback chain the renderer builds for a Hebrew or Arabic CV."""
    return "".join(c if ord(c) in cmap or c == " " else f'<font name="test-latin">{c}</font>' for c in text)


def build(path, fonts, paragraph=RTLParagraph, width=300):
    story = []
    for font, text in (("test-he", HE), ("test-ar", AR)):
        style = ParagraphStyle(font, fontName=font, fontSize=11, leading=16, alignment=TA_RIGHT)
        story += [paragraph(markup(bidi.shape(text), font, fonts[font]), style), Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=(width, 400), leftMargin=20, rightMargin=20, topMargin=20,
                      bottomMargin=20).build(story)
    return path


def pdfium_text(path) -> str:
    import pypdfium2

    return pypdfium2.PdfDocument(str(path))[0].get_textpage().get_text_range()


def words(text: str) -> str:
    return " ".join(BIDI_CONTROLS.sub("", text).split())


def test_pdfium_reads_the_paragraphs_in_logical_order(fonts, logical_unicode, tmp_path):
    text = pdfium_text(build(tmp_path / "rtl.pdf", fonts))
    # every word, in order (pdfium's own bidi step moves a space or a comma next to a bracket
    # or a number: "(ML)בקנה", "،2019"; the letters and the words are the writer's)
    assert re.findall(r"\w+", text) == re.findall(r"\w+", f"{HE} {AR}")


def test_pdftotext_reads_them_in_logical_order(fonts, logical_unicode, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed; .ci/run installs it")
    path = build(tmp_path / "rtl.pdf", fonts)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout
    text = words(out)
    for phrase in ("עבדתי כמהנדס תוכנה בחברת", "ופיתחתי מערכות למידת מכונה", "عملت مهندسة برمجيات في شركة",
                   "وطورت أنظمة تعلم الآلة", "لا شيء أصعب"):
        assert phrase in text, text


def test_joined_forms_read_back_as_letters(fonts, logical_unicode, tmp_path):
    """No presentation form (ﻋ ﻤ ﻠ …) in any extractor's text: the map gives the letters."""
    import pypdf

    path = build(tmp_path / "rtl.pdf", fonts)
    for text in (pdfium_text(path), pypdf.PdfReader(str(path)).pages[0].extract_text()):
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", text)
        assert "عملت" in text or "تلمع" in text  # (pypdf keeps drawing order: reversed)


def test_lines_are_right_aligned_and_in_order(fonts, logical_unicode, tmp_path):
    """Each line's right edge at the frame's; the first words of the paragraph on its first line."""
    import pdfplumber

    path = build(tmp_path / "rtl.pdf", fonts, width=260)
    with pdfplumber.open(str(path)) as pdf:
        chars = pdf.pages[0].chars
    rows: dict[int, list] = {}
    for c in chars:
        rows.setdefault(round(c["matrix"][5]), []).append(c)  # by baseline: the fonts' boxes differ
    right = 260 - 20 - 6  # the frame's right edge (margin and padding)
    for top, row in rows.items():
        assert abs(max(c["x1"] for c in row) - right) < 1.0, (top, "".join(c["text"] for c in row))
    first = sorted(rows)[-1]  # (PDF's y grows upwards)
    first_row = sorted(rows[first], key=lambda c: -c["x0"])  # right to left
    assert "".join(c["text"] for c in first_row).startswith("עבדתי")


def test_a_paragraph_is_reordered_line_by_line(fonts):
    """Reordering the paragraph whole, then breaking it, would set its last words first."""
    style = ParagraphStyle("he", fontName="test-he", fontSize=11, leading=16, alignment=TA_RIGHT)
    p = RTLParagraph(markup(HE, "test-he", fonts["test-he"]), style)
    p.wrap(200, 1000)
    logical = ["".join(w.text for w in line.words) for line in p.blPara.lines]
    drawn = ["".join(w.text for w in line.words) for line in visual_lines(p.blPara).lines]
    assert logical[0].startswith("עבדתי")
    assert drawn[0].endswith("יתדבע")  # the first word, rightmost
    assert [bidi.visual(t, "rtl") for t in logical] == drawn
    assert ["".join(w.text for w in line.words) for line in p.blPara.lines] == logical  # the lines stay logical


def test_one_line_on_the_canvas(fonts, logical_unicode, tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "head.pdf"
    canvas = Canvas(str(path), pagesize=(300, 100))
    canvas.setFont("test-he", 9)
    width = draw_rtl_string(canvas, 280, 50, "קורות חיים")
    canvas.save()
    assert width > 30
    assert words(pdfium_text(path)) == "קורות חיים"


def test_actual_text_spans_would_make_bidi_aware_readers_worse(fonts, logical_unicode, tmp_path):
    """The measurement behind the choice of no /ActualText: with the logical text as each
    paragraph's ActualText, pdfium applies its bidi step to it and reads it reversed."""

    class WithActualText(RTLParagraph):
        def drawPara(self, debug=0):
            from cv_builder.lang.pdf import paragraph_text

            text = bidi.logical(paragraph_text(self.blPara))
            self.canv._code.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex()}>>> BDC")
            try:
                return super().drawPara(debug)
            finally:
                self.canv._code.append("EMC")

    plain = words(pdfium_text(build(tmp_path / "plain.pdf", fonts)))
    spans = words(pdfium_text(build(tmp_path / "spans.pdf", fonts, WithActualText)))
    assert plain.startswith("עבדתי כמהנדס")
    assert not spans.startswith("עבדתי כמהנדס")
