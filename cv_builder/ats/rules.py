"""The problems a parser would have with a PDF, each with its place (page, line).

An *error* is a problem that would lose a job, a date or a contact; a *warning*
one that adds noise or misfiles what a parser still keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .read import Document, Line
from .recognise import DOMAIN, EMAIL, URL, Dates, Recognised, _indented, _phones, is_bullet

ERROR, WARNING = "error", "warning"


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    page: int | None = None
    line: int | None = None
    hint: str | None = None

    @property
    def place(self) -> str:
        if self.page is None:
            return ""
        return f"page {self.page}" + (f", line {self.line}" if self.line is not None else "")


def at(line: Line, rule: str, severity: str, message: str, hint: str | None = None) -> Finding:
    return Finding(rule, severity, message, line.page, line.number, hint)


def short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check(doc: Document, found: Recognised) -> list[Finding]:
    furniture = page_furniture(doc, found.name)
    out = (dates_in_bullets(found, furniture) + furniture_findings(doc, found, furniture) + hidden_links(doc, found)
           + unknown_headings(found) + outlines(doc) + interleaved(doc) + read_above(found, furniture) + no_contact(doc, found)
           + unsplit_contact(found))
    return sorted(out, key=lambda f: (f.page or 0, f.line or 0, f.rule))


# -- dates inside bullet text ---------------------------------------------------------

def dates_in_bullets(found: Recognised, furniture: dict[int, str]) -> list[Finding]:
    """A line that is (almost) only a date range, read after a bullet and before the next
    entry's header: the parser gives the entry no dates (and the date to the bullet)."""
    dates = Dates()
    out = []
    for section in found.sections:
        bullet = None  # the last bullet line while in an entry's bullets
        for line in section.lines:
            if id(line) in furniture:
                continue
            if is_bullet(line):
                bullet = line
                continue
            if bullet is None:
                continue
            if not _indented(line, bullet):
                bullet = None  # a line at the bullets' margin: the next entry's header
                continue
            # inside the bullets' text: a continuation line, or a date that belongs to the header
            m = dates.find(line.text)
            rest = (line.text[:m.start()] + line.text[m.end():]) if m else ""
            if m and len(rest.split()) <= 6:
                out.append(at(line, "dates-in-bullets", ERROR,
                              f"dates inside bullet text: '{m.group(0)}' is read after the bullet "
                              f"'{short(bullet.text)}' (page {bullet.page}, line {bullet.number}), "
                              "so the entry gets no dates",
                              "keep dates on the entry's header line, or draw them right after it"))
    return out


# -- page furniture -------------------------------------------------------------------

PAGE_NUMBER = re.compile(r"^(?:page|seite|p\.|стр\.?|página|pagina|sayfa)?\s*\d{1,3}(?:\s*(?:/|of|von|de|из|di|van|z|з)\s*\d{1,3})?$",
                         re.IGNORECASE)


def page_furniture(doc: Document, name: str | None = None) -> dict[int, str]:
    """Running heads and page numbers: lines near the top or bottom of a page whose text
    (digits aside) repeats on other pages, that are a page number, or that carry the CV's
    name on a page after the first as its first or last line (a running head of a two-page CV;
    not a list of authors that starts with the name, under a heading at the top of a page).
    id(line) -> what."""
    out: dict[int, str] = {}
    seen: dict[str, set[int]] = {}
    margin_lines = []
    edges: set[int] = set()  # the first and the last line of each page
    for page in doc.pages:
        if page.lines:  # (a running head and a page number beside it are two lines at one height)
            top, bottom = max(l.y1 for l in page.lines), min(l.y0 for l in page.lines)
            edges |= {id(l) for l in page.lines if l.y1 > top - 2 or l.y0 < bottom + 2}
        for line in page.lines:
            if line.y1 > page.height * 0.88 or line.y0 < page.height * 0.12:
                margin_lines.append(line)
                seen.setdefault(re.sub(r"\d+", "#", line.text), set()).add(page.number)
    for line in margin_lines:
        key = re.sub(r"\d+", "#", line.text)
        if PAGE_NUMBER.match(line.text):
            out[id(line)] = "a page number"
        elif len(seen[key]) >= 2 or (name and line.page > 1 and name in line.text and id(line) in edges):
            out[id(line)] = "a running head or foot"
    return out


def furniture_findings(doc: Document, found: Recognised, furniture: dict[int, str]) -> list[Finding]:
    dates = Dates()
    headings = {id(h.line) for h in found.headings}
    lines = doc.lines
    out = []
    for i, line in enumerate(lines):
        what = furniture.get(id(line))
        if what is None:
            continue
        pages = sorted({l.page for l in lines if furniture.get(id(l)) == what and
                        re.sub(r"\d+", "#", l.text) == re.sub(r"\d+", "#", line.text)})
        on = f"pages {pages[0]}–{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
        after = []  # the next two lines of content, up to a heading
        for nxt in lines[i + 1:]:
            if id(nxt) in furniture:
                continue
            if id(nxt) in headings or len(after) == 2:
                break
            after.append(nxt)
        before = next((l for l in reversed(lines[:i]) if id(l) not in furniture), None)
        # in the middle of an entry, or just above one: it is read as part of it
        joins = any(dates.find(l.text) and not is_bullet(l) for l in after) or \
            (before is not None and after and (is_bullet(after[0]) or after[0].x0 > before.x0 + 2))
        severity = ERROR if joins else WARNING
        effect = ("it sits right against an entry, and a parser may read it as part of that entry (one parser "
                  "read a running head as a job)") if joins else "a parser reads it as text of the section it falls in"
        out.append(at(line, "page-furniture", severity,
                      f"page furniture read as content: '{short(line.text)}' ({what}, on {on}); {effect}",
                      "leave running heads and page numbers out of a CV for parsers (a one-page CV has none), "
                      "or mark them as artifacts in a tagged PDF"))
    return out


# -- links ----------------------------------------------------------------------------

def _bare(address: str) -> str:
    a = address.strip()
    a = re.sub(r"^(?:https?://|mailto:|tel:)", "", a, flags=re.IGNORECASE)
    a = re.sub(r"^www\.", "", a, flags=re.IGNORECASE)
    return a.rstrip("/").casefold()


def hidden_links(doc: Document, found: Recognised) -> list[Finding]:
    """A link whose address is not printed: parsers read text, not link annotations."""
    text = re.sub(r"\s+", "", "".join(l.text for l in doc.lines)).casefold()
    text = text.replace("www.", "")
    header = _header_lines(found)
    out = []
    for page in doc.pages:
        for link in page.links:
            bare = _bare(link.uri)
            if not bare or bare.replace(" ", "") in text:
                continue
            line = _line_of(page.lines, link.rect)
            in_header = line is not None and id(line) in header
            contact = link.uri.lower().startswith(("mailto:", "tel:")) or in_header
            shown = f"'{short(link.text)}'" if link.text else "an area with no text"
            f = Finding("hidden-link", ERROR if contact else WARNING,
                        f"a link whose address is not visible: {shown} goes to {short(link.uri, 70)}, "
                        "which a parser never sees" + (" (a contact, lost)" if contact else ""),
                        page.number, line.number if line is not None else None,
                        f"print the address itself as the link's text: {short(_bare(link.uri), 60)}")
            out.append(f)
    return out


def _header_lines(found: Recognised) -> set[int]:
    """The lines before the first heading: where contact details are."""
    ids = {id(l) for l in found.sections[0].lines} if found.sections else set()
    if found.name_line is not None:
        ids.add(id(found.name_line))
    return ids


def _line_of(lines: list[Line], rect) -> Line | None:
    x0, y0, x1, y1 = rect
    best, overlap = None, 0.0
    for line in lines:
        h = min(line.y1, y1) - max(line.y0, y0)
        w = min(line.x1, x1) - max(line.x0, x0)
        if h > 0 and w > 0 and h * w > overlap:
            best, overlap = line, h * w
    return best


# -- headings -------------------------------------------------------------------------

def unknown_headings(found: Recognised) -> list[Finding]:
    dates = Dates()
    out = []
    sections = {id(s.heading): s for s in found.sections if s.heading is not None}
    previous = None
    for h in found.headings:
        s = sections.get(id(h))
        if not h.known:
            dated = sum(1 for l in (s.lines if s else []) if dates.find(l.text) and not is_bullet(l))
            into = f"'{previous.line.text}'" if previous is not None else "the header"
            if dated:
                severity = ERROR
                effect = (f"its {dated} dated line{'s' if dated != 1 else ''} may be filed under {into}, "
                          "not as jobs")
            else:
                severity = WARNING
                effect = f"its lines are read as more of {into}"
            hint = f"call it '{h.suggestion}'" if h.suggestion else "use a heading parsers know"
            out.append(at(h.line, "unknown-heading", severity,
                          f"a heading parsers will not recognise: '{h.line.text}'; {effect}", hint))
        else:
            previous = h
    return out


# -- text drawn as outlines, pages that are pictures -----------------------------------

def outlines(doc: Document) -> list[Finding]:
    out = []
    for page in doc.pages:
        if page.chars:
            continue
        if page.drawings >= 10:
            out.append(Finding("vector-outlines", ERROR,
                               f"page {page.number} has drawings ({page.drawings} paths) but no text: its text is "
                               "drawn as vector outlines, which no parser reads", page.number, None,
                               "export the PDF with text kept as text (not 'convert text to outlines/curves')"))
        elif page.images:
            out.append(Finding("image-page", ERROR,
                               f"page {page.number} is a picture with no text: a parser reads nothing on it",
                               page.number, None, "export the PDF from the document itself, not from a scan or "
                                                  "a screenshot"))
        else:
            out.append(Finding("empty-page", WARNING, f"page {page.number} has no text", page.number, None))
    return out


# -- columns ---------------------------------------------------------------------------

def interleaved(doc: Document) -> list[Finding]:
    """Two columns read line by line: either each line joins the text of both columns across
    a gutter, or the lines alternate between the columns."""
    out = []
    for page in doc.pages:
        lines = page.lines
        i = 0
        while i < len(lines):
            run = _gutter_run(lines, i)
            if len(run) >= 3:
                first, last = run[0], run[-1]
                out.append(at(first, "columns-interleave", ERROR,
                              f"columns that interleave line by line: lines {first.number}–{last.number} each join "
                              f"the text of two columns ('{short(first.text, 60)}'), so entries of one column "
                              "are mixed into the other",
                              "draw one column after the other, with a gutter of at least two characters' width; "
                              "or use one column"))
                i += len(run)
                continue
            alt = _alternating_run(lines, i)
            if len(alt) >= 4:
                first, last = alt[0], alt[-1]
                out.append(at(first, "columns-interleave", ERROR,
                              f"columns that interleave line by line: lines {first.number}–{last.number} alternate "
                              f"between two columns ('{short(first.text, 30)}' / '{short(alt[1].text, 30)}')",
                              "draw one column after the other, each as one block of text; or use one column"))
                i += len(alt)
                continue
            i += 1
    return out


def _gutter_run(lines: list[Line], i: int) -> list[Line]:
    """Consecutive lines that all have text on both sides of one blank vertical band."""
    band = None
    run = []
    for line in lines[i:]:
        found = None
        for g0, g1 in line.gaps:
            lo, hi = (max(g0, band[0]), min(g1, band[1])) if band else (g0, g1)
            if hi - lo >= 0.4 * line.size and line.x0 < lo and line.x1 > hi:
                found = (lo, hi)
                break
        if found is None:
            break
        band = found
        run.append(line)
    return run


def _alternating_run(lines: list[Line], i: int) -> list[Line]:
    """Consecutive lines that go left, right, left, right… between two columns that do not
    overlap, each pair side by side."""
    run = lines[i:i + 2]
    if len(run) < 2 or not _side_by_side(run[0], run[1]):
        return []
    for line in lines[i + 2:]:
        a, b = run[-2], run[-1]
        same_column = min(line.x1, a.x1) - max(line.x0, a.x0) > 0 and not (min(line.x1, b.x1) - max(line.x0, b.x0) > 0)
        if not same_column or line.y1 > a.y1 + 1:
            break
        run.append(line)
    return run


def _side_by_side(a: Line, b: Line) -> bool:
    apart = a.x1 < b.x0 or b.x1 < a.x0
    level = min(a.y1, b.y1) - max(a.y0, b.y0) > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0)
    return apart and level


def read_above(found: Recognised, furniture: dict[int, str]) -> list[Finding]:
    """Text drawn above a heading but read after it (a row of cells beside each other, read
    cell by cell): a parser files it under that heading."""
    out = []
    for s in found.sections:
        h = s.heading
        if h is None:
            continue
        above = [l for l in s.lines if l.page == h.line.page and l.y0 > h.line.y1 + 1 and id(l) not in furniture]
        if above:
            first = above[0]
            out.append(at(first, "read-out-of-place", WARNING,
                          f"'{short(first.text)}' and {len(above) - 1} more line{'s' if len(above) != 2 else ''} "
                          f"drawn above the heading '{h.line.text}' are read after it: a parser files them under "
                          f"{h.line.text}" if len(above) > 1 else
                          f"'{short(first.text)}', drawn above the heading '{h.line.text}', is read after it: "
                          f"a parser files it under {h.line.text}",
                          "set side-by-side cells (figures, columns) as lines of text, or keep them well apart "
                          "from the heading below"))
    return out


# -- contact details -------------------------------------------------------------------

UNSPLIT = re.compile(r"\s+([·∙⋅‧])\s+")  # middle dots: parsers split a contact line at |, commas, tabs, not these


def unsplit_contact(found: Recognised) -> list[Finding]:
    """Contact details joined by a middle dot, which parsers do not split a line at: one read a
    location and an e-mail address as one field ("CA · dustin.podell@…")."""
    out = []
    for line in found.sections[0].lines if found.sections else []:
        m = UNSPLIT.search(line.text)
        if m is None:
            continue
        parts = [p for p in UNSPLIT.split(line.text)[::2] if p.strip()]
        if len(parts) > 1 and any(EMAIL.search(p) or URL.search(p) or DOMAIN.search(p) or _phones(p) for p in parts):
            out.append(at(line, "unsplit-contact", WARNING,
                          f"contact details joined by '{m.group(1)}', which parsers do not split a line at: "
                          f"'{short(line.text, 60)}' may be read as one field",
                          "join them with ' | ' or commas, or give each a line of its own "
                          "(the ats look does: --layout ats)"))
    return out



def no_contact(doc: Document, found: Recognised) -> list[Finding]:
    if found.emails or found.phones:
        return []
    hidden = any(l.uri.lower().startswith("mailto:") for p in doc.pages for l in p.links)
    if hidden:
        return []  # a hidden-link error says it already
    return [Finding("no-contact", WARNING, "no e-mail address or phone number in the text: a parser finds no way "
                                          "to reach you", 1, None,
                    "print the e-mail address (and a phone number) in the header, as plain text")]
