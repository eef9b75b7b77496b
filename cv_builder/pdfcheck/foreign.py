"""Reading PDFs cv-builder did not write, or that were damaged since: bounded.

cv-builder's own PDFs come here only for the elements of their structure tree,
which are in an object stream (:func:`compressed_object`): their cross-reference
table is read on the narrow path of :mod:`.reader`. A file from elsewhere may have
cross-reference and object streams (another tool rewrote it), a damaged or
missing table (its objects are then found by scanning the file, as a reader
repairing it would), and anything an attacker can write; `cv-builder check
FILE` also verifies what the narrow path trusts (:func:`verify`).

Every step here is paid from the document's budget: objects found, tokens,
bytes decompressed, time.

(pikepdf, qpdf's binding, was measured as the reader for these files: it adds
30 ms of import, but no bound on decompression: a 3 KB file whose stream
expands to 1 GB took it 24 s and 1 GB of memory before it failed, and a
file of a hundred 8 MB streams was still running at 60 s. Bounds would have
to be added around it anyway, so the check reads these files itself; qpdf
serves in the tests as the judge of which files are damaged.)
"""

from __future__ import annotations

import re
from typing import Any

from .reader import _OBJ_AT, Document
from .syntax import _UNSURE, WS, Lexer, PDFError, Ref, Stream, _spaced_object

_TRAILER = re.compile(rb"trailer[\x00\t\n\x0c\r ]*<<")


def scan(doc: Document) -> None:
    """Find the objects by scanning the file: for a damaged table, or cross-reference streams."""
    doc.repaired = True
    doc.offsets.clear()
    data = doc.data
    budget = doc.budget
    pos = 0
    while True:
        m = _OBJ_AT.search(data, pos)
        if m is None:
            break
        num = int(m.group(1))
        if m.start() > 0 and data[m.start() - 1] not in WS:
            pos = m.end()
            continue
        doc.offsets[num] = m.start()
        budget.count_objects(len(doc.offsets))
        budget.tick()
        try:
            obj, end = doc._parse_at(m.start(), num)
        except PDFError:
            pos = m.end()
            continue
        doc._cache[num] = obj
        pos = max(end, m.end())
        if isinstance(obj, Stream):
            kind = obj.dict.get("Type")
            if kind == "XRef":
                for k, v in obj.dict.items():
                    if k not in ("Length", "Filter", "DecodeParms", "W", "Index", "Type", "Prev"):
                        doc.trailer[k] = v
            elif kind == "ObjStm":
                _index_object_stream(doc, num, obj)
    if not doc.trailer:
        m = None
        for m in _TRAILER.finditer(data):
            pass
        if m is not None:
            try:
                trailer = Lexer(data, m.end() - 2, budget).object()
            except PDFError:
                trailer = None
            if isinstance(trailer, dict):
                doc.trailer = trailer
    if "Root" not in doc.trailer:
        for num in sorted(doc.offsets):
            try:
                obj = doc.get(num)
            except PDFError:
                continue
            if isinstance(obj, dict) and obj.get("Type") == "Catalog":
                doc.trailer["Root"] = Ref(num, 0)
                break


def _object_stream(doc: Document, num: int, stream: Stream) -> tuple[list[int], list[int]]:
    """The numbers of the objects in an object stream and their offsets in it, by index (read once)."""
    found = doc.object_streams.get(num)
    if found is None:
        data = stream.decoded()
        first = stream.dict.get("First", 0)
        if not isinstance(first, int) or not 0 <= first <= len(data):
            raise PDFError(f"object stream {num} is damaged (its /First is wrong)")
        fields = data[:first].split()
        doc.budget.spend_tokens(len(fields))
        try:
            numbers = [int(x) for x in fields]
        except ValueError:
            raise PDFError(f"object stream {num} is damaged (its header is not numbers)") from None
        found = doc.object_streams[num] = (numbers[0::2], [first + off for off in numbers[1::2]])
    return found


def _index_object_stream(doc: Document, num: int, stream: Stream) -> None:
    try:
        numbers, _ = _object_stream(doc, num, stream)
    except PDFError as exc:
        doc.note(str(exc))
        return
    doc.budget.count_objects(len(doc.offsets) + len(doc.compressed) + len(numbers))
    for index, obj_num in enumerate(numbers):
        doc.compressed.setdefault(obj_num, (num, index))


def compressed_object(doc: Document, num: int) -> Any:
    """An object stored in an object stream."""
    stream_num, index = doc.compressed[num]
    stream = doc.get(stream_num)
    if not isinstance(stream, Stream):
        raise PDFError(f"object {num} is in object stream {stream_num}, which is not a stream")
    _, offsets = _object_stream(doc, stream_num, stream)
    if index >= len(offsets):
        raise PDFError(f"object {num} is not in object stream {stream_num}")
    data = stream.decoded()
    start = offsets[index]
    end = offsets[index + 1] if index + 1 < len(offsets) else len(data)
    if start < end:  # (an object written a token apart, as cv-builder's structure tree: the quick path)
        text = data[start:end]
        obj = _spaced_object(text.strip())
        if obj is not _UNSURE:
            doc.budget.spend_tokens(len(text) >> 3)
            return obj
    return Lexer(data, start, doc.budget).object()


def verify(doc: Document, checked: set) -> None:
    """What `check FILE` adds for a file from elsewhere: every object in the file is read (one
    that cannot be, or has no endobj, is damage a reader has to repair), and every Flate stream
    not already read is decompressed, and dropped, to see that it can be (``checked``: numbers
    of streams the rules verified themselves, as font programs)."""
    for num in sorted(doc.offsets.keys() | doc.compressed.keys()):
        try:
            obj = doc.get(num)
        except PDFError as exc:
            doc.note(f"object {num} cannot be read: {exc}")
            continue
        if isinstance(obj, Stream) and obj._data is None and num not in checked:
            why = obj.verify()
            if why:
                doc.note(f"object {num} (a stream): {why}")
