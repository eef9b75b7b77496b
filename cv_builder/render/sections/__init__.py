"""One renderer per section kind.

A renderer turns a section's items into flowables. The first flowable it
returns is kept on the same page as the section title. Each renderer lives in
its own module here and registers itself with :func:`renderer`; adding a
section kind is one module plus its import below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.platypus import Flowable, Paragraph

from ...layout import SectionOptions
from ...model import CV, Section
from ..flowables import Para, Together
from ..inline import Inline
from ..theme import Theme

RENDERERS: dict[str, Callable] = {}


def renderer(kind: str):
    def register(fn):
        RENDERERS[kind] = fn
        return fn
    return register


@dataclass
class Context:
    """What a renderer may use: the theme, text conversion, the CV, its options."""

    theme: Theme
    inline: Inline
    cv: CV
    options: SectionOptions
    date_col: float  # width of the date column
    layout: object = None  # the layout class placing the section (cv_builder.layouts)

    def para(self, markup: str, style: str, **kw) -> Paragraph:
        return Para(markup, self.theme[style], **kw)

    def row(self, left, right, space_before: float = 0) -> Flowable:
        """Text with its date (a year, a period) in the layout's date column."""
        return self.layout.row(left, right, space_before)

    def text(self, value, short=None) -> str:
        """Markup for a text, or for its short form when the layout asks for it."""
        if self.options.short and short:
            return self.inline.text(short)
        return self.inline.text(value)


def keyed(flowables: list[Flowable], key: tuple) -> list[Flowable]:
    """Mark flowables with the item they show, so a fitter can measure and drop items."""
    for f in flowables:
        f.cv_key = key
    return flowables


def grid(cells: list[list[Paragraph]], index: int, ctx: Context, columns: int, row_gap: float) -> list[Flowable]:
    """Cells (one per item) in rows of equal columns, each row read left to right.

    A row is marked with the items it shows, so that a fitter can charge each
    item its share of the row."""
    from ..flowables import Columns

    rows = []
    columns = max(1, min(columns, len(cells)))  # three figures spread over the width, not 3 of 4 columns
    for r in range(0, len(cells), columns):
        part = cells[r:r + columns]
        row = Columns(part + [[]] * (columns - len(part)), gap=ctx.theme.size("body"),
                      space_before=row_gap if r else 0)
        row.cv_keys = [(index, i, None) for i in range(r, r + len(part))]
        row.cv_key = row.cv_keys[0]
        rows.append(row)
    return rows


def together(flowables: list[Flowable], key: tuple) -> Flowable:
    """One item's flowables, kept on one page (when it fits on one)."""
    keyed([f for f in flowables if not hasattr(f, "cv_key")], key)
    if len(flowables) == 1:
        return flowables[0]
    block = Together(flowables)
    block.cv_key = key
    return block


def render(section: Section, index: int, ctx: Context) -> list[Flowable]:
    return RENDERERS[section.kind](section, index, ctx)


from . import entries, figures, projects, publications, tags, text, timeline  # noqa: E402,F401  (registration)
