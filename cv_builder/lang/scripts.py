"""Which script each character is in, which shipped font draws it, and which scripts
cv-builder cannot set.

The fonts: a look names its own families and a fallback chain (``fallback:`` in a
look, DejaVu Sans by default). A CV whose text holds Han, Kana, Hangul, Arabic or
Hebrew letters needs a family for them too; :func:`fallback_chain` puts it in front
of the look's chain, and only then: an English CV never reads the CJK font.

=========================  ==============================================
script                     family (fonts/NAME.yaml)
=========================  ==============================================
Han, Hiragana, Katakana,   droid-sans-fallback (one weight: bold is stroked,
Bopomofo, Hangul, CJK      :func:`cv_builder.lang.pdf.synthetic_bold`)
punctuation, fullwidth
Arabic                     noto-sans-arabic (regular, bold; the presentation
                           forms that :func:`cv_builder.lang.bidi.shape` makes)
Hebrew                     noto-sans-hebrew (regular, bold)
Latin, Greek, Cyrillic,    the look's families, then DejaVu Sans
Armenian, Georgian
=========================  ==============================================

Scripts whose letters change shape or position with their neighbours in ways a
font's character map cannot express (the Indic scripts, Thai, Khmer, Myanmar,
Tibetan, Syriac, …) need a shaping engine, which cv-builder does not run: drawn
letter by letter they come out wrong though every glyph is there. :func:`unsupported`
names them, per field, as errors.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Optional

from ..errors import Position, Problem
from ..memo import Recent
from . import SCRIPT_NAMES

# (first, last, script) for the blocks that matter here; everything else is "Zyyy"
# (common: digits, punctuation, symbols) or, for letters, looked up in unicodedata.
_RANGES = sorted([
    (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00C0, 0x024F, "Latn"), (0x1E00, 0x1EFF, "Latn"),
    (0x0370, 0x03FF, "Grek"), (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"), (0x1C80, 0x1C8F, "Cyrl"), (0x2DE0, 0x2DFF, "Cyrl"), (0xA640, 0xA69F, "Cyrl"),
    (0x0530, 0x058F, "Armn"), (0x10A0, 0x10FF, "Geor"), (0x2D00, 0x2D2F, "Geor"),
    (0x0590, 0x05FF, "Hebr"), (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"), (0x0750, 0x077F, "Arab"), (0x0870, 0x08FF, "Arab"), (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFE, "Arab"),
    (0x0700, 0x074F, "Syrc"), (0x0780, 0x07BF, "Thaa"), (0x07C0, 0x07FF, "Nkoo"),
    (0x0900, 0x097F, "Deva"), (0xA8E0, 0xA8FF, "Deva"), (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"), (0x0B00, 0x0B7F, "Orya"), (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"), (0x0D00, 0x0D7F, "Mlym"), (0x0D80, 0x0DFF, "Sinh"), (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"), (0x0F00, 0x0FFF, "Tibt"), (0x1000, 0x109F, "Mymr"), (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"), (0x1200, 0x139F, "Ethi"),
    (0x1100, 0x11FF, "Hang"), (0x3130, 0x318F, "Hang"), (0xA960, 0xA97F, "Hang"), (0xAC00, 0xD7AF, "Hang"),
    (0xFFA0, 0xFFDC, "Hang"),
    (0x3040, 0x309F, "Hira"), (0x30A0, 0x30FF, "Kana"), (0x31F0, 0x31FF, "Kana"), (0xFF66, 0xFF9F, "Kana"),
    (0x3100, 0x312F, "Bopo"), (0x31A0, 0x31BF, "Bopo"),
    (0x2E80, 0x2FDF, "Hani"), (0x3005, 0x3007, "Hani"), (0x3021, 0x3029, "Hani"), (0x3038, 0x303B, "Hani"),
    (0x3400, 0x4DBF, "Hani"), (0x4E00, 0x9FFF, "Hani"), (0xF900, 0xFAFF, "Hani"), (0x20000, 0x3FFFF, "Hani"),
    (0x3000, 0x3004, "Zcjk"), (0x3008, 0x3020, "Zcjk"), (0x3030, 0x3037, "Zcjk"), (0x303C, 0x303F, "Zcjk"),
    (0x3190, 0x319F, "Zcjk"), (0x31C0, 0x31EF, "Zcjk"), (0x3200, 0x33FF, "Zcjk"), (0xFE30, 0xFE4F, "Zcjk"),
    (0xFF01, 0xFF65, "Zcjk"), (0xFFE0, 0xFFEE, "Zcjk"),
])
#: the Latin ligature characters (ﬁ ﬂ …) and their letters: the data's are replaced by their
#: letters (schema), and a text layer holding any is broken for parsers (pdfcheck)
LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}

_STARTS = [r[0] for r in _RANGES]

#: scripts whose letters need a shaping engine (reordering, conjuncts, mark positioning)
NEEDS_SHAPING = frozenset({"Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai",
                           "Laoo", "Tibt", "Mymr", "Khmr", "Mong", "Syrc", "Nkoo"})
#: "Zcjk" is CJK punctuation and fullwidth forms: common to Chinese, Japanese and Korean
_CJK = ("Hani", "Hira", "Kana", "Bopo", "Hang", "Zcjk")
#: script -> the family that draws it, when the look's own fonts do not
FAMILY = {**{s: "droid-sans-fallback" for s in _CJK}, "Arab": "noto-sans-arabic", "Hebr": "noto-sans-hebrew"}
NAMES = {**SCRIPT_NAMES, "Hira": "Hiragana", "Kana": "Katakana", "Bopo": "Bopomofo", "Hang": "Hangul",
         "Zcjk": "CJK punctuation", "Nkoo": "N'Ko", "Ethi": "Ethiopic"}


def script(c: str) -> str:
    """The ISO 15924 code of a character's script ("Zyyy" for digits, punctuation,
    symbols and anything not listed; "Zcjk" for CJK punctuation and fullwidth forms)."""
    o = ord(c)
    if o < 0x41:
        return "Zyyy"
    i = bisect.bisect_right(_STARTS, o) - 1
    if i >= 0 and _RANGES[i][0] <= o <= _RANGES[i][1]:
        return _RANGES[i][2]
    return "Zyyy"


_SCRIPTS = Recent()  # text -> its scripts (each build asks for every text of the CV: ~0.4 ms a build)


def scripts(text: str) -> frozenset[str]:
    """The scripts of a text's letters (common characters left out)."""
    if text.isascii():
        return _LATIN if any(c.isalpha() for c in text) else _NONE
    found = _SCRIPTS.get(text)
    if found is None:
        found = frozenset(map(script, text)) - _COMMON
        _SCRIPTS.put(text, found)
    return found


_LATIN, _NONE, _COMMON = frozenset({"Latn"}), frozenset(), frozenset({"Zyyy"})


def fallback_chain(texts: Iterable[str], look_fallback: list[str]) -> list[str]:
    """The families to draw what the look's fonts lack: the family of each script the
    texts use that needs one (CJK, Arabic, Hebrew), then the look's own chain."""
    needed: list[str] = []
    for text in texts:
        if text.isascii():
            continue
        for s in scripts(text):
            family = FAMILY.get(s)
            if family and family not in needed:
                needed.append(family)
    return needed + [f for f in look_fallback if f not in needed]


def unsupported(strings: Iterable[tuple[str, Optional[Position], str]]) -> list[Problem]:
    """One error per field whose text is in a script cv-builder cannot set (it needs a
    shaping engine): the field, its place, the characters and the script. ``strings``
    are (text, position, path), as :attr:`cv_builder.model.CV.strings` holds them."""
    problems = []
    for text, position, path in strings:
        if text.isascii() or NEEDS_SHAPING.isdisjoint(scripts(text)):
            continue
        found: dict[str, str] = {}  # script -> the first stretch of text written in it
        for i, c in enumerate(text):
            s = script(c)
            if s in NEEDS_SHAPING and s not in found:
                end = i
                while end < len(text) and end - i < 24 and (script(text[end]) in (s, "Zyyy") or text[end] == " "):
                    end += 1
                found[s] = text[i:end].strip(" ,;:.()[]{}") + ("…" if end < len(text) and script(text[end]) == s else "")
        for s, sample in found.items():
            problems.append(Problem(
                f"the text is in {NAMES.get(s, s)} ({sample}), which cv-builder cannot set correctly: its letters "
                "need a shaping engine, and drawn one by one they would come out wrong",
                position=position, path=path,
                hint="write this field in a script cv-builder sets (Latin, Cyrillic, Greek, Chinese, Japanese, "
                     "Korean, Arabic, Hebrew), e.g. transliterated"))
    return problems
