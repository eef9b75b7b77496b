"""The CV as typed values: what a CV *is*, with no YAML and no ReportLab.

Each dataclass below is also the schema of its part of ``cv.yaml``: the
loader (:mod:`cv_builder.schema`) reads the field names, types, defaults and
``doc`` strings to validate the data and to print the JSON Schema. A field
without a default is required; a field marked ``internal=True`` is not part of
the data format (the loader fills it in).

The items of each section kind (entries, publications, …) are defined with
their kind, in :mod:`cv_builder.kinds`.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import field
from typing import Optional

from . import lang
from .errors import Position
from .markup import Text
from .record import record


def doc(text: str, default=None, factory=None, **meta):
    """A dataclass field with a description (shown in the JSON Schema)."""
    meta = {"doc": text, **meta}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def required(text: str, **meta):
    return field(metadata={"doc": text, **meta})


@record(frozen=True)
class Date:
    """A year, a year and month, or 'present' (an ongoing end)."""

    year: int = 0
    month: Optional[int] = None
    present: bool = False
    label: str = ""  # how 'present' was written: Present, Now, …

    MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

    def __str__(self) -> str:
        if self.present:
            return self.label or "Present"
        if self.month:
            return f"{self.MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def iso(self) -> str:
        if self.present:
            return ""
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def sort_key(self) -> tuple:
        return (9999, 13) if self.present else (self.year, self.month or 0)


#: the English words for an ongoing end (every other language's come from cv_builder.lang)
PRESENT_WORDS = {"present", "now", "today", "current", "ongoing"}
MONTH_NAMES = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
FIRST_YEAR, LAST_YEAR = 1800, 2100
_ISO_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_ISO_DATE_TIME = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\S*)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4})")
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")


def parse_date(text: str, time: bool = False) -> tuple[Optional[Date], Optional[str], bool]:
    """A date as people write it: 2024, 2024-03, 2024/3, 2024-03-15, 03/2024, Mar 2024,
    March 2024, or a word for an ongoing end in any language cv-builder knows (present,
    now, heute, en cours, 至今 …). ``time``: a time after the day is allowed (JSON Resume's
    2014-06-29T00:00). Returns (the date, or None and why it is not one, whether a day was given).
    The data's dates (:mod:`cv_builder.schema`) and imported ones (:mod:`cv_builder.interop.jsonresume`)
    are read by this one function."""
    text = text.strip()
    if text.lower() in PRESENT_WORDS:
        return Date(present=True, label=text[:1].upper() + text[1:].lower()), None, False
    day = None
    if m := (_ISO_DATE_TIME if time else _ISO_DATE).fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
    elif m := _MONTH_YEAR.fullmatch(text):
        year, month = int(m.group(2)), int(m.group(1))
    elif (m := _NAMED_MONTH.fullmatch(text)) and m.group(1).lower() in MONTH_NAMES:
        year, month = int(m.group(2)), MONTH_NAMES[m.group(1).lower()]
    elif lang.is_present(text.rstrip(".")):  # heute, en cours, 至今, … (other languages' words: read on first use)
        return Date(present=True, label=" ".join(text.split())), None, False
    else:
        return None, "this is not a date", False
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"the year {year} is not plausible", False
    if month is not None and not 1 <= month <= 12:
        return None, f"month {month} does not exist", False
    if day is not None and not 1 <= day <= days_in(year, month):
        return None, f"day {day} does not exist in that month", True
    return Date(year, month), None, day is not None


def days_in(year: int, month: int) -> int:
    """The days of a month (the Gregorian calendar's)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@record(frozen=True)
class Day:
    """A day (a letter's date: 2025-03-14), or `today`: the day of the build."""

    year: int = 0
    month: int = 0
    day: int = 0
    today: bool = False

    def date(self):
        """The day as a ``datetime.date``; `today` is the day of the build, in UTC when
        SOURCE_DATE_EPOCH is set (a reproducible build of a letter), else the local day."""
        if not self.today:
            return datetime.date(self.year, self.month, self.day)
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit() and epoch.isascii() and int(epoch) <= 253402300799:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        return datetime.date.today()

    @property
    def iso(self) -> str:
        return "today" if self.today else f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def date_range(start: Optional[Date], end: Optional[Date], dash: str = " – ") -> str:
    """'2022 – 2024', '2024 – Present', '2023' (start alone or equal ends)."""
    if start and end and str(start) != str(end):
        return f"{start}{dash}{end}"
    return str(start or end or "")


@record
class Link:
    """A web or mail address, with the text to show for it."""

    __shorthand__ = "url"  # a bare address is a link to it
    url: str = required("http(s) or mailto address", format="url")
    label: Optional[str] = doc("visible text; the address itself when left out")


@record
class Section:
    """A titled section of the CV: its kind and its items, in order."""

    id: str
    title: str
    kind: str
    items: list
    priority: int = 2
    tags: list[str] = field(default_factory=list)
    origin: str = ""  # file:line, for messages


@record
class Header:
    """What heads the first page: name, headline, intro, contact."""

    name: str
    headline: Optional[Text] = None
    intro: Optional[Text] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    location: Optional[str] = None
    website: Optional[str] = None
    links: list[Link] = field(default_factory=list)


@record
class Recipient:
    """Who a letter goes to: a person (or a team), an organisation, an address."""

    name: Optional[Text] = doc("the person or team it is addressed to")
    organisation: Optional[Text] = doc("the organisation (default: the variant's `organisation`)")
    address: Optional[list[Text]] = doc("the address, one line each")


@record
class LetterParagraph:
    """A paragraph of a letter."""

    __shorthand__ = "text"
    text: Text = required("a paragraph; **bold**, *italic* and [links](https://…) allowed; {role} and "
                          "{organisation} are filled in with the variant's")
    tags: list[str] = doc("tags that variants select on, as in the CV (untagged: in every letter)", factory=list)


@record
class Letter:
    """A cover letter, built with `cv-builder letter` in the CV's look. Under `letter:` at the top it is
    every letter's; under a variant, what that variant's letter changes (each field given replaces the
    top-level one; the recipient's field by field)."""

    recipient: Optional[Recipient] = doc("who it goes to")
    date: Optional[Day] = doc("its date: a day (2025-03-14), or `today`, the day of the build (the default); "
                              "printed in the CV's language")
    subject: Optional[Text] = doc("the subject line")
    salutation: Optional[Text] = doc("the greeting: Dear …,")
    paragraphs: Optional[list[LetterParagraph]] = doc("the letter's paragraphs, in order (each may carry `tags`)")
    closing: Optional[Text] = doc("the closing before the signature: Kind regards,")
    signature: Optional[Text] = doc("the name under the closing (default: your name)")
    origin: Optional[Position] = doc("where the letter is given, for messages", internal=True)


@record
class Variant:
    """A tailored version of the CV: which tagged content it keeps, and what it replaces.

    Applied by :func:`cv_builder.variants.apply`, which returns a new, filtered CV.
    """

    name: str = doc("the variant's name, used with --variant (the key under `variants:`)", "", internal=True)
    description: Optional[str] = doc("what this variant is for")
    include: list[str] = doc("keep only items and sections that carry one of these tags "
                             "(untagged ones are kept)", factory=list)
    exclude: list[str] = doc("leave out items and sections that carry one of these tags", factory=list)
    headline: Optional[Text] = doc("replaces the headline")
    intro: Optional[Text] = doc("replaces the intro under the headline")
    summary: Optional[Text] = doc("replaces the text of the first text section")
    sections: list[str] = doc("section ids in the order to show them (others are left out)", factory=list)
    layout: Optional[str] = doc("layout to use by default for this variant")
    language: Optional[str] = doc("the language of this application, if not the CV's (a BCP 47 tag: en, de, "
                                  "fr, zh-Hans, ja, ar, …): its dates, words and default section titles")
    organisation: Optional[str] = doc("target organisation (goes into the PDF's metadata)")
    role: Optional[str] = doc("target role (goes into the PDF's metadata)")
    letter: Optional[Letter] = doc("this application's cover letter: what it changes of the top-level `letter:` "
                                   "(`cv-builder letter --variant NAME`)")
    origin: Optional[Position] = doc("where the variant is defined, for messages", internal=True)
    positions: dict = doc("field path -> position (`include[1]`, `layout`, …), for messages",
                          factory=dict, internal=True)

    @property
    def target(self) -> Optional[str]:
        """'Role at Organisation', either alone, or None."""
        if self.role and self.organisation:
            return f"{self.role} at {self.organisation}"
        return self.role or self.organisation or None

    def where(self, key: str) -> Optional[Position]:
        return self.positions.get(key, self.origin)


@record
class CV:
    """A whole CV: the header, the sections, and what the data says about itself."""

    header: Header
    sections: list[Section]
    owner: list[str] = field(default_factory=list)  # name forms to set in bold in author lists
    keywords: list[str] = field(default_factory=list)
    lang: str = "en"  # the BCP 47 tag of `language:` (see the `language` property), normalised
    variants: dict[str, Variant] = field(default_factory=dict)
    source: str = ""  # the file it came from
    warnings: list = field(default_factory=list)  # Problems of severity "warning"
    strings: list = field(default_factory=list, repr=False)  # (text, position, path): every text read
    variant: Optional[Variant] = None  # the variant this CV was tailored to (see cv_builder.variants)
    letter: Optional[Letter] = None  # the cover letter: the data's, or a variant's made whole (cv_builder.letter)

    @property
    def name(self) -> str:
        return self.header.name

    @property
    def language(self):
        """The :class:`~cv_builder.lang.Language` it is written in: dates, words, direction."""
        return lang.resolve(self.lang)

    @property
    def target(self) -> Optional[str]:
        """The application this CV is for, from its variant, in the CV's language
        ('Role at Organisation', 'Rolle bei Organisation')."""
        if self.variant is None:
            return None
        return self.language.target(self.variant.role, self.variant.organisation)

    def section(self, section_id: str) -> Optional[Section]:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None


#: the top-level keys of cv.yaml, with their meaning (for validation and the JSON Schema)
TOP_LEVEL: dict[str, str] = {
    "name": "your name, as it should appear at the top",
    "headline": "one line under the name",
    "intro": "a short paragraph under the headline",
    "email": "e-mail address",
    "phone": "phone number",
    "location": "where you live or work",
    "website": "your web site (https://…)",
    "links": "other links: [{label, url}]",
    "owner": "forms of your name to set in bold in author lists (default: name)",
    "keywords": "keywords for the PDF's metadata",
    "language": "the language the CV is written in, as a BCP 47 tag (en, en-GB, de, fr, pt-BR, zh-Hans, ja, "
                "ko, ar, he, …; default en): month names, 'present', section titles, the running head",
    "lang": "the older name of `language` (still read)",
    "sections": "the sections, in the order to show them: id -> items",
    "letter": "a cover letter in the CV's look (`cv-builder letter`): recipient, date, subject, salutation, "
              "paragraphs, closing, signature; a variant's `letter:` changes it for that application",
    "variants": "tailored versions of this CV (name -> variant), or the name of a YAML file "
                "beside this one that holds them",
}
