"""Figure sections: headline numbers side by side, or (``style: lines``) as one line of text."""

from __future__ import annotations

from typing import Optional

from ..model import doc, required
from ..record import record
from . import KEEP, Kind, line


@record
class Figure:
    """A headline number: the value, what it counts, a note."""

    value: str = required("the figure itself, e.g. '12+'")
    label: str = required("what it counts, e.g. 'Models shipped'")
    note: Optional[str] = doc("a few words under it, e.g. 'to production'")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


def render(section, index, ctx):
    if not section.items:
        return []
    if ctx.options.style == "lines":
        # one line of text (a parser's reading): 12+ Models shipped (to production) · …
        parts = []
        for item in section.items:
            note = f" ({ctx.inline.chars(item.note)})" if item.note and ctx.options.details else ""
            parts.append(f"<b>{ctx.inline.chars(item.value)}</b> {ctx.inline.chars(item.label)}{note}")
        return ctx.keyed([ctx.para(ctx.inline.join(parts), "body")], (index, None, None))
    cells = []
    for item in section.items:
        cell = [ctx.para(ctx.inline.chars(item.value), "fig_value"),
                ctx.para(ctx.inline.chars(item.label), "fig_label")]
        if item.note and ctx.options.details:
            cell.append(ctx.para(ctx.inline.chars(item.note), "fig_note"))
        cells.append(cell)
    return ctx.grid(cells, index, ctx.options.columns or 4, ctx.theme.space("paragraph_gap"))


def write(section, w, cv):
    lines = []
    for f in section.items:
        note = f" ({w.text(f.note)})" if f.note else ""
        lines.append(f"- {w.strong(w.text(f.value))} {w.text(f.label)}{note}")
    return ["\n".join(lines)]


def diff(item):
    return [line(item.value, item.label, item.note)]


KIND = Kind("figures", Figure, ("figures", "highlights", "numbers"),
            render=render, write=write, json_resume=KEEP, diff=diff)
