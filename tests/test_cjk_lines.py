"""Chinese and Japanese lines break between characters, by the punctuation rules, and
never inside a Latin word; bold CJK is visibly bold though the font has one weight.

These set paragraphs with ReportLab directly, in the shipped CJK font, as the renderer
does (cv_builder.lang.cjk.CJKLines on its paragraphs when the CV's language breaks
lines the CJK way); tests/test_language_pdf.py holds the same of whole CVs.
"""

from __future__ import annotations

import re

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from cv_builder import layout
from cv_builder.lang.cjk import CANNOT_END, CANNOT_START, CJKLines, break_positions, may_break

ZH = ("我在北京大学学习计算机科学，主修机器学习与自然语言处理。曾在Google和Microsoft Research实习，负责TensorFlow"
      "模型的优化工作（包括量化、剪枝与蒸馏）。发表论文十余篇，其中三篇为第一作者，「被引用超过一千次」。熟悉Python、"
      "C++、CUDA等编程语言，GPA 3.9/4.0。")
JA = ("東京大学大学院で情報理工学を専攻し、機械学習の研究に従事しました。その後、株式会社メルカリでレコメンドシステム"
      "の開発を担当し、ユーザー体験の改善に貢献しました（売上が約15%向上）。「使いやすさ」を第一に考えています。")
LATIN_WORDS = ["Google", "Microsoft", "Research", "TensorFlow", "Python", "C++", "CUDA", "GPA", "3.9/4.0"]


@pytest.fixture(scope="module")
def fonts():
    """The shipped CJK fallback, and the Latin face the renderer draws Latin letters in."""
    cjk = layout.family("droid-sans-fallback")
    latin = layout.family("source-sans")
    pdfmetrics.registerFont(TTFont("test-cjk", str(cjk.path("regular"))))
    pdfmetrics.registerFont(TTFont("test-latin", str(latin.path("regular"))))
    face = pdfmetrics.getFont("test-cjk").face.charToGlyph
    return face


class CJKParagraph(CJKLines, Paragraph):
    pass


def markup(text: str, cmap) -> str:
    """Each character in the CJK font if it has it, else in the Latin face (the fallback
    chain the renderer builds: Latin from the look's font, CJK from the fallback)."""
    out = []
    for c in text:
        out.append(c if ord(c) in cmap and not c.isascii() else f'<font name="test-latin">{c}</font>')
    return "".join(out)


def lines(text: str, width: float, cmap, size: float = 10) -> list[str]:
    style = ParagraphStyle("cjk", fontName="test-cjk", fontSize=size, leading=size * 1.4, wordWrap="CJK")
    p = CJKParagraph(markup(text, cmap), style)
    p.wrap(width, 10_000)
    for line in p.blPara.lines:
        assert line.currentWidth <= width + 1e-6, "a line runs past the frame"
    return ["".join(w.text for w in line.words) for line in p.blPara.lines]


WIDTHS = [60, 73, 88, 100, 117, 137, 150, 173, 200, 230, 260, 300]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", [ZH, JA], ids=["zh", "ja"])
def test_no_line_starts_with_closing_punctuation_or_ends_with_opening(fonts, text, width):
    got = lines(text, width, fonts)
    assert re.sub(r"\s", "", "".join(got)) == re.sub(r"\s", "", text), "characters lost or added"
    for line in got[1:]:
        assert line[0] not in CANNOT_START, (line, got)
    for line in got[:-1]:
        assert line[-1] not in CANNOT_END, (line, got)


@pytest.mark.parametrize("width", WIDTHS)
def test_latin_words_inside_chinese_are_not_split(fonts, width):
    got = lines(ZH, width, fonts)
    for word in LATIN_WORDS:
        assert any(word in line for line in got), (word, got)


@pytest.mark.parametrize("width", [100, 150, 230])
def test_lines_are_full(fonts, width):
    """Greedy: a line ends only where the next unbreakable piece would not fit on it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text):
        return sum(stringWidth(c, "test-cjk" if ord(c) in fonts and not c.isascii() else "test-latin", 10)
                   for c in text)

    got = lines(ZH, width, fonts)
    for line, following in zip(got, got[1:]):
        cut = ([i for i in break_positions(following) if i > 0] or [len(following)])[0]
        piece = following[:cut]
        assert measure(line) + measure(piece) > width, (line, piece)


def test_reportlab_s_own_cjk_wrap_breaks_the_rules_ours_keeps(fonts):
    """Why cv-builder breaks CJK lines itself: ReportLab 5.1's wordWrap='CJK' starts lines
    with '，' and splits 'TensorFlow' (measured here, so that a ReportLab that gets it
    right shows up as a failure of this test, and the replacement can go)."""
    style = ParagraphStyle("cjk", fontName="test-cjk", fontSize=10, leading=14, wordWrap="CJK")
    bad_starts, split_words = 0, 0
    for width in WIDTHS:
        p = Paragraph(ZH, style)  # one font: ReportLab's single-fragment path
        p.wrap(width, 10_000)
        got = ["".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
               for line in p.blPara.lines]
        bad_starts += sum(line[:1] in CANNOT_START for line in got[1:] if line)
        split_words += sum(not any(w in line for line in got) for w in ("TensorFlow", "Microsoft"))
    assert bad_starts and split_words


@pytest.mark.parametrize("before, after, expected", [
    ("学", "习", True), ("学", "，", False), ("，", "主", True), ("（", "包", False), ("作", "（", True),
    ("o", "g", False), ("e", "和", True), ("和", "M", True), ("3", ".", False), (".", "9", False),
    ("」", "。", False), ("。", "熟", True), ("ン", "ー", False), ("シ", "ョ", False), (" ", "R", True),
    ("t", " ", False), ("\u00a0", "字", False),
])
def test_the_rule(before, after, expected):
    assert may_break(before, after) is expected


def test_break_positions():
    assert break_positions("北京大学") == [1, 2, 3]
    assert break_positions("在Google工作。") == [1, 7, 8]


# -- bold ---------------------------------------------------------------------------
def _ink(path) -> float:
    """The share of dark pixels on the first page (as rendered by pdfium)."""
    import pypdfium2

    image = pypdfium2.PdfDocument(str(path))[0].render(scale=3).to_pil().convert("L")
    histogram = image.histogram()
    return sum(histogram[:128]) / sum(histogram)


def test_synthetic_bold_is_visibly_bold_and_reads_the_same(fonts, tmp_path):
    """The CJK font has one weight: bold is drawn stroked (text render mode 2) by a text
    object that knows which font names are emboldened, as the renderer's does."""
    import pypdf
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject
    from reportlab.platypus import SimpleDocTemplate

    from cv_builder.lang.pdf import BOLD_STROKE, synthetic_bold

    pdfmetrics.registerFont(TTFont("test-cjk-bold", str(layout.family("droid-sans-fallback").path("regular"))))
    from reportlab.lib.fonts import addMapping

    addMapping("test-cjk", 0, 0, "test-cjk")
    addMapping("test-cjk", 1, 0, "test-cjk-bold")

    class Text(PDFTextObject):
        def _formatText(self, text):
            code = super()._formatText(text)
            return synthetic_bold(code, self._fontsize, self) if self._fontname == "test-cjk-bold" else code

    class BoldCanvas(Canvas):
        def beginText(self, x=0, y=0, direction=None):
            return Text(self, x, y, direction=direction)

    style = ParagraphStyle("cjk", fontName="test-cjk", fontSize=14, leading=20, wordWrap="CJK",
                           textColor="#1a4f8a")
    text = "北京大学计算机科学与技术系，机器学习研究"
    ink = {}
    for name, markup_ in (("regular", text), ("bold", f"<b>{text}</b>")):
        path = tmp_path / f"{name}.pdf"
        SimpleDocTemplate(str(path), pagesize=(400, 120), topMargin=20, bottomMargin=20).build(
            [CJKParagraph(markup_, style)], canvasmaker=BoldCanvas)
        ink[name] = _ink(path)
    assert ink["bold"] > ink["regular"] * 1.25, ink  # measured: about 1.5 times the ink
    content = pypdf.PdfReader(str(path)).pages[0].get_contents().get_data().decode("latin-1")
    assert f"{14 * BOLD_STROKE:g}".lstrip("0") + " w 2 Tr" in content and "0 Tr" in content
    assert ".101961 .309804 .541176 RG" in content  # stroked in the text's own colour
    page = pypdf.PdfReader(str(path)).pages[0].extract_text()
    assert re.sub(r"\s", "", page) == text  # the text layer of the bold paragraph is the same text


def test_after_bold_the_canvas_draws_as_before(fonts, tmp_path):
    """Render mode, line width and stroke colour are graphics state: they are put back."""
    from reportlab.pdfgen.canvas import Canvas

    from cv_builder.lang.pdf import synthetic_bold

    canvas = Canvas(str(tmp_path / "x.pdf"))
    canvas.setLineWidth(0.7)
    canvas.setStrokeColorRGB(0.2, 0.4, 0.6)
    text = canvas.beginText(10, 10)
    text.setFont("test-cjk", 10)
    text.setFillColorRGB(1, 0, 0)
    code = synthetic_bold("(x) Tj", 10, text)
    assert code == "1 0 0 RG .3 w 2 Tr (x) Tj 0 Tr .7 w .2 .4 .6 RG"
