"""The fonts a PDF is set in, registered once per process.

A family maps style names (regular, italic, semibold, bold, light, …) to
TrueType files in ``fonts/``. Only TrueType-outline fonts embed in ReportLab,
and each file must carry its own PostScript name, otherwise ReportLab reuses
the first face silently; :func:`family` checks both.

Characters the family lacks are drawn in the fallback font (DejaVu Sans); a
character neither has is reported, never silently drawn blank. The fallback is
read only when a text needs it (most CVs never do), and parsed faces come from
:mod:`.fontcache` when they can: reading fonts was most of a cold build's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CVError, Position, Problem
from ..resources import fonts_dir

FAMILIES: dict[str, dict[str, str]] = {
    "source-sans": {
        "regular": "SourceSans3-Regular.ttf",
        "italic": "SourceSans3-It.ttf",
        "semibold": "SourceSans3-Semibold.ttf",
        "semibolditalic": "SourceSans3-SemiboldIt.ttf",
        "bold": "SourceSans3-Bold.ttf",
        "bolditalic": "SourceSans3-BoldIt.ttf",
        "light": "SourceSans3-Light.ttf",
    },
}
FALLBACK = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@dataclass
class Family:
    """Registered font names of one family, by style."""

    key: str
    names: dict[str, str]
    cmap: set  # code points the family's regular face has
    fallback: str = "cv-fallback"  # registered name of the fallback face (see use_fallback)
    fallback_bold: str = "cv-fallback-bold"

    def __getitem__(self, style: str) -> str:
        return self.names[style]

    @property
    def fallback_cmap(self) -> set:
        """Code points the fallback font has (registers it)."""
        return use_fallback()

    def use_fallback(self) -> None:
        """Register the fallback faces before markup that names them is laid out."""
        use_fallback()


_CACHE: dict[str, Family] = {}
_FALLBACK: list = []  # [cmap] once the fallback faces are registered


def use_fallback() -> set:
    """Register the fallback faces (once per process); returns the code points they have."""
    if not _FALLBACK:
        folder = fonts_dir()
        fb = _register("cv-fallback", folder / FALLBACK["regular"])
        _register("cv-fallback-bold", folder / FALLBACK["bold"])
        _FALLBACK.append(set(fb.face.charToGlyph))
    return _FALLBACK[0]


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
    return register(font)


def family(key: str = "source-sans") -> Family:
    if key in _CACHE:
        return _CACHE[key]
    from reportlab.lib.fonts import addMapping

    if key not in FAMILIES:
        raise CVError([Problem(f"unknown font family `{key}`",
                               hint=f"families: {', '.join(FAMILIES)}")])
    folder = fonts_dir()
    names: dict[str, str] = {}
    faces = {}
    for style, filename in FAMILIES[key].items():
        name = f"{key}-{style}"
        faces[style] = _register(name, folder / filename)
        names[style] = name
    ps_names = [f.face.name for f in faces.values()]
    if len(set(ps_names)) != len(ps_names):
        raise CVError([Problem(f"two faces of the font family `{key}` share a PostScript name; "
                               "one would silently replace the other", position=Position(str(folder)))])
    # <b> and <i> inside a paragraph pick faces through these mappings. The
    # regular family is mapped last so that its faces map back to it.
    for base, bold, italic, bolditalic in (("semibold", "bold", "semibolditalic", "bolditalic"),
                                           ("regular", "bold", "italic", "bolditalic")):
        addMapping(names[base], 0, 0, names[base])
        addMapping(names[base], 1, 0, names[bold])
        addMapping(names[base], 0, 1, names[italic])
        addMapping(names[base], 1, 1, names[bolditalic])
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping("cv-fallback", bold, italic, "cv-fallback-bold" if bold else "cv-fallback")
    fam = Family(key, names, set(faces["regular"].face.charToGlyph))
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
    names = [f"{key}-{style}" for key, styles in FAMILIES.items() for style in styles]
    names += ["cv-fallback", "cv-fallback-bold"]
    for name in names:
        unregister(name)
    _CACHE.clear()
    _FALLBACK.clear()
