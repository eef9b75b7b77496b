"""A sidebar beside a main column: the header across the top of the first page,
then a narrow sidebar (contact, figures, skills, languages — what the look's
``structure.sections`` picks) beside the main column (everything else).

The two columns are two frames of the first page, filled in reading order:
the header, the sidebar, the main column. The sidebar holds what fits beside
the first page's main column; a sidebar section that does not fit there is set
at the end of the main column instead (a fitter sees the same split). Later
pages keep the main column where it is, so every line has the same measure.
"""

from __future__ import annotations

import math

from reportlab.platypus import Flowable, FrameBreak, PageTemplate

from ..look import chosen
from ..model import doc
from ..record import record
from ..render.flowables import Para, SectionTitle, Shift, stacked
from . import register
from .base import Layout, Options, Region


@record
class SidebarOptions(Options):
    """The sidebar: its side, width, what it holds, and its tint."""

    side: str = doc("left or right", "left", enum=["left", "right"])
    width: float = doc("the sidebar's width, as a fraction of the text width", 0.3, minimum=0.15, maximum=0.45)
    gap: float = doc("the space between sidebar and main column, in multiples of the body size", 2.2,
                     minimum=0.5, maximum=6)
    sections: list[str] = doc("the sections the sidebar holds: ids, or `kind:NAME` for every section of a kind",
                              factory=lambda: ["kind:figures", "kind:tags"])
    contact_title: str = doc("the title over the contact details, which head the sidebar, one a line "
                             "(unless the look's `header.contact` is `line`: then they stay under the name); "
                             "empty: the word of the CV's language (Contact, Kontakt, 連絡先)", "")
    tint: bool = doc("the sidebar on a tinted band (the look's `background` colour) to the page's edge", True)


@register
class Sidebar(Layout):
    name = "sidebar"
    Options = SidebarOptions

    # -- geometry ---------------------------------------------------------------------
    @property
    def side(self) -> str:
        """The sidebar's side: the look's, mirrored in a right-to-left CV (whose pages are
        read from the right: the main column starts there)."""
        side = self.opts.side
        return {"left": "right", "right": "left"}[side] if self.theme.rtl else side

    @property
    def gap(self) -> float:
        return round(self.theme.size("body") * self.opts.gap, 2)

    @property
    def side_width(self) -> float:
        return round(self.theme.width * self.opts.width, 2)

    @property
    def drop(self) -> float:
        """How much lower the sidebar starts than the main column: more than half a section title.
        Level columns (two titles side by side, then two texts starting on one line) are a table
        to pdftotext (poppler), which reads a table row by row: title, title, text, text — the
        main column's first paragraph inside the sidebar. Columns starting apart are read apart:
        the sidebar keeps a grid of its own, half a grid unit (a quarter line) off the main
        column's, so that no line of one is level with a line of the other."""
        t = self.theme
        return (math.ceil(0.55 * t.size("section") / t.unit - 1e-6) + 0.5) * t.unit

    @property
    def main_width(self) -> float:
        return self.theme.width - self.side_width - self.gap

    def _x(self) -> tuple[float, float]:
        """The left edges of the sidebar and the main column."""
        t = self.theme
        if self.side == "left":
            return t.margin_x, t.margin_x + self.side_width + self.gap
        return t.margin_x + self.main_width + self.gap, t.margin_x

    # -- content ----------------------------------------------------------------------
    def header(self, width=None) -> list[Flowable]:
        """The header across the page; its paragraphs (the intro) as wide as the main column,
        which keeps their lines as short as the main column's."""
        return [Shift(f, 0, self.side_width + self.gap) if isinstance(f, Para) and f.style.name in ("intro", "contact")
                else f for f in super().header(width)]

    def contact_block(self) -> list[Flowable]:
        """Under the name only as one line; else the sidebar has them."""
        return super().contact_block() if self.look.header.contact == "line" else []

    def contact(self) -> list[Flowable]:
        """The contact details heading the sidebar, one a line."""
        items = self.contact_items()
        if self.look.header.contact == "line" or not items:
            return []
        t = self.theme
        title = self.opts.contact_title or self.cv.language.contact
        heading = SectionTitle(title, self.inline.chars(title), t["section"], t.colors["rule"], 0,
                               t.space("section_after"), "contact", rule_at=self.look.section_title.rule,
                               rule_width=self.look.section_title.rule_width)
        heading.cv_key = ("header",)
        lines = [Para(item, t["contact"]) for item in items]
        for p in lines:
            p.cv_key = ("header",)
        return [heading, *lines]

    def reading_order(self) -> list:
        self._parts()
        return self._order

    def _parts(self) -> tuple[list[Flowable], float, list[Flowable], list[Flowable]]:
        """(header, its height, sidebar, main column) at this scale."""
        known = self.__dict__.get("_split")
        if known is not None:
            return known
        header = self.header()
        t = self.theme
        # the header's frame, to the grid: the columns under it start on a grid line
        height = math.ceil((stacked(header, t.width, t.height) + header[-1].getSpaceAfter()) / t.unit - 1e-6) * t.unit
        taken: set = set()
        side_sections = chosen(self.cv, self.opts.sections, taken)
        main_sections = [s for s in chosen(self.cv, self.look.sections) if id(s) not in taken]
        room = t.height - height - self.drop
        side = self.contact()
        moved = []
        for s in side_sections:
            flowables = self.section(s)
            more = stacked(side + flowables, self.side_width, room)
            if moved or more > room:
                moved.append(s)  # keeps the sidebar's order: what follows a section that moved moves too
                continue
            side += flowables
        main = self.sections(main_sections + moved)
        self._order = [s for s in side_sections if s not in moved] + main_sections + moved
        self._split = (header, height, side, main)
        return self._split

    # -- pages ------------------------------------------------------------------------
    def regions(self) -> list[Region]:
        header, height, side, main = self._parts()
        t = self.theme
        return [Region("main", main, self.main_width, t.height - height, t.height),
                Region("sidebar", side, self.side_width, t.height - height - self.drop, 0)]

    def story(self) -> list[Flowable]:
        header, _, side, main = self._parts()
        return [*header, FrameBreak(), *side, FrameBreak(), *main]

    def templates(self) -> list[PageTemplate]:
        t = self.theme
        _, height, _, _ = self._parts()
        side_x, main_x = self._x()
        below = t.height - height
        first = [self.frame(t.margin_x, t.margin_bottom + below, t.width, height, "header"),
                 self.frame(side_x, t.margin_bottom, self.side_width, below - self.drop, "sidebar"),
                 self.frame(main_x, t.margin_bottom, self.main_width, below, "main")]
        later = [self.frame(main_x, t.margin_bottom, self.main_width, t.height, "main")]
        return [PageTemplate("first", first, onPage=self.on_first_page, autoNextPageTemplate="later"),
                PageTemplate("later", later, onPage=self.on_later_page)]

    def tint(self, canv, top: float) -> None:
        """The sidebar's band, from the page's edge to half the gap past the sidebar, up to ``top``."""
        if not self.opts.tint:
            return
        t = self.theme
        side_x, _ = self._x()
        pad = self.gap / 2
        x0 = 0 if self.side == "left" else side_x - pad
        x1 = side_x + self.side_width + pad if self.side == "left" else t.pagesize[0]
        canv.saveState()
        canv.setFillColor(t.colors["background"])
        canv.rect(x0, 0, x1 - x0, top, stroke=0, fill=1)
        canv.restoreState()

    def on_first_page(self, canv, doc) -> None:
        t = self.theme
        _, height, _, _ = self._parts()
        self.tint(canv, t.pagesize[1] - t.margin_top - height + t.space("header_after") / 2)
        self.on_page(canv, doc)

    def on_later_page(self, canv, doc) -> None:
        """The band goes on under the running head, so that the columns read as the page's grid."""
        t = self.theme
        self.tint(canv, t.pagesize[1] - t.margin_top + t.space("section_before") / 2)
        self.on_page(canv, doc)
