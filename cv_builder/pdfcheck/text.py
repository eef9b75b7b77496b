"""The text of a page, as a parser reads it: fonts, their Unicode maps, content streams.

Each page's content is read in stream order through its fonts' ToUnicode maps,
in one pass of one regular expression (:data:`_CONTENT`); forms (XObjects) are
read once each, however often they are drawn, and a form that draws itself is
noted, not followed. Unicode maps are parsed once per distinct stream, also
across documents (a watch loop checks the same subsets again and again).

Every loop is paid for from the document's budget: operations read, map
entries made, characters extracted. The regular expressions match in one way
only, so that no input makes them backtrack more than linearly.
"""

from __future__ import annotations

import re
from binascii import a2b_hex
from typing import Any, Optional

from ..memo import Recent, remember
from .budget import Budget
from .reader import Document
from .syntax import _ESCAPES, Name, Ref, Stream, PDFError

_SURROGATE = re.compile(rb"[\xd8-\xdf]")  # the high byte of a UTF-16 unit that is half of a pair
_CODESPACE = re.compile(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_HEXES = rb"<([0-9A-Fa-f]*)>|\[([^\]\[]*)\]"  # (no '[' inside: each '[' is read past once)


def _blocks(data: bytes, begin: bytes, end: bytes):
    """What stands between each begin and the end after it, in one pass (a regular
    expression ``begin(.*?)end`` searched from every begin: quadratic without an end)."""
    pos = 0
    while True:
        i = data.find(begin, pos)
        if i < 0:
            return
        i += len(begin)
        j = data.find(end, i)
        if j < 0:
            return
        yield data[i:j]
        pos = j + len(end)


def _utf16(hexdigits: bytes) -> str:
    raw = a2b_hex(hexdigits + b"0" * (len(hexdigits) % 2))
    return raw.decode("utf-16-be", "replace")


class _CMap:
    """A parsed ToUnicode map: the code width its codespace gives (None: it gives none),
    code -> text (None: the map cannot be read), and, made when first needed, the
    translate table of a one-byte font."""

    __slots__ = ("width", "map", "table")

    def __init__(self) -> None:
        self.width: Optional[int] = None
        self.map: Optional[dict[int, str]] = None
        self.table: Optional[dict[int, str]] = None


# Parsed ToUnicode maps by the exact stream they come from: (filters, encoded bytes).
# A watch loop or a batch checks PDFs with the same font subsets again and again,
# and a map is a pure function of those bytes. Bounded: the oldest goes first, and
# only small maps are kept (ReportLab's are a few KB; a foreign file's may be large).
# (Shared between documents, so a _CMap and its dictionaries are never changed
# once made, except for filling in its table, which depends on its map only.)
_CMAPS: dict[tuple, _CMap] = {}
_CMAPS_MAX = 64
_CMAP_KEPT_BYTES = 1 << 16


def _stream_key(stream: Stream) -> Optional[tuple]:
    """What a stream's decoded bytes, so the parsed map of a ToUnicode stream, are a function
    of: its filters and encoded bytes (None: read it every time; so any other /Filter, such as
    an indirect one, and streams of more than 64 KB)."""
    filters = stream.dict.get("Filter")
    if len(stream.raw) > _CMAP_KEPT_BYTES:
        return None  # (not worth keeping)
    if filters is None or type(filters) is Name:
        return (filters, stream.raw)
    if type(filters) is list and all(type(f) is Name for f in filters):
        return (tuple(filters), stream.raw)
    return None


def _tounicode(stream: Stream) -> _CMap:
    """The parsed map of a ToUnicode stream (from the memo when seen before)."""
    key = _stream_key(stream)
    if key is not None:
        cmap = _CMAPS.get(key)
        if cmap is not None:
            return cmap
    cmap = _CMap()
    try:
        data = stream.decoded()
        m = _CODESPACE.search(data)
        if m:
            cmap.width = max(1, len(m.group(1)) // 2)
        cmap.map = _parse_cmap(data, stream.budget)
    except (PDFError, ValueError, ArithmeticError):
        cmap.map = None
    if key is not None:
        remember(_CMAPS, key, cmap, _CMAPS_MAX)
    return cmap


def _parse_cmap(data: bytes, budget: Optional[Budget] = None) -> dict[int, str]:
    """Code -> text of a (decoded) ToUnicode CMap; each entry made is paid for from budget."""
    budget = budget or Budget()
    out: dict[int, str] = {}
    for block in _blocks(data, b"beginbfchar", b"endbfchar"):
        pairs = _PAIR.findall(block)
        budget.spend_cmap(len(pairs))
        srcs = [s for s, _ in pairs]
        dsts = [d for _, d in pairs]
        joined = bytes.fromhex(b"".join(dsts).decode()) if set(map(len, dsts)) <= {4} else b""
        if joined and not _SURROGATE.search(joined[0::2]):
            # one UTF-16 unit each, none half of a pair (ReportLab's maps): decode in one go
            chars = joined.decode("utf-16-be")
            if set(map(len, srcs)) <= {2}:  # one-byte codes (ReportLab's again): the same, in one go
                codes: Any = bytes.fromhex(b"".join(srcs).decode())
            else:
                codes = (int(src, 16) for src in srcs)
            out.update(zip(codes, chars))
            continue
        for src, dst in pairs:
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in _blocks(data, b"beginbfrange", b"endbfrange"):
        items = re.findall(_HEXES, block)
        i = 0
        while i + 2 < len(items):
            lo, hi = int(items[i][0], 16), int(items[i + 1][0], 16)
            dst_hex, dst_arr = items[i + 2]
            i += 3
            # a range's codes differ in their last byte only: 256 at most; wider ones
            # (and backward ones) are damage, and must not cost millions of entries
            hi = min(hi, lo + 0xFFFF)
            if hi < lo:
                continue
            budget.spend_cmap(hi - lo + 1)  # (before making them: a "ToUnicode bomb" stops here)
            if dst_arr:
                for k, h in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", dst_arr)[:hi - lo + 1]):
                    out[lo + k] = _utf16(h)
            else:
                base = a2b_hex(dst_hex + b"0" * (len(dst_hex) % 2))
                prefix, last = base[:-2], int.from_bytes(base[-2:], "big")
                for k in range(hi - lo + 1):
                    if last + k > 0xFFFF:  # the destination runs past its last unit: no text
                        out[lo + k] = "\ufffd"
                        continue
                    out[lo + k] = (prefix + (last + k).to_bytes(2, "big")).decode("utf-16-be", "replace")
    return out


class Font:
    """What text extraction needs of a font: code width in bytes and code -> text."""

    def __init__(self, doc: Document, ref):
        d = doc.dict_of(ref)
        self.dict = d
        self.ref = ref
        self.subtype = d.get("Subtype")
        self.base = str(d.get("BaseFont", ""))
        self.width = 2 if self.subtype == "Type0" else 1
        self.map: Optional[dict[int, str]] = None  # (shared with other fonts: never changed)
        self._cmap: Optional[_CMap] = None
        tu = doc.resolve(d.get("ToUnicode"))
        key = None
        if isinstance(tu, Stream):
            key = _stream_key(tu)  # (a bytes object keeps its hash: the second key costs little)
            self._cmap = _tounicode(tu)
            if self._cmap.width is not None:
                self.width = self._cmap.width
            self.map = self._cmap.map
        # what the text of a string shown with the font is a function of (None: not known
        # by value, so a page drawn with it is read every time; see PageText)
        self.value: Optional[tuple] = (self.width, key) if key is not None or self._cmap is None else None

    def table(self) -> Optional[dict[int, str]]:
        """For a one-byte font with a map, the table that makes the text of a string shown
        with it: ``raw.decode("latin-1").translate(table)`` (None for any other font)."""
        if self.map is None or self.width != 1:
            return None
        table = self._cmap.table
        if table is None:
            table = {c: (t if t and t != "\x00" else "\ufffd") for c, t in self.map.items()}
            table.update({c: "\ufffd" for c in range(256) if c not in self.map})
            self._cmap.table = table
        return table

    def decode(self, raw: bytes) -> tuple[str, int]:
        """Text of a string shown with this font, and how many codes had no Unicode."""
        if self.map is None:
            if self.width == 1:  # a simple font without ToUnicode: its encoding is (close to) Latin-1
                return raw.decode("cp1252", "replace"), 0
            return "\ufffd" * (len(raw) // 2), len(raw) // 2
        if self.width == 1:
            text = raw.decode("latin-1").translate(self.table())
        else:
            m = self.map
            w = self.width
            text = "".join(m.get(int.from_bytes(raw[i:i + w], "big")) or "\ufffd"
                           for i in range(0, len(raw) - w + 1, w)).replace("\x00", "\ufffd")
        return text, text.count("\ufffd")


# What text extraction looks for in a content stream, in one pass: strings shown
# (Tj ' "), arrays shown (TJ), font changes (Tf), line moves, forms (Do). Other
# strings are matched too, so that nothing inside a string is taken for an
# operator. Every alternative starts with a literal character, which lets the
# regular expression engine skip everything else quickly. (An array holds no '[':
# with one, each '[' of 200,000 unclosed ones read to the end, quadratically.)
_IN_STR = rb"[^\\()]*(?:(?:\\.|\([^\\()]*\))[^\\()]*)*"  # a literal string's inside (one level of nesting)
_END = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"  # the end of a token
_NAMEC = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+"
# a marked-content sequence's properties written in the content (``<</MCID 3>>``): names,
# numbers, strings, hex strings; no dictionary in it (each alternative starts differently)
_PROPS = rb"(?:[^<>()]|\(" + _IN_STR + rb"\)|<[0-9A-Fa-f\s]*>)*"
_CONTENT = re.compile(
    rb"\((?P<lit>" + _IN_STR + rb")\)\s*(?P<litop>Tj|'|\")" + _END
    + rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*(?P<hexop>Tj|'|\")" + _END
    + rb"|\[(?P<array>(?:\(" + _IN_STR + rb"\)|<[0-9A-Fa-f\s]*>|[^\]()<\[])*)\]\s*TJ" + _END
    + rb"|/(?P<font>" + _NAMEC + rb")\s+[-+.\d]+\s+Tf" + _END
    + rb"|/(?P<form>" + _NAMEC + rb")\s+Do" + _END
    + rb"|/(?P<tag>" + _NAMEC + rb")\s*<<\s*/MCID\s+(?P<mcid>\d{1,9})\s*>>\s*BDC" + _END  # (cv-builder's)
    + rb"|/Artifact\s*(?:<<" + _PROPS + rb">>\s*|/" + _NAMEC + rb"\s*)?B(?P<art>DC|MC)" + _END
    + rb"|/(?P<other>" + _NAMEC + rb")\s*(?:<<(?P<props>" + _PROPS + rb")>>\s*|/(?P<named>" + _NAMEC
    + rb")\s*)?B(?P<mc>DC|MC)" + _END
    + rb"|T(?P<move>[*dDm])" + _END
    + rb"|E(?P<et>T)" + _END
    + rb"|E(?P<emc>MC)" + _END
    + rb"|B(?P<bmc>DC|MC)" + _END  # (a marked-content operator whose operands were not read above)
    + rb"|\((?P<skip>" + _IN_STR + rb")\)|%[^\r\n]*", re.S)
_MCID = re.compile(rb"/MCID\s*(\d{1,9})(?![0-9.])")
# What paints, outside text: a path stroked or filled, a shading, an inline image. Looked for
# only outside marked content (a CV's pages have a few bytes there), never in strings: as
# an alternative of _CONTENT, it made reading every page twice as slow.
_PAINT = re.compile(rb"\(" + _IN_STR + rb"\)|<[0-9A-Fa-f\s]*>|(?<![^\x00\t\n\x0c\r ])(?P<paint>[SsFfBb]\*?|sh|BI)"
                    + _END, re.S)
# The operators _PAINT finds (each with PDF white space before it, or at the start, and a
# delimiter, white space or the end after it), and a table that makes every delimiter and
# PDF white space a space: where no piece of the text split at spaces is one of them, there
# is none (a string may hold one that _PAINT skips: then _PAINT reads it).
_PAINTING = frozenset(b"S s F f B b S* s* F* f* B* b* sh BI".split())
_APART = bytes.maketrans(b"()<>[]{}/%\x00", b" " * 11)
_ARRAY_ITEM = rb"\((" + _IN_STR + rb")\)|<([0-9A-Fa-f\s]*)>|([-+]?(?:\d+(?:\.\d*)?|\.\d+))"


_ESCAPE = re.compile(rb"\\(?:[0-7]{1,3}|\r\n|.)", re.S)  # (as _STRING_PART reads them)


def _unescape(inside: bytes) -> bytes:
    """The bytes of a literal string, given what is between its parentheses.

    (What _literal() gives for it: its parentheses are balanced, so only the
    escapes change, each as _literal() reads it.)
    """
    if b"\\" not in inside:
        return inside
    return _ESCAPE.sub(_escaped, inside)


def _escaped(m: re.Match) -> bytes:
    tok = m.group()
    c = tok[1]
    if 48 <= c <= 55:
        return bytes([int(tok[1:], 8) & 0xFF])
    if tok[1:] == b"\r\n":
        return b""
    return _ESCAPES.get(c, tok[1:])


def _unhex(digits: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", digits)
    return a2b_hex(digits + b"0" * (len(digits) % 2))


def font(doc: Document, ref) -> Font:
    """The font of a font dictionary (read once per document)."""
    key = ref if isinstance(ref, Ref) else id(ref)
    found = doc._fonts.get(key)
    if found is None:
        found = doc._fonts[key] = Font(doc, ref)
        found.key = key
    return found


def _painted(data: bytes, gaps: list) -> int:
    """How many paths, shadings and inline images are painted in the parts ``gaps`` of data
    (the content outside marked content: read in one pass)."""
    outside = b" ".join([data[start:end] for start, end in gaps if end - start > 1])
    if not outside.strip():
        return 0
    if _PAINTING.isdisjoint(outside.translate(_APART).split()):
        return 0  # (no operator that paints stands alone in it, found at C speed: a third of the time)
    return sum(1 for m in _PAINT.finditer(outside) if m.lastgroup == "paint")


def _xobject(obj) -> Optional[str]:
    """What an XObject is, as reading content tells them apart: "form", "image" (any other
    stream), or None (not a stream)."""
    if not isinstance(obj, Stream):
        return None
    return "form" if obj.dict.get("Subtype") == "Form" else "image"


class _Form:
    """What a form XObject draws, read once: its text, codes without Unicode, missing fonts,
    and what it paints outside marked content of its own (see :class:`Marks`); ``looked``:
    what reading it looked up in its resources (see :class:`PageText`; None: not kept)."""

    __slots__ = ("text", "unmapped", "missing_fonts", "untagged", "looked")

    def __init__(self, text: str, unmapped: int, missing_fonts: set, untagged: int, looked: Optional[list]):
        self.text = text
        self.unmapped = unmapped
        self.missing_fonts = missing_fonts
        self.untagged = untagged
        self.looked = looked


class Marks:
    """The marked content of a page (PDF 32000-1, 14.6), read in the same pass as its text,
    for the rules of a tagged PDF (:mod:`.tags`):

    - ``mcids``: MCID -> (its tag, the range of the page's text parts it holds), for each
      marked-content sequence with an MCID (the content of a structure element);
    - ``twice``: MCIDs that mark two sequences of the page;
    - ``untagged``: how many text strings, paths, images and forms are painted outside any
      marked content (neither an element's content nor an artifact), and ``first``: the text
      part of the first such string (-1: none was text);
    - ``wrong``: what is wrongly nested (each said once), such as tagged content inside an
      artifact, an EMC that closes nothing, a sequence still open at the end.
    """

    __slots__ = ("mcids", "twice", "untagged", "first", "wrong", "sequences")

    def __init__(self) -> None:
        self.mcids: dict[int, tuple[str, int, int]] = {}
        self.twice: set[int] = set()
        self.untagged = 0
        self.first = -1
        self.wrong: list[str] = []
        self.sequences = 0  # marked-content sequences, of any kind

    def note(self, what: str) -> None:
        if what not in self.wrong:
            self.wrong.append(what)


_ARTIFACT = b"Artifact"


class _Read:
    """What reading a page's content found (a :class:`PageText`), and what it looked up in
    the page's resources to find it, kept for a rebuild: see :class:`PageText`."""

    __slots__ = ("looked", "parts", "text", "unmapped", "missing_fonts", "mcids", "twice", "untagged",
                 "first", "wrong", "sequences", "operations", "chars", "decoded")

    def __init__(self, page: "PageText", operations: int, chars: int, decoded: int):
        self.decoded = decoded  # the length of the content decoded
        self.looked = page._looked
        self.parts = tuple(page.parts)
        self.text = page.text
        self.unmapped = page.unmapped
        self.missing_fonts = frozenset(page.missing_fonts)
        marks = page.marks
        self.mcids = dict(marks.mcids)
        self.twice = frozenset(marks.twice)
        self.untagged = marks.untagged
        self.first = marks.first
        self.wrong = tuple(marks.wrong)
        self.sequences = marks.sequences
        self.operations = operations  # what the reading paid from the budget
        self.chars = chars


# Pages read, by their content: a single stream by its filters and encoded bytes (so that
# it need not be decoded again), else the decoded content. A rebuild draws most pages byte
# for byte as the build before did (all of them when the data did not change; those after
# an edited paragraph, unless it reflowed them), and what reading a page finds is a
# function of its content and of what the reading looked up in its resources: for each font named, the
# value of the font (Font.value: its code width and Unicode map, by the map's bytes); for
# each form drawn, its content and, again, what reading it looked up; for each image, that
# it is one; marked-content properties named. A page read before is used again when the
# same content, looked up in the same order in this document's resources, finds all of
# that the same (PageText._same): every step of reading it would be the same. For the
# build's own PDF only (Document.memo); what the last two builds read (cv_builder.memo).
_PAGES = Recent(limit=256)


def _encoded(streams: list) -> Optional[tuple]:
    """What a page's content (one stream, not decoded yet) decodes from: its filters and its
    encoded bytes (_stream_key()), the key of the page in _PAGES; None: key it by the decoded
    content."""
    if len(streams) != 1 or not isinstance(streams[0], Stream) or streams[0]._data is not None:
        return None
    return _stream_key(streams[0])


class PageText:
    """The text of a page in content-stream order, what went wrong, and its marked content
    (:class:`Marks`)."""

    def __init__(self, doc: Document, page: dict):
        self.doc = doc
        budget = self.budget = doc.budget
        self.parts: list[str] = []
        self.unmapped = 0
        self.missing_fonts: set[str] = set()
        self.marks = Marks()
        self._drawing: list = []  # the forms being read, innermost last
        # what the reading looked up in the resources, in order (None: not kept; see _PAGES)
        self._looked: Optional[list] = [] if doc.memo else None
        contents = doc.resolve(page.get("Contents"))
        streams = [doc.resolve(x) for x in (contents if isinstance(contents, list) else [contents])]
        encoded = _encoded(streams) if doc.memo else None
        if encoded is not None:  # (before decoding it: a page read before need not be decoded again)
            known = _PAGES.get(encoded)
            if (known is not None and known.decoded <= budget.limits.stream_bytes
                    and self._same(known.looked, doc.dict_of(page.get("Resources")))):
                if streams[0]._filters():  # (paid as decoding it would pay)
                    budget.spend_decoded(known.decoded, streams[0]._what())
                self._again(known)
                return
        decoded = [s.decoded() for s in streams if isinstance(s, Stream)]
        if len(decoded) > 1:
            budget.spend_decoded(sum(map(len, decoded)), "a page's content")
        resources = doc.dict_of(page.get("Resources"))
        data = b"\n".join(decoded)
        if doc.memo and encoded is None:
            known = _PAGES.get(data)
            if known is not None and self._same(known.looked, resources):
                self._again(known)
                return
        operations, chars = budget.operations, budget.text_chars
        self._run(data, resources, self.marks, resources)
        self.text = "".join(self.parts)
        budget.spend_text(len(self.text))
        budget.check_time()  # (at least once a page)
        if self._looked is not None:
            _PAGES.put(data if encoded is None else encoded,
                       _Read(self, budget.operations - operations, budget.text_chars - chars, len(data)))

    def _same(self, looked: list, resources: dict) -> bool:
        """Whether looking up what a reading of the same content looked up (``looked``), in
        these resources, finds the same: then reading it again would find what it found."""
        doc = self.doc
        for what in looked:
            kind, name = what[0], what[1]
            if kind == "font":
                ref = doc.dict_of(resources.get("Font")).get(name)
                if (None if ref is None else font(doc, ref).value) != what[2]:
                    return False
            elif kind == "properties":
                mcid = doc.dict_of(doc.dict_of(resources.get("Properties")).get(name)).get("MCID")
                if (mcid if type(mcid) is int else None) != what[2]:
                    return False
            elif kind == "xobject":
                if _xobject(doc.resolve(doc.dict_of(resources.get("XObject")).get(name))) != what[2]:
                    return False
            else:  # a form: the same content, and what reading it looked up found the same
                _, _, has_own, data, done = what
                ref = doc.dict_of(resources.get("XObject")).get(name)
                form = doc.resolve(ref)
                if _xobject(form) != "form":
                    return False
                own = doc.dict_of(form.dict.get("Resources"))
                key = (ref if isinstance(ref, Ref) else id(form), None if own else id(resources))
                if bool(own) != has_own or key in self._drawing or form.decoded() != data:
                    return False
                self.budget.count_depth(len(self._drawing) + 1, "its forms are")
                self._drawing.append(key)
                try:
                    if not self._same(done.looked, own or resources):
                        return False
                finally:
                    self._drawing.pop()
                doc._forms.setdefault(key, done)  # (as reading the page would have left it)
        return True

    def _again(self, known: _Read) -> None:
        """What a reading of the same content found (:meth:`_same`), paid for alike."""
        self.parts = list(known.parts)
        self.unmapped = known.unmapped
        self.missing_fonts = set(known.missing_fonts)
        marks = self.marks
        marks.mcids = dict(known.mcids)
        marks.twice = set(known.twice)
        marks.untagged = known.untagged
        marks.first = known.first
        marks.wrong = list(known.wrong)
        marks.sequences = known.sequences
        self.budget.spend_operations(known.operations)
        self.text = known.text
        self.budget.spend_text(known.chars)
        self.budget.check_time()

    def marked_text(self, mcid: int) -> str:
        """The text of the page's marked-content sequence ``mcid``."""
        found = self.marks.mcids.get(mcid)
        return "".join(self.parts[found[1]:found[2]]) if found else ""

    def _font(self, resources: dict, name: str) -> Optional[Font]:
        ref = self.doc.dict_of(resources.get("Font")).get(name)
        found = None if ref is None else font(self.doc, ref)
        if self._looked is not None:
            if found is not None and found.value is None:
                self._looked = None  # (a font not known by value: the page is read every time)
            else:
                self._looked.append(("font", name, None if found is None else found.value))
        if found is None:
            self.missing_fonts.add(name)
        return found

    def _show(self, font: Optional[Font], raw: bytes) -> int:
        """Add the text of a string shown; returns how many of its codes had no Unicode."""
        if font is None:
            self.parts.append("\ufffd" * len(raw))
            return len(raw)
        text, missing = font.decode(raw)
        self.parts.append(text)
        return missing

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def _run(self, data: bytes, resources: dict, marks: Marks, page_resources: Optional[dict] = None) -> int:
        # The loop runs for every operator that matters, ~1,200 on a CV's three pages:
        # the common ones (line moves, strings shown with Tj in a one-byte font,
        # font changes, marked content) are handled inline, as _newline() and _show() would.
        parts = self.parts
        font: Optional[Font] = None
        table: Optional[dict] = None  # font.table()
        fonts: dict[bytes, tuple] = {}  # font name -> (_font() of it in these resources, its table())
        unmapped = 0
        operations = 0
        budget = self.budget
        # the marked content open: for each sequence, its MCID (None: none), or ARTIFACT
        stack: list = []
        ARTIFACT = _ARTIFACT
        untagged = 0  # (what is painted outside marked content)
        inside = None  # the MCID whose sequence is open (the innermost with one)
        mcids = marks.mcids if page_resources is not None else None  # (a form's MCIDs are not the page's)
        gap = 0  # where the content outside marked content began (when the stack is empty)
        gaps: list = []  # (start, end) of the content outside marked content
        for m in _CONTENT.finditer(data):
            operations += 1
            if operations == 4096:
                budget.spend_operations(operations)
                operations = 0
            kind = m.lastgroup
            if kind == "move" or kind == "et":
                if parts and not parts[-1].endswith("\n"):
                    parts.append("\n")
            elif kind == "litop" or kind == "hexop":
                if not stack:
                    untagged += 1
                    if marks.first < 0:
                        marks.first = len(parts)
                if m.group(kind) != b"Tj":
                    self._newline()
                if kind == "litop":
                    raw = m.group("lit")
                    if b"\\" in raw:
                        raw = _unescape(raw)
                else:
                    raw = _unhex(m.group("hex"))
                if table is not None:
                    text = raw.decode("latin-1").translate(table)
                    parts.append(text)
                    unmapped += text.count("\ufffd")
                else:
                    unmapped += self._show(font, raw)
            elif kind == "mcid" or kind == "mc":  # /Tag <</MCID n>> BDC; /Tag BMC, /Tag <<…>> BDC, /Tag /Name BDC
                marks.sequences += 1
                if not stack:
                    gaps.append((gap, m.start()))
                mcid = None
                if kind == "mcid":
                    mcid = int(m.group("mcid"))
                    tag = m.group("tag")
                else:
                    tag = m.group("other")
                    if m.group("mc") == b"DC":
                        props = m.group("props")
                        if props is None and m.group("named") is not None:  # properties named in the resources
                            named = m.group("named").decode("latin-1")
                            props = self.doc.dict_of(self.doc.dict_of(resources.get("Properties")).get(
                                named)).get("MCID")
                            mcid = props if type(props) is int else None
                            if self._looked is not None:
                                self._looked.append(("properties", named, mcid))
                        elif props is not None and b"MCID" in props:
                            found_id = _MCID.search(props)
                            mcid = int(found_id.group(1)) if found_id else None
                if mcid is None:
                    stack.append(None)
                    continue
                if inside is not None:
                    marks.note("an element's content is marked inside another element's")
                elif ARTIFACT in stack:
                    marks.note("an element's content is marked inside an artifact")
                if mcids is not None:
                    if inside is not None:  # (its text so far is the outer one's)
                        mcids[inside] = (mcids[inside][0], mcids[inside][1], len(parts))
                    if mcid in mcids:
                        marks.twice.add(mcid)
                    mcids[mcid] = (tag.decode("latin-1"), len(parts), len(parts))
                stack.append((mcid, inside))
                inside = mcid
            elif kind == "emc":
                if not stack:
                    marks.note("an EMC ends marked content that was never begun")
                    continue
                top = stack.pop()
                if not stack:
                    gap = m.end()
                if type(top) is tuple:
                    if mcids is not None and inside in mcids:
                        tag, start, _ = mcids[inside]
                        mcids[inside] = (tag, start, len(parts))
                    inside = top[1]
            elif kind == "art":  # /Artifact BMC
                marks.sequences += 1
                if not stack:
                    gaps.append((gap, m.start()))
                elif inside is not None:
                    marks.note("an artifact is marked inside an element's content")
                stack.append(ARTIFACT)
            elif kind == "font":
                name = m.group("font")
                if name not in fonts:
                    found = self._font(resources, name.decode("latin-1"))
                    fonts[name] = (found, found.table() if found is not None else None)
                font, table = fonts[name]
            elif kind == "bmc":
                marks.sequences += 1
                if not stack:
                    gaps.append((gap, m.start()))
                stack.append(None)  # (its operands were not read: some marked content, not an element's)
            elif kind == "array":
                if not stack:
                    untagged += 1
                    if marks.first < 0:
                        marks.first = len(parts)
                items = re.findall(_ARRAY_ITEM, m.group("array"))
                operations += len(items) >> 4
                for lit, hexs, num in items:
                    if num:
                        if float(num) < -250:  # a wide negative kern reads as a space
                            parts.append(" ")
                    else:
                        unmapped += self._show(font, _unescape(lit) if lit or not hexs else _unhex(hexs))
            elif kind == "form":
                untagged += self._form(m.group("form").decode("latin-1"), resources, bool(stack))
        if not stack:
            gaps.append((gap, len(data)))
        untagged += _painted(data, gaps)
        if stack:
            marks.note("marked content is not closed at the end of the "
                       + ("page" if page_resources is not None else "form"))
        marks.untagged += untagged
        self.unmapped += unmapped
        budget.spend_operations(operations)
        return untagged

    def _form(self, name: str, resources: dict, marked: bool) -> int:
        """Add the text of the form XObject ``name`` (read once per document and resources);
        returns how much it paints outside marked content (nothing when it is drawn inside
        marked content: ``marked``)."""
        doc = self.doc
        ref = doc.dict_of(resources.get("XObject")).get(name)
        form = doc.resolve(ref)
        kind = _xobject(form)
        if kind != "form":
            if self._looked is not None:
                self._looked.append(("xobject", name, kind))
            return 0 if marked or kind is None else 1  # (an image)
        own = doc.dict_of(form.dict.get("Resources"))
        key = (ref if isinstance(ref, Ref) else id(form), None if own else id(resources))
        if key in self._drawing:
            what = f"object {ref.num}" if isinstance(ref, Ref) else f"/{name}"
            doc.note(f"the form {what} draws itself: a reader following it would never finish")
            self._looked = None
            return 0
        done = doc._forms.get(key)
        if done is None:
            self.budget.count_depth(len(self._drawing) + 1, "its forms are")
            outer = self.parts, self.unmapped, self.missing_fonts, self._looked
            self.parts, self.unmapped, self.missing_fonts = [], 0, set()
            self._looked = [] if doc.memo else None
            self._drawing.append(key)
            try:
                inner = Marks()
                untagged = self._run(form.decoded(), own or resources, inner)
                done = _Form("".join(self.parts), self.unmapped, self.missing_fonts, untagged, self._looked)
            finally:
                self._drawing.pop()
                self.parts, self.unmapped, self.missing_fonts, self._looked = outer
            doc._forms[key] = done
        if self._looked is not None:
            if done.looked is None:
                self._looked = None
            else:
                self._looked.append(("form", name, bool(own), form.decoded(), done))
        if done.text:
            self.budget.spend_text(len(done.text))
            self.parts.append(done.text)
        self.unmapped += done.unmapped
        self.missing_fonts |= done.missing_fonts
        self._newline()
        return 0 if marked else done.untagged
