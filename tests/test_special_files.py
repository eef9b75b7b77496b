"""Reading what is not a file, and JSON that is not what it seems (issue 20, items 7, 11, 12).

`build /dev/zero` read until memory ran out (exit 3), and `import` of a named pipe waited
for a writer for ever. Those tests run the command in a process of its own with a memory
limit and a time-out, so that a regression fails the test instead of the machine. The
links to /dev/zero are made in tmp_path; /dev/zero itself is only read.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cv_builder import watch as watching
from cv_builder.cli import main

GOOD = "name: Ada Lovelace\nsections:\n  about: Wrote the first program.\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a read without limit fails fast


def run(*args, cwd, timeout=60):
    """`cv-builder ARGS` bounded in memory and time; a hang is the test's failure, not a hang."""
    try:
        r = subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=cwd, capture_output=True, text=True,
                           timeout=timeout, preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        pytest.fail(f"cv-builder {' '.join(args)} did not finish in {timeout} s")
    return r


@needs_zero
def test_a_device_as_the_data_is_refused(tmp_path):
    os.symlink("/dev/zero", tmp_path / "cv.yaml")
    r = run("build", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ("cv.yaml: this is not a regular file (it is a device, a pipe or a socket), so it is "
                        "not read\n    hint: give the path of a YAML file\n")
    r = run("build", "/dev/zero", "-o", "cv.pdf", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.startswith("/dev/zero: this is not a regular file")
    assert not (tmp_path / "cv.pdf").exists()


@needs_zero
def test_a_variants_file_that_is_a_device_is_refused_with_its_name(tmp_path):
    (tmp_path / "cv.yaml").write_text(GOOD + "variants: variants.yaml\n")
    os.symlink("/dev/zero", tmp_path / "variants.yaml")
    r = run("validate", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("variants.yaml: this is not a regular file (it is a device, a pipe or a socket)")
    assert "`variants:` at cv.yaml:4:1 names this file" in r.stderr


@needs_fifo
def test_import_of_a_named_pipe_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "resume.json")
    r = run("import", "resume.json", "-o", "cv.yaml", cwd=tmp_path, timeout=30)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ("resume.json: this is not a regular file (it is a device, a pipe or a socket), so it is "
                        "not read\n    hint: give the path of a JSON Resume file\n")
    assert not (tmp_path / "cv.yaml").exists()


@needs_fifo
def test_a_named_pipe_as_the_data_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "cv.yaml")
    for command in ("build", "validate", "variants"):
        r = run(command, "cv.yaml", cwd=tmp_path, timeout=30)
        assert r.returncode == 1 and "cv.yaml: this is not a regular file" in r.stderr, (command, r.stderr)


@needs_fifo
def test_watch_goes_on_when_the_data_becomes_a_named_pipe(tmp_path):
    """An editor (or a mistake) replaces the data with a FIFO: the rebuild says so and the
    watch goes on, instead of waiting for a writer for ever."""
    data = tmp_path / "cv.yaml"
    data.write_text(GOOD)
    events, stop = [], threading.Event()
    thread = threading.Thread(target=watching.run, args=(data,), daemon=True,
                              kwargs=dict(output=tmp_path / "cv.pdf", on_build=events.append, stop=stop))
    thread.start()
    fifo = tmp_path / ".cv.yaml.fifo"
    try:
        deadline = time.monotonic() + 60
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
        assert events and events[0].ok, events
        os.mkfifo(fifo)
        os.replace(fifo, data)
        while len(events) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(events) >= 2, "the watch did not rebuild (or hangs reading the pipe)"
        assert not events[1].ok
        assert "this is not a regular file" in events[1].error.format()
        assert events[1].kept == tmp_path / "cv.pdf"
        os.unlink(data)
        data.write_text(GOOD.replace("first", "very first"))  # and it still watches
        while len(events) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(events) >= 3 and events[-1].ok, events
    finally:
        stop.set()
        if data.exists() and not data.is_file():  # a reader stuck in open(): let it go
            fd = os.open(data, os.O_WRONLY | os.O_NONBLOCK) if _has_reader(data) else None
            if fd is not None:
                os.close(fd)
        thread.join(10)
    assert not thread.is_alive()


def _has_reader(fifo: Path) -> bool:
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        return True
    except OSError:
        return False


# -- JSON -------------------------------------------------------------------------
def json_import(tmp_path, text: str | bytes):
    path = tmp_path / "resume.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "cv.yaml")])


def test_a_key_given_twice_in_json_is_an_error_with_its_line(tmp_path):
    """JSON readers keep one of the two silently; YAML's rule holds for JSON as well."""
    result = json_import(tmp_path, '{\n  "basics": {\n    "name": "Ada Lovelace",\n    "label": "Programmer",\n'
                                   '    "name": "Augusta Ada King"\n  }\n}\n')
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'resume.json'}:5:5: the key `name` appears twice in the same object "
                             "(first at line 3)\n    hint: JSON readers keep only one of them, so data would be "
                             "lost: merge the two or rename one\n")
    assert not (tmp_path / "cv.yaml").exists()


def test_a_key_given_twice_is_found_where_yaml_reads_json_differently(tmp_path):
    """A half of a surrogate pair is an error to PyYAML, not to JSON: the keys are still checked."""
    result = json_import(tmp_path, '{"basics": {"name": "Ada \\ud83d\\ude00", "label": "x",\n'
                                   '"label": "y"}}')
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'resume.json'}:2:1: the key `label` appears twice")


def test_too_many_values_in_json_are_refused_like_yaml(tmp_path):
    keys = {f"key{i}": i for i in range(60_000)}
    result = json_import(tmp_path, json.dumps({"basics": {"name": "Ada Lovelace", **keys}}))
    assert result.exit_code == 1
    assert "the document holds more than 100,000 values" in result.stderr
    assert len(result.output) < 1000


def test_unknown_keys_are_reported_up_to_a_limit(tmp_path):
    """200,000 unknown keys gave 14 MB of YAML and 22 MB of output."""
    keys = {f"key{i}": "x" for i in range(5_000)}
    result = json_import(tmp_path, json.dumps({"basics": {"name": "Ada Lovelace", **keys},
                                               "work": [{"name": "Analytical Society", "position": "Programmer"}]}))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[0].endswith("basics.key0: has no place in cv-builder's data; left out (found 'x')")
    assert lines[-1] == f"{tmp_path / 'resume.json'}: warning: … and 4,950 more left out or changed, not listed here"
    yaml_text = (tmp_path / "cv.yaml").read_text()
    assert len(yaml_text) < 10_000 and "#   - … and 4,950 more left out or changed" in yaml_text


def test_a_huge_json_number_gets_our_message(tmp_path):
    result = json_import(tmp_path, '{"basics": {"name": "Ada Lovelace",\n  "phone": ' + "9" * 5000 + "}}")
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'resume.json'}:2:12: a number of 5,000 digits is longer than any in a CV "
                             "(at most 100 characters)\n    hint: if it is text, put it in quotes; otherwise shorten "
                             "or remove it\n")
    result = json_import(tmp_path, '{"basics": {"name": "Ada Lovelace", "x": 1e999}}')
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'resume.json'}:1:42: the number 1e999 is too large to be held")


@pytest.mark.parametrize("encoding, name", [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
                                            ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")])
def test_wide_encodings_are_named_right(tmp_path, encoding, name):
    text = '{"basics": {"name": "Ada Lovelace"}}'
    result = json_import(tmp_path, text.encode(encoding))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'resume.json'}:1:1: the file is {name} text, not UTF-8\n")
    (tmp_path / "cv.yaml").write_bytes(GOOD.encode(encoding))
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "cv.yaml")])
    assert result.exit_code == 1
    assert f"the file is {name} text, not UTF-8" in result.stderr
