"""The small inline markup that CV text may use, parsed by the project.

    **bold**   *italic*   [visible text](https://example.org)   \\* a literal star

Everything else is literal text: ``<b>``, ``&``, ``<img …/>`` are characters,
never markup, because ReportLab never sees the user's text unescaped. Links
may only use http, https or mailto (the rule is :mod:`cv_builder.urls`, which
the check of the PDF uses too); their scheme is written in lower case.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Optional

from . import urls
from .record import record

# (the one rule for addresses, by the name the importer knows it by)
check_url = urls.problem
# [text](url); the url may hold one level of balanced parentheses, as in
# https://en.wikipedia.org/wiki/Ada_(programming_language) or javascript:alert(1),
# so that every link-like construct is seen (and checked), never half-printed.
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(\s*((?:[^()\s]|\([^()\s]*\))+)\s*\)")
_ESCAPABLE = set("*[]()\\_`")
# what a user means as a link even when the address is malformed (a space in it):
# reported, never printed as if it were text
_LINKISH = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
# runs of characters that are text whatever follows them (markup starts only at a backslash,
# * or [), and the characters _closing stops at: text is read in runs, not character by character
_PLAIN = re.compile(r"[^\\*\[]*")
_BACKSLASH_OR_STAR = re.compile(r"[\\*]")


@record(frozen=True)
class Span:
    """A run of text with one emphasis and, perhaps, a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: Optional[str] = None


@record(frozen=True)
class Text:
    """A piece of CV text: spans of plain characters with emphasis and links."""

    spans: tuple
    source: str = field(default="", compare=False)
    origin: tuple = field(default=(), compare=False)  # (Position, field path), for warnings

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def __str__(self) -> str:
        return self.plain

    def __bool__(self) -> bool:
        return bool(self.plain.strip())


def plain(text: str, origin: tuple = ()) -> Text:
    """A Text with no markup at all (names, dates, places)."""
    return Text((Span(text),), text, origin)


def paragraphs(text: Text) -> list[Text]:
    """A text's paragraphs: its parts between blank lines (a YAML block with blank lines)."""
    if "\n" not in text.plain:
        return [text]
    out: list[list[Span]] = [[]]
    for span in text.spans:
        for j, part in enumerate(re.split(r"\n[ \t]*\n\s*", span.text)):
            if j:
                out.append([])
            if part:
                out[-1].append(Span(part, span.bold, span.italic, span.href))
    return [Text(tuple(spans), text.source, text.origin) for spans in out if any(s.text.strip() for s in spans)]


def parse(source: str, origin: tuple = ()) -> tuple[Text, list[tuple[str, str]]]:
    """Parse inline markup; returns the Text and its problems as (message, the link's address)."""
    problems: list[tuple[str, str]] = []
    spans: list[Span] = []
    if "*" not in source and "[" not in source and "\\" not in source:  # no markup: most texts
        return Text((Span(source),) if source else (), source, origin), problems
    _parse_into(source, spans, problems, bold=False, italic=False, href=None)
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (span.bold, span.italic, span.href):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.href)
        else:
            merged.append(span)
    return Text(tuple(merged), source, origin), problems


def _closing(source: str, start: int, marker: str) -> int:
    """Index of the next unescaped ``marker`` at or after start, or -1."""
    i = start
    while (m := _BACKSLASH_OR_STAR.search(source, i)) is not None:  # both markers start with *
        i = m.start()
        if source[i] == "\\":
            i += 2
            continue
        if source.startswith(marker, i):
            if marker == "*" and source.startswith("**", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _parse_into(source, spans, problems, bold, italic, href) -> None:
    buf: list[str] = []

    def flush():
        if buf:
            spans.append(Span("".join(buf), bold, italic, href))
            buf.clear()

    i = 0
    n = len(source)
    while i < n:
        plain = _PLAIN.match(source, i).end()  # up to the next character that may start markup
        if plain > i:
            buf.append(source[i:plain])
            i = plain
            continue
        c = source[i]
        if c == "\\" and i + 1 < n and source[i + 1] in _ESCAPABLE:
            buf.append(source[i + 1])
            i += 2
            continue
        if source.startswith("**", i):
            # ***bold italic*** (as Markdown writes it), else **bold**
            for marker, inner_italic in (("***", True), ("**", italic)):
                width = len(marker)
                end = _closing(source, i + width, marker) if source.startswith(marker, i) else -1
                if end > i + width:
                    flush()
                    _parse_into(source[i + width:end], spans, problems, True, inner_italic, href)
                    i = end + width
                    break
            else:
                buf.append("**")
                i += 2
            continue
        if c == "*" and i + 1 < n and not source[i + 1].isspace():
            end = _closing(source, i + 1, "*")
            if end > i + 1 and not source[end - 1].isspace():
                flush()
                _parse_into(source[i + 1:end], spans, problems, bold, True, href)
                i = end + 1
                continue
        if c == "[" and href is None:
            m = _LINK.match(source, i)
            if m:
                url = m.group(2)
                why = urls.problem(url)
                flush()
                if why:
                    problems.append((f"the link `{url}` {why}", url))
                    _parse_into(m.group(1), spans, problems, bold, italic, None)
                else:
                    _parse_into(m.group(1) or url, spans, problems, bold, italic, urls.normalise(url))
                i = m.end()
                continue
            m = _LINKISH.match(source, i)
            if m and m.group(2).strip() and urls.problem(m.group(2).strip()):
                url = m.group(2).strip()
                problems.append((f"the link `{url}` {urls.problem(url)}", url))
                flush()
                _parse_into(m.group(1), spans, problems, bold, italic, None)
                i = m.end()
                continue
        buf.append(c)
        i += 1
    flush()
