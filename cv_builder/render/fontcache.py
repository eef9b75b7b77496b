"""Parsed TrueType fonts, kept between processes; font subsets, kept between builds.

ReportLab's :class:`~reportlab.pdfbase.ttfonts.TTFont` reads every table of a
font file in Python on each start: about 4 ms for a face of Source Sans 3 and
16 ms for DejaVu Sans, 30 ms or more for the faces of one build, which is more
than the rest of a cold build's own work. What it computes (names, metrics,
the character map, glyph widths and offsets) depends only on the file and on
ReportLab's version, so it is written once, with :mod:`marshal` (which builds
plain values, never runs code), to a cache folder and read back in well under
a millisecond a face. The font file itself is still read when subsetting needs
its glyphs, but not parsed.

Only what laying out text needs (names, metrics, the character map and
widths) is unpacked when a face is loaded; the glyph offsets and metrics that
only subsetting uses, the reverse map that only shaping uses, and the file's
bytes are unpacked or read when first asked for (:class:`CachedFace`), so a
face a build never draws costs almost nothing.

The subsets of a face that a PDF embeds (the glyphs it uses, cut out of the
font and compressed: ~9 ms a build) are kept too, in the process and in the
cache folder (``subsets/``, the last 256), keyed by the font file's digest and
the characters in their order. Editing a CV seldom changes them, so a rebuild,
in a watch loop or a fresh process, takes them from there.

The cache can only make a build faster, never different:

- The folder is ``$CV_BUILDER_CACHE`` if set (``off`` turns the cache off),
  else ``$XDG_CACHE_HOME/cv-builder`` or ``~/.cache/cv-builder``. It is created
  private (0700) and used only if it is ours and nobody else can write in it;
  an entry is read only if it is a regular file of ours (not a link, a device
  or a pipe) of a sane size, and written to a new file made for it alone
  (``files.new_temporary``: never through a link planted in the folder), then renamed.
- Each entry is named and keyed by :data:`TAG` (this module's format, Python's
  version, for marshal's format, and ReportLab's), holds the SHA-256 of what
  it stores (an entry edited, cut short or half written is refused), and is
  checked for its shape (types, sizes, ranges) before it is used.
- A face's entry is keyed by the font file as the file system knows it (path,
  size, modification and change times, inode: any write changes the change
  time) and holds the digest of the file's bytes, taken when the entry was
  written: the bytes read again for subsetting must have it. A subset's entry
  is keyed by that digest, so it is used for no other font.
- Anything else, or any error reading or writing the cache, falls back to
  parsing the font file (tests check that a restored face equals a parsed one,
  attribute by attribute, and that the PDF is the same with the cache off,
  filled or used).

A font file is read at most :data:`MAX_FONT` bytes, only if it is a regular
file; a file that cannot be parsed is an error that names it
(:func:`~.rl_fixes.parse_face`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from pathlib import Path
from typing import Optional

from reportlab import Version
from reportlab.pdfbase.ttfonts import TTFError, TTFNameBytes

from ..files import new_temporary
from ..memo import remember
from . import rl_fixes

FORMAT = 3  # bump when what is stored changes
#: what an entry is valid for: this module's format, marshal's (it changes with Python's
#: version) and ReportLab's version (what a parsed face holds)
TAG = f"{FORMAT}-{sys.implementation.cache_tag}-m{marshal.version}-rl{Version}"
MAX_FONT = 64 << 20  # bytes: a font file larger than this is refused (a big CJK font is ~20 MB)
MAX_ENTRY = 64 << 20  # bytes: a cache entry larger than this is not read
_MAGIC = b"cv-builder font cache\n"

# attributes not stored: the file's bytes (read again), the read position, and
# a scale function (rebuilt from unitsPerEm, as ReportLab builds it)
_NOT_STORED = ("_ttf_data", "_pos", "_pdfScale")
# stored apart and unpacked on first use: only subsetting and shaping use them
_LAZY = ("glyphToChar", "hmetrics", "glyphPos")


def folder() -> Optional[Path]:
    env = os.environ.get("CV_BUILDER_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cv-builder"


def _private(where: Optional[Path]) -> Optional[Path]:
    """`where`, created 0700 if it is not there; None if it is not a folder of ours that
    nobody else can write in (then the cache is not used)."""
    if where is None:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(where)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022 or st.st_uid != _euid():
        return None
    return where


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


# -- reading files with limits ------------------------------------------------------------------
def read_limited(path, limit: int, follow: bool = True, ours: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError otherwise (with
    ``follow`` False, a link is refused; with ``ours``, a file of another user).
    A pipe or a device is refused before anything is read from it (opened without
    blocking), so neither /dev/zero nor a FIFO can make a build hang or fill memory."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"`{path}` is not a regular file")
        if ours and st.st_uid != _euid():
            raise OSError(f"`{path}` belongs to another user")
        if st.st_size > limit:
            raise OSError(f"`{path}` is larger than {limit >> 20} MB")
        chunks, left = [], st.st_size + 1  # one more: a file that grows is caught
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise OSError(f"`{path}` is larger than {limit >> 20} MB")
        return data
    finally:
        os.close(fd)


def read_font(path) -> bytes:
    """The bytes of a font file, or a TTFError saying why it cannot be read."""
    try:
        return read_limited(path, MAX_FONT)
    except OSError as exc:
        why = exc.strerror if exc.strerror else str(exc)
        raise TTFError(why.replace(f"`{path}` ", "it ")) from None


# -- faces ---------------------------------------------------------------------------------------
def load(name: str, path: Path):
    """A font (:class:`~.rl_fixes.Font`) for the file at `path`, to be registered
    under `name` by the caller; TTFError if the file cannot be used."""
    path = Path(path).resolve()
    try:
        st = os.stat(path)
    except OSError as exc:
        raise TTFError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise TTFError("it is not a regular file")
    key = [TAG, str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    where = _private(folder())
    entry = where / f"{path.stem}-{_short(str(path) + TAG)}.font" if where else None
    if entry is not None:
        state = _read(entry, key)
        face = _restore(str(path), st.st_size, state) if state is not None else None
        if face is not None:
            return rl_fixes.make_font(name, face)
    data = read_font(path)
    face = rl_fixes.parse_face(data, str(path), CachedFace)
    if entry is not None:
        face._cv_digest = hashlib.sha256(data).hexdigest()
        _write(entry, key, face)
    return rl_fixes.make_font(name, face)


def _short(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def _read(entry: Path, key: list):
    """What an entry holds, if it is whole, ours and made for `key`; else None."""
    try:
        data = read_limited(entry, MAX_ENTRY, follow=False, ours=True)
    except OSError:  # missing, a link, a device, another user's, too large: not used
        return None
    head = len(_MAGIC)
    digest, payload = data[head:head + 32], data[head + 32:]
    if not data.startswith(_MAGIC) or hashlib.sha256(payload).digest() != digest:
        return None  # foreign, edited, cut short
    try:
        stored_key, value = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - a whole entry that holds something else: not used
        return None
    return value if stored_key == key else None


def snapshot(face) -> Optional[dict]:
    """The parsed state of a face as plain values (None if it holds anything else)."""
    values, names, lazy = {}, {}, {}
    for attr, value in vars(face).items():
        if attr in _NOT_STORED or attr.startswith("_cv_"):
            continue
        if type(value) is TTFNameBytes:
            names[attr] = value.ustr
        elif attr in _LAZY:
            lazy[attr] = value
        else:
            values[attr] = value
    try:
        marshal.dumps(values)
        packed = marshal.dumps(lazy)
    except ValueError:  # something marshal cannot hold: ReportLab changed; do not cache
        return None
    return {"values": values, "names": names, "lazy": packed, "digest": face._cv_digest}


def _write(entry: Path, key: list, face) -> None:
    """Store a parsed face."""
    state = snapshot(face)
    if state is not None:
        _store(entry, [key, state])
        _sweep(entry.parent)


def _store(entry: Path, value) -> bool:
    """Write a cache entry: to a new file (:func:`cv_builder.files.new_temporary`: created for this write alone,
    0600, never through a link), renamed into place, so that a concurrent build reads
    all of it or nothing."""
    payload = marshal.dumps(value)
    try:
        fd, tmp = new_temporary(entry.parent, f".{entry.name}.", ".tmp")
    except OSError:  # a read-only home, a full disk: builds work without the cache
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, entry)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def _sweep(where: Path, age: float = 3600) -> None:
    """Remove temporary files a killed build left in the cache folder (an hour old)."""
    try:
        now = time.time()
        for e in os.scandir(where):
            if e.name.startswith(".") and e.name.endswith(".tmp") and \
                    now - e.stat(follow_symlinks=False).st_mtime > age:
                os.unlink(e.path)
    except OSError:
        pass


def _restore(filename: str, size: int, state) -> Optional["CachedFace"]:
    """A face as ReportLab's parse makes it, from a stored state; None if the state
    does not have the shape a parse gives (then the font is parsed)."""
    if not _valid_state(state):
        return None
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(state["values"])
    for attr, text in state["names"].items():
        setattr(face, attr, TTFNameBytes(text.encode("utf-8")))
    face._cv_lazy = state["lazy"]
    face._cv_size = size
    face._cv_digest = state["digest"]
    face._pos = 0
    face.filename = filename
    upem = face.unitsPerEm
    if upem == 1000:
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / upem
        face._pdfScale = lambda x: x * mult
    return face


_NUMBERS = (int, float)
_METRICS = ("ascent", "descent", "capHeight", "stemV", "italicAngle", "flags", "defaultWidth",
            "underlinePosition", "underlineThickness")


def _valid_state(state) -> bool:
    """Whether a stored face has the shape ReportLab's parse gives: the attributes a
    layout uses, of the right types and sizes, a sample of the character map and
    widths in range. It costs microseconds, not a pass over every character: the
    entry's digest already holds every value to what was written, and what a face
    says cannot be checked without parsing the font."""
    try:
        values, names, lazy, digest = state["values"], state["names"], state["lazy"], state["digest"]
        if not (type(values) is dict and type(names) is dict and type(lazy) is bytes and type(digest) is str
                and len(digest) == 64 and set(map(type, values)) <= {str} and set(map(type, names)) <= {str}
                and set(map(type, names.values())) <= {str} and names.get("name")):
            return False
        if any(k.startswith("_cv_") or k in _NOT_STORED or k.startswith("__") or hasattr(CachedFace, k)
               for k in (*values, *names)):
            return False  # an attribute that would replace a method, or one of ours
        glyphs, upem = values["numGlyphs"], values["unitsPerEm"]
        if not (type(glyphs) is int and 0 < glyphs <= 0xFFFF and type(upem) is int and 16 <= upem <= 16384):
            return False
        to_glyph, widths = values["charToGlyph"], values["charWidths"]
        if not (type(to_glyph) is dict and type(widths) is dict and len(to_glyph) == len(widths)
                and len(to_glyph) <= rl_fixes.MAX_MAPPED):
            return False
        widest = 0xFFFF * 1000 / upem
        for code in {next(iter(to_glyph), 32), next(reversed(to_glyph), 32), 32, 65, 97}:
            if code in to_glyph:
                glyph, width = to_glyph[code], widths[code]
                if not (type(code) is int and type(glyph) is int and 0 <= glyph < glyphs
                        and type(width) in _NUMBERS and 0 <= width <= widest):
                    return False
        if not all(type(values[k]) in _NUMBERS for k in _METRICS):
            return False
        bbox = values["bbox"]
        return type(bbox) in (list, tuple) and len(bbox) == 4 and all(type(v) in _NUMBERS for v in bbox)
    except (KeyError, TypeError, ValueError):
        return False


def _valid_lazy(values, face) -> bool:
    try:
        glyphs = face.__dict__["numGlyphs"]
        hmetrics, positions, to_char = values["hmetrics"], values["glyphPos"], values["glyphToChar"]
        return (type(hmetrics) is list and len(hmetrics) == glyphs and set(map(type, hmetrics)) <= {tuple}
                and all(len(m) == 2 for m in hmetrics)
                and type(positions) is list and len(positions) == glyphs + 1 and set(map(type, positions)) == {int}
                and positions[0] >= 0 and positions == sorted(positions)
                and positions[-1] <= face.__dict__.get("_cv_size", 0)
                and type(to_char) is dict and set(map(type, to_char)) <= {int})
    except (KeyError, TypeError, ValueError):
        return False


class CachedFace(rl_fixes.Face):
    """The face of every font we load, parsed or restored from the cache.

    - Restored from the cache, what only subsetting and shaping use, and the
      file's bytes, are unpacked or read on first use (``__getattr__``); the bytes
      must be those the entry was made from (their size and digest).
    - The font subsets a document embeds are kept, per face, in the process and
      in the cache folder: building the same CV again (or after an edit that adds
      no new character) makes the same subsets, which cost ~9 ms a build to cut and
      compress. A subset is a function of the font file and the characters (in
      order) only.
    """

    def __getattr__(self, attr):  # only called for attributes not (yet) set
        d = self.__dict__
        if attr == "_ttf_data" and "_cv_size" in d:
            data = read_font(d["filename"])
            if len(data) != d["_cv_size"] or hashlib.sha256(data).hexdigest() != d.get("_cv_digest"):
                raise rl_fixes.font_error(d["filename"], "it changed during the build; build again")
            d["_ttf_data"] = data
            return data
        lazy = d.pop("_cv_lazy", None)
        if lazy is not None:
            try:
                values = marshal.loads(lazy)
            except Exception:  # noqa: BLE001 - checked below
                values = None
            if not _valid_lazy(values, self):  # (an entry's digest makes this all but impossible)
                fresh = rl_fixes.parse_face(read_font(d["filename"]), d["filename"], CachedFace)
                values = {k: fresh.__dict__[k] for k in _LAZY}
            d.update(values)
            if attr in d:
                return d[attr]
        raise AttributeError(attr)

    def makeSubset(self, subset):
        memo = self.__dict__.setdefault("_cv_subsets", {})
        key = tuple(subset)
        data = memo.get(key)
        if data is None:
            data = _stored_subset(self, key)
            if data is None:
                data = super().makeSubset(subset)
                _store_subset(self, key, data)
            remember(memo, key, data, 16)
        return data


# -- subsets -------------------------------------------------------------------------------------
SUBSETS_KEPT = 256  # subset entries in the cache folder; the least recently used go first


def _subset_entry(face, subset: tuple) -> Optional[tuple[Path, list]]:
    digest = face.__dict__.get("_cv_digest")
    where = _private(folder())
    if where is None or digest is None:
        return None
    where = _private(where / "subsets")
    if where is None:
        return None
    key = [TAG, digest, list(subset)]
    return where / f"{Path(face.filename).stem}-{_short(repr(key))}.subset", key


def _stored_subset(face, subset: tuple) -> Optional[bytes]:
    """A subset cut in an earlier build (its compressed bytes go to the deflate memo)."""
    found = _subset_entry(face, subset)
    if found is None:
        return None
    entry, key = found
    value = _read(entry, key)
    if not (isinstance(value, list) and len(value) == 2 and _is_font_program(value[0])
            and type(value[1]) is bytes):
        return None
    data, deflated = value
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            os.utime(fd)  # recently used: kept longest
        finally:
            os.close(fd)
    except (OSError, NotImplementedError):
        pass
    rl_fixes.remember_deflated(data, deflated)
    return data


def _is_font_program(data) -> bool:
    """Whether `data` starts as a TrueType font does: version, a table directory
    within it. (A subset ReportLab cuts has 1 to 20 tables.)"""
    if type(data) is not bytes or len(data) < 12 or data[:4] != b"\x00\x01\x00\x00":
        return False
    tables = int.from_bytes(data[4:6], "big")
    if not 1 <= tables <= 64 or len(data) < 12 + 16 * tables:
        return False
    for i in range(tables):
        record = data[12 + 16 * i: 28 + 16 * i]
        offset, length = int.from_bytes(record[8:12], "big"), int.from_bytes(record[12:16], "big")
        if offset + length > len(data):
            return False
    return True


def _store_subset(face, subset: tuple, data: bytes) -> None:
    found = _subset_entry(face, subset)
    if found is None:
        return
    entry, key = found
    if _store(entry, [key, [data, rl_fixes.DEFLATE.encode(data)]]):
        _prune(entry.parent)


def _prune(where: Path) -> None:
    """Keep the cache folder's subsets to the SUBSETS_KEPT most recently used."""
    try:
        entries = [e for e in os.scandir(where) if e.name.endswith(".subset")]
        if len(entries) <= SUBSETS_KEPT:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for e in entries[:len(entries) - SUBSETS_KEPT // 2]:
            os.unlink(e.path)
    except OSError:
        pass
    _sweep(where)
