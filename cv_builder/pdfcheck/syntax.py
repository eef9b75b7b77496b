"""PDF syntax: objects, the tokens they are written in, and stream filters.

The first layer of the check's own reader (:mod:`.reader` finds objects in a
file, :mod:`.text` reads the text of pages): names, references, streams,
a lexer for any object, and a quick path for objects written as ReportLab
writes them (:func:`_spaced_object`). Every step that grows with its input
pays from the document's :class:`~.budget.Budget`: stream filters decompress
at most their limit (a "Flate bomb" is refused after a few megabytes, not
expanded), and the lexer counts tokens and nesting.

Its regular expressions are written so that no input makes them backtrack
more than linearly: each alternative can match in one way only.
"""

from __future__ import annotations

import base64
import re
import zlib
from binascii import a2b_hex
from typing import Any, Optional

from ..memo import remember
from .budget import DEFAULT, Budget, TooLarge


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


_FLATE = ("FlateDecode", "Fl")


class Stream:
    """A stream object: its dictionary and its still-encoded bytes (``num``: its object
    number, for messages; ``budget``: what decoding it is paid from)."""

    __slots__ = ("dict", "raw", "_data", "budget", "num")

    def __init__(self, d: dict, raw: bytes, budget: Optional[Budget] = None, num: Optional[int] = None):
        self.dict = d
        self.raw = raw
        self._data: Optional[bytes] = None
        self.budget = budget
        self.num = num

    def get(self, key, default=None):
        return self.dict.get(key, default)

    def __contains__(self, key) -> bool:
        return key in self.dict

    def _filters(self) -> list:
        filters = self.dict.get("Filter")
        if filters is None:
            return []
        return filters if isinstance(filters, list) else [filters]

    def _what(self) -> str:
        return f"a stream (object {self.num})" if self.num is not None else "a stream"

    def decoded(self) -> bytes:
        """The stream's bytes, decoded (and kept); at most the budget's stream_bytes."""
        if self._data is None:
            budget = self.budget or Budget(DEFAULT)
            cap = budget.limits.stream_bytes
            data = self.raw
            for f in self._filters():
                data = _decode(f, data, cap, self._what())
            if data is not self.raw:
                budget.spend_decoded(len(data), self._what())
            self._data = data
        return self._data

    def verify(self) -> Optional[str]:
        """Why the stream cannot be decompressed, or None (also when its filters are ones
        this reader does not decode). Decompresses a megabyte at a time, keeping nothing:
        for streams that are only checked (font programs), whatever their size."""
        if self._filters() not in (["FlateDecode"], ["Fl"]):
            return None
        budget = self.budget or Budget(DEFAULT)
        inflater = zlib.decompressobj()
        data = self.raw
        try:
            while True:
                out = inflater.decompress(data, 1 << 20)
                budget.spend_verified(len(out))
                if inflater.eof:
                    return None
                data = inflater.unconsumed_tail
                if not out and not data:
                    return "its compressed data ends early"
        except zlib.error as exc:
            return f"its compressed data is damaged ({_zlib_says(exc)})"


def _zlib_says(exc: zlib.error) -> str:
    """zlib's reason, without its error number ('incorrect data check': the checksum differs)."""
    return str(exc).split(": ", 1)[-1]


def _decode(name, data: bytes, cap: int, what: str) -> bytes:
    """data decoded by the filter name, at most cap bytes of it (else TooLarge)."""
    try:
        if name in _FLATE:
            return _inflate(data, cap, what)
        if name in ("ASCII85Decode", "A85"):
            if len(data) + 3 * data.count(b"z") > cap:  # (each 'z' is four bytes)
                raise TooLarge(f"{what} expands to more than {cap >> 20} MB")
            return _a85decode(data)
        if name in ("ASCIIHexDecode", "AHx"):
            text = re.sub(rb"\s+", b"", data).rstrip(b">")
            return a2b_hex(text + b"0" * (len(text) % 2))
    except zlib.error as exc:
        raise PDFError(f"{what} is damaged: its {name} data cannot be decoded ({_zlib_says(exc)})") from None
    except ValueError as exc:
        raise PDFError(f"{what} is damaged: its {name} data cannot be decoded ({exc})") from None
    raise PDFError(f"streams encoded with {name} are not supported")


def _inflate(data: bytes, cap: int, what: str) -> bytes:
    """zlib.decompress(data), but never more than cap bytes: a bomb stops at the cap."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, cap + 1)
    if len(out) > cap:
        raise TooLarge(f"{what} expands to more than {cap >> 20} MB")
    if not inflater.eof:  # (all of data was taken, and the stream has not ended)
        raise zlib.error("incomplete or truncated stream")
    return out


def _a85decode(data: bytes) -> bytes:
    data = data.strip()
    if not data.endswith(b"~>"):
        data += b"~>"
    return base64.a85decode(data, adobe=True)


# -- lexing -----------------------------------------------------------------
WS = b"\x00\t\n\x0c\r "
# (White space and comments before a token: each run is taken whole, (?!…), so that
# a token that fails after them cannot retry every way of cutting them up: with
# `(?:\s+|%.*)*`, 24 spaces before a stray ')' took 9 s, each one more twice as long.)
_TOKEN = re.compile(rb"""
    (?:[\x00\t\n\x0c\r ]+(?![\x00\t\n\x0c\r ])|%[^\r\n]*(?![^\r\n]))*   # white space, comments
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

    def __init__(self, data: bytes, pos: int = 0, budget: Optional[Budget] = None):
        self.data = data
        self.pos = pos
        self.budget = budget or Budget(DEFAULT)

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
        budget = self.budget
        depth = budget.limits.depth
        count = 0
        while True:
            kind, value = tok or self.token()
            tok = None
            count += 1
            if count == 4096:  # (tokens are paid for in batches: each is a Python object in memory)
                budget.spend_tokens(count)
                count = 0
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
                    budget.spend_tokens(len(nums))
                    if not stack:
                        return nums
                    stack[-1][1].append(nums)
                    continue
            if kind == "aopen" or kind == "dopen":
                if len(stack) >= depth:
                    budget.count_depth(len(stack) + 1, "its objects are")
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
                    budget.spend_tokens(count)
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
_MAX_DEPTH = DEFAULT.depth
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
                if len(stack) >= _MAX_DEPTH:
                    return _UNSURE  # (the Lexer says what is wrong)
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

