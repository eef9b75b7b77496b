"""`cv-builder init`: a starter file with every section kind, commented, that builds as it is."""

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

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
    assert r.stdout == ("Wrote data/cv.yaml: a starter CV with one section of every kind (and data/cv.schema.json, "
                        "the JSON Schema that editors check it with). Build it with: cv-builder build data/cv.yaml\n")
    return path


def test_every_kind_valid_without_warnings(starter):
    cv = schema.load(starter)
    assert {s.kind for s in cv.sections} == set(KINDS)
    assert cv.warnings == []
    assert cv.name == "Jane Doe"


def test_first_line_points_editors_at_the_schema_written_beside_it(starter):
    """The reference is the file's neighbour, so it holds wherever cv-builder is installed
    and wherever the folder goes; the schema is the one `cv-builder schema` prints."""
    assert starter.read_text().splitlines()[0] == "# yaml-language-server: $schema=cv.schema.json"
    written = (starter.parent / "cv.schema.json").read_text()
    assert written == run("schema").stdout
    jsonschema.Draft202012Validator(json.loads(written)).validate(yaml.safe_load(starter.read_text()))


def test_an_older_schema_is_replaced_another_file_never(tmp_path):
    older = tmp_path / "old" / "cv.schema.json"
    older.parent.mkdir()
    older.write_text(json.dumps({"$id": json.loads(run("schema").stdout)["$id"], "title": "an older version"}))
    assert run("init", "cv.yaml", cwd=older.parent).returncode == 0
    assert older.read_text() == run("schema").stdout

    other = tmp_path / "other" / "cv.schema.json"
    other.parent.mkdir()
    other.write_text('{"$id": "https://example.org/someone-else.json"}')
    r = run("init", "cv.yaml", cwd=other.parent)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ("cv.schema.json: this is not a JSON Schema of cv-builder's, and init writes its schema "
                        "here; nothing was written\n    hint: init into another folder, or move that file away\n")
    assert other.read_text() == '{"$id": "https://example.org/someone-else.json"}'
    assert not (other.parent / "cv.yaml").exists()

    r = run("init", "cv.schema.json", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == ("cv.schema.json: `cv.schema.json` is the name of the JSON Schema that init writes beside "
                        "the CV\n    hint: give the CV another name, e.g. cv.yaml\n")
    assert not (tmp_path / "cv.schema.json").exists()


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
