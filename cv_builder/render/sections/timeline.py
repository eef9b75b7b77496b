"""Timeline sections: what happened in each period, the period in the date column."""

from ...model import date_range
from . import Context, keyed, renderer


@renderer("timeline")
def render(section, index, ctx: Context):
    out = []
    for i, m in enumerate(section.items):
        period = date_range(m.start, m.end)
        row = ctx.row(ctx.para(ctx.text(m.text, m.short), "body"),
                      ctx.para(ctx.inline.chars(period), "date") if period else None,
                      space_before=ctx.theme.space("paragraph_gap") if i else 0)
        out += keyed([row], (index, i, None))
    return out
