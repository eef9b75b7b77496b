"""The command line as a user meets it: exit codes, the summary line, default paths."""

import re
import subprocess
import sys

from conftest import DATA, ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_build_prints_one_summary_line(tmp_path):
    out = tmp_path / "cv.pdf"
    r = run("build", str(DATA), "--output", str(out))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(rf"Built {re.escape(str(out))}: \d+ pages, \d+ KB, \d+\.\d\d s \(layout full\)", lines[0])
    assert out.read_bytes().startswith(b"%PDF-")


def test_default_output_path(tmp_path):
    # run from a copy of the project layout: data/ and the default build/ folder
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cv.yaml").write_bytes(DATA.read_bytes())
    r = run("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "build" / "Dustin_Podell_CV.pdf").is_file()
    assert "build/Dustin_Podell_CV.pdf" in r.stdout


def test_missing_data_file_exit_1(tmp_path):
    r = run("build", str(tmp_path / "nope.yaml"))
    assert r.returncode == 1
    assert "nope.yaml: the file does not exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_usage_exit_2():
    r = run("build", "--paper", "a5")
    assert r.returncode == 2
    assert "a5" in r.stderr


def test_unknown_layout_exit_1(tmp_path):
    r = run("build", str(DATA), "--layout", "fulll", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 1
    assert "unknown layout `fulll`" in r.stderr
    assert "did you mean `full`?" in r.stderr


def test_schema_file_is_current():
    """schema/cv.schema.json (which cv.yaml points editors at) matches the model."""
    r = run("schema")
    assert r.returncode == 0
    assert r.stdout == (ROOT / "schema" / "cv.schema.json").read_text()
    assert DATA.read_text().startswith("# yaml-language-server: $schema=../schema/cv.schema.json")


def test_one_page_default_output_name(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cv.yaml").write_bytes(DATA.read_bytes())
    r = run("build", "--layout", "one-page", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "build" / "Dustin_Podell_CV_one-page.pdf").is_file()
    assert r.stdout.strip().endswith("(layout one-page)")


def test_bad_data_exit_1_and_traceback_only_with_debug(tmp_path):
    bad = tmp_path / "cv.yaml"
    bad.write_text("name: Ada\nsections:\n  experience:\n    - title: X\n      start: 2024-13\n")
    r = run("validate", str(bad))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{bad}:5:7: sections.experience[0].start: month 13 does not exist")
    assert "Traceback" not in r.stderr
    r = run("--debug", "validate", str(bad))
    assert r.returncode == 1
    assert "Traceback (most recent call last)" in r.stderr and "CVError" in r.stderr


def test_bad_usage_exit_2_for_every_command():
    for args in (["validate", "a.yaml", "b.yaml"], ["build", "--nope"], ["schema", "extra"], ["nope"]):
        r = run(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert "Usage:" in r.stderr and "Traceback" not in r.stderr


def test_validate_says_valid():
    r = run("validate", str(DATA))
    assert r.returncode == 0
    assert r.stdout.startswith(f"{DATA} is valid: ")


def test_schema_is_json_schema():
    import json

    r = run("schema")
    schema = json.loads(r.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"name", "sections"} <= set(schema["required"])
