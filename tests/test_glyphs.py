"""Glyphs: characters Source Sans lacks fall back to DejaVu Sans (or the family of their script:
tests/test_language_pdf.py); those no shipped font has (Ethiopic, Cherokee) are named."""

from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import PDF
from cv_builder.build import build
from cv_builder.cli import main

DATA = ("name: Ada Lovelace\nsections:\n  about:\n    - 'Checked ✓, arrows → and stars ★ here'\n"
        "    - 'ሰላ text'\n  skills: ['Go ✓', 'Rust']\n")


def test_fallback_font_draws_what_the_main_font_lacks(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(DATA.replace("    - 'ሰላ text'\n", ""), encoding="utf-8")
    result = build(data, output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert pdf.contains_in_order("Checked ✓, arrows → and stars ★ here", "Go ✓ · Rust")
    faces = {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in pdf.fonts()}
    assert "DejaVuSans" in faces, faces
    assert result.warnings == []  # ✓ → ★ need no warning


def test_characters_no_font_has_fail_the_build_naming_field_and_characters(tmp_path, monkeypatch):
    """A PDF with blank boxes for text is broken (and its self-check rejected it): the
    build fails, says which characters of which field, and leaves the previous PDF."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(DATA, encoding="utf-8")
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4 the previous PDF")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == (
        "cv.yaml:5:7: sections.about[1].text: the characters 'ሰ' (U+1230), 'ላ' (U+120B) (Ethiopic) are in none "
        "of the shipped fonts: they would print as blank boxes, and read as nothing\n"
        "    hint: replace them, or add a font that has them to fonts/\n")
    assert result.stdout == ""
    assert (tmp_path / "cv.pdf").read_bytes() == b"%PDF-1.4 the previous PDF"
    validated = CliRunner().invoke(main, ["validate", "cv.yaml"])  # one set of rules: validate says the same
    assert validated.exit_code == 1 and validated.stderr == result.stderr


def test_only_what_is_drawn_fails_the_build(tmp_path, monkeypatch):
    """A character no font has, in a section the layout leaves out, a bullet a variant
    leaves out, or a long form replaced by its short one, prints nowhere: it does not
    fail the build."""
    monkeypatch.chdir(tmp_path)
    text = ("name: Ada Lovelace\nheadline: Works on ሰ things\nsections:\n  about: [Writes ሰላ too.]\n"
            "  experience:\n    - title: Engineer\n      organisation: Analytical Society\n      start: 2020\n"
            "      bullets:\n        - {text: Kept., tags: [lab]}\n"
            "        - {text: Left out Ꭰ., tags: [shop], priority: 3}\n"
            "        - {text: Long form Ꮳ., short: Short form., tags: [lab]}\n"
            "variants:\n  lab: {include: [lab]}\n")
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")

    def failed(*args) -> list[str]:
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf", *args])
        paths = re.findall(r"^\S+: (\S+): the characters? ", result.stderr, re.M)
        assert result.exit_code == (1 if paths else 0), result.output
        return paths

    assert failed() == ["headline", "sections.about[0].text", "sections.experience[0].bullets[1].text",
                        "sections.experience[0].bullets[2].text"]
    # no About (though its ሰ is drawn, in the headline); a page with room for it gives back the
    # bullet of priority 3 and the long form it hides and shortens
    assert failed("--layout", "one-page") == ["headline", "sections.experience[0].bullets[1].text",
                                              "sections.experience[0].bullets[2].text"]
    assert failed("--variant", "lab") == ["headline", "sections.about[0].text",
                                          "sections.experience[0].bullets[2].text"]
    (tmp_path / "cv.yaml").write_text(text.replace("Works on ሰ things", "Works on things"), encoding="utf-8")
    # the one page has room for all: it gives back (and draws) what it first hid (what a variant
    # leaves out is never drawn: above)
    assert failed("--layout", "one-page") == ["sections.experience[0].bullets[1].text",
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


def test_right_to_left_text_in_a_left_to_right_cv_is_drawn_in_its_order(tmp_path, monkeypatch):
    """A Hebrew name and an Arabic line in an English CV: no warning; each is drawn in its
    own fonts, right to left, Arabic joined, and a bidi-aware reader (pdfium) reads the
    letters back in the order they were written."""
    import pypdfium2

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text('name: "דוד כהן"\nheadline: Engineer\nsections:\n'
                                      '  about: ["Plain text.", "مهندس برمجيات"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    text = pypdfium2.PdfDocument("cv.pdf")[0].get_textpage().get_text_range()
    assert text.splitlines()[0] == "דוד כהן"
    assert "مهندس برمجيات" in text and "Plain text." in text
    faces = {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in PDF(tmp_path / "cv.pdf").fonts()}
    assert {"NotoSansHebrew-Bold", "NotoSansArabic-Regular"} <= faces, faces  # (the name's style is bold)


def test_a_script_that_needs_a_shaper_fails_the_build_unless_allowed(tmp_path, monkeypatch):
    """Devanagari drawn letter by letter would be wrong though a font had every glyph: the
    build stops (exit 1) naming the field, the text and the script, and leaves the previous
    PDF; validate says the same. --allow-unsupported-scripts builds it, with a warning."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text('name: Priya Sharma\nheadline: "सॉफ़्टवेयर इंजीनियर"\n'
                                      'sections:\n  about: [Plain text.]\n', encoding="utf-8")
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4 the previous PDF")
    message = ("cv.yaml:2:1: headline: the text is in Devanagari (सॉफ़्टवेयर इंजीनियर), which cv-builder cannot "
               "set correctly: its letters need a shaping engine, and drawn one by one they would come out wrong\n")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr
    assert "hint: write this field in a script cv-builder sets" in result.stderr
    assert (tmp_path / "cv.pdf").read_bytes() == b"%PDF-1.4 the previous PDF"
    validated = CliRunner().invoke(main, ["validate", "cv.yaml"])
    assert validated.exit_code == 1 and validated.stderr.startswith(message)

    allowed = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf", "--allow-unsupported-scripts"])
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr.startswith(message.replace("headline: the text", "warning: headline: the text"))
    assert "as --allow-unsupported-scripts asks" in allowed.stderr
    assert PDF(tmp_path / "cv.pdf").contains_in_order("Priya Sharma", "Plain text.")
    assert CliRunner().invoke(main, ["validate", "cv.yaml", "--allow-unsupported-scripts"]).exit_code == 0


def test_characters_no_font_has_are_allowed_with_the_flag_in_every_build(tmp_path, monkeypatch):
    """The flag also covers characters no shipped font has, in a single build and in
    --all-variants (each variant's file written, with the warning)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nsections:\n  about: ['ሰላ text']\n"
                                      "variants:\n  lab: {description: the lab}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"]).exit_code == 1
    result = CliRunner().invoke(main, ["build", "cv.yaml", "--all-variants", "--output-dir", "out",
                                       "--allow-unsupported-scripts", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "warning: sections.about[0].text: the characters 'ሰ' (U+1230), 'ላ' (U+120B) (Ethiopic)" in result.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
