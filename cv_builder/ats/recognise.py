"""What a parser recognises in the lines of a PDF: name, contact details, section
headings, entries (organisation, title, dates) and skills.

Resume parsers differ; these are the common heuristics they share: a name at the
top in the largest type, contact details by their form, sections by headings
they know, an entry as header lines with a date range followed by bullets.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..lang import bidi
from .read import Document, Line
from .vocabulary import script_language, vocabulary

BULLETS = "•●▪■◦‣∙▸►✓✔–—-*·"
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
URL = re.compile(
    r"(?<![\w@/.-])(?:https?://[^\s<>\"]+|www\.[^\s<>\"]+|"
    r"(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|ai|dev|app|co|me|info|xyz|tech|page|site|blog|"
    r"[a-z]{2})/[^\s<>\"]*)", re.IGNORECASE)
DOMAIN = re.compile(r"(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|ai|dev|app|co|me|info|xyz|tech|page|"
                    r"site|blog|de|fr|uk|eu|ch|nl|es|it|ca|jp|cn)(?![\w@/.-])")
NOT_DOMAINS = {"js", "py", "ts", "rs", "go", "md", "rb", "sh", "cs"}
PHONE = re.compile(r"(?<![\w+:/.])(?:\+|00)?\(?\d[\d ()./-]{5,}\d(?![\w])")
YEAR = r"(?:19|20)\d\d"


@dataclass
class Heading:
    line: Line
    category: str | None  # what it holds, when parsers know the heading
    language: str | None = None
    guess: str | None = None  # for a heading parsers do not know: what its section seems to hold
    suggestion: str | None = None  # ... and the usual heading for that

    @property
    def known(self) -> bool:
        return self.category is not None


@dataclass
class Section:
    heading: Heading | None  # None: the lines before the first heading (the header)
    lines: list[Line] = field(default_factory=list)

    @property
    def category(self) -> str | None:
        """What the section holds: its heading's category, or for an unknown heading what it
        seems to hold."""
        if self.heading is None:
            return None
        return self.heading.category or self.heading.guess


@dataclass
class Entry:
    section: str
    organisation: str
    title: str | None
    dates: str | None
    line: Line
    place: str | None = None  # what follows the organisation (or the title) after a separator


@dataclass
class Recognised:
    name: str | None = None
    name_line: Line | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    language: str = "en"
    body_size: float = 0.0


# -- dates -----------------------------------------------------------------------

class Dates:
    """Date ranges as CVs write them: 2022 – 2024, Mar 2021 – Present, 03/2021 - now,
    2020.03 ~ 2022.01, 2019年3月 – 至今, 2021년 1월 – 재직 중, март 2020 г. – по настоящее время,
    Jan. 2020 bis heute. Text is compared folded (NFKC): Arabic letters in their presentation
    forms, as PDFs hold them, read as letters."""

    def __init__(self):
        v = vocabulary()
        months = "|".join(re.escape(m) for m in v.months)
        present = "|".join(re.escape(p) for p in v.present)
        year = rf"{YEAR}(?:\s?(?:г|р)\.)?"  # 2020 г. (Russian), 2021 р. (Ukrainian)
        token = (rf"(?:(?:{months})\.?\s+{year}|(?:0?[1-9]|1[0-2])\s*[/.]\s*{year}|"
                 rf"{YEAR}\s*[年년](?:\s*\d{{1,2}}\s*[月월])?|{YEAR}\s*[-/.]\s*(?:0?[1-9]|1[0-2])(?!\d)|{year})")
        joint = r"\s*(?:[-–—~〜～]|to|until|till|bis|à|au|a|al|até|tot|do|по|до|до н\.в\.)\s*"
        self.range = re.compile(rf"(?<![\w])(?:{token}){joint}(?:{token}|{present})(?![\w])", re.IGNORECASE)
        self.single = re.compile(rf"(?<![\w/.-])(?:{token})(?![\w/.-])", re.IGNORECASE)

    def find(self, text: str):
        """The first date range in ``text`` (a match whose group(0), start() and end() are the
        text's own), or None."""
        folded, where = fold(text)
        m = self.range.search(folded)
        if m is None or folded is text:
            return m
        return Span(text, where[m.start()], where[m.end() - 1] + 1)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC, character by character, with the place in ``text`` each folded character
    comes from (a ligature folds to two). Plain ASCII text is returned as it is."""
    if text.isascii():
        return text, []
    out, where = [], []
    for i, ch in enumerate(text):
        f = unicodedata.normalize("NFKC", ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


class Span:
    """A place in a text, answering like a regular-expression match."""

    def __init__(self, text: str, start: int, end: int):
        self.text, self._start, self._end = text, start, end

    def group(self, n: int = 0) -> str:
        return self.text[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


# -- the whole -------------------------------------------------------------------

def recognise(doc: Document) -> Recognised:
    lines = doc.lines
    out = Recognised()
    sizes = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    out.body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    out.name, out.name_line = _name(doc)
    text = "\n".join(line.text for line in lines)
    out.emails = _unique(m.group(0) for m in EMAIL.finditer(text))
    out.urls = _unique(u.rstrip(".,;)") for u in (m.group(0) for m in URL.finditer(text))
                       if _is_url(u) and not any(u in e for e in out.emails))
    out.phones = _phones(text)
    out.headings = _headings(lines, out)
    out.language = _language(out.headings, text)
    out.sections = _sections(lines, out.headings)
    v = vocabulary()
    dates = Dates()
    for s in out.sections:
        h = s.heading
        if h is not None and not h.known:
            h.guess = v.hint(h.line.text) or _guess(s, dates)
            h.suggestion = v.suggestion(h.guess, out.language) if h.guess else None
    # a bare domain (dpodell.com) is a web site in the contact details, not in running text
    header = " ".join(l.text for l in out.sections[0].lines) if out.sections else ""
    domains = [m.group(0) for m in DOMAIN.finditer(header)]
    out.urls = _unique(out.urls + [d for d in domains if not any(d in u for u in out.urls + out.emails)])
    out.entries = _entries(out.sections, dates)
    out.skills = _skills(out.sections)
    return out


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


def _is_url(u: str) -> bool:
    if u.lower().startswith(("http://", "https://", "www.")):
        return True
    host = u.split("/", 1)[0]
    return host.rsplit(".", 1)[-1].lower() not in NOT_DOMAINS


def _phones(text: str) -> list[str]:
    out = []
    for m in PHONE.finditer(text):
        s = m.group(0).strip()
        digits = re.sub(r"\D", "", s)
        if not 7 <= len(digits) <= 15:
            continue
        if re.fullmatch(rf"\(?{YEAR}\)?\s*[-–/]\s*\(?{YEAR}\)?", s):  # a year range
            continue
        if re.fullmatch(r"\d+\.\d+", s) or re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}", s):  # an id, a date
            continue
        if not s.startswith(("+", "00", "(")) and len(re.findall(r"[ ()./-]", s)) == 0 and len(digits) < 9:
            continue
        out.append(s)
    return _unique(out)


def _name(doc: Document) -> tuple[str | None, Line | None]:
    first = doc.pages[0].lines[:6]
    if not first:
        return None, None
    line = max(first, key=lambda l: l.size)
    words = line.text.split()
    if 1 <= len(words) <= 6 and not re.search(r"[\d@/|:]", line.text) and re.search(r"\w", line.text):
        return line.text, line
    return None, None


def _language(headings: list[Heading], text: str) -> str:
    counts = Counter(h.language for h in headings if h.language)
    if counts:
        return counts.most_common(1)[0][0]
    return script_language(text) or "en"


def _headings(lines: list[Line], out: Recognised) -> list[Heading]:
    """Known headings (a whole line a parser knows) and the lines set like them that it does not."""
    v = vocabulary()
    body = out.body_size or 1.0
    langs = Counter()

    def looks_like_heading(line: Line) -> bool:
        t = line.text
        return (0 < len(t) <= 60 and len(t.split()) <= 7 and not re.search(r"[@]|://|[.,;]$", t)
                and line is not out.name_line and line.size >= 0.95 * body)

    known, styles = [], set()
    for line in lines:
        if not looks_like_heading(line):
            continue
        m = v.match(line.text)
        if m:
            known.append(line)
            langs.update(v.languages_of(line.text))
            if line.size >= 1.15 * body or line.bold or line.text.isupper():
                styles.add(_style(line))
    out_headings = []
    for line in lines:
        if line in known:
            m = v.match(line.text)
            langs_here = v.languages_of(line.text)
            lang = max(langs_here, key=lambda l: langs[l]) if langs_here else m.language
            out_headings.append(Heading(line, m.category, lang))
        elif looks_like_heading(line) and not re.search(r"\d", line.text) and _style(line) in styles:
            out_headings.append(Heading(line, None))
        elif not styles and looks_like_heading(line) and not re.search(r"\d", line.text) \
                and line.size >= 1.3 * body and len(line.text.split()) <= 5:
            out_headings.append(Heading(line, None))
    return out_headings


def _style(line: Line) -> tuple:
    return (line.fonts[0] if line.fonts else "", round(line.size, 1))


def _sections(lines: list[Line], headings: list[Heading]) -> list[Section]:
    by_line = {id(h.line): h for h in headings}
    sections = [Section(None)]
    for line in lines:
        h = by_line.get(id(line))
        if h is not None:
            sections.append(Section(h))
        else:
            sections[-1].lines.append(line)
    return sections


def _guess(section: Section, dates: Dates) -> str | None:
    """What a section under an unknown heading seems to hold, from its lines."""
    lines = section.lines
    if not lines:
        return None
    if any(dates.find(l.text) for l in lines):
        return "experience"
    if sum(1 for l in lines if re.search(rf"\b{YEAR}\b", l.text)) >= 2:
        return "projects"
    if any(re.search(r"\s[·•|,;]\s", l.text) for l in lines) and all(len(l.text) < 140 for l in lines):
        return "skills"
    return "summary"


def is_bullet(line: Line) -> bool:
    """A line that starts with a bullet sign (or is one: an extractor may give the sign a line of its own)."""
    t = line.text
    if len(t) == 1:
        return t in "•●▪■◦‣∙▸►✓✔"
    return len(t) > 1 and t[0] in BULLETS and (t[1] == " " or t[0] in "•●▪■◦‣∙▸►✓✔")


ENTRY_CATEGORIES = {"experience", "education", "volunteering", "teaching"}


def _entries(sections: list[Section], dates: Dates) -> list[Entry]:
    """Entries as a parser cuts them: header lines (up to the first bullet) holding a date range."""
    out = []
    for s in sections:
        if s.heading is None or s.category not in ENTRY_CATEGORIES:
            continue
        for group in _header_groups(s.lines, dates):
            out.append(_entry(s.heading.line.text, group, dates))
    return out


def _entry(section: str, group: list[Line], dates: Dates) -> Entry:
    """An entry from its header lines, anchored where parsers anchor it: at the date range.
    Text on the date's line is the organisation (or, a date alone on its line, the line
    before it); the line after it is the title."""
    at = next((i for i, l in enumerate(group) if dates.find(l.text)), None)
    if at is None:
        return Entry(section, group[0].text, group[1].text if len(group) > 1 else None, None, group[0])
    m = dates.find(group[at].text)
    text = group[at].text
    rest = " ".join((text[:m.start()] + " " + text[m.end():]).split()).strip(" ·|,;–—-")
    title = group[at + 1].text if at + 1 < len(group) else None
    if rest:
        org, line = rest, group[at]
    elif at > 0:
        org, line = group[at - 1].text, group[at - 1]
    else:
        return Entry(section, title or "", None, m.group(0), group[at])
    # parts split where parsers split a header: "Organisation | Place", "Title | Place"
    org, *where = _parts(org)
    if title:
        title, *more = _parts(title)
        where = where or more
    return Entry(section, org, title, m.group(0), line, " | ".join(where) or None)


SEPARATOR = re.compile(r"\s+[|•·]\s+|\t")


def _parts(text: str) -> list[str]:
    return [p for p in (p.strip() for p in SEPARATOR.split(text)) if p] or [text]


def _header_groups(lines: list[Line], dates: Dates) -> list[list[Line]]:
    """Runs of header lines: each starts after bullets (or at the section's start) and ends at
    the first bullet; a second date range begins a new entry."""
    groups: list[list[Line]] = []
    current: list[Line] | None = []
    bullet = None
    for line in lines:
        if is_bullet(line):
            bullet = line
            current = None
            continue
        if current is None:  # after bullets: a continuation (indented), or the next header
            if bullet is not None and _indented(line, bullet):
                continue
            current = []
        if current and dates.find(line.text) and any(dates.find(l.text) for l in current):
            current = []
        if not current:
            groups.append(current)
        current.append(line)
    return [g for g in groups if g]


def _indented(line: Line, bullet: Line) -> bool:
    """Whether a line after a bullet is indented from it (the bullet's text going on): from the
    left, or, in right-to-left text (its bullet hangs on the right), from the right."""
    if bidi.has_rtl(bullet.text) and bullet.x1 - line.x1 > 2:
        return True
    return line.x0 > bullet.x0 + 2 and not bidi.has_rtl(bullet.text)


def _skills(sections: list[Section]) -> list[str]:
    out = []
    for s in sections:
        if s.heading is None or s.heading.category != "skills":
            continue
        for line in s.lines:
            text = line.text[1:] if is_bullet(line) else line.text
            label, colon, rest = text.partition(":")
            if colon and len(label.split()) <= 4:
                text = rest
            # split at the line's strongest separator: "MM-DiT / DiT | Rectified flow" is two skills
            strong = re.compile(r"\s*[·•|;、，；・]\s*")
            weak = re.compile(r"\s*,\s*|\s+/\s+")
            for item in (strong if strong.search(text) else weak).split(text):
                item = item.strip(" .")
                if item and len(item) <= 60:
                    out.append(item)
    return _unique(out)
