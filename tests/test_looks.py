"""Looks as data: every look on any page count, looks that extend looks, structures
(layout classes) with their options, font families as YAML, and the errors a
mistake in any of them gets."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from conftest import DATA, LAYOUTS, PDF
from cv_builder import layout as looks
from cv_builder.build import build
from cv_builder.cli import main
from cv_builder.errors import CVError

LOOKS = [name for name in LAYOUTS if looks.load(name).fit is None]  # the looks, less their page-count forms


@pytest.mark.parametrize("pages", [1, 2])
@pytest.mark.parametrize("look", LOOKS)
def test_every_look_builds_on_one_and_on_two_pages(tmp_path, look, pages):
    result = build(DATA, look, tmp_path / "cv.pdf", pages=pages)
    pdf = PDF(result.output)
    assert len(pdf.pages) == result.pages <= pages
    assert pdf.text.startswith("Dustin Podell")
    for phrase in ("Black Forest Labs", "Stability AI", "SDXL"):
        assert phrase in pdf.text


def test_pages_1_of_full_is_the_one_page_layout(tmp_path):
    """one-page.yaml is `extends: full` and `pages: 1`: the same PDF, byte for byte."""
    a = build(DATA, "full", tmp_path / "a.pdf", pages=1)
    b = build(DATA, "one-page", tmp_path / "b.pdf")
    assert a.output.read_bytes() == b.output.read_bytes()
    assert a.output.name == "a.pdf"


def test_the_file_name_says_the_page_count_asked_for(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(DATA), "--layout", "sidebar", "--pages", "1"])
    assert result.exit_code == 0, result.output
    assert "Built build/Dustin_Podell_CV_sidebar_1-page.pdf: 1 page" in result.output


def test_a_sidebar_fits_both_columns_on_one_page(tmp_path):
    """Page 1 of the sidebar look: the sidebar's sections on the left band, the rest beside
    them, nothing below the bottom margin in either column."""
    result = build(DATA, "sidebar", tmp_path / "cv.pdf", pages=1)
    look = looks.load("sidebar", 1)
    with pdfplumber.open(str(result.output)) as pdf:
        page = pdf.pages[0]
        bottom = float(page.height) * (1 - look.margins.bottom) + 1
        assert max(c["bottom"] for c in page.chars) <= bottom
        split = float(page.width) * look.margins.side + (float(page.width) * (1 - 2 * look.margins.side)
                                                          * look.structure.width)
        side = " ".join(w["text"] for w in page.extract_words() if w["x1"] <= split + 1)
        main_ = " ".join(w["text"] for w in page.extract_words() if w["x0"] > split + 1)
    assert "glance" in side and "Technical" in side and "Experience" not in side
    assert "Experience" in main_ and "Publications" in main_


def test_classic_sets_dates_in_a_column_on_the_left(tmp_path):
    result = build(DATA, "classic", tmp_path / "cv.pdf")
    with pdfplumber.open(str(result.output)) as pdf:
        words = pdf.pages[0].extract_words()
    date = next(w for w in words if w["text"] == "2024")  # Black Forest Labs, 2024 – Present
    org = next(w for w in words if w["text"] == "Black" and abs(w["bottom"] - date["bottom"]) < 1.5)
    assert date["x1"] < org["x0"]  # on the same baseline, the date first
    fonts = {f.split("+")[-1] for f in PDF(result.output).fonts()}
    assert all(f.startswith("SourceSerif4") for f in fonts), fonts


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def test_a_look_says_only_what_it_changes(tmp_path):
    path = write(tmp_path, "mine", "extends: classic\ncolors: {accent: '#2F6B3F'}\nsizes: {body: 10.5}\n")
    look, base = looks.load(str(path)), looks.load("classic")
    assert look.colors.accent == "#2F6B3F" and look.sizes.body == 10.5
    assert look.colors.text == base.colors.text and look.sizes.name == base.sizes.name  # merged, key by key
    assert look.structure.name == "date-column" and look.fonts.body == "source-serif"


def test_a_look_without_extends_extends_full(tmp_path):
    look = looks.load(str(write(tmp_path, "bare", "description: mine\nsections: [about, kind:entries]\n")))
    assert look.styles == looks.load("full").styles
    assert look.sections == ["about", "kind:entries"]


def test_own_sections_win_over_the_one_page_settings_of_the_look_extended(tmp_path):
    """one_page: of full picks sections; a look extending one-page that lists its own shows those."""
    path = write(tmp_path, "mine", "extends: one-page\nsections: [about, experience]\n")
    assert looks.load(str(path)).sections == ["about", "experience"]
    result = build(DATA, str(path), tmp_path / "cv.pdf")
    text = PDF(result.output).text
    assert result.pages == 1 and "About" in text and "Publications" not in text


def test_sections_by_kind(tmp_path):
    path = write(tmp_path, "kinds", "sections: [kind:projects, about]\n")
    text = PDF(build(DATA, str(path), tmp_path / "cv.pdf").output).text
    assert text.index("Shipped models") < text.index("About")
    assert "Experience" not in text and "Publications" not in text


@pytest.mark.parametrize("text, message", [
    ("structure: columns\n", "structure.class: unknown structure `columns`"),
    ("structure: {class: sidebar, width: 0.9}\n", "structure.width: the number is out of range"),
    ("structure: {class: date-column, colour: left}\n", "structure.colour: unknown field `colour`"),
    ("fonts: {body: comic-sans}\n", "fonts.body: unknown font family `comic-sans`"),
    ("fallback: [nope]\n", "fallback[0]: unknown font family `nope`"),
    ("fonts: {heading: dejavu-sans}\n", "the style `section` is set in dejavu-sans semibold, and the family has no semibold"),
    ("styles: {body: {size: huge}}\n", "styles.body.size: unknown value `huge`"),
    ("font: source-sans\n", "unknown field `font`"),
    ("extends: nowhere\n", "unknown layout `nowhere`"),
])
def test_mistakes_in_a_look_say_where_and_what(tmp_path, text, message):
    path = write(tmp_path, "bad", text)
    with pytest.raises(CVError) as err:
        looks.load(str(path))
    shown = "\n".join(p.format() for p in err.value.problems)
    assert message in shown
    assert "bad.yaml:" in shown


def test_looks_that_extend_each_other_in_a_circle(tmp_path):
    write(tmp_path, "a", "extends: b.yaml\n")
    path = write(tmp_path, "b", "extends: a.yaml\n")
    with pytest.raises(CVError) as err:
        looks.load(str(path))
    assert "extend each other in a circle (b -> a -> b)" in err.value.problems[0].message


def test_a_font_family_is_a_yaml_file_and_its_mistakes_are_located(tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT

    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (tmp_path / "layouts").mkdir()
    shutil.copy(ROOT / "layouts" / "full.yaml", tmp_path / "layouts" / "full.yaml")
    monkeypatch.setenv("CV_BUILDER_HOME", str(tmp_path))
    looks._FAMILIES.clear()
    looks._CACHE.clear()
    (fonts / "source-sans.yaml").write_text("name: Source Sans 3\nstyles:\n  regular: SourceSans3-Regular.ttf\n"
                                            "  bold: Missing-Bold.ttf\n")
    try:
        with pytest.raises(CVError) as err:
            looks.load("full")
        problem = err.value.problems[0]
        assert "the file of the style `bold` is not in" in problem.message
        assert str(problem.position).endswith("source-sans.yaml:4:3") and problem.path == "styles.bold"
    finally:
        looks._FAMILIES.clear()
        looks._CACHE.clear()


def test_cv_builder_layouts_lists_each_look_with_its_structure():
    result = CliRunner().invoke(main, ["layouts"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert lines["classic"].endswith("(date-column)") and lines["sidebar"].endswith("(sidebar)")
    assert lines["one-page"].endswith("(date-column, 1 page)")
