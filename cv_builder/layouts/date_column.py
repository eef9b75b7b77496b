"""A date column: dates in a column on the left, the text in a column beside it
(moderncv's arrangement). The header spans the page; section titles stand in
the text column, with a bar in the date column when the look asks for one.

The text column is narrower than the page, which keeps lines at a comfortable
length with no change of type size.
"""

from __future__ import annotations


from reportlab.platypus import Flowable, KeepTogether

from ..model import doc
from ..record import record
from ..render.flowables import ColumnRow, Row, SectionTitle, Shift, Together
from . import register
from .base import Layout, Options


@record
class DateColumnOptions(Options):
    """Where the dates stand: a column on the left, at least this wide."""

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

    def row(self, left, right, space_before: float = 0) -> Flowable:
        if self.theme.rtl:  # the date column on the right, the text to its left: the mirror
            return Row(left, right, self.date_col, self.gap, space_before)
        return ColumnRow(left, right, self.date_col, self.gap, space_before)

    def title(self, section, title) -> SectionTitle:
        heading = super().title(section, title)
        heading.indent = self.indent
        if self.look.section_title.bar:
            heading.bar = self.date_col
            heading.bar_color = self.theme.colors["accent"]
        return heading

    def section(self, section) -> list[Flowable]:
        """The section's text in the text column: what is not a row with a date moves in."""
        return [self._in_column(f) for f in super().section(section)]

    def _in_column(self, f: Flowable) -> Flowable:
        if type(f) is (Row if self.theme.rtl else ColumnRow) or isinstance(f, (SectionTitle, Shift)):
            return f  # a row with a date spans both columns (a row of another kind moves in)
        if isinstance(f, KeepTogether):
            block = Together([self._in_column(g) for g in f._content])
            for attr in ("cv_key", "cv_keys"):
                if hasattr(f, attr):
                    setattr(block, attr, getattr(f, attr))
            return block
        return Shift(f, self.indent, from_right=self.theme.rtl)
