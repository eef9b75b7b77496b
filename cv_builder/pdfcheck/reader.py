"""The check's own PDF reader: objects by number, the page tree, the outline.

Narrow and fast on purpose: the self-check runs after every build (a few ms),
and importing a general PDF library costs more than the check itself. What
cv-builder writes, ReportLab's classic cross-reference table and objects
written one token apart, is read on the quick path here; anything else (a
damaged table, cross-reference and object streams (which the tagged PDF's
structure tree is written in), the thorough verification `check FILE` adds) is
in :mod:`.foreign`, which reads with this module (imported here where needed:
the two import each other).

Every object read, every stream decoded and every walk (pages, outline,
named destinations) is bounded by the document's :class:`~.budget.Budget`
and by what was already seen: a loop is noted, never followed twice.
Encrypted files and exotic filters are reported as unreadable
(:class:`~.syntax.PDFError`), never guessed at.
"""

from __future__ import annotations

import re
import struct
from typing import Any, Iterator, Optional

from ..memo import Recent
from .budget import DEFAULT, Budget, Limits
from .syntax import _UNSURE, WS, Lexer, PDFError, Ref, Stream, _spaced_object, text_string

# 'n g obj': the numbers not preceded by a digit, and of a sensible length, so that a
# search through a run of digits costs a step per digit (without both, 200,000 digits
# took 158 s: every start in the run read to its end, then gave back digit by digit)
_OBJ_AT = re.compile(rb"(?<![0-9])(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj\b")
_STREAM_OR_END = re.compile(rb"[\x00\t\n\x0c\r ]*(stream|endobj)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_ENDSTREAM = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_ENDOBJ = re.compile(rb"[\x00\t\n\x0c\r ]*endstream[\x00\t\n\x0c\r ]*endobj")
_TOKEN_END = WS + b"()<>[]{}/%"  # what may follow a token (or nothing, b"")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,20})\s*%%EOF")
_MAX_NOTES = 20
_STRUCT = {1: "B", 2: "H", 4: "I"}  # field widths of a cross-reference stream as struct formats

# Objects as read by _spaced_object(), by the exact text they are written in: a rebuild
# writes most objects of its PDF byte for byte as the build before did (fonts, pages,
# outline, links), and reading one is a pure function of its text. For the build's own
# PDF only (``Document(memo=True)``); what the last two builds read (see cv_builder.memo).
# (Shared between documents, so an object read is never changed: nothing in the check
# does; and two objects of one document are never the same Python object: see _spaced.)
_OBJECTS = Recent(limit=8192)


def _num_at(data: bytes, offset: int) -> int:
    """The number of the object written at offset ('n g obj'), or -1."""
    m = _OBJ_AT.match(data, offset)
    return int(m.group(1)) if m is not None else -1


class Document:
    """A PDF in memory: objects by number, the trailer, the pages.

    ``notes`` collects what a reader would have to repair (the file is damaged),
    as objects are read: the rules report them after reading everything else.
    """

    def __init__(self, data: bytes, limits: Limits = DEFAULT, memo: bool = False):
        if not data.startswith(b"%PDF-"):
            raise PDFError("it does not start with %PDF-: not a PDF file")
        self.data = data
        # what was read of the PDFs of the builds before may be used (the build's own PDF, never
        # a file from elsewhere): objects by their text (_OBJECTS), pages by their content
        # (text.PageText), the structure tree by its object stream (tags._preload)
        self.memo = memo
        self._texts: set = set()  # the texts of objects read with the memo
        self.budget = Budget(limits)
        self.version = data[5:8].decode("latin-1", "replace")
        self.notes: list[str] = []
        self.offsets: dict[int, int] = {}
        self.compressed: dict[int, tuple[int, int]] = {}  # object -> (object stream, index)
        self.object_streams: dict[int, tuple] = {}  # object stream -> (its objects, their offsets)
        self._cache: dict[int, Any] = {}
        self._parsing: set[int] = set()  # objects being read (a /Length may point at another stream)
        self._fonts: dict[Any, Any] = {}  # text.Font by font object
        self._forms: dict[Any, Any] = {}  # text._Form by (form, resources)
        self._named: Optional[dict] = None
        self.trailer: dict = {}
        self.repaired = False  # found by scanning the file (see foreign.scan)
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

    def note(self, text: str) -> None:
        """Something a reader would have to repair (each said once; the first few)."""
        if text not in self.notes and len(self.notes) < _MAX_NOTES:
            self.notes.append(text)

    # -- cross references ---------------------------------------------------
    def _read_xref(self) -> None:
        """The classic cross-reference table that startxref points at, and the tables
        before it (/Prev); anything else is left to foreign.scan()."""
        data = self.data
        m = None
        for m in _STARTXREF.finditer(data, max(0, len(data) - 2048)):
            pass
        if m is None:
            self.note("there is no startxref/%%EOF at the end (the file is truncated?)")
            return self._scan()
        pos = int(m.group(1))
        seen = set()
        while True:
            if pos in seen:
                self.note("the cross-reference tables loop (a /Prev points back at a table already read)")
                break
            seen.add(pos)
            if not data.startswith(b"xref", pos):  # a cross-reference stream, or a wrong offset
                if _OBJ_AT.match(data, pos) is None:  # (an object there is a cross-reference stream: fine)
                    self.note("startxref does not point at a cross-reference table")
                return self._scan()
            try:
                trailer = self._xref_table(pos + 4)
            except (PDFError, ValueError, IndexError, TypeError):
                self.note("the cross-reference table is damaged")
                return self._scan()
            for k, v in trailer.items():
                self.trailer.setdefault(k, v)
            prev = trailer.get("Prev")
            if prev is None:
                break
            if not isinstance(prev, int) or isinstance(prev, bool):
                self.note("the trailer's /Prev is not an offset")
                break
            pos = prev
        at = self.trailer.get("XRefStm")
        if at is not None:
            self._xref_stream(at)
        bad = [n for n, off in self.offsets.items() if not self._object_at(off, n)]
        if bad:
            self.note(f"the cross-reference table points {len(bad)} object(s) at the wrong "
                      f"offset (first: object {bad[0]})")
            self._scan()

    def _xref_stream(self, at) -> None:
        """The cross-reference stream a hybrid-reference file names (``/XRefStm``, PDF 32000-1,
        7.5.8.4): the objects it lists that the classic table does not, among them those in
        object streams (cv-builder's structure tree is written so: see render/tagging.py)."""
        m = _OBJ_AT.match(self.data, at) if isinstance(at, int) and not isinstance(at, bool) and at >= 0 else None
        if m is None or self.data[m.end():m.end() + 1] not in _TOKEN_END:
            self.note("the trailer's /XRefStm does not point at a cross-reference stream")
            return self._scan()  # (the objects it lists are found as a reader repairing the file finds them)
        try:
            stream, _ = self._parse_at(at, _num_at(self.data, at))
            d = stream.dict if isinstance(stream, Stream) else {}
            widths = d.get("W")
            if (d.get("Type") != "XRef" or not isinstance(widths, list) or len(widths) != 3
                    or not all(type(w) is int and 0 <= w <= 8 for w in widths)):
                raise PDFError("not a cross-reference stream")
            size = d.get("Size")
            index = d.get("Index", [0, size])
            if (not isinstance(index, list) or len(index) % 2
                    or not all(type(v) is int and v >= 0 for v in index)):
                raise PDFError("its /Index is damaged")
            data = stream.decoded()
        except PDFError:
            self.note("the cross-reference stream that /XRefStm points at is damaged")
            return self._scan()
        w0, w1, w2 = widths
        row = w0 + w1 + w2
        if not row:
            return
        self.budget.count_objects(len(self.offsets) + len(self.compressed) + len(data) // row)
        data = data[:len(data) - len(data) % row]
        if all(w in _STRUCT for w in widths):  # (whole bytes of 1, 2 or 4: C speed; cv-builder's are 1 2 2)
            rows = struct.iter_unpack(">" + "".join(_STRUCT[w] for w in widths), data)
        else:
            rows = ((int.from_bytes(data[p:p + w0], "big"), int.from_bytes(data[p + w0:p + w0 + w1], "big"),
                     int.from_bytes(data[p + w0 + w1:p + row], "big")) for p in range(0, len(data), row))
        numbers = (num for first, count in zip(index[0::2], index[1::2]) for num in range(first, first + count))
        offsets, compressed = self.offsets, self.compressed
        for num, (kind, a, b) in zip(numbers, rows):
            if kind == 1 or not w0:
                offsets.setdefault(num, a)
            elif kind == 2 and num not in offsets:
                compressed.setdefault(num, (a, b))
        self.budget.tick(len(data) // row)

    def _object_at(self, offset: int, num: int) -> bool:
        m = _OBJ_AT.match(self.data, offset)
        return m is not None and int(m.group(1)) == num

    def _xref_table(self, pos: int) -> dict:
        data = self.data
        lex = Lexer(data, pos, self.budget)
        entries: dict[int, int] = {}
        budget = self.budget
        while True:
            kind, value = lex.token()
            if kind == "kw" and value == b"trailer":
                break
            if kind != "obj" or not isinstance(value, int):
                raise PDFError("the cross-reference table is damaged")
            start = value
            _, count = lex.token()
            budget.count_objects(len(self.offsets) + len(entries) + count)
            # entries are fixed 20-byte lines: 'oooooooooo ggggg n\r\n'
            while lex.pos < len(data) and data[lex.pos] in WS:
                lex.pos += 1
            for i in range(count):
                line = data[lex.pos:lex.pos + 20]
                fields = line.split()
                if len(fields) < 3 or not fields[0].isdigit() or not fields[1].isdigit():
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
        from . import foreign  # import cycle (foreign reads with this module): for damaged files

        foreign.scan(self)

    # -- objects ------------------------------------------------------------
    def _parse_at(self, offset: int, num: int) -> tuple[Any, int]:
        """The object at offset (``num g obj …``) and where it ends."""
        data = self.data
        lex = Lexer(data, offset, self.budget)
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
                if self.memo:
                    obj, end = self._object(text, start)
                else:
                    obj = _spaced_object(text)
                    if obj is not _UNSURE:
                        self.budget.spend_tokens(len(text) >> 3)  # (about a token in eight bytes)
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
            try:
                kind, value = lex.token()
            except PDFError:
                kind, value = "other", None
        if kind == "kw" and value == b"stream":
            return self._stream(obj, num, lex.pos)
        if kind == "kw" and value == b"endobj":
            return obj, lex.pos
        self.note(f"object {num} has no endobj")
        return obj, end  # (what follows may be the next object: a scan reads on from here)

    def _object(self, text: bytes, start: int) -> tuple[Any, int]:
        """The object written at start, whose text runs on to the next 'stream' or 'endobj'
        (``text``), and where it ends (as _parse_at reads it: see there), from _OBJECTS when a
        build before read the same text; paid for alike. (Kept only when what was read of the
        file is within the text. A second object of the same text in this document is read
        anew: the check tells direct objects apart by identity, as a loop in the structure
        tree is an element reached twice.)"""
        budget = self.budget
        again = text in self._texts
        if not again:
            self._texts.add(text)
            known = _OBJECTS.get(text)
            if known is not None:
                obj, used, tokens = known
                budget.spend_tokens(tokens)
                return obj, start + used
        tokens = budget.tokens
        obj = _spaced_object(text)
        if obj is not _UNSURE:
            budget.spend_tokens(len(text) >> 3)  # (about a token in eight bytes)
            used = len(text.rstrip())  # (after the last token, as Lexer.object() leaves it)
        else:
            lex = Lexer(self.data, start, budget)
            obj = lex.object()
            used = lex.pos - start
            if used > len(text):  # (a string holds 'stream' or 'endobj': not kept)
                return obj, lex.pos
        if not again:
            _OBJECTS.put(text, (obj, used, budget.tokens - tokens))
        return obj, start + used

    def _stream(self, d: Any, num: int, start: int) -> tuple[Stream, int]:
        data = self.data
        if not isinstance(d, dict):
            raise PDFError(f"object {num}: a stream without a dictionary")
        if data.startswith(b"\r\n", start):
            start += 2
        elif data.startswith(b"\n", start) or data.startswith(b"\r", start):
            start += 1
        length = d.get("Length")
        if isinstance(length, Ref):
            # (a /Length in another object, which may be a stream whose /Length is here)
            length = self.resolve(length) if length.num not in self._parsing else None
        if not (isinstance(length, int) and not isinstance(length, bool) and length >= 0):
            self.note(f"object {num}: the stream's /Length is not a length")
            length = None
        stop = start + length if length is not None else -1
        if stop < 0 or _ENDSTREAM.match(data, stop, stop + 30) is None:
            stop = data.find(b"endstream", start)
            if stop < 0:
                raise PDFError(f"object {num}: the stream has no end")
            if isinstance(length, int):
                self.note(f"object {num}: the stream /Length is wrong")
            while stop > start and data[stop - 1] in b"\r\n":
                stop -= 1
        obj = Stream(d, data[start:stop], self.budget, num)
        m = _ENDOBJ.match(data, stop)
        if m is None:
            self.note(f"object {num} has no endobj")
            end = data.find(b"endstream", stop) + 9
        else:
            end = m.end()
        return obj, end

    def get(self, num: int) -> Any:
        if num in self._cache:
            return self._cache[num]
        self.budget.tick()
        if num in self._parsing:
            raise PDFError(f"object {num} is made of itself")
        self._parsing.add(num)
        try:
            if num in self.offsets:
                try:
                    obj, _ = self._parse_at(self.offsets[num], num)
                except (ValueError, IndexError) as exc:
                    raise PDFError(f"object {num} is damaged ({exc})") from None
            elif num in self.compressed:
                from . import foreign  # import cycle (foreign reads with this module)

                obj = foreign.compressed_object(self, num)
            else:
                obj = None  # a missing object is null
        finally:
            self._parsing.discard(num)
        self._cache[num] = obj
        return obj

    def resolve(self, obj: Any) -> Any:
        depth = 0
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
        budget = self.budget
        root = self.root.get("Pages")
        if root is None:
            return out
        stack: list[tuple[Any, dict, int]] = [(root, {}, 0)]  # (node, inherited, depth), last first
        while stack:
            ref, inherited, depth = stack.pop()
            budget.count_depth(depth, "its page tree is")
            key = ref.num if isinstance(ref, Ref) else id(ref)
            if key in seen:
                raise PDFError("the page tree loops")
            seen.add(key)
            budget.tick()
            node = self.dict_of(ref)
            attrs = dict(inherited)
            for k in ("Resources", "MediaBox", "CropBox", "Rotate"):
                if k in node:
                    attrs[k] = node[k]
            if node.get("Type") == "Pages" or ("Kids" in node and node.get("Type") != "Page"):
                kids = self.resolve(node.get("Kids"))
                if isinstance(kids, list):
                    budget.count_objects(len(seen) + len(kids))
                    stack.extend((kid, attrs, depth + 1) for kid in reversed(kids))
            else:
                page = dict(node)
                for k, v in attrs.items():
                    page.setdefault(k, v)
                page["_ref"] = ref
                out.append(page)
        return out

    def outline(self) -> list[tuple[int, str, Any]]:
        """The outline (bookmarks) as (level, title, item dictionary), in order."""
        out: list[tuple[int, str, Any]] = []
        seen: set = set()
        outlines = self.dict_of(self.root.get("Outlines"))
        stack: list[tuple[Any, int]] = [(outlines["First"], 0)] if "First" in outlines else []
        while stack:  # (an item, then its children, then its next sibling)
            item_ref, level = stack.pop()
            if item_ref is None:
                continue
            key = item_ref.num if isinstance(item_ref, Ref) else id(item_ref)
            if key in seen:
                continue
            seen.add(key)
            self.budget.count_depth(level, "its outline is")
            self.budget.tick()
            item = self.dict_of(item_ref)
            out.append((level, text_string(self.resolve(item.get("Title", b""))), item))
            stack.append((item.get("Next"), level))
            if "First" in item:
                stack.append((item["First"], level + 1))
        return out

    def named_destination(self, name: bytes):
        """The destination a name stands for (/Dests, or the /Names tree), or None."""
        if self._named is None:
            self._named = self._named_destinations()
        return self._named.get(name)

    def _named_destinations(self) -> dict:
        out: dict = {}
        for key, value in self.dict_of(self.root.get("Dests")).items():
            out[key.encode("latin-1", "replace")] = value
        tree = self.dict_of(self.root.get("Names")).get("Dests")
        seen: set = set()
        stack = [(tree, 0)] if tree is not None else []
        while stack:
            node_ref, depth = stack.pop()
            key = node_ref.num if isinstance(node_ref, Ref) else id(node_ref)
            if key in seen:
                continue
            seen.add(key)
            self.budget.count_depth(depth, "its tree of named destinations is")
            self.budget.tick()
            node = self.dict_of(node_ref)
            names = self.resolve(node.get("Names"))
            if isinstance(names, list):
                self.budget.spend_tokens(len(names))
                for k, v in zip(names[0::2], names[1::2]):
                    k = self.resolve(k)
                    if isinstance(k, bytes):
                        out.setdefault(k, v)
            kids = self.resolve(node.get("Kids"))
            if isinstance(kids, list):
                stack.extend((kid, depth + 1) for kid in kids)
        return out


def iter_annotations(doc: Document, page: dict) -> Iterator[dict]:
    annots = doc.resolve(page.get("Annots"))
    for a in annots if isinstance(annots, list) else []:
        d = doc.dict_of(a)
        if d:
            yield d
