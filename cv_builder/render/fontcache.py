"""Parsed TrueType fonts, kept between processes; font subsets, kept between builds.

ReportLab's :class:`~reportlab.pdfbase.ttfonts.TTFont` reads every table of a
font file in Python on each start: about 4 ms for a face of Source Sans 3 and
16 ms for DejaVu Sans, 30 ms or more for the faces of one build, which is more
than the rest of a cold build's own work. What it computes (names, metrics,
the character map, glyph widths and offsets) depends only on the file and on
ReportLab's version, so it is written once, with :mod:`marshal`, to a cache
folder and read back in well under a millisecond a face. The font file itself
is still read (subsetting needs its glyphs), but not parsed.

Only what laying out text needs (names, metrics, the character map and
widths) is unpacked when a face is loaded; the glyph offsets and metrics that
only subsetting uses, the reverse map that only shaping uses, and the file's
bytes are unpacked or read when first asked for (:class:`Face`), so a face a
build never draws costs almost nothing.

The subsets of a face that a PDF embeds (the glyphs it uses, cut out of the
font and compressed: ~9 ms a build) are kept too, in the process and in the
cache folder (``subsets/``, the last 256), keyed by the font file and the
characters in their order. Editing a CV seldom changes them, so a rebuild, in a
watch loop or a fresh process, takes them from there.

The cache folder is ``$CV_BUILDER_CACHE`` if set (``off`` turns the cache off),
else ``$XDG_CACHE_HOME/cv-builder`` or ``~/.cache/cv-builder``. An entry is
used only if it names the same file (absolute path, size, modification time),
the same ReportLab version and this module's :data:`FORMAT`; anything else, or
any error reading or writing the cache, falls back to ReportLab's own parse, so
the cache can only make a build faster, never different (a test checks that a
face restored from the cache equals a freshly parsed one, attribute by
attribute).
"""

from __future__ import annotations

import functools
import marshal
import os
import types
import zlib
from pathlib import Path
from typing import Optional

from reportlab import Version
from reportlab.pdfbase.pdfdoc import PDFArray, PDFObject, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from ..memo import remember

FORMAT = 2  # bump when what is stored changes

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


def load(name: str, path: Path):
    """A TTFont for the file at `path`, registered under `name` by the caller."""
    path = Path(path).resolve()
    st = path.stat()
    key = [FORMAT, Version, str(path), st.st_size, st.st_mtime_ns]
    where = folder()
    entry = where / f"{path.stem}-{_digest(str(path))}.font" if where else None
    if entry is not None:
        state = _read(entry, key)
        if state is not None:
            try:
                font = _restore(name, str(path), st.st_size, state)
                font.face._cv_key = key
                return font
            except Exception:  # noqa: BLE001 - a bad entry is parsed again below
                pass
    font = Font(name, str(path))
    if entry is not None:
        _write(entry, key, font.face)
    font.face.__class__ = Face  # adds only methods: the parsed face is unchanged
    font.face._cv_key = key
    return font


def _digest(text: str) -> str:
    import hashlib
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def _unpack(data: bytes):
    import gc

    enabled = gc.isenabled()
    gc.disable()  # thousands of new ints, tuples and dicts, none in a cycle: no collection needed
    try:
        return marshal.loads(data)
    finally:
        if enabled:
            gc.enable()


def _read(entry: Path, key: list) -> Optional[dict]:
    try:
        stored_key, state = _unpack(entry.read_bytes())
    except Exception:  # noqa: BLE001 - missing, unreadable or foreign: not used
        return None
    return state if stored_key == key and isinstance(state, dict) else None


def snapshot(face) -> Optional[dict]:
    """The parsed state of a face as plain values (None if it holds anything else)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    values, names, lazy = {}, {}, {}
    for attr, value in vars(face).items():
        if attr in _NOT_STORED:
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
    return {"values": values, "names": names, "lazy": packed}


def _write(entry: Path, key: list, face) -> None:
    """Store a parsed face."""
    state = snapshot(face)
    if state is not None:
        _store(entry, [key, state])


def _store(entry: Path, value) -> bool:
    """Write a cache entry atomically (a concurrent build reads all of it or nothing)."""
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, entry)
        return True
    except OSError:  # a read-only home, a full disk: builds work without the cache
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


SUBSETS_KEPT = 256  # subset entries in the cache folder; the least recently used go first


def _subset_entry(face, subset: tuple) -> Optional[tuple[Path, list]]:
    where = folder()
    font_key = face.__dict__.get("_cv_key")
    if where is None or font_key is None:
        return None
    key = [font_key, list(subset)]
    stem = Path(font_key[2]).stem
    return where / "subsets" / f"{stem}-{_digest(repr(key))}.subset", key


def _stored_subset(face, subset: tuple) -> Optional[bytes]:
    """A subset cut in an earlier build (its compressed bytes go to the deflate memo)."""
    found = _subset_entry(face, subset)
    if found is None:
        return None
    entry, key = found
    try:
        stored_key, data, deflated = _unpack(entry.read_bytes())
    except Exception:  # noqa: BLE001 - missing, unreadable or foreign: cut again
        return None
    if stored_key != key or not isinstance(data, bytes) or not isinstance(deflated, bytes):
        return None
    try:
        os.utime(entry)  # recently used: kept longest
    except OSError:
        pass
    _remember_deflated(data, deflated)
    return data


def _store_subset(face, subset: tuple, data: bytes) -> None:
    found = _subset_entry(face, subset)
    if found is None:
        return
    entry, key = found
    if _store(entry, [key, data, _DEFLATE.encode(data)]):
        _prune(entry.parent)


def _prune(where: Path) -> None:
    """Keep the cache folder's subsets to the SUBSETS_KEPT most recently used."""
    try:
        entries = [e for e in os.scandir(where) if e.name.endswith(".subset")]
        if len(entries) <= SUBSETS_KEPT:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for e in entries[:len(entries) - SUBSETS_KEPT // 2]:
            os.unlink(e.path)
    except OSError:
        pass


_DEFLATED: dict = {}  # font subset -> its compressed bytes (the last 64)


def _remember_deflated(data: bytes, deflated: bytes) -> None:
    remember(_DEFLATED, data, deflated, 64)


class _Deflate:
    """ReportLab's FlateDecode filter (the same zlib call), remembering its last
    results: a watch loop embeds the same font subsets again and again."""

    pdfname = "FlateDecode"

    def encode(self, data):
        if isinstance(data, str):  # as ReportLab's filter does
            data = data.encode("utf8")
        out = _DEFLATED.get(data)
        if out is None:
            out = zlib.compress(data)
            _remember_deflated(data, out)
        return out


_DEFLATE = _Deflate()


class Face(TTFontFace):
    """The face of every font we register (restored from the cache or parsed).

    - Restored from the cache, what only subsetting and shaping use, and the
      file's bytes, are unpacked or read on first use (``__getattr__``).
    - The font subsets a document embeds are kept, per face, with their
      compressed bytes, in the process and in the cache folder: building the
      same CV again (or after an edit that adds no new character) makes the
      same subsets, which cost ~9 ms a build to cut and compress. A subset is a
      function of the font file and the characters (in order) only.
    """

    def __getattr__(self, attr):  # only called for attributes not (yet) set
        d = self.__dict__
        if attr == "_ttf_data" and "_cv_size" in d:
            data = Path(d["filename"]).read_bytes()
            if len(data) != d.pop("_cv_size"):
                raise TTFError(f"{d['filename']} changed during the build")
            d["_ttf_data"] = data
            return data
        lazy = d.pop("_cv_lazy", None)
        if lazy is not None:
            d.update(_unpack(lazy))
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
                data = TTFontFace.makeSubset(self, subset)
                _store_subset(self, key, data)
            remember(memo, key, data, 16)
        return data

    def addSubsetObjects(self, doc, fontname, subset):
        ref = TTFontFace.addSubsetObjects(self, doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [PDFZCompress]:
            stream.filters = [_DEFLATE]
        return ref


class _Formatted(PDFObject):
    """A PDF array of numbers, formatted once: the glyph widths of a font subset,
    which ReportLab formats number by number (a tenth of writing a CV's PDF)."""

    MEMO: dict = {}  # widths -> their bytes (the last 256)

    def __init__(self, numbers: list):
        self.numbers = tuple(numbers)

    def format(self, document):
        data = self.MEMO.get(self.numbers)
        if data is None:
            data = remember(self.MEMO, self.numbers, PDFArray(list(self.numbers)).format(document), 256)
        return data


def _first_subset(assignments: dict) -> tuple[frozenset, dict, int]:
    """The characters coded in a document's first subset of a font, and their codes
    (a no-break space is coded as a space, as ReportLab codes it)."""
    table = {c: n for c, n in assignments.items() if n < 256}
    if 32 in table:
        table[0xA0] = table[32]
    return frozenset(map(chr, table)), table, len(assignments)


class Font(TTFont):
    """ReportLab's TrueType font, with two shortcuts for what it does most often.

    - :meth:`splitString` (text to the codes of the document's font subsets)
      takes text whose characters all have a code in the first subset already
      (all but the first lines of a CV) through ``str.translate``, not a Python
      loop over its characters; the rest, which assigns new codes, goes through
      ReportLab's own.
    - Its subsets' widths and Unicode maps are written from memos: the same
      subsets are written build after build.
    """

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is not None and text and isinstance(text, str):
            fast = state.__dict__.get("_cv_fast")
            if fast is None or fast[2] != len(state.assignments):
                fast = state._cv_fast = _first_subset(state.assignments)
            if fast[0].issuperset(text):
                return [(0, text.translate(fast[1]).encode("latin-1"))]
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc):
        state = self.state.get(doc)
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))] if state else []
        subsets = [list(s) for s in state.subsets] if state else []
        # ReportLab tags subset n of every font alike (AAAAAA+ for the first), where PDF
        # wants each subset in a file tagged differently: its own addObjects runs with
        # our tags, made from the font and the subset's characters (see subset_tag)
        _add_objects(functools.partial(subset_tag, self.fontName, subsets))(self, doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in zip(names, subsets):
            pdf_font = fonts.get(name)
            widths = getattr(pdf_font, "Widths", None)
            if isinstance(widths, PDFArray) and all(type(w) in (int, float) for w in widths.sequence):
                pdf_font.Widths = _Formatted(widths.sequence)
            base = getattr(pdf_font, "BaseFont", "")
            cmap = doc.idToObject.get(f"toUnicodeCMap:{base}")
            if cmap is None:
                continue
            if subset and max(subset) > 0xFFFF:
                cmap.content = _unicode_map(base, subset)
            if cmap.filters == [PDFZCompress]:
                cmap.filters = [_DEFLATE]


def _add_objects(tags):
    """ReportLab's TTFont.addObjects, with ``tags(n)`` for the tag of subset n: the same
    code, run with its module's names but SUBSETN (its only use); nothing shared is
    changed, so other documents (and threads) keep ReportLab's own."""
    from reportlab.pdfbase import ttfonts

    code = TTFont.addObjects
    names = dict(vars(ttfonts), SUBSETN=tags)
    return types.FunctionType(code.__code__, names, code.__name__, code.__defaults__, code.__closure__)


def subset_tag(font: str, subsets: list[list[int]], n: int) -> bytes:
    """Six capital letters for subset `n` of `font`, from the font and the characters in
    the subset: the same in every build of the same text, different (as PDF asks) for
    the subsets of one file, and for subsets of other text (so a tool that merges PDFs
    and keeps one font per name does not mix them up), but for a 1 in 300 million chance."""
    import hashlib

    key = f"{font}:{n}:{','.join(map(str, subsets[n] if n < len(subsets) else ()))}"
    digest = int.from_bytes(hashlib.blake2s(key.encode(), digest_size=8).digest(), "big")
    letters = []
    for _ in range(6):
        digest, i = divmod(digest, 26)
        letters.append(65 + i)
    return bytes(letters)


def _unicode_map(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF (😀 in DejaVu Sans)
    written as UTF-16 surrogate pairs: ReportLab writes them as five hex digits,
    which is no UTF-16 at all, and parsers read nothing (or NUL) for them."""
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    lines = makeToUnicodeCMap(fontname, subset).split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    lines[start:start + len(subset)] = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
                                        for i, v in enumerate(subset)]
    return "\n".join(lines)


def _restore(name: str, filename: str, size: int, state: dict):
    """A TTFont as ``TTFont(name, filename)`` makes it, from a stored face state."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes

    face = Face.__new__(Face)
    face.__dict__.update(state["values"])
    for attr, text in state["names"].items():
        setattr(face, attr, TTFNameBytes(text.encode("utf-8")))
    face._cv_lazy = state["lazy"]
    face._cv_size = size
    face._pos = 0
    face.filename = filename
    upem = face.unitsPerEm
    if upem == 1000:
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / upem
        face._pdfScale = lambda x: x * mult
    # what TTFont.__init__ does besides parsing the face
    font = Font.__new__(Font)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font
