"""Publication sections: title and year; authors with the owner in bold; venue,
status, role and a link to arXiv or the DOI."""

from urllib.parse import quote

from . import Context, keyed, renderer, together


def authors(pub, ctx: Context) -> str:
    owner = set(ctx.cv.owner)
    names = [f"<b>{ctx.inline.chars(a)}</b>" if a in owner else ctx.inline.chars(a) for a in pub.authors]
    return ", ".join(names)


def identifiers(pub, ctx: Context) -> list[str]:
    out = []
    if pub.arxiv:
        out.append(ctx.inline.link(f"arXiv:{ctx.inline.chars(pub.arxiv)}", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi:
        out.append(ctx.inline.link(f"doi:{ctx.inline.chars(pub.doi)}", f"https://doi.org/{quote(pub.doi, safe='/')}"))
    if pub.url:
        out.append(ctx.inline.link(ctx.inline.chars(pub.url), pub.url))
    return out


def venue_line(pub, ctx: Context, with_year: bool) -> str:
    venue = pub.venue
    if with_year and pub.year:
        venue = f"{venue} {pub.year}" if venue else str(pub.year)
    parts = [ctx.inline.chars(venue, keep=True) if venue else None,
             ctx.inline.chars(pub.status, keep=True) if pub.status else None,
             ctx.inline.chars(pub.role, keep=True) if pub.role else None]
    return ctx.inline.join(parts + identifiers(pub, ctx))


@renderer("publications")
def render(section, index, ctx: Context):
    out = []
    t = ctx.theme
    lines = ctx.options.style == "lines"
    for i, pub in enumerate(section.items):
        gap = t.space("paragraph_gap") * 1.5 if i else 0
        title = ctx.inline.text(pub.title)
        if lines:
            para = ctx.para(f"<b>{title}</b>. {venue_line(pub, ctx, True)}", "body")
            para.spaceBefore = gap
            out += keyed([para], (index, i, None))
            continue
        items = [ctx.row(ctx.para(title, "item"),
                         ctx.para(ctx.inline.chars(str(pub.year)), "date") if pub.year else None, space_before=gap)]
        if pub.authors and ctx.options.details:
            items.append(ctx.para(authors(pub, ctx), "detail"))
        items.append(ctx.para(venue_line(pub, ctx, False), "detail"))
        if pub.note and ctx.options.details:
            items.append(ctx.para(f"<i>{ctx.inline.text(pub.note)}</i>", "detail"))
        out.append(together(items, (index, i, None)))
    return out
