"""CV text to ReportLab paragraph markup, the only way text reaches ReportLab.

Every character from the data is escaped, so ``<img src=…>`` or ``&`` in a CV
is printed, never interpreted. Emphasis and links come only from the project's
own parsed spans (:mod:`cv_builder.markup`). Arabic letters take their joined
forms here (:func:`cv_builder.lang.bidi.shape`: widths are then those of what
is drawn); which font draws each character is chosen once the markup is parsed
(:func:`.fonts.fallback_frags`). What cannot be drawn is noted as it goes by:
characters no font of the chain has (:func:`missing_glyphs` reports them) and
scripts that need a shaping engine (:func:`unsupported_scripts`).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Union

from .. import urls
from ..errors import Problem
from ..lang import bidi
from ..markup import Span, Text
from .fonts import Family


# A short number and the word after it stay on one line ("2 people", "8 months",
# "12B Flux"), as a LaTeX author ties them with ~; a year does not ("ICLR 2024
# Spotlight" may break after the year, not before it), nor does a number that
# ends a word ("FLUX.1 Kontext", "v2 model"). A no-break space is drawn, and
# read back by a parser, as a space.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\d[\d,.]{0,4}[A-Za-z×%+]? (?=[^\W\d_])")


def _tie(m: re.Match) -> str:
    text, start = m.string, m.start()
    before = text[start - 1] if start else ""
    if before in ("~", "$", "€", "£"):  # ~2 months, $300M raised
        before = text[start - 2] if start > 1 else ""
    number = m.group()[:-1]
    if before.isalnum() or (before and before in "_.,") or (len(number) == 4 and number[:2] in ("19", "20") and number.isdigit()):
        return m.group()
    return number + "\u00a0"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def address(href: str) -> str:
    """A link's address as a reader types it: without its scheme (``https://``, ``mailto:``,
    ``tel:``) or a trailing slash: github.com/ada, ada@example.org."""
    return re.sub(r"^(?:https?://|mailto:|tel:)", "", href.strip(), flags=re.IGNORECASE).rstrip("/")


KEEP = 40  # the longest phrase kept on one line (Inline.chars)


class Inline:
    """Text to markup, for one look: its fonts, its link colour, the separator that joins the
    parts of a line, and whether a link shows its label or its address (``addresses``)."""

    def __init__(self, fam: Family, link_color: str, separator: str = "·", addresses: bool = False):
        self.fam = fam
        self.link_color = link_color
        # a no-break space before the mark: a line may end with it (Para then drops it), never begin with it
        self.separator = f"\u00a0{separator} "
        self.addresses = addresses
        self.blank: dict[str, set[str]] = {}  # text drawn -> its characters no font of the chain has
        self.unshaped: dict[str, set[str]] = {}  # text drawn -> its letters of scripts that need a shaper

    def chars(self, text: str, keep: bool = False) -> str:
        """Escape text (Arabic letters joined). ``keep`` joins its words with no-break
        spaces: a short phrase (a tag, a venue, a role) is never broken across lines (a phrase
        longer than :data:`KEEP` characters is broken as any text, never inside a word)."""
        if not text.isascii():
            text = self._drawable(text)
        if keep and len(text) <= KEEP:
            text = text.replace(" ", "\u00a0")
        elif _DIGIT.search(text):
            text = _NUMBER_WORD.sub(_tie, text)
        return escape(text)

    def _drawable(self, text: str) -> str:
        """Note what of a text cannot be drawn; Arabic letters in their joined forms."""
        fam, given = self.fam, text
        cmap = fam.cmap
        if not fam.chars.issuperset(text):
            from ..lang.scripts import NEEDS_SHAPING, script

            unshaped = {c for c in text if ord(c) not in cmap and script(c) in NEEDS_SHAPING}
            if unshaped:  # (reported as a script that needs a shaper, not as missing glyphs)
                self.unshaped.setdefault(given, set()).update(unshaped)
            blank = {c for c in text if not fam.covers(c) and c not in "\n\t\r" and c not in unshaped
                     and not bidi.CONTROLS.match(c)}  # (the reordering consumes a bidi control: never drawn)
            if blank:
                self.blank.setdefault(given, set()).update(blank)
        if bidi.has_rtl(text):
            text = bidi.shape(text)
        return text

    def text(self, value: Union[Text, str, None]) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return self.chars(value)
        return "".join(self.span(s) for s in value.spans)

    def span(self, span: Span) -> str:
        out = self.chars(span.text)
        if span.bold:
            out = f"<b>{out}</b>"
        if span.italic:
            out = f"<i>{out}</i>"
        if span.href:
            if self.addresses and address(span.href).casefold() not in span.text.casefold():
                # a link in running text keeps its words, with the address after them
                return f"{out} ({self.link('', span.href)})"
            out = self.link(out, span.href)
        return out

    def link(self, markup: str, href: str) -> str:
        """A link showing ``markup`` (its label), or, when the look shows addresses, the address
        without its scheme: what a parser reads is the text, never where a link goes."""
        if self.addresses:
            markup = self.chars(address(href))
        return f'<a href="{escape_attr(urls.as_uri(href))}" color="{self.link_color}">{markup}</a>'

    def then(self, markup: str) -> str:
        """The look's separator and ``markup``: what follows a part already set (in another face)."""
        return escape(self.separator) + markup

    def join(self, parts: Iterable[Optional[str]], sep: Optional[str] = None) -> str:
        """The parts there are, joined by ``sep`` (default: the look's separator, tied to the part
        before it by a no-break space: a line never starts with it, and Para drops one that a
        line ends with)."""
        return escape(self.separator if sep is None else sep).join(p for p in parts if p)


def missing_glyphs(strings, fam: Family, drawn: dict[str, set[str]] | None = None) -> list[Problem]:
    """One error per field whose text holds characters no font of the fallback chain can
    draw (a build that would draw them fails: see :func:`cv_builder.build.build_cv`).

    ``drawn`` (:attr:`Inline.blank`): the texts drawn that hold such characters. A
    field is reported for the characters of the drawn texts it holds; a field that
    is not drawn (a section the layout or the variant leaves out, a long form
    replaced by its short one, an item a fitter left out) is not. A character drawn
    in a text found in no field (markup changes it a little) is reported, as
    without ``drawn``, in every field that holds it."""
    problems = []
    cmap = fam.cmap
    seen_paths = set()
    if drawn is not None and not drawn:
        return problems
    found = [(text, position, path) for text, position, path in strings if not cmap.issuperset(map(ord, text))]
    placed: set[str] = set()  # drawn characters reported with a field that shows them
    if drawn is not None:
        for text, _, _ in found:
            for piece, chars in drawn.items():
                if piece in text:
                    placed |= chars
        unplaced = set().union(*drawn.values()) - placed
    for text, position, path in found:
        if path in seen_paths:
            continue
        outside = [c for c in text if ord(c) not in cmap and c not in "\n\t\r"]
        if not outside:
            continue
        missing = list(dict.fromkeys(c for c in outside if not fam.covers(c)))  # (the chain: read as needed)
        if drawn is not None:
            here = set().union(*(chars for piece, chars in drawn.items() if piece in text))
            missing = [c for c in missing if c in here or c in unplaced]
        if not missing:
            continue
        seen_paths.add(path)
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:6])
        if len(missing) > 6:
            shown += f" and {len(missing) - 6} more"
        from ..lang.scripts import NAMES, script

        named = list(dict.fromkeys(NAMES.get(s, s) for s in map(script, missing) if s != "Zyyy"))
        if named:
            shown += f" ({', '.join(named)})"
        what = f"the character {shown} is" if len(missing) == 1 else f"the characters {shown} are"
        problems.append(Problem(  # an error: a PDF with blank boxes for text is a broken document
            f"{what} in none of the shipped fonts: {'it' if len(missing) == 1 else 'they'} would print as "
            f"{'a blank box' if len(missing) == 1 else 'blank boxes'}, and read as nothing",
            position=position, path=path,
            hint="replace it, or add a font that has it to fonts/" if len(missing) == 1
            else "replace them, or add a font that has them to fonts/"))
    return problems


def unsupported_scripts(strings, drawn: dict[str, set[str]]) -> list[Problem]:
    """One error per field drawn with letters of a script that needs a shaping engine
    (Devanagari, Thai, …: :func:`cv_builder.lang.scripts.unsupported`). ``drawn``:
    :attr:`Inline.unshaped`; a field that is not drawn is not reported."""
    if not drawn:
        return []
    from ..lang.scripts import unsupported

    return unsupported((text, position, path) for text, position, path in strings
                       if any(piece in text for piece in drawn))
