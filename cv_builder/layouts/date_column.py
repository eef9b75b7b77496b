"""A date column: dates in a column beside the text, on the left (``side: left``,
moderncv's arrangement) or on the right (RenderCV's). Section titles span the page
with their rules, or, with a bar (``section_title: {bar: true}``, on the left),
stand in the text column with the bar in the date column. The name spans the page;
the intro and the contact line keep to the text column.

The text column is narrower than the page, which keeps lines at a comfortable
length (60 to 90 characters) with no change of type size.
"""

from __future__ import annotations


from reportlab.platypus import Flowable, KeepTogether

from ..model import doc
from ..record import record
from ..render.flowables import Block, ColumnRow, Columns, Row, SectionTitle, Shift, Together
from . import register
from .base import Layout, Options


@record
class DateColumnOptions(Options):
    """Where the dates stand: a column on the left or the right, at least this wide."""

    side: str = doc("left (moderncv) or right (RenderCV) of the text", "left", enum=["left", "right"])
    width: float = doc("the date column's width, as a fraction of the text width (wider if a date needs it)",
                       0.16, minimum=0.08, maximum=0.35)
    gap: float = doc("the space between the date column and the text, in multiples of the body size", 1.6,
                     minimum=0.5, maximum=4)


@register
class DateColumn(Layout):
    name = "date-column"
    Options = DateColumnOptions
    place_with_dates = False  # the column holds dates only

    @property
    def gap(self) -> float:
        return round(self.theme.size("body") * self.opts.gap, 2)

    @property
    def indent(self) -> float:
        """Where the text column starts."""
        return self.date_col + self.gap

    def date_width(self) -> float:
        return max(super().date_width(), round(self.theme.width * self.opts.width, 2))

    @property
    def start(self) -> bool:
        """Whether the date column stands where lines start (the look's ``side: left``)."""
        return self.opts.side == "left"

    @property
    def left(self) -> bool:
        """Whether the date column stands at the left of the page: where lines start, or
        in a right-to-left CV where they end (the look mirrored)."""
        return self.start != self.theme.rtl

    def row(self, left, right, space_before: float = 0) -> Flowable:
        if self.left:
            return ColumnRow(left, right, self.date_col, self.gap, space_before)
        return Row(left, right, self.date_col, self.gap, space_before)

    def header(self, width=None) -> list[Flowable]:
        """The name (and headline) across the page; the intro and contact details as wide as the
        text column (lines as long as its lines), under the name at the margin where it starts:
        indented, they would be read as a column of their own, after the first section's title."""
        return [Shift(f, self.indent, from_right=not self.theme.rtl)
                if getattr(getattr(f, "style", None), "name", "") in ("intro", "contact") else f
                for f in super().header(width)]

    def title(self, section, title) -> SectionTitle:
        """On the left, with a bar: the title in the text column, the bar in the date column;
        else the title (and its rule) across the page."""
        heading = super().title(section, title)
        if not (self.start and self.look.section_title.bar):
            return heading
        heading.indent = self.indent
        heading.bar = self.date_col
        heading.bar_color = self.theme.colors["accent"]
        return heading

    def section(self, section) -> list[Flowable]:
        """The section's text in the text column: what is not a row with a date moves in."""
        return [self._in_column(f) for f in super().section(section)]

    def _in_column(self, f: Flowable) -> Flowable:
        if type(f) is (ColumnRow if self.left else Row) or isinstance(f, (SectionTitle, Shift)) or (
                not self.start and isinstance(f, Columns)):
            return f  # a row with a date spans both columns (a row of another kind moves in)
        if isinstance(f, KeepTogether):
            inner = [self._in_column(g) for g in f._content]
            block = Block(inner, head=f.head, items=f.items) if isinstance(f, Block) else Together(inner)
            for attr in ("cv_key", "cv_keys"):
                if hasattr(f, attr):
                    setattr(block, attr, getattr(f, attr))
            return block
        return Shift(f, self.indent, from_right=not self.left)
