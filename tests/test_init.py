"""`cv-builder init`: a starter file with every section kind, commented, that builds as it is."""

import subprocess
import sys

import pytest

from conftest import ROOT, layouts

from cv_builder import schema
from cv_builder.kinds import KINDS


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("init")
    r = run("init", cwd=folder)
    assert r.returncode == 0, r.stderr
    path = folder / "data" / "cv.yaml"
    assert r.stdout == ("Wrote data/cv.yaml: a starter CV with one section of every kind. "
                        "Build it with: cv-builder build data/cv.yaml\n")
    return path


def test_every_kind_valid_without_warnings(starter):
    cv = schema.load(starter)
    assert {s.kind for s in cv.sections} == set(KINDS)
    assert cv.warnings == []
    assert cv.name == "Jane Doe"


def test_first_line_points_editors_at_the_schema(starter, tmp_path):
    first = starter.read_text().splitlines()[0]
    schema_file = (starter.parent / first.split("$schema=", 1)[1]).resolve()
    assert first.startswith("# yaml-language-server: $schema=")
    assert schema_file == (ROOT / "schema" / "cv.schema.json").resolve()


def test_commented(starter):
    lines = starter.read_text().splitlines()
    comments = [line for line in lines if line.lstrip().startswith("#")]
    assert len(comments) >= 15
    for kind in KINDS:  # each kind is introduced by a comment that names it
        assert any(line.strip().startswith(f"# {kind}:") for line in comments), kind


@pytest.mark.parametrize("layout", layouts())
def test_builds_in_every_layout(build_pdf, starter, layout):
    pdf, result = build_pdf(starter, layout)
    assert result.warnings == []
    assert pdf.text.startswith("Jane Doe Backend engineer who makes slow systems fast.")
    assert not pdf.missing("Example Corp", "Staff Engineer, Ingestion", "tinyq",
                           "Measuring Before Tuning: A Case Study in Ingestion Latency", "Rust")


def test_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("name: Me\n")
    r = run("init", str(target))
    assert r.returncode == 1
    assert r.stderr == (f"{target}: the file already exists; nothing was written\n"
                        "    hint: write to another path, or pass --force to replace it\n")
    assert target.read_text() == "name: Me\n"
    r = run("init", str(target), "--force")
    assert r.returncode == 0
    assert schema.load(target).name == "Jane Doe"
