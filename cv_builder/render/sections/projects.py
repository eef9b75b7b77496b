"""Project sections (shipped models, products).

``list`` (default): name · role in bold, year in the date column, the
description below. ``lines``: run in, name · role — description, the year
in the date column.
``grid``: name · role · year in columns, read row by row.
"""

from . import Context, grid, keyed, renderer, together


def _name_role(p, ctx: Context) -> str:
    name = f"<b>{ctx.inline.chars(p.name, keep=True)}</b>"
    return ctx.inline.join([name, ctx.inline.chars(p.role, keep=True) if p.role else None])


def _links(p, ctx: Context) -> str:
    return ctx.inline.join(ctx.inline.link(ctx.inline.chars(l.label or l.url), l.url) for l in p.links)


@renderer("projects")
def render(section, index, ctx: Context):
    style = ctx.options.style or "list"
    if style == "grid":
        return _grid(section, index, ctx)
    out = []
    t = ctx.theme
    for i, p in enumerate(section.items):
        gap = t.space("paragraph_gap") * (1.5 if style == "list" else 1) if i else 0
        if style == "lines":
            # run in: name · role — description, the year in the date column
            desc = ctx.text(p.description, p.short) if p.description and ctx.options.details else ""
            links = _links(p, ctx)
            markup = _name_role(p, ctx) + (" — " + desc if desc else "") + (" · " + links if links else "")
            row = ctx.row(ctx.para(markup, "body"),
                          ctx.para(ctx.inline.chars(str(p.year)), "date") if p.year else None, space_before=gap)
            out += keyed([row], (index, i, None))
            continue
        row = ctx.row(ctx.para(_name_role(p, ctx), "body"),
                      ctx.para(ctx.inline.chars(str(p.year)), "date") if p.year else None, space_before=gap)
        items = [row]
        if p.description and ctx.options.details:
            items.append(ctx.para(ctx.text(p.description, p.short), "detail"))
        if p.links:
            items.append(ctx.para(_links(p, ctx), "detail"))
        out.append(together(items, (index, i, None)))
    return out


def _grid(section, index, ctx: Context):
    """Rows of equal columns, each row read left to right."""
    cells = []
    for p in section.items:
        parts = [_name_role(p, ctx), ctx.inline.chars(str(p.year)) if p.year else None]
        cell = [ctx.para(ctx.inline.join(parts), "body")]
        if p.description and ctx.options.details:
            cell.append(ctx.para(ctx.text(p.description, p.short), "detail"))
        cells.append(cell)
    return grid(cells, index, ctx, ctx.options.columns or 2, ctx.theme.space("bullet_gap"))
