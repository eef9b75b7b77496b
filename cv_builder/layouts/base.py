"""What every layout class shares: the header, section titles, sections, regions.

A layout class turns a CV into flowables for the regions of its pages and
makes the page templates they flow through. :class:`Layout` is the one-column
structure; the others change what differs (where the dates stand, which
region a section goes to, the frames of a page).
"""

from __future__ import annotations

from dataclasses import field
from typing import Optional

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, PageTemplate

from ..look import Look, chosen
from ..model import CV, Section
from ..record import record
from ..render.flowables import Block, ColumnRow, Para, Row, SectionTitle, one_line
from ..render.inline import Inline
from ..kinds import KIND_BY_ID, KINDS
from ..render.context import Context, ongoing
from ..render.document import metadata
from ..render.theme import Theme


@record
class Options:
    """A structure's options (the look's ``structure:`` mapping, less ``class``)."""

    name: str = field(default="", metadata={"doc": "the class's name", "internal": True})


@record
class Region:
    """A part of the page that text flows in: what it holds, how wide it is, and how
    much height the first page and each later page give it (for a fitter)."""

    name: str
    flowables: list
    width: float
    first: float
    later: float

    def capacity(self, pages: int) -> float:
        return self.first + self.later * (pages - 1)


class Layout:
    """One column: the header across the page, then the sections, dates in a
    right-aligned column beside their entries."""

    name = "one-column"
    Options = Options
    in_looks = True  # a look may name it as its structure (a letter's is set by `cv-builder letter`)
    place_with_dates = True  # an entry with no role has its place beside its dates (else on its first line)

    def __init__(self, cv: CV, look: Look, theme: Theme, inline: Inline):
        self.cv = cv
        self.look = look
        self.theme = theme
        self.inline = inline
        self.opts = look.structure
        self.date_col = self.date_width()

    # -- what a renderer places --------------------------------------------------
    def row(self, left, right, space_before: float = 0) -> Flowable:
        """Text with its date (or year, or period) in the date column (on the left in a
        right-to-left CV: the row mirrored)."""
        return self.side_by_side(left, right, self.date_col, space_before=space_before)

    def beside(self, left, right) -> Flowable:
        """A text with a shorter one beside it at the right, as wide as it is (a role and its place)."""
        return self.side_by_side(left, right)

    @property
    def side_by_side(self) -> type:
        """The flowable of a text with a column at its end: :class:`Row` (the column on the right),
        or in a right-to-left CV :class:`ColumnRow` (on the left: the row mirrored)."""
        return ColumnRow if self.theme.rtl else Row

    def context(self, options) -> Context:
        return Context(self.theme, self.inline, self.cv, options, self.date_col, self)

    def date_width(self) -> float:
        """The width of the date column: the widest date it holds."""
        st = self.theme["date"]
        widest = stringWidth("2000 – 2000", st.fontName, st.fontSize)
        language = self.cv.language
        for s in self.cv.sections:
            for item in s.items:
                year = getattr(item, "year", None)
                for text in (language.date_range(getattr(item, "start", None), ongoing(getattr(item, "end", None))),
                             language.date(year) if year else ""):
                    if text:
                        widest = max(widest, self.text_width(text, st))
        return widest + 1

    def text_width(self, text: str, style) -> float:
        """The width of a text set on one line in a style, each character in the font that draws it."""
        if text.isascii():
            return stringWidth(text, style.fontName, style.fontSize)
        return one_line(Para(self.inline.chars(text), style))

    # -- the header -----------------------------------------------------------------
    def name_markup(self) -> str:
        """Given names in the look's ``given_face`` (light: the weight contrast of
        Awesome-CV), family name in the name style's face: the last word, or the first in
        a language that writes it first (佐藤 美咲, Kovács Anna)."""
        name = self.cv.header.name
        face = self.look.header.given_face
        family_first = self.cv.language.family_name_first(name)
        if family_first:
            family, _, given = name.partition(" ")
        else:
            given, _, family = name.rpartition(" ")
        if not given or not face:
            return self.inline.chars(name)
        font = self.theme.fams[self.look.styles["name"].font][face]
        given = f'<font name="{font}">{self.inline.chars(given)}</font>'
        family = self.inline.chars(family)
        return f"{family} {given}" if family_first else f"{given} {family}"

    def header(self, width: Optional[float] = None) -> list[Flowable]:
        h = self.cv.header
        t = self.theme
        width = t.width if width is None else width
        out = []
        name = Para(self.name_markup(), t["name"])
        headline = Para(self.inline.text(h.headline), t["headline"]) if h.headline else None
        gap = 12
        # beside: the headline beside the name, if the name keeps to one line there (a Row
        # gives the headline at most 45 % of the width); else below it
        if headline is not None and self.look.header.arrangement == "beside" and \
                one_line(name) + gap + min(one_line(headline), width * 0.45) <= width:
            out.append(self.side_by_side(name, headline, gap=gap))
        else:
            out.append(name)
            if headline is not None:  # its line, on the grid, keeps it clear of the name
                out.append(headline)
        if h.intro:
            intro = Para(self.inline.text(h.intro), t["intro"])
            intro.spaceBefore = t.unit  # half a line under the name and headline
            out.append(intro)
        out += self.contact_block()
        out[-1].spaceAfter = t.space("header_after")
        return out

    def contact_block(self) -> list[Flowable]:
        """The contact details under the header: one line joined by ' · ', or one a line."""
        items = self.contact_items()
        if not items:
            return []
        t = self.theme
        if self.look.header.contact == "line":
            items = [self.inline.join(items)]
        out = [Para(item, t["contact"]) for item in items]
        out[0].spaceBefore = t.unit  # half a line
        return out

    def contact_items(self) -> list[str]:
        """The contact details as markup, each a link where it is one, and each kept whole on its
        line (a line breaks between them: never inside 'GitHub: dpodell' or a phone number)."""
        h = self.cv.header
        inline = self.inline
        parts = []
        if h.location:
            parts.append(inline.chars(h.location, keep=True))
        if h.email:
            parts.append(inline.link(inline.chars(h.email), f"mailto:{h.email}"))
        if h.phone:
            parts.append(inline.chars(h.phone, keep=True))
        if h.website:
            shown = h.website.split("://", 1)[-1].rstrip("/")
            parts.append(inline.link(inline.chars(shown), h.website))
        for link in h.links:
            parts.append(inline.link(inline.chars(link.label or link.url.split("://", 1)[-1], keep=True), link.url))
        return parts

    # -- sections -------------------------------------------------------------------
    def title(self, section: Section, title: str) -> SectionTitle:
        t = self.theme
        spec = self.look.section_title
        shown = title.upper() if spec.upper else title
        return SectionTitle(title, self.inline.chars(shown), t["section"], t.colors["rule"],
                            t.space("section_before"), t.space("section_after"), section.id,
                            rule_at=spec.rule, rule_width=spec.rule_width)

    def heading(self, section: Section) -> str:
        """The title a section is shown with: the look's own for it, else its standard title
        (when the look asks for those), else the data's."""
        return self.look.options_for(section.id, section.kind).title or self.standard_title(section) or section.title

    def standard_title(self, section: Section) -> Optional[str]:
        """With the look's ``section_title.standard``: a known section's usual heading in the CV's
        language (Summary, Experience, Skills, …), whatever its title in the data. A section of
        an id of one's own (`talks`) keeps its title."""
        if not self.look.section_title.standard or KIND_BY_ID.get(section.id) != section.kind:
            return None
        return self.cv.language.standard_title(section.id, section.kind)

    def section(self, section: Section) -> list[Flowable]:
        """A section's flowables: its title opens a block with the first item (or, in a
        section of loose paragraphs and rows, with all of them), so that a title never
        ends a page without its first item's header and two lines under it."""
        index = self.index_of[id(section)]  # keys for the fitter use the data's index
        options = self.look.options_for(section.id, section.kind)
        body = KINDS[section.kind].render(section, index, self.context(options))
        if not body:
            return []
        heading = self.title(section, self.heading(section))
        heading.cv_key = (index, None, None)
        if isinstance(body[0], Block):  # items that are blocks of their own: the title joins the first
            content, items = [heading, *body[0]._content], [(0, 1 + body[0].head)]
            rest = body[1:]
            # and the second: a first item with less than two lines under its header (a model and
            # its line) keeps it with the title (a title over one small item reads as stranded)
            if rest and isinstance(rest[0], Block):
                items.append((len(content), rest[0].head))
                content += rest[0]._content
                rest = rest[1:]
            first = Block(content, head=items[0][1], items=items)
        else:  # loose paragraphs and rows (a text, a timeline, tags): one block
            n = next((i for i, f in enumerate(body) if isinstance(f, Block)), len(body))
            first = Block([heading, *body[:n]], head=1)
            rest = body[n:]
        first.cv_key = (index, None, None)
        return [first, *rest]

    def sections(self, sections: list[Section]) -> list[Flowable]:
        out = []
        for s in sections:
            out += self.section(s)
        return out

    @property
    def index_of(self) -> dict:
        known = self.__dict__.get("_index_of")
        if known is None:
            known = self._index_of = {id(s): i for i, s in enumerate(self.cv.sections)}
        return known

    def shown(self) -> list[Section]:
        """The sections this look shows, in its order."""
        return chosen(self.cv, self.look.sections)

    def reading_order(self) -> list[Section]:
        """The sections shown, in the order they are read."""
        return self.shown()

    # -- pages ----------------------------------------------------------------------
    def frame(self, x: float, y: float, width: float, height: float, name: str) -> Frame:
        return Frame(x, y, width, height, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def regions(self) -> list[Region]:
        """What flows where, for a fitter: here one column, header included. Made once: a
        fitter measures them, and the same flowables are drawn (already wrapped)."""
        known = self.__dict__.get("_regions")
        if known is None:
            t = self.theme
            known = self._regions = [Region("main", self.header() + self.sections(self.shown()), t.width,
                                            t.height, t.height)]
        return known

    def story(self) -> list[Flowable]:
        return self.regions()[0].flowables

    def templates(self) -> list[PageTemplate]:
        t = self.theme
        body = self.frame(t.margin_x, t.margin_bottom, t.width, t.height, "body")
        return [PageTemplate("page", [body], onPage=self.on_page)]

    def metadata(self) -> dict:
        """The PDF's document information: title, author, subject, keywords, language."""
        return metadata(self.cv)

    def on_page(self, canv, doc) -> None:
        """What every page has besides the text flowing through it (the running head)."""
        doc.furniture(canv, doc)
