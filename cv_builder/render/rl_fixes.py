"""Corrections of ReportLab 5.1, each where ReportLab does something wrong or slow.

Every correction here relies on ReportLab internals (a function's globals, an
attribute, the text a helper writes), so each has a test in
``tests/test_rl_fixes.py`` that fails when an upgrade of ReportLab changes what
it relies on, or makes the correction unneeded. Nothing here changes anything
shared by the process (a module global, a class of ReportLab's, ``rl_config``):
a correction applies to our own fonts and our own documents only, so other
documents made with ReportLab in the same process, in other threads too, are
made as ReportLab makes them.

- :class:`Font` (a TTFont): subset tags that differ (:func:`subset_tag`),
  characters beyond U+FFFF mapped as UTF-16 and Arabic joined forms mapped to
  their letters (:func:`unicode_map`), and the
  widths, Unicode maps and text codes of its subsets made from memos.
- :func:`make_font`: ``TTFont.__init__`` for a face already parsed (by
  :func:`parse_face`, or restored by :mod:`.fontcache`).
- :func:`parse_face` and :meth:`Face.makeSubset`: a damaged font file is a
  clear error naming the file, never an IndexError from deep inside ReportLab.
- :func:`registered` and :func:`unregister`: ReportLab's font registry.
- :func:`binary_streams`: a document's content streams written in binary,
  without ReportLab's global ``rl_config.useA85``.
- :func:`formatted` and :func:`indirect_formatted`: a document's objects written
  byte for byte as ReportLab writes them, without its per-token text codec
  (numbers and names here; the format methods of ``pdfdoc``'s classes re-run
  with these as their module's names).
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
import types
import zlib
from fnmatch import fnmatch
from struct import unpack_from
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import PDFArray, PDFFormXObject, PDFObject, PDFStream, PDFZCompress
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace, makeToUnicodeCMap

from ..errors import CVError, Position, Problem
from ..lang.bidi import glyph_unicode
from ..memo import remember


# -- damaged font files --------------------------------------------------------------------------
def parse_face(data: bytes, filename: str, cls: type = None):
    """A parsed face of the TrueType font `data` (the bytes of the file `filename`).

    ReportLab's parser trusts the file: a damaged one (no tables, cut short, an
    offset past the end) raises whatever Python raises where it stumbles
    (struct.error, IndexError, KeyError, ZeroDivisionError, …), which looks like a
    bug in cv-builder. Here any of those is a TTFError that names the file."""
    source = io.BytesIO(data)
    source.name = filename  # ReportLab takes the face's filename from the file's name
    try:
        mapped = cmap_size(data)
        if mapped > MAX_MAPPED:
            raise TTFError(f"its character map maps {mapped:,} characters, more than "
                           f"there are ({MAX_MAPPED:,} at most)")
        return (cls or Face)(source)
    except TTFError as exc:
        raise TTFError(_damaged(filename, str(exc))) from None
    except Exception as exc:  # noqa: BLE001 - whatever ReportLab stumbled on, the file is damaged
        raise TTFError(_damaged(filename, f"{type(exc).__name__}: {exc}")) from None


MAX_MAPPED = 0x40000  # characters a font's map may give: more than any real font (a CJK one: ~45,000)


def cmap_size(data: bytes) -> int:
    """How many characters the largest subtable of a font's character map (``cmap``)
    maps, counted from its ranges without building anything.

    ReportLab builds its character map by walking every range a subtable gives,
    one character at a time: a damaged range (a format-12 group from 0 to 2³²-1,
    overlapping format-4 segments) made it build a dictionary of billions of
    entries, 23 GB before the machine killed it. Counted first, such a font is
    refused in microseconds. (Struct errors on a cut-short file are left to
    :func:`parse_face` to report.)"""
    base = unpack_from(">L", data, 12)[0] if data[:4] == b"ttcf" else 0  # a collection: its first font
    tables = unpack_from(">H", data, base + 4)[0]
    where = None
    for i in range(tables):
        tag, _, offset, _ = unpack_from(">4sLLL", data, base + 12 + 16 * i)
        if tag == b"cmap":
            where = offset
            break
    if where is None:
        return 0
    most = 0
    for i in range(min(unpack_from(">H", data, where + 2)[0], 256)):
        _, _, sub = unpack_from(">HHL", data, where + 4 + 8 * i)
        sub += where
        fmt, count = unpack_from(">H", data, sub)[0], 0
        if fmt == 4:
            segments = unpack_from(">H", data, sub + 6)[0] // 2
            ends = unpack_from(f">{segments}H", data, sub + 14)
            starts = unpack_from(f">{segments}H", data, sub + 16 + 2 * segments)
            count = sum(max(0, e - s + 1) for s, e in zip(starts, ends))
        elif fmt in (12, 13):
            groups = unpack_from(">L", data, sub + 12)[0]
            if groups > MAX_MAPPED:
                return groups
            numbers = unpack_from(f">{3 * groups}L", data, sub + 16)
            count = sum(max(0, end - start + 1) for start, end in zip(numbers[0::3], numbers[1::3]))
        elif fmt == 10:
            count = unpack_from(">L", data, sub + 16)[0]
        most = max(most, count)
    return most


def _damaged(filename: str, why: str) -> str:
    why = why.replace(f'"{filename}"', "it").replace(filename, "it")
    return f"it is damaged or not a TrueType font ({why[:200]})"


class Face(TTFontFace):
    """ReportLab's TrueType face, with two corrections.

    - :meth:`makeSubset` (the glyphs a PDF embeds, cut out of the file) reads
      tables at the offsets the file gives; a damaged file that parsed (a glyph
      table cut short) fails there, in the middle of writing the PDF, with an
      IndexError or a struct.error. It is a :class:`~cv_builder.errors.CVError`
      naming the font file here.
    - The font program is compressed through :data:`DEFLATE`, which remembers
      what it compressed: a watch loop embeds the same subsets build after build.
    """

    def makeSubset(self, subset):
        try:
            return TTFontFace.makeSubset(self, subset)
        except Exception as exc:  # noqa: BLE001 - as in parse_face
            raise font_error(self.filename, _damaged(self.filename, f"{type(exc).__name__}: {exc}")) from None

    def addSubsetObjects(self, doc, fontname, subset):
        ref = TTFontFace.addSubsetObjects(self, doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [PDFZCompress]:
            stream.filters = [DEFLATE]
        return ref


def font_error(filename: str, why: str) -> CVError:
    """The error of a font file that cannot be used."""
    return CVError([Problem(f"the font file cannot be used: {why}", position=Position(str(filename)),
                            hint="fonts must be TrueType (.ttf with glyf outlines); "
                                 "reinstall the fonts/ folder from the repository")])


# -- TTFont.__init__ for a parsed face -----------------------------------------------------------
def make_font(name: str, face):
    """A :class:`Font` named `name` for a parsed `face`: what ``TTFont(name, filename)``
    makes, without parsing the file again.

    ReportLab's ``TTFont.__init__`` parses the file itself (``TTFontFace(filename)``);
    a face parsed from bytes we read (:func:`parse_face`) or restored from the
    cache needs the rest of what it does, done here. (A test compares the two
    attribute by attribute.)"""
    font = Font.__new__(Font)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


# -- the font registry ---------------------------------------------------------------------------
_REGISTRY = threading.Lock()


def registered(name: str):
    """The font registered under `name`, or None.

    ``pdfmetrics.getFont`` would, for a name it does not know, look for a Type 1
    font of that name on the font search path and register what it finds: a
    question must not do that."""
    return pdfmetrics._fonts.get(name)


def register(font):
    """Register `font` under its name, unless a font is registered under that name
    already; returns the registered one. (Threads registering the same name get one font.)

    ReportLab's ``registerFont`` gives a new name the font registered first with the
    same PostScript name, if there is one: a font of another file (another version of
    DejaVu Sans, registered by a program that uses this package), with other glyphs
    and widths, silently. The name is given our font here."""
    with _REGISTRY:
        known = pdfmetrics._fonts.get(font.fontName)
        if known is not None:
            return known
        pdfmetrics.registerFont(font)
        pdfmetrics._fonts[font.fontName] = font
        return font


def unregister(name: str) -> None:
    """Forget the font registered under `name`.

    ReportLab remembers a TrueType font twice: by its name and by its face's
    PostScript name (``_dynFaceNames``), and registering a font whose PostScript
    name is known gives the font known, silently. Both must go, or a changed font
    file would be drawn with the old face. (``TTFont.unregister`` deletes the
    PostScript name even when it belongs to another registered font.)"""
    with _REGISTRY:
        font = pdfmetrics._fonts.pop(name, None)
        face = getattr(font, "face", None)
        if face is not None and pdfmetrics._dynFaceNames.get(face.name) is font:
            del pdfmetrics._dynFaceNames[face.name]


# -- binary content streams ----------------------------------------------------------------------
def binary_streams(document) -> None:
    """Write the content streams of `document` (a ``PDFDocument``, ``canvas._doc``)
    compressed and binary, not ASCII85 text; call it before the document is written.

    ReportLab wraps each page's and form's compressed stream in ASCII85 when
    ``rl_config.useA85`` is on (its default), which makes them a quarter larger
    and costs time; PDF has been a binary format since 1.0. That setting is global
    (changing it for our document would change it for every document of the
    process, in every thread), and it is read when a page or a form is written:
    its stream is made then, unless it is there already. So each is given its
    stream here, made as ReportLab makes it, with Flate alone."""
    for page in document.Pages.pages:
        if page.compression and not page.Contents and page.stream and not page.Override_default_compilation:
            page.Contents = _stream(page.stream, "page stream")
    for obj in list(document.idToObject.values()):
        if isinstance(obj, PDFFormXObject) and obj.compression and not obj.Contents and obj.stream:
            obj.Contents = _stream(obj.stream, "xobject form stream")
            obj.compression = 0  # (its format would set the filters from rl_config.useA85)


def _stream(content, comment: str) -> PDFStream:
    stream = PDFStream(content=content, filters=[DEFLATE])  # (a page drawn as before: its bytes remembered)
    stream.__Comment__ = comment
    return stream


# -- memos of what ReportLab writes the same way build after build -------------------------------
_DEFLATED: dict = {}  # font subset or Unicode map -> its compressed bytes (the last 64)


def remember_deflated(data: bytes, deflated: bytes) -> None:
    remember(_DEFLATED, data, deflated, 64)


class _Deflate:
    """ReportLab's FlateDecode filter (the same zlib call), remembering its last
    results: a watch loop embeds the same font subsets again and again, and
    ReportLab compresses each every time (~9 ms a build)."""

    pdfname = "FlateDecode"

    def encode(self, data):
        if isinstance(data, str):  # as ReportLab's filter does
            data = data.encode("utf8")
        out = _DEFLATED.get(data)
        if out is None:
            out = zlib.compress(data)
            remember_deflated(data, out)
        return out


DEFLATE = _Deflate()


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


# -- writing objects: ReportLab's format, its common cases without its per-token overhead --------
_ENCODED: dict = {}  # a name or text -> its bytes as ReportLab writes them (pdfdocEnc, a codec in Python)


def _encoded(text: str) -> bytes:
    known = _ENCODED.get(text)
    if known is None:
        if len(_ENCODED) > 4096:
            _ENCODED.clear()
        known = _ENCODED[text] = pdfdoc.pdfdocEnc(text)
    return known


def _pdf_name(key: str) -> str:
    """``pdfdoc.PDFName``, remembered (a loop over the characters of each key, each time)."""
    known = _ENCODED.get((key,))
    if known is None:
        if len(_ENCODED) > 4096:
            _ENCODED.clear()
        known = _ENCODED[(key,)] = pdfdoc.PDFName(key)
    return known


def formatted(element, document, toplevel: bool = False) -> bytes:
    """What ReportLab's ``pdfdoc.format(element, document, toplevel)`` gives, byte for byte,
    without its per-token overhead (each token through its text codec in Python: ~50 µs for a
    font's descriptor of 230 bytes, ~2 ms for the objects of a CV): numbers, bytes and names
    written here, and each object by its class's own ``format`` method run with this function as
    its module's ``format`` (:func:`_regloballed`); a method of another module's class, and
    anything with a comment to write, as ReportLab runs it."""
    kind = type(element)
    if kind is int or kind is float:
        return fp_str(element).encode("latin-1")
    if kind is bytes:
        return element
    if kind is str:
        return _encoded(element)
    if not isinstance(element, PDFObject) or (not toplevel and hasattr(element, "__RefOnly__")) or (
            not rl_config.invariant and rl_config.pdfComments and hasattr(element, "__Comment__")):
        return pdfdoc.format(element, document, toplevel)
    return _regloballed(kind.format)(element, document)


_FAST: dict = {}  # a format method of ReportLab's pdfdoc -> the same code, writing through formatted()


def _regloballed(method):
    """A ``format`` method of a class of ReportLab's ``pdfdoc`` (a dictionary, a stream, a page,
    the catalog: each writes its parts with the module's ``format``), run with :func:`formatted`,
    the memo of encoded texts and of names as that module's ``format``, ``pdfdocEnc`` and
    ``PDFName``: a copy of the module's names for this code alone, as :func:`add_objects` does;
    nothing shared is changed. A method of another module's class is run as it is."""
    known = _FAST.get(method)
    if known is None:
        if getattr(method, "__globals__", None) is vars(pdfdoc):
            names = dict(vars(pdfdoc), format=formatted, pdfdocEnc=_pdfdoc_encoded, PDFName=_pdf_name)
            known = types.FunctionType(method.__code__, names, method.__name__, method.__defaults__,
                                       method.__closure__)
        else:
            known = method
        _FAST[method] = known
    return known


def _pdfdoc_encoded(x):
    return _encoded(x) if type(x) is str else pdfdoc.pdfdocEnc(x)


def indirect_formatted(name: str, content, document) -> bytes:
    """``PDFIndirectObject(name, content).format(document)``, through :func:`formatted`."""
    n, v = document.idToObjectNumberAndVersion[name]
    document.encrypt.register(n, v)
    body = formatted(content, document, toplevel=True)
    return _encoded("%s %s obj\n" % (n, v)) + body + (b"" if body.endswith(b"\n") else b"\n") + b"endobj\n"


# -- our TrueType fonts --------------------------------------------------------------------------
def _first_subset(assignments: dict) -> tuple[frozenset, dict, int]:
    """The characters coded in a document's first subset of a font, and their codes
    (a no-break space is coded as a space, as ReportLab codes it)."""
    table = {c: n for c, n in assignments.items() if n < 256}
    if 32 in table:
        table[0xA0] = table[32]
    return frozenset(map(chr, table)), table, len(assignments)


class Font(TTFont):
    """ReportLab's TrueType font, corrected where it writes a wrong PDF, and quicker
    where it does the same work build after build.

    - Subset tags: ReportLab tags subset n of every font alike (``AAAAAA+`` for the
      first), where PDF wants each subset in a file tagged differently (and a tool
      that merges PDFs keeps one font per tag); see :func:`subset_tag`.
    - Unicode maps: ReportLab writes a character beyond U+FFFF (😀 in DejaVu Sans)
      as five hex digits, which is no UTF-16 at all, so parsers read nothing (or
      NUL) for it; see :func:`unicode_map`.
    - :meth:`splitString` (text to the codes of the document's subsets) takes
      text whose characters all have a code in the first subset already (all but
      the first lines of a CV) through ``str.translate``, not ReportLab's Python
      loop over its characters.
    - Each subset's widths (formatted number by number by ReportLab) and its
      Unicode map (compressed each time) are written from memos.
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
        add_objects(functools.partial(subset_tag, self.fontName, subsets))(self, doc)
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
            if subset and (max(subset) > 0xFFFF or any(_presentation(v) for v in subset)):
                cmap.content = unicode_map(base, subset)
            if cmap.filters == [PDFZCompress]:
                cmap.filters = [DEFLATE]


def add_objects(tags):
    """ReportLab's ``TTFont.addObjects``, with ``tags(n)`` for the tag of subset n.

    ReportLab's code calls its module's ``SUBSETN(n)`` for the tag (its only use
    there); the same code object runs here with a copy of the module's names in
    which SUBSETN is ``tags``. Nothing shared is changed, so other documents (and
    threads) keep ReportLab's own tags."""
    code = TTFont.addObjects
    names = dict(vars(ttfonts), SUBSETN=tags, makeToUnicodeCMap=_unicode_cmap)
    return types.FunctionType(code.__code__, names, code.__name__, code.__defaults__, code.__closure__)


_CMAPS: dict = {}  # (font name, subset) -> ReportLab's Unicode map of it (the last 64)


def _unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ``makeToUnicodeCMap``, remembered: the same subsets are written build after build."""
    key = (fontname, tuple(subset))
    known = _CMAPS.get(key)
    if known is None:
        known = remember(_CMAPS, key, makeToUnicodeCMap(fontname, subset), 64)
    return known


def subset_tag(font: str, subsets: list[list[int]], n: int) -> bytes:
    """Six capital letters for subset `n` of `font`, from the font and the characters in
    the subset: the same in every build of the same text, different (as PDF asks) for
    the subsets of one file, and for subsets of other text (so a tool that merges PDFs
    and keeps one font per name does not mix them up), but for a 1 in 300 million chance."""
    key = f"{font}:{n}:{','.join(map(str, subsets[n] if n < len(subsets) else ()))}"
    digest = int.from_bytes(hashlib.blake2s(key.encode(), digest_size=8).digest(), "big")
    letters = []
    for _ in range(6):
        digest, i = divmod(digest, 26)
        letters.append(65 + i)
    return bytes(letters)


def _presentation(code: int) -> bool:
    """An Arabic presentation form (a joined letter, a lam-alef ligature: what
    :func:`cv_builder.lang.bidi.shape` draws)."""
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC


def unicode_map(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap (``makeToUnicodeCMap``), with characters beyond
    U+FFFF written as UTF-16 surrogate pairs (``<D83D DE00>``, not ``<1F600>``), and
    each Arabic joined form mapped to the letter it draws (ﺑ reads as ب, ﻻ as its two
    letters: :func:`cv_builder.lang.bidi.glyph_unicode`): a parser finds the words."""

    def text(v: int) -> str:
        return glyph_unicode(chr(v)) if _presentation(v) else chr(v)

    lines = makeToUnicodeCMap(fontname, subset).split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    lines[start:start + len(subset)] = [f"<{i:02X}> <{text(v).encode('utf-16-be').hex().upper()}>"
                                        for i, v in enumerate(subset)]
    return "\n".join(lines)
