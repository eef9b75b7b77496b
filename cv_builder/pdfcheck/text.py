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

from ..memo import remember
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


def _tounicode(stream: Stream) -> _CMap:
    """The parsed map of a ToUnicode stream (from the memo when seen before)."""
    filters = stream.dict.get("Filter")
    key: Optional[tuple] = None
    if len(stream.raw) > _CMAP_KEPT_BYTES:
        pass  # (read every time: not worth keeping)
    elif filters is None or type(filters) is Name:
        key = (filters, stream.raw)
    elif type(filters) is list and all(type(f) is Name for f in filters):
        key = (tuple(filters), stream.raw)
    # (any other /Filter, such as an indirect one, is read every time)
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
        if isinstance(tu, Stream):
            self._cmap = _tounicode(tu)
            if self._cmap.width is not None:
                self.width = self._cmap.width
            self.map = self._cmap.map

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
_CONTENT = re.compile(
    rb"\((?P<lit>" + _IN_STR + rb")\)\s*(?P<litop>Tj|'|\")" + _END
    + rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*(?P<hexop>Tj|'|\")" + _END
    + rb"|\[(?P<array>(?:\(" + _IN_STR + rb"\)|<[0-9A-Fa-f\s]*>|[^\]()<\[])*)\]\s*TJ" + _END
    + rb"|/(?P<font>" + _NAMEC + rb")\s+[-+.\d]+\s+Tf" + _END
    + rb"|/(?P<form>" + _NAMEC + rb")\s+Do" + _END
    + rb"|T(?P<move>[*dDm])" + _END
    + rb"|E(?P<et>T)" + _END
    + rb"|\((?P<skip>" + _IN_STR + rb")\)|%[^\r\n]*", re.S)
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


class _Form:
    """What a form XObject draws, read once: its text, codes without Unicode, missing fonts."""

    __slots__ = ("text", "unmapped", "missing_fonts")

    def __init__(self, text: str, unmapped: int, missing_fonts: set):
        self.text = text
        self.unmapped = unmapped
        self.missing_fonts = missing_fonts


class PageText:
    """The text of a page in content-stream order, the fonts it uses, and what went wrong."""

    def __init__(self, doc: Document, page: dict):
        self.doc = doc
        self.budget = doc.budget
        self.parts: list[str] = []
        self.fonts: dict[Any, Font] = {}  # by font object
        self.unmapped = 0
        self.missing_fonts: set[str] = set()
        self._drawing: list = []  # the forms being read, innermost last
        contents = doc.resolve(page.get("Contents"))
        streams = [doc.resolve(x) for x in (contents if isinstance(contents, list) else [contents])]
        decoded = [s.decoded() for s in streams if isinstance(s, Stream)]
        if len(decoded) > 1:
            self.budget.spend_decoded(sum(map(len, decoded)), "a page's content")
        self._run(b"\n".join(decoded), doc.dict_of(page.get("Resources")))
        self.text = "".join(self.parts)
        self.budget.spend_text(len(self.text))
        self.budget.check_time()  # (at least once a page)

    def _font(self, resources: dict, name: str) -> Optional[Font]:
        ref = self.doc.dict_of(resources.get("Font")).get(name)
        if ref is None:
            self.missing_fonts.add(name)
            return None
        found = font(self.doc, ref)
        self.fonts[found.key] = found
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

    def _run(self, data: bytes, resources: dict) -> None:
        # The loop runs for every operator that matters, ~800 on a CV's three pages:
        # the common ones (line moves, strings shown with Tj in a one-byte font,
        # font changes) are handled inline, as _newline() and _show() would.
        parts = self.parts
        font: Optional[Font] = None
        table: Optional[dict] = None  # font.table()
        fonts: dict[bytes, tuple] = {}  # font name -> (_font() of it in these resources, its table())
        unmapped = 0
        operations = 0
        budget = self.budget
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
            elif kind == "font":
                name = m.group("font")
                if name not in fonts:
                    found = self._font(resources, name.decode("latin-1"))
                    fonts[name] = (found, found.table() if found is not None else None)
                font, table = fonts[name]
            elif kind == "array":
                items = re.findall(_ARRAY_ITEM, m.group("array"))
                operations += len(items) >> 4
                for lit, hexs, num in items:
                    if num:
                        if float(num) < -250:  # a wide negative kern reads as a space
                            parts.append(" ")
                    else:
                        unmapped += self._show(font, _unescape(lit) if lit or not hexs else _unhex(hexs))
            elif kind == "form":
                self._form(m.group("form").decode("latin-1"), resources)
        self.unmapped += unmapped
        budget.spend_operations(operations)

    def _form(self, name: str, resources: dict) -> None:
        """Add the text of the form XObject ``name`` (read once per document and resources)."""
        doc = self.doc
        ref = doc.dict_of(resources.get("XObject")).get(name)
        form = doc.resolve(ref)
        if not isinstance(form, Stream) or form.dict.get("Subtype") != "Form":
            return
        own = doc.dict_of(form.dict.get("Resources"))
        key = (ref if isinstance(ref, Ref) else id(form), None if own else id(resources))
        if key in self._drawing:
            what = f"object {ref.num}" if isinstance(ref, Ref) else f"/{name}"
            doc.note(f"the form {what} draws itself: a reader following it would never finish")
            return
        done = doc._forms.get(key)
        if done is None:
            self.budget.count_depth(len(self._drawing) + 1, "its forms are")
            outer = self.parts, self.unmapped, self.missing_fonts
            self.parts, self.unmapped, self.missing_fonts = [], 0, set()
            self._drawing.append(key)
            try:
                self._run(form.decoded(), own or resources)
                done = _Form("".join(self.parts), self.unmapped, self.missing_fonts)
            finally:
                self._drawing.pop()
                self.parts, self.unmapped, self.missing_fonts = outer
            doc._forms[key] = done
        if done.text:
            self.budget.spend_text(len(done.text))
            self.parts.append(done.text)
        self.unmapped += done.unmapped
        self.missing_fonts |= done.missing_fonts
        self._newline()
