"""The CV as typed values: what a CV *is*, with no YAML and no ReportLab.

Each dataclass below is also the schema of its part of ``cv.yaml``: the
loader (:mod:`cv_builder.schema`) reads the field names, types, defaults and
``doc`` strings to validate the data and to print the JSON Schema. A field
without a default is required; a field marked ``internal=True`` is not part of
the data format (the loader fills it in).

Adding a section kind: add its item dataclass here and register it in
``KINDS``; then give it a renderer in ``cv_builder/render/sections/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

from .errors import Position
from .markup import Text


def doc(text: str, default=None, factory=None, **meta):
    """A dataclass field with a description (shown in the JSON Schema)."""
    meta = {"doc": text, **meta}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def required(text: str, **meta):
    return field(metadata={"doc": text, **meta})


@dataclass(frozen=True)
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


def date_range(start: Optional[Date], end: Optional[Date], dash: str = " – ") -> str:
    """'2022 – 2024', '2024 – Present', '2023' (start alone or equal ends)."""
    if start and end and str(start) != str(end):
        return f"{start}{dash}{end}"
    return str(start or end or "")


@dataclass
class Link:
    """A web or mail address, with the text to show for it."""

    __shorthand__ = "url"  # a bare address is a link to it
    url: str = required("http(s) or mailto address", format="url")
    label: Optional[str] = doc("visible text; the address itself when left out")


@dataclass
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


@dataclass
class Figure:
    """A headline number: the value, what it counts, a note."""

    value: str = required("the figure itself, e.g. '12+'")
    label: str = required("what it counts, e.g. 'Models shipped'")
    note: Optional[str] = doc("a few words under it, e.g. 'to production'")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


@dataclass
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


@dataclass
class Project:
    """A model, product or project, with the role played in it."""

    name: str = required("name of the model, product or project")
    role: Optional[str] = doc("your role, e.g. 'Lead author'")
    year: Optional[Date] = doc("year (or YYYY-MM) it shipped")
    description: Optional[Text] = doc("one or two sentences")
    short: Optional[Text] = doc("a shorter description for compact layouts")
    links: list[Link] = doc("links (code, paper, demo)", factory=list)
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


@dataclass
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


@dataclass
class Milestone:
    """A period of a trajectory: what happened, from when to when."""

    text: Text = required("what happened in this period")
    start: Optional[Date] = doc("YYYY or YYYY-MM")
    end: Optional[Date] = doc("YYYY, YYYY-MM or 'present'")
    short: Optional[Text] = doc("a shorter form for compact layouts")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


@dataclass
class Paragraph:
    """A paragraph of running text."""

    __shorthand__ = "text"
    text: Text = required("a paragraph; **bold**, *italic* and [links](https://…) allowed")
    short: Optional[Text] = doc("a shorter form for compact layouts")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


@dataclass
class Tag:
    """A skill, topic or language: a name, perhaps a level."""

    __shorthand__ = "name"
    name: str = required("a topic or skill")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


#: section kind -> the dataclass of its items
KINDS: dict[str, type] = {
    "text": Paragraph,
    "figures": Figure,
    "entries": Entry,
    "projects": Project,
    "publications": Publication,
    "tags": Tag,
    "timeline": Milestone,
}

#: a section whose id is one of these needs no `kind:`
KIND_BY_ID: dict[str, str] = {
    "about": "text", "summary": "text", "profile": "text", "objective": "text",
    "figures": "figures", "highlights": "figures", "numbers": "figures",
    "experience": "entries", "work": "entries", "education": "entries",
    "employment": "entries", "positions": "entries", "volunteering": "entries",
    "teaching": "entries", "awards": "entries",
    "models": "projects", "projects": "projects", "products": "projects",
    "publications": "publications", "papers": "publications",
    "skills": "tags", "focus": "tags", "expertise": "tags", "interests": "tags",
    "languages": "tags", "topics": "tags",
    "trajectory": "timeline", "timeline": "timeline", "history": "timeline",
}


@dataclass
class Section:
    """A titled section of the CV: its kind and its items, in order."""

    id: str
    title: str
    kind: str
    items: list
    priority: int = 2
    tags: list[str] = field(default_factory=list)
    origin: str = ""  # file:line, for messages


@dataclass
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


@dataclass
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


@dataclass
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

    @property
    def name(self) -> str:
        return self.header.name

    @property
    def language(self):
        """The :class:`~cv_builder.lang.Language` it is written in: dates, words, direction."""
        from .lang import resolve

        return resolve(self.lang)

    @property
    def target(self) -> Optional[str]:
        """The application this CV is for ('Role at Organisation'), from its variant."""
        return self.variant.target if self.variant else None

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
    "variants": "tailored versions of this CV (name -> variant), or the name of a YAML file "
                "beside this one that holds them",
}

Item = Union[Paragraph, Figure, Entry, Project, Publication, Tag, Milestone]
