"""Text sections (About, Summary): paragraphs of running text."""

from __future__ import annotations

from typing import Optional

from ..markup import Text
from ..model import doc, required
from ..record import record
from . import KEEP, Kind


@record
class Paragraph:
    """A paragraph of running text."""

    __shorthand__ = "text"
    text: Text = required("a paragraph; **bold**, *italic* and [links](https://…) allowed")
    short: Optional[Text] = doc("a shorter form for compact layouts")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


def render(section, index, ctx):
    out = []
    for i, item in enumerate(section.items):
        p = ctx.para(ctx.text(item.text, item.short), "body")
        p.spaceBefore = ctx.theme.space("paragraph_gap") if i else 0
        out += ctx.keyed([p], (index, i, None))
    return out


def write(section, w, cv):
    return [w.text(p.text) for p in section.items]


def diff(item):
    return [item.text.plain]


KIND = Kind("text", Paragraph, ("about", "summary", "profile", "objective"),
            render=render, write=write, json_resume=KEEP, diff=diff, string=True)
