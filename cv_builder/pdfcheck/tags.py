"""The rules of a tagged PDF: is what a screen reader reads the whole CV, in one piece?

A tagged PDF (PDF 32000-1, 14.7-14.8; PDF/UA-1, ISO 14289-1) carries a structure tree
of elements (``Document › Sect › H2``, ``L › LI › Lbl + LBody``, ``Link``) whose leaves
point at what the pages draw: marked-content sequences with an MCID
(``/P <</MCID 3>> BDC … EMC``), and annotations (``OBJR``). Everything else drawn is
an artifact (``/Artifact BMC … EMC``). A reader finds the element of drawn content
through the *parent tree* (the page's ``/StructParents``, then the MCID), and the
content of an element through its kids: both ways must agree, or a screen reader
skips text, reads it twice, or loses its place. cv-builder tags every PDF it builds
(:mod:`cv_builder.render.tagging`); the check holds each to these rules, after the
machine-checkable failure conditions of the Matterhorn Protocol 1.1 (the PDF
Association's list for PDF/UA-1; its checkpoint numbers in brackets):

- everything drawn is an element's content or an artifact: every text string shown,
  path painted, image and form drawn [01-005]; no element's content inside an artifact
  [01-004], no artifact inside an element's content [01-003]; marked content opened
  and closed in the page;
- the tree is whole: each element has a type and names its parent (``/P``); no element
  is reached twice (a loop); each MCID of a page belongs to one element, and every
  one an element lists is drawn; the parent tree maps each MCID drawn back to the
  element that lists it, and each page with marked content has its ``/StructParents``;
- links: each link annotation is in the tree, held by a ``Link`` element (an ``OBJR``)
  that the parent tree names for its ``/StructParent`` [28-011], with a text
  alternative in ``/Contents`` [28-012]; a page with annotations has ``/Tabs /S``
  [28-008, 28-009 in PDF/UA-1's terms: 7.18.3];
- headings do not skip a level (an H2 followed by an H4) [14-003]; element types are
  standard or mapped to one (``/RoleMap``) [02-001];
- the document: ``/MarkInfo << /Marked true >>`` [06-001's neighbour, PDF/UA 6.2],
  no ``/Suspects true`` [01-007], ``/DisplayDocTitle true`` [07-001, 07-002], and, when
  its XMP metadata claims PDF/UA (``pdfuaid:part``), a ``dc:title`` [06-003].
  (``/Lang`` [11-006] is looked at with the rest of the document, in :mod:`.rules`.)

Severity: a tree that does not match the pages (content untagged, an MCID nobody
lists or listed twice, a parent tree that points elsewhere, an untagged link, a
loop) is an *error*: a screen reader gets something other than the CV. What is
whole but short of PDF/UA (no ``/Contents`` on a link, a skipped heading level, no
``/DisplayDocTitle``) is a *warning*. A PDF without a structure tree is not tagged:
an error in the check of a build that tagged it (``Expect.tagged``), a line of the
summary for any other file (most PDFs are not tagged; that is not damage).

What these rules cannot see: whether the order of the elements is the order the
eye reads, whether an element's type fits what it shows (a heading tagged P), the
text of alternative descriptions. The tests hold cv-builder's trees to expected
outlines for that (tests/tagged/). veraPDF, the reference validator of PDF/UA-1,
checks the rest (see the README).

Every walk pays from the document's budget (elements, depth, the parent tree's
nodes), and each kind of finding is said once, with how often it happened and the
first place: a hostile tree of 100,000 broken elements gives a few lines, in bounded
time.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..memo import Recent
from .reader import Document, iter_annotations
from .syntax import _UNSURE, Name, PDFError, Ref, Stream, _spaced_object, text_string

#: the standard structure types of PDF 1.7 (PDF 32000-1, 14.8.4)
STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form".split())
_MAX_SAID = 3  # the places named in one finding


class Summary:
    """What the check found of the tags, for ``cv-builder check``'s summary."""

    __slots__ = ("tagged", "elements", "links", "ua")

    def __init__(self) -> None:
        self.tagged = False
        self.elements = 0
        self.links = 0  # link annotations in the tree
        self.ua = False  # its XMP metadata claims PDF/UA

    def line(self) -> str:
        if not self.tagged:
            return "none: not a tagged PDF (a screen reader reads its text in drawing order)"
        ua = ", PDF/UA-1 identified" if self.ua else ""
        return (f"{self.elements} elements, all content tagged or an artifact, "
                f"{self.links} link{'s' if self.links != 1 else ''} in the tree{ua}")


class _Findings:
    """Findings of one kind each, counted, with the first few places (a hostile file may
    have thousands: the report stays short)."""

    def __init__(self) -> None:
        self.kinds: dict[tuple[str, str], list] = {}  # (severity, message) -> [count, places]

    def add(self, severity: str, message: str, place: Optional[str] = None) -> None:
        entry = self.kinds.get((severity, message))
        if entry is None:
            entry = self.kinds[(severity, message)] = [0, []]
        entry[0] += 1
        if place is not None and len(entry[1]) < _MAX_SAID and place not in entry[1]:
            entry[1].append(place)

    def report(self, report) -> None:
        for (severity, message), (count, places) in self.kinds.items():
            text = message
            if places:
                more = count - len(places)
                text += f" ({'; '.join(places)}{f'; and {more} more' if more > 0 else ''})"
            if severity == "error":
                report.broken(text, hint=_HINT)
            else:
                report.warn(text)


_HINT = ("a screen reader reads the structure tree: with it broken, it skips or repeats text; "
         "if cv-builder made this PDF, that is a bug (rebuild it, and report it)")


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def _key(obj) -> Any:
    return obj.num if isinstance(obj, Ref) else id(obj)


def check(doc: Document, pages: list, texts: list, expect, report) -> Summary:
    """The rules of a tagged PDF (see the module's documentation), on a document whose
    pages were read (``texts``: their :class:`~.text.PageText`, with their marks)."""
    summary = Summary()
    root = doc.root
    tree = doc.dict_of(root.get("StructTreeRoot"))
    if not tree:
        if expect is not None and getattr(expect, "tagged", False):
            report.broken("it is not tagged: it has no structure tree, so a screen reader reads its text "
                          "in drawing order, without headings, lists or links",
                          hint="this is a bug in cv-builder; the previous PDF is as it was")
        return summary
    summary.tagged = True
    if doc.compressed:
        _preload(doc)
    found = _Findings()
    page_of = {p["_ref"].num: i for i, p in enumerate(pages) if isinstance(p.get("_ref"), Ref)}
    owners, links, headings = _walked(doc, tree, page_of, found, summary)
    _check_content(texts, owners, found)
    parents = _parent_tree(doc, tree, found)
    _check_parent_tree(doc, pages, texts, owners, parents, found)
    _check_annotations(doc, pages, links, parents, found, summary)
    _check_headings(headings, texts, found)
    _check_document(doc, tree, found, summary)
    found.report(report)
    return summary


# -- the tree -------------------------------------------------------------------------
# An element as cv-builder writes it (render/tagging.py: tokens a space apart, in this order),
# read with one regular expression instead of token by token: the ~200 elements of a CV
# took 2 ms to read one by one, 0.3 ms so. Anything else is read as any object is.
_ELEMENT = re.compile(rb"<< /S /([A-Za-z][A-Za-z0-9]*) /P (\d{1,9}) 0 R(?: /Pg (\d{1,9}) 0 R)? "
                      rb"/K (?:(\d{1,9}) 0 (R)|(\d{1,9})|\[ ((?:\d{1,9} (?:0 R )?)*)\]) >>")
_KID = re.compile(rb"(\d+)( 0 R)?")


# What _preload read of an object stream, by what it is a function of: the stream's encoded
# bytes, its filters and /First, and which of its objects were wanted (numbers and indexes).
# A rebuild of the same CV writes its structure tree byte for byte as before (an edit of a
# paragraph changes a page's content, not the tree). For the build's own PDF only
# (Document.memo); what the last two builds read (see cv_builder.memo). Each value:
# (decoded bytes, (numbers, offsets) of its header, {object number: object read}); the
# objects are shared between documents, never changed.
_STREAMS = Recent(limit=64)


def _preload(doc: Document) -> None:
    """Read the objects of the document's object streams that are elements written as
    cv-builder writes them, all at once (the rest are read when they are needed)."""
    from . import foreign  # 0.5 ms at the top; here already imported (the reader found object streams)

    streams: dict[int, list] = {}
    for num, (stream_num, index) in doc.compressed.items():
        if num not in doc._cache:
            streams.setdefault(stream_num, []).append((index, num))
    cache = doc._cache
    budget = doc.budget
    for stream_num, wanted in streams.items():
        stream = doc.get(stream_num)
        if not isinstance(stream, Stream):
            continue
        key = _stream_key(stream, wanted) if doc.memo else None
        known = _STREAMS.get(key) if key is not None else None
        if known is not None and len(known[0]) <= budget.limits.stream_bytes:
            # as read below (the same bytes, the same objects wanted), paid for alike
            data, header, objects = known
            if stream._data is None:
                budget.spend_decoded(len(data), stream._what())
                stream._data = data
            if stream_num not in doc.object_streams:
                budget.spend_tokens(2 * len(header[0]))
                doc.object_streams[stream_num] = header
            budget.spend_tokens(len(data) >> 3)
            cache.update(objects)
            continue
        try:
            header = foreign._object_stream(doc, stream_num, stream)
            data = stream.decoded()
        except PDFError:
            continue  # (said when the objects are read one by one)
        budget.spend_tokens(len(data) >> 3)
        objects = _elements(data, header, wanted, doc.memo)
        cache.update(objects)
        if key is not None:
            _STREAMS.put(key, (data, header, objects))


def _stream_key(stream: Stream, wanted: list) -> Optional[tuple]:
    """What _preload reads of an object stream is a function of (None: read it every time)."""
    filters = stream.dict.get("Filter")
    first = stream.dict.get("First")
    if type(first) is not int or not (filters is None or type(filters) is Name or (
            type(filters) is list and all(type(f) is Name for f in filters))):
        return None
    return (stream.raw, tuple(filters) if type(filters) is list else filters, first, tuple(wanted))


def _elements(data: bytes, header: tuple, wanted: list, spaced: bool = False) -> dict:
    """The objects ``wanted`` ((index, number) in an object stream whose decoded bytes are data
    and whose header is (numbers, offsets)) that are elements or a parent tree written as
    cv-builder writes them: {number: object}; with ``spaced`` (the build's own PDF, whose
    stream is small), also the others that foreign.compressed_object() would read on its
    quick path, as it would read them (so that a memo of this holds every object of the tree)."""
    numbers, offsets = header
    names = _NAMES
    cache: dict = {}
    new = tuple.__new__
    at = {offsets[index]: num for index, num in wanted
          if index < len(offsets) and numbers[index] == num}  # where each object wanted begins
    ends = dict(zip(offsets, offsets[1:] + [len(data)]))
    refs: dict = {}  # one Ref per number (most are written many times)
    kid = _KID.findall
    for m in _ELEMENT.finditer(data, min(at, default=len(data))):
        num = at.pop(m.start(), None)
        if num is None or (m.end() < ends[m.start()] and data[m.end():ends[m.start()]].strip()):
            continue  # (not an object's start, or more follows it: read as any object is)
        role, parent, page, one, is_ref, mcid, array = m.groups()
        name = names.get(role)
        if name is None:
            name = names[role] = Name(role.decode("ascii"))
        if is_ref is not None:
            kids = refs.get(one) or refs.setdefault(one, new(Ref, (int(one), 0)))
        elif mcid is not None:
            kids = int(mcid)
        else:
            kids = [(refs.get(n) or refs.setdefault(n, new(Ref, (int(n), 0)))) if r else int(n)
                    for n, r in kid(array)]
        up = refs.get(parent) or refs.setdefault(parent, new(Ref, (int(parent), 0)))
        if page is None:
            cache[num] = {"S": name, "P": up, "K": kids}
        else:
            pg = refs.get(page) or refs.setdefault(page, new(Ref, (int(page), 0)))
            cache[num] = {"S": name, "P": up, "Pg": pg, "K": kids}
    for start, num in at.items():  # the parent tree
        if data.startswith(b"<< /Nums [ ", start):
            nums = _nums(data, start, ends[start], refs)
            if nums is not None:
                cache[num] = {"Nums": nums}
    if spaced:
        for index, num in wanted:
            if num in cache or index >= len(offsets) or numbers[index] != num:
                continue
            start = offsets[index]
            end = offsets[index + 1] if index + 1 < len(offsets) else len(data)
            obj = _spaced_object(data[start:end].strip()) if start < end else _UNSURE
            if obj is not _UNSURE:
                cache[num] = obj
    return cache


_NAMES: dict[bytes, Name] = {}
# the parent tree as cv-builder writes it: << /Nums [ key [ n 0 R … ] key n 0 R … ] >>
_NUMS = re.compile(rb"<< /Nums \[ ((?:\d{1,9} (?:\[ (?:\d{1,9} 0 R )*\]|\d{1,9} 0 R) )*)\] >>")
_NUMS_ITEM = re.compile(rb"(\d+) (?:\[ ((?:\d+ 0 R )*)\]|(\d+) 0 R)")
_REF = re.compile(rb"(\d+) 0 R")


def _nums(data: bytes, start: int, end: int, refs: dict) -> Optional[list]:
    """The /Nums array of a parent tree written as cv-builder writes it, or None."""
    m = _NUMS.match(data, start, end)
    if m is None or data[m.end():end].strip():
        return None
    new = tuple.__new__
    out: list = []
    for key, array, one in _NUMS_ITEM.findall(m.group(1)):
        out.append(int(key))
        out.append((refs.get(one) or refs.setdefault(one, new(Ref, (int(one), 0)))) if one else
                   [refs.get(n) or refs.setdefault(n, new(Ref, (int(n), 0))) for n in _REF.findall(array)])
    return out

class _Walk:
    """What a walk of the tree found (:func:`_walk`), and the objects it looked at, kept for a
    rebuild: see :func:`_walked`."""

    __slots__ = ("tree", "objects", "found", "owners", "links", "headings", "elements", "tokens", "depth")


# Walks of the structure tree, by the object numbers of the pages and the tree's root. A
# walk reads nothing but the tree's dictionary, the objects it looks up (elements, their
# kids, the role map) and the pages' numbers, and tells objects apart by their number or
# their identity: a walk over the very same objects (as the memos of the reader and of
# _preload give them when the bytes are the same) finds the same. For the build's own PDF
# only (Document.memo); what the last two builds walked (see cv_builder.memo).
_WALKS = Recent(limit=16)


def _walked(doc: Document, tree: dict, page_of: dict, found: _Findings, summary: Summary):
    """:func:`_walk`, or what a walk of the very same objects found (paid for alike);
    ``found``: no finding yet."""
    if not doc.memo:
        return _walk(doc, tree, page_of, found, summary, [])[:3]
    budget = doc.budget
    key = (_key(doc.root.get("StructTreeRoot")), tuple(page_of.items()))
    known = _WALKS.get(key)
    if known is not None and known.tree is tree and _the_same(doc, known.objects):
        if known.depth > budget.limits.depth:
            budget.count_depth(known.depth, "its structure tree is")
        if known.elements >= 1024:
            budget.count_objects(known.elements >> 10 << 10)
        budget.spend_tokens(known.tokens)
        budget.check_time()
        found.kinds.update((kind, [count, list(places)]) for kind, (count, places) in known.found)
        summary.elements = known.elements
        return dict(known.owners), dict(known.links), list(known.headings)
    tokens = budget.tokens
    looked: list = []
    owners, links, headings, depth = _walk(doc, tree, page_of, found, summary, looked)
    walk = _Walk()
    walk.tree = tree
    walk.objects = {num: doc.resolve(Ref(num)) for num in looked}  # (each read already: in the cache)
    walk.found = [(kind, (count, tuple(places))) for kind, (count, places) in found.kinds.items()]
    walk.owners, walk.links, walk.headings = dict(owners), dict(links), list(headings)
    walk.elements = summary.elements
    walk.tokens = budget.tokens - tokens
    walk.depth = depth
    _WALKS.put(key, walk)
    return owners, links, headings


def _the_same(doc: Document, objects: dict) -> bool:
    """Whether each object number looks up the very same object as it did (``objects``)."""
    cache = doc._cache
    try:
        for num, obj in objects.items():
            found = cache[num] if num in cache else doc.get(num)
            if found is not obj and (type(found) is not Ref or doc.resolve(found) is not obj):
                return False
    except PDFError:
        return False  # (the walk reads it, and says so)
    return True


def _walk(doc: Document, tree: dict, page_of: dict, found: _Findings, summary: Summary, looked: list):
    """Walk the tree from its root, in order: returns the owners of the content
    ({(page index, MCID): element key}), the Link elements' annotations
    ({annotation key: element key}), the headings ([(level, [(page, MCID)])]) and the depth
    it reached; ``looked`` gets the number of each object it looked up.

    (Written for speed: it runs after every build, over a few hundred elements.)"""
    budget = doc.budget
    cache = doc._cache
    deepest = budget.limits.depth
    top = 0
    note = looked.append
    if type(tree.get("RoleMap")) is Ref:
        note(tree["RoleMap"][0])
    roles = doc.dict_of(tree.get("RoleMap"))
    owners: dict = {}
    links: dict = {}  # annotation key -> the Link element's key
    headings: list = []
    seen: set = set()
    mapped: dict = {}  # a type not standard -> the standard type it maps to (None: none)
    root_key = _key(doc.root.get("StructTreeRoot"))
    if type(tree.get("K")) is Ref:
        note(tree["K"][0])
    stack = [(k, root_key, 0, None) for k in reversed(_items(doc, tree.get("K")))]
    while stack:
        ref, parent, depth, page = stack.pop()
        if depth > top:
            top = depth
            if depth > deepest:
                budget.count_depth(depth, "its structure tree is")
        budget.tick()
        if type(ref) is Ref:
            key = ref[0]
            elem = cache[key] if key in cache else doc.resolve(ref)
            note(key)
        else:
            key = id(ref)
            elem = ref
        if type(elem) is not dict:
            found.add("error", "the structure tree holds something that is not an element", _where(ref))
            continue
        if key in seen:
            found.add("error", "the structure tree loops: an element is reached twice", _where(ref))
            continue
        seen.add(key)
        if not len(seen) & 1023:
            budget.count_objects(len(seen))
        role = elem.get("S")
        if type(role) is not Name:
            found.add("error", "an element of the structure tree has no type (/S)", _where(ref))
            role = None
        elif role not in STANDARD:
            if role not in mapped:
                mapped[role] = _standard(doc, role, roles, looked)
            if mapped[role] is None:
                found.add("warning", f"the element type /{role} is not a standard one, and /RoleMap does not "
                                     "map it to one: readers do not know what it is", _where(ref))
            role = mapped[role] or role
        up = elem.get("P")
        if (up[0] if type(up) is Ref else id(up)) != parent:
            found.add("error", "an element does not name its parent (/P): a reader going up the tree gets lost",
                      f"{role or 'an element'}, {_where(ref)}")
        pg = elem.get("Pg")
        if pg is not None:
            page = page_of.get(pg[0] if type(pg) is Ref else id(pg), -1)
        content: list = []
        later = []
        annotated = False
        k = elem.get("K")
        kind = type(k)
        if kind is Ref:
            note(k[0])
        items = k if kind is list else [k] if kind is int or (kind is Ref and k[0] in cache and
                                                              type(cache[k[0]]) is dict) else _items(doc, k)
        if len(items) > 64:
            budget.spend_tokens(len(items))
        for item in items:
            kind = type(item)
            if kind is int:
                content.append((page, item))
                continue
            if kind is Ref:
                obj = cache[item[0]] if item[0] in cache else doc.resolve(item)
                note(item[0])
            else:
                obj = item
            if type(obj) is not dict or "S" in obj or not (
                    "MCID" in obj or "Obj" in obj or obj.get("Type") in ("MCR", "OBJR")):
                later.append(item)  # (an element; or not one, which is said when it is reached)
                continue
            if "Obj" in obj or obj.get("Type") == "OBJR":
                if role == "Link" or role is None:
                    target = obj.get("Obj")
                    links.setdefault(target[0] if type(target) is Ref else id(target), key)
                    annotated = True
                continue
            if "Stm" in obj:
                continue  # (content of a form or another stream: not a page's)
            mcid = obj.get("MCID")
            if type(mcid) is Ref:
                note(mcid[0])
                mcid = doc.resolve(mcid)
            if type(mcid) is int:
                opg = obj.get("Pg")
                content.append((page_of.get(_key(opg), -1) if opg is not None else page, mcid))
        for at in content:
            p = at[0]
            if p is None or p < 0:
                found.add("error", "an element's content is on no page of the document (its /Pg is missing "
                                   "or not a page)", f"{role}, {_where(ref)}")
            elif at in owners:
                found.add("error", "an MCID is listed by two elements: a screen reader reads its text twice",
                          f"page {p + 1}, MCID {at[1]}")
            else:
                owners[at] = key
        if role == "Link" and not annotated:
            found.add("warning", "a Link element holds no link annotation: a screen reader reads its text "
                                 "as a link that cannot be followed", _where(ref))
        level = _LEVELS.get(role)
        if level is not None:
            headings.append((level, content))
        if later:
            later.reverse()
            depth += 1
            stack.extend([(kid, key, depth, page) for kid in later])
    summary.elements = len(seen)
    return owners, links, headings, top


_LEVELS = {f"H{n}": n for n in range(1, 7)}


def _where(ref) -> str:
    return f"object {ref[0]}" if type(ref) is Ref else "a direct element"


def _items(doc: Document, k) -> list:
    """The kids of an element (/K): one, or an array of them; each as written (a reference
    stays a reference: it is the element's identity)."""
    if k is None:
        return []
    if isinstance(k, Ref):
        obj = doc.resolve(k)
        return obj if isinstance(obj, list) else [] if obj is None else [k]
    return k if isinstance(k, list) else [k]


def _standard(doc: Document, role: str, roles: dict, looked: list) -> Optional[str]:
    """The standard type a type is, or maps to through /RoleMap (None: none); ``looked`` gets
    the number of each object it looked up."""
    seen = set()
    while role not in STANDARD:
        if role in seen or len(seen) > 16:
            return None
        seen.add(role)
        role = roles.get(role)
        if type(role) is Ref:
            looked.append(role[0])
        role = doc.resolve(role)
        if type(role) is not Name:
            return None
    return role


# -- the pages' content ---------------------------------------------------------------
def _check_content(texts: list, owners: dict, found: _Findings) -> None:
    drawn = set()
    for i, text in enumerate(texts):
        marks = text.marks
        n = i + 1
        if marks.untagged:
            sample = ""
            if marks.first >= 0:
                sample = " ".join("".join(text.parts[marks.first:marks.first + 8]).lstrip().split("\n")[0].split())
            many = marks.untagged != 1
            found.add("error", f"page {n}: {marks.untagged} drawing{'s' if many else ''} (text, lines, images) "
                               f"{'are' if many else 'is'} neither an element's content nor an artifact, so a "
                               f"screen reader skips {'them' if many else 'it'} or reads "
                               f"{'them' if many else 'it'} out of place"
                               + (f"; the first text: {_quote(sample)}" if sample else ""))
        for what in marks.wrong:
            found.add("error", f"page {n}: {what}")
        for mcid in sorted(marks.twice)[:_MAX_SAID]:
            found.add("error", "an MCID marks two sequences of one page", f"page {n}, MCID {mcid}")
        for mcid in marks.mcids:
            at = (i, mcid)
            drawn.add(at)
            if at not in owners:
                found.add("error", "text is marked as an element's content, but no element of the structure tree "
                                   "lists it: a screen reader skips it",
                          f"page {n}, MCID {mcid}: {_quote(text.marked_text(mcid))}")
    for (p, mcid) in owners:
        if (p, mcid) not in drawn:
            found.add("error", "the structure tree lists content that no page draws", f"page {p + 1}, MCID {mcid}")


def _parent_tree(doc: Document, tree: dict, found: _Findings) -> dict:
    """The parent tree (a number tree): key -> value, read within the budget."""
    out: dict = {}
    node = tree.get("ParentTree")
    if node is None:
        return out
    seen: set = set()
    stack = [(node, 0)]
    while stack:
        ref, depth = stack.pop()
        key = _key(ref)
        if key in seen:
            found.add("error", "the parent tree loops")
            continue
        seen.add(key)
        doc.budget.count_depth(depth, "its parent tree is")
        doc.budget.tick()
        d = doc.dict_of(ref)
        nums = doc.resolve(d.get("Nums"))
        if isinstance(nums, list):
            doc.budget.spend_tokens(len(nums))
            for k, v in zip(nums[0::2], nums[1::2]):
                if type(k) is int:
                    out.setdefault(k, v)
        kids = doc.resolve(d.get("Kids"))
        if isinstance(kids, list):
            stack.extend((kid, depth + 1) for kid in kids)
    return out


def _check_parent_tree(doc: Document, pages: list, texts: list, owners: dict, parents: dict,
                       found: _Findings) -> None:
    for i, (page, text) in enumerate(zip(pages, texts)):
        mcids = text.marks.mcids
        if not mcids:
            continue
        n = i + 1
        key = doc.resolve(page.get("StructParents"))
        if type(key) is not int:
            found.add("error", "a page with tagged content has no /StructParents: a reader cannot find "
                               "the elements of what it draws", f"page {n}")
            continue
        entry = doc.resolve(parents.get(key))
        if not isinstance(entry, list):
            found.add("error", "the parent tree has no entry for a page's content: a reader cannot find "
                               "the elements of what it draws", f"page {n}")
            continue
        doc.budget.spend_tokens(len(entry))
        for mcid in mcids:
            owner = owners.get((i, mcid))
            if owner is None:
                continue  # (said above)
            if not 0 <= mcid < len(entry) or _key(entry[mcid]) != owner:
                found.add("error", "the parent tree maps content to another element than the one that lists it",
                          f"page {n}, MCID {mcid}")


def _check_annotations(doc: Document, pages: list, links: dict, parents: dict, found: _Findings,
                       summary: Summary) -> None:
    held = set()  # annotations whose element names them back
    on_pages = set()
    for i, page in enumerate(pages):
        n = i + 1
        annots = doc.resolve(page.get("Annots"))
        refs = annots if isinstance(annots, list) else []
        shown = False
        for ref in refs:
            doc.budget.tick()
            annot = doc.dict_of(ref)
            on_pages.add(_key(ref))
            kind = annot.get("Subtype")
            if not annot or kind == "Popup":
                continue
            shown = True
            if kind != "Link":
                continue
            uri = text_string(doc.resolve(doc.dict_of(annot.get("A")).get("URI"))) or "(internal)"
            where = f"page {n}: {_quote(uri)}"
            key = doc.resolve(annot.get("StructParent"))
            elem_key = links.get(_key(ref))
            if type(key) is not int or elem_key is None:
                found.add("error", "a link is not in the structure tree: a screen reader does not announce it",
                          where)
            elif _key(parents.get(key)) != elem_key:
                found.add("error", "a link's /StructParent does not lead to the Link element that holds it", where)
            else:
                held.add(_key(ref))
                summary.links += 1
            if not text_string(doc.resolve(annot.get("Contents"))).strip():
                found.add("warning", "a link has no text alternative (/Contents) for a screen reader to announce",
                          where)
        if shown and doc.resolve(page.get("Tabs")) != "S":
            found.add("warning", "a page with links does not say that they are in the order of the structure "
                                 "tree (/Tabs /S): the Tab key visits them in another order", f"page {n}")
    for annot_key in links:
        if annot_key not in on_pages:
            found.add("error", "a Link element holds an annotation that is on no page")


def _check_headings(headings: list, texts: list, found: _Findings) -> None:
    last = 0
    for level, content in headings:
        if last and level > last + 1:
            text = ""
            for p, mcid in content:
                if p is not None and 0 <= p < len(texts):
                    text += texts[p].marked_text(mcid)
            found.add("warning", f"the headings skip a level: an H{level} follows an H{last}, and a screen "
                                 "reader's list of headings shows a gap", _quote(text) if text.strip() else None)
        last = level


# -- the document ---------------------------------------------------------------------
_PDFUA = re.compile(rb"pdfuaid:part\s*(?:=\s*[\"']\s*|>\s*)(\d)")
_TITLE = re.compile(rb"<dc:title\b[^>]*>\s*<rdf:Alt\b[^>]*>\s*<rdf:li\b[^>]*>\s*[^<\s]")


def _check_document(doc: Document, tree: dict, found: _Findings, summary: Summary) -> None:
    root = doc.root
    mark = doc.dict_of(root.get("MarkInfo"))
    if doc.resolve(mark.get("Marked")) is not True:
        found.add("warning", "its /MarkInfo does not say /Marked true: some readers ignore its structure tree")
    if doc.resolve(mark.get("Suspects")) is True:
        found.add("warning", "its /MarkInfo says /Suspects true: its tags may not be right")
    prefs = doc.dict_of(root.get("ViewerPreferences"))
    if doc.resolve(prefs.get("DisplayDocTitle")) is not True:
        found.add("warning", "it does not ask readers to show its title (/DisplayDocTitle true): a window "
                             "and a screen reader name it by its file name")
    meta = doc.resolve(root.get("Metadata"))
    if isinstance(meta, Stream):
        try:
            xml = meta.decoded()
        except PDFError:  # (a damaged stream: the notes of the reader say so)
            return
        if _PDFUA.search(xml):
            summary.ua = True
            if not _TITLE.search(xml):
                found.add("warning", "its XMP metadata claims PDF/UA but has no title (dc:title)")
