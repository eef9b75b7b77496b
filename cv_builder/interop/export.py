"""The CV as Markdown (for web profiles, READMEs) and as plain text (for
application forms that take only pasted text).

Both show every section and every detail in the data's order, like the full
layout. Markdown keeps emphasis and links; plain text has no markup at all:
one paragraph per line (forms wrap lines themselves), bullets as "- ", links
as "text (address)".
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import CV, Section, date_range

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    """Plain text that Markdown prints as it is."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([#+\-]|\d+\.)(\s)", r"\1\\\2\3", text)


def md_url(url: str) -> str:
    """A link target that no parenthesis in it can end early."""
    return url.replace("(", "%28").replace(")", "%29")


class Writer:
    """What differs between the two formats: how text is written."""

    markdown = True

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return md_escape(value)
        out = []
        for span in value.spans:
            piece = md_escape(span.text)
            if span.italic:
                piece = f"*{piece}*"
            if span.bold:
                piece = f"**{piece}**"
            if span.href:
                piece = f"[{piece}]({md_url(span.href)})"
            out.append(piece)
        return "".join(out)

    def link(self, label: Optional[str], url: str) -> str:
        shown = label or url.split("://", 1)[-1].removeprefix("mailto:")
        return f"[{md_escape(shown)}]({md_url(url)})"

    def strong(self, text: str) -> str:
        return f"**{text}**" if text else ""

    def em(self, text: str) -> str:
        return f"*{text}*" if text else ""

    def heading(self, level: int, text: str) -> str:
        return f"{'#' * level} {text}"


class PlainWriter(Writer):
    markdown = False

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        out = []
        for span in value.spans:
            out.append(span.text)
            if span.href:
                target = span.href.removeprefix("mailto:")
                if target not in span.text:
                    out.append(f" ({target})")
        return "".join(out)

    def link(self, label: Optional[str], url: str) -> str:
        target = url.removeprefix("mailto:")
        return f"{label} ({target})" if label and label != target else target

    def strong(self, text: str) -> str:
        return text

    def em(self, text: str) -> str:
        return text

    def heading(self, level: int, text: str) -> str:
        if level == 1:
            return text
        return text.upper() if level == 2 else text


def _join(parts, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def render(cv: CV, w: Writer) -> str:
    h = cv.header
    blocks: list[str] = [w.heading(1, w.text(h.name))]
    if h.headline:
        blocks.append(w.strong(w.text(h.headline)))
    if h.intro:
        blocks.append(w.text(h.intro))
    contact = [w.text(h.location) if h.location else None,
               w.link(h.email, f"mailto:{h.email}") if h.email else None,
               w.text(h.phone) if h.phone else None,
               w.link(None, h.website) if h.website else None,
               *[w.link(link.label, link.url) for link in h.links]]
    if any(contact):
        blocks.append(_join(contact))
    for section in cv.sections:
        if not section.items:
            continue
        blocks.append(w.heading(2, w.text(section.title)))
        blocks += SECTIONS[section.kind](section, w, cv)
    text = "\n\n".join(b.rstrip() for b in blocks if b and b.strip())
    return text + "\n"


def _text(section: Section, w: Writer, cv: CV) -> list[str]:
    return [w.text(p.text) for p in section.items]


def _figures(section: Section, w: Writer, cv: CV) -> list[str]:
    lines = []
    for f in section.items:
        note = f" ({w.text(f.note)})" if f.note else ""
        lines.append(f"- {w.strong(w.text(f.value))} {w.text(f.label)}{note}")
    return ["\n".join(lines)]


def _entries(section: Section, w: Writer, cv: CV) -> list[str]:
    out = []
    for e in section.items:
        head = _join([w.text(e.organisation) if e.organisation else None, w.text(e.title)], " — ")
        details = []
        sub = _join([w.text(e.place) if e.place else None, date_range(e.start, e.end)])
        if sub:
            details.append(w.em(sub))
        if e.note:
            details.append(w.text(e.note))
        if e.links:
            details.append(_join(w.link(l.label, l.url) for l in e.links))
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


def _projects(section: Section, w: Writer, cv: CV) -> list[str]:
    lines = []
    for p in section.items:
        head = _join([w.strong(w.text(p.name)), w.text(p.role) if p.role else None, str(p.year) if p.year else None])
        rest = w.text(p.description) if p.description else ""
        links = _join(w.link(l.label, l.url) for l in p.links)
        lines.append(f"- {head}" + (f" — {rest}" if rest else "") + (f" ({links})" if links else ""))
    return ["\n".join(lines)]


def _publications(section: Section, w: Writer, cv: CV) -> list[str]:
    lines = []
    owner = set(cv.owner)
    for p in section.items:
        parts = [w.strong(w.text(p.title)) + (f" ({p.year})" if p.year else "")]
        if p.authors:
            parts.append(", ".join(w.strong(w.text(a)) if a in owner else w.text(a) for a in p.authors))
        venue = _join([w.em(w.text(p.venue)) if p.venue else None, w.text(p.status) if p.status else None,
                       w.text(p.role) if p.role else None])
        ids = [w.link(f"arXiv:{p.arxiv}", f"https://arxiv.org/abs/{p.arxiv}") if p.arxiv else None,
               w.link(f"doi:{p.doi}", f"https://doi.org/{p.doi}") if p.doi else None,
               w.link(None, p.url) if p.url else None]
        parts.append(_join([venue, *ids]))
        if p.note:
            parts.append(w.text(p.note))
        lines.append("- " + ". ".join(x.rstrip(".") for x in parts if x) + ".")
    return ["\n".join(lines)]


def _tags(section: Section, w: Writer, cv: CV) -> list[str]:
    return [_join(w.text(t.name) for t in section.items)]


def _timeline(section: Section, w: Writer, cv: CV) -> list[str]:
    lines = []
    for m in section.items:
        period = date_range(m.start, m.end)
        lines.append(f"- {w.strong(period) + ': ' if period else ''}{w.text(m.text)}")
    return ["\n".join(lines)]


SECTIONS = {"text": _text, "figures": _figures, "entries": _entries, "projects": _projects,
            "publications": _publications, "tags": _tags, "timeline": _timeline}


def markdown(cv: CV) -> str:
    return render(cv, Writer())


def plain_text(cv: CV) -> str:
    return render(cv, PlainWriter())
