"""`validate` and `build` hold a file to one set of rules (issue 19): a file that validates
builds (plainly and as each of its variants), and a file that builds validates. The
mutants below are the disagreements the harness (tests/mutants.py) found; a short
random run keeps the harness working."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import mutants
from conftest import DATA
from cv_builder.cli import main

# (seed of the run, mutant): what each was
FOUND = {
    (1, 223): "a variant's sections name a section that does not exist (built, failed validate)",
    (1, 834): "a variant's layout is a file that does not exist",
    (1, 1482): "a variant includes a tag that nothing carries",
    (1, 1801): "a variant includes a tag that nothing carries (with an emoji)",
    (1, 1898): "a variant's sections name a section that does not exist",
    (1, 990): "CJK in a tag that selects (never drawn): validate failed it, the build drew nothing of it",
    (1, 1103): "CJK in a short form that no build draws",
    (1, 1544): "Japanese in a tag that selects",
    (2, 58): "a name of 400 words: validated, and the one-page variant could not fit it",
}


def _mutant(seed: int, index: int) -> mutants.Mutant:
    for mutant in mutants.data_mutants(index + 1, seed):
        if mutant.seed == index:
            return mutant
    raise AssertionError("no such mutant")


@pytest.mark.parametrize("seed,index", sorted(FOUND), ids=[f"{s}-{i}" for s, i in sorted(FOUND)])
def test_the_disagreements_found_are_gone(tmp_path, seed, index):
    mutant = _mutant(seed, index)
    said = mutants.check(mutant, tmp_path)
    assert not mutants.disagree(said), f"{FOUND[seed, index]} ({mutant.edit}): {said}"


def test_a_short_random_run_finds_no_disagreement(tmp_path):
    found = mutants.run(list(mutants.data_mutants(30, seed=11)) + list(mutants.look_mutants(10, seed=11)))
    assert not found, [(m.kind, m.seed, m.edit, said) for m, said in found]


def _cv(tmp_path, text: str):
    data = tmp_path / "cv.yaml"
    data.write_text(text, encoding="utf-8")
    return data


def _both(tmp_path, data):
    runner = CliRunner()
    return (runner.invoke(main, ["validate", str(data)]),
            runner.invoke(main, ["build", str(data), "-o", str(tmp_path / "cv.pdf")]))


def test_a_broken_variant_fails_a_plain_build_as_it_fails_validate(tmp_path):
    data = _cv(tmp_path, DATA.read_text(encoding="utf-8").replace("include: [research]", "include: [reserch]"))
    checked, built = _both(tmp_path, data)
    assert checked.exit_code == built.exit_code == 1
    message = "variants.research-scientist.include[0]: the tag `reserch` is on no section, item or bullet"
    assert message in checked.stderr and message in built.stderr
    assert not (tmp_path / "cv.pdf").exists()


@pytest.mark.parametrize("where,text", [
    ("name", "name: {long}\nsections:\n  about: [Text.]\n"),
    ("sections.about.title", "name: Ada Lovelace\nsections:\n  about:\n    title: {long}\n    items: [Text.]\n"),
])
def test_a_name_or_title_of_a_paragraph_is_refused_by_both(tmp_path, where, text):
    """A section title of ~1,000 characters built, and the self-check did not find it in the
    text layer; a name of 400 words validated, and no one-page layout could fit it."""
    data = _cv(tmp_path, text.format(long="Word " * 40))
    checked, built = _both(tmp_path, data)
    assert checked.exit_code == built.exit_code == 1
    for result in (checked, built):
        assert f"{where}: this is 199 characters long; a " in result.stderr
        assert "holds at most 150" in result.stderr
    data = _cv(tmp_path, text.format(long="Word " * 29))  # 144 characters: fine
    checked, built = _both(tmp_path, data)
    assert checked.exit_code == built.exit_code == 0, checked.output + built.output


@pytest.mark.parametrize("where,text", [
    ("name", 'name: "\\u200b"\nsections:\n  about: [Text.]\n'),
    ("sections.about.title", 'name: Ada Lovelace\nsections:\n  about:\n    title: "\\u200b \\u200c"\n'
                             "    items: [Text.]\n"),
])
def test_a_name_or_title_that_prints_nothing_is_refused_by_both(tmp_path, where, text):
    """A name of one zero-width space validated; its PDF had no text, and the check found no name."""
    checked, built = _both(tmp_path, _cv(tmp_path, text))
    assert checked.exit_code == built.exit_code == 1
    for result in (checked, built):
        assert f"{where}: the " in result.stderr and "has no visible characters" in result.stderr
