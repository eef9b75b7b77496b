"""Glyphs: characters Source Sans lacks fall back to DejaVu Sans; those no shipped font has are named."""

from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import PDF
from cv_builder.build import build
from cv_builder.cli import main

DATA = ("name: Ada Lovelace\nsections:\n  about:\n    - 'Checked ✓, arrows → and stars ★ here'\n"
        "    - '中文 text'\n  skills: ['Go ✓', 'Rust']\n")


def test_fallback_font_draws_what_the_main_font_lacks(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(DATA, encoding="utf-8")
    result = build(data, output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert pdf.contains_in_order("Checked ✓, arrows → and stars ★ here", "Go ✓ · Rust")
    faces = {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in pdf.fonts()}
    assert "DejaVuSans" in faces, faces
    assert [w.path for w in result.warnings] == ["sections.about[1].text"]  # ✓ → ★ need no warning


def test_characters_no_font_has_are_named_with_their_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 0
    assert result.stderr == (
        "cv.yaml:5:7: warning: sections.about[1].text: the characters '中' (U+4E2D), '文' (U+6587) are in none "
        "of the shipped fonts and would print as blank boxes\n"
        "    hint: replace them, or add a font that has them to fonts/\n")
    assert result.stdout.startswith("Built cv.pdf: 1 page")


def test_only_what_is_drawn_is_warned_about(tmp_path, monkeypatch):
    """A character no font has, in a section the layout leaves out, a bullet a variant
    leaves out, or a long form replaced by its short one, prints nowhere: no warning."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(
        "name: Ada Lovelace\nheadline: Works on 中 things\nsections:\n  about: [Writes 中文 too.]\n  experience:\n"
        "    - title: Engineer\n      organisation: Analytical Society\n      start: 2020\n      bullets:\n"
        "        - {text: Kept., tags: [lab]}\n        - {text: Left out 日本., tags: [shop], priority: 3}\n"
        "        - {text: Long form 한국., short: Short form., tags: [lab]}\n"
        "variants:\n  lab: {include: [lab]}\n", encoding="utf-8")

    def warned(*args) -> list[str]:
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf", *args])
        assert result.exit_code == 0, result.output
        return re.findall(r"warning: (\S+):", result.stderr)

    assert warned() == ["headline", "sections.about[0].text", "sections.experience[0].bullets[1].text",
                        "sections.experience[0].bullets[2].text"]
    # no About (though its 中 is drawn, in the headline); a page with room for it gives back the
    # bullet of priority 3 and the long form it hides and shortens
    assert warned("--layout", "one-page") == ["headline", "sections.experience[0].bullets[1].text",
                                              "sections.experience[0].bullets[2].text"]
    assert warned("--variant", "lab") == ["headline", "sections.about[0].text",
                                          "sections.experience[0].bullets[2].text"]


def test_characters_beyond_the_basic_plane_read_back(tmp_path):
    """😀 (U+1F600) is drawn in DejaVu Sans; ReportLab writes its Unicode map entry as
    five hex digits (no UTF-16), so parsers read nothing for it: it must read back."""
    import pdfplumber

    (tmp_path / "cv.yaml").write_text('name: Ada Lovelace\nsections:\n  about: ["Loves 😀 and ✓ marks."]\n',
                                      encoding="utf-8")
    result = build(tmp_path / "cv.yaml", "full", tmp_path / "cv.pdf")
    assert result.warnings == []  # drawn (by the fallback font), and the self-check found nothing wrong
    assert "Loves 😀 and ✓ marks." in PDF(tmp_path / "cv.pdf").text
    with pdfplumber.open(str(tmp_path / "cv.pdf")) as pdf:
        assert "Loves 😀 and ✓ marks." in pdf.pages[0].extract_text()


def test_right_to_left_text_is_a_warning(tmp_path, monkeypatch):
    """Hebrew and Arabic come out left to right (reversed, Arabic unjoined): the build says so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text('name: "דוד כהן"\nheadline: Engineer\nsections:\n'
                                      '  about: ["Plain text.", "مهندس برمجيات"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 0
    assert re.findall(r"warning: (\S+): right-to-left text", result.stderr) == ["name", "sections.about[1].text"]
