"""Tag sections: topics set as one flowing line, separated by middle dots."""

from . import Context, keyed, renderer


@renderer("tags")
def render(section, index, ctx: Context):
    # One paragraph for all tags: a keyword never breaks inside, and each
    # separator keeps the keyword before it on the same line.
    parts = [ctx.inline.chars(t.name, keep=len(t.name) < 40) for t in section.items]
    if not parts:
        return []
    return keyed([ctx.para(" · ".join(parts), "body")], (index, None, None))
