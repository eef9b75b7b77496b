"""A preview as text for a terminal, or as JSON for tools."""

from __future__ import annotations

from . import Preview
from .rules import ERROR


def as_json(p: Preview) -> dict:
    r = p.recognised
    doc = p.document
    return {
        "file": doc.path,
        "extractor": f"pdfminer.six {doc.version}, default layout analysis",
        "pages": [{"number": page.number,
                   "lines": [{"line": l.number, "text": l.text, "box": l.box} for l in page.lines]}
                  for page in doc.pages],
        "pages_in_file": doc.total_pages,
        "recognised": {
            "name": r.name,
            "emails": r.emails,
            "phones": r.phones,
            "urls": r.urls,
            "language": r.language,
            "headings": [{"text": h.line.text, "page": h.line.page, "line": h.line.number,
                          "known": h.known, "category": h.category or h.guess,
                          **({"suggestion": h.suggestion} if not h.known else {})} for h in r.headings],
            "entries": [{"section": e.section, "organisation": e.organisation, "title": e.title,
                         "place": e.place, "dates": e.dates, "page": e.line.page, "line": e.line.number} for e in r.entries],
            "skills": r.skills,
        },
        "problems": [{"rule": f.rule, "severity": f.severity, "page": f.page, "line": f.line,
                      "message": f.message, **({"hint": f.hint} if f.hint else {})} for f in p.findings],
        "ok": p.ok,
    }


def as_text(p: Preview, text: bool = True, color=lambda s, **kw: s) -> str:
    """The preview for a terminal; ``color`` is click.style (or nothing, for a file)."""
    doc, r = p.document, p.recognised
    out = [color(f"{doc.path}: what a resume parser reads", bold=True)
           + f" (pdfminer.six {doc.version}, default layout analysis)"]
    if text:
        out.append("")
        for page in doc.pages:
            out.append(color(f"── page {page.number} " + "─" * 50, dim=True))
            box = None
            for line in page.lines:
                if box is not None and line.box != box:
                    out.append("")
                box = line.box
                out.append(f"{line.number:4}  {line.text}")
        if doc.total_pages > len(doc.pages):
            out.append(f"… and {doc.total_pages - len(doc.pages)} more pages, not previewed")
    out.append("")
    out.append(color("Recognised", bold=True))
    none = color("none found", fg="yellow")

    def row(label: str, value: str) -> None:
        out.append(f"  {label:9} {value}")

    row("name", r.name or none)
    row("e-mail", ", ".join(r.emails) or none)
    row("phone", ", ".join(r.phones) or none)
    row("URLs", ", ".join(r.urls) or none)
    known = [h for h in r.headings if h.known]
    unknown = [h for h in r.headings if not h.known]
    row("headings", " · ".join(h.line.text for h in known) or none)
    if unknown:
        row("", color("not recognised: ", fg="yellow") + " · ".join(
            h.line.text + (f" (→ {h.suggestion})" if h.suggestion else "") for h in unknown))
    if r.entries:
        section = None
        first = True
        for e in r.entries:
            if e.section != section:
                row("entries" if first else "", color(e.section, bold=True))
                section, first = e.section, False
            parts = [_cut(e.organisation) or color("(no organisation)", fg="yellow"),
                     _cut(e.title) if e.title else None,
                     _cut(e.place, 30) if e.place else None,
                     e.dates or color("no dates", fg="red")]
            row("", "  " + " | ".join(x for x in parts if x) + color(f"  (p{e.line.page} l{e.line.number})", dim=True))
    else:
        row("entries", none)
    row("skills", ", ".join(r.skills) if r.skills else color("none recognised (no skills section a parser knows)",
                                                             fg="yellow"))
    out.append("")
    errors = len(p.errors)
    warnings = len(p.findings) - errors
    if not p.findings:
        out.append(color("Problems: none found", fg="green", bold=True))
    else:
        out.append(color("Problems", bold=True))
        for f in p.findings:
            label = color(f"{f.severity:7}", fg="red" if f.severity == ERROR else "yellow", bold=f.severity == ERROR)
            where = f"p{f.page}" + (f" l{f.line}" if f.line is not None else "") if f.page else ""
            out.append(f"  {where:9} {label}  {f.message}")
            if f.hint:
                out.append(f"  {'':9} {'':7}  hint: {f.hint}")
    out.append("")
    summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        out.append(color(summary + ": a parser would lose a job, a date or a contact.", fg="red", bold=True))
    else:
        out.append(color(summary + ": nothing a parser would lose.", fg="green", bold=True))
    return "\n".join(out)


def _cut(text: str | None, limit: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
