"""Figure sections: headline numbers side by side."""

from . import Context, grid, renderer


@renderer("figures")
def render(section, index, ctx: Context):
    if not section.items:
        return []
    cells = []
    for item in section.items:
        cell = [ctx.para(ctx.inline.chars(item.value), "fig_value"),
                ctx.para(ctx.inline.chars(item.label), "fig_label")]
        if item.note and ctx.options.details:
            cell.append(ctx.para(ctx.inline.chars(item.note), "fig_note"))
        cells.append(cell)
    return grid(cells, index, ctx, ctx.options.columns or 4, ctx.theme.space("paragraph_gap"))
