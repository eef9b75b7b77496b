"""Entry sections (experience, education, awards): positions and degrees.

In the PDF, every entry alike: a two-row header, a note, bullets::

    Organisation (bold)                               2022 – 2024
    Role (italic) · Los Angeles / Remote
    note
    • bullet
    React · Docker · CI/CD   (keywords)

The dates stand in the layout's date column (right or left of the text).
"""

from __future__ import annotations

import re
from typing import Optional

from ..markup import Text, paragraphs
from ..model import Date, Link, date_range, doc, required
from ..record import record
from . import JsonResume, Kind, line


@record
class Bullet:
    """One achievement under an entry, with its importance and tags."""

    __shorthand__ = "text"  # a bare string is a bullet's text
    text: Text = required("the bullet; **bold**, *italic* and [links](https://…) allowed")
    short: Optional[Text] = doc("a shorter form used by compact layouts")
    priority: Optional[int] = doc("1 = keep whatever it takes, 2 = normal, 3 = first to leave out when fitting "
                                  "(default: its entry's)", minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)

    def importance(self, item) -> int:
        """Its priority, or (not given) that of the entry it belongs to: the bullets of an
        entry marked 5 are as ready to go as the entry itself."""
        return self.priority if self.priority is not None else item.priority


@record
class Entry:
    """A position or a degree: role, organisation, place, dates, note, bullets."""

    title: str = required("role or degree, e.g. 'Research Scientist'")
    organisation: Optional[str] = doc("employer, school or organisation")
    place: Optional[str] = doc("city, region or 'Remote'")
    start: Optional[Date] = doc("YYYY or YYYY-MM")
    end: Optional[Date] = doc("YYYY, YYYY-MM or 'present'")
    note: Optional[Text] = doc("one line under the header, e.g. funding or a promotion")
    summary: Optional[Text] = doc("a paragraph under the header: what the role was, a reference's words")
    bullets: list[Bullet] = doc("achievements, one per bullet", factory=list)
    keywords: list[str] = doc("technologies or keywords, shown as one line under the entry: React · Docker",
                              factory=list)
    links: list[Link] = doc("links shown after the header", factory=list)
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


# -- the PDF ---------------------------------------------------------------------
def bullets(items, index, i, ctx):
    out = []
    for b, bullet in enumerate(items):
        p = ctx.bullet(ctx.text(bullet.text, bullet.short))
        out += ctx.keyed([p], (index, i, b))
    return out


def render(section, index, ctx):
    """Every entry alike: its organisation (or, with none, its title) in bold, the dates in the
    date column beside it; on the next line the role and the place (or the place alone); then
    the note, links, summary, bullets and keywords. One block per entry (see Context.together)."""
    out = []
    t = ctx.theme
    for i, e in enumerate(section.items):
        gap = t.space("entry_gap") if i else 0
        first = e.organisation or e.title
        second = e.title if e.organisation else None
        dates = ctx.inline.chars(ctx.date_range(e.start, e.end))
        head = [ctx.row(ctx.para(ctx.inline.chars(first), "org"), ctx.para(dates, "date") if dates else None,
                        space_before=gap)]
        place = ctx.styled(ctx.inline.chars(e.place, keep=True), "place") if e.place else None
        if second or place:
            role = ctx.inline.chars(second) if second else None
            head.append(ctx.para(ctx.inline.join([role, place]), "role"))
        if e.note and ctx.options.details:
            head.append(ctx.para(ctx.inline.text(e.note), "note"))
        if e.links:
            head.append(ctx.para(ctx.inline.join(ctx.inline.link(ctx.inline.chars(l.label or l.url), l.url)
                                                 for l in e.links), "note"))
        body = []
        if e.summary and ctx.options.details:
            for part in paragraphs(e.summary):  # a summary written in paragraphs keeps them
                summary = ctx.para(ctx.inline.text(part), "body")
                summary.spaceBefore = t.space("bullet_gap")
                body.append(summary)
        body += bullets(e.bullets, index, i, ctx)
        if e.keywords and ctx.options.details:
            keywords = ctx.para(ctx.inline.join(ctx.inline.chars(k) for k in e.keywords), "note")
            keywords.spaceBefore = t.space("bullet_gap")
            body += ctx.keyed([keywords], (index, i, None))
        if len(head) == 1 and body:
            # under a header of one row (organisation and dates), the first line starts clear of the
            # row's letters, as text extractors measure them: else pdftotext reads two such entries as
            # a table, header, header, bullet, bullet (a whole number of half lines: the grid)
            body[0].spaceBefore = max(body[0].getSpaceBefore(), ctx.clearance("org", "bullet"))
        out.append(ctx.together(head + body, (index, i, None), head=len(head)))
    return out


# -- Markdown and plain text -----------------------------------------------------
def write(section, w, cv):
    out = []
    for e in section.items:
        head = w.join([w.text(e.organisation) if e.organisation else None, w.text(e.title)], " — ")
        details = []
        sub = w.join([w.text(e.place) if e.place else None, cv.language.date_range(e.start, e.end)])
        if sub:
            details.append(w.em(sub))
        if e.note:
            details.append(w.text(e.note))
        if e.links:
            details.append(w.join(w.link(l.label, l.url) for l in e.links))
        if w.markdown:  # a heading, then the details as one paragraph with hard line breaks
            block = w.heading(3, head) + ("\n\n" + "  \n".join(details) if details else "")
        else:
            block = "\n".join([head, *details])
        if e.summary:
            block += "\n\n" + w.text(e.summary)
        if e.bullets:
            block += "\n\n" + "\n".join(f"- {w.text(b.text)}" for b in e.bullets)
        if e.keywords:
            block += "\n\n" + " · ".join(w.text(k) for k in e.keywords)
        out.append(block)
    return out


# -- JSON Resume -----------------------------------------------------------------
#: JSON Resume section -> the field of its items that holds the organisation, and the one for the title
ORG_KEY = {"work": "name", "volunteer": "organization", "education": "institution", "awards": "awarder",
           "certificates": "issuer", "references": None, "projects": "name"}
TITLE_KEY = {"work": "position", "volunteer": "position", "awards": "title", "certificates": "name",
             "references": "name", "projects": None, "education": None}


def json_item(key, e, out, ext, x):
    org, title = e.organisation, e.title
    if key == "references" and org:
        ext["organisation"] = org  # a reference has no such field
    if key == "projects":
        if org:
            out["name"], out["roles"] = org, [title]
        else:
            out["name"] = title
    elif key == "education":
        x.put(out, "institution", org)
        study, sep, area = title.partition(" in ")
        out["studyType"] = study
        if sep:
            out["area"] = area
    else:
        x.put(out, ORG_KEY[key], org)
        out[TITLE_KEY[key]] = title
    if e.place:
        out["entity" if key == "projects" else "location"] = e.place
    x.dates(out, e, ext, single=key in ("awards", "certificates"))
    note = x.src(e.note)
    if key == "education" and note:
        m = re.fullmatch(r"(?:(.*) · )?Grade: (.+)", note, re.S)
        if m:
            x.put(out, "description", m.group(1))
            out["score"] = m.group(2)
            note = None
    if key == "projects" and note:
        out["keywords"] = note.split(" · ")
        note = None
    x.put(out, "description", note)
    summary = x.src(e.summary)
    if summary:
        out["reference" if key == "references" else "description" if key == "projects" else "summary"] = summary
    if e.bullets:
        out["courses" if key == "education" else "highlights"] = [x.src(b.text) for b in e.bullets]
        # what a highlight cannot hold (short form, priority, tags), by position:
        # two bullets may well have the same text
        extras = []
        for b in e.bullets:
            data = x.data(b)
            if isinstance(data, dict) and set(data) != {"text"}:
                data.pop("text")
                extras.append(data)
            else:
                extras.append(None)
        if any(extras):
            ext["bullets"] = extras
    if e.keywords:  # no JSON Resume field for it in work, volunteer, education, …
        ext["keywords"] = list(e.keywords)
    x.links(out, e.links, ext)


JSON_RESUME = JsonResume({
    "work": ("experience", "work", "employment", "positions", "career"),
    "volunteer": ("volunteering", "volunteer", "volunteer_work"),
    "education": ("education", "studies"),
    "awards": ("awards", "honors", "honours", "prizes"),
    "certificates": ("certificates", "certifications", "licenses"),
    "references": ("references", "testimonials"),
    "projects": ("projects", "models", "products", "side_projects"),
}, json_item)


# -- diff ------------------------------------------------------------------------
def diff(item):
    head = line(item.organisation, item.title, item.place, date_range(item.start, item.end))
    return [head] + [f"  • {b.text.plain}" for b in item.bullets]


KIND = Kind("entries", Entry, ("experience", "work", "education", "employment", "positions", "volunteering",
                               "teaching", "awards"),
            render=render, write=write, json_resume=JSON_RESUME, diff=diff)
