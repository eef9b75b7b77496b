"""Which language a CV's text is in, for import: the script first, then common words.

:func:`detect` reads a sample of the texts (at most :data:`SAMPLE` characters) and
returns a BCP 47 tag and the reason, in words a user can check ("Hangul letters
(96 % of the letters)"). It is a small heuristic, fast (a millisecond on a whole
CV) and meant for a default the user can change (`language:` in the YAML):

1. Scripts, by letter counts (a Han, Kana or Hangul character counts as three
   letters, about a word): Hangul -> ko; Han with Kana -> ja; Han alone -> zh-Hans
   or zh-Hant by the characters that differ between them (们/們, 这/這, …); Arabic ->
   ar, or fa / ur by their own letters (پ چ ژ گ / ٹ ڈ ڑ ں ے); Hebrew -> he; Greek ->
   el; Cyrillic -> uk when it has і ї є ґ, else ru.
2. Latin: the language whose common words (and letters: ß, ł, ğ, ã, ñ …) the text
   has most of, among en, de, fr, es, it, pt, nl, pl, tr; English when nothing
   stands out.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .scripts import script

SAMPLE = 20_000  # characters read at most
_WEIGHT = {"Hani": 3, "Hira": 3, "Kana": 3, "Hang": 3}

# common words that tell the Latin-script languages apart (function words and the
# words CVs use: developed, university, …), lower case
COMMON = {
    "en": "the and of to in with for on at as by from is was my our i developed led built university "
          "experience worked team using",
    "de": "und der die das mit für von zu im auf bei als ich eine ein des den dem sowie über wurde entwicklung "
          "universität erfahrung",
    "fr": "et les des de du la le pour avec dans sur une un en au aux par je été développement université "
          "expérience",
    "es": "y los las de del el la para con en una un por que sobre como desarrollo universidad experiencia",
    "it": "e il gli di della del per con nel nella una un che sono alla dei delle degli sviluppo università "
          "esperienza",
    "pt": "e os as de do da dos das para com em uma um por que no na nos desenvolvimento universidade experiência",
    "nl": "en de het van een voor met op in bij als naar door ik zijn werd ontwikkeling universiteit ervaring",
    "pl": "i w z na do oraz się dla jest od przez jako że nie pracy rozwój uniwersytet doświadczenie",
    "tr": "ve bir ile için bu da de olarak üzerinde geliştirme üniversitesi deneyim proje",
}
_COMMON = {tag: frozenset(words.split()) for tag, words in COMMON.items()}
# letters only one or two of them write, each worth this many words
LETTERS = {"ß": {"de": 3}, "ä": {"de": 1}, "ą": {"pl": 3}, "ę": {"pl": 3}, "ł": {"pl": 3}, "ś": {"pl": 2},
           "ż": {"pl": 3}, "ź": {"pl": 3}, "ć": {"pl": 2}, "ń": {"pl": 2}, "ğ": {"tr": 3}, "ı": {"tr": 3},
           "ş": {"tr": 3}, "ã": {"pt": 3}, "õ": {"pt": 3}, "ñ": {"es": 3}, "ij": {"nl": 2}, "è": {"fr": 1, "it": 1},
           "ç": {"fr": 1, "pt": 1, "tr": 1}, "œ": {"fr": 3}}
_WORD = re.compile(r"[^\W\d_]+")
_SIMPLIFIED = frozenset("们这个发学经验开术业与为国时会对动东长门问见说语计设实现产应关项务员华简历负责网络数据库统软")
_TRADITIONAL = frozenset("們這個發學經驗開術業與為國時會對動東長門問見說語計設實現產應關項務員華簡歷負責網絡數據庫統軟")
_PERSIAN = frozenset("پچژگکی")
_URDU = frozenset("ٹڈڑںےۓھ")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")


def detect(texts: Iterable[str]) -> tuple[str, str]:
    """(BCP 47 tag, why) for the language the texts are written in."""
    sample = _sample(texts)
    letters: Counter = Counter()
    for c in sample:
        if c.isalpha():
            s = script(c)
            letters[s] += _WEIGHT.get(s, 1)
    total = sum(letters.values())
    if not total:
        return "en", "no letters to go by: English, the default"
    cjk = letters["Hani"] + letters["Hira"] + letters["Kana"] + letters["Hang"]
    top, count = max(letters.items(), key=lambda kv: kv[1])
    share = lambda n: f"{round(100 * n / total)} % of the letters"  # noqa: E731
    if cjk >= count or cjk > total / 3:
        if letters["Hang"] >= letters["Hani"] + letters["Hira"] + letters["Kana"]:
            return "ko", f"Hangul letters ({share(letters['Hang'])})"
        kana = letters["Hira"] + letters["Kana"]
        if kana and kana >= (letters["Hani"] + kana) / 20:
            return "ja", f"Han characters with Hiragana and Katakana ({share(cjk)})"
        simplified = sum(c in _SIMPLIFIED for c in sample)
        traditional = sum(c in _TRADITIONAL for c in sample)
        if traditional > simplified:
            return "zh-Hant", (f"Han characters ({share(cjk)}), in their traditional forms "
                               f"({traditional} traditional, {simplified} simplified)")
        return "zh-Hans", (f"Han characters ({share(cjk)}), in their simplified forms "
                           f"({simplified} simplified, {traditional} traditional)")
    if top == "Arab":
        persian = sum(c in _PERSIAN for c in sample)
        urdu = sum(c in _URDU for c in sample)
        if urdu:
            return "ur", f"Arabic script ({share(count)}) with Urdu letters (ٹ ڈ ڑ ں ے)"
        if persian:
            return "fa", f"Arabic script ({share(count)}) with Persian letters (پ چ ژ گ ک ی)"
        return "ar", f"Arabic letters ({share(count)})"
    if top == "Hebr":
        return "he", f"Hebrew letters ({share(count)})"
    if top == "Grek":
        return "el", f"Greek letters ({share(count)})"
    if top == "Cyrl":
        if any(c in _UKRAINIAN for c in sample):
            return "uk", f"Cyrillic letters ({share(count)}) with the Ukrainian і, ї, є or ґ"
        return "ru", f"Cyrillic letters ({share(count)}), none of them only Ukrainian"
    if top == "Latn":
        return _latin(sample)
    return "en", f"mostly {top} letters, which cv-builder does not detect: English, the default"


def _sample(texts: Iterable[str]) -> str:
    out: list[str] = []
    size = 0
    for text in texts:
        if not isinstance(text, str):
            continue
        out.append(text)
        size += len(text) + 1
        if size >= SAMPLE:
            break
    return " ".join(out)[:SAMPLE]


def _latin(sample: str) -> tuple[str, str]:
    words = [w.lower() for w in _WORD.findall(sample)]
    scores: Counter = Counter()
    hits: dict[str, Counter] = {tag: Counter() for tag in _COMMON}
    for w in words:
        for tag, common in _COMMON.items():
            if w in common:
                scores[tag] += 1
                hits[tag][w] += 1
    lowered = sample.lower()
    marks: dict[str, list[str]] = {tag: [] for tag in _COMMON}
    for letter, votes in LETTERS.items():
        n = lowered.count(letter)
        if n:
            for tag, worth in votes.items():
                scores[tag] += worth * n
                marks[tag].append(letter)
    if not scores:
        return "en", "Latin letters, but none of the common words of the languages cv-builder detects: English"
    ranked = scores.most_common()
    tag, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if tag != "en" and (best < 3 or best < 1.2 * second):
        if scores["en"] >= second:
            tag, best = "en", scores["en"]
        else:
            return "en", f"Latin letters; the common words are no clear sign ({_scores(ranked)}): English"
    shown = ", ".join(w for w, _ in hits[tag].most_common(4))
    why = f"common {_NAMES[tag]} words ({shown})" if shown else f"{_NAMES[tag]} letters"
    if marks[tag]:
        why += f"{' and letters' if shown else ''} ({', '.join(marks[tag][:4])})"
    return tag, f"{why}; {sum(hits[tag].values())} of {len(words)} words are common {_NAMES[tag]} words"


def _scores(ranked) -> str:
    return ", ".join(f"{tag} {n}" for tag, n in ranked[:3])


_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
          "nl": "Dutch", "pl": "Polish", "tr": "Turkish"}
