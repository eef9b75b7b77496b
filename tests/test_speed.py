"""What makes builds fast must not change what they make: the font cache, the
fallback font read only when needed. (No timing is asserted here; see bench/.)"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from conftest import DATA, ROOT
from cv_builder.render import fontcache

FONTS = sorted((ROOT / "fonts").glob("*.ttf"))


def comparable(font):
    font.face._ttf_data, font.face.glyphToChar  # a face from the cache unpacks these on first use
    face = {k: v for k, v in vars(font.face).items() if not k.startswith("_cv_")}  # ours: not ReportLab's
    scale = face.pop("_pdfScale")
    face.pop("_pos")
    other = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")}
    other["encoding"] = (type(font.encoding), vars(font.encoding))
    return face, [scale(x) for x in (0, 1, 1000, 2048, -77)], other


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_cached_face_equals_parsed_face(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CV_BUILDER_CACHE", str(tmp_path))
    first = fontcache.load("cache-test", path)  # parsed, and written to the cache
    assert list(tmp_path.glob("*.font")), "nothing was cached"
    second = fontcache.load("cache-test", path)  # restored from the cache
    fresh = TTFont("cache-test", str(path.resolve()))
    assert comparable(first) == comparable(fresh)
    assert comparable(second) == comparable(fresh)
    assert isinstance(second.face, type(fresh.face))
    assert second.face.name.ustr == fresh.face.name.ustr


def test_stale_or_broken_entries_are_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("CV_BUILDER_CACHE", str(tmp_path / "cache"))
    font = tmp_path / "Font.ttf"
    font.write_bytes((ROOT / "fonts" / "SourceSans3-Regular.ttf").read_bytes())
    fontcache.load("a", font)
    (entry,) = (tmp_path / "cache").glob("*.font")
    entry.write_bytes(b"not marshal")
    assert comparable(fontcache.load("a", font)) == comparable(TTFont("a", str(font)))
    # another font under the same file name: the entry no longer matches it
    font.write_bytes((ROOT / "fonts" / "SourceSans3-Bold.ttf").read_bytes())
    os.utime(font, ns=(1, 1))
    assert fontcache.load("a", font).face.name == b"SourceSans3-Bold"


def test_unused_parts_of_a_cached_face_stay_packed(tmp_path, monkeypatch):
    monkeypatch.setenv("CV_BUILDER_CACHE", str(tmp_path))
    fontcache.load("a", FONTS[0])
    face = fontcache.load("a", FONTS[0]).face
    assert "_ttf_data" not in vars(face) and "glyphPos" not in vars(face)
    assert face.charWidths and face.charToGlyph  # what laying out text needs is there
    assert len(face.glyphPos) == face.numGlyphs + 1 and face._ttf_data[:4] == b"\x00\x01\x00\x00"
    assert not hasattr(face, "no_such_attribute")


def test_subsets_are_kept_and_reused(tmp_path):
    """A second build in a fresh process takes the font subsets from the cache
    folder (same PDF); a broken subset entry is cut again; old entries go."""
    cache = tmp_path / "cache"
    first = _build(tmp_path / "a.pdf", str(cache))
    entries = sorted((cache / "subsets").glob("*.subset"))
    assert len(entries) == 5  # regular, italic, semibold, bold and light are drawn
    os.utime(entries[0], ns=(1, 1))
    entries[1].write_bytes(b"broken")
    assert _build(tmp_path / "b.pdf", str(cache)) == first
    assert entries[0].stat().st_mtime_ns > 1  # read again: marked as recently used
    assert len(list((cache / "subsets").glob("*.subset"))) == 5


def test_subset_entries_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(fontcache, "SUBSETS_KEPT", 8)
    folder = tmp_path / "subsets"
    folder.mkdir()
    for i in range(9):
        (folder / f"f{i}.subset").write_bytes(b"x")
        os.utime(folder / f"f{i}.subset", ns=(i + 1, i + 1))
    fontcache._prune(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["f5.subset", "f6.subset", "f7.subset", "f8.subset"]


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CV_BUILDER_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    fontcache.load("a", FONTS[0])
    assert not list(tmp_path.rglob("*.font"))


def test_unwritable_cache_folder_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("CV_BUILDER_CACHE", str(blocker / "cache"))
    assert fontcache.load("a", FONTS[0]).face.numGlyphs > 0


def _build(out: Path, cache: str, data: Path = DATA, layout: str = "full") -> bytes:
    env = dict(os.environ, CV_BUILDER_CACHE=cache)
    r = subprocess.run([sys.executable, "-m", "cv_builder", "build", str(data), "--layout", layout,
                        "--output", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def test_same_pdf_with_and_without_the_cache(tmp_path):
    cache = str(tmp_path / "cache")
    without = _build(tmp_path / "a.pdf", "off")
    _build(tmp_path / "b.pdf", cache)  # fills the cache
    with_cache = _build(tmp_path / "c.pdf", cache)
    assert with_cache == without


def test_fallback_font_only_when_needed(tmp_path):
    """The seed CV needs no fallback font, so none is embedded; a CV with a
    character Source Sans lacks gets it, and that character is drawn."""
    from conftest import PDF

    _build(tmp_path / "plain.pdf", "off")
    plain = PDF(tmp_path / "plain.pdf")
    assert not [n for n in plain.fonts() if "DejaVu" in n]
    text = DATA.read_text(encoding="utf-8").replace("Builds generative models", "Builds ∮ generative models", 1)
    data = tmp_path / "cv.yaml"
    data.write_text(text, encoding="utf-8")
    _build(tmp_path / "fallback.pdf", "off", data)
    pdf = PDF(tmp_path / "fallback.pdf")
    assert [n for n in pdf.fonts() if "DejaVuSans" in n]
    assert "∮" in pdf.text


def test_type_hints_as_typing_evaluates_them():
    import dataclasses
    import typing

    from cv_builder import layout, model, schema

    classes = [c for m in (model, layout) for c in vars(m).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(classes) > 10
    for cls in classes:
        assert schema._type_hints(cls) == typing.get_type_hints(cls), cls


def test_rebuilds_in_one_process_are_identical_to_a_fresh_build(tmp_path):
    """What is kept between builds in a process (font subsets, their compressed
    bytes, line breaks) gives the same PDF as a build in a fresh process."""
    from cv_builder import schema
    from cv_builder.build import render_cv

    for layout in ("full", "one-page"):
        fresh = _build(tmp_path / f"{layout}.pdf", "off", layout=layout)
        cv = schema.load(DATA)
        first, second = render_cv(cv, layout).pdf, render_cv(schema.load(DATA), layout).pdf
        assert first == second == fresh, layout
