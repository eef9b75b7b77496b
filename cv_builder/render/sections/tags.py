"""Tag sections: topics set as one flowing line, separated by middle dots, or
(``style: lines``, for a narrow column) one topic a line."""

from . import Context, keyed, renderer


@renderer("tags")
def render(section, index, ctx: Context):
    if not section.items:
        return []
    if ctx.options.style == "lines":
        # one a line: a topic longer than the column wraps at its spaces, like any text
        out = []
        for i, t in enumerate(section.items):
            p = ctx.para(ctx.inline.chars(t.name), "body")
            p.spaceBefore = ctx.theme.space("bullet_gap") if i else 0
            out += keyed([p], (index, i, None))
        return out
    # One paragraph for all tags: a keyword never breaks inside, and each
    # separator keeps the keyword before it on the same line.
    parts = [ctx.inline.chars(t.name, keep=len(t.name) < 40) for t in section.items]
    return keyed([ctx.para(" · ".join(parts), "body")], (index, None, None))
