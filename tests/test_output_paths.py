"""Where output may go (issue 20, items 1 and 12): never over a link or into /dev or /proc,
`-` is standard output, a folder is a folder, an empty path is a mistake, and a temporary
file left by a killed build is removed by the next build.

Hostile paths are made inside tmp_path only: a link to /proc/self/fd/1 stands in for
/dev/stdout (which, on the code before this, was replaced by a PDF when run as root), and
the system folders are pointed at a scratch folder where a real one would be at risk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cv_builder import files
from cv_builder.cli import main

GOOD = "name: Ada Lovelace\nsections:\n  about: Wrote the first program.\n"


def run(*args, cwd, stdout=subprocess.PIPE, timeout=120):
    """`cv-builder ARGS` in a process of its own (its standard output a pipe, or a file)."""
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=timeout)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(GOOD)
    return tmp_path


def temporaries(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}."))


def test_a_link_to_standard_output_is_never_replaced(folder):
    """`-o /dev/stdout` with standard output redirected to a file: the check followed the link
    to the file, and the rename then replaced the link itself (as root: the system's)."""
    link = folder / "stdout"
    os.symlink("/proc/self/fd/1", link)
    with open(folder / "captured", "wb") as captured:
        r = run("build", "cv.yaml", "-o", str(link), cwd=folder, stdout=captured)
    assert r.returncode == 1, r.stderr
    assert os.path.islink(link) and os.readlink(link) == "/proc/self/fd/1"
    assert r.stderr.decode().startswith(f"{link}: the output is a symbolic link (to /proc/self/fd/1), "
                                        "which the PDF would replace\n    hint: to write to standard output, "
                                        "use --output -")
    assert temporaries(link) == []


def test_the_report_never_replaces_a_link(folder):
    link = folder / "report.json"
    os.symlink("/proc/self/fd/1", link)
    with open(folder / "captured", "wb") as captured:
        r = run("build", "cv.yaml", "-o", "cv.pdf", "--report", str(link), cwd=folder, stdout=captured)
    assert r.returncode == 1
    assert "the report is a symbolic link" in r.stderr.decode()
    assert os.path.islink(link) and not (folder / "cv.pdf").exists()


def test_a_link_to_an_earlier_pdf_is_left_as_a_link(folder):
    assert CliRunner().invoke(main, ["build", "cv.yaml", "-o", "real.pdf"]).exit_code == 0
    before = (folder / "real.pdf").read_bytes()
    os.symlink("real.pdf", folder / "cv.pdf")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == ("cv.pdf: the output is a symbolic link (to real.pdf), which the PDF would replace\n"
                             f"    hint: give the file it points to, e.g. --output {folder / 'real.pdf'}, "
                             "or another path\n")
    assert os.path.islink(folder / "cv.pdf") and (folder / "real.pdf").read_bytes() == before


def test_nothing_is_written_into_a_system_folder(folder, monkeypatch):
    """/dev, /proc and /sys are refused, also through a link to them; a scratch folder stands
    in for /dev here, so that the test can never write to the real one."""
    fake_dev = folder / "dev"
    fake_dev.mkdir()
    monkeypatch.setattr(files, "SYSTEM_FOLDERS", (fake_dev,))
    os.symlink(fake_dev, folder / "devices")
    for target in ("dev/cv.pdf", "devices/cv.pdf", "dev/sub/cv.pdf"):
        result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", target])
        assert result.exit_code == 1, result.output
        assert result.stderr == (f"{target}: the output is in {fake_dev}, a folder of the system, where "
                                 "cv-builder writes nothing\n    hint: to write to standard output, use "
                                 "--output -; otherwise give a path such as build/cv.pdf\n")
    assert list(fake_dev.iterdir()) == []
    assert [str(f) for f in files.SYSTEM_FOLDERS] == [str(fake_dev)]


def test_the_real_system_folders_are_known():
    assert files.system_folder(Path("/dev/stdout")) == Path("/dev")
    assert files.system_folder(Path("/proc/self/fd/1")) == Path("/proc")
    assert files.system_folder(Path("/sys/kernel/x")) == Path("/sys")
    assert files.system_folder(Path("/devices/cv.pdf")) is None


def test_the_pdf_goes_to_standard_output_with_dash(folder):
    assert CliRunner().invoke(main, ["build", "cv.yaml", "-o", "file.pdf"]).exit_code == 0
    with open(folder / "piped.pdf", "wb") as out:
        r = run("build", "cv.yaml", "-o", "-", cwd=folder, stdout=out)
    assert r.returncode == 0, r.stderr
    assert (folder / "piped.pdf").read_bytes() == (folder / "file.pdf").read_bytes()
    assert r.stderr.decode().startswith("Built standard output: 1 page, ")
    assert not (folder / "-").exists() and not (folder / "build").exists()


def test_a_pdf_is_not_sent_to_a_terminal(folder, monkeypatch):
    monkeypatch.setattr(files, "_stdout_is_terminal", lambda: True)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "-"])
    assert result.exit_code == 1
    assert result.stderr.startswith("-: standard output is a terminal, where a PDF shows as garbage")


def test_the_report_goes_to_standard_output_with_dash(folder):
    r = run("build", "cv.yaml", "-o", "cv.pdf", "--report", "-", cwd=folder)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)  # nothing else on standard output
    assert report["output"] == "cv.pdf" and report["pages"] == 1
    assert b"Built cv.pdf: 1 page" in r.stderr
    assert not (folder / "-").exists()
    both = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "-", "--report", "-"])
    assert both.exit_code == 2 and "cannot both go to standard output" in both.stderr


def test_an_output_ending_in_a_slash_is_a_folder(folder):
    """`-o newdir/` wrote a file named `newdir`."""
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "newdir/"])
    assert result.exit_code == 0, result.output
    assert (folder / "newdir").is_dir()
    assert (folder / "newdir" / "Ada_Lovelace_CV.pdf").read_bytes().startswith(b"%PDF-")
    assert "Built newdir/Ada_Lovelace_CV.pdf: 1 page" in result.stdout
    again = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "newdir/"])  # an existing folder, too
    assert again.exit_code == 0, again.output


def test_other_outputs_ending_in_a_slash_are_refused(folder):
    cases = [(["build", "cv.yaml", "-o", "cv.pdf", "--report", "reports/"], "reports/: the report ends with `/`"),
             (["export", "cv.yaml", "-f", "text", "-o", "texts/"], "texts/: the output ends with `/`"),
             (["init", "starter/"], "starter/: the output ends with `/`"),
             (["schema", "-o", "schemas/"], "schemas/: the output ends with `/`")]
    for args, message in cases:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(message + ", so it names a folder, not a file"), result.stderr
    for name in ("reports", "texts", "starter", "schemas"):
        assert not (folder / name).exists()


@pytest.mark.parametrize("args", [["build", "cv.yaml", "-o", ""], ["build", "cv.yaml", "--report", ""],
                                  ["build", "cv.yaml", "--all-variants", "--output-dir", ""],
                                  ["export", "cv.yaml", "-f", "text", "-o", ""], ["import", "x.json", "-o", " "],
                                  ["schema", "-o", ""], ["init", ""], ["watch", "cv.yaml", "-o", ""]])
def test_an_empty_path_is_an_error_not_the_default(folder, args):
    """`-o ""` (an unset shell variable, say) built to the default path, or watched for ever."""
    try:
        r = run(*args, cwd=folder, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"cv-builder {' '.join(args)} ran on")
    assert r.returncode == 2, r.stderr
    assert b"an empty path names no file" in r.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["cv.yaml"]


def test_a_temporary_file_left_by_a_killed_build_is_removed_by_the_next(folder):
    """A build killed between writing its temporary file and renaming it leaves the file
    (`.cv.pdf.*.tmp`); the next build of the same target removes it, and no other."""
    assert CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"]).exit_code == 0
    pdf = folder / "out" / "cv.pdf"
    before = pdf.read_bytes()
    (folder / "cv.yaml").write_text(GOOD.replace("first", "very first"))
    killed = ("import os, signal\n"
              "os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)\n"
              "from cv_builder.cli import run\nrun()\n")
    r = subprocess.run([sys.executable, "-c", killed, "build", "cv.yaml", "-o", "out/cv.pdf"], cwd=folder,
                       capture_output=True, timeout=120)
    assert r.returncode == -signal.SIGKILL
    left = temporaries(pdf)
    assert len(left) == 1 and left[0].endswith(".tmp")
    assert pdf.read_bytes() == before
    other = folder / "out" / ".other.pdf.abcdefgh.tmp"  # another target's: not this build's to remove
    other.write_bytes(b"x")
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 0, result.output
    assert temporaries(pdf) == [] and other.exists()
    assert pdf.read_bytes() != before


def test_a_temporary_file_being_written_is_not_removed(folder):
    """The clean-up takes only files whose writer is gone: one still locked by a live writer
    (another build to the same file, at the same time) stays."""
    import fcntl

    target = folder / "cv.pdf"
    live = folder / ".cv.pdf.abcdefgh.tmp"
    dead = folder / ".cv.pdf.ijklmnop.tmp"
    live.write_bytes(b"half a PDF")
    dead.write_bytes(b"half a PDF")
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        files.remove_stale(target)
        assert live.exists() and not dead.exists()
    files.remove_stale(target)
    assert not live.exists()
