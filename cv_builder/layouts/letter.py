"""A cover letter, in the look of the CV it goes with.

``cv-builder letter`` sets the letter (:class:`cv_builder.model.Letter`, made whole
for its application by :mod:`cv_builder.letter`) over the CV's look: the look's
fonts, colours, sizes and spacing stay as they are, and so does its grid, which
is the look's own structure (one column, a date column, a sidebar). This class
holds an instance of that structure's class (``grid``) and takes from it

- the header: name, headline and contact details, drawn by the same code as the
  CV's (:meth:`~cv_builder.layouts.base.Layout.header`; the intro paragraph is the
  CV's business, not the letter's);
- the text column: the letter's text stands where the CV's entries do (beside a
  date column, its text column; beside a sidebar, the main column);
- a sidebar's contact details, title and tinted band, beside the letter.

Its regions hold the letter's parts (the recipient, the date, the subject, the
salutation, the paragraphs, the closing and the signature), so the one-page fitter
of :mod:`cv_builder.fit` fits a letter as it fits a CV: spacing first, then type,
down to the look's one-page floors. Nothing of a letter is ever left out.
"""

from __future__ import annotations

import dataclasses
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable, FrameBreak, PageTemplate

from ..errors import CVError, Problem
from ..model import Day
from ..render.flowables import Para
from . import CLASSES, register
from .base import Layout, Options, Region
from .date_column import DateColumn
from .sidebar import Sidebar


@dataclass
class LetterOptions(Options):
    """A letter over a look (``cv-builder letter`` sets it; a look file does not)."""

    grid: Any = field(default=None, metadata={"doc": "the structure of the CV's look: the letter's grid (one "
                                                     "column when not given)", "internal": True})


@register
class Letter(Layout):
    """The letter's parts in the text column of the CV's grid, under the CV's header."""

    name = "letter"
    Options = LetterOptions
    in_looks = False  # set over a look by `cv-builder letter`, never named by one

    def __init__(self, cv, look, theme, inline):
        super().__init__(cv, look, theme, inline)
        if cv.letter is None:
            raise CVError([Problem("there is no letter to set", hint="add `letter:` to the data (see the README)")])
        grid = self.opts.grid or Options(name="one-column")
        # the sender: the CV's header without its intro; a sidebar is given no sections (it would
        # set the CV's beside the letter), the others keep them (a date column is as wide as its dates)
        header = dataclasses.replace(cv.header, intro=None)
        sender = dataclasses.replace(cv, header=header, sections=[] if CLASSES[grid.name] is Sidebar
                                     else cv.sections)
        self.grid = CLASSES[grid.name](sender, dataclasses.replace(look, structure=grid), theme, inline)

    def date_width(self) -> float:
        return 0.0  # (the grid has the date column, if any)

    # -- the letter's parts ------------------------------------------------------------
    def header(self, width=None) -> list[Flowable]:
        return self.grid.header(width)

    def parts(self) -> list[Flowable]:
        """Recipient, date, subject, salutation, paragraphs, closing, signature: each a
        paragraph in the look's styles, spaced as a letter is, in lines of its text (a blank
        line between its blocks, half of one between paragraphs, three to sign in: whole half
        lines, the look's grid):
        the same rhythm in every look, the compact ones too; a fitter scales the spacing."""
        letter, t, inline = self.cv.letter, self.theme, self.inline
        body = t["body"]
        out: list[Flowable] = []

        def add(markup: str, style, lines: float) -> None:
            p = Para(markup, style)
            # on the look's grid: whole half lines of its text (which a fitter scales)
            p.spaceBefore = round(lines * 2) * t.unit if out else 0
            out.append(p)

        recipient = letter.recipient
        lines = [x for x in ([recipient.name, recipient.organisation, *(recipient.address or [])]
                             if recipient else []) if x]
        for i, line in enumerate(lines):
            add(inline.text(line), body, 0 if i else 1)
        date = copy(body)  # at the end of the line: the right, the left in a right-to-left letter
        date.name, date.alignment = "letter-date", TA_LEFT if t.rtl else TA_RIGHT
        add(inline.chars(self.cv.language.day((letter.date or Day(today=True)).date())), date, 1)
        if letter.subject:
            add(inline.text(letter.subject), t["org"], 1)
        if letter.salutation:
            add(inline.text(letter.salutation), body, 1)
        for paragraph in letter.paragraphs or []:
            add(inline.text(paragraph.text), body, 0.5)
        if letter.closing:
            add(inline.text(letter.closing), body, 1)
        # room to sign by hand: three lines (at the tightest spacing, 2.7)
        add(inline.text(letter.signature) if letter.signature else inline.chars(self.cv.name), body, 0)
        out[-1].spaceBefore = 6 * t.unit  # three lines
        out[0].spaceBefore = 4 * t.unit  # below the header: two blank lines
        return out

    def aside(self) -> list[Flowable]:
        """What stands beside the letter: a sidebar's contact details (its title and lines)."""
        return self.grid.contact() if isinstance(self.grid, Sidebar) else []

    # -- the page ------------------------------------------------------------------------
    def _header_height(self) -> float:
        """A sidebar's header: its frame's height (the sidebar's own measure of it)."""
        return self.grid._parts()[1]

    def regions(self) -> list[Region]:
        t = self.theme
        if isinstance(self.grid, Sidebar):
            below = t.height - self._header_height()
            return [Region("main", self.parts(), self.grid.main_width, below, t.height),
                    Region("sidebar", self.aside(), self.grid.side_width, below, 0)]
        parts = self.parts()
        if isinstance(self.grid, DateColumn):  # in the text column, beside the column of dates
            parts = [self.grid._in_column(f) for f in parts]  # (to its left in a right-to-left letter)
        return [Region("main", self.header() + parts, t.width, t.height, t.height)]

    def story(self) -> list[Flowable]:
        regions = self.regions()
        if isinstance(self.grid, Sidebar):
            main, side = regions
            return [*self.grid._parts()[0], FrameBreak(), *side.flowables, FrameBreak(), *main.flowables]
        return regions[0].flowables

    def templates(self) -> list[PageTemplate]:
        return self.grid.templates()

    def reading_order(self) -> list:
        return []

    def metadata(self) -> dict:
        """The PDF's title and subject are the letter's: 'Name – Cover letter'; 'Anschreiben
        (Bewerbung: Ingenieurin bei Beispiel GmbH)' for an application, else its subject line."""
        from ..render.document import metadata

        cv, letter, language = self.cv, self.cv.letter, self.cv.language
        variant, recipient = cv.variant, letter.recipient
        organisation = (variant.organisation if variant else None) or \
            (recipient.organisation.plain if recipient and recipient.organisation else None)
        target = language.target(variant.role if variant else None, organisation)
        if target:
            subject = language.subject(language.letter, target)
        else:
            subject = letter.subject.plain if letter.subject else language.letter
        info = metadata(cv)  # the CV's, with the letter's title, subject and first keyword
        keywords = [language.letter, *info["keywords"].split(", ")[1:]]
        return dict(info, title=f"{cv.name} – {language.letter}", subject=subject, keywords=", ".join(keywords))
