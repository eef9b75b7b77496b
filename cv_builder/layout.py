"""Layouts: how a CV is set, read from ``layouts/NAME.yaml``.

A layout file picks a layout class (``layout: classic``), the paper, the
font, a type scale, colours, spacing, which sections to show in what order,
per-section options, and whether (and how) to fit the CV to a page count. It
is validated like the CV data, with the same positioned messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import source
from .errors import CVError, Position, Problem, did_you_mean
from .model import doc
from .render.fonts import FAMILIES
from .resources import layouts_dirs

COLOR = {"pattern": r"^#[0-9A-Fa-f]{6}$", "what": "a colour like #1D5C8F"}


@dataclass
class Margins:
    """Page margins, as fractions of the page."""

    side: float = doc("left and right margin, as a fraction of the page width", 0.075, minimum=0.02, maximum=0.2)
    top: float = doc("top margin, as a fraction of the page height", 0.05, minimum=0.02, maximum=0.2)
    bottom: float = doc("bottom margin, as a fraction of the page height", 0.055, minimum=0.02, maximum=0.2)


@dataclass
class Colors:
    """The layout's colours, as #RRGGBB."""

    text: str = doc("body text", "#333333", **COLOR)
    secondary: str = doc("secondary text: places, notes, authors", "#5D5D5D", **COLOR)
    tertiary: str = doc("tertiary text and bullets", "#8A8A8A", **COLOR)
    accent: str = doc("the accent: section titles, headline, links", "#1D5C8F", **COLOR)
    rule: str = doc("thin rules", "#C4C4C4", **COLOR)


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
    """Vertical space in points, before any fitting."""

    header_after: float = doc("below the header", 6, minimum=0, maximum=40)
    section_before: float = doc("above a section title", 14, minimum=0, maximum=40)
    section_after: float = doc("below a section title", 5, minimum=0, maximum=20)
    entry_gap: float = doc("between entries", 8, minimum=0, maximum=30)
    paragraph_gap: float = doc("between paragraphs", 4, minimum=0, maximum=20)
    bullet_gap: float = doc("between bullets", 1, minimum=0, maximum=10)


@dataclass
class SectionOptions:
    """How the items of a section (by kind or by id) are set."""

    style: Optional[str] = doc("how items are set: list (default), grid or lines", enum=["list", "grid", "lines"])
    columns: Optional[int] = doc("columns, for grids and figures (default 2 for grids, 4 for figures)", minimum=1, maximum=6)
    short: bool = doc("use the `short` forms of texts where given", False)
    details: bool = doc("show descriptions, authors and notes", True)
    title: Optional[str] = doc("a title for this section in this layout")
    max_bullet_priority: Optional[int] = doc(
        "show only the bullets of this priority or more important (1 = only the strongest)", minimum=1, maximum=5)


@dataclass
class Fit:
    """Fitting to a page count: the target and the floors of type and spacing."""

    pages: int = doc("the number of pages to fit on", 1, minimum=1, maximum=20)
    min_body: float = doc("smallest body text size, in pt", 8.5, minimum=6, maximum=12)
    min_size: float = doc("smallest size of anything, in pt", 7.5, minimum=6, maximum=12)
    min_spacing: float = doc("smallest spacing, as a fraction of the design spacing", 0.4, minimum=0, maximum=1)


@dataclass
class LayoutSpec:
    """A layout: paper, font, type scale, colours, spacing, sections, fitting."""

    layout: str = doc("the layout class", "classic", enum=["classic"])
    description: Optional[str] = doc("what this layout is for")
    paper: str = doc("a4 or letter", "a4", enum=["a4", "letter"])
    font: str = doc("the font family", "source-sans", enum=list(FAMILIES))
    leading: float = doc("line height as a multiple of the type size", 1.25, minimum=1.0, maximum=2.0)
    margins: Margins = doc("page margins", factory=Margins)
    colors: Colors = doc("colours", factory=Colors)
    sizes: Sizes = doc("type sizes", factory=Sizes)
    spacing: Spacing = doc("vertical spacing", factory=Spacing)
    compact: bool = doc("a compact header: name and headline on one line", False)
    sections: list[str] = doc("section ids to show, in order (default: all, in the data's order)", factory=list)
    options: dict[str, SectionOptions] = doc("options by section kind or section id", factory=dict)
    fit: Optional[Fit] = doc("fit the CV to a number of pages")
    running_head: bool = doc("name and page numbers from page 2", True)
    name: str = ""  # the file's stem; set by the loader
    warnings: list = field(default_factory=list)  # what reading the file noticed; set by the loader

    def options_for(self, section_id: str, kind: str) -> SectionOptions:
        return self.options.get(section_id) or self.options.get(kind) or SectionOptions()


def available() -> list[str]:
    names = set()
    for d in layouts_dirs():
        if d.is_dir():
            names.update(p.stem for p in d.glob("*.yaml"))
    return sorted(names)


def find(name: str) -> Path:
    """The file of a layout given by name (``one-page``) or by path."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name)
        if path.is_file():
            return path
        raise CVError([Problem(f"the layout file {name} does not exist", position=Position(name))])
    for d in layouts_dirs():
        path = d / f"{name}.yaml"
        if path.is_file():
            return path
    names = available()
    hint = " ".join(filter(None, [did_you_mean(name, names), f"layouts: {', '.join(names) or 'none found'}"]))
    raise CVError([Problem(f"unknown layout `{name}`", hint=hint)])


_CACHE: dict = {}


def load(name: str = "full") -> LayoutSpec:
    from .schema import Reader

    path = find(name)
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    if key in _CACHE:
        return _CACHE[key]
    data = source.load(path, what="layout")
    reader = Reader(str(path))
    if not isinstance(data, dict):
        raise CVError([Problem("a layout file is a mapping of settings", position=Position(str(path), 1, 1))])
    spec = reader.record(LayoutSpec, data, "", data.pos, skip=("name", "warnings"))
    reader.problems.raise_if_errors()
    spec.name = path.stem
    spec.warnings = list(getattr(data, "warnings", ()))  # (a comment glued to a value)
    _CACHE[key] = spec
    return spec


def select(cv, spec: LayoutSpec):
    """The CV as this layout shows it: bullets above a section's
    ``max_bullet_priority`` left out. Model in, model out (no ReportLab), so the
    fitter and the renderer see the same content."""
    import dataclasses

    sections = []
    changed = False
    for section in cv.sections:
        limit = spec.options_for(section.id, section.kind).max_bullet_priority
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
