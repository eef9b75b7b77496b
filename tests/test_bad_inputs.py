"""The corpus of bad inputs: each file gets its exact message, from `validate` and from `build`.

tests/inputs/bad/NAME.yaml holds one mistake; NAME.expected holds what the user
must see (file:line:column, field path, what was found and expected, a hint).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cv_builder.cli import main

BAD = Path(__file__).resolve().parent / "inputs" / "bad"
CASES = sorted(p.name for p in BAD.glob("*.yaml"))


def expected(name: str) -> str:
    return (BAD / name).with_suffix(".expected").read_text(encoding="utf-8")


def test_corpus_is_complete():
    assert len(CASES) >= 50
    for name in CASES:
        assert (BAD / name).with_suffix(".expected").is_file(), f"{name} has no .expected"
    orphans = {p.stem for p in BAD.glob("*.expected")} - {Path(n).stem for n in CASES}
    assert not orphans


@pytest.mark.parametrize("name", CASES)
def test_every_message_names_file_line_and_column(name):
    problems = [line for line in expected(name).splitlines() if not line.startswith(" ")]
    problems = [p for p in problems if not re.fullmatch(r"\d+ problems found\.", p)]
    assert problems
    for line in problems:
        assert re.match(rf"{re.escape(name)}:\d+:\d+: ", line), line


@pytest.mark.parametrize("name", CASES)
def test_validate_prints_the_expected_message(name, monkeypatch):
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(main, ["validate", name])
    assert result.exit_code == 1, result.output
    assert result.stderr == expected(name)
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", CASES)
def test_build_prints_the_same_and_writes_nothing(name, monkeypatch, tmp_path):
    monkeypatch.chdir(BAD)
    out = tmp_path / "out" / "cv.pdf"
    result = CliRunner().invoke(main, ["build", name, "--output", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stderr == expected(name)
    assert not out.parent.exists() or not any(out.parent.iterdir())


# -- a few messages, spelled out: what a hurried user reads -------------------------------------
SPOT_CHECKS = {
    "unknown-section.yaml": ["unknown-section.yaml:3:3: sections.publicatons:", "did you mean `publications`?"],
    "month-13.yaml": ["month-13.yaml:5:7: sections.experience[0].start: month 13 does not exist",
                      "found '1842-13'", "expected a month from 01 to 12"],
    "end-before-start.yaml": ["end-before-start.yaml:6:7: sections.experience[0].end:",
                              "the end (1842) is before the start (Sep 1843)"],
    "tab-indent.yaml": ["tab-indent.yaml:3:1: a tab character is not allowed here", "spaces"],
    "unclosed-double-quote.yaml": ["unclosed-double-quote.yaml:2:11:", "never closed"],
    "duplicate-key.yaml": ["duplicate-key.yaml:5:1: the key `headline` appears twice", "first at line 2"],
    "alias-bomb.yaml": ["alias-bomb.yaml:6:8: the alias `*e`", "more than 100,000 values"],
    "not-utf8.yaml": ["not-utf8.yaml:3:13: byte 0xe9 is not UTF-8 text"],
    "empty.yaml": ["empty.yaml:1:1: the file is empty"],
    "top-level-list.yaml": ["top-level-list.yaml:1:1: the top level of the file is a list"],
    "top-level-scalar.yaml": ["top-level-scalar.yaml:1:1: the top level of the file is a single value"],
    "python-tag.yaml": ["python-tag.yaml:1:7: the YAML tag `!!python/object/apply:os.system` is not allowed"],
    "link-scheme-javascript.yaml": ["sections.about[0].text: the link `javascript:alert(document.cookie)`",
                                    "only http, https and mailto"],
    "many-problems.yaml": ["emial", "titel", "month 13", "ftp://example.org", "out of range",
                           "publicatons", "6 problems found."],
}


@pytest.mark.parametrize("name,phrases", sorted(SPOT_CHECKS.items()))
def test_spot_checks(name, phrases):
    text = expected(name)
    for phrase in phrases:
        assert phrase in text, (phrase, text)


def test_traceback_only_with_debug(monkeypatch):
    monkeypatch.chdir(BAD)
    quiet = CliRunner().invoke(main, ["validate", "month-13.yaml"])
    assert quiet.exit_code == 1 and "Traceback" not in quiet.output
    loud = CliRunner().invoke(main, ["--debug", "validate", "month-13.yaml"])
    assert loud.exit_code == 1
    assert type(loud.exception).__name__ == "CVError"  # re-raised, so Python prints the traceback


def test_a_comment_glued_to_a_value_is_a_warning_and_the_pdf_is_built(monkeypatch, tmp_path):
    """`Ranked #1` is read by YAML as `Ranked` and a comment: the build says so, where.
    A comment with a space after its # (`# note`) and a # inside a word (`C#`) are fine."""
    monkeypatch.chdir(tmp_path)
    Path("cv.yaml").write_text("name: Ada Lovelace\nheadline: Ranked #1 on the leaderboard\nsections:\n"
                               "  about: [Programmer.]   # a note\n  skills: [C#, Python]\n"
                               "  experience:\n    - title: Engineer\n      organisation: Analytical\n"
                               "        Society #2\n      start: 2020\n")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 0, result.output
    assert Path("cv.pdf").exists()
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [
        "cv.yaml:2:18: warning: `#1 on the leaderboard` is read as a YAML comment, so it is not part of the text "
        "before it",
        "cv.yaml:9:17: warning: `#2` is read as a YAML comment, so it is not part of the text before it"]
    assert "put the whole value in quotes" in result.output


def build_with_full_layout_line(monkeypatch, tmp_path, key: str, line: str):
    """Build the seed CV with a copy of the full layout (mine.yaml) whose `key:` line is
    replaced by `line`; returns the CLI result and the line number of that line."""
    from conftest import DATA, ROOT

    monkeypatch.chdir(tmp_path)
    text = (ROOT / "layouts" / "full.yaml").read_text()
    Path("mine.yaml").write_text(re.sub(rf"(?m)^{key}: .*$", line, text))
    result = CliRunner().invoke(main, ["build", str(DATA), "--layout", "mine.yaml", "-o", "cv.pdf"])
    return result, 1 + text[:text.index(f"\n{key}:") + 1].count("\n")


def test_a_comment_glued_to_a_value_in_a_layout_is_a_warning_too(monkeypatch, tmp_path):
    result, line = build_with_full_layout_line(monkeypatch, tmp_path, "description", "description: Mine #1 layout")
    assert result.exit_code == 0, result.output
    assert f"mine.yaml:{line}:19: warning: `#1 layout` is read as a YAML comment" in result.stderr


def test_an_unknown_font_family_in_a_layout_says_where(monkeypatch, tmp_path):
    result, line = build_with_full_layout_line(monkeypatch, tmp_path, "fonts", "fonts: {body: comic-sans}")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"mine.yaml:{line}:9: fonts.body: unknown font family `comic-sans`\n"
                                    "    hint: did you mean `source-sans`? families: ")


def test_an_empty_layout_or_missing_variants_file_gets_advice_for_what_it_is(monkeypatch, tmp_path):
    from conftest import DATA

    monkeypatch.chdir(tmp_path)
    Path("empty.yaml").write_text("# nothing yet\n")
    result = CliRunner().invoke(main, ["build", str(DATA), "--layout", "empty.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == ("empty.yaml:1:1: the file is empty\n"
                             "    hint: start from a copy of layouts/full.yaml and change what you like\n")
    Path("cv.yaml").write_text("name: Ada\nsections:\n  about: [x]\nvariants: missing.yaml\n")
    result = CliRunner().invoke(main, ["validate", "cv.yaml"])
    assert result.exit_code == 1
    assert "missing.yaml: the file does not exist\n    hint: create the file beside the CV data" in result.stderr
