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


def test_brackets_pair_up_as_the_bidi_algorithm_pairs_them():
    """Rule N0 (paired brackets): a bracket takes the direction of what it encloses, so a Latin
    phrase in brackets at the end of a right-to-left sentence keeps its closing bracket."""
    assert bidi.logical(bidi.visual("عملت في Google (Mountain View)")) == "Google (Mountain View) يف تلمع"
    assert bidi.visual("עבדתי ב-Google (Mountain View) שנתיים") == "םייתנש Google (Mountain View)-ב יתדבע"
    assert bidi.logical(bidi.visual("ليلى \u200f(Layla)\u200e")) == "\u200e(Layla)\u200f ىليل"
    assert bidi.logical(bidi.visual("أعمل بلغة C++ (منذ 2015)")) == "(2015 ذنم) ++C ةغلب لمعأ"


REFERENCE = [
    "عملت في Google (Mountain View) لمدة سنتين", "ليلى (Layla)", "مشروع (v2.0) مفتوح", "Python (פייתון) and more",
    "עבדתי (מהנדס) ב-[Intel] {2019}", "قبل ذلك عملت في شركة Careem على خدمات الحجز والتسعير (Python وGo).",
    "الإصدار 2.1 (2024) من المكتبة", "نقلت الخدمات إلى Kubernetes دون توقف، وخفضت التكاليف بنسبة 35%.",
    "ספרייה (קוד פתוח, MIT) לניהול סודות", "C (ANSI) و C++ (17)", "((عربي) English)", "[נועה (Noa)]",
    "عربي (English (nested) text) عربي", "Ada (עברית (English) עברית) done", "מדעי המחשב; ציון: 92 (מתוך 100)",
]


@pytest.mark.parametrize("text", REFERENCE)
def test_the_order_is_the_reference_algorithm_s(text):
    """Each character where the bidi algorithm of python-bidi's compiled core (the unicode-bidi
    crate, Unicode 15) puts it; that one does not mirror brackets (a renderer does), so a
    bracket is compared as a bracket."""
    from bidi import get_display

    def positions(s: str) -> str:
        return re.sub(r"[()\[\]{}]", "|", s)

    ours = "".join(c for _, c in bidi.visual_order(text, "rtl"))
    assert positions(ours) == positions(get_display(text, base_dir="R"))


def test_bidi_controls_order_the_text_and_are_not_drawn():
    """Isolates and embeddings (⁦…⁩, typed by editors around a Latin phrase) are applied, then
    left out of what is drawn; in left-to-right text too."""
    assert bidi.logical(bidi.visual("و \u2066Python 3\u2069 لغة", "rtl")) == "ةغل Python 3 و"
    assert bidi.logical(bidi.visual("نص \u2067عزل\u2069 Go", "rtl")) == "Go لزع صن"
    assert bidi.visual("Ada \u2066x\u2069 done") == "Ada x done"
    assert bidi.visual("Ada \u202eabc\u202c done") == "Ada cba done"  # an override: reversed, as shown anywhere


def test_arabic_is_joined_then_reversed():
    shaped = bidi.shape("مرحبا")
    assert shaped == "\ufee3\ufeae\ufea3\ufe92\ufe8e"  # meem initial, reh final, hah initial, beh medial, alef final
    assert bidi.visual("مرحبا") == shaped[::-1]
    assert bidi.shape("لا") == "\ufefb"  # lam + alef: their ligature, as Arabic requires
    assert bidi.shape("الله") != "\ufdf2"  # the optional ligature of the word is not made


def test_shaping_keeps_the_logical_text_recoverable():
    for text in (HE, AR, "فارسی: پژوهشگر", "Ada", "مُهَنْدِس"):
        assert bidi.logical(bidi.shape(text)) == text


def test_a_combining_mark_is_drawn_just_before_its_letter():
    """In drawing order (left to right) a mark of a right-to-left word comes right before its
    letter: the right-to-left fonts draw a mark to the right of the pen, over the next glyph."""
    drawn = "".join(c for _, c in bidi.visual_order("שָׁלוֹם"))  # with points
    letters = [c for c in drawn if not unicodedata.combining(c)]
    assert "".join(letters) == "םולש"
    assert drawn.index("\u05b8") < drawn.index("ש") and drawn.endswith("ש")  # qamats, shin dot, then shin
    assert drawn[drawn.index("ו") - 1] == "\u05b9"  # holam, then vav
    assert bidi.visual("Ada é") == "Ada é"  # (a Latin mark stays after its letter)


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


MARKED = (("test-ar", "مِرسال"), ("test-ar", "مُهَنْدِس"), ("test-he", "שָׁלוֹם"), ("test-he", "בְּרֵאשִׁית"))


@pytest.mark.parametrize("font, text", MARKED)
def test_a_mark_is_drawn_on_its_letter_and_read_after_it(fonts, logical_unicode, tmp_path, font, text):
    """A kasra under its meem, a qamats under its shin: the ink of each mark over the ink of
    the letter it follows in the text (pdfium's tight glyph boxes), not beside it; and the
    text read back as written (pdfium runs the bidi algorithm)."""
    import pypdfium2

    path = tmp_path / "marks.pdf"
    style = ParagraphStyle(font, fontName=font, fontSize=30, leading=40, alignment=TA_RIGHT)
    SimpleDocTemplate(str(path), pagesize=(300, 100), leftMargin=20, rightMargin=20, topMargin=20,
                      bottomMargin=20).build([RTLParagraph(bidi.shape(text), style)])
    page = pypdfium2.PdfDocument(str(path))[0].get_textpage()
    boxes = [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]
    boxes = [(c, box) for c, box in boxes if c.strip()]
    nfd = unicodedata.normalize  # (two marks on one letter may come back in either order: the same text)
    assert nfd("NFD", "".join(c for c, _ in boxes)) == nfd("NFD", text)
    for (c, (left, _, right, _)), (base, (b_left, _, b_right, _)) in zip(boxes[1:], boxes):
        if unicodedata.combining(c) and not unicodedata.combining(base):
            middle = (left + right) / 2
            assert b_left <= middle <= b_right, (c, base, (left, right), (b_left, b_right))


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
