"""Looks: how a CV is set, read from ``layouts/NAME.yaml``.

A look is data. It names its *structure* (a layout class: one column, a date
column, a sidebar — :mod:`cv_builder.layouts`), its fonts (families declared in
``fonts/NAME.yaml``), a type scale, colours, spacing, how each element of the
page is set (``styles``), the header's arrangement, the section titles, which
sections to show in what order, per-section options, and how it changes when it
is fitted to one page or to several. A look may ``extends:`` another and change
only what differs; mappings merge key by key, anything else is replaced.

A look is validated like the CV data, with the same positioned messages, and
every page count can be asked of every look (``--pages 1``): the look's
``one_page:`` (or ``multi_page:``) settings are laid over it first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import source
from .errors import CVError, Position, Problem, did_you_mean
from .model import doc
from .resources import fonts_dir, layouts_dirs
from .source import YMap

COLOR = {"pattern": r"^#[0-9A-Fa-f]{6}$", "what": "a colour like #1D5C8F"}
SIZE_NAMES = ["name", "headline", "intro", "section", "title", "body", "detail", "figure"]
COLOR_NAMES = ["text", "secondary", "tertiary", "accent", "rule", "background"]
FONT_ROLES = ["body", "heading", "name"]
# keys of older layout files, with what replaced them
_RENAMED = {
    "layout": "`layout:` is now `structure:` (one-column, date-column or sidebar)",
    "font": "`font:` is now `fonts: {body: …, heading: …, name: …}` (families in fonts/*.yaml)",
    "compact": "`compact: true` is now `header: {arrangement: beside}`",
}


@dataclass
class Margins:
    """Page margins, as fractions of the page."""

    side: float = doc("left and right margin, as a fraction of the page width", 0.075, minimum=0.02, maximum=0.2)
    top: float = doc("top margin, as a fraction of the page height", 0.05, minimum=0.02, maximum=0.2)
    bottom: float = doc("bottom margin, as a fraction of the page height", 0.055, minimum=0.02, maximum=0.2)


@dataclass
class Colors:
    """The look's colours, as #RRGGBB."""

    text: str = doc("body text", "#333333", **COLOR)
    secondary: str = doc("secondary text: places, notes, authors", "#5D5D5D", **COLOR)
    tertiary: str = doc("tertiary text and bullets", "#8A8A8A", **COLOR)
    accent: str = doc("the accent: section titles, headline, links", "#1D5C8F", **COLOR)
    rule: str = doc("thin rules", "#C4C4C4", **COLOR)
    background: str = doc("a tinted region, such as a sidebar", "#F3F5F8", **COLOR)


@dataclass
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


@dataclass
class Spacing:
    """Vertical space in lines of body text (its leading), before any fitting. Every space is
    kept to whole half lines, so that the baselines of the page stay on one grid."""

    header_after: float = doc("below the header, in lines", 1, minimum=0, maximum=4)
    section_before: float = doc("above a section title, in lines", 1.5, minimum=0, maximum=4)
    section_after: float = doc("below a section title, in lines", 0.5, minimum=0, maximum=4)
    entry_gap: float = doc("between entries (jobs, projects, papers), in lines", 0.5, minimum=0, maximum=4)
    paragraph_gap: float = doc("between paragraphs, rows of a timeline, rows of figures, in lines", 0.5,
                               minimum=0, maximum=4)
    bullet_gap: float = doc("between bullets, in lines", 0, minimum=0, maximum=4)


@dataclass
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


@dataclass
class Style:
    """How one element of the page is set: font, face, size, colour, alignment."""

    font: str = doc("which of the look's fonts sets it", "body", enum=FONT_ROLES)
    face: str = doc("the face (a style of the family: regular, italic, semibold, bold, light, …)", "regular")
    size: str = doc("a size of the type scale", "body", enum=SIZE_NAMES)
    color: str = doc("a colour of the look", "text", enum=COLOR_NAMES)
    align: str = doc("left, right or center", "left", enum=["left", "right", "center"])
    leading: Optional[float] = doc("line height as a multiple of the size (default: the look's `leading`)",
                                   minimum=0.8, maximum=2.0)


@dataclass
class Bullets:
    """How bullets hang: the mark, its colour, the indent of the text."""

    mark: str = doc("the bullet character", "•")
    color: str = doc("a colour of the look", "tertiary", enum=COLOR_NAMES)
    indent: float = doc("the text's indent, in multiples of the body size", 1.05, minimum=0.5, maximum=4)


@dataclass
class Header:
    """How the header is arranged: name, headline, intro, contact."""

    arrangement: str = doc("stacked: the headline under the name; beside: beside it when both fit on one line",
                           "stacked", enum=["stacked", "beside"])
    given_face: Optional[str] = doc("the face of the given names, the family name keeping the name style's "
                                    "(light: the weight contrast of Awesome-CV); leave out for one face", "light")
    contact: str = doc("line: one line joined by ' · '; list: one item a line (in a sidebar, there)", "line",
                       enum=["line", "list"])
    align: str = doc("left or center", "left", enum=["left", "center"])


@dataclass
class SectionTitle:
    """How section titles are set."""

    rule: str = doc("after: a thin rule from the title to the margin; below: a rule under it; none",
                    "after", enum=["after", "below", "none"])
    rule_width: float = doc("the rule's thickness in points", 0.6, minimum=0.1, maximum=4)
    bar: bool = doc("a bar in the date column beside the title (a date-column structure)", False)
    upper: bool = doc("set in capitals", False)


@dataclass
class SectionOptions:
    """How the items of a section (by kind or by id) are set."""

    style: Optional[str] = doc("how items are set: list (default), grid or lines", enum=["list", "grid", "lines"])
    columns: Optional[int] = doc("columns, for grids and figures (default 2 for grids, 4 for figures)", minimum=1, maximum=6)
    short: bool = doc("use the `short` forms of texts where given", False)
    details: bool = doc("show descriptions, authors and notes", True)
    title: Optional[str] = doc("a title for this section in this look")
    max_bullet_priority: Optional[int] = doc(
        "show only the bullets of this priority or more important (1 = only the strongest)", minimum=1, maximum=5)


@dataclass
class Fit:
    """Fitting to a page count: the floors of type and spacing (and the count, when not given as `pages`)."""

    pages: Optional[int] = doc("the number of pages to fit on (default: the look's `pages`)", minimum=1, maximum=20)
    min_body: float = doc("smallest body text size, in pt", 8.5, minimum=6, maximum=12)
    min_size: float = doc("smallest size of anything, in pt (the whole type scale stops where its smallest size "
                          "reaches it)", 8.5, minimum=6, maximum=12)
    min_spacing: float = doc("tightest line spacing (and with it every space), as a fraction of the design's",
                             0.9, minimum=0.5, maximum=1)


@dataclass(frozen=True)
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


@dataclass
class Look:
    """A look: structure, paper, fonts, type scale, colours, spacing, styles, sections, fitting."""

    description: Optional[str] = doc("what this look is for")
    paper: str = doc("a4 or letter", "a4", enum=["a4", "letter"])
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


# -- finding and reading --------------------------------------------------------
def available() -> list[str]:
    names = set()
    for d in layouts_dirs():
        if d.is_dir():
            names.update(p.stem for p in d.glob("*.yaml"))
    return sorted(names)


def find(name: str, near: Optional[Path] = None) -> Path:
    """The file of a look given by name (``one-page``) or by path. ``near``: the folder of the
    look that extends it, searched first."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name) if near is None or Path(name).is_absolute() else near / name
        if path.is_file():
            return path
        raise CVError([Problem(f"the layout file {name} does not exist", position=Position(str(path)))])
    for d in ([near] if near is not None else []) + layouts_dirs():
        path = d / f"{name}.yaml"
        if path.is_file():
            return path
    names = available()
    hint = " ".join(filter(None, [did_you_mean(name, names), f"layouts: {', '.join(names) or 'none found'}"]))
    raise CVError([Problem(f"unknown layout `{name}`", hint=hint)])


def merge(base: Any, over: Any) -> Any:
    """``over`` laid on ``base``: mappings merge key by key (each value keeping the
    position it was read at), anything else is replaced."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = YMap(base)
    out.pos = getattr(over, "pos", getattr(base, "pos", None))
    out.key_pos = dict(getattr(base, "key_pos", {}))
    for key, value in over.items():
        out[key] = merge(base[key], value) if key in base else value
        if hasattr(over, "key_pos"):
            out.key_pos[key] = over.where(key)
    return out


def _chain(path: Path, seen: tuple = ()) -> list[tuple[Path, YMap]]:
    """The look and what it extends, root first: (file, its own mapping) each. A look
    that does not say `extends:` extends `full`; `extends: none` starts from nothing."""
    if path.resolve() in seen:
        chain = " -> ".join(p.stem for p in (*seen, path.resolve()))
        raise CVError([Problem(f"the layouts extend each other in a circle ({chain})", position=Position(str(path)),
                               hint="one of them must not extend the others")])
    data = source.load(path, what="layout")
    if not isinstance(data, dict):
        raise CVError([Problem("a layout file is a mapping of settings", position=Position(str(path), 1, 1))])
    parent = data.get("extends", "full")
    if parent is None or parent == "none" or (parent == "full" and "extends" not in data and path.stem == "full"):
        return [(path, data)]
    if not isinstance(parent, str) or not parent.strip():
        raise CVError([Problem("`extends` names another layout", position=data.where("extends"),
                               found=repr(parent), expected="a layout name such as full, a file, or none")])
    try:
        base = find(parent.strip(), path.parent)
    except CVError as exc:
        raise CVError([dataclasses.replace(p, position=p.position or data.where("extends"), path="extends")
                       for p in exc.problems]) from None
    return _chain(base, (*seen, path.resolve())) + [(path, data)]


def _resolve(chain: list[tuple[Path, YMap]], pages: Optional[int], reader) -> tuple[YMap, Optional[int]]:
    """The look's settings with what it extends merged in, on ``pages`` pages (default: the
    page count the look asks for). Each look's `one_page:` (or `multi_page:`) is laid over
    its own settings, before the looks that extend it change theirs: so a look that extends
    `one-page` and lists its own `sections:` shows those."""
    count = pages
    if count is None:
        for _, data in chain:
            count = _count(data) or count
    overlay_key = ("one_page" if count == 1 else "multi_page") if count else None
    merged = None
    for _, data in chain:
        own = YMap({k: v for k, v in data.items() if k not in ("extends", "one_page", "multi_page")})
        own.pos, own.key_pos = data.pos, data.key_pos
        merged = own if merged is None else merge(merged, own)
        overlay = data.get(overlay_key) if overlay_key else None
        if overlay is None:
            continue
        if isinstance(overlay, dict):
            merged = merge(merged, overlay)
        else:
            reader.error("expected a mapping of settings", data.where(overlay_key), overlay_key)
    return merged, count


_CACHE: dict = {}
_FAMILIES: dict = {}


def load(name: str = "full", pages: Optional[int] = None) -> Look:
    """The look ``name``, as it is set on ``pages`` pages (default: the look's own page count)."""
    path = find(name)
    key = (str(path.resolve()), path.stat().st_mtime_ns, pages)
    known = _CACHE.get(key)
    if known is not None and all(f.stat().st_mtime_ns == m for f, m in known[1]):
        return known[0]
    look, files = _read(path, pages)
    _CACHE[key] = (look, [(f, f.stat().st_mtime_ns) for f in files])
    return look


def _read(path: Path, pages: Optional[int]) -> tuple[Look, tuple[Path, ...]]:
    from . import layouts  # the layout classes: only once a look is read (they import ReportLab, ~150 ms)
    from .schema import Reader

    chain = _chain(path)
    reader = Reader(str(path))
    data, count = _resolve(chain, pages, reader)
    for old, hint in _RENAMED.items():
        if old in data:
            reader.error(f"unknown field `{old}`", data.where(old), old, hint=hint)
    given = YMap({k: v for k, v in data.items() if k != "structure" and k not in _RENAMED})
    given.pos, given.key_pos = data.pos, data.key_pos
    look = reader.record(Look, given, "", data.pos, skip=("name", "structure", "families", "warnings", "files"))
    structure = layouts.read_options(reader, data.get("structure", "one-column"), data.where("structure"))
    reader.problems.raise_if_errors()
    look.name = path.stem
    look.structure = structure
    look.warnings = [w for _, d in chain for w in getattr(d, "warnings", ())]
    look.files = tuple(p for p, _ in reversed(chain))
    if count:
        fit = look.fit or Fit()
        look.fit = dataclasses.replace(fit, pages=count)
    elif look.fit is not None and look.fit.pages is None:
        look.fit = None
    _check_styles(look, data, reader)
    look.families = _families(look, data, reader)
    reader.problems.raise_if_errors()
    return look, look.files


def _count(data: YMap) -> Optional[int]:
    """The page count the look itself asks for (`pages`, or `fit.pages` as older files give it)."""
    for value in (data.get("pages"), (data.get("fit") or {}).get("pages") if isinstance(data.get("fit"), dict) else None):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
    return None


def _check_styles(look: Look, data: YMap, reader) -> None:
    missing = [s for s in STYLE_NAMES if s not in look.styles]
    if missing:
        reader.error(f"the look does not say how to set {', '.join(missing)}", data.where("styles"), "styles",
                     hint="add them under `styles:`, or `extends: full` to take the rest from the full look")


def family(key: str, where: Optional[Position] = None, path: str = "fonts") -> FontFamily:
    """The font family declared in ``fonts/KEY.yaml`` (read once per process and file version)."""
    from .schema import Reader

    file = fonts_dir() / f"{key}.yaml"
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        names = sorted(p.stem for p in fonts_dir().glob("*.yaml"))
        hint = " ".join(filter(None, [did_you_mean(key, names), f"families: {', '.join(names) or 'none found'}"]))
        raise CVError([Problem(f"unknown font family `{key}`", position=where, path=path, hint=hint)]) from None
    known = _FAMILIES.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    data = source.load(file, what="font family")
    reader = Reader(str(file))
    fam = reader.record(FontFamily, data, "", getattr(data, "pos", Position(str(file))))
    reader.problems.raise_if_errors()
    if "regular" not in fam.styles:
        raise CVError([Problem("a font family needs a `regular` style", position=data.where("styles"), path="styles")])
    for style, filename in fam.styles.items():
        if not isinstance(filename, str) or "/" in filename or not (fonts_dir() / filename).is_file():
            raise CVError([Problem(f"the file of the style `{style}` is not in {fonts_dir()}",
                                   position=data["styles"].where(style) if isinstance(data.get("styles"), YMap)
                                   else data.pos, path=f"styles.{style}", found=repr(filename),
                                   hint="give the name of a .ttf file in the fonts folder")])
    fam = dataclasses.replace(fam, key=key, folder=str(fonts_dir()))
    _FAMILIES[key] = (stamp, fam)
    return fam


# <b> and <i> in the text pick these faces of the face a style names
_MARKUP_FACES = {"regular": ("bold", "italic", "bolditalic"), "semibold": ("bold", "semibolditalic", "bolditalic")}


def _families(look: Look, data: YMap, reader) -> dict:
    """The families the look names, each checked for the faces its styles use."""
    fonts_at = data["fonts"].where if isinstance(data.get("fonts"), YMap) else (lambda k: data.where("fonts"))
    out: dict = {}
    for role in FONT_ROLES:  # a role not given takes the family of the one before it
        if role != "body" and getattr(look.fonts, role) is None:
            if role in ("heading", "name") and (look.fonts.family(role) in [f.key for f in out.values()]):
                out[role] = next(f for f in out.values() if f.key == look.fonts.family(role))
            continue
        try:
            out[role] = family(getattr(look.fonts, role), fonts_at(role), f"fonts.{role}")
        except CVError as exc:
            for p in exc.problems:
                reader.problems.add(p)
    out["fallback"] = []
    for i, key in enumerate(look.fallback):
        try:
            out["fallback"].append(family(key, data.where("fallback"), f"fallback[{i}]"))
        except CVError as exc:
            for p in exc.problems:
                reader.problems.add(p)
    if reader.problems.items:
        return out
    def chosen_at(role: str) -> tuple[Optional[Position], str]:
        """Where the family of a role was named: its own key, or the role it falls back to."""
        while role != "body" and getattr(look.fonts, role) is None:
            role = "heading" if role == "name" else "body"
        return fonts_at(role), f"fonts.{role}"

    for name, style in look.styles.items():
        fam = out[style.font]
        needed = [style.face, *_MARKUP_FACES.get(style.face, ())]
        lacking = [f for f in needed if f not in fam.styles]
        if lacking:
            reader.error(f"the style `{name}` is set in {fam.key} {style.face}, and the family has no "
                         f"{' or '.join(lacking)}", *chosen_at(style.font),
                         hint=f"its styles: {', '.join(fam.styles)}; choose a family that has them, "
                              f"or set `styles: {{{name}: {{face: …}}}}` to one of them")
    if look.header.given_face and look.header.given_face not in out["name"].styles:
        reader.error(f"the family {out['name'].key} has no face `{look.header.given_face}` for the given names",
                     *chosen_at("name"), hint=f"its styles: {', '.join(out['name'].styles)} "
                                              "(or `header: {given_face: …}` to one of them)")
    return out


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
