"""The language a CV is written in: what `language:` in the data sets.

:func:`resolve` turns a BCP 47 tag (``en``, ``fr``, ``de-CH``, ``pt-BR``,
``zh-Hans``, ``ja``, ``ar``, …) into a :class:`Language`, which knows

- its script (ISO 15924), direction (``rtl`` for Arabic, Hebrew, …) and how its
  lines break (``cjk``: between any two characters; ``korean`` and the rest: at
  spaces);
- month names and date formats, from CLDR through Babel (:mod:`.dates`; loaded
  only for languages other than English, see there for its cost);
- the handful of words a CV needs that CLDR lacks — the word for an ongoing end,
  the degree–subject pattern, "Grade", the running head, page numbers, the
  default section titles — from ``words.yaml`` beside this file.

An English CV reads neither Babel nor the other languages' words: its dates are
:class:`~cv_builder.model.Date`'s own ("Sep 2024 – Present"), and ``words.yaml``
is read one language at a time (:func:`words`).

The rest of the package, each module imported only where it is needed:
:mod:`.detect` guesses a language from text (for import); :mod:`.scripts` says
which script each character is in, which shipped font family draws it and which
scripts cannot be set; :mod:`.cjk` breaks Chinese and Japanese lines; :mod:`.bidi`
turns right-to-left text into what is drawn; :mod:`.pdf` holds the ReportLab
pieces for those (right-to-left paragraphs, bold for a font with one weight).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..errors import CVError, Position, Problem
from ..record import record

WORDS_FILE = Path(__file__).with_name("words.yaml")
ENGLISH = "en"
#: scripts written right to left (ISO 15924)
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})
#: scripts whose lines break between any two characters (no spaces between words)
CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan"})
#: scripts cv-builder can set: a shipped font has them and they need no shaping beyond
#: Arabic's joining forms (see :mod:`.scripts`)
SUPPORTED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Geor", "Hans", "Hant", "Hani", "Jpan", "Kore",
                               "Arab", "Hebr"})
SCRIPT_NAMES = {
    "Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Armn": "Armenian", "Geor": "Georgian",
    "Hans": "Simplified Chinese (Han)", "Hant": "Traditional Chinese (Han)", "Hani": "Han",
    "Jpan": "Japanese (Han and Kana)", "Kore": "Korean (Hangul)", "Arab": "Arabic", "Hebr": "Hebrew",
    "Deva": "Devanagari", "Beng": "Bengali", "Guru": "Gurmukhi", "Gujr": "Gujarati", "Orya": "Oriya",
    "Taml": "Tamil", "Telu": "Telugu", "Knda": "Kannada", "Mlym": "Malayalam", "Sinh": "Sinhala",
    "Thai": "Thai", "Laoo": "Lao", "Khmr": "Khmer", "Mymr": "Myanmar", "Tibt": "Tibetan",
    "Ethi": "Ethiopic", "Syrc": "Syriac", "Thaa": "Thaana", "Mong": "Mongolian",
}
# Tags people write that are not languages (a country's code, a name): what they meant.
# (Only what CLDR does not know: `kr` is Kanuri and `se` Northern Sami, so those resolve.)
_MISTAKES = {
    "jp": "ja", "cn": "zh-Hans", "kr": "ko", "ua": "uk", "gr": "el", "cz": "cs", "dk": "da",
    "rs": "sr", "gb": "en-GB", "us": "en-US", "ir": "fa", "il": "he", "iw": "he", "ji": "yi", "in": "id",
    "en-uk": "en-GB", "vn": "vi", "ge": "ka",
    "english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr", "francais": "fr",
    "spanish": "es", "español": "es", "espanol": "es", "italian": "it", "italiano": "it",
    "portuguese": "pt", "português": "pt", "dutch": "nl", "nederlands": "nl", "polish": "pl", "polski": "pl",
    "russian": "ru", "русский": "ru", "ukrainian": "uk", "українська": "uk", "turkish": "tr", "türkçe": "tr",
    "greek": "el", "chinese": "zh-Hans", "中文": "zh-Hans", "japanese": "ja", "日本語": "ja",
    "korean": "ko", "한국어": "ko", "arabic": "ar", "العربية": "ar", "hebrew": "he", "עברית": "he",
}
_TAG = re.compile(r"(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<region>[A-Za-z]{2}|\d{3}))?"
                  r"(?P<rest>(?:[-_][A-Za-z0-9]{1,8})*)")
_HANT_REGIONS = frozenset({"TW", "HK", "MO"})
EXPECTED = "a BCP 47 language tag such as en, de, fr, de-CH, pt-BR, zh-Hans, ja, ar or he"


#: the usual heading of each kind of section, as the section id whose default title it is
STANDARD_BY_KIND = {"text": "summary", "figures": "highlights", "entries": "experience", "projects": "projects",
                    "publications": "publications", "tags": "skills", "timeline": "experience"}
#: languages whose names are written family name first: always (Hungarian, Vietnamese), or
#: when the name is written in the language's own script (佐藤 美咲, 王 晓明, 김 지은; a name in
#: Latin letters in a Japanese CV, "Misaki Sato", is in the Western order)
FAMILY_FIRST = frozenset({"hu", "vi"})
FAMILY_FIRST_IN_SCRIPT = frozenset({"zh", "ja", "ko"})
#: section ids that are a heading of their own, not their kind's
OWN_HEADING = frozenset({"education", "volunteering", "teaching", "awards", "languages", "interests"})


class LanguageError(CVError):
    """An unknown or unusable language tag (a CVError: exit 1, with a hint)."""


@record(frozen=True)
class Language:
    """A language as a CV uses it. Made by :func:`resolve`; compare by ``tag``."""

    tag: str  # normalised BCP 47 tag, as written into the PDF's /Lang: de-CH, zh-Hans, pt-BR
    base: str  # the language subtag: de, zh, pt
    script: str  # ISO 15924: Latn, Cyrl, Grek, Hans, Hant, Jpan, Kore, Arab, Hebr
    region: Optional[str]  # CH, BR, TW, … or None
    key: str  # its entry in words.yaml (de, zh-Hant, pt-PT), or "" when it has none
    name: str  # in English, for messages: German, Chinese (Traditional)

    # -- what it is ------------------------------------------------------------
    @property
    def english(self) -> bool:
        return self.base == ENGLISH

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr'."""
        return "rtl" if self.script in RTL_SCRIPTS else "ltr"

    @property
    def rtl(self) -> bool:
        return self.script in RTL_SCRIPTS

    @property
    def line_breaking(self) -> str:
        """'cjk' (between any two characters, with the punctuation rules), 'korean'
        (at spaces, as Korean is written with spaces between words) or 'spaces'."""
        if self.script in CJK_SCRIPTS:
            return "cjk"
        return "korean" if self.script == "Kore" else "spaces"

    @property
    def word_wrap(self) -> Optional[str]:
        """ReportLab's ``ParagraphStyle.wordWrap`` for its paragraphs: 'CJK' or None."""
        return "CJK" if self.line_breaking == "cjk" else None

    @property
    def complete(self) -> bool:
        """Whether words.yaml has its words (otherwise they are English)."""
        return bool(self.key)

    def family_name_first(self, name: str) -> bool:
        """Whether ``name`` (as the data writes it) puts the family name first."""
        if self.base in FAMILY_FIRST:
            return True
        if self.base not in FAMILY_FIRST_IN_SCRIPT or name.isascii():
            return False
        from .cjk import is_cjk  # 0.4 ms: only for a name in a CJK language's own script

        return any(is_cjk(c) for c in name)

    # -- its words -------------------------------------------------------------
    def word(self, key: str):
        """A word of words.yaml: its own entry's, else its parent's, else English."""
        for entry in self._entries():
            if key in entry:
                return entry[key]
        raise KeyError(key)

    def _entries(self) -> list[dict]:
        return _chain(self.key)

    @property
    def present(self) -> str:
        """The word for an ongoing end: Present, heute, aujourd’hui, 至今."""
        return self.word("present")

    def title(self, section_id: str) -> Optional[str]:
        """The default title of a known section id in this language (None for others)."""
        for entry in self._entries():
            titles = entry.get("titles") or {}
            if section_id in titles:
                return titles[section_id]
        return None

    def standard_title(self, section_id: str, kind: str) -> Optional[str]:
        """The usual heading of a section in this language, the one resume parsers know:
        by its kind (Summary, Experience, Projects, Publications, Skills, …), or for an id that
        is a heading of its own (education is not experience) by its id. None for a kind
        with no usual heading."""
        key = section_id if section_id in OWN_HEADING else STANDARD_BY_KIND.get(kind)
        return self.title(key) if key else None

    def degree(self, degree: Optional[str], subject: Optional[str]) -> str:
        """'Bachelor in Physics', 'Licence en physique', '物理学学士'; either alone as it is."""
        if degree and subject:
            return self.word("degree").format(degree=degree, subject=subject)
        return degree or subject or ""

    def split_degree(self, title: str) -> Optional[tuple[str, str]]:
        """(degree, subject) from a title made by :meth:`degree`, or None (also when the
        language writes the two with nothing between them, as Chinese does: 物理学学士)."""
        if re.search(r"\}\{", self.word("degree")):
            return None
        pattern = re.escape(self.word("degree"))
        pattern = pattern.replace(r"\{degree\}", "(?P<degree>.+?)").replace(r"\{subject\}", "(?P<subject>.+)")
        m = re.fullmatch(pattern, title, re.S)
        return (m.group("degree"), m.group("subject")) if m else None

    def grade(self, grade: str) -> str:
        """'Grade: 3.9/4', 'Note : 15/20', '成绩：优秀'."""
        return self.word("grade").format(grade=grade)

    @property
    def running_head(self) -> str:
        """Curriculum Vitae, Lebenslauf, 履歴書, …"""
        return self.word("running_head")

    def page(self, n: int, total: int) -> str:
        """The page number: '2 / 3'."""
        return self.word("page").format(n=n, total=total)

    @property
    def contact(self) -> str:
        """The title over the contact details (a sidebar's): Contact, Kontakt, 連絡先."""
        return self.word("contact")

    def target(self, role: Optional[str], organisation: Optional[str]) -> Optional[str]:
        """What an application is for: 'Engineer at Example Lab', 'Ingenieur bei Example Lab';
        either alone as it is; None with neither."""
        if role and organisation:
            return self.word("target").format(role=role, organisation=organisation)
        return role or organisation or None

    def subject(self, headline: Optional[str], target: Optional[str] = None) -> str:
        """The PDF's subject: the headline (else 'Curriculum Vitae', 'Lebenslauf'), and the
        application it is for: 'Lebenslauf (Bewerbung: Ingenieur bei Example Lab)'."""
        document = headline or self.running_head
        return self.word("application").format(document=document, target=target) if target else document

    # -- dates -----------------------------------------------------------------
    def month(self, month: int, width: str = "abbreviated") -> str:
        """The name of a month (1–12): 'Sep', 'Sept.', '9月'; width 'wide' for 'September'."""
        if self.english:
            from ..model import Date  # import cycle: the model imports this package

            return Date.MONTHS[month - 1] if width == "abbreviated" else _ENGLISH_MONTHS[month - 1]
        from . import dates  # 0.3 ms, and CLDR through babel: only for languages but English

        return dates.month_name(self.tag, month, width)

    def date(self, d) -> str:
        """A :class:`~cv_builder.model.Date` as this language writes it: 'Sep 2024',
        'Sept. 2024', '2024年9月', 'heute'."""
        if d.present:
            return self.present_label(d)
        if self.english:
            return str(d)
        from . import dates  # 0.3 ms, and CLDR through babel: only for languages but English

        return dates.format_date(self.tag, d.year, d.month)

    def present_label(self, d) -> str:
        """What an ongoing end prints. English CVs print it as written (Present, Now);
        in another language, an English word (`present`, `now`) becomes the language's
        own word, and any other word is printed as written (`En cours`, `heute`)."""
        if self.english:
            return d.label or "Present"
        if not d.label or d.label.casefold() in _english_present():
            return self.present
        return d.label

    def day(self, d) -> str:
        """A day (a ``datetime.date``: a letter's date) in full, as this language writes it:
        'March 14, 2025', '14 March 2025' (en-GB), '14. März 2025', '2025年3月14日' (CLDR's long date)."""
        if self.english and self.region in (None, "US"):
            return f"{_ENGLISH_MONTHS[d.month - 1]} {d.day}, {d.year}"
        from . import dates  # 0.3 ms, and CLDR through babel: only for languages but English

        return dates.format_day(self.tag, d)

    @property
    def letter(self) -> str:
        """What a cover letter is called: Cover letter, Anschreiben, 求职信."""
        return self.word("letter")

    def date_range(self, start, end, dash: str = " – ") -> str:
        """'Sep 2024 – Present', 'Sept. 2024 – heute', '2024年9月 – 至今'; one date when
        only one is given or both print the same."""
        a = self.date(start) if start else ""
        b = self.date(end) if end else ""
        if a and b and a != b:
            return f"{a}{dash}{b}"
        return a or b


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


# -- words.yaml ----------------------------------------------------------------
_BLOCKS: dict[str, str] = {}  # tag -> its block of words.yaml, as text
_WORDS: dict[str, dict] = {}  # tag -> its parsed entry


def _blocks() -> dict[str, str]:
    """words.yaml cut at its top-level keys, unparsed: an English CV parses only the
    English block (about 0.3 ms with libyaml; the whole file takes 7 ms)."""
    if not _BLOCKS:
        text = WORDS_FILE.read_text(encoding="utf-8")
        starts = [(m.start(), m.group(1)) for m in re.finditer(r"(?m)^([A-Za-z][\w-]*):[ \t]*$", text)]
        for (start, tag), (end, _) in zip(starts, starts[1:] + [(len(text), "")]):
            _BLOCKS[tag] = text[start:end]
    return _BLOCKS


def words(tag: str) -> dict:
    """The entry of words.yaml for exactly ``tag`` (``{}`` when it has none)."""
    if tag not in _WORDS:
        block = _blocks().get(tag)
        if block is None:
            return {}
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _WORDS[tag] = (yaml.load(block, Loader=loader) or {}).get(tag) or {}  # noqa: S506 - a safe loader
    return _WORDS[tag]


def known_tags() -> list[str]:
    """The tags words.yaml has an entry for: en, de, …, zh-Hans, zh-Hant, pt-PT."""
    return list(_blocks())


def _parent(key: str) -> str:
    """pt-PT -> pt; zh-Hans -> "" (an entry of its own); de -> ""."""
    base = key.split("-")[0]
    return base if base != key and base in _blocks() and key not in ("zh-Hans", "zh-Hant") else ""


_CHAINS: dict[str, list[dict]] = {}


def _chain(key: str) -> list[dict]:
    """The entries a language's words come from, most specific first, English last."""
    if key not in _CHAINS:
        chain, k = [], key
        while k:
            chain.append(words(k))
            k = _parent(k)
        if key.split("-")[0] != ENGLISH or not chain:
            chain.append(words(ENGLISH))
        _CHAINS[key] = chain
    return _CHAINS[key]


_PRESENT: dict[str, str] = {}  # casefolded word -> tag, over every language


def present_words() -> dict[str, str]:
    """Every language's words for an ongoing end (casefolded) -> the language's tag.
    Reads all of words.yaml: called only for a date that is not a plain date."""
    if not _PRESENT:
        for tag in known_tags():
            entry = words(tag)
            for word in [entry.get("present"), *(entry.get("present_words") or [])]:
                if word:
                    _PRESENT.setdefault(str(word).casefold(), tag)
    return _PRESENT


def _english_present() -> set[str]:
    entry = words(ENGLISH)
    return {w.casefold() for w in [entry["present"], *entry["present_words"]]}


def is_present(text: str) -> bool:
    """Whether a date written in the data means 'ongoing', in any listed language."""
    return " ".join(text.split()).casefold() in present_words()


# -- resolving a tag -------------------------------------------------------------
_RESOLVED: dict[str, Language] = {}


def resolve(tag: str) -> Language:
    """The language of a BCP 47 tag; LanguageError (with a did-you-mean hint) when
    the tag names no language, or one whose script cv-builder cannot set."""
    known = _RESOLVED.get(tag)
    if known is not None:
        return known
    language = _resolve(str(tag).strip())
    _RESOLVED[tag] = language
    return language


def _resolve(tag: str) -> Language:
    m = _TAG.fullmatch(tag)
    if not m:
        raise _unknown(tag, "this is not a language tag")
    base = m.group("lang").lower()
    script = m.group("script").title() if m.group("script") else None
    region = m.group("region").upper() if m.group("region") else None
    rest = m.group("rest") or ""
    if base in ("iw", "in", "ji") or region == "UK":  # withdrawn codes, and the United Kingdom's
        raise _unknown(tag, f"`{tag}` is not a language code")
    normal = "-".join(p for p in (base, script, region) if p) + rest
    if base == ENGLISH:
        if script not in (None, "Latn"):
            raise _unsupported(tag, "English", script)
        return Language(normal, base, "Latn", region, ENGLISH, "English")
    key = _key(base, script, region)
    if key:
        language = Language(normal, base, script or "", region, key, "")
        script = script or language.word("script")
        if script not in SUPPORTED_SCRIPTS:
            raise _unsupported(tag, language.word("name"), script)
        return Language(normal, base, script, region, key, language.word("name"))
    # a language words.yaml does not have: CLDR must know it (months and dates come from there)
    from . import dates  # 0.3 ms, and CLDR through babel: only for a language words.yaml lacks

    info = dates.locale_info(base, script, region)
    if info is None:
        raise _unknown(tag, f"`{tag}` is not a language cv-builder knows")
    name, likely_script, canonical = info
    if canonical != base:  # ger, deu, fre: BCP 47 writes a language with two letters where it has them
        raise LanguageError([Problem(f"`{tag}` is not how BCP 47 writes {name}", expected=EXPECTED,
                                     hint=f"did you mean `{canonical}`?")])
    script = script or likely_script
    if script not in SUPPORTED_SCRIPTS:
        raise _unsupported(tag, name, script)
    return Language(normal, base, script, region, "", name)


def _key(base: str, script: Optional[str], region: Optional[str]) -> str:
    """The words.yaml entry for a language: zh -> zh-Hans or zh-Hant by script or region;
    pt-PT has its own; others their language's."""
    blocks = _blocks()
    if base == "zh":
        hant = script == "Hant" or (script is None and region in _HANT_REGIONS)
        return "zh-Hant" if hant else "zh-Hans"
    for candidate in (f"{base}-{script}" if script else None, f"{base}-{region}" if region else None, base):
        if candidate and candidate in blocks:
            return candidate
    return ""


def _unknown(tag: str, message: str) -> LanguageError:
    hint = _suggest(tag)
    return LanguageError([Problem(message, expected=EXPECTED, hint=hint)])


def _suggest(tag: str) -> str:
    meant = _MISTAKES.get(tag.casefold()) or _MISTAKES.get(tag.casefold().replace("_", "-"))
    if meant:
        return f"did you mean `{meant}`?"
    from ..errors import did_you_mean

    close = did_you_mean(tag, known_tags())
    listed = ", ".join(known_tags())
    return (close + " " if close else "") + f"languages with all their words: {listed}"


def _unsupported(tag: str, name: str, script: Optional[str]) -> LanguageError:
    what = SCRIPT_NAMES.get(script or "", script or "an unknown script")
    return LanguageError([Problem(
        f"{name} (`{tag}`) is written in {what}, which cv-builder cannot set correctly yet",
        hint="its letters need shaping or a font that cv-builder does not ship; scripts it sets: Latin, Cyrillic, "
             "Greek, Chinese, Japanese, Korean, Arabic and Hebrew")])


def check(value, position: Optional[Position], path: str) -> tuple[Optional[Language], list[Problem]]:
    """Validate a `language:` value of the data: the language (or None) and the problems,
    each with the value's position and path (a language whose words are missing is a warning)."""
    import dataclasses

    if not isinstance(value, str) or not value.strip():
        from ..errors import show

        return None, [Problem("expected a language tag here", position=position, path=path, found=show(value),
                              expected=EXPECTED)]
    try:
        language = resolve(value)
    except LanguageError as exc:
        from ..errors import show

        return None, [dataclasses.replace(p, position=position, path=path, found=show(value))
                      for p in exc.problems]
    problems = []
    if not language.complete:
        problems.append(Problem(
            f"cv-builder has no words for {language.name} (`{language.tag}`) yet: months and dates are in "
            f"{language.name}, but 'present', section titles and the running head stay in English",
            position=position, path=path, severity="warning",
            hint=f"give each section a `title:`, or add `{language.base}:` to {WORDS_FILE.name} "
                 "in cv_builder/lang (copy `en:`)"))
    return language, problems
