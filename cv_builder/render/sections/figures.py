"""Figure sections: headline numbers side by side."""

from ..flowables import Columns
from . import Context, keyed_row, renderer


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
    cols = ctx.options.columns or 4
    rows = []
    for r in range(0, len(cells), cols):
        part = cells[r:r + cols]
        row = Columns(part + [[]] * (cols - len(part)), gap=ctx.theme.size("body"),
                      space_before=ctx.theme.space("paragraph_gap") if r else 0)
        rows.append(keyed_row(row, [(index, i, None) for i in range(r, r + len(part))]))
    return rows
