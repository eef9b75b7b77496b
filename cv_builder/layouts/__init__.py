"""Layout classes: the structure of a page, one module each, registered by name.

A look (``layouts/NAME.yaml``) names its structure: ``structure: one-column``,
or a mapping with ``class:`` and the class's own options
(``structure: {class: sidebar, width: 0.3}``). The class arranges the header
and the sections in regions of the page (one column; a date column beside the
text; a sidebar beside a main column), makes the page templates, and tells a
fitter what each region holds and how much room a page gives it. Everything
about how text looks (fonts, sizes, colours, spacing) is the look's data.

A new structure is one module here, named after it (``date-column``:
``date_column.py``), with a class registered by :func:`register`; a new look of
an existing structure is one YAML file. A structure's module is imported when a
look names it (a build imports its own look's alone: importing all four made
every start ~1.5 ms slower).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Optional

from ..memo import Recent
from ..render import document
from ..render.inline import Inline
from ..render.theme import Theme

CLASSES: dict[str, type] = {}


def register(cls: type) -> type:
    """Register a layout class under its ``name``."""
    CLASSES[cls.name] = cls
    return cls


def structure(name: str) -> Optional[type]:
    """The layout class named ``name`` (its module imported the first time), or None."""
    cls = CLASSES.get(name)
    if cls is None and name in _modules():
        import_module(f"{__name__}.{_modules()[name]}")
        cls = CLASSES.get(name)
    return cls


def structures() -> dict[str, type]:
    """The structures a look may name: every class but a letter's (``cv-builder letter`` sets
    that one over a look, :mod:`.letter`)."""
    for name in _modules():
        structure(name)
    return {name: cls for name, cls in CLASSES.items() if cls.in_looks}


_MODULES: dict[str, str] = {}


def _modules() -> dict[str, str]:
    """Structure name -> the module of this package that defines it (``date-column`` -> ``date_column``)."""
    if not _MODULES:
        for path in sorted(Path(__file__).parent.glob("*.py")):
            if not path.stem.startswith("_") and path.stem != "base":
                _MODULES[path.stem.replace("_", "-")] = path.stem
    return _MODULES


def layout_for(cv, look, theme, inline):
    """The layout class of a look, set up for a CV."""
    return structure(look.structure.name)(cv, look, theme, inline)


def make(cv, look, paper: Optional[str] = None, type_scale: float = 1.0, space_scale: float = 1.0,
         long: frozenset = frozenset()):
    """The layout of ``cv`` in ``look`` at a scale: its theme, its text conversion, its class.
    ``long``: the short forms (by id) to leave unused, though the look asks for short forms."""
    theme = theme_for(look, paper, type_scale, space_scale, cv.language)
    layout = layout_for(cv, look, theme, Inline(theme.fam, theme.hex["accent"], look.separator,
                                                look.links == "address"))
    layout.long = long
    return layout


_THEMES = Recent()  # (look, paper, scales, language) -> the Theme: ~0.4 ms a build, its styles most of it


def theme_for(look, paper: Optional[str], type_scale: float, space_scale: float, language) -> Theme:
    """The theme of a look at a scale, made once for the builds that use the same look (the same
    object: :func:`cv_builder.layout.load` gives it again while its files are unchanged). A Theme
    is not changed once made, and neither are its styles (a flowable's own spacing is set on it)."""
    key = (id(look), paper, type_scale, space_scale, id(language))
    known = _THEMES.get(key)
    if known is None or known[0] is not look or known[1] is not language:
        known = (look, language, Theme(look, paper, type_scale, space_scale, language))
        _THEMES.put(key, known)
    return known[2]


def reading_order(cv, look, paper: Optional[str] = None) -> list:
    """The sections a look shows, in the order they are read (a sidebar's first)."""
    return make(cv, look, paper).reading_order()


def render(cv, look, paper: Optional[str] = None, type_scale: float = 1.0, space_scale: float = 1.0):
    """Lay out and draw the CV in a look; returns the PDF's bytes and what was noticed."""
    return document.draw(make(cv, look, paper, type_scale, space_scale))
