"""The ReportLab pieces that set other scripts: right-to-left paragraphs, and bold
for a font that has no bold face.

Imported by the renderer's paragraphs (ReportLab is imported here at the top,
unlike the rest of :mod:`cv_builder.lang`); what a paragraph of left-to-right
text costs here is one look at its text.

- :class:`RTLLines`: a mixin for a ``Paragraph``. A paragraph with right-to-left
  letters, or any paragraph of a right-to-left CV (its style's ``cv_direction``
  is 'rtl'), is drawn in visual order: its lines are broken in logical order, as
  ReportLab does, and each line is reordered (:func:`cv_builder.lang.bidi.visual_runs`)
  only while the paragraph draws, so the lines a cache keeps, and a split across
  pages, stay logical. In a right-to-left CV its bullet hangs on the right. The text
  layer holds the glyphs in drawing order, as every PDF that shows right-to-left text
  does (see :mod:`cv_builder.lang.bidi` for how readers get the logical text back).
- :func:`draw_rtl_string`: the same for one string drawn on the canvas.
- :func:`synthetic_bold`: the PDF operators that draw text filled *and stroked*
  with a line of :data:`BOLD_STROKE` em (text render mode 2), the emboldening
  PDF readers apply to a font without a bold face. Used for the CJK fallback,
  which ships one weight (see fonts/droid-sans-fallback.yaml).
"""

from __future__ import annotations

from typing import Optional

from reportlab import rl_config
from reportlab.lib.colors import Color, toColor
from reportlab.lib.rl_accel import fp_str

from . import bidi

#: the width of the outline stroked around a synthetic bold glyph, as a share of the
#: type size: 0.03 em is what PDF readers use for a missing bold (pdf.js, Acrobat),
#: and at 10 pt the strokes of 国 or あ come out as thick as a real bold's
BOLD_STROKE = 0.03


class RTLLines:
    """A mixin for a ``Paragraph`` (before it in the bases): right-to-left text drawn in
    visual order, and a right-to-left CV's bullets on the right.

    The paragraph's direction: see :func:`direction`."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N802,N803 - ReportLab's names
        # A right-to-left CV's bullet is drawn on the right by drawPara; ReportLab would
        # draw it on the left, and narrow the first line to make room for it there.
        self._rtl_bullet = bulletText if bulletText and getattr(style, "cv_direction", None) == "rtl" else None
        super()._setup(text, style, None if self._rtl_bullet else bulletText, frags, cleaner)

    def split(self, availWidth, availHeight):  # noqa: N803
        parts = super().split(availWidth, availHeight)
        if parts and self.__dict__.get("_rtl_bullet"):
            parts[0]._rtl_bullet = self._rtl_bullet  # the bullet stays with the first part
            for part in parts[1:]:
                part._rtl_bullet = None
        return parts

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        default = getattr(self.style, "cv_direction", None)
        markup = self.__dict__.get("text")
        if default != "rtl" and type(markup) is str and not bidi.needs_bidi(markup):
            # (its markup has no right-to-left letter, so neither has any of its lines)
            return super().drawPara(debug)
        lines = self.blPara
        text = paragraph_text(lines)
        if default != "rtl" and not bidi.needs_bidi(text):
            return super().drawPara(debug)
        self.blPara = visual_lines(lines, direction(text, default))
        try:
            out = super().drawPara(debug)
        finally:
            self.blPara = lines
        if self.__dict__.get("_rtl_bullet"):
            self._draw_bullet_right(self._rtl_bullet)
        return out

    def _draw_bullet_right(self, bullet: str) -> None:
        """The bullet hanging on the right, its right edge ``bulletIndent`` in from the
        paragraph's, on the first baseline (where ReportLab sets it on the left).

        It follows its line in the content stream, joined to the line's end by an invisible
        space stretched across the gap (as :func:`cv_builder.render.flowables.join` joins a
        row): pdfminer.six makes a line only of characters that follow each other closely,
        and would read the bullet as a line of its own."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style, lines = self.style, self.blPara
        first = lines.lines[0] if lines.kind == 1 else lines
        ascent = first.fontSize if rl_config.paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize)
        y = self.height - ascent + getattr(style, "bulletOffsetY", 0)
        font, size = style.bulletFontName, style.bulletFontSize
        width = stringWidth(bullet, font, size)
        x, end = self.width - style.bulletIndent - width, self.width - style.rightIndent
        text = self.canv.beginText(end, y)
        text.setFont(font, size)
        space = stringWidth(" ", font, size)
        if space > 0 and x - end > space:
            text.setHorizScale(100 * (x - end) / space)
            text.textOut(" ")
            text.setHorizScale(100)
        text.setTextOrigin(x, y)
        text.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        text.textOut(bullet)
        self.canv.drawText(text)


def direction(text: str, default: Optional[str]) -> str:
    """A paragraph's direction. In a right-to-left CV (``default`` 'rtl'): right to left if it
    has a right-to-left letter ("Careem · يونيو 2015" starts at the right), else that of its
    first letter (an English title stays left to right inside, its full stop at its end).
    Otherwise that of its first strong letter (rules P2, P3: a Hebrew name in an English CV
    is right to left, an English sentence with a Hebrew word in it left to right)."""
    if default == "rtl" and bidi.has_rtl(text):
        return "rtl"
    return bidi.paragraph_direction(text, default) or "ltr"


def _line_text(line) -> str:
    if isinstance(line, tuple):  # kind 0: (extra space, [words])
        return " ".join(line[1])
    return "".join(getattr(w, "text", "") or "" for w in line.words)


def paragraph_text(lines) -> str:
    """A broken paragraph's text in logical order, its lines joined by spaces."""
    return " ".join(t for t in (_line_text(line).strip() for line in lines.lines) if t)


def visual_lines(lines, direction: Optional[str] = "rtl"):
    """A copy of a broken paragraph (ReportLab's ``blPara``) with each line's text in
    drawing order. A line of one font (kind 0) becomes one string; a line of styled
    fragments (kind 1) keeps each fragment's style on its letters."""
    out = []
    for line in lines.lines:
        if isinstance(line, tuple):
            text = " ".join(line[1])
            out.append((line[0], ["".join(c for _, c in bidi.visual_order(text, direction))]))
            continue
        empty = [w for w in line.words if not getattr(w, "text", "")]  # <br/>, anchors: no letters
        drawn = [w for w in line.words if getattr(w, "text", "")]
        words = bidi.visual_runs(drawn, lambda w: w.text, lambda w, t: w.clone(text=t), direction)
        out.append(line.clone(words=empty + words))
    return lines.clone(lines=out)


def draw_rtl_string(canvas, x: float, y: float, text: str, align: str = "right",
                    direction: Optional[str] = None) -> float:
    """Draw one line of logical text (shaped and reordered) with its right edge at x
    ('right'), its left edge ('left') or its centre ('centre'); returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    drawn = bidi.visual(text, direction)
    width = stringWidth(drawn, canvas._fontname, canvas._fontsize)
    left = x - width if align == "right" else x - width / 2 if align == "centre" else x
    canvas.drawString(left, y, drawn)
    return width


def _rgb(color) -> Optional[tuple]:
    if color is None:
        return None
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return tuple(color)
    color = toColor(color) if not isinstance(color, Color) else color
    return (color.red, color.green, color.blue) if hasattr(color, "red") else None


def synthetic_bold(code: str, font_size: float, text_object) -> str:
    """``code`` (the operators a text object made to draw some text) drawn emboldened:
    stroked in the text's own colour with a line of ``BOLD_STROKE`` × the type size, in
    text render mode 2 (fill, then stroke); afterwards the render mode, the line width
    and the stroke colour are the canvas's again (they are graphics state, which a text
    object cannot save with ``q``). The advance widths do not change, so the lines
    break as in regular; the text layer is the same text."""
    canvas = text_object._canvas
    fill = _rgb(getattr(text_object, "_fillColorObj", None) or canvas._fillColorObj) or (0, 0, 0)
    stroke = _rgb(canvas._strokeColorObj) or (0, 0, 0)
    width = font_size * BOLD_STROKE
    return (f"{fp_str(*fill)} RG {fp_str(width)} w 2 Tr {code} 0 Tr "
            f"{fp_str(canvas._lineWidth)} w {fp_str(*stroke)} RG")
