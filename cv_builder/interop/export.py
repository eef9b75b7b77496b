"""The CV as Markdown (for web profiles, READMEs) and as plain text (for
application forms that take only pasted text).

Both show every section and every detail in the data's order, like the full
layout. Markdown keeps emphasis and links; plain text has no markup at all:
one paragraph per line (forms wrap lines themselves), bullets as "- ", links
as "text (address)". Each section kind writes its own sections (its ``write``
in :mod:`cv_builder.kinds`), with the :class:`Writer` of the format.
"""

from __future__ import annotations

import re
from typing import Optional

from ..kinds import KINDS
from ..model import CV

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

    def join(self, parts, sep: str = " · ") -> str:
        """The parts that are there (written already), joined."""
        return sep.join(p for p in parts if p)


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
        blocks.append(w.join(contact))
    for section in cv.sections:
        if not section.items:
            continue
        blocks.append(w.heading(2, w.text(section.title)))
        blocks += KINDS[section.kind].write(section, w, cv)
    text = "\n\n".join(b.rstrip() for b in blocks if b and b.strip())
    return text + "\n"


def markdown(cv: CV) -> str:
    return render(cv, Writer())


def plain_text(cv: CV) -> str:
    return render(cv, PlainWriter())
