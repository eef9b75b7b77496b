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


#: the explicit bidi controls (embeddings, overrides, isolates: ⁧…⁩ in text copied from a
#: web page or a word processor): they order the text around them, and are never drawn
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_rtl(text: str) -> bool:
    """Whether the text holds right-to-left letters."""
    return not text.isascii() and RTL_CHARS.search(text) is not None


def needs_bidi(text: str) -> bool:
    """Whether the text must be reordered to be drawn: it holds right-to-left letters, or
    bidi controls (which the reordering consumes)."""
    return not text.isascii() and (RTL_CHARS.search(text) is not None or CONTROLS.search(text) is not None)


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


# A phone number: digits in three groups or more (seven digits at least), or after a "+" ("+971 4 123 4567",
# "03 123 4567"). In a right-to-left paragraph the bidi algorithm would set its groups
# right to left ("4567 123 4 971+"), which no one reads as the number. It is set as an
# LRI … PDI isolate would set it (with no such character to draw): a neutral among its
# neighbours, left to right inside.
PHONE_DIGITS = 7  # the fewest digits of a phone number: "123 4567"
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d{1,4}\)?(?:[ \u00a0\-.]\(?\d{1,5}\)?){2,}(?!\w)|\+\d[\d \u00a0\-.()]*\d")


#: the isolates of Unicode 6.3, which python-bidi's algorithm does not know (it stops on them),
#: as the embeddings it does: an isolate differs from an embedding only in how the neutrals at
#: its edges resolve; like the embeddings, they are left out of what is drawn (rule X9)
_ISOLATES = {"LRI": "LRE", "RLI": "RLE", "PDI": "PDF"}


def _isolates_as_embeddings(chars: list[dict]) -> None:
    """LRI, RLI, PDI (typed into copied text: ⁦…⁩) as LRE, RLE, PDF; FSI as the one of its
    first strong letter (rule P2 on the text it isolates)."""
    for k, ch in enumerate(chars):
        if ch["type"] in _ISOLATES:
            ch["type"] = _ISOLATES[ch["type"]]
        elif ch["type"] == "FSI":
            ch["type"] = "LRE"
            for later in chars[k + 1:]:
                if later["type"] in ("L", "R", "AL", "PDI"):
                    ch["type"] = "RLE" if later["type"] in ("R", "AL") else "LRE"
                    break


def _strong(kind: str) -> Optional[str]:
    """A resolved type as rule N0 sees it: L, or R (for R, AL and the numbers), else None."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _resolve_brackets(storage: dict) -> None:
    """Rule N0 of the bidi algorithm (Unicode 6.3), which python-bidi's predates: a pair of
    brackets takes the direction of what it encloses when that is the paragraph's, else that
    of the text before it when it encloses only the other direction. Without it, "عملت في
    Google (Mountain View)" was drawn "(Google (Mountain View …": the closing bracket, between
    a Latin word and the paragraph's end, took the paragraph's direction and was mirrored.

    The pairs (rule BD16) are found in each level run, among the brackets still neutral (ON):
    an opening punctuation mark (Ps) and the closing one (Pe) it mirrors to."""
    from bidi.mirror import MIRRORED  # 1.1 ms: only for right-to-left text

    chars = storage["chars"]
    for run in storage["runs"]:
        seq = chars[run["start"]:run["start"] + run["length"]]
        if not seq:
            continue
        embedding = "R" if seq[0]["level"] % 2 else "L"
        pairs, stack = [], []
        for k, ch in enumerate(seq):
            if ch["type"] != "ON" or ch["ch"] not in MIRRORED:
                continue
            kind = unicodedata.category(ch["ch"])
            if kind == "Ps":
                if len(stack) == 63:  # BD16: deeper nesting stops the search
                    break
                stack.append((MIRRORED[ch["ch"]], k))
            elif kind == "Pe":
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == ch["ch"]:
                        pairs.append((stack[depth][1], k))
                        del stack[depth:]
                        break
        for opening, closing in sorted(pairs):
            inside = {_strong(ch["type"]) for ch in seq[opening + 1:closing]} - {None}
            if not inside:
                continue  # (N1 and N2 resolve them)
            if embedding in inside:
                direction = embedding
            else:  # only the other direction inside: it is the pair's if the text before is in it
                before = next((_strong(ch["type"]) for ch in reversed(seq[:opening]) if _strong(ch["type"])),
                              run["sor"])
                direction = before if before != embedding else embedding
            for k in (opening, closing):
                seq[k]["type"] = direction
                for mark in seq[k + 1:]:  # a combining mark after a bracket goes with it
                    if unicodedata.bidirectional(mark["ch"]) != "NSM":
                        break
                    mark["type"] = direction


def visual_order(text: str, direction: Optional[str] = None) -> list[tuple[int, str]]:
    """One line's characters in drawing order, left to right, as (index in ``text``,
    character to draw): brackets in right-to-left runs mirrored, a combining mark in a
    right-to-left run drawn just before its letter (see below), the invisible bidi
    controls left out, a phone number left to right."""
    if not needs_bidi(text) and base_level(text, direction) == 0:
        return list(enumerate(text))
    from bidi import algorithm as uba  # 1.3 ms, only for right-to-left text: the reference algorithm (python-bidi)

    storage = uba.get_empty_storage()
    level = base_level(text, direction)
    storage["base_level"], storage["base_dir"] = level, ("L", "R")[level]
    uba.get_embedding_levels(text, storage)
    chars = storage["chars"]
    for i, ch in enumerate(chars):
        ch["i"] = i
    _isolates_as_embeddings(chars)
    phones = []
    if len(chars) == len(text):  # (one entry a character: no surrogate pairs joined)
        for m in _PHONE.finditer(text):
            if sum(c.isdigit() for c in m.group()) >= PHONE_DIGITS:  # (not "2.1 (2024)": a version, a year)
                phones += chars[m.start():m.end()]
        for ch in phones:
            ch["type"] = "ON"  # a neutral to its neighbours …
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    _resolve_brackets(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    for ch in phones:  # … and left to right inside: an even level
        ch["level"] += ch["level"] % 2
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    # A combining mark (a haraka, a niqqud point) comes out of a reversed run before its
    # letter, and so it stays: the shipped right-to-left fonts (Noto Sans Arabic, Noto Sans
    # Hebrew, DejaVu Sans's Hebrew) draw each mark, zero wide, to the right of where the pen
    # stands, that is over the letter drawn next. (Moved after its letter, a kasra stood
    # beside its meem, not under it: tests/test_rtl.py measures the ink.)
    return [(ch["i"], ch["ch"]) for ch in storage["chars"]]


def extracted(text: str, direction: Optional[str] = None) -> str:
    """A line of logical text as a reader that takes the glyphs in the order they are
    drawn (no bidi step: pypdf, pdfminer, our own check) reads it back: reordered and
    mirrored as drawn, its joined forms mapped back to letters (:func:`glyph_unicode`)."""
    if not needs_bidi(text):
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
