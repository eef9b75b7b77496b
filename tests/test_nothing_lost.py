"""Nothing lost: a failed or interrupted build leaves the previous PDF byte-identical."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cv_builder import build as build_module
from cv_builder import files
from cv_builder.cli import main
from cv_builder.errors import CVError

GOOD = "name: Ada Lovelace\nsections:\n  about: Wrote the first program.\n"
BAD = "name: Ada Lovelace\nsections:\n  experience:\n    - title: Programmer\n      start: 1842-13\n"


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A folder with cv.yaml and the PDF built from it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "cv.pdf"
    return tmp_path, pdf, pdf.read_bytes()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "cv.pdf")


def test_bad_data_leaves_the_previous_pdf(built):
    folder, pdf, before = built
    (folder / "cv.yaml").write_text(BAD)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 1
    assert "month 13 does not exist" in result.stderr
    assert pdf.read_bytes() == before
    assert leftovers(pdf.parent) == []


def test_a_failure_while_rendering_leaves_the_previous_pdf(built, monkeypatch):
    folder, pdf, before = built

    def broken(*args, **kwargs):
        raise CVError([])

    monkeypatch.setattr(build_module, "render_cv", broken)
    with pytest.raises(CVError):
        build_module.build(folder / "cv.yaml", output=pdf)
    assert pdf.read_bytes() == before


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_previous_pdf_and_no_temporary_file(built, monkeypatch, failure):
    folder, pdf, before = built
    (folder / "cv.yaml").write_text(GOOD.replace("first", "very first"))

    def replace(src, dst):
        raise failure

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises((CVError, KeyboardInterrupt)) as info:
        build_module.build(folder / "cv.yaml", output=pdf)
    if isinstance(failure, OSError):
        assert "the PDF cannot be written: No space left on device" in info.value.format()
    assert pdf.read_bytes() == before
    assert leftovers(pdf.parent) == []


def test_a_missing_output_folder_is_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "a/b/c/cv.pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "b" / "c" / "cv.pdf").read_bytes().startswith(b"%PDF-")


def test_an_output_folder_that_is_a_file_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    (tmp_path / "notes").write_text("mine")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "notes/cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == "notes/cv.pdf: `notes` is a file, not a folder\n    hint: choose another --output\n"
    assert (tmp_path / "notes").read_text() == "mine"


def test_an_unwritable_output_folder_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)

    def no_access(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "new_temporary", no_access)  # root ignores chmod, so simulate it
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == ("out: cannot write in the output folder: Permission denied\n"
                             "    hint: check its permissions, or choose another --output\n")


def test_the_data_file_and_other_files_are_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    (tmp_path / "letter.txt").write_text("Dear …")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.yaml"])
    assert result.exit_code == 1
    assert result.stderr.startswith("cv.yaml: the output is the CV data itself")
    assert (tmp_path / "cv.yaml").read_text() == GOOD
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "letter.txt"])
    assert result.exit_code == 1
    assert result.stderr.startswith("letter.txt: this file exists and is not a PDF")
    assert (tmp_path / "letter.txt").read_text() == "Dear …"


def test_an_output_that_is_a_folder_is_bad_usage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out"])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_the_report_never_replaces_the_data_the_pdf_or_another_file(built):
    folder, pdf, before = built
    data = (folder / "cv.yaml").read_bytes()
    cases = {"cv.yaml": "cv.yaml: the report is the CV data itself, which the report would replace",
             "out/cv.pdf": "out/cv.pdf: the report is the PDF this build writes, which the report would replace",
             "notes.txt": "notes.txt: this file exists and is not a report, so it is left as it is"}
    (folder / "notes.txt").write_text("my notes\n")
    for target, message in cases.items():
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf", "--report", target])
        assert result.exit_code == 1 and result.stderr.startswith(message), result.output
    assert (folder / "cv.yaml").read_bytes() == data and pdf.read_bytes() == before
    assert (folder / "notes.txt").read_text() == "my notes\n"
    # an earlier report is replaced
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf", "--report", "report.json"])
        assert result.exit_code == 0, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_device_is_not_an_output(built):
    """`-o /dev/null` run as root replaced /dev/null with a PDF; a named pipe made the build hang."""
    folder, _, _ = built
    os.mkfifo(folder / "pipe")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "pipe"])
    assert result.exit_code == 1
    assert result.stderr.startswith("pipe: the output is not a regular file (a device or a pipe")
    if os.path.exists("/dev/null"):
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "/dev/null"])
        assert result.exit_code == 1 and "not a regular file" in result.stderr
        assert not os.path.isfile("/dev/null")


def test_export_replaces_a_file_only_with_force_and_never_the_data(built):
    folder, _, _ = built
    data = (folder / "cv.yaml").read_bytes()
    for args in (["-o", "cv.yaml"], ["-o", "cv.yaml", "--force"]):
        result = CliRunner().invoke(main, ["export", "cv.yaml", "-f", "markdown", *args])
        assert result.exit_code == 1
        assert result.stderr.startswith("cv.yaml: the output is the CV data itself, which the export would replace")
    assert (folder / "cv.yaml").read_bytes() == data
    assert CliRunner().invoke(main, ["export", "cv.yaml", "-f", "markdown", "-o", "cv.md"]).exit_code == 0
    again = CliRunner().invoke(main, ["export", "cv.yaml", "-f", "text", "-o", "cv.md"])
    assert again.exit_code == 1 and "the file already exists; nothing was written" in again.stderr
    assert (folder / "cv.md").read_text().startswith("# Ada Lovelace")
    forced = CliRunner().invoke(main, ["export", "cv.yaml", "-f", "text", "-o", "cv.md", "--force"])
    assert forced.exit_code == 0 and not (folder / "cv.md").read_text().startswith("# ")
