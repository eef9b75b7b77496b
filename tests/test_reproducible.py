"""Reproducible builds: the same data, layout and tool version give the same bytes."""

import hashlib
import os
import re
import subprocess
import sys

import pypdf
import pytest

from conftest import DATA, LAYOUTS, ROOT


def build(tmp_path, name, *args, env=None, cwd=ROOT):
    out = tmp_path / name
    r = subprocess.run([sys.executable, "-m", "cv_builder", "build", str(DATA), "-o", str(out), *args],
                       cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def clean_env():
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def pdf_id(data: bytes) -> bytes:
    return re.search(rb"/ID\s*\[<([0-9a-f]{32})>", data).group(1)


def info(data: bytes) -> dict:
    import io
    return dict(pypdf.PdfReader(io.BytesIO(data)).metadata)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_two_builds_are_byte_identical(tmp_path, layout, monkeypatch):
    """Separate processes, other hash seeds, output names and working directories; the
    font cache empty, then filled by the first build, then turned off."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "elsewhere").mkdir()
    cache = str(tmp_path / "cache")
    first = build(tmp_path, "first.pdf", "--layout", layout, env={"PYTHONHASHSEED": "1", "CV_BUILDER_CACHE": cache})
    second = build(tmp_path, "second.pdf", "--layout", layout, env={"PYTHONHASHSEED": "2", "CV_BUILDER_CACHE": cache},
                   cwd=tmp_path / "elsewhere")
    third = build(tmp_path, "third.pdf", "--layout", layout, env={"CV_BUILDER_CACHE": "off"})
    assert any((tmp_path / "cache").iterdir()), "the first build filled the cache"
    assert first == second == third
    assert b"first.pdf" not in first and str(tmp_path).encode() not in first


def test_without_source_date_epoch_the_dates_are_fixed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    meta = info(build(tmp_path, "cv.pdf"))
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20000101000000+00'00'"


def test_source_date_epoch_sets_the_dates_and_stays_reproducible(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = build(tmp_path, "plain.pdf")
    a = build(tmp_path, "a.pdf", env={"SOURCE_DATE_EPOCH": "1700000000"})
    b = build(tmp_path, "b.pdf", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert a == b
    assert info(a)["/CreationDate"] == info(a)["/ModDate"] == "D:20231114221320+00'00'"
    assert a != plain
    assert pdf_id(a) != pdf_id(plain), "the /ID must change with the content (here: the dates)"


def test_the_id_is_a_digest_of_the_content(build_pdf):
    """Different PDFs of one person get different /IDs (readers remember files by /ID)."""
    ids = {}
    for layout in LAYOUTS:
        for paper in ("a4", "letter"):
            data = build_pdf(layout=layout, paper=paper)[0].path.read_bytes()
            m = re.search(rb"/ID\s*\[<([0-9a-f]{32})><([0-9a-f]{32})>\]", data)
            assert m.group(1) == m.group(2)
            without = data[:m.start()] + data[m.end():]
            assert m.group(1).decode() == hashlib.md5(without).hexdigest()
            ids[layout, paper] = m.group(1)
    assert len(set(ids.values())) == len(ids), ids


@pytest.mark.parametrize("value", ["yesterday", "-1", "1.5", "99999999999999"])
def test_a_bad_source_date_epoch_is_a_clear_error(tmp_path, value):
    r = subprocess.run([sys.executable, "-m", "cv_builder", "build", str(DATA), "-o", str(tmp_path / "x.pdf")],
                       cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={**clean_env(), "SOURCE_DATE_EPOCH": value})
    assert r.returncode == 1, r.stderr
    assert "SOURCE_DATE_EPOCH is not a time" in r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert not (tmp_path / "x.pdf").exists()
