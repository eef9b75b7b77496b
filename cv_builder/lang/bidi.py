"""Right-to-left text: from the logical order a CV is written in to what is drawn.

ReportLab 5.1 draws each line's characters left to right, in the order given.
Its own right-to-left support (``wordWrap='RTL'``) needs ``rlbidi``, a package that
is not on PyPI, and even with it the paragraph path that our markup takes (several
fragments: fonts, bold, links) has its reordering switched off (``bidiSort = False
#doBidi`` in ``Paragraph.breakLines``); its shaping (``shaping=1``, uharfbuzz)
joins Arabic letters but also makes Latin ligatures (ﬁ), which a parser reads as
one odd character. So this module does both steps itself, with two small
pure-Python libraries:

1. **Shaping** (:func:`shape`, arabic-reshaper): Arabic letters take their joined
   forms (initial, medial, final, isolated: the Unicode presentation forms, which
   the shipped Arabic font maps), and lam + alef become their ligature. This stays
   in logical order and is done *before* lines are broken, so that widths are the
   widths of what is drawn.
2. **Ordering** (:func:`visual_order`, the Unicode bidirectional algorithm as
   python-bidi implements it): each *line*, once broken, is reordered for
   drawing: runs of right-to-left letters reversed, numbers and Latin words kept
   left to right inside them, brackets mirrored. A paragraph is reordered line by
   line (reordering it whole and then breaking it would put its first words on
   its last line).

The text layer: the glyphs are drawn in visual order, as in every PDF that shows
right-to-left text correctly (what word processors and browsers write). Readers
that run the bidi algorithm on extraction (pdfium, poppler's pdftotext, PDFBox)
give back the logical order; pdfminer and pdfplumber, which have none
(pdfminer.six issue #515), give reversed letters, as they do for any such PDF.
``/ActualText`` spans with the logical text were measured as the alternative
and made it *worse*: pdfium and poppler apply their bidi step to the actual text
too and reverse it (tests/test_rtl.py keeps the measurement). The joined forms
are read back as the letters they stand for through the font's ToUnicode map,
which :func:`glyph_unicode` gives for each drawn character.

Both libraries are imported only when a text has right-to-left letters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Optional, Sequence, TypeVar

#: Hebrew, Arabic, Syriac, Thaana, N'Ko, … and the Arabic and Hebrew presentation forms
RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")

_RESHAPER: list = []
_REQUIRED_LIGATURES = {"ARABIC LIGATURE LAM WITH ALEF", "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
                       "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW", "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE"}


def has_rtl(text: str) -> bool:
    """Whether the text holds right-to-left letters (and so needs this module)."""
    return not text.isascii() and RTL_CHARS.search(text) is not None


def shape(text: str) -> str:
    """Arabic letters in their joined forms (logical order kept); other text as it is.
    Diacritics (harakat) are kept; the only ligatures made are lam + alef, which Arabic
    requires (the optional ones, such as ﷲ, would read back as one odd character)."""
    if text.isascii() or not ARABIC_LETTERS.search(text):
        return text
    if not _RESHAPER:
        import arabic_reshaper  # ~3 ms, only for a text with Arabic letters

        config = {"delete_harakat": False, "support_ligatures": True}
        for name in arabic_reshaper.reshaper_config.default_config:
            if name.startswith("ARABIC LIGATURE"):
                config[name] = name in _REQUIRED_LIGATURES
        _RESHAPER.append(arabic_reshaper.ArabicReshaper(configuration=config))
    return _RESHAPER[0].reshape(text)


def logical(text: str) -> str:
    """What :func:`shape` made, back as the letters it came from (the joined forms and
    the lam-alef ligature as plain Arabic letters): the text a reader should extract."""
    if text.isascii() or not _PRESENTATION.search(text):
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def glyph_unicode(c: str) -> str:
    """The text a drawn character stands for, in a font's ToUnicode map: a joined form is
    its letter (ﺑ -> ب); a ligature its letters, *in drawing order* (ﻻ -> "ال", lam on
    the right): readers put what the map gives where the glyph is drawn and then run the
    bidi algorithm over the line, which turns the pair back into lam, alef."""
    text = logical(c)
    return text[::-1] if len(text) > 1 and has_rtl(text) else text


def base_level(text: str, direction: Optional[str] = None) -> int:
    """The paragraph's direction as a bidi level: 1 for 'rtl', 0 for 'ltr', else from
    its first strong letter (rule P2)."""
    if direction in ("rtl", "ltr"):
        return 1 if direction == "rtl" else 0
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return 1
        if kind == "L":
            return 0
    return 0


def paragraph_direction(text: str, default: Optional[str] = None) -> Optional[str]:
    """A paragraph's direction from its first strong letter (rules P2 and P3): 'rtl' or
    'ltr'; ``default`` (the CV's direction) when it has no letter ("2019 – 2023")."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default


# A phone number: digits in three groups or more, or after a "+" ("+971 4 123 4567",
# "03 123 4567"). In a right-to-left paragraph the bidi algorithm would set its groups
# right to left ("4567 123 4 971+"), which no one reads as the number. It is set as an
# LRI … PDI isolate would set it (with no such character to draw): a neutral among its
# neighbours, left to right inside.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d{1,4}\)?(?:[ \u00a0\-.]\(?\d{1,5}\)?){2,}(?!\w)|\+\d[\d \u00a0\-.()]*\d")


def visual_order(text: str, direction: Optional[str] = None) -> list[tuple[int, str]]:
    """One line's characters in drawing order, left to right, as (index in ``text``,
    character to draw): brackets in right-to-left runs mirrored, a combining mark kept
    after its letter, the invisible bidi controls left out, a phone number left to right."""
    if not has_rtl(text) and base_level(text, direction) == 0:
        return list(enumerate(text))
    from bidi import algorithm as uba  # the reference algorithm in Python (python-bidi)

    storage = uba.get_empty_storage()
    level = base_level(text, direction)
    storage["base_level"], storage["base_dir"] = level, ("L", "R")[level]
    uba.get_embedding_levels(text, storage)
    chars = storage["chars"]
    for i, ch in enumerate(chars):
        ch["i"] = i
    phones = []
    if len(chars) == len(text):  # (one entry a character: no surrogate pairs joined)
        for m in _PHONE.finditer(text):
            phones += chars[m.start():m.end()]
        for ch in phones:
            ch["type"] = "ON"  # a neutral to its neighbours …
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    for ch in phones:  # … and left to right inside: an even level
        ch["level"] += ch["level"] % 2
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    out = [(ch["i"], ch["ch"]) for ch in storage["chars"]]
    return _marks_after_letters(out, text)


def _marks_after_letters(order: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """A reversed run puts a combining mark before its letter; fonts draw a mark over
    the glyph drawn before it, so it goes back after its letter."""
    out = list(order)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and unicodedata.combining(text[out[j][0]]) and out[j][0] > 0:
            j += 1
        if j > i and j < len(out) and out[j][0] < out[i][0]:  # marks, then the letter they follow
            out[i:j + 1] = [out[j]] + out[i:j][::-1]
            i = j + 1
        else:
            i = max(j, i + 1)
    return out


def extracted(text: str, direction: Optional[str] = None) -> str:
    """A line of logical text as a reader that takes the glyphs in the order they are
    drawn (no bidi step: pypdf, pdfminer, our own check) reads it back: reordered and
    mirrored as drawn, its joined forms mapped back to letters (:func:`glyph_unicode`)."""
    if not has_rtl(text):
        return text
    return "".join(c for _, c in visual_order(text, direction))


def logical_line(drawn: str) -> str:
    """A line read in drawing order (left to right, as pdfminer.six and pypdf read it) put
    back in logical order, as readers with a bidi step (pdftotext, pdfium) do: the bidi
    algorithm applied to the line, right to left when most of its letters are. (Reordering
    is its own inverse for the runs of one line; brackets are mirrored back.)"""
    rtl = sum(1 for c in drawn if unicodedata.bidirectional(c) in ("R", "AL"))
    ltr = sum(1 for c in drawn if unicodedata.bidirectional(c) == "L")
    return "".join(c for _, c in visual_order(drawn, "rtl" if rtl >= ltr else "ltr"))


def visual(text: str, direction: Optional[str] = None) -> str:
    """One line of logical text as it is drawn, left to right: shaped, then reordered.
    For text set on one line (a name, a title, a date); a paragraph is reordered line by
    line (:func:`visual_runs`)."""
    shaped = shape(text)
    return "".join(c for _, c in visual_order(shaped, direction))


T = TypeVar("T")


def visual_runs(pieces: Sequence[T], text_of: Callable[[T], str], remake: Callable[[T, str], T],
                direction: Optional[str] = None) -> list[T]:
    """One broken line made of styled pieces (ReportLab's fragments: a font, bold, a link
    each), in drawing order: the line's text is reordered as one, and cut back into
    pieces wherever the style changes. ``remake(piece, text)`` copies a piece with
    other text; a piece holds its style, so a bold word stays bold wherever it goes."""
    texts = [text_of(p) for p in pieces]
    line = "".join(texts)
    owner: list[int] = []
    for k, t in enumerate(texts):
        owner += [k] * len(t)
    order = visual_order(line, direction)
    out: list[T] = []
    run: list[str] = []
    current = None
    for i, c in order:
        k = owner[i]
        if k != current and run:
            out.append(remake(pieces[current], "".join(run)))
            run = []
        current = k
        run.append(c)
    if run:
        out.append(remake(pieces[current], "".join(run)))
    return out
