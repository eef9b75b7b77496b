"""What differs between two versions of a CV (two variants, or the whole CV and a variant).

:func:`outline` reads a CV as plain text, one line per item and bullet (the
header fields first); :func:`diff` lines two outlines up section by section and
returns only what differs, with the entry a changed bullet belongs to as
context. Pure model code: the CLI colours and prints the lines.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Optional

from .kinds import KINDS
from .model import CV


@dataclass(frozen=True)
class Line:
    text: str
    parent: Optional[str] = None  # for a bullet: the line of its entry


@dataclass
class Part:
    id: str
    title: str
    lines: list[Line] = field(default_factory=list)


def item_lines(kind: str, item) -> list[Line]:
    """An item as text, by its kind's diff form: its line, then those that belong to it
    (an entry's bullets), which a diff shows with the item's line as context."""
    head, *rest = KINDS[kind].diff(item)
    return [Line(head)] + [Line(text, head) for text in rest]


def outline(cv: CV) -> list[Part]:
    """The CV as text: a `header` part (headline, intro, target, layout), then each shown section."""
    h = cv.header
    header = Part("header", "Header", [Line(f"{k}: {v}") for k, v in (
        ("headline", h.headline.plain if h.headline else None),
        ("intro", h.intro.plain if h.intro else None),
        ("target", cv.target),
        ("layout", (cv.variant.layout if cv.variant else None) or "full"),
    ) if v])
    parts = [header]
    for s in cv.sections:
        if s.items:
            parts.append(Part(s.id, s.title, [line for item in s.items for line in item_lines(s.kind, item)]))
    return parts


@dataclass
class Diff:
    lines: list[tuple[str, str]]  # (mark, text): '#' a heading, ' ' context, '-' only in A, '+' only in B
    only_a: int = 0
    only_b: int = 0
    both: int = 0

    @property
    def same(self) -> bool:
        return not (self.only_a or self.only_b)


def diff(a: CV, b: CV) -> Diff:
    """What differs between two CVs' content, section by section."""
    pa, pb = outline(a), outline(b)  # each starts with its header part
    out = Diff([])
    _part(pa[0], pb[0], out)
    order_a, order_b = [p.title for p in pa[1:]], [p.title for p in pb[1:]]
    if order_a != order_b:
        out.lines += [("#", "Sections, in order"), ("-", ", ".join(order_a)), ("+", ", ".join(order_b))]
    by_a, by_b = {p.id: p for p in pa[1:]}, {p.id: p for p in pb[1:]}
    for sid in list(by_a) + [i for i in by_b if i not in by_a]:
        empty = Part(sid, "")
        _part(by_a.get(sid, empty), by_b.get(sid, empty), out)
    return out


def _part(pa: Part, pb: Part, out: Diff) -> None:
    changes = _section(pa.lines, pb.lines, out)
    if changes:
        out.lines.append(("#", pa.title or pb.title))
        out.lines += changes


def _section(la: list[Line], lb: list[Line], out: Diff) -> list[tuple[str, str]]:
    ta, tb = [l.text for l in la], [l.text for l in lb]
    changes: list[tuple[str, str]] = []
    shown_parent = None

    def emit(mark: str, line: Line) -> None:
        nonlocal shown_parent
        if line.parent is not None and line.parent != shown_parent:
            changes.append((" ", line.parent))  # the entry a changed bullet belongs to
        shown_parent = line.parent if line.parent is not None else line.text
        changes.append((mark, line.text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out.both += i2 - i1
            continue
        for line in la[i1:i2]:
            emit("-", line)
            out.only_a += 1
        for line in lb[j1:j2]:
            emit("+", line)
            out.only_b += 1
    return changes
