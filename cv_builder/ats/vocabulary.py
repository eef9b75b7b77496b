"""The words the preview knows: section headings in seventeen languages, hints for
suggesting one, words for an ongoing end date, month names (vocabulary.yaml)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..lang import present_words

FILE = Path(__file__).with_name("vocabulary.yaml")
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "el", "zh", "ja", "ko", "ar", "he")


def normalise(text: str) -> str:
    """A heading as it is compared: case, numbering, a trailing colon, letter spacing and
    `&` against `and` do not count."""
    t = unicodedata.normalize("NFKC", text).strip().replace("\u2019", "'")  # Centres d’intérêt
    t = re.sub(r"^(?:\d{1,2}|[IVX]{1,4}|[A-Za-z])[.)]\s+", "", t)  # "1. ", "IV) ", "A. "
    t = t.strip(" \t:：-–—.·•|/").casefold()
    if re.fullmatch(r"(?:\w ){2,}\w", t):  # "E X P E R I E N C E"
        t = t.replace(" ", "")
    t = re.sub(r"\s*[&+＆]\s*", " and ", t)
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class Match:
    category: str
    language: str


class Vocabulary:
    def __init__(self, data: dict):
        self.known: dict[str, list[Match]] = {}
        self.usual: dict[tuple[str, str], str] = {}
        for lang, categories in data["headings"].items():
            for category, headings in categories.items():
                self.usual[(lang, category)] = headings[0]
                for h in headings:
                    self.known.setdefault(normalise(h), []).append(Match(category, lang))
        self.hints = {normalise(w): c for c, words in data["hints"].items() for w in words}
        # lower case, composed: a regular expression ignoring case matches them character by character
        # (casefold would decompose: "Μαΐ" folds to three characters, and no longer matches)
        self.present = sorted({_lower(p) for p in [*data["present"], *_cv_builder_present()]}, key=len, reverse=True)
        self.months = sorted({_lower(m) for m in data["months"]}, key=len, reverse=True)

    def match(self, text: str) -> Match | None:
        """The heading's category, when parsers know it; also for "Awards & Grants" (two known ones)."""
        key = normalise(text)
        if not key:
            return None
        found = self.known.get(key)
        if found:
            return found[0]
        parts = [p for p in re.split(r" and | ?[/,|] ?", key) if p]
        if len(parts) > 1 and all(p in self.known for p in parts):
            return self.known[parts[0]][0]
        return None

    def languages_of(self, text: str) -> set[str]:
        return {m.language for m in self.known.get(normalise(text), [])}

    def hint(self, text: str) -> str | None:
        """The category an unknown heading's words point to ("Shipped models" -> projects)."""
        key = normalise(text)
        for phrase, category in self.hints.items():
            if " " in phrase and phrase in key:
                return category
        for word in re.findall(r"\w[\w'-]*", key):
            if word in self.hints:
                return self.hints[word]
            if word in self.known:
                return self.known[word][0].category
        return None

    def suggestion(self, category: str, language: str) -> str:
        return self.usual.get((language, category)) or self.usual[("en", category)]


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", str(word).lower())


def _cv_builder_present() -> list[str]:
    """The words for an ongoing end in every language cv-builder has words for (en cours, дотепер, 재직 중)."""
    return [unicodedata.normalize("NFKC", w) for w in present_words()]


@functools.cache
def vocabulary() -> Vocabulary:
    with open(FILE, encoding="utf-8") as f:
        return Vocabulary(yaml.safe_load(f))


def script_language(text: str) -> str | None:
    """The language a text's script points to, for text with no known heading."""
    counts: dict[str, int] = {}
    for ch in text:
        o = ord(ch)
        lang = ("ko" if 0xAC00 <= o <= 0xD7AF else "ja" if 0x3040 <= o <= 0x30FF else
                "zh" if 0x4E00 <= o <= 0x9FFF else "ar" if 0x0600 <= o <= 0x06FF else
                "he" if 0x0590 <= o <= 0x05FF else "el" if 0x0370 <= o <= 0x03FF else "uk" if ch in "ЄєІіЇїҐґ" else
                "ru" if 0x0400 <= o <= 0x04FF else None)
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    if counts.get("ja"):  # Japanese mixes kana with kanji
        return "ja"
    if counts.get("uk") and counts.get("ru"):
        return "uk"
    return max(counts, key=counts.get)
