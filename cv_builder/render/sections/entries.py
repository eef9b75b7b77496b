"""Entry sections (experience, education): a two-row header, a note, bullets.

    Organisation (bold)                               2022 – 2024
    Role (italic)                              Los Angeles / Remote
    note
    • bullet
    React · Docker · CI/CD   (keywords)

An entry without a role has the place beside the dates:

    Organisation (bold)             Los Angeles, CA · 2021 – 2022
"""

from ...markup import paragraphs
from ...model import date_range
from ..flowables import Row
from . import Context, keyed, renderer, together


def bullets(items, index, i, ctx: Context):
    out = []
    for b, bullet in enumerate(items):
        p = ctx.para(ctx.text(bullet.text, bullet.short), "bullet", bulletText="•")
        out += keyed([p], (index, i, b))
    return out


@renderer("entries")
def render(section, index, ctx: Context):
    out = []
    t = ctx.theme
    for i, e in enumerate(section.items):
        gap = t.space("entry_gap") if i else 0
        first = e.organisation or e.title
        second = e.title if e.organisation else None
        # with no role to sit beside, the place joins the dates: a row of its own would be a gap
        dates = ctx.inline.chars(date_range(e.start, e.end))
        if e.place and not second:
            dates = ctx.inline.join([f"<i>{ctx.inline.chars(e.place)}</i>", dates])
        head = [ctx.row(ctx.para(ctx.inline.chars(first), "org"), ctx.para(dates, "date") if dates else None,
                        space_before=gap)]
        if second:
            head.append(Row(ctx.para(ctx.inline.chars(second), "role"),
                            ctx.para(ctx.inline.chars(e.place), "place") if e.place else None))
        if e.note and ctx.options.details:
            head.append(ctx.para(ctx.inline.text(e.note), "note"))
        if e.links:
            head.append(ctx.para(ctx.inline.join(ctx.inline.link(ctx.inline.chars(l.label or l.url), l.url)
                                                 for l in e.links), "note"))
        if e.summary and ctx.options.details:
            for part in paragraphs(e.summary):  # a summary written in paragraphs keeps them
                summary = ctx.para(ctx.inline.text(part), "body")
                summary.spaceBefore = ctx.theme.space("bullet_gap")
                head.append(summary)
        items = bullets(e.bullets, index, i, ctx)
        if e.keywords and ctx.options.details:
            keywords = ctx.para(ctx.inline.join(ctx.inline.chars(k) for k in e.keywords), "note")
            keywords.spaceBefore = ctx.theme.space("bullet_gap")
            items += keyed([keywords], (index, i, None))
        out.append(together(head + items[:1], (index, i, None)))
        out += items[1:]
    return out
