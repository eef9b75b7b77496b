"""What a look is: its settings as typed values, with no YAML and no ReportLab.

A look (``layouts/NAME.yaml``) is read and checked by :mod:`cv_builder.layout`
into a :class:`Look`; layout classes (:mod:`cv_builder.layouts`) and the
renderer take it as a value. Each dataclass here is also the schema of its
part of a look file (field names, types, defaults and ``doc`` strings).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Optional

from .model import doc
from .record import record

COLOR = {"pattern": r"^#[0-9A-Fa-f]{6}$", "what": "a colour like #1D5C8F"}
SIZE_NAMES = ["name", "headline", "intro", "section", "title", "body", "detail", "figure"]
COLOR_NAMES = ["text", "secondary", "tertiary", "accent", "rule", "background"]
FONT_ROLES = ["body", "heading", "name"]


@record
class Margins:
    """Page margins, as fractions of the page."""

    side: float = doc("left and right margin, as a fraction of the page width", 0.075, minimum=0.02, maximum=0.2)
    top: float = doc("top margin, as a fraction of the page height", 0.05, minimum=0.02, maximum=0.2)
    bottom: float = doc("bottom margin, as a fraction of the page height", 0.055, minimum=0.02, maximum=0.2)


@record
class Colors:
    """The look's colours, as #RRGGBB."""

    text: str = doc("body text", "#333333", **COLOR)
    secondary: str = doc("secondary text: places, notes, authors", "#5D5D5D", **COLOR)
    tertiary: str = doc("tertiary text and bullets", "#8A8A8A", **COLOR)
    accent: str = doc("the accent: section titles, headline, links", "#1D5C8F", **COLOR)
    rule: str = doc("thin rules", "#C4C4C4", **COLOR)
    background: str = doc("a tinted region, such as a sidebar", "#F3F5F8", **COLOR)


@record
class Sizes:
    """The type scale in points, before any fitting."""

    name: float = doc("your name", 28, minimum=12, maximum=48)
    headline: float = doc("the headline under the name", 12, minimum=8, maximum=20)
    intro: float = doc("the intro paragraph", 10, minimum=7, maximum=14)
    section: float = doc("section titles", 13, minimum=8, maximum=20)
    title: float = doc("entry titles", 10.5, minimum=7, maximum=16)
    body: float = doc("body text", 9.5, minimum=7, maximum=14)
    detail: float = doc("details: dates, places, authors", 9, minimum=7, maximum=12)
    figure: float = doc("the values of headline figures", 15, minimum=8, maximum=28)


@record
class Spacing:
    """Vertical space in lines of body text (its leading), before any fitting. Every space is
    kept to whole half lines, so that the baselines of the page stay on one grid."""

    header_after: float = doc("below the header, in lines", 1, minimum=0, maximum=4)
    section_before: float = doc("above a section title, in lines", 1, minimum=0, maximum=4)
    section_after: float = doc("below a section title, in lines", 0.5, minimum=0, maximum=4)
    entry_gap: float = doc("between entries (jobs, projects, papers), in lines", 0.5, minimum=0, maximum=4)
    paragraph_gap: float = doc("between paragraphs, rows of a timeline, rows of figures, in lines", 0.5,
                               minimum=0, maximum=4)
    bullet_gap: float = doc("between bullets, in lines", 0, minimum=0, maximum=4)


@record
class Fonts:
    """Which font family sets what: each a family in fonts/ (its file's stem)."""

    body: str = doc("text, entries, details", "source-sans")
    heading: Optional[str] = doc("section titles and the headline (default: the body's)")
    name: Optional[str] = doc("your name (default: the heading's)")

    def family(self, role: str) -> str:
        if role == "name":
            return self.name or self.heading or self.body
        if role == "heading":
            return self.heading or self.body
        return self.body


@record
class Style:
    """How one element of the page is set: font, face, size, colour, alignment."""

    font: str = doc("which of the look's fonts sets it", "body", enum=FONT_ROLES)
    face: str = doc("the face (a style of the family: regular, italic, semibold, bold, light, …)", "regular")
    size: str = doc("a size of the type scale", "body", enum=SIZE_NAMES)
    color: str = doc("a colour of the look", "text", enum=COLOR_NAMES)
    align: str = doc("left, right or center", "left", enum=["left", "right", "center"])
    leading: Optional[float] = doc("line height as a multiple of the size (default: the look's `leading`)",
                                   minimum=0.8, maximum=2.0)


@record
class Bullets:
    """How bullets hang: the mark, its colour, the indent of the text."""

    mark: str = doc("the bullet character", "•")
    color: str = doc("a colour of the look", "tertiary", enum=COLOR_NAMES)
    indent: float = doc("the text's indent, in multiples of the body size", 1.05, minimum=0.5, maximum=4)


@record
class Header:
    """How the header is arranged: name, headline, intro, contact."""

    arrangement: str = doc("stacked: the headline under the name; beside: beside it when both fit on one line",
                           "stacked", enum=["stacked", "beside"])
    given_face: Optional[str] = doc("the face of the given names, the family name keeping the name style's "
                                    "(light: the weight contrast of Awesome-CV); leave out for one face", "light")
    contact: str = doc("line: one line joined by ' · '; list: one item a line (in a sidebar, there)", "line",
                       enum=["line", "list"])
    align: str = doc("left or center", "left", enum=["left", "center"])


@record
class SectionTitle:
    """How section titles are set."""

    rule: str = doc("after: a thin rule from the title to the margin; below: a rule under it; none",
                    "after", enum=["after", "below", "none"])
    rule_width: float = doc("the rule's thickness in points", 0.6, minimum=0.1, maximum=4)
    bar: bool = doc("a bar in the date column beside the title (a date-column structure)", False)
    upper: bool = doc("set in capitals", False)
    standard: bool = doc("each known section titled with the usual heading of its kind in the CV's language "
                         "(Summary, Experience, Education, Skills, Projects, Publications, …), whatever the data "
                         "calls it: the headings resume parsers know", False)


@record
class SectionOptions:
    """How the items of a section (by kind or by id) are set."""

    style: Optional[str] = doc("how items are set: list (default), grid or lines", enum=["list", "grid", "lines"])
    columns: Optional[int] = doc("columns, for grids and figures (default 2 for grids, 4 for figures)", minimum=1, maximum=6)
    short: bool = doc("use the `short` forms of texts where given", False)
    details: bool = doc("show descriptions, authors and notes", True)
    title: Optional[str] = doc("a title for this section in this look")
    max_bullet_priority: Optional[int] = doc(
        "show only the bullets of this priority or more important (1 = only the strongest)", minimum=1, maximum=5)


@record
class Fit:
    """Fitting to a page count: the floors of type and spacing (and the count, when not given as `pages`)."""

    pages: Optional[int] = doc("the number of pages to fit on (default: the look's `pages`)", minimum=1, maximum=20)
    min_body: float = doc("smallest body text size, in pt", 8.5, minimum=6, maximum=12)
    min_size: float = doc("smallest size of anything, in pt (the whole type scale stops where its smallest size "
                          "reaches it)", 8.5, minimum=6, maximum=12)
    min_spacing: float = doc("tightest line spacing (and with it every space), as a fraction of the design's",
                             0.9, minimum=0.5, maximum=1)


@record(frozen=True)
class FontFamily:
    """A font family declared in ``fonts/NAME.yaml``: its TrueType files by style."""

    name: str = doc("the family's name, as its designers give it")
    styles: dict[str, str] = doc("style (regular, italic, semibold, bold, light, …) -> TrueType file in fonts/",
                       factory=dict)
    description: Optional[str] = doc("what it is and covers")
    licence: Optional[str] = doc("the licence file beside it")
    source: Optional[str] = doc("where the files come from")
    key: str = doc("the file's stem", "", internal=True)
    folder: str = doc("the folder of its files", "", internal=True)

    def path(self, style: str) -> Path:
        return Path(self.folder) / self.styles[style]


#: the papers a look may name, their size in points (ISO A4, 210 × 297 mm, as ReportLab has it): one table for the
#: build (render/theme.py) and the check of a PDF's pages (pdfcheck), which names them capitalised
PAPERS = {"a4": (595.2755905511812, 841.8897637795277), "letter": (612.0, 792.0)}


@record
class Look:
    """A look: structure, paper, fonts, type scale, colours, spacing, styles, sections, fitting."""

    description: Optional[str] = doc("what this look is for")
    paper: str = doc("a4 or letter", "a4", enum=list(PAPERS))
    fonts: Fonts = doc("font families", factory=Fonts)
    fallback: list[str] = doc("families for characters the look's own lack, tried in order",
                              factory=lambda: ["dejavu-sans"])
    leading: float = doc("line height as a multiple of the type size", 1.25, minimum=1.0, maximum=2.0)
    margins: Margins = doc("page margins", factory=Margins)
    colors: Colors = doc("colours", factory=Colors)
    sizes: Sizes = doc("type sizes", factory=Sizes)
    spacing: Spacing = doc("vertical spacing", factory=Spacing)
    styles: dict[str, Style] = doc("how each element is set, by name (name, headline, section, org, role, "
                                   "date, body, …)", factory=dict)
    bullets: Bullets = doc("how bullets hang", factory=Bullets)
    header: Header = doc("how the header is arranged", factory=Header)
    section_title: SectionTitle = doc("how section titles are set", factory=SectionTitle)
    sections: list[str] = doc("sections to show, in order: a section id, or `kind:NAME` for every section "
                              "of a kind (default: all, in the data's order)", factory=list)
    options: dict[str, SectionOptions] = doc("options by section kind or section id", factory=dict)
    running_head: bool = doc("name and page numbers from page 2", True)
    separator: str = doc("the mark that joins the parts of a line (contact details, tags, a date and its place), "
                         "with a space either side: '|' is one resume parsers split on, '·' is not", "·",
                         pattern=r"^\S{1,3}$", what="a mark of one to three characters, such as |")
    links: str = doc("what a link shows: label (its text: 'GitHub', 'arXiv:2307.01952') or address (the "
                     "address without its scheme: github.com/ada, which parsers read; they never see where a "
                     "link goes)", "label", enum=["label", "address"])
    pages: Optional[int] = doc("fit on this many pages (default: as many as it takes)", minimum=1, maximum=20)
    fit: Optional[Fit] = doc("the floors of fitting (and the page count)")
    # set by the loader
    name: str = doc("the file's stem", "", internal=True)
    structure: Any = doc("the layout class's options (with its `name`)", None, internal=True)
    families: dict = doc("role -> FontFamily, and 'fallback' -> [FontFamily]", factory=dict, internal=True)
    warnings: list = doc("what reading the file noticed", factory=list, internal=True)
    files: tuple = doc("the files it was read from, the look's first", (), internal=True)

    def options_for(self, section_id: str, kind: str) -> SectionOptions:
        return self.options.get(section_id) or self.options.get(kind) or SectionOptions()


#: the styles every look must define (what the layout classes and section kinds set text in)
STYLE_NAMES = ("name", "headline", "intro", "contact", "section", "org", "role", "date", "place", "note",
               "body", "bullet", "detail", "item", "fig_value", "fig_label", "fig_note", "running")


def select(cv, look: Look):
    """The CV as this look shows it: bullets above a section's ``max_bullet_priority``
    left out. Model in, model out (no ReportLab), so the fitter and the renderer see
    the same content."""
    sections = []
    changed = False
    for section in cv.sections:
        limit = look.options_for(section.id, section.kind).max_bullet_priority
        if limit is None:
            sections.append(section)
            continue
        items = []
        for item in section.items:
            bullets = getattr(item, "bullets", None)
            if bullets and any(b.importance(item) > limit for b in bullets):
                item = dataclasses.replace(item, bullets=[b for b in bullets if b.importance(item) <= limit])
                changed = True
            items.append(item)
        sections.append(dataclasses.replace(section, items=items))
    return dataclasses.replace(cv, sections=sections) if changed else cv


def chosen(cv, selectors: list[str], taken: Optional[set] = None) -> list:
    """The sections of ``cv`` that ``selectors`` pick, in their order: a section id picks that
    section, ``kind:NAME`` every section of that kind (in the data's order) not picked before.
    An empty list picks every section. Sections without items are never shown."""
    taken = set() if taken is None else taken
    if not selectors:
        out = [s for s in cv.sections if s.items and id(s) not in taken]
        taken.update(id(s) for s in out)
        return out
    out = []
    for sel in selectors:
        if sel.startswith("kind:"):
            kind = sel[5:].strip()
            picked = [s for s in cv.sections if s.kind == kind and id(s) not in taken]
        else:
            picked = [s for s in cv.sections if s.id == sel and id(s) not in taken][:1]
        for s in picked:
            taken.add(id(s))
            if s.items:
                out.append(s)
    return out
