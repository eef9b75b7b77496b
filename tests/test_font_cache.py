"""The font cache is sealed (issues 19 and 20): a private folder, entries written only to
files made for them, never through a link, checked for their digest and shape, keyed by
Python's and ReportLab's versions; damaged or special font files are clear errors.
Every hostile file here is made in tmp_path."""

from __future__ import annotations

import marshal
import os
import random
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from conftest import DATA, ROOT
from cv_builder.errors import CVError
from cv_builder.render import fontcache, fonts, rl_fixes

REGULAR = ROOT / "fonts" / "SourceSans3-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("CV_BUILDER_CACHE", str(where))
    return where


@pytest.fixture
def font(tmp_path) -> Path:
    path = tmp_path / "fonts" / "Font.ttf"
    path.parent.mkdir()
    shutil.copy(REGULAR, path)
    return path


def _entry(cache: Path) -> Path:
    (entry,) = cache.glob("*.font")
    return entry


def _rewrite(entry: Path, change) -> None:
    """Edit an entry as an attacker with marshal would: what it stores, changed, stored again."""
    data = entry.read_bytes()
    head = data.index(b"\n") + 1 + 32 if data.startswith(b"cv-builder") else 0
    key, value = marshal.loads(data[head:])
    change(value)
    entry.write_bytes(data[:head] + marshal.dumps([key, value]))


def test_the_folder_is_created_private(cache, font):
    fontcache.load("a", font)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "subsets").stat().st_mode if (cache / "subsets").exists() else 0o700) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in cache.iterdir())


def test_a_folder_others_can_write_in_is_not_used(cache, font):
    cache.mkdir(mode=0o777)
    os.chmod(cache, 0o777)
    assert fontcache.load("a", font).face.numGlyphs > 0
    assert not list(cache.iterdir())


def test_temporary_files_never_follow_a_planted_link(cache, font, tmp_path):
    """A link planted under the name of a coming temporary file (`.<entry>.<pid>.tmp`) made
    a build overwrite the file it points at."""
    fontcache.load("a", font)
    entry = _entry(cache)
    entry.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for pid in range(os.getpid() - 5, os.getpid() + 50):
        (cache / f".{entry.name}.{pid}.tmp").symlink_to(victim)
    fontcache.load("a", font)
    assert victim.read_text() == "precious"
    assert entry.is_file() and not entry.is_symlink()


def test_an_edited_entry_is_refused(cache, font):
    """An edited charWidths made text letter-spaced and the PDF longer, while check said ok."""
    fresh = fontcache.load("a", font)
    _rewrite(_entry(cache), lambda state: state["values"]["charWidths"].update({65: 2000, 66: 2000}))
    again = fontcache.load("a", font)
    assert again.face.charWidths[65] == fresh.face.charWidths[65] != 2000


@pytest.mark.parametrize("change", [
    lambda s: s["values"].update(charWidths="wide"),
    lambda s: s["values"].update(numGlyphs=-1),
    lambda s: s["values"]["charToGlyph"].update({65: 10 ** 6}),
    lambda s: s["values"].update(makeSubset=1),
    lambda s: s["values"].update(filename="/etc/passwd"),
    lambda s: s.update(lazy=b"junk"),
], ids=["widths-not-a-dict", "no-glyphs", "glyph-out-of-range", "replaces-a-method", "another-file",
        "junk-lazy-part"])
def test_an_entry_of_the_wrong_shape_is_refused_even_with_a_right_digest(cache, font, change):
    """An attacker who recomputes the digest still has to give a face of the right shape."""
    import hashlib

    fresh = fontcache.load("a", font)
    entry = _entry(cache)
    data = entry.read_bytes()
    head = len(b"cv-builder font cache\n")
    key, state = marshal.loads(data[head + 32:])
    change(state)
    payload = marshal.dumps([key, state])
    entry.write_bytes(data[:head] + hashlib.sha256(payload).digest() + payload)
    again = fontcache.load("a", font)
    assert again.face.charWidths == fresh.face.charWidths
    assert again.face.filename == str(font.resolve())
    assert len(again.face.glyphPos) == again.face.numGlyphs + 1  # the lazy part: parsed again if junk
    assert again.face.makeSubset([65, 66])[:4] == b"\x00\x01\x00\x00"


def _build(out: Path, cache: Path, data: Path = DATA, home: Path | None = None):
    env = dict(os.environ, CV_BUILDER_CACHE=str(cache))
    if home is not None:
        env["CV_BUILDER_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "cv_builder", "build", str(data), "--output", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_junk_subset_or_edited_face_does_not_change_the_pdf(tmp_path):
    cache = tmp_path / "cache"
    clean = _build(tmp_path / "clean.pdf", tmp_path / "off-cache-never-made" / "x")
    assert clean.returncode == 0, clean.stderr
    first = _build(tmp_path / "first.pdf", cache)
    assert first.returncode == 0, first.stderr
    subsets = sorted((cache / "subsets").glob("*.subset"))
    assert subsets
    for entry in subsets:  # a junk font program where the subset was
        _rewrite(entry, lambda value: value.__setitem__(0, b"\x00\x01\x00\x00" + b"junk" * 100))
    for entry in cache.glob("*.font"):
        _rewrite(entry, lambda state: state["values"]["charWidths"].update(
            {c: w * 3 for c, w in state["values"]["charWidths"].items()}))
    poisoned = _build(tmp_path / "poisoned.pdf", cache)
    assert poisoned.returncode == 0, poisoned.stderr
    assert (tmp_path / "poisoned.pdf").read_bytes() == (tmp_path / "clean.pdf").read_bytes()


def test_entries_are_keyed_by_python_and_reportlab(cache, font, monkeypatch):
    fontcache.load("a", font)
    assert sys.implementation.cache_tag in fontcache.TAG and "rl" in fontcache.TAG
    from reportlab import Version
    assert Version in fontcache.TAG
    monkeypatch.setattr(fontcache, "TAG", fontcache.TAG.replace(sys.implementation.cache_tag, "cpython-399"))
    fontcache.load("a", font)
    assert len(list(cache.glob("*.font"))) == 2  # another Python's entry is its own: not read, not replaced


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_an_entry_of_another_user_is_not_read(cache, font):
    fresh = fontcache.load("a", font)
    entry = _entry(cache)
    _rewrite(entry, lambda state: state["values"]["charWidths"].update({65: 1999}))
    os.chown(entry, 54321, 54321)
    assert fontcache.load("a", font).face.charWidths[65] == fresh.face.charWidths[65]


def _limited(code: str) -> subprocess.CompletedProcess:
    """Run code in a child limited to 1 GiB and 60 s: a read of /dev/zero fails there, not here."""
    prelude = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_an_entry_linked_to_dev_zero_or_a_fifo_is_not_read(cache, font):
    fontcache.load("a", font)
    entry = _entry(cache)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    (cache / "subsets").mkdir(exist_ok=True)
    r = _limited(f"""
        import os
        os.environ["CV_BUILDER_CACHE"] = {str(cache)!r}
        from cv_builder.render import fontcache
        print(fontcache.load("a", {str(font)!r}).face.numGlyphs)
    """)
    assert r.returncode == 0 and int(r.stdout) > 0, r.stderr[-2000:]
    assert entry.is_file() and not entry.is_symlink()  # the link itself replaced by a good entry
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)
    entry.unlink()
    os.mkfifo(entry)
    r = _limited(r.args[2].split("\n", 1)[1])
    assert r.returncode == 0 and int(r.stdout) > 0, r.stderr[-2000:]


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "missing"])
def test_a_font_that_is_no_regular_file_is_a_clear_error(tmp_path, cache, kind):
    path = tmp_path / "Odd.ttf"
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    r = _limited(f"""
        import os
        os.environ["CV_BUILDER_CACHE"] = {str(cache)!r}
        from cv_builder.errors import CVError
        from cv_builder.render import fonts
        try:
            fonts._register("odd", {str(path)!r})
        except CVError as exc:
            print(exc.format())
    """)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.startswith(f"{path}: the font file cannot be used: "), r.stdout


# -- damaged fonts ---------------------------------------------------------------------------
def _tables(data: bytes) -> list[tuple[str, int, int, int]]:
    n = int.from_bytes(data[4:6], "big")
    out = []
    for i in range(n):
        r = data[12 + 16 * i:28 + 16 * i]
        out.append((r[:4].decode("latin-1"), int.from_bytes(r[8:12], "big"), int.from_bytes(r[12:16], "big"),
                    12 + 16 * i))
    return out


def damaged_fonts(count: int, seed: int = 20):
    """`count` damaged copies of Source Sans (fixed seed): cut short, a wrong table count,
    a wrong directory entry, bytes changed in the tables a parse or a subset reads, a table zeroed."""
    source = REGULAR.read_bytes()
    tables = _tables(source)
    read = [t for t in tables if t[0] in ("head", "hhea", "maxp", "cmap", "hmtx", "loca", "glyf", "name",
                                          "OS/2", "post")]
    rng = random.Random(seed)
    for k in range(count):
        data = bytearray(source)
        kind = k % 6
        if kind == 0:
            yield f"{k}-cut", bytes(data[:rng.randrange(0, len(data))])
            continue
        if kind == 1:
            data[4:6] = rng.choice([0, 1, 2, 200, 65535]).to_bytes(2, "big")
        elif kind == 2:
            tag, _, _, record = rng.choice(tables)
            field = rng.choice([8, 12])
            data[record + field:record + field + 4] = rng.choice(
                [0, 0xFFFFFFFF, rng.randrange(0, 2 ** 32), len(source)]).to_bytes(4, "big")
        elif kind in (3, 4):
            tag, offset, length, _ = rng.choice(read)
            for _ in range(rng.choice([1, 4, 32])):
                data[offset + rng.randrange(0, min(length, 64) if kind == 3 else length)] = rng.randrange(256)
        else:
            tag, offset, length, _ = rng.choice(tables)
            data[offset:offset + length] = bytes(length)
        yield f"{k}-{['cut', 'count', 'directory', 'head-bytes', 'bytes', 'zeroed'][kind]}", bytes(data)


def test_damaged_fonts_are_errors_naming_the_file_never_a_crash(tmp_path, monkeypatch):
    """32 of 200 damaged fonts gave "internal error" (exit 3); one made ReportLab build a
    character map of billions of entries. Each is used or refused with its file named; what
    is used draws a PDF."""
    import io

    monkeypatch.setenv("CV_BUILDER_CACHE", "off")
    refused = drawn = 0
    for name, data in damaged_fonts(120):
        path = tmp_path / f"{name}.ttf"
        path.write_bytes(data)
        try:
            font = fonts._register(f"damaged-{name}", path)
        except CVError as exc:
            assert exc.problems[0].position.file == str(path), exc.format()
            assert exc.problems[0].message.startswith("the font file cannot be used: "), exc.format()
            refused += 1
            continue
        try:
            canvas = Canvas(io.BytesIO())
            canvas.setFont(font.fontName, 12)
            canvas.drawString(10, 10, "Hello – Ünïcode 2024")
            canvas.save()
            drawn += 1
        except CVError as exc:
            assert exc.problems[0].position.file == str(path), exc.format()
            refused += 1
        finally:
            rl_fixes.unregister(f"damaged-{name}")
    assert refused > 30 and drawn > 30


@pytest.mark.parametrize("how", ["no-tables", "cut-short"])
def test_a_build_with_a_damaged_font_exits_1_naming_it(tmp_path, how):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "layouts", home / "layouts")
    shutil.copytree(ROOT / "fonts", home / "fonts")
    broken = home / "fonts" / "SourceSans3-Bold.ttf"
    data = bytearray(broken.read_bytes())
    if how == "no-tables":
        data[4:6] = b"\x00\x00"
    else:
        data = data[:3000]
    broken.write_bytes(bytes(data))
    out = tmp_path / "cv.pdf"
    out.write_bytes(b"%PDF-1.4 the previous PDF")
    r = _build(out, tmp_path / "cache", home=home)
    assert r.returncode == 1, r.stderr
    assert f"{broken}: the font file cannot be used: it is damaged or not a TrueType font" in r.stderr
    assert "internal error" not in r.stderr
    assert out.read_bytes() == b"%PDF-1.4 the previous PDF"
