"""A small PDF reader: just enough to check the PDFs cv-builder writes.

It reads objects (classic cross-reference tables, and object streams when a
file was rewritten by another tool), decodes the stream filters ReportLab
uses (Flate, ASCII85, ASCIIHex), follows the page tree and extracts each
page's text in content-stream order through the fonts' ToUnicode maps.

It is purpose-built and fast on purpose: the self-check runs after every
build, and importing a general PDF library costs more than the check itself.
It is not a general PDF parser: encrypted files and exotic filters are
reported as unreadable (:class:`PDFError`), never guessed at.
"""

from __future__ import annotations

import base64
import re
import zlib
from binascii import a2b_hex
from typing import Any, Iterator, Optional

from .memo import remember


class PDFError(Exception):
    """The file cannot be read as a PDF (or uses something this reader does not know)."""


class Name(str):
    """A PDF name (``/Font`` is ``Name("Font")``)."""

    __slots__ = ()


class Ref(tuple):
    """An indirect reference ``n g R``."""

    __slots__ = ()

    def __new__(cls, num: int, gen: int = 0):
        return tuple.__new__(cls, (num, gen))

    @property
    def num(self) -> int:
        return self[0]


class Stream:
    """A stream object: its dictionary and its still-encoded bytes."""

    __slots__ = ("dict", "raw", "_data")

    def __init__(self, d: dict, raw: bytes):
        self.dict = d
        self.raw = raw
        self._data: Optional[bytes] = None

    def get(self, key, default=None):
        return self.dict.get(key, default)

    def __contains__(self, key) -> bool:
        return key in self.dict

    def decoded(self) -> bytes:
        if self._data is None:
            filters = self.dict.get("Filter")
            if filters is None:
                filters = []
            elif not isinstance(filters, list):
                filters = [filters]
            data = self.raw
            for f in filters:
                data = _decode(f, data)
            self._data = data
        return self._data


def _decode(name: str, data: bytes) -> bytes:
    try:
        if name in ("FlateDecode", "Fl"):
            return zlib.decompress(data)
        if name in ("ASCII85Decode", "A85"):
            return _a85decode(data)
        if name in ("ASCIIHexDecode", "AHx"):
            text = re.sub(rb"\s+", b"", data).rstrip(b">")
            return a2b_hex(text + b"0" * (len(text) % 2))
    except (zlib.error, ValueError) as exc:
        raise PDFError(f"a {name} stream is damaged ({exc})") from None
    raise PDFError(f"streams encoded with {name} are not supported")


def _a85decode(data: bytes) -> bytes:
    data = data.strip()
    if not data.endswith(b"~>"):
        data += b"~>"
    return base64.a85decode(data, adobe=True)


# -- lexing -----------------------------------------------------------------
WS = b"\x00\t\n\x0c\r "
_TOKEN = re.compile(rb"""
    (?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*   # white space and comments before the token
    (?: (?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%]))
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<dopen><<) | (?P<dclose>>>)
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<aopen>\[) | (?P<aclose>\]) | (?P<str>\()
  | (?P<kw>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
  | (?P<other>[{}])
  | (?P<eof>\Z) )
""", re.X)
_STRING_PART = re.compile(rb"\\(?:[0-7]{1,3}|\r\n|.)|[()]", re.S)
# (each number can match in one way only: a failed match must not backtrack exponentially)
_NUMBERS = re.compile(rb"((?:[\x00\t\n\x0c\r ]*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?=[\x00\t\n\x0c\r \]]))+)"
                      rb"[\x00\t\n\x0c\r ]*\]")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\", ord("\r"): b"", ord("\n"): b""}
_NAME_ESCAPE = rb"#([0-9A-Fa-f]{2})"  # (rarely needed: compiled on first use, like others below)


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its '(' at pos; returns (bytes, end position)."""
    depth = 1
    out = []
    start = pos
    for m in _STRING_PART.finditer(data, pos):
        tok = m.group()
        if tok == b"(":
            depth += 1
            continue
        if tok == b")":
            depth -= 1
            if depth == 0:
                out.append(data[start:m.start()])
                return b"".join(out), m.end()
            continue
        out.append(data[start:m.start()])
        start = m.end()
        c = tok[1]
        if 48 <= c <= 55:
            out.append(bytes([int(tok[1:], 8) & 0xFF]))
        elif tok[1:] == b"\r\n":
            pass
        else:
            out.append(_ESCAPES.get(c, tok[1:]))
    raise PDFError("a string is not closed")


class Lexer:
    """Tokens and objects of PDF syntax, from a position in a byte string."""

    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos

    def token(self) -> tuple[str, Any]:
        """The next token as (kind, value); kind 'eof' at the end."""
        data = self.data
        while True:
            m = _TOKEN.match(data, self.pos)
            if m is None:
                raise PDFError(f"unexpected byte at offset {self.pos}")
            self.pos = m.end()
            kind = m.lastgroup
            if kind == "eof":
                return "eof", None
            text = m.group(kind)
            if kind == "num":
                return "obj", (float(text) if b"." in text else int(text))
            if kind == "name":
                return "obj", _NAMES.get(text) or _name(text)
            if kind == "str":
                value, self.pos = _literal(data, self.pos)
                return "obj", value
            if kind == "hex":
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", text)
                return "obj", a2b_hex(digits + b"0" * (len(digits) % 2))
            if kind == "kw":
                if text == b"true":
                    return "obj", True
                if text == b"false":
                    return "obj", False
                if text == b"null":
                    return "obj", None
                return "kw", text
            return kind, text

    def object(self, tok: Optional[tuple] = None) -> Any:
        """The next complete object; ``n g R`` becomes a :class:`Ref`.

        One pass with a stack of open containers: a reference is recognised
        when its ``R`` arrives, by taking the two numbers before it.
        """
        stack: list[tuple[str, list]] = []
        while True:
            kind, value = tok or self.token()
            tok = None
            if kind == "obj":
                if not stack:
                    if isinstance(value, int) and not isinstance(value, bool):
                        save = self.pos
                        k2, v2 = self.token()
                        if k2 == "obj" and isinstance(v2, int) and not isinstance(v2, bool):
                            k3, v3 = self.token()
                            if k3 == "kw" and v3 == b"R":
                                return Ref(value, v2)
                        self.pos = save
                    return value
                stack[-1][1].append(value)
                continue
            if kind == "kw" and value == b"R" and stack:
                items = stack[-1][1]
                if len(items) >= 2 and type(items[-1]) is int and type(items[-2]) is int:
                    gen = items.pop()
                    items[-1] = Ref(items[-1], gen)
                    continue
                raise PDFError(f"a misplaced R at offset {self.pos}")
            if kind == "aopen":
                m = _NUMBERS.match(self.data, self.pos)
                if m is not None:  # a long array of numbers (font widths): in one go
                    self.pos = m.end()
                    nums = [float(x) if b"." in x else int(x) for x in m.group(1).split()]
                    if not stack:
                        return nums
                    stack[-1][1].append(nums)
                    continue
            if kind == "aopen" or kind == "dopen":
                stack.append((kind, []))
                continue
            if kind == "aclose" or kind == "dclose":
                if not stack or stack[-1][0] != ("aopen" if kind == "aclose" else "dopen"):
                    raise PDFError(f"unbalanced {value.decode('latin-1')} at offset {self.pos}")
                opened, items = stack.pop()
                if opened == "aopen":
                    done: Any = items
                else:
                    if len(items) % 2 or not all(isinstance(k, Name) for k in items[0::2]):
                        raise PDFError(f"a dictionary is malformed (offset {self.pos})")
                    done = dict(zip(items[0::2], items[1::2]))
                if not stack:
                    return done
                stack[-1][1].append(done)
                continue
            if kind == "eof":
                raise PDFError("the file ends inside an object")
            raise PDFError(f"unexpected {value!r} at offset {self.pos}")


# Names by their exact bytes ('/Type'): the same few dozen come again and again,
# and looking one up costs a thirtieth of making it. Bounded: emptied when full.
_NAMES: dict[bytes, Name] = {}


def _name(text: bytes) -> Name:
    """The name written as text ('/Type', with its '/'), remembered in _NAMES."""
    raw = text[1:]
    if b"#" in raw:
        raw = re.sub(_NAME_ESCAPE, lambda e: bytes([int(e.group(1), 16)]), raw)
    return remember(_NAMES, text, Name(raw.decode("latin-1")), 4096)


_UNSURE = object()  # what _spaced_object() gives for text it leaves to the Lexer
_SIMPLE_STRING = re.compile(rb"\(([^\\()]*)\)")  # a literal string _literal() reads as it is written


def _spaced_object(text: bytes) -> Any:
    """The dictionary or array that is all of text, when its tokens are separated by
    white space (as ReportLab writes them); else _UNSURE.

    Most of a check's parsing time went into the Lexer's regular expression, a
    match per token. Splitting at white space instead (C speed) and reading each
    piece as one token gives what :meth:`Lexer.object` gives, two and a half
    times as fast on a CV's objects, as long as every piece is exactly one token:
    so anything else (a comment, a string with an escape or parentheses,
    ``/A/B``, a vertical tab, which splits here but is no PDF white space, a NUL,
    which is PDF white space but does not split here, a misplaced R, an object
    not closed at the very end, …) is left to the Lexer, which also reports what
    is wrong in the same words as always. (Simple strings, which may hold
    spaces, are cut out first: each is one piece.)
    """
    if b"%" in text or b"\x0b" in text or b"\x00" in text:
        return _UNSURE
    if b"(" in text or b")" in text:
        cut = _SIMPLE_STRING.split(text)  # between the strings, a string, between, …
        if any(b"(" in between or b")" in between for between in cut[0::2]):
            return _UNSURE  # (a string the Lexer has to read)
        pieces = []
        for k, part in enumerate(cut):
            if k % 2:
                pieces.append(b"(" + part + b")")
            else:
                pieces += part.split()
    else:
        pieces = text.split()
    if not pieces or (pieces[0] != b"<<" and pieces[0] != b"["):
        return _UNSURE  # (the Lexer looks ahead after a number at the top level: it reads those)
    names = _NAMES
    stack: list[tuple[bytes, list]] = []
    items: list = []
    last = len(pieces) - 1
    i = -1
    while i < last:  # (by index: an array of numbers is taken in one step)
        i += 1
        piece = pieces[i]
        value = names.get(piece)  # (a name met before: its exact text is a key)
        if value is None:
            if piece.isdigit():
                value = int(piece)
            elif piece == b"R":
                if len(items) >= 2 and type(items[-1]) is int and type(items[-2]) is int:
                    gen = items.pop()
                    items[-1] = Ref(items[-1], gen)
                    continue
                return _UNSURE
            elif piece == b"<<" or piece == b"[":
                if piece == b"[":  # an array of whole numbers only (font widths): in one go
                    try:
                        close = pieces.index(b"]", i + 1)
                    except ValueError:
                        return _UNSURE  # not closed
                    run = pieces[i + 1:close]
                    if run and b"".join(run).isdigit():
                        i = close
                        if not stack:
                            return list(map(int, run)) if i == last else _UNSURE
                        items.append(list(map(int, run)))
                        continue
                items = []
                stack.append((piece, items))
                continue
            elif piece == b">>" or piece == b"]":
                if not stack or stack[-1][0] != (b"<<" if piece == b">>" else b"["):
                    return _UNSURE
                opened, value = stack.pop()
                if opened == b"<<":
                    keys = value[0::2]
                    if len(value) % 2 or not all(type(k) is Name for k in keys):
                        return _UNSURE
                    value = dict(zip(keys, value[1::2]))
                if not stack:
                    return value if i == last else _UNSURE
                items = stack[-1][1]
            elif piece[0] == 40:  # '(': a simple string cut out above (nothing else has one)
                value = piece[1:-1]
            else:
                digits = piece[1:] if piece[0] in b"+-" else piece
                if digits.isdigit():  # a whole number with a sign
                    value = int(piece)
                elif digits.replace(b".", b"", 1).isdigit():  # a number with a point: 1.5, 5., .5
                    value = float(piece)
                else:  # one token from start to end, as the Lexer reads it, or unsure
                    m = _TOKEN.match(piece)
                    if m is None or m.end() != len(piece):
                        return _UNSURE
                    if m.lastgroup == "name":
                        value = _name(piece)
                    elif piece == b"true" or piece == b"false" or piece == b"null":
                        value = True if piece == b"true" else False if piece == b"false" else None
                    else:
                        return _UNSURE
        items.append(value)
    return _UNSURE  # not closed


# -- the document -----------------------------------------------------------
_OBJ_AT = re.compile(rb"(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+obj\b")
_STREAM_OR_END = re.compile(rb"[\x00\t\n\x0c\r ]*(stream|endobj)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_TOKEN_END = WS + b"()<>[]{}/%"  # what may follow a token (or nothing, b"")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF", re.S)


class Document:
    """A PDF in memory: objects by number, the trailer, the pages."""

    def __init__(self, data: bytes):
        if not data.startswith(b"%PDF-"):
            raise PDFError("it does not start with %PDF-: not a PDF file")
        self.data = data
        self.version = data[5:8].decode("latin-1", "replace")
        self.notes: list[str] = []  # structural problems a reader would have to repair
        self.offsets: dict[int, int] = {}
        self.compressed: dict[int, tuple[int, int]] = {}  # object -> (object stream, index)
        self._cache: dict[int, Any] = {}
        self._fonts: dict[Any, "Font"] = {}
        self.trailer: dict = {}
        self._read_xref()
        if "Encrypt" in self.trailer:
            raise PDFError("the file is encrypted")
        try:
            root = self.resolve(self.trailer.get("Root"))
        except PDFError:
            root = None
        if not isinstance(root, dict):
            raise PDFError("; ".join(self.notes + ["it has no document catalog (/Root)"]))
        self.root = root
        info = self.resolve(self.trailer.get("Info"))
        self.info = info if isinstance(info, dict) else {}

    # -- cross references ---------------------------------------------------
    def _read_xref(self) -> None:
        data = self.data
        m = None
        for m in _STARTXREF.finditer(data, max(0, len(data) - 2048)):
            pass
        if m is None:
            self.notes.append("there is no startxref/%%EOF at the end (the file is truncated?)")
            return self._scan()
        pos = int(m.group(1))
        seen = set()
        chain_ok = True
        while pos not in seen:
            seen.add(pos)
            if data.startswith(b"xref", pos):
                try:
                    trailer = self._xref_table(pos + 4)
                except (PDFError, ValueError, IndexError):
                    chain_ok = False
                    break
            else:  # a cross-reference stream, or a wrong offset: read the objects by scanning
                chain_ok = False
                break
            for k, v in trailer.items():
                self.trailer.setdefault(k, v)
            prev = trailer.get("Prev")
            if not isinstance(prev, int):
                break
            pos = prev
        if not chain_ok:
            if data.startswith(b"xref", pos):
                self.notes.append("the cross-reference table is damaged")
            elif _OBJ_AT.match(data, pos) is None:  # (an object there is a cross-reference stream: fine)
                self.notes.append("startxref does not point at a cross-reference table")
            return self._scan()
        bad = [n for n, off in self.offsets.items() if not self._object_at(off, n)]
        if bad:
            self.notes.append(f"the cross-reference table points {len(bad)} object(s) at the wrong "
                              f"offset (first: object {bad[0]})")
            self._scan()

    def _object_at(self, offset: int, num: int) -> bool:
        m = _OBJ_AT.match(self.data, offset)
        return m is not None and int(m.group(1)) == num

    def _xref_table(self, pos: int) -> dict:
        data = self.data
        lex = Lexer(data, pos)
        entries: dict[int, int] = {}
        while True:
            kind, value = lex.token()
            if kind == "kw" and value == b"trailer":
                break
            if kind != "obj" or not isinstance(value, int):
                raise PDFError("the cross-reference table is damaged")
            start = value
            _, count = lex.token()
            # entries are fixed 20-byte lines: 'oooooooooo ggggg n\r\n'
            while lex.pos < len(data) and data[lex.pos] in WS:
                lex.pos += 1
            for i in range(count):
                line = data[lex.pos:lex.pos + 20]
                fields = line.split()
                if len(fields) < 3:
                    raise PDFError("the cross-reference table is damaged")
                if fields[2] == b"n":
                    entries.setdefault(start + i, int(fields[0]))
                lex.pos += 20
        for n, off in entries.items():
            self.offsets.setdefault(n, off)
        trailer = lex.object()
        if not isinstance(trailer, dict):
            raise PDFError("the trailer is not a dictionary")
        return trailer

    def _scan(self) -> None:
        """Find objects by scanning the file (for damaged or stream-based cross references)."""
        self.offsets.clear()
        data = self.data
        pos = 0
        while True:
            m = _OBJ_AT.search(data, pos)
            if m is None:
                break
            num = int(m.group(1))
            if m.start() > 0 and data[m.start() - 1] not in WS:
                pos = m.end()
                continue
            self.offsets[num] = m.start()
            try:
                obj, end = self._parse_at(m.start(), num)
            except PDFError:
                pos = m.end()
                continue
            self._cache[num] = obj
            pos = end
            if isinstance(obj, Stream):
                t = obj.dict.get("Type")
                if t == "XRef":
                    for k, v in obj.dict.items():
                        if k not in ("Length", "Filter", "DecodeParms", "W", "Index", "Type", "Prev"):
                            self.trailer[k] = v
                elif t == "ObjStm":
                    self._index_object_stream(num, obj)
        if not self.trailer:
            m = None
            for m in re.finditer(rb"trailer\s*<<", data):
                pass
            if m is not None:
                lex = Lexer(data, m.end() - 2)
                t = lex.object()
                if isinstance(t, dict):
                    self.trailer = t
        if "Root" not in self.trailer:
            for num in sorted(self.offsets):
                try:
                    obj = self.get(num)
                except PDFError:
                    continue
                if isinstance(obj, dict) and obj.get("Type") == "Catalog":
                    self.trailer["Root"] = Ref(num, 0)
                    break

    def _index_object_stream(self, num: int, stream: Stream) -> None:
        try:
            head = stream.decoded()[:stream.dict.get("First", 0)]
        except PDFError:
            return
        numbers = [int(x) for x in head.split()]
        for i in range(0, len(numbers) - 1, 2):
            self.compressed.setdefault(numbers[i], (num, i // 2))

    # -- objects ------------------------------------------------------------
    def _parse_at(self, offset: int, num: int) -> tuple[Any, int]:
        data = self.data
        lex = Lexer(data, offset)
        obj = _UNSURE
        m = _OBJ_AT.match(data, offset)
        if m is not None and data[m.end():m.end() + 1] in _TOKEN_END:
            start = lex.pos = m.end()  # 'n g obj', as the three tokens would have read it
            # the object's text ends where 'stream' or 'endobj' first comes (short objects
            # only); if a string or a name holds either word, the text is not closed: unsure
            stop = data.find(b"stream", start, start + 4096)
            endobj = data.find(b"endobj", start, stop if stop >= 0 else start + 4096)
            stop = endobj if endobj >= 0 else stop
            if stop >= 0:
                text = data[start:stop]
                obj = _spaced_object(text)
                end = start + len(text.rstrip())  # (after the last token, as lex.object() leaves it)
        else:
            for _ in range(3):  # 'n g obj'
                lex.token()
        if obj is _UNSURE:
            obj = lex.object()
            end = lex.pos
        m = _STREAM_OR_END.match(data, end)
        if m is not None:  # (the next token, as lex.token() would have read it)
            lex.pos = m.end()
            kind, value = "kw", m.group(1)
        else:
            kind, value = lex.token()
        if kind == "kw" and value == b"stream":
            if not isinstance(obj, dict):
                raise PDFError(f"object {num}: a stream without a dictionary")
            start = lex.pos
            if self.data.startswith(b"\r\n", start):
                start += 2
            elif self.data.startswith(b"\n", start) or self.data.startswith(b"\r", start):
                start += 1
            length = obj.get("Length")
            if isinstance(length, Ref):
                length = self.resolve(length) if length.num != num else None
            stop = start + length if isinstance(length, int) else -1
            if stop < 0 or not re.match(rb"[\x00\t\n\x0c\r ]*endstream", self.data[stop:stop + 30]):
                stop = self.data.find(b"endstream", start)
                if stop < 0:
                    raise PDFError(f"object {num}: the stream has no end")
                if isinstance(length, int):
                    self.notes.append(f"object {num}: the stream /Length is wrong")
                while stop > start and self.data[stop - 1] in b"\r\n":
                    stop -= 1
            obj = Stream(obj, self.data[start:stop])
            end = self.data.find(b"endobj", stop)
            end = end + 6 if end >= 0 else stop
        return obj, end

    def get(self, num: int) -> Any:
        if num in self._cache:
            return self._cache[num]
        if num in self.offsets:
            try:
                obj, _ = self._parse_at(self.offsets[num], num)
            except (ValueError, IndexError) as exc:
                raise PDFError(f"object {num} is damaged ({exc})") from None
        elif num in self.compressed:
            stm_num, index = self.compressed[num]
            stm = self.get(stm_num)
            data = stm.decoded()
            numbers = [int(x) for x in data[:stm.dict.get("First", 0)].split()]
            off = stm.dict.get("First", 0) + numbers[2 * index + 1]
            obj = Lexer(data, off).object()
        else:
            obj = None  # a missing object is null
        self._cache[num] = obj
        return obj

    def resolve(self, obj: Any, depth: int = 0) -> Any:
        while isinstance(obj, Ref):
            obj = self.get(obj.num)
            depth += 1
            if depth > 32:
                raise PDFError("a reference loops")
        return obj

    def dict_of(self, obj) -> dict:
        obj = self.resolve(obj)
        if isinstance(obj, Stream):
            return obj.dict
        return obj if isinstance(obj, dict) else {}

    # -- pages --------------------------------------------------------------
    def pages(self) -> list[dict]:
        """The page dictionaries in order, with inherited Resources and MediaBox filled in."""
        out: list[dict] = []
        seen: set = set()

        def walk(ref, inherited: dict) -> None:
            key = ref.num if isinstance(ref, Ref) else id(ref)
            if key in seen:
                raise PDFError("the page tree loops")
            seen.add(key)
            node = self.dict_of(ref)
            attrs = dict(inherited)
            for k in ("Resources", "MediaBox", "CropBox", "Rotate"):
                if k in node:
                    attrs[k] = node[k]
            if node.get("Type") == "Pages" or ("Kids" in node and node.get("Type") != "Page"):
                for kid in self.resolve(node.get("Kids")) or []:
                    walk(kid, attrs)
            else:
                page = dict(node)
                for k, v in attrs.items():
                    page.setdefault(k, v)
                page["_ref"] = ref
                out.append(page)

        if self.root.get("Pages") is not None:
            walk(self.root.get("Pages"), {})
        return out

    def outline(self) -> list[tuple[int, str, Any]]:
        """The outline (bookmarks) as (level, title, item dictionary), in order."""
        out = []
        seen = set()

        def walk(first, level):
            item_ref = first
            while item_ref is not None:
                key = item_ref.num if isinstance(item_ref, Ref) else id(item_ref)
                if key in seen:
                    return
                seen.add(key)
                item = self.dict_of(item_ref)
                out.append((level, text_string(self.resolve(item.get("Title", b""))), item))
                if "First" in item:
                    walk(item["First"], level + 1)
                item_ref = item.get("Next")

        outlines = self.dict_of(self.root.get("Outlines"))
        if "First" in outlines:
            walk(outlines["First"], 0)
        return out

    # -- text ---------------------------------------------------------------
    def font(self, ref) -> "Font":
        key = ref if isinstance(ref, Ref) else id(ref)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = Font(self, ref)
            font.key = key
        return font

    def page_text(self, page: dict) -> "PageText":
        return PageText(self, page)


# PDFDocEncoding: Latin-1 except for these (and 0x7F, 0x9F, 0xAD, which are undefined)
_PDFDOC = {i: c for i, c in zip(range(0x18, 0x20), "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc")}
_PDFDOC.update({i: c for i, c in zip(range(0x80, 0xA1), "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044"
                                                       "\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
                                                       "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160"
                                                       "\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd\u20ac")})
_PDFDOC.update({0x7F: "\ufffd", 0xAD: "\ufffd"})


def text_string(value) -> str:
    """A PDF text string (PDFDocEncoding, or UTF-16 with a byte order mark) as str."""
    if isinstance(value, str):
        return value
    if not isinstance(value, (bytes, bytearray)):
        return "" if value is None else str(value)
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", "replace")
    if value.startswith(b"\xef\xbb\xbf"):  # PDF 2.0
        return value[3:].decode("utf-8", "replace")
    return value.decode("latin-1").translate(_PDFDOC)


# -- fonts and text -----------------------------------------------------------
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_SURROGATE = re.compile(rb"[\xd8-\xdf]")  # the high byte of a UTF-16 unit that is half of a pair
_CODESPACE = re.compile(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_HEXES = rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]"


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
# and a map is a pure function of those bytes. Bounded: the oldest goes first.
# (Shared between documents, so a _CMap and its dictionaries are never changed
# once made, except for filling in its table, which depends on its map only.)
_CMAPS: dict[tuple, _CMap] = {}
_CMAPS_MAX = 64


def _tounicode(stream: Stream) -> _CMap:
    """The parsed map of a ToUnicode stream (from the memo when seen before)."""
    filters = stream.dict.get("Filter")
    key: Optional[tuple] = None
    if filters is None or type(filters) is Name:
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
        cmap.map = _parse_cmap(data)
    except (PDFError, ValueError, ArithmeticError):
        cmap.map = None
    if key is not None:
        remember(_CMAPS, key, cmap, _CMAPS_MAX)
    return cmap


def _parse_cmap(data: bytes) -> dict[int, str]:
    """Code -> text of a (decoded) ToUnicode CMap."""
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        pairs = _PAIR.findall(block)
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
    for block in _BFRANGE.findall(data):
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
# regular expression engine skip everything else quickly.
_IN_STR = rb"[^\\()]*(?:(?:\\.|\([^\\()]*\))[^\\()]*)*"  # a literal string's inside (one level of nesting)
_END = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"  # the end of a token
_NAMEC = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+"
_CONTENT = re.compile(
    rb"\((?P<lit>" + _IN_STR + rb")\)\s*(?P<litop>Tj|'|\")" + _END
    + rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*(?P<hexop>Tj|'|\")" + _END
    + rb"|\[(?P<array>(?:\(" + _IN_STR + rb"\)|<[0-9A-Fa-f\s]*>|[^\]()<])*)\]\s*TJ" + _END
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


class PageText:
    """The text of a page in content-stream order, the fonts it uses, and what went wrong."""

    def __init__(self, doc: Document, page: dict):
        self.doc = doc
        self.parts: list[str] = []
        self.fonts: dict[Any, Font] = {}  # by font object
        self.unmapped = 0
        self.missing_fonts: set[str] = set()
        contents = doc.resolve(page.get("Contents"))
        streams = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(s.decoded() for s in (doc.resolve(x) for x in streams) if isinstance(s, Stream))
        self._run(data, doc.dict_of(page.get("Resources")), 0)
        self.text = "".join(self.parts)

    def _font(self, resources: dict, name: str) -> Optional[Font]:
        ref = self.doc.dict_of(resources.get("Font")).get(name)
        if ref is None:
            self.missing_fonts.add(name)
            return None
        font = self.doc.font(ref)
        self.fonts[font.key] = font
        return font

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

    def _run(self, data: bytes, resources: dict, depth: int) -> None:
        # The loop runs for every operator that matters, ~800 on a CV's three pages:
        # the common ones (line moves, strings shown with Tj in a one-byte font,
        # font changes) are handled inline, as _newline() and _show() would.
        parts = self.parts
        font: Optional[Font] = None
        table: Optional[dict] = None  # font.table()
        fonts: dict[bytes, tuple] = {}  # font name -> (_font() of it in these resources, its table())
        unmapped = 0
        for m in _CONTENT.finditer(data):
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
                for lit, hexs, num in re.findall(_ARRAY_ITEM, m.group("array")):
                    if num:
                        if float(num) < -250:  # a wide negative kern reads as a space
                            parts.append(" ")
                    else:
                        unmapped += self._show(font, _unescape(lit) if lit or not hexs else _unhex(hexs))
            elif kind == "form" and depth < 8:
                name = m.group("form").decode("latin-1")
                form = self.doc.resolve(self.doc.dict_of(resources.get("XObject")).get(name))
                if isinstance(form, Stream) and form.dict.get("Subtype") == "Form":
                    self._run(form.decoded(), self.doc.dict_of(form.dict.get("Resources")) or resources, depth + 1)
                    self._newline()
        self.unmapped += unmapped


def iter_annotations(doc: Document, page: dict) -> Iterator[dict]:
    for a in doc.resolve(page.get("Annots")) or []:
        d = doc.dict_of(a)
        if d:
            yield d
