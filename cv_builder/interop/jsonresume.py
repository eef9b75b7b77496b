"""JSON Resume (https://jsonresume.org, schema v1.0.0 and later) in and out.

Import maps each JSON Resume section onto a section of ours::

    basics        -> name, headline (label), intro (summary), email, phone,
                     location, website (url), links (profiles)
    work          -> experience     (entries)   volunteer -> volunteering (entries)
    education     -> education      (entries)   awards    -> awards       (entries)
    certificates  -> certificates   (entries)   references-> references   (entries)
    projects      -> projects       (entries)   publications -> publications
    skills, languages, interests   -> tags sections

Real files are messy: empty strings and nulls count as missing, HTML is turned
into our markup (or stripped), URLs without a scheme get ``https://``, dates
may be YYYY, YYYY-MM or YYYY-MM-DD (a missing end date means ongoing). What
cannot be kept is *reported* as a warning with its JSON path (and written at
the top of the YAML), never dropped silently; what makes no CV at all (no
name, a section that is not a list) is an error.

Export writes standard JSON Resume for every section that has a place there,
and keeps the rest — sections with no JSON Resume counterpart, priorities,
tags, short forms — under ``cvBuilder`` keys (``meta.cvBuilder`` and one per
item), which the schema allows. Importing the export gives the same CV back.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .. import lang, markup, schema, source
from ..errors import CVError, Position, Problem, Problems, show
from ..files import read_limited
from ..kinds import KINDS
from ..lang.detect import detect
from ..model import PRESENT_WORDS, CV, Date, Section
from ..model import parse_date as parse
from . import embedded
from .yamlout import dump, record_to_data, section_to_data, settings_to_data, value_to_data

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EXT = "cvBuilder"  # our key, in meta and in items: what JSON Resume has no field for
EXT_VERSION = 1

#: JSON Resume section -> (our section id, title, kind)
SECTIONS: dict[str, tuple[str, str, str]] = {
    "work": ("experience", "Experience", "entries"),
    "volunteer": ("volunteering", "Volunteering", "entries"),
    "education": ("education", "Education", "entries"),
    "awards": ("awards", "Awards", "entries"),
    "certificates": ("certificates", "Certificates", "entries"),
    "publications": ("publications", "Publications", "publications"),
    "skills": ("skills", "Skills", "tags"),
    "languages": ("languages", "Languages", "tags"),
    "interests": ("interests", "Interests", "tags"),
    "references": ("references", "References", "entries"),
    "projects": ("projects", "Projects", "entries"),
}

TOP_KEYS = {"$schema", "basics", "meta", *SECTIONS}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: profile networks whose address follows from the user name
PROFILE_URLS = {
    "twitter": "https://twitter.com/{}", "x": "https://x.com/{}", "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}", "linkedin": "https://www.linkedin.com/in/{}",
    "soundcloud": "https://soundcloud.com/{}", "instagram": "https://www.instagram.com/{}",
    "facebook": "https://www.facebook.com/{}", "medium": "https://medium.com/@{}",
    "youtube": "https://www.youtube.com/@{}", "bluesky": "https://bsky.app/profile/{}",
    "dribbble": "https://dribbble.com/{}", "behance": "https://www.behance.net/{}",
    "kaggle": "https://www.kaggle.com/{}", "huggingface": "https://huggingface.co/{}",
}


# -- reading the file ------------------------------------------------------------
class Locator:
    """Line and column of a JSON path, for messages. JSON is YAML, so the
    project's YAML reader (which keeps positions) finds them (:func:`source.locate_json`);
    where it reads the file differently, messages name the file only."""

    def __init__(self, text: str, name: str, root: Any = ...):
        self.name = name
        if root is ...:
            try:
                root, _ = source.locate_json(text, name)
            except Exception:  # positions are a courtesy: never fail an import over them
                root = None
        self.root = root

    def __call__(self, path: tuple) -> Position:
        node, pos = self.root, Position(self.name)
        for step in path:
            if isinstance(node, source.YMap) and step in node:
                pos, node = node.where(step), node[step]
            elif isinstance(node, source.YList) and isinstance(step, int) and step < len(node):
                pos, node = node.where(step), node[step]
            else:
                break
        return pos


MAX_NUMBER = 100  # characters in a JSON number: no value in a CV needs more


class _BadNumber(ValueError):
    def __init__(self, text: str, message: str):
        super().__init__(message)
        self.text, self.message = text, message


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER:  # (Python refuses over 4,300 digits, with its own message)
        raise _BadNumber(text, f"a number of {len(text):,} digits is longer than any in a CV "
                               f"(at most {MAX_NUMBER} characters)")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER:
        raise _BadNumber(text, f"a number of {len(text):,} characters is longer than any in a CV "
                               f"(at most {MAX_NUMBER} characters)")
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text, f"the number {text} is too large to be held as a number")
    return value


def _constant(word: str):
    raise ValueError(f"{word} is not a JSON value")


def _position(text: str, name: str, needle: str) -> Position:
    """Where ``needle`` (a number as written) first stands on its own in the text."""
    m = re.search(r"(?<![\w.+-])" + re.escape(needle) + r"(?![\w.])", text)
    if m is None:
        return Position(name)
    line = text.count("\n", 0, m.start()) + 1
    return Position(name, line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1)


def read_document(path: Path | str) -> tuple[Any, Locator]:
    """Parse a JSON file; a CVError says where it is not JSON, or not JSON a CV is made of:
    a key given twice in one object (an error, as in YAML: JSON readers keep one of the two),
    a number too long for any CV, more values or deeper nesting than the YAML reader takes.
    Only a regular file is read (see :func:`files.read_limited`)."""
    name = str(path)
    data = read_limited(path, name, source.MAX_BYTES, "JSON Resume file",
                        missing="give the path of a JSON Resume file, e.g. resume.json")
    if data.startswith(b"%PDF-"):  # a PDF built with --embed-data: the JSON Resume it carries
        data, name = embedded.attached(data, name), f"{name}:{embedded.ATTACHMENT}"
    text = source.decode(data, name)
    twice: list[str] = []

    def pairs(items: list) -> dict:
        out = dict(items)
        if len(out) != len(items):
            seen: set = set()
            twice.extend(k for k, _ in items if k in seen or seen.add(k))
        return out

    try:
        doc = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise CVError([Problem(f"this is not valid JSON: {exc.msg}", position=Position(name, exc.lineno, exc.colno),
                               hint="check the commas, quotes and brackets around this place")]) from None
    except _BadNumber as exc:
        raise CVError([Problem(exc.message, position=_position(text, name, exc.text),
                               hint="if it is text, put it in quotes; otherwise shorten or remove it")]) from None
    except ValueError as exc:
        raise CVError([Problem(f"this is not valid JSON: {exc}", position=Position(name))]) from None
    except RecursionError:
        raise CVError([Problem("the JSON is nested too deeply", position=Position(name),
                               expected=f"at most {source.MAX_DEPTH} levels")]) from None
    root, duplicates = source.locate_json(text, name)  # (a CVError for more than the YAML reader's limits)
    if twice:
        raise CVError(duplicates or [
            Problem(f"the key `{key}` appears twice in the same object", position=Position(name),
                    hint="JSON readers keep only one of them, so data would be lost: merge the two or rename one")
            for key in dict.fromkeys(twice)])
    return doc, Locator(text, name, root)


# -- small conversions -------------------------------------------------------------
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)/?\s*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BLOCK = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
          "blockquote", "header", "footer", "dl", "dt", "dd"}
_BREAK = {"br", "hr", "li"}  # a line of its own (li: a bullet)
_INLINE = {"b", "strong", "i", "em", "a", "span", "u", "small", "big", "sub", "sup", "code", "font", "mark", "s",
           "strike", "del", "ins", "abbr", "cite", "q", "kbd", "tt", "td", "th", "tbody", "thead", "img", "wbr",
           "nobr", "center", "pre", "label"}
#: tags that are markup even alone (HTML lets them open without closing); others only when their
#: closing tag is there too, so that `<name>` or a `<SUMMARY>` placeholder in ordinary text stays text
_ALONE = {"br", "hr", "li", "p", "img", "wbr"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _html_tags(text: str) -> list[re.Match]:
    """The tags of `text` that are HTML: a known element, lower case or closed in the same case
    (`<b>…</b>`, `<B>…</B>`, `<br/>`), never a word in angle brackets (`<name>`, `<SUMMARY>`)."""
    found = []
    for m in _TAG.finditer(text):
        name = m.group(2)
        low = name.lower()
        if low not in _BLOCK and low not in _BREAK and low not in _INLINE:
            continue
        if m.group(1):  # a closing tag: markup when it closes something
            paired = re.search(rf"<\s*{name}\b", text[:m.start()]) is not None
        else:
            paired = re.search(rf"<\s*/\s*{name}\s*>", text[m.end():]) is not None
        if paired or (low in _ALONE and (name == low or m.group(3).strip() or m.group(0).endswith("/>"))) \
                or (m.group(3).strip() and name == low):
            found.append(m)
    return found


def looks_like_html(text: str) -> bool:
    return ("<" in text and bool(_html_tags(text))) or ("&" in text and bool(_ENTITY.search(text)))


def html_to_markup(text: str, keep_markup: bool) -> str:
    """A little HTML as our markup: <b>/<strong> -> **, <i>/<em> -> *, <a href> ->
    [text](url), block tags -> a blank line, <br> a line, <li> a line starting '• ';
    other tags stripped, entities decoded, <script>/<style> dropped with their
    content. Only real tags are markup: `a <name> b` keeps its `<name>`."""
    text = re.sub(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", " ", text, flags=re.I | re.S)
    out: list[str] = []
    pos = 0
    links: list[Optional[str]] = []
    for m in _html_tags(text):
        out.append(html.unescape(text[pos:m.start()]))
        pos = m.end()
        closing, tag, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        if tag in _BLOCK:
            out.append("\n\n")
        elif tag in _BREAK:
            out.append("\n• " if tag == "li" and not closing else "\n")
        elif not keep_markup:
            continue
        elif tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag == "a" and not closing:
            href = _HREF.search(attrs)
            url = next((g for g in href.groups() if g), None) if href else None
            url = html.unescape(url) if url else None
            links.append(url if url and not markup.check_url(url) else None)
            if links[-1]:
                out.append("[")
        elif tag == "a" and closing and links:
            url = links.pop()
            if url:
                out.append(f"]({url})")
    out.append(html.unescape(text[pos:]))
    return "".join(out)


def safe_markup(text: str) -> str:
    """Text that our markup parser accepts as it is: a link it would refuse
    (a javascript: address, a relative one) becomes literal brackets."""
    _, problems = markup.parse(text)
    if problems:
        text = text.replace("[", "\\[").replace("]", "\\]")
    return text


def parse_date(value: Any) -> tuple[Any, Optional[str], bool]:
    """A JSON Resume date as our YAML value (2014, '2014-10' or 'present'), read as the data's
    dates are (:func:`cv_builder.model.parse_date`), with a time after the day allowed.

    Returns (value, why it was refused, whether a day was given)."""
    if isinstance(value, bool) or value is None:
        return None, "expected a date such as 2014-10-01", False
    if isinstance(value, (int, float)) and float(value).is_integer():
        value = str(int(value))
    if not isinstance(value, str):
        return None, "expected a date such as 2014-10-01", False
    if not value.strip():
        return None, None, False
    date, why, day = parse(value, time=True)
    if date is None:
        return None, ("this is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)" if why == "this is not a date"
                      else why), False
    if date.present:
        return "present", None, False
    return (date.year if date.month is None else f"{date.year:04d}-{date.month:02d}"), None, day


def date_key(value: Any) -> tuple:
    if value == "present":
        return (9999, 13)
    if isinstance(value, int):
        return (value, 0)
    y, m = str(value).split("-")
    return (int(y), int(m))


def tag_text(name: Optional[str], qualifier: Optional[str], keywords: list[str]) -> Optional[str]:
    """'Web Development (Master): HTML, CSS' — a skill as one tag."""
    text = name or ""
    if qualifier:
        text = f"{text} ({qualifier})" if text else f"({qualifier})"
    if keywords:
        text = f"{text}: {', '.join(keywords)}" if text else ", ".join(keywords)
    return text or None


_TAG_PARTS = re.compile(r"^(?P<name>.+?)(?: \((?P<qual>[^()]*)\))?(?:: (?P<kw>.+))?$", re.S)


def split_tag(text: str, qualifier: bool = True, keywords: bool = True) -> tuple[str, Optional[str], list[str]]:
    """The inverse of :func:`tag_text`, used only where it gives the text back exactly."""
    m = _TAG_PARTS.match(text)
    if m:
        name, qual, kw = m.group("name"), m.group("qual"), m.group("kw")
        kws = kw.split(", ") if kw else []
        if (qual is None or qualifier) and (not kws or keywords) and tag_text(name, qual, kws) == text:
            return name, qual, kws
    return text, None, []


# -- import ----------------------------------------------------------------------
#: where JSON Resume files in the wild say their language (the schema has no such field)
LANGUAGE_FIELDS = (("meta", "language"), ("meta", "lang"), ("meta", "locale"), ("basics", "language"),
                   ("basics", "lang"), ("basics", "locale"), ("language",), ("lang",), ("locale",))


def document_language(doc: dict) -> tuple["lang.Language", str]:
    """The language a JSON Resume is written in, and why: a field that says so
    (``meta.language``: "fr", "de-CH", "pt_BR"), else what :func:`cv_builder.lang.detect.detect`
    reads from its text (the script, then common words)."""
    for keys in LANGUAGE_FIELDS:
        value: Any = doc
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and value.strip():
            try:
                return lang.resolve(value.strip()), f"from {'.'.join(keys)}"
            except CVError:
                continue  # ("English", "Français": not a tag; the text decides)
    tag, why = detect(_texts(doc))
    try:
        return lang.resolve(tag), f"detected: {why}"
    except CVError:  # (a detected language cv-builder sets but has no words for: fa, ur)
        return lang.resolve(lang.ENGLISH), f"detected {tag} ({why}), which has no words in cv-builder: English"


def _texts(value: Any, limit: int = 2000):
    """The strings of a JSON value, depth first (addresses and dates are harmless to detection)."""
    stack = [value]
    while stack and limit > 0:
        item = stack.pop()
        if isinstance(item, str):
            limit -= 1
            yield item
        elif isinstance(item, dict):
            stack.extend(reversed([v for k, v in item.items() if k != "meta"]))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def ongoing(text: str) -> bool:
    """Whether a date field's text means 'ongoing', in any language cv-builder knows
    ("present", "En cours", "heute", "至今")."""
    return lang.is_present(text.strip().rstrip("."))


#: a line that is a bullet: "- ", "* ", "• " (and the other bullet characters people type)
_BULLET_LINE = re.compile(r"^[ \t]*(?:[-*•‣▪◦●–](?=[ \t])|\d{1,2}[.)](?=[ \t]))[ \t]+(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[]?[A-Z0-9À-ÖØ-Þ])|(?<=[。！？])")
#: a label a site generator left untranslated (`translation::fr`, `i18n::about.title`)
_RAW_LABEL = re.compile(r"[A-Za-z][\w-]*(?:::[\w.-]+)+")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: what a relative address ends with (`index-fr.html`): a file, not a host
_FILE_EXT = {"html", "htm", "xhtml", "php", "asp", "aspx", "jsp", "cgi", "pdf", "md", "txt", "json", "xml", "yaml",
             "yml", "png", "jpg", "jpeg", "gif", "svg", "webp", "doc", "docx", "odt", "rtf", "tex", "csv", "zip"}


def blocks(text: str) -> list[tuple[str, str]]:
    """A text written with line breaks as ("p", paragraph) and ("li", bullet) blocks: lines
    starting "- ", "* " or "• " are bullets, a blank line ends a paragraph, other lines
    run on; an indented line after a bullet continues it."""
    out: list[list[str]] = []
    para: list[str] = []

    def flush():
        if para:
            out.append(["p", " ".join(para)])
            para.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        m = _BULLET_LINE.match(line)
        if not stripped:
            flush()
        elif m:
            flush()
            out.append(["li", m.group(1).strip()])
        elif out and out[-1][0] == "li" and not para and line[:1] in (" ", "\t"):
            out[-1][1] += " " + stripped
        else:
            para.append(stripped)
    flush()
    return [(kind, text) for kind, text in out]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def keywordish(items: list[str]) -> bool:
    """Whether highlights are keywords ("React", "Docker", "CI/CD"), not achievements:
    two or more, each a word or three with no sentence punctuation, two words or fewer on average."""
    if len(items) < 2:
        return False
    words = 0
    for text in items:
        n = len(text.split())
        if n > 3 or len(text) > 30 or re.search(r"[.!?;:,]$|\*|\[|\n", text):
            return False
        if _CJK.search(text) and len(text) > 8:
            return False
        words += n
    return words <= 2 * len(items)


def degree(study: Optional[str], area: Optional[str], language: "lang.Language") -> Optional[str]:
    """'Bachelor in Physics'; one of them when it already holds the other ('Formation GraphQL',
    not 'Formation GraphQL in GraphQL')."""
    if not study or not area:
        return study or area

    def holds(big: str, small: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(small.casefold())}(?!\w)", big.casefold()) is not None

    if holds(study, area):
        return study
    if holds(area, study):
        return area
    return language.degree(study, area)


def not_an_address(text: str) -> Optional[str]:
    """Why a text written as an address is none (a relative path, a host without a dot), or None."""
    if text.startswith(("/", "./", "../", "#", "?")):
        return "is a relative path, not a web address"
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(?://)?([^/?#]*)", text)
    if m and m.group(1).lower() in ("http", "https"):
        host = m.group(2).rsplit("@", 1)[-1].split(":")[0]
    elif m and not re.match(r"[^/:]+\.[^/:]+:\d+(/|$)", text):
        return None  # another scheme: markup.check_url says what is wrong with it
    else:
        host = re.split(r"[/?#]", text, 1)[0].rsplit("@", 1)[-1].split(":")[0]
        if "." in host and host.rsplit(".", 1)[1].lower() in _FILE_EXT:
            return "is a file name (a relative path), not a web address"
    if "." not in host.strip("."):
        return "has no dot in its host, so it is not a web address"
    return None


NETWORK_NAMES = {"github": "GitHub", "gitlab": "GitLab", "linkedin": "LinkedIn", "youtube": "YouTube",
                 "soundcloud": "SoundCloud", "huggingface": "Hugging Face", "x": "X"}

#: look-alike formats: their section names -> JSON Resume's
LOOKALIKE = {"works": "work", "jobs": "work", "experience": "work", "experiences": "work", "employment": "work",
             "educations": "education", "studies": "education", "volunteering": "volunteer",
             "certifications": "certificates", "project": "projects", "publication": "publications",
             "language": "languages", "skill": "skills", "award": "awards", "honors": "awards"}
#: where a look-alike keeps what basics holds
PERSONAL = ("contacts", "contact", "personal", "personalInfo", "profile", "about")


class Obj:
    """A JSON object being read: remembers which keys were used, so the
    others can be reported."""

    def __init__(self, data: dict, path: str, loc: tuple):
        self.data, self.path, self.loc = data, path, loc
        self.used: set = set()
        self.shadowed: dict[str, str] = {}  # a key left out -> the key whose value was taken instead

    def has(self, key: str) -> bool:
        return key in self.data

    def take(self, *keys: str) -> tuple[Any, str, tuple]:
        """The first of these keys that holds something: (value, path, location). The others
        are used too when they hold nothing or the same; else they are reported, not dropped."""
        chosen = None
        for key in keys:
            value = self.data.get(key)
            if value is not None and value != "" and value != [] and value != {}:
                if chosen is None:
                    chosen = key
                elif value != self.data[chosen]:
                    self.shadowed.setdefault(key, chosen)
                    continue
            if key in self.data:
                self.used.add(key)
        if chosen is not None:
            return self.data[chosen], f"{self.path}.{chosen}", self.loc + (chosen,)
        return None, f"{self.path}.{keys[0]}", self.loc + (keys[0],)

    def all(self, *keys: str) -> list[tuple[Any, str, tuple]]:
        """Every one of these keys that holds something, each used."""
        out = []
        for key in keys:
            if key in self.data:
                self.used.add(key)
                self.shadowed.pop(key, None)
                value = self.data[key]
                if value is not None and value != "" and value != [] and value != {}:
                    out.append((value, f"{self.path}.{key}", self.loc + (key,)))
        return out

    def rest(self) -> list[str]:
        return [k for k in self.data if k not in self.used]


@dataclass
class ImportResult:
    data: dict  # the cv.yaml mapping
    text: str  # the YAML file
    cv: CV  # validated
    notes: list[Problem] = field(default_factory=list)  # what was left out or changed
    language: Optional[tuple[str, str]] = None  # (tag, why it was chosen); None for cv-builder's own export


class Importer:
    def __init__(self, locate: Locator):
        self.locate = locate
        self.name = locate.name
        self.problems = Problems()
        self.days = False
        self.literal = False  # a file that cv-builder exported holds our markup, never HTML
        self.language = lang.resolve(lang.ENGLISH)
        self.language_why = "the default"
        self.ongoing: Optional[str] = None  # the last date read, when it was another language's 'present'
        self.as_text: list[str] = []  # profiles and addresses that cannot be links, kept as text

    # -- reporting -------------------------------------------------------------
    def note(self, loc: tuple, path: str, message: str, found: Any = ..., hint: Optional[str] = None) -> None:
        kw = {} if found is ... else {"found": show(found, 80)}
        self.problems.warn(message, position=self.locate(loc), path=path, hint=hint, **kw)

    def error(self, loc: tuple, path: str, message: str, found: Any = ..., hint: Optional[str] = None) -> None:
        kw = {} if found is ... else {"found": show(found, 80)}
        self.problems.error(message, position=self.locate(loc), path=path, hint=hint, **kw)

    def leftovers(self, obj: Obj, why: str = "has no place in cv-builder's data; left out") -> None:
        for key in obj.rest():
            value = obj.data[key]
            if value is None or value == "" or value == [] or value == {}:
                continue
            if key in obj.shadowed:
                self.note(obj.loc + (key,), f"{obj.path}.{key}",
                          f"left out: `{obj.shadowed[key]}` gives the same field and was used", value)
            else:
                self.note(obj.loc + (key,), f"{obj.path}.{key}", why, value)

    # -- values ----------------------------------------------------------------
    def string(self, value: Any, path: str, loc: tuple, *, rich: bool = False, lines: bool = False) -> Optional[str]:
        """Text from JSON: None for nothing; numbers as written; HTML converted;
        control characters removed; white space made one space (``lines``: line
        breaks and blank lines kept, for :func:`blocks`)."""
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, dict):
            self.note(loc, path, "expected text; left out", value)
            return None
        if isinstance(value, list):
            parts = [v for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
            if len(parts) != len(value) or not parts:
                self.note(loc, path, "expected text; left out", value)
                return None
            if lines:  # a summary written as a list of lines
                value = "\n".join(str(p) for p in parts)
            else:
                self.note(loc, path, "expected text, found a list; its items were joined with spaces")
                value = " ".join(str(p) for p in parts)
        if isinstance(value, float):
            value = repr(value) if math.isfinite(value) else ""
        text = str(value)
        if _CONTROL.search(text):
            self.note(loc, path, "control characters removed")
            text = _CONTROL.sub(" ", text)
        if not self.literal and looks_like_html(text):
            converted = html_to_markup(text, keep_markup=rich)
            if converted != text:
                self.note(loc, path, "HTML was turned into plain text" + (" and **bold**, *italic*, [links]"
                                                                           if rich else ""))
                text = converted
        if not self.literal:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if lines:
                text = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
                text = re.sub(r"\n{3,}", "\n\n", text)
            else:
                text = re.sub(r"\s+", " ", text)
            if _RAW_LABEL.fullmatch(text.strip()):
                self.note(loc, path, "this is a site generator's label, not text; left out", text.strip(),
                          hint="the generator did not translate it: write the text it stands for")
                return None
        text = text.strip()
        if not text:
            return None
        return safe_markup(text) if rich else text

    def get(self, obj: Obj, *keys: str, rich: bool = False, lines: bool = False) -> Optional[str]:
        value, path, loc = obj.take(*keys)
        return self.string(value, path, loc, rich=rich, lines=lines)

    def strings(self, obj: Obj, *keys: str, rich: bool = False, split: bool = False) -> list[str]:
        """A list of texts from the first key that has one (``split``: a single text
        "React, Docker" is a list too)."""
        value, path, loc = obj.take(*keys)
        return self.texts(value, path, loc, rich=rich, split=split)

    def texts(self, value: Any, path: str, loc: tuple, *, rich: bool = False, split: bool = False) -> list[str]:
        if value is None:
            return []
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = self.string(value, path, loc, rich=rich)
            if text and split and not self.literal:
                return [t.strip() for t in re.split(r"\s*[,;·|]\s*", text) if t.strip()]
            return [text] if text else []
        if not isinstance(value, list):
            self.note(loc, path, "expected a list of texts; left out", value)
            return []
        out = []
        for i, item in enumerate(value):
            text = self.string(item, f"{path}[{i}]", loc + (i,), rich=rich)
            if text:
                if rich and not self.literal:
                    m = _BULLET_LINE.match(text)  # a highlight written as "- Did it"
                    text = m.group(1) if m else text
                out.append(text)
        return out

    def url(self, obj: Obj, *keys: str) -> Optional[str]:
        value, path, loc = obj.take(*keys)
        url, _ = self.fix_url(value, path, loc)
        return url

    def links(self, obj: Obj, *keys: str) -> tuple[list[dict], list[str]]:
        """Links from every one of these keys (an address, a list of them, {label: url} or
        [{url, label}]), and the texts that are not addresses, to keep as text."""
        links: list[dict] = []
        texts: list[str] = []
        seen: set = set()

        def add(value, path, loc, label=None):
            url, text = self.fix_url(value, path, loc)
            if url and url not in seen:
                seen.add(url)
                links.append({"url": url, "label": label} if label else {"url": url})
            elif text:
                texts.append(f"{label}: {text}" if label else text)

        for value, path, loc in obj.all(*keys):
            if isinstance(value, dict) and not any(k in value for k in ("url", "href", "link")):
                value = [{"label": k, "url": v} for k, v in value.items()]
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                ipath, iloc = (f"{path}[{i}]", loc + (i,)) if isinstance(value, list) else (path, loc)
                if isinstance(item, dict):
                    link = Obj(item, ipath, iloc)
                    label = self.get(link, "label", "name", "title", "type", "network", "text")
                    v, p, l = link.take("url", "href", "link")
                    if v is None:
                        if label:
                            self.note(iloc, ipath, "a link without an address; kept as text", label)
                            texts.append(label)
                    else:
                        add(v, p, l, label)
                    self.leftovers(link)
                else:
                    add(item, ipath, iloc)
        return links, texts

    def fix_url(self, value: Any, path: str, loc: tuple) -> tuple[Optional[str], Optional[str]]:
        """(the address as a link, or None; the text to keep when it is not one)."""
        text = self.string(value, path, loc)
        if not text:
            return None, None
        if not self.literal:
            why = not_an_address(text)
            if why:
                self.note(loc, path, f"this {why}; kept as text, not a link", text)
                return None, text
        if " " in text:
            self.note(loc, path, "an address cannot contain spaces; left out", text)
            return None, None
        if text.startswith("//"):
            text = "https:" + text
        elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) or re.match(r"[^/:]+\.[^/:]+:\d+(/|$)", text):
            if "." not in text.split("/")[0]:
                self.note(loc, path, "this is not a web address; left out", text)
                return None, None
            self.note(loc, path, "the address had no scheme; https:// was added", text)
            text = "https://" + text
        why = markup.check_url(text)
        if why:
            self.note(loc, path, f"the address {why}; left out", text)
            return None, None
        return text, None

    def date(self, obj: Obj, *keys: str) -> tuple[Any, bool]:
        """(our date or None, whether the key held something unreadable)."""
        value, path, loc = obj.take(*keys)
        self.taken = (path, loc)
        self.ongoing = None
        if value is None:
            return None, False
        if isinstance(value, str) and value.strip().lower() not in PRESENT_WORDS and ongoing(value):
            self.ongoing = " ".join(value.split())  # "En cours": printed as written
            return "present", False
        parsed, why, day = parse_date(value)
        if why:
            self.note(loc, path, f"{why}; left out", value)
            return None, True
        self.days = self.days or day
        return parsed, False

    def period(self, obj: Obj, item: dict, ext: dict, single: bool = False, kind: str = "") -> None:
        """start/end from startDate/endDate (or `date`); a missing end means ongoing."""
        if single and not obj.has("startDate") and not obj.has("endDate"):
            start, _ = self.date(obj, "date")
            start_at = self.taken
            end, bad_end, label = None, True, None
        else:
            start, _ = self.date(obj, "startDate", "date", "start", "from")
            start_at = self.taken
            end, bad_end = self.date(obj, "endDate", "end", "to")
            label = self.ongoing
        end_at = self.taken if end is not None else (f"{obj.path}.endDate", obj.loc + ("endDate",))
        if start == "present":
            self.note(start_at[1], start_at[0], "a start date cannot be 'present'; left out")
            start = None
        if start is not None and end is None and not bad_end:
            end = "present"
        if start is not None and end not in (None, "present"):
            if date_key(end) < date_key(start):
                self.note(end_at[1], end_at[0],
                          f"the end ({end}) is before the start ({start}); the end was left out")
                end = None
            elif end == start and "end" not in ext:
                end = None  # one period: print it once
        if start is None and end is not None and not self.literal and kind not in ("education", "awards",
                                                                                    "certificates"):
            if end == "present":
                self.note(end_at[1], end_at[0],
                          "an ongoing end without a start says nothing; left out",
                          hint="add a startDate")
                end = None
            else:
                self.note(end_at[1], end_at[0],
                          "there is an end date but no start date, so the PDF shows this date alone",
                          hint="add a startDate")
        if end == "present" and label:
            end = label
        if "end" in ext:
            end = ext["end"]
        if start is not None:
            item["start"] = start
        if end is not None:
            item["end"] = end

    def email(self, value: Any, path: str, loc: tuple) -> Optional[str]:
        text = self.string(value, path, loc)
        if text and text.lower().startswith("mailto:"):
            text = text[7:]
        if text and not EMAIL.match(text):
            self.note(loc, path, "this is not an e-mail address; left out", text)
            return None
        return text

    def location(self, value: Any, path: str, loc: tuple) -> Optional[str]:
        if isinstance(value, dict):
            obj = Obj(value, path, loc)
            parts = [self.get(obj, "city"), self.get(obj, "region"), self.get(obj, "countryCode", "country")]
            street = [(k, self.string(*obj.take(k))) for k in ("address", "postalCode")]
            street = [(k, v) for k, v in street if v]
            if street:
                self.note(loc + (street[0][0],), path, "the street address is not printed on a CV; left out "
                          "(add it to `location` by hand if you want it)", ", ".join(v for _, v in street))
            self.leftovers(obj)
            return ", ".join(p for p in parts if p) or None
        return self.string(value, path, loc)

    def ext(self, obj: Obj) -> dict:
        value, path, loc = obj.take(EXT)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.note(loc, path, "expected a mapping; left out", value)
            return {}
        return value

    # -- the document ----------------------------------------------------------
    def lookalike(self, doc: dict) -> dict:
        """A file in a format like JSON Resume's (`works`, `educations`, `contacts`) read as
        JSON Resume, saying so; a file with no `basics` and nothing to map is not JSON Resume."""
        renamed = {k: LOOKALIKE[k] for k in doc if k in LOOKALIKE and LOOKALIKE[k] not in doc}
        personal = [k for k in PERSONAL if isinstance(doc.get(k), (dict, list))] if "basics" not in doc else []
        name = doc.get("name") if "basics" not in doc else None
        if not renamed and not personal and name is None:
            if "basics" not in doc and any(k not in TOP_KEYS for k in doc):
                self.error((), "", "this file is not JSON Resume: it has no `basics`, and none of its keys is a "
                                   "JSON Resume section", ", ".join(doc),
                           hint='a JSON Resume starts {"basics": {"name": …}, "work": […], …} (jsonresume.org/schema)')
                self.problems.raise_if_errors()
            return doc
        out = {renamed.get(k, k): v for k, v in doc.items()}
        if "basics" not in doc:
            basics: dict = {}
            if isinstance(name, str):
                basics["name"] = name
                out.pop("name")
            for key in personal:
                value = out.pop(key)
                basics.setdefault("contacts", []).extend(value if isinstance(value, list) else [value])
            if basics:
                out = {"basics": basics, **out}
        said = [f"{k} → {v}" for k, v in renamed.items()] + [f"{k} → basics" for k in personal] + \
            (["name → basics.name"] if isinstance(name, str) else [])
        self.note((), "", "this file is not JSON Resume but looks like it; read as JSON Resume: " + ", ".join(said),
                  hint="check the result; JSON Resume's sections are basics, work, education, skills, …")
        self.renamed = {v: k for k, v in renamed.items()}
        return out

    def convert(self, doc: Any) -> dict:
        if not isinstance(doc, dict):
            self.error((), "", "a JSON Resume is an object with `basics`, `work`, …", doc)
            self.problems.raise_if_errors()
        meta = doc.get("meta")
        ext: dict = {}
        if isinstance(meta, dict):
            ext = meta.get(EXT) if isinstance(meta.get(EXT), dict) else {}
        self.literal = bool(ext)
        self.renamed: dict = {}
        if not self.literal:
            doc = self.lookalike(doc)
            self.language, self.language_why = document_language(doc)
        for key in doc:
            if key not in TOP_KEYS:
                self.note((key,), key, "is not a JSON Resume section; left out", doc[key])
        if isinstance(meta, dict):
            other = [k for k in meta if k != EXT]
            if other:
                self.note(("meta",), "meta", f"document metadata ({', '.join(other)}) is not part of the CV; "
                                            "left out")
        elif meta is not None:
            self.note(("meta",), "meta", "expected an object; left out", meta)
        data = self.basics(doc.get("basics"))
        about = data.pop("about", None)
        if not self.literal and not self.language.english:
            data["language"] = self.language.tag
        for key in ("owner", "keywords", "language", "lang"):  # (`lang`: what exports before `language` wrote)
            if ext.get(key):
                data["language" if key == "lang" else key] = ext[key]
        sections: dict = {}
        if about:
            sections["about"] = {"title": self.language.title("about") or "About", "items": about}
        done: set = set()
        specs = ext.get("sections") if isinstance(ext.get("sections"), list) else []
        for i, spec in enumerate(specs):
            if not isinstance(spec, dict) or not isinstance(spec.get("id"), str):
                self.note(("meta", EXT, "sections", i), f"meta.{EXT}.sections[{i}]",
                          "expected {id, title, kind, …}; left out", spec)
                continue
            sid = spec["id"]
            body = {"title": spec.get("title") or sid, "kind": spec.get("kind")}
            for key in ("priority", "tags"):
                if key in spec:
                    body[key] = spec[key]
            origin = spec.get("from")
            if origin in SECTIONS and origin not in done:
                if origin not in doc:
                    continue  # removed in another tool since the export
                done.add(origin)
                body["items"] = self.section(origin, doc[origin], body["kind"])
            elif "items" in spec:
                body["items"] = spec["items"]
            else:
                continue
            sections[sid] = body
        for key in doc:
            if key in SECTIONS and key not in done:
                sid, title, kind = SECTIONS[key]
                while sid in sections:
                    sid += "_2"
                items = self.section(key, doc[key], kind)
                if items:
                    sections[sid] = {"title": self.language.title(sid) or title, "kind": kind, "items": items}
        if self.as_text:
            sid = "profiles"
            while sid in sections:
                sid += "_2"
            sections[sid] = {"title": "Profiles", "kind": "tags", "items": list(dict.fromkeys(self.as_text))}
        for sid, body in sections.items():
            if body.get("kind") in (None, schema.KIND_BY_ID.get(sid)):
                body.pop("kind", None)
            if not body.get("items") and body.get("items") != []:
                body["items"] = []
        data["sections"] = sections
        if isinstance(ext.get("variants"), dict) and ext["variants"]:
            data["variants"] = ext["variants"]
        if self.days:
            self.note((), "", "dates are kept to the month: cv-builder prints months, not days")
        if not self.literal and not sections and set(data) <= {"name", "sections"}:
            empty = _empty_fields(doc)
            shown = ", ".join(empty[:12]) + (f" and {len(empty) - 12} more" if len(empty) > 12 else "")
            self.note((), "", "almost nothing was found: the CV has only a name" +
                      (f"; these fields are empty: {shown}" if empty else ""),
                      hint="fill in the JSON Resume (an empty template?) and import it again, "
                           "or write the CV in the YAML")
        self.problems.raise_if_errors()
        return data

    def basics(self, value: Any) -> dict:
        if not isinstance(value, dict):
            if value is None:
                self.error(("basics",), "basics", "there is no `basics`, so the CV has no name",
                           hint='add "basics": {"name": "Your Name"}')
            else:
                self.error(("basics",), "basics", "expected an object with name, label, email, …", value)
            self.problems.raise_if_errors()
        obj = Obj(value, "basics", ("basics",))
        contacts = self.contacts(obj)
        out: dict = {}
        name = self.get(obj, "name")
        if not name and contacts.get("name"):
            name = contacts.pop("name")
        if not name:
            self.error(("basics", "name") if "name" in value else ("basics",), "basics.name",
                       "the CV has no name", hint='add "name": "Your Name" to basics')
            self.problems.raise_if_errors()
        out["name"] = name
        headline = self.get(obj, "label", "headline", "title", rich=True)
        if headline:
            out["headline"] = headline
        summary = self.get(obj, "summary", rich=True, lines=not self.literal)
        if summary:
            self.summary(summary, out)
        v, p, l = obj.take("email")
        email = self.email(v, p, l) or contacts.pop("email", None)
        if email:
            out["email"] = email
        phone = self.get(obj, "phone") or contacts.pop("phone", None)
        if phone:
            out["phone"] = phone
        v, p, l = obj.take("location")
        place = self.location(v, p, l) or contacts.pop("location", None)
        if place:
            out["location"] = place
        links, texts = self.links(obj, "url", "website")
        links += contacts.pop("websites", []) + contacts.pop("links", [])
        if links:
            out["website"] = links[0]["url"]
        for text in texts:
            self.as_text.append(text)
        for key in ("image", "picture"):
            v, p, l = obj.take(key)
            if self.string(v, p, l):
                self.note(l, p, "cv-builder does not print photos; left out", v)
        more = links[1:] + self.profiles(obj)
        if more:
            out["links"] = more
        self.leftovers(obj)
        return out

    def summary(self, text: str, out: dict) -> None:
        """basics.summary: the intro, or (longer than a few sentences, in paragraphs or
        bullets) an `about` section, one item per paragraph, the later ones first to go
        when a layout fits the CV to a page, the first with a short form of two sentences."""
        if self.literal:
            out["intro"] = text
            return
        parts = blocks(text)
        if len(parts) == 1 and parts[0][0] == "p" and (len(sentences(parts[0][1])) <= 3 and len(text) <= 450):
            out["intro"] = parts[0][1]
            return
        items = []
        for i, (kind, part) in enumerate(parts):
            if kind == "li":
                items.append({"text": f"• {part}", "priority": 4})
                continue
            item: dict = {"text": part}
            if items:
                item["priority"] = 3
            said = sentences(part)
            if not items and len(said) > 2:
                item["short"] = " ".join(said[:2])
            items.append(item)
        out["about"] = [i if set(i) != {"text"} else i["text"] for i in items]

    def contacts(self, basics: Obj) -> dict:
        """`contacts` of a look-alike format, {email, phone, …} or [{type, value}]: the
        header's fields, and links."""
        value, path, loc = basics.take("contacts")
        found: dict = {"websites": [], "links": []}
        if value is None:
            return found
        entries: list = []
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            ipath, iloc = (f"{path}[{i}]", loc + (i,)) if isinstance(value, list) else (path, loc)
            if isinstance(item, dict) and {"type", "value"} & set(item) and len(item) <= 3:
                obj = Obj(item, ipath, iloc)
                kind = (self.get(obj, "type", "name", "label") or "").lower()
                entries.append((kind, obj.data.get("value"), ipath + ".value", iloc + ("value",)))
                obj.take("value")
                self.leftovers(obj)
            elif isinstance(item, dict):
                entries += [(k.lower(), v, f"{ipath}.{k}", iloc + (k,)) for k, v in item.items()]
            else:
                entries.append(("", item, ipath, iloc))
        for kind, v, p, l in entries:
            if v is None or v == "":
                continue
            text = self.string(v, p, l) if not isinstance(v, (dict, list)) else None
            if kind == "name" and text:
                found["name"] = text
            elif kind in ("email", "e-mail", "mail") or (not kind and text and EMAIL.match(text)):
                email = self.email(v, p, l)
                if email:
                    found.setdefault("email", email)
            elif kind in ("phone", "mobile", "tel", "telephone") or (not kind and text and
                                                                      re.fullmatch(r"[+\d ()./-]{6,}", text)):
                if text:
                    found.setdefault("phone", text)
            elif kind in ("location", "address", "city") or isinstance(v, dict):
                place = self.location(v, p, l)
                if place:
                    found.setdefault("location", place)
            elif text:
                url, kept = self.fix_url(v, p, l) if not (kind in PROFILE_URLS and
                                                          re.fullmatch(r"@?[\w-]+", text)) else (None, None)
                label = NETWORK_NAMES.get(kind, kind.capitalize()) if kind and kind not in (
                    "url", "website", "web", "site", "homepage") else None
                if not url and kind in PROFILE_URLS and not kept:
                    url = PROFILE_URLS[kind].format(text.lstrip("@"))
                    label = f"{label}: {text.lstrip('@')}"
                if url:
                    found["links" if label else "websites"].append({"url": url, "label": label} if label else
                                                                   {"url": url})
                elif kept:
                    self.as_text.append(f"{label}: {kept}" if label else kept)
            else:
                self.note(l, p, "expected text; left out", v)
        return found

    def profiles(self, basics: Obj) -> list:
        value, path, loc = basics.take("profiles")
        if value is None:
            return []
        if not isinstance(value, list):
            self.note(loc, path, "expected a list of profiles; left out", value)
            return []
        out = []
        for i, item in enumerate(value):
            ipath, iloc = f"{path}[{i}]", loc + (i,)
            if not isinstance(item, dict):
                self.note(iloc, ipath, "expected {network, username, url}; left out", item)
                continue
            obj = Obj(item, ipath, iloc)
            network, username = self.get(obj, "network"), self.get(obj, "username")
            v, p, l = obj.take("url")
            url, kept = self.fix_url(v, p, l)
            if not url and not kept and username and network and network.lower() in PROFILE_URLS \
                    and re.fullmatch(r"@?[\w.-]+", username):
                url = PROFILE_URLS[network.lower()].format(username.lstrip("@"))
                self.note(iloc, ipath, "the profile had no address; it was made from the user name", url)
            label = f"{network}: {username}" if network and username else network or username
            if not url:
                if username or kept:
                    text = ": ".join(t for t in (label, kept) if t)
                    if not kept:
                        self.note(iloc, ipath, "a profile without an address cannot be a link; kept as text", text)
                    self.as_text.append(text)
                elif network:
                    self.note(iloc, ipath, "a profile without an address cannot be a link; left out", network)
                self.leftovers(obj)
                continue
            out.append({"url": url, "label": label} if label else {"url": url})
            self.leftovers(obj)
        return out

    # -- sections --------------------------------------------------------------
    def section(self, key: str, value: Any, kind: Optional[str]) -> list:
        if isinstance(value, dict) and value:
            self.note((key,), key, "expected a list of items; the object was taken as its only item")
            value = [value]
        if not isinstance(value, list):
            if value not in (None, "", {}):
                self.error((key,), key, "expected a list of items", value,
                           hint=f'write "{key}": [ {{…}}, {{…}} ]')
            return []
        out = []
        for i, item in enumerate(value):
            path, loc = f"{self.renamed.get(key, key)}[{i}]", (self.renamed.get(key, key), i)
            if item is None or item == {} or item == "":
                continue
            if not isinstance(item, dict):
                if key in ("skills", "interests", "languages") and isinstance(item, str):
                    item = {"language" if key == "languages" else "name": item}
                else:
                    self.error(loc, path, "expected an object", item)
                    continue
            obj = Obj(item, path, loc)
            ext = self.ext(obj)
            if key in ("skills", "languages", "interests"):
                converted = self.tag(key, obj)
            elif key == "publications":
                converted = self.publication(obj, ext)
            elif key == "projects" and kind == "projects":
                converted = self.project(obj, ext)
            else:
                converted = self.entry(key, obj, ext)
            self.leftovers(obj)
            if converted is None:
                continue
            if isinstance(converted, dict):
                for k in ("priority", "tags", "short"):
                    if k in ext:
                        converted[k] = ext[k]
                if isinstance(ext.get("links"), list):
                    converted["links"] = ext["links"]
                if isinstance(ext.get("keywords"), list) and kind == "entries":
                    converted["keywords"] = ext["keywords"]
                extras = ext.get("bullets")
                if isinstance(extras, list) and converted.get("bullets"):
                    converted["bullets"] = [
                        {"text": b, **extras[j]} if j < len(extras) and isinstance(extras[j], dict) else b
                        for j, b in enumerate(converted["bullets"])]
                if set(converted) == {"name"} and key in ("skills", "languages", "interests"):
                    converted = converted["name"]
            out.append(converted)
        return out

    def entry(self, key: str, obj: Obj, ext: dict) -> Optional[dict]:
        item: dict = {}
        org_keys = {"work": ("name", "company", "organization", "organisation", "employer"),
                    "volunteer": ("organization", "organisation", "name", "company"),
                    "education": ("institution", "school", "university"), "awards": ("awarder",),
                    "certificates": ("issuer",), "references": (), "projects": ("name",)}[key]
        org = self.get(obj, *org_keys) if org_keys else None
        if key == "education":
            study, area = self.get(obj, "studyType", "qualification", "degree"), self.get(obj, "area")
            title = degree(study, area, self.language) if not self.literal else \
                (f"{study} in {area}" if study and area else study or area)
        elif key == "projects":
            roles = self.strings(obj, "roles")
            title = ", ".join(roles) if roles else None
        else:
            title_keys = {"work": ("position", "title", "role"), "volunteer": ("position", "role"),
                          "awards": ("title",), "certificates": ("name",), "references": ("name",)}[key]
            title = self.get(obj, *title_keys)
        if not title:
            title, org = org, None
        if not title:
            content = [k for k in obj.data if obj.data[k] not in (None, "", [], {})]
            self.note(obj.loc, obj.path, "an item needs a " + {
                "work": "position or a company name", "volunteer": "position or an organization",
                "education": "study type, area or institution", "awards": "title", "certificates": "name",
                "references": "name", "projects": "name"}[key] + "; left out", ", ".join(content) or "nothing")
            obj.used.update(obj.data)
            return None
        if isinstance(ext.get("organisation"), str):
            org = ext["organisation"]
        if org:
            item["organisation"] = org
        item["title"] = title
        v, p, l = obj.take("location")
        places = [self.get(obj, "entity") if key == "projects" else None, self.location(v, p, l)]
        place = " · ".join(dict.fromkeys(x for x in places if x))
        if place:
            item["place"] = place
        self.period(obj, item, ext, single=key in ("awards", "certificates"), kind=key)
        notes = []
        if key != "projects":
            notes.append(self.get(obj, "description", rich=True))
        if key == "education":
            score = self.get(obj, "score", "gpa", "grade")
            notes.append(self.language.grade(score) if score else None)
        keywords: list[str] = []
        if key == "projects" and self.literal:
            keywords = self.strings(obj, "keywords")
            notes = [" · ".join(keywords) if keywords else None]
            keywords = []
        elif key in ("work", "volunteer", "projects"):
            for v, p, l in obj.all("keywords", "technologies"):
                keywords += self.texts(v, p, l, split=True)
        summary_key = {"references": ("reference",), "projects": ("description", "summary")}.get(key, ("summary",))
        summary = self.get(obj, *summary_key, rich=True, lines=not self.literal)
        paragraphs, bullets = [], []
        for kind, part in (blocks(summary) if summary and not self.literal else [("p", summary)] if summary else []):
            # the paragraphs before the first bullet are the summary; from there on, in order, bullets
            (bullets if kind == "li" or bullets else paragraphs).append(part)
        if paragraphs:
            item["summary"] = "\n\n".join(paragraphs)
        highlights = self.strings(obj, "courses" if key == "education" else "highlights", rich=True)
        if key != "education" and not self.literal and keywordish(highlights):
            self.note(obj.loc + ("highlights",), f"{obj.path}.highlights",
                      "these highlights are keywords, so they are printed as one line (·), not as bullets")
            keywords = highlights + keywords
            highlights = []
        bullets += highlights
        if key == "work" and not self.literal:
            bullets += self.groups(obj)
        if bullets:
            item["bullets"] = bullets
        if keywords:
            seen: set = set()
            item["keywords"] = [k for k in keywords if not (k.casefold() in seen or seen.add(k.casefold()))]
        links, texts = self.links(obj, "url", "website", "links")
        notes += texts
        note = " · ".join(n for n in notes if n)
        if note:
            item["note"] = safe_markup(note)
        if links:
            item["links"] = links
        if "summary" in item:  # after the note: keep the YAML's order of fields
            item["summary"] = item.pop("summary")
        for k in ("bullets", "keywords", "links"):
            if k in item:
                item[k] = item.pop(k)
        return item

    def groups(self, obj: Obj) -> list[str]:
        """work[].highlightGroups: [{title, highlights}] (or {title: [highlights]}) as bullets,
        the first of each group led by the group's title."""
        value, path, loc = obj.take("highlightGroups", "highlight_groups")
        if value is None:
            return []
        if isinstance(value, dict):
            value = [{"title": k, "highlights": v} for k, v in value.items()]
        if not isinstance(value, list):
            self.note(loc, path, "expected a list of {title, highlights}; left out", value)
            return []
        out = []
        for i, group in enumerate(value):
            gpath, gloc = f"{path}[{i}]", loc + (i,)
            if not isinstance(group, dict):
                out += self.texts(group, gpath, gloc, rich=True)
                continue
            g = Obj(group, gpath, gloc)
            title = self.get(g, "title", "name", "group", "category", "label")
            items = self.strings(g, "highlights", "items", "bullets", rich=True)
            if title and items:
                items[0] = f"**{markup_escape(title)}:** {items[0]}"
            elif title:
                items = [title]
            out += items
            self.leftovers(g)
        return out

    def publication(self, obj: Obj, ext: dict) -> Optional[dict]:
        title = self.get(obj, "name", "title", rich=True)
        if not title:
            self.note(obj.loc, obj.path, "a publication needs a name (its title); left out",
                      ", ".join(k for k in obj.data if obj.data[k] not in (None, "", [], {})) or "nothing")
            obj.used.update(obj.data)
            return None
        item: dict = {"title": title}
        if isinstance(ext.get("authors"), list):
            item["authors"] = ext["authors"]
        else:
            authors = []
            for v, p, l in obj.all("authors", "coauthors", "coAuthors", "co-authors"):
                authors += self.texts(v, p, l, split=True)
            if authors:
                item["authors"] = list(dict.fromkeys(authors))
        venue = self.get(obj, "publisher", "journal", "venue")
        if venue:
            item["venue"] = venue
        year, _ = self.date(obj, "releaseDate", "date")
        if year == "present":
            self.note(self.taken[1], self.taken[0],
                      "a publication's date cannot be 'present'; left out", hint="give the year it appeared")
            year = None
        if year is not None:
            item["year"] = year
        for key in ("status", "role"):
            if ext.get(key):
                item[key] = ext[key]
        links, texts = self.links(obj, "url", "website", "links")
        url = links[0]["url"] if links else None
        arxiv, doi = ext.get("arxiv"), ext.get("doi")
        if url and not arxiv:
            m = re.fullmatch(r"https?://arxiv\.org/abs/((?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})"
                             r"(?:v\d+)?)", url)
            arxiv = m.group(1) if m else None
        if url and not doi:
            m = re.fullmatch(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", url)
            doi = m.group(1) if m else None
        if arxiv:
            item["arxiv"] = arxiv
        if doi:
            item["doi"] = doi
        derived = {f"https://arxiv.org/abs/{arxiv}", f"http://arxiv.org/abs/{arxiv}", f"https://doi.org/{doi}",
                   f"https://dx.doi.org/{doi}", f"http://dx.doi.org/{doi}", f"http://doi.org/{doi}"}
        if url and url not in derived:
            item["url"] = url
        for extra in links[1:]:  # a publication has one url: the others go in its note
            texts.append(f"[{markup_escape(extra.get('label') or extra['url'])}]({extra['url']})")
        note = self.get(obj, "summary", rich=True)
        note = " · ".join(t for t in [note, *texts] if t)
        if note:
            item["note"] = safe_markup(note)
        return item

    def project(self, obj: Obj, ext: dict) -> Optional[dict]:
        """A project exported from a `projects` section of ours (name, role, year)."""
        name = self.get(obj, "name")
        if not name:
            self.note(obj.loc, obj.path, "a project needs a name; left out")
            obj.used.update(obj.data)
            return None
        item: dict = {"name": name}
        roles = self.strings(obj, "roles")
        if roles:
            item["role"] = ", ".join(roles)
        year, _ = self.date(obj, "startDate", "endDate")
        obj.used.add("endDate")
        if year not in (None, "present"):
            item["year"] = year
        description = self.get(obj, "description", rich=True)
        if description:
            item["description"] = description
        url = self.url(obj, "url")
        if url:
            item["links"] = [{"url": url}]
        return item

    def tag(self, key: str, obj: Obj) -> Optional[dict]:
        if key == "languages":
            text = tag_text(self.get(obj, "language", "name"), self.get(obj, "fluency", "level", "proficiency"), [])
        else:
            qualifier = self.get(obj, "level") if key == "skills" else None
            text = tag_text(self.get(obj, "name"), qualifier, self.strings(obj, "keywords"))
        return {"name": text} if text else None


def markup_escape(text: str) -> str:
    return re.sub(r"([*\[\]\\])", r"\\\1", text)


def _empty_fields(doc: dict) -> list[str]:
    """The paths of the fields of a document that hold nothing ("", null, [], {})."""
    out: list[str] = []

    def walk(value, path):
        if value is None or value == "" or value == [] or value == {}:
            out.append(path)
        elif isinstance(value, dict):
            for k, v in value.items():
                k = k if re.fullmatch(r"[\w$@-]+", k) else json.dumps(k)  # no control character in a comment
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    for key, value in doc.items():
        if key not in ("meta", "$schema") and not (key == "basics" and not isinstance(value, dict)):
            walk(value, key if re.fullmatch(r"[\w$@-]+", key) else json.dumps(key))
    return [p for p in out if p != "basics.name"]


def import_document(doc: Any, locate: Locator, target: Optional[Path] = None) -> ImportResult:
    """Convert a parsed JSON Resume; the YAML is validated before it is returned."""
    importer = Importer(locate)
    data = importer.convert(doc)
    notes = capped(importer.problems.warnings, locate.name)
    comment = [f"Imported from {Path(locate.name).name} (JSON Resume) by `cv-builder import`."]
    if not importer.literal:
        comment += [f"Language: {importer.language.name} ({importer.language.tag}), {importer.language_why}."]
    if notes:
        comment += ["Left out or changed on the way (edit by hand where it matters):"]
        comment += [f"  - {note_text(n)}" for n in notes]
    text = dump(data, target, comment)
    try:
        cv = schema.loads(text, str(target or "<import>"))
    except CVError as exc:  # only data kept verbatim under meta.cvBuilder can get here
        raise CVError([Problem(f"after conversion: {p.message}", position=Position(locate.name),
                               path=p.path, found=p.found, expected=p.expected, hint=p.hint)
                       for p in exc.problems]) from None
    return ImportResult(data, text, cv, notes,
                        None if importer.literal else (importer.language.tag, importer.language_why))


MAX_NOTES = 50  # notes listed (on the terminal and in the YAML); a file with 200,000 unknown keys gave 22 MB


def capped(notes: list[Problem], name: str) -> list[Problem]:
    """The first MAX_NOTES notes, and one that counts the rest."""
    if len(notes) <= MAX_NOTES:
        return notes
    rest = len(notes) - MAX_NOTES
    return notes[:MAX_NOTES] + [Problem(f"… and {rest:,} more left out or changed, not listed here",
                                        position=Position(name), severity="warning")]


def note_text(p: Problem) -> str:
    text = f"{p.path}: {p.message}" if p.path else p.message
    if p.found is not None:
        text += f" ({p.found})"
    return text.replace("\n", " ")


def import_file(path: Path | str, target: Optional[Path] = None) -> ImportResult:
    doc, locate = read_document(path)
    return import_document(doc, locate, target)


# -- export ----------------------------------------------------------------------
def _iso(d: Optional[Date]) -> Optional[str]:
    return d.iso if d and not d.present else None


def _src(text) -> Optional[str]:
    return value_to_data(text) if text is not None else None


def _put(obj: dict, key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        obj[key] = value


class Exporter:
    """A CV as a JSON Resume document. A section goes to the JSON Resume section its kind's
    form names for its id (:class:`cv_builder.kinds.JsonResume`), the first one there only;
    every other section is kept under ``meta.cvBuilder``. The kind's form writes each item,
    with the helpers here (``put``, ``src``, ``iso``, ``dates``, ``links``, ``data``, ``split_tag``)."""

    def __init__(self, cv: CV):
        self.cv = cv
        self.notes: list[Problem] = []

    def ext_common(self, item, ext: dict) -> dict:
        if getattr(item, "priority", 2) != 2:
            ext["priority"] = item.priority
        if getattr(item, "tags", None):
            ext["tags"] = list(item.tags)
        if getattr(item, "short", None):
            ext["short"] = _src(item.short)
        return ext

    def links(self, out: dict, links: list, ext: dict) -> None:
        if links:
            out["url"] = links[0].url
            if len(links) > 1 or any(l.label for l in links):
                ext["links"] = value_to_data(links)

    def dates(self, out: dict, item, ext: dict, single: bool = False) -> None:
        start, end = item.start, item.end
        if single and start and end is None:
            out["date"] = start.iso
            return
        _put(out, "startDate", _iso(start))
        if end is None:
            _put(out, "endDate", _iso(start))  # one period: start = end
        elif end.present:
            if start is None or end.label not in ("", "Present"):
                ext["end"] = end.label or "Present"
        else:
            out["endDate"] = end.iso
            if start is not None and end.iso == start.iso:
                ext["end"] = value_to_data(end)

    def item(self, key: str, section: Section, item) -> dict:
        """One item as JSON Resume section ``key`` has it, by its kind's JSON Resume form."""
        out: dict = {}
        ext = self.ext_common(item, {})
        KINDS[section.kind].json_resume.item(key, item, out, ext, self)
        if ext:
            out[EXT] = ext
        return out

    # what a kind's JSON Resume form uses
    put = staticmethod(_put)
    src = staticmethod(_src)
    iso = staticmethod(_iso)
    data = staticmethod(record_to_data)
    split_tag = staticmethod(split_tag)

    def basics(self) -> dict:
        h = self.cv.header
        out: dict = {"name": h.name}
        _put(out, "label", _src(h.headline))
        _put(out, "email", h.email)
        _put(out, "phone", h.phone)
        _put(out, "url", h.website)
        _put(out, "summary", _src(h.intro))
        if h.location:  # 'City, Region, CC' in its parts when they join back the same
            parts = h.location.split(", ")
            if 2 <= len(parts) <= 3 and all(p and p == p.strip() for p in parts) and \
                    (len(parts) == 2 or re.fullmatch(r"[A-Z]{2}", parts[2])):
                out["location"] = dict(zip(("city", "region", "countryCode"), parts))
            else:
                out["location"] = {"city": h.location}
        profiles = []
        for link in h.links:
            profile: dict = {}
            if link.label:
                network, sep, username = link.label.partition(": ")
                profile["network"] = network
                if sep:
                    profile["username"] = username
            profile["url"] = link.url
            profiles.append(profile)
        _put(out, "profiles", profiles)
        return out

    def export(self) -> dict:
        cv = self.cv
        doc: dict = {"$schema": SCHEMA_URL, "basics": self.basics()}
        specs = []
        kept = []
        for s in cv.sections:
            target = next((key for key, ids in KINDS[s.kind].json_resume.sections.items()
                           if s.id in ids and key not in doc), None)
            spec: dict = {"id": s.id, "title": s.title, "kind": s.kind}
            if s.priority != 2:
                spec["priority"] = s.priority
            if s.tags:
                spec["tags"] = list(s.tags)
            if target:
                doc[target] = [self.item(target, s, item) for item in s.items]
                spec["from"] = target
            else:
                spec["items"] = section_to_data(s)["items"]
                kept.append(f"{s.id} ({s.kind})")
            specs.append(spec)
        ext: dict = {"version": EXT_VERSION, "sections": specs, **settings_to_data(cv)}
        doc["meta"] = {EXT: ext}
        if kept:
            self.notes.append(Problem(
                "JSON Resume has no place for these sections, so they are kept under meta.cvBuilder, "
                f"which other JSON Resume tools do not show: {', '.join(kept)}",
                position=Position(cv.source) if cv.source else None, severity="warning"))
        return doc


def export(cv: CV) -> tuple[dict, list[Problem]]:
    """A CV as a JSON Resume document, and notes on what other tools will not show."""
    exporter = Exporter(cv)
    return exporter.export(), exporter.notes


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
