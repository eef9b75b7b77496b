"""The few flowables ReportLab lacks: a section title with its rule, a row
with text on the left and a right-aligned column, and a row of figures."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.platypus import Flowable, Paragraph


class Para(Paragraph):
    """A ragged-right paragraph that avoids a runt: when its last line holds a
    lone short word, it is set a little narrower so that the word has company."""

    RUNT = 0.14  # a last line shorter than this share of the width is a runt

    def wrap(self, aw, ah):
        w, h = super().wrap(aw, ah)
        if self.style.alignment != 0 or not self._runt(aw):
            return w, h
        for factor in (0.97, 0.94, 0.91, 0.88):
            _, h2 = super().wrap(aw * factor, ah)
            if h2 <= h and not self._runt(aw):
                self.width = aw
                return aw, h2
        return super().wrap(aw, ah)

    def _runt(self, aw) -> bool:
        widths = self.getActualLineWidths0()
        return len(widths) > 1 and widths[-1] < aw * self.RUNT


class SectionTitle(Flowable):
    """'Experience ────────': the title, then a thin rule to the right margin.

    It adds its own outline entry (``key`` names the destination) when drawn.
    """

    def __init__(self, title: str, markup: str, style, rule_color, space_before: float,
                 space_after: float, key: str):
        super().__init__()
        self.title = title
        self.para = Paragraph(markup, style)
        self.style = style
        self.rule_color = rule_color
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.key = key

    def wrap(self, aw, ah):
        self.aw = aw
        _, self.ph = self.para.wrap(aw, ah)
        self.width, self.height = aw, self.ph
        return self.width, self.height

    def draw(self):
        # the outline entry points just above the title
        self.canv.bookmarkHorizontal(self.key, 0, self.height + self.style.fontSize * 0.5)
        self.canv.addOutlineEntry(self.title, self.key, level=0)
        self.para.drawOn(self.canv, 0, 0)
        widths = self.para.getActualLineWidths0() or [0]
        x0 = widths[-1] + self.style.fontSize * 0.55
        if x0 < self.aw - 10:
            y = self.style.fontSize * 0.32  # about half the x-height above the baseline
            base = self.ph - getAscent(self.style.fontName, self.style.fontSize)
            self.canv.saveState()
            self.canv.setStrokeColor(self.rule_color)
            self.canv.setLineWidth(0.6)
            self.canv.line(x0, base + y, self.aw, base + y)
            self.canv.restoreState()

    def split(self, aw, ah):
        return []


class Row(Flowable):
    """Text on the left, a right-aligned column on the right, first baselines level.

    ``right_width`` fixes the column (so dates line up down the page); without
    it the column is as wide as its text.
    """

    def __init__(self, left: Paragraph | None, right: Paragraph | None, right_width: float | None = None,
                 gap: float = 8, space_before: float = 0):
        super().__init__()
        self.left = left
        self.right = right
        self.right_width = right_width
        self.gap = gap
        self.spaceBefore = space_before

    def _right_natural(self) -> float:
        if self.right is None:
            return 0
        st = self.right.style
        text = self.right.getPlainText()
        return stringWidth(text, st.fontName, st.fontSize) + 0.5

    def wrap(self, aw, ah):
        rw = self.right_width if self.right_width is not None else self._right_natural()
        rw = min(max(rw, self._right_natural()), aw * 0.45) if self.right is not None else 0
        self.rw = rw
        lw = aw - rw - (self.gap if self.right is not None else 0)
        self.lh = self.left.wrap(lw, ah)[1] if self.left is not None else 0
        self.rh = self.right.wrap(rw, ah)[1] if self.right is not None else 0
        self.aw = aw
        self.width = aw
        # draw() lowers the part with the smaller first line to level the baselines: count that in,
        # or a wrapped right column (a long headline beside the name) runs into what follows
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        self.height = max(self.lh + (max(ra - la, 0) if self.right is not None else 0),
                          self.rh + (max(la - ra, 0) if self.left is not None else 0))
        return self.width, self.height

    def _ascent(self, para: Paragraph) -> float:
        return getAscent(para.style.fontName, para.style.fontSize)

    def draw(self):
        # Paragraph puts its first baseline one ascent below its top: level them.
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        top = self.height

        def left():
            self.left.drawOn(self.canv, 0, top - self.lh - max(ra - la, 0))

        def right():
            shift = max(la - ra, 0) if self.left is not None else 0
            self.right.drawOn(self.canv, self.aw - self.rw, top - self.rh - shift)

        # The text layer follows drawing order: a date beside a long text is
        # drawn first, so that it is read with its text, not after it.
        order = [left, right]
        if self.left is not None and self.right is not None and len(getattr(self.left, "blPara").lines) > 1:
            order.reverse()
        for part in order:
            if part is left and self.left is None or part is right and self.right is None:
                continue
            part()

    def split(self, aw, ah):
        """A left text taller than a page splits; the right column stays on the first part."""
        if self.left is None:
            return []
        self.wrap(aw, ah)
        lw = aw - self.rw - (self.gap if self.right is not None else 0)
        parts = self.left.split(lw, ah)
        if len(parts) < 2:
            return []
        first = Row(parts[0], self.right, self.right_width, self.gap, self.spaceBefore)
        rest = Row(parts[1], None, self.right_width, self.gap)
        return [first, rest]


class Columns(Flowable):
    """Cells side by side in equal columns (headline figures), drawn column by column
    so that each cell's text stays together in the text layer."""

    def __init__(self, cells: list[list[Paragraph]], gap: float = 10, space_before: float = 0):
        super().__init__()
        self.cells = cells
        self.gap = gap
        self.spaceBefore = space_before

    def wrap(self, aw, ah):
        n = max(len(self.cells), 1)
        self.cw = (aw - self.gap * (n - 1)) / n
        self.heights = []
        for cell in self.cells:
            self.heights.append([p.wrap(self.cw, ah)[1] for p in cell])
        self.width = aw
        self.height = max((sum(h) for h in self.heights), default=0)
        return self.width, self.height

    def draw(self):
        for i, cell in enumerate(self.cells):
            x = i * (self.cw + self.gap)
            y = self.height
            for para, h in zip(cell, self.heights[i]):
                y -= h
                para.drawOn(self.canv, x, y)

    def split(self, aw, ah):
        return []
