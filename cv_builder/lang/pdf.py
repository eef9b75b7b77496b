"""The ReportLab pieces that set other scripts: right-to-left paragraphs, and bold
for a font that has no bold face.

Imported by the renderer only for a CV that needs them (ReportLab is imported
here at the top, unlike the rest of :mod:`cv_builder.lang`).

- :class:`RTLLines`: a mixin for a ``Paragraph`` whose text is right to left. Lines
  are broken in logical order, as ReportLab does; each line is reordered for
  drawing (:func:`cv_builder.lang.bidi.visual_runs`) only while the paragraph draws,
  so the lines a cache keeps, and a split across pages, stay logical. The drawn
  glyphs are wrapped in an ``/ActualText`` span holding the logical text, so
  that the text layer reads in logical order where the reader honours it.
- :func:`draw_rtl_string`: the same for one string drawn on the canvas (a running
  head, a page number).
- :func:`synthetic_bold`: the PDF operators that draw text filled *and stroked*
  with a line of :data:`BOLD_STROKE` em (text render mode 2), the emboldening
  PDF readers apply to a font without a bold face. Used for the CJK fallback,
  which ships one weight (see fonts/droid-sans-fallback.yaml).
"""

from __future__ import annotations

from typing import Optional

from reportlab.lib.colors import Color, toColor
from reportlab.lib.rl_accel import fp_str

from . import bidi

#: the width of the outline stroked around a synthetic bold glyph, as a share of the
#: type size: 0.03 em is what PDF readers use for a missing bold (pdf.js, Acrobat),
#: and at 10 pt the strokes of 国 or あ come out as thick as a real bold's
BOLD_STROKE = 0.03


class RTLLines:
    """A mixin for a ``Paragraph`` (before it in the bases): its lines drawn in visual
    order, its logical text in the text layer. ``direction`` is the paragraph's base
    direction: 'rtl' (the CV's language is right to left) or None (from its first
    strong letter)."""

    direction: Optional[str] = "rtl"

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        lines = self.blPara
        self.blPara = visual_lines(lines, self.direction)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = lines


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
