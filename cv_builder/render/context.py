"""What a section renderer is given: the one way a kind reaches the page.

The renderers of :mod:`cv_builder.kinds` import neither ReportLab nor
``cv_builder.render``; everything they set goes through a :class:`Context`:
paragraphs in the theme's styles, text as markup, rows of text and date,
grids of cells, and the keys that let the fitter measure and drop items.
"""

from __future__ import annotations

import dataclasses

from reportlab.platypus import Flowable, Paragraph

from ..look import SectionOptions
from ..model import CV
from ..record import record
from .flowables import Block, Columns, Para, clearance, on_grid
from .inline import Inline
from .theme import Theme


#: English words for an ongoing end, which the PDF prints as one ("Present")
ONGOING = {"present", "now", "today", "current", "ongoing"}


def ongoing(end):
    """An ongoing end written as an English word (`now`, `today`) as the one word the CV
    uses for it; a word of another language (`heute`) is left as written."""
    if end is not None and end.present and end.label and end.label.casefold() in ONGOING:
        return dataclasses.replace(end, label="")
    return end


@record
class Context:
    """What a renderer may use: the theme, text conversion, the CV, its options."""

    theme: Theme  # sizes and spaces: theme.size(name), theme.space(name)
    inline: Inline  # markup: inline.chars / text / link / join
    cv: CV
    options: SectionOptions  # how the layout sets this section (style, columns, short, details)
    date_col: float  # width of the date column
    layout: object = None  # the layout class placing the section (cv_builder.layouts)

    def para(self, markup: str, style: str, **kw) -> Paragraph:
        """A paragraph of markup in one of the theme's styles (body, detail, date, …)."""
        return Para(markup, self.theme[style], **kw)

    def bullet(self, markup: str) -> Paragraph:
        """A bulleted paragraph, with the look's bullet mark hanging in the indent."""
        return Para(markup, self.theme["bullet"], bulletText=self.theme.look.bullets.mark)

    def text(self, value, short=None) -> str:
        """Markup for a text, or for its short form when the layout asks for it (and a
        fitter has not given the long form back: the layout's ``long``)."""
        if self.options.short and short and id(short) not in getattr(self.layout, "long", ()):
            return self.inline.text(short)
        return self.inline.text(value)

    def row(self, left: Paragraph, right: Paragraph | None, space_before: float = 0) -> Flowable:
        """A text and its date (a year, a period) in the layout's date column: the layout class
        makes every such row, so that it can stand the dates left or right."""
        return self.layout.row(left, right, space_before)

    def clearance(self, above: str, below: str) -> float:
        """The least space between a line set in style ``above`` and the next in ``below`` for text
        extractors not to see their lines overlap (see :func:`.flowables.clearance`), kept to the grid."""
        style = self.theme[below]
        return on_grid(clearance(self.theme[above], style), style)

    @property
    def place_with_dates(self) -> bool:
        """Whether an entry's place may stand beside its dates (not where the dates have a
        narrow column of their own)."""
        return self.layout.place_with_dates

    def date_range(self, start, end) -> str:
        """'Sep 2024 – Present', 'Sept. 2024 – heute', '2024年9月 – 至今': a period in the CV's
        language (:meth:`cv_builder.lang.Language.date_range`), an ongoing end in one word all
        through the CV, however the data writes it (present, now, today, …; see :func:`ongoing`)."""
        return self.cv.language.date_range(start, ongoing(end))

    def date(self, d) -> str:
        """One date (a year, a month) in the CV's language: '2024', '2024年'."""
        return self.cv.language.date(d) if d else ""

    def styled(self, markup: str, style: str) -> str:
        """Markup set in another style's face and colour, inside a paragraph (a place on a title's line)."""
        spec = self.theme.look.styles[style]
        return f'<font name="{self.theme.font(style)}" color="{self.theme.hex[spec.color]}">{markup}</font>'

    def beside(self, left: Paragraph, right: Paragraph | None) -> Flowable:
        """A text with a shorter one beside it at the right, as wide as it is (a role and its place):
        the layout class sets it, as it sets rows (a plain line, where its dates stand inline)."""
        return self.layout.beside(left, right)

    @staticmethod
    def keyed(flowables: list[Flowable], key: tuple) -> list[Flowable]:
        """Mark flowables with the item they show, so a fitter can measure and drop items."""
        for f in flowables:
            f.cv_key = key
        return flowables

    def together(self, flowables: list[Flowable], key: tuple, head: int = 1) -> Flowable:
        """One item's flowables, its first ``head`` of them its header: it breaks across
        pages only after the header and two lines, leaving two for the next page
        (:class:`~.flowables.Block`)."""
        self.keyed([f for f in flowables if not hasattr(f, "cv_key")], key)
        block = Block(flowables, head=min(head, len(flowables)))
        block.cv_key = key
        return block

    def grid(self, cells: list[list[Paragraph]], index: int, columns: int, row_gap: float) -> list[Flowable]:
        """Cells (one per item) in rows of equal columns, each row read left to right.

        A row is marked with the items it shows, so that a fitter can charge each
        item its share of the row."""
        rows = []
        columns = max(1, min(columns, len(cells)))  # three figures spread over the width, not 3 of 4 columns
        for r in range(0, len(cells), columns):
            part = cells[r:r + columns]
            row = Columns(part + [[]] * (columns - len(part)), gap=self.theme.size("body"),
                          space_before=row_gap if r else 0, mirror=self.theme.rtl)
            row.cv_keys = [(index, i, None) for i in range(r, r + len(part))]
            row.cv_key = row.cv_keys[0]
            rows.append(row)
        return rows
