"""Text sections: paragraphs (About, Summary)."""

from . import Context, keyed, renderer


@renderer("text")
def render(section, index, ctx: Context):
    out = []
    for i, item in enumerate(section.items):
        p = ctx.para(ctx.text(item.text, item.short), "body",)
        p.spaceBefore = ctx.theme.space("paragraph_gap") if i else 0
        out += keyed([p], (index, i, None))
    return out
