"""Timeline sections (trajectory): what happened in each period, the period in the date column."""

from __future__ import annotations

from typing import Optional

from ..markup import Text
from ..model import Date, date_range, doc, required
from ..record import record
from . import KEEP, Kind, line


@record
class Milestone:
    """A period of a trajectory: what happened, from when to when."""

    text: Text = required("what happened in this period")
    start: Optional[Date] = doc("YYYY or YYYY-MM")
    end: Optional[Date] = doc("YYYY, YYYY-MM or 'present'")
    short: Optional[Text] = doc("a shorter form for compact layouts")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


def render(section, index, ctx):
    out = []
    for i, m in enumerate(section.items):
        period = ctx.date_range(m.start, m.end)
        row = ctx.row(ctx.para(ctx.text(m.text, m.short), "body"),
                      ctx.para(ctx.inline.chars(period), "date") if period else None,
                      space_before=ctx.theme.space("paragraph_gap") if i else 0)
        out += ctx.keyed([row], (index, i, None))
    return out


def write(section, w, cv):
    lines = []
    for m in section.items:
        period = cv.language.date_range(m.start, m.end)
        lines.append(f"- {w.strong(period) + ': ' if period else ''}{w.text(m.text)}")
    return ["\n".join(lines)]


def diff(item):
    return [line(date_range(item.start, item.end), item.text.plain)]


KIND = Kind("timeline", Milestone, ("trajectory", "timeline", "history"),
            render=render, write=write, json_resume=KEEP, diff=diff)
