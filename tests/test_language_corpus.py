"""The corpus of CVs in other languages (tests/inputs/languages/): what holds of each
before the renderer uses the language — valid, in its language, titled in it, its
words for "present" read as ongoing, its language detected from its own text, every
character in a shipped font. (Building each in every layout, reading its text layer
back and comparing golden images come with the renderer's wiring.)"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from cv_builder import layout, schema
from cv_builder.lang import resolve
from cv_builder.lang.detect import detect
from cv_builder.lang.scripts import fallback_chain, scripts, unsupported
from cv_builder.kinds import KINDS

CORPUS = Path(__file__).resolve().parent / "inputs" / "languages"
FILES = sorted(CORPUS.glob("*.yaml"))
IDS = [f.stem for f in FILES]


def load(path: Path):
    return schema.load(path)


def test_the_corpus_covers_the_scripts_and_languages():
    assert len(FILES) >= 10
    found = {resolve(p.stem).script for p in FILES}
    assert {"Latn", "Cyrl", "Grek", "Hans", "Jpan", "Kore", "Arab", "Hebr"} <= found
    diacritics = [p.stem for p in FILES if resolve(p.stem).script == "Latn"]
    assert {"de", "fr", "pl", "tr"} <= set(diacritics)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_cv_is_valid_in_its_language_with_every_kind(path):
    cv = load(path)
    assert cv.lang == path.stem
    assert not [w for w in cv.warnings if w.path == "language"]  # the language has all its words
    assert {s.kind for s in cv.sections} == set(KINDS)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in cv.sections:
        assert "title" not in (raw["sections"][section.id] if isinstance(raw["sections"][section.id], dict) else {})
        assert section.title == cv.language.title(section.id), section.id


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_cv_s_words_for_present_are_ongoing(path):
    cv = load(path)
    language = cv.language
    ends = [item.end for s in cv.sections for item in s.items if getattr(item, "end", None)]
    ongoing = [e for e in ends if e.present]
    assert len(ongoing) >= 2  # the current job and the trajectory's last period
    raw = path.read_text(encoding="utf-8")
    for end in ongoing:
        assert f"end: {end.label}" in raw  # written in the CV's own language …
        assert language.date(end) == end.label  # … and printed as written
    current = next(item for s in cv.sections if s.id == "experience" for item in s.items)
    shown = language.date_range(current.start, current.end)
    assert shown.endswith(current.end.label) and shown != current.end.label
    assert str(current.start.year) in shown


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_detection_finds_each_cv_s_language_from_its_text(path):
    cv = load(path)
    tag, why = detect(text for text, _, _ in cv.strings)
    assert tag == path.stem, why


@lru_cache(maxsize=None)
def _cmap(family: str) -> frozenset:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(str(layout.family(family).path("regular"))).charToGlyph)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_character_is_in_a_shipped_font(path):
    """No blank boxes once the renderer follows the fallback chain: each character is in
    the look's font or in a family of the chain (Arabic letters as :func:`bidi.shape`
    draws them: their joined forms)."""
    from cv_builder.lang import bidi

    cv = load(path)
    texts = [text for text, _, _ in cv.strings]
    chain = fallback_chain(texts, ["dejavu-sans"])
    covered = set(_cmap("source-sans"))
    for family in chain:
        covered |= _cmap(family)
    missing = {c for text in texts for c in bidi.shape(text) if ord(c) not in covered and not c.isspace()}
    assert not missing, sorted(missing)
    assert not unsupported(cv.strings)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_a_cv_needs_exactly_the_fonts_of_its_scripts(path):
    cv = load(path)
    texts = [text for text, _, _ in cv.strings]
    chain = fallback_chain(texts, ["dejavu-sans"])
    found = set().union(*(scripts(t) for t in texts))
    assert ("droid-sans-fallback" in chain) == bool(found & {"Hani", "Hira", "Kana", "Hang"})
    assert ("noto-sans-arabic" in chain) == ("Arab" in found)
    assert ("noto-sans-hebrew" in chain) == ("Hebr" in found)
