"""The corpus of CVs in other languages (tests/inputs/languages/): each valid, in its
language, titled in it, its words for "present" read as ongoing, its language detected
from its own text, every character in a shipped font; and each built in every layout,
its self-check clean, its text layer read back (by pdfium, which runs the bidi algorithm
as readers do) in logical order with every character mapped. The renderer's details per
script are in tests/test_language_pdf.py.
"""

from __future__ import annotations

import re
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


# -- cover letters ------------------------------------------------------------------------
#: the date each corpus letter is dated (2025-03-14) as its language writes a day in full (CLDR)
LETTER_DATES = {"ar": "14 مارس 2025", "de": "14. März 2025", "el": "14 Μαρτίου 2025", "es": "14 de marzo de 2025",
                "fr": "14 mars 2025", "he": "14 במרץ 2025", "ja": "2025年3月14日", "ko": "2025년 3월 14일",
                "pl": "14 marca 2025", "ru": "14 марта 2025 г.", "tr": "14 Mart 2025", "uk": "14 березня 2025 р.",
                "zh-Hans": "2025年3月14日", "zh-Hant": "2025年3月14日"}
#: every letter in the full look; those of the scripts that change the layout (right to left:
#: mirrored; Chinese and Japanese: broken between characters) in every look a letter is set in
LETTER_CASES = [(p, "full") for p in FILES] + [
    (p, look) for p in FILES if resolve(p.stem).rtl or resolve(p.stem).line_breaking == "cjk"
    for look in ("classic", "sidebar", "ats")]


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    from cv_builder import letter

    folder = tmp_path_factory.mktemp("letters")
    cache = {}

    def make(path: Path, look: str):
        if (path, look) not in cache:
            cache[path, look] = letter.build(path, look, folder / f"{path.stem}-{look}.pdf")
        return cache[path, look]

    return make


def _pdfium_text(path) -> str:
    import pypdfium2

    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pypdfium2.PdfDocument(str(path)))


@pytest.mark.parametrize("path, look", LETTER_CASES, ids=[f"{p.stem}-{look}" for p, look in LETTER_CASES])
def test_each_cv_s_letter_is_in_its_language(letters, path, look):
    """The letter of each corpus CV: one page, a clean self-check, dated as its language
    writes a day, titled in it (“Anschreiben”, “求职信”), /Lang its tag, and its text read back
    (by pdfium, with its bidi step) as written: the salutation, each paragraph's opening
    words, the closing and the signature, in that order."""
    import pypdf

    result = letters(path, look)
    assert result.warnings == [] and result.pages == 1, [p.format() for p in result.warnings]
    cv = load(path)
    language = cv.language
    text = _pdfium_text(result.output)
    assert not re.search("[\ufffd\ufb50-\ufdff\ufe70-\ufefc]", text)
    assert " ".join(LETTER_DATES[path.stem].split()) in text
    letter = cv.letter
    said = [letter.salutation.plain, *(p.text.plain for p in letter.paragraphs), letter.closing.plain, cv.name]
    at = 0
    for part in said:
        pieces = part.split()
        words = pieces[0][:6] if language.line_breaking == "cjk" or len(pieces) == 1 else " ".join(pieces[:3])
        found = text.find(words, at)
        assert found >= 0, (words, text[at:at + 200])
        at = found + len(words)
    reader = pypdf.PdfReader(str(result.output))
    assert reader.metadata.title == f"{cv.name} – {language.letter}"
    assert reader.trailer["/Root"]["/Lang"] == language.tag


RTL_LETTERS = [p for p in FILES if resolve(p.stem).rtl]


@pytest.mark.parametrize("look", ["full", "classic"])
@pytest.mark.parametrize("path", RTL_LETTERS, ids=[p.stem for p in RTL_LETTERS])
def test_a_right_to_left_letter_is_mirrored(letters, build_pdf, path, look):
    """The mirror of an English letter: the recipient and the text on the right, the date on
    the left; the text stands in the text column, left of the column of dates, as the CV's
    entries do (both looks have a column of dates)."""
    import pdfplumber

    result = letters(path, look)
    cv = load(path)
    with pdfplumber.open(str(result.output)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        width = page.width
    date_year = [w for w in words if w["text"] == "2025"]
    assert len(date_year) == 1
    body = [w for w in words if w["top"] > date_year[0]["bottom"]]  # the subject, the text, the signature
    left, right = min(w["x0"] for w in body), max(w["x1"] for w in body)
    assert right > width / 2 and date_year[0]["x0"] < left + 40, (date_year[0], left, right)
    with pdfplumber.open(str(build_pdf(path, look)[0].path)) as pdf:  # the CV in the same look
        cv_words = [w for w in pdf.pages[0].extract_words() if w["top"] > 200]
        cv_right = max(w["x1"] for w in cv_words if w["x1"] < width - 1)
    # the CV's dates stand at the right, its text left of them
    text_right = max(w["x1"] for w in body)
    assert text_right < cv_right - 80, (text_right, cv_right)
