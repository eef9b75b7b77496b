"""The fonts a PDF is set in, registered once per process, and the fallback chain.

Families are data (``fonts/NAME.yaml``, read by :mod:`cv_builder.layout` into
:class:`~cv_builder.look.FontFamily` values); this module registers their
TrueType files with ReportLab under ``KEY-STYLE`` names. Only TrueType-outline
fonts embed in ReportLab, and each file must carry its own PostScript name,
otherwise ReportLab reuses the first face silently: :func:`family` checks both.

Characters a face lacks are drawn in a family of the look's *fallback chain*:
the family of the character's own script where the CV needs one (Droid Sans
Fallback for Han, kana and Hangul, Noto Sans Arabic, Noto Sans Hebrew: see
:func:`cv_builder.lang.scripts.fallback_chain`), else the look's own fallbacks
in order (DejaVu Sans unless the look says otherwise). The choice is made per
character of each parsed fragment of a paragraph (:func:`fallback_frags`, which
:class:`FontFallback` runs when a ``Paragraph`` parses its markup), after the
markup is parsed, so that a fallback run keeps its fragment's weight: a bold
title's Chinese characters are set in the fallback's bold (or, for a family with
one weight, in its regular face drawn emboldened: :data:`SYNTHETIC_BOLD`). A
character no family of the chain has is reported, never silently drawn blank.

A fallback is read only when a text needs it (most CVs never do), and parsed
faces come from :mod:`.fontcache` when they can: reading fonts was most of a
cold build's time.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Iterable, Optional

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from .. import memo
from ..errors import CVError, Position, Problem
from ..lang.scripts import FAMILY, script
from ..look import FontFamily
from ..record import record
from . import fontcache, rl_fixes

#: registered names of faces drawn emboldened (a family without a bold face): the
#: regular face, filled and stroked (:func:`cv_builder.lang.pdf.synthetic_bold`)
SYNTHETIC_BOLD: set[str] = set()
_STYLE: dict[str, str] = {}  # registered name -> the style of the face it draws with
_SPECS: dict[str, FontFamily] = {}  # key -> the fallback family of that key (what a style's chain names)
_WHITE = frozenset(" \t\n\r\u00a0")
_CHARS: dict[int, tuple] = {}  # id(cmap) -> (the cmap, its characters): see Family.chars


@record
class Family:
    """Registered font names of one family, by style, and the fallback chain behind it."""

    key: str
    names: dict[str, str]
    cmap: set = field(repr=False)  # code points the family's regular face has
    chain: tuple = field(default=(), repr=False)  # FontFamily values: the fallback chain (see chain())

    def __getitem__(self, style: str) -> str:
        return self.names[style]

    @property
    def chain_keys(self) -> tuple[str, ...]:
        """The keys of the fallback chain, as a paragraph style carries them (``cv_fallback``)."""
        return tuple(spec.key for spec in self.chain)

    @property
    def chars(self) -> frozenset:
        """The characters of :attr:`cmap` (a text the family draws whole: ``chars.issuperset(text)``,
        one pass in C where a loop over its characters took ~0.5 ms a build)."""
        known = _CHARS.get(id(self.cmap))
        if known is None or known[0] is not self.cmap:
            if len(_CHARS) > 64:  # (families are kept by the process: a few; a font file changed: a few more)
                _CHARS.clear()
            known = _CHARS[id(self.cmap)] = (self.cmap, frozenset(map(chr, self.cmap)))
        return known[1]

    def covers(self, c: str) -> bool:
        """Whether a character is drawn: the family has it, or a family of its chain."""
        return ord(c) in self.cmap or c in _WHITE or fallback_for(c, self.chain) is not None


def style_of(name: str) -> str:
    """The style of a registered face ('regular', 'bold', 'semibolditalic', …), as the
    self-check should find it in the PDF (a face drawn emboldened is its regular one)."""
    return _STYLE.get(name, "regular")


def use_fallback(spec: FontFamily):
    """Register a fallback family's faces (once per process); returns their character map
    (code point -> glyph).

    Its bold is ``KEY-bold``: the family's bold face, or (a family of one weight, such as
    the CJK one) its regular face under that name, which the canvas draws emboldened."""
    known = _FALLBACK.get(spec.key)
    if known is None:
        regular_name, bold = f"{spec.key}-regular", f"{spec.key}-bold"
        regular = _register(regular_name, spec.path("regular"))
        _STYLE[regular_name] = "regular"
        if "bold" in spec.styles:
            _register(bold, spec.path("bold"))
            _STYLE[bold] = "bold"
        else:
            _alias(bold, regular)
        for b in (0, 1):
            for i in (0, 1):
                addMapping(regular_name, b, i, bold if b else regular_name)
        _SPECS[spec.key] = spec
        known = _FALLBACK[spec.key] = regular.face.charToGlyph  # (a dict: a set of the CJK font's costs 5 ms)
    return known


def _alias(name: str, font) -> None:
    """``name`` registered as another name of ``font``: text set in it is coded, subset and
    embedded as the font's own (one font in the PDF), and drawn emboldened."""
    if rl_fixes.registered(name) is None:
        pdfmetrics._fonts[name] = font
        _REGISTERED.add(name)
    SYNTHETIC_BOLD.add(name)
    _STYLE[name] = "regular"


_ROUTES: dict[tuple, Optional[FontFamily]] = {}  # (chain keys, character) -> the family that draws it


def fallback_for(c: str, chain: tuple) -> Optional[FontFamily]:
    """The family of a fallback chain that draws a character its text's font lacks: the
    family of the character's own script (Droid Sans Fallback for 中, Noto Sans Arabic for
    ب) if the chain has it, else the others in order, the look's own first; None when no
    family has it."""
    if not chain:
        return None
    key = (tuple(s.key for s in chain), c)
    if key in _ROUTES:
        return _ROUTES[key]
    own = FAMILY.get(script(c))
    ordered = sorted(chain, key=lambda s: 0 if s.key == own else 2 if s.key in FAMILY.values() else 1)
    found = next((spec for spec in ordered if ord(c) in use_fallback(spec)), None)
    if len(_ROUTES) > 100_000:
        _ROUTES.clear()
    _ROUTES[key] = found
    return found


def fallback_frags(frags: list, style) -> list:
    """A paragraph's parsed fragments with each character its fragment's font lacks set in
    the family of the style's fallback chain (``style.cv_fallback``) that has it: a
    fragment is cut into runs of one font each, every run keeping the fragment's colour,
    link, size and weight (a bold fragment's run in the fallback's bold)."""
    keys = getattr(style, "cv_fallback", None)
    if not keys:
        return frags
    out = None
    for i, f in enumerate(frags):
        text = getattr(f, "text", None)
        if not text or not isinstance(text, str) or text.isascii():
            if out is not None:
                out.append(f)
            continue
        font = f.fontName
        cmap = _cmap(font)
        if cmap is None or all(ord(c) in cmap or c in _WHITE for c in text):
            if out is not None:
                out.append(f)
            continue
        chain = tuple(_SPECS[k] for k in keys if k in _SPECS)
        bold = "bold" in style_of(font)
        runs: list[list] = []
        for c in text:
            name = font
            if c in _WHITE:
                if runs and runs[-1][0] != font and ord(c) in _cmap(runs[-1][0]):
                    name = runs[-1][0]  # a space between words of a fallback run stays in the run
            elif ord(c) not in cmap:
                spec = fallback_for(c, chain)
                if spec is not None:
                    name = f"{spec.key}-bold" if bold else f"{spec.key}-regular"
            if runs and runs[-1][0] == name:
                runs[-1][1].append(c)
            else:
                runs.append([name, [c]])
        if out is None:
            out = list(frags[:i])
        out.extend(f.clone(text="".join(chars), fontName=name) for name, chars in runs)
    return frags if out is None else out


def _cmap(name: str) -> Optional[dict]:
    font = rl_fixes.registered(name)
    face = getattr(font, "face", None)
    return getattr(face, "charToGlyph", None)


class FontFallback:
    """A mixin for a ``Paragraph`` (before it in the bases): once its markup is parsed, each
    character its font lacks is set in the fallback chain's family that has it
    (:func:`fallback_frags`). Fragments handed over ready (a split's, a cache's) are used as
    they are."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N802,N803 - ReportLab's names
        parsed = frags is None
        super()._setup(text, style, bulletText, frags, cleaner)
        if parsed:
            self.frags = fallback_frags(self.frags, style)


def chain(look_fallbacks: Iterable[FontFamily]) -> tuple:
    """The fallback chain of a look (its ``families['fallback']``, which the build extends with
    the families of the CV's scripts): registered lazily, as characters need them."""
    out = tuple(look_fallbacks)
    for spec in out:
        _SPECS.setdefault(spec.key, spec)
    return out


_CACHE: dict[tuple, Family] = {}
_FALLBACK: dict[str, dict] = {}  # family key -> its cmap (code point -> glyph), once its faces are registered
_REGISTERED: set[str] = set()  # names registered here (what reset() forgets)


def _register(name: str, path: Path):
    """Register the font file at `path` under `name` (once per process); a file that
    cannot be used (missing, not a regular file, too large, damaged, not TrueType) is
    an error that names it."""
    known = rl_fixes.registered(name)
    if known is not None:
        return known
    try:
        font = fontcache.load(name, path)
    except (OSError, TTFError) as exc:
        raise rl_fixes.font_error(str(path), str(exc)) from None
    _REGISTERED.add(name)
    return rl_fixes.register(font)


def family(spec: FontFamily, fallbacks: Iterable[FontFamily] = ()) -> Family:
    """Register a family's faces (once per process) and map <b>/<i> to them; ``fallbacks``
    is the chain behind it (see :func:`chain`), or one family."""
    fallbacks = chain([fallbacks] if isinstance(fallbacks, FontFamily) else fallbacks or ())
    key = (spec.key, tuple(s.key for s in fallbacks))
    if key in _CACHE:
        return _CACHE[key]
    names: dict[str, str] = {}
    faces = {}
    for style in spec.styles:
        name = f"{spec.key}-{style}"
        faces[style] = _register(name, spec.path(style))
        names[style] = name
        _STYLE[name] = style
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
    fam = Family(spec.key, names, set(faces["regular"].face.charToGlyph), fallbacks)
    _CACHE[key] = fam
    return fam


def reset() -> None:
    """Forget the registered faces, so that the next build reads the font files
    again (``cv-builder watch`` calls this when a font changes). ReportLab also
    remembers each face by its PostScript name, which must go too, or a changed
    file would silently be drawn with the old face."""
    memo.clear()  # line breaks measured with the old faces
    for name in _REGISTERED:
        rl_fixes.unregister(name)
    _REGISTERED.clear()
    _CACHE.clear()
    _FALLBACK.clear()
    _ROUTES.clear()
    SYNTHETIC_BOLD.clear()
