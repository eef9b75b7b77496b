"""The fonts a PDF is set in, registered once per process.

Families are data (``fonts/NAME.yaml``, read by :mod:`cv_builder.layout` into
:class:`~cv_builder.look.FontFamily` values); this module registers their
TrueType files with ReportLab under ``KEY-STYLE`` names. Only TrueType-outline
fonts embed in ReportLab, and each file must carry its own PostScript name,
otherwise ReportLab reuses the first face silently: :func:`family` checks both.

Characters a family lacks are drawn in the look's fallback family (DejaVu Sans
unless the look says otherwise); a character neither has is reported, never
silently drawn blank. The fallback is read only when a text needs it (most CVs
never do), and parsed faces come from :mod:`.fontcache` when they can: reading
fonts was most of a cold build's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import CVError, Position, Problem
from ..look import FontFamily


@dataclass
class Family:
    """Registered font names of one family, by style, and its fallback."""

    key: str
    names: dict[str, str]
    cmap: set  # code points the family's regular face has
    fallback_spec: Optional[FontFamily] = field(default=None, repr=False)

    def __getitem__(self, style: str) -> str:
        return self.names[style]

    @property
    def fallback(self) -> str:
        """The registered name of the fallback's regular face (registered when first drawn)."""
        return f"{self.fallback_spec.key}-regular" if self.fallback_spec else self.names["regular"]

    @property
    def fallback_bold(self) -> str:
        spec = self.fallback_spec
        if spec is None:
            return self.names["bold"]
        return f"{spec.key}-bold" if "bold" in spec.styles else self.fallback

    @property
    def fallback_cmap(self) -> set:
        """Code points the fallback font has (registers it)."""
        return use_fallback(self.fallback_spec) if self.fallback_spec else self.cmap


_CACHE: dict[tuple, Family] = {}
_FALLBACK: dict[str, set] = {}  # family key -> its cmap, once its faces are registered
_REGISTERED: set[str] = set()  # names registered here (what reset() forgets)


def use_fallback(spec: FontFamily) -> set:
    """Register a fallback family's faces (once per process); returns the code points they have."""
    known = _FALLBACK.get(spec.key)
    if known is None:
        from reportlab.lib.fonts import addMapping

        regular = _register(f"{spec.key}-regular", spec.path("regular"))
        bold = f"{spec.key}-bold" if "bold" in spec.styles else f"{spec.key}-regular"
        if "bold" in spec.styles:
            _register(bold, spec.path("bold"))
        for b in (0, 1):
            for i in (0, 1):
                addMapping(f"{spec.key}-regular", b, i, bold if b else f"{spec.key}-regular")
        known = _FALLBACK[spec.key] = set(regular.face.charToGlyph)
    return known


def _register(name: str, path: Path):
    """Register the font file at `path` under `name` (once per process); a file that
    cannot be used (missing, not a regular file, too large, damaged, not TrueType) is
    an error that names it."""
    from reportlab.pdfbase.ttfonts import TTFError

    from .fontcache import load
    from .rl_fixes import font_error, register, registered

    known = registered(name)
    if known is not None:
        return known
    try:
        font = load(name, path)
    except (OSError, TTFError) as exc:
        raise font_error(str(path), str(exc)) from None
    _REGISTERED.add(name)
    return register(font)


def family(spec: FontFamily, fallback: Optional[FontFamily] = None) -> Family:
    """Register a family's faces (once per process) and map <b>/<i> to them."""
    key = (spec.key, fallback.key if fallback else None)
    if key in _CACHE:
        return _CACHE[key]
    from reportlab.lib.fonts import addMapping

    names: dict[str, str] = {}
    faces = {}
    for style in spec.styles:
        name = f"{spec.key}-{style}"
        faces[style] = _register(name, spec.path(style))
        names[style] = name
    ps_names = [f.face.name for f in faces.values()]
    if len(set(ps_names)) != len(ps_names):
        raise CVError([Problem(f"two faces of the font family `{spec.key}` share a PostScript name; "
                               "one would silently replace the other", position=Position(spec.folder))])
    # <b> and <i> inside a paragraph pick faces through these mappings. The
    # regular face is mapped last so that its faces map back to it.
    for base, bold, italic, bolditalic in (("semibold", "bold", "semibolditalic", "bolditalic"),
                                           ("regular", "bold", "italic", "bolditalic")):
        if base not in names:
            continue
        addMapping(names[base], 0, 0, names[base])
        addMapping(names[base], 1, 0, names.get(bold, names[base]))
        addMapping(names[base], 0, 1, names.get(italic, names[base]))
        addMapping(names[base], 1, 1, names.get(bolditalic, names.get(bold, names[base])))
    fam = Family(spec.key, names, set(faces["regular"].face.charToGlyph), fallback)
    _CACHE[key] = fam
    return fam


def reset() -> None:
    """Forget the registered faces, so that the next build reads the font files
    again (``cv-builder watch`` calls this when a font changes). ReportLab also
    remembers each face by its PostScript name, which must go too, or a changed
    file would silently be drawn with the old face."""
    from .. import memo
    from .rl_fixes import unregister

    memo.clear()  # line breaks measured with the old faces
    for name in _REGISTERED:
        unregister(name)
    _REGISTERED.clear()
    _CACHE.clear()
    _FALLBACK.clear()
