"""The corpus of CVs in other languages (tests/inputs/languages/): each valid, in its
language, titled in it, its words for "present" read as ongoing, its language detected
from its own text, every character in a shipped font; and each built in every layout,
its self-check clean, its text layer read back (by pdfium, which runs the bidi algorithm
as readers do) in logical order with every character mapped. The renderer's details per
script are in tests/test_language_pdf.py.
"""

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


LAYOUTS = sorted(p.stem for p in (CORPUS.parents[2] / "layouts").glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cv_builder.build import build

    folder = tmp_path_factory.mktemp("corpus")
    cache = {}

    def make(path: Path, layout_name: str):
        key = (path.stem, layout_name)
        if key not in cache:
            cache[key] = build(path, layout_name, folder / f"{path.stem}-{layout_name}.pdf")
        return cache[key]

    return make


@pytest.mark.parametrize("layout_name", LAYOUTS)
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_cv_builds_in_every_layout_and_reads_back(built, path, layout_name):
    """No warning (the self-check found nothing wrong), the pages the layout asks for, and
    the text layer: the name, then every section title the layout shows, in order; no
    character unmapped (U+FFFD) and no Arabic joined form (each reads as its letter)."""
    import re

    import pypdfium2

    result = built(path, layout_name)
    assert result.warnings == [], [p.format() for p in result.warnings]
    spec = layout.load(layout_name)
    if spec.fit and spec.fit.pages:
        assert result.pages <= spec.fit.pages
    pages = pypdfium2.PdfDocument(str(result.output))
    assert len(pages) == result.pages
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pages)
    assert not re.search("[\ufffd\ufb50-\ufdff\ufe70-\ufefc]", text)
    cv = load(path)
    assert cv.name in text[:len(cv.name) + 40]  # at the top of the first page
    shown = [t for t in _titles(result.output) if t]
    assert shown and all(t in text for t in shown), [t for t in shown if t not in text]
    for s in cv.sections:
        if s.title in shown and s.kind == "text":
            words = s.items[0].text.plain.split()
            assert " ".join(words[:3]) in text if len(words) > 3 else s.items[0].text.plain[:8] in text


def _titles(pdf_path) -> list[str]:
    """The section titles a PDF's outline lists (the sections the layout showed)."""
    import pypdf

    return [item.title for item in pypdf.PdfReader(str(pdf_path)).outline if not isinstance(item, list)]
