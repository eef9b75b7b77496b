"""CV text to ReportLab paragraph markup, the only way text reaches ReportLab.

Every character from the data is escaped, so ``<img src=…>`` or ``&`` in a CV
is printed, never interpreted. Emphasis and links come only from the project's
own parsed spans (:mod:`cv_builder.markup`). Characters the main font lacks
are switched to the fallback font (:func:`missing_glyphs` reports those that
no shipped font has).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Union

from ..errors import Problem
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


# Hebrew, Arabic, Syriac, Thaana, N'Ko, … and their presentation forms
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def right_to_left(strings, drawn: set[str]) -> list[Problem]:
    """One warning per field drawn with right-to-left letters, which come out in reverse order."""
    problems = []
    seen = set()
    for text, position, path in strings:
        if path not in seen and any(piece in text for piece in drawn):
            seen.add(path)
            problems.append(Problem(
                "right-to-left text (Hebrew, Arabic, …) is set left to right: its letters come out "
                "in reverse order, and Arabic letters unjoined", position=position, path=path, severity="warning",
                hint="cv-builder cannot set right-to-left text yet; write this field in a left-to-right script"))
    return problems


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


class Inline:
    def __init__(self, fam: Family, link_color: str):
        self.fam = fam
        self.link_color = link_color
        self.blank: dict[str, set[str]] = {}  # text drawn -> its characters no shipped font has
        self.rtl: set[str] = set()  # texts drawn that hold right-to-left letters

    def chars(self, text: str, keep: bool = False) -> str:
        """Escape text, switching characters the main font lacks to the fallback.
        ``keep`` joins its words with no-break spaces: a short phrase (a tag, a
        venue, a role) is never broken across lines."""
        given = text
        if not text.isascii() and _RTL.search(text):
            self.rtl.add(text)
        if keep:
            text = text.replace(" ", "\u00a0")
        elif _DIGIT.search(text):
            text = _NUMBER_WORD.sub(_tie, text)
        cmap = self.fam.cmap
        if cmap.issuperset(map(ord, text)) or all(ord(c) in cmap or c in "\n\t " for c in text):
            return escape(text)
        out: list[str] = []
        run: list[str] = []

        def flush_run():
            if run:
                covered = self.fam.fallback_cmap
                blank = {c for c in run if ord(c) not in covered}
                if blank:
                    self.blank.setdefault(given, set()).update(blank)
                out.append(f'<font name="{self.fam.fallback}">{escape("".join(run))}</font>')
                run.clear()

        for c in text:
            code = ord(c)
            if code in cmap or c in "\n\t ":
                flush_run()
                out.append(escape(c))
                continue
            run.append(c)
        flush_run()
        return "".join(out)

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
            out = self.link(out, span.href)
        return out

    def link(self, markup: str, href: str) -> str:
        return f'<a href="{escape_attr(href)}" color="{self.link_color}">{markup}</a>'

    def join(self, parts: Iterable[Optional[str]], sep: str = "\u00a0· ") -> str:
        """Parts joined by a separator tied to the part before it (a no-break space): a
        line never starts with a separator, and Para drops one a line ends with."""
        return escape(sep).join(p for p in parts if p)


def missing_glyphs(strings, fam: Family, drawn: dict[str, set[str]] | None = None) -> list[Problem]:
    """One warning per field whose text holds characters no shipped font can draw.

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
        covered = fam.fallback_cmap  # the fallback font is read only when the main one lacks a character
        missing = list(dict.fromkeys(c for c in outside if ord(c) not in covered))
        if drawn is not None:
            here = set().union(*(chars for piece, chars in drawn.items() if piece in text))
            missing = [c for c in missing if c in here or c in unplaced]
        if not missing:
            continue
        seen_paths.add(path)
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:6])
        if len(missing) > 6:
            shown += f" and {len(missing) - 6} more"
        what = f"the character {shown} is" if len(missing) == 1 else f"the characters {shown} are"
        problems.append(Problem(
            f"{what} in none of the shipped fonts and would print as blank boxes",
            position=position, path=path, severity="warning",
            hint="replace it, or add a font that has it to fonts/" if len(missing) == 1
            else "replace them, or add a font that has them to fonts/"))
    return problems
