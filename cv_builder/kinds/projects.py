"""Project sections (shipped models, products).

In the PDF, by the layout's ``style``: ``list`` (default): name · role in bold,
year in the date column, the description below. ``lines``: run in,
name · role — description, the year in the date column. ``grid``:
name · role · year in columns, read row by row.
"""

from __future__ import annotations

from typing import Optional

from ..markup import Text
from ..model import Date, Link, doc, required
from ..record import record
from . import JsonResume, Kind, line


@record
class Project:
    """A model, product or project, with the role played in it."""

    name: str = required("name of the model, product or project")
    role: Optional[str] = doc("your role, e.g. 'Lead author'")
    year: Optional[Date] = doc("year (or YYYY-MM) it shipped")
    description: Optional[Text] = doc("one or two sentences")
    short: Optional[Text] = doc("a shorter description for compact layouts")
    links: list[Link] = doc("links (code, paper, demo)", factory=list)
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


# -- the PDF ---------------------------------------------------------------------
def _name_role(p, ctx, bold: bool = True) -> str:
    """The name (in bold, unless the style is bold already) and the role after it, in the role's face."""
    name = ctx.inline.chars(p.name, keep=True)
    name = f"<b>{name}</b>" if bold else name
    if not p.role:
        return name
    return name + ctx.styled(ctx.inline.then(ctx.inline.chars(p.role, keep=True)), "role")


def _links(p, ctx) -> str:
    return ctx.inline.join(ctx.inline.link(ctx.inline.chars(l.label or l.url), l.url) for l in p.links)


def _year(p, ctx):
    return ctx.para(ctx.inline.chars(ctx.date(p.year)), "date") if p.year else None


def render(section, index, ctx):
    style = ctx.options.style or "list"
    if style == "grid":
        return _grid(section, index, ctx)
    out = []
    t = ctx.theme
    for i, p in enumerate(section.items):
        gap = t.space("entry_gap" if style == "list" else "paragraph_gap") if i else 0
        if style == "lines":
            # run in: name · role — description, the year in the date column
            desc = ctx.text(p.description, p.short) if p.description and ctx.options.details else ""
            links = _links(p, ctx)
            markup = _name_role(p, ctx) + (" — " + desc if desc else "") + (ctx.inline.then(links) if links else "")
            row = ctx.row(ctx.para(markup, "body"), _year(p, ctx), space_before=gap)
            out += ctx.keyed([row], (index, i, None))
            continue
        # set as an entry is: the title row in the entry's style, the text under it in body text
        items = [ctx.row(ctx.para(_name_role(p, ctx, bold=False), "org"), _year(p, ctx), space_before=gap)]
        if p.description and ctx.options.details:
            items.append(ctx.para(ctx.text(p.description, p.short), "body"))
        if p.links:
            items.append(ctx.para(_links(p, ctx), "note"))
        # (the text right under its title row, as an entry's role line is: no space between, which
        # would be half a line on the grid; tests/test_reading_order.py reads them in order with
        # every extractor)
        out.append(ctx.together(items, (index, i, None)))
    return out


def _grid(section, index, ctx):
    """Rows of equal columns, each row read left to right."""
    cells = []
    for p in section.items:
        parts = [_name_role(p, ctx), ctx.inline.chars(ctx.date(p.year)) if p.year else None]
        cell = [ctx.para(ctx.inline.join(parts), "body")]
        if p.description and ctx.options.details:
            cell.append(ctx.para(ctx.text(p.description, p.short), "detail"))
        cells.append(cell)
    return ctx.grid(cells, index, ctx.options.columns or 2, ctx.theme.space("bullet_gap"))


# -- the other outputs -----------------------------------------------------------
def write(section, w, cv):
    lines = []
    for p in section.items:
        head = w.join([w.strong(w.text(p.name)), w.text(p.role) if p.role else None, str(p.year) if p.year else None])
        rest = w.text(p.description) if p.description else ""
        links = w.join(w.link(l.label, l.url) for l in p.links)
        lines.append(f"- {head}" + (f" — {rest}" if rest else "") + (f" ({links})" if links else ""))
    return ["\n".join(lines)]


def json_item(key, p, out, ext, x):
    out["name"] = p.name
    if p.role:
        out["roles"] = [p.role]
    if p.year and not p.year.present:
        out["startDate"] = out["endDate"] = p.year.iso
    x.put(out, "description", x.src(p.description))
    x.links(out, p.links, ext)


def diff(item):
    return [line(item.name, item.role, item.year)]


KIND = Kind("projects", Project, ("models", "projects", "products"),
            render=render, write=write, diff=diff,
            json_resume=JsonResume({"projects": ("projects", "models", "products", "side_projects")}, json_item))
