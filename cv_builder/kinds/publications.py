"""Publication sections: title and year; authors with the owner in bold; venue,
status, role and a link to arXiv or the DOI."""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from ..markup import Text
from ..model import Date, doc, required
from ..record import record
from . import JsonResume, Kind, line


@record
class Publication:
    """A paper: title, authors, venue, year, role, links."""

    title: Text = required("title of the paper")
    authors: list[str] = doc("authors in order; your name (see `owner`) is set in bold", factory=list)
    venue: Optional[str] = doc("conference, journal or 'preprint'")
    year: Optional[Date] = doc("year of publication")
    status: Optional[str] = doc("award or status, e.g. 'Spotlight', 'Best Paper'")
    role: Optional[str] = doc("your role, e.g. 'Lead author'")
    arxiv: Optional[str] = doc("arXiv identifier, e.g. 2307.01952 or hep-th/9901001",
                               pattern=r"^(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?$",
                               what="an arXiv identifier")
    doi: Optional[str] = doc("DOI, e.g. 10.1000/xyz123", pattern=r"^10\.\d{4,9}/\S+$", what="a DOI")
    url: Optional[str] = doc("a web page for the paper", format="url")
    note: Optional[Text] = doc("anything else, one line")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


# -- the PDF ---------------------------------------------------------------------
def authors(pub, ctx) -> str:
    owner = set(ctx.cv.owner)
    names = [f"<b>{ctx.inline.chars(a)}</b>" if a in owner else ctx.inline.chars(a) for a in pub.authors]
    return ", ".join(names)


def identifiers(pub, ctx) -> list[str]:
    out = []
    if pub.arxiv:
        out.append(ctx.inline.link(f"arXiv:{ctx.inline.chars(pub.arxiv)}", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi:
        out.append(ctx.inline.link(f"doi:{ctx.inline.chars(pub.doi)}", f"https://doi.org/{quote(pub.doi, safe='/')}"))
    if pub.url:
        out.append(ctx.inline.link(ctx.inline.chars(pub.url), pub.url))
    return out


def venue_line(pub, ctx, with_year: bool) -> str:
    venue = pub.venue
    if with_year and pub.year:
        venue = f"{venue} {pub.year}" if venue else str(pub.year)
    parts = [ctx.inline.chars(venue, keep=True) if venue else None,
             ctx.inline.chars(pub.status, keep=True) if pub.status else None,
             ctx.inline.chars(pub.role, keep=True) if pub.role else None]
    return ctx.inline.join(parts + identifiers(pub, ctx))


def render(section, index, ctx):
    out = []
    t = ctx.theme
    lines = ctx.options.style == "lines"
    for i, pub in enumerate(section.items):
        gap = t.space("entry_gap" if not lines else "paragraph_gap") if i else 0
        title = ctx.inline.text(pub.title)
        if lines:
            para = ctx.para(f"<b>{title}</b>. {venue_line(pub, ctx, True)}", "body")
            para.spaceBefore = gap
            out += ctx.keyed([para], (index, i, None))
            continue
        items = [ctx.row(ctx.para(title, "org"),
                         ctx.para(ctx.inline.chars(ctx.date(pub.year)), "date") if pub.year else None,
                         space_before=gap)]
        if pub.authors and ctx.options.details:
            items.append(ctx.para(authors(pub, ctx), "detail"))
        items.append(ctx.para(venue_line(pub, ctx, False), "detail"))
        if pub.note and ctx.options.details:
            items.append(ctx.para(f"<i>{ctx.inline.text(pub.note)}</i>", "detail"))
        # (the authors right under the title row, as an entry's role line is: see projects.render)
        out.append(ctx.together(items, (index, i, None)))
    return out


# -- the other outputs -----------------------------------------------------------
def write(section, w, cv):
    lines = []
    owner = set(cv.owner)
    for p in section.items:
        parts = [w.strong(w.text(p.title)) + (f" ({p.year})" if p.year else "")]
        if p.authors:
            parts.append(", ".join(w.strong(w.text(a)) if a in owner else w.text(a) for a in p.authors))
        venue = w.join([w.em(w.text(p.venue)) if p.venue else None, w.text(p.status) if p.status else None,
                        w.text(p.role) if p.role else None])
        ids = [w.link(f"arXiv:{p.arxiv}", f"https://arxiv.org/abs/{p.arxiv}") if p.arxiv else None,
               w.link(f"doi:{p.doi}", f"https://doi.org/{p.doi}") if p.doi else None,
               w.link(None, p.url) if p.url else None]
        parts.append(w.join([venue, *ids]))
        if p.note:
            parts.append(w.text(p.note))
        lines.append("- " + ". ".join(x.rstrip(".") for x in parts if x) + ".")
    return ["\n".join(lines)]


def json_item(key, p, out, ext, x):
    """Standard fields where JSON Resume has them; authors, status, role and identifiers as ours."""
    out["name"] = x.src(p.title)
    x.put(out, "publisher", p.venue)
    x.put(out, "releaseDate", x.iso(p.year))
    url = p.url or (f"https://arxiv.org/abs/{p.arxiv}" if p.arxiv else None) or \
        (f"https://doi.org/{p.doi}" if p.doi else None)
    x.put(out, "url", url)
    x.put(out, "summary", x.src(p.note))
    for name in ("authors", "status", "role", "arxiv", "doi"):
        value = getattr(p, name)
        if value:
            ext[name] = list(value) if isinstance(value, list) else value


def diff(item):
    return [line(item.title.plain, item.venue, item.year, item.status)]


KIND = Kind("publications", Publication, ("publications", "papers"),
            render=render, write=write, diff=diff,
            json_resume=JsonResume({"publications": ("publications", "papers")}, json_item))
