"""The tagged PDF: a structure tree for assistive technology, made from what the story is made of.

Screen readers, reflowing readers and accessibility checkers do not read a
PDF's pages; they read its *structure tree* (PDF 32000-1 §14.7, PDF/UA-1): a
tree of elements (``Document › Sect › H2``, ``L › LI › Lbl + LBody``,
``P … Link``) whose leaves point at the text drawn, marked in the content
streams as marked-content sequences (``/P <</MCID 3>> BDC … EMC``). Everything
else drawn (rules, the sidebar's tint, the date column's bars, running heads,
page numbers, the invisible spaces that join a text and its date for text
extractors) is an *artifact* (``/Artifact BMC … EMC``), which readers skip.

Two steps, at the two seams everything passes through:

1. :func:`structure`, before drawing: the story a layout made
   (:mod:`cv_builder.layouts`) is read for what it is made of, and each
   paragraph is given the element its text belongs to (``Para.cv_tag``).
   Kinds and looks do nothing for it: sections reach the page through
   :class:`~cv_builder.render.context.Context`, so their flowables say what
   they are (a :class:`~.flowables.SectionTitle`, a row of a text and its date,
   a bulleted paragraph, a grid) and which item they show (the ``cv_key`` a
   fitter reads). The rules:

   - the header: the name is ``H1``, the rest (headline, intro, contact) ``P``;
   - a section is a ``Sect`` whose title is an ``H2``;
   - an item whose first line is set in an item-heading style (``org``: an
     entry's organisation or role) is a ``Sect`` of its own, that line its
     ``H3``; another item of several blocks (a publication, a project) is an
     ``LI`` (its blocks in the ``LBody``) of a list ``L`` that the section's
     consecutive such items share; an item of one block is that block;
   - a bulleted paragraph is an ``LI`` with the bullet as ``Lbl`` and the
     text as ``LBody``, consecutive ones one ``L``; a grid (figures,
     projects as cells) is an ``L``, each cell an ``LI``;
   - a row (a text and its date, a role and its place) is its two paragraphs,
     in the order the eye reads them (a date column at the left first);
   - every other paragraph is a ``P``.

   The order of the elements is the story's, which is the reading order (a
   sidebar's sections come before the main column's: see
   :meth:`Layout.reading_order <cv_builder.layouts.base.Layout.reading_order>`),
   whatever order the pieces are drawn in.

2. :class:`Tagger`, while drawing, on :class:`~.document.CVCanvas`: a
   paragraph's text object is marked as its element's content; a link inside it
   is cut into ``Link`` runs at the points ReportLab's text object records
   (``_linkRecord``), and its annotation gets ``/StructParent`` and a
   ``/Contents``; everything drawn outside a tagged paragraph is one artifact
   sequence until the next. A space ends each wrapped line, so that text read
   from the tags does not glue the last word of a line to the first of the next.
   When the document is saved, :func:`write` adds the tree, the parent tree,
   ``/MarkInfo``, ``/StructParents`` and ``/Tabs /S`` on the pages.

The tree is written as compact objects formatted directly (no ReportLab
dictionaries: a CV has a few hundred elements, and the build's time budget is
a few milliseconds for all of this).
"""

from __future__ import annotations

import zlib
from types import MethodType
from unicodedata import east_asian_width

from reportlab.pdfbase.pdfdoc import PDFFile, PDFObject
from reportlab.platypus import KeepTogether

from .flowables import ColumnRow, Columns, Para, Row, SectionTitle, Shift
from .rl_fixes import indirect_formatted

#: paragraph styles that head an item (the item becomes a Sect, the line its heading)
ITEM_HEADINGS = frozenset({"org"})
#: paragraph styles that are the document's title (H1)
TITLES = frozenset({"name"})


class Elem:
    """A structure element: its type, its parent, its kids (elements, and content
    items recorded while drawing: ``(page, mcid)`` or ``(page, annotation name)``)."""

    __slots__ = ("role", "kids", "parent", "name", "href", "text", "placed")

    def __init__(self, role: str, parent: "Elem | None" = None, attach: bool = True):
        self.role = role
        self.kids: list = []
        self.parent = parent
        self.name = None  # its object's name in the PDF, when written
        self.placed = attach  # among its parent's kids (a Link is placed where its text is first drawn)
        if parent is not None and attach:
            parent.kids.append(self)

    def __repr__(self) -> str:
        return f"Elem({self.role!r}, {len(self.kids)} kids)"

    def outline(self, indent: str = "") -> list[str]:
        """The element and its descendants as indented lines (content items left out)."""
        lines = [indent + self.role]
        for k in self.kids:
            if isinstance(k, Elem):
                lines += k.outline(indent + "  ")
        return lines


# -- 1. the structure, from the story ------------------------------------------------------
def _flat(flowables):
    """The story's flowables as drawn: KeepTogether opened, a shifted flowable as itself."""
    for f in flowables:
        if isinstance(f, KeepTogether):
            yield from _flat(f._content)
        elif isinstance(f, Shift):
            yield from _flat([f.inner])
        else:
            yield f


def _style(para) -> str:
    return getattr(para.style, "name", "")


def _sides(row: Row) -> list:
    """A row's paragraphs as the eye reads them: left to right, or in a right-to-left CV right
    to left. (A :class:`ColumnRow` has its column, ``right``, at the left: a date column, or a
    right-to-left CV's mirrored row.)"""
    sides = [row.right, row.left] if isinstance(row, ColumnRow) else [row.left, row.right]
    if getattr((row.left or row.right).style, "cv_direction", None) == "rtl":
        sides.reverse()
    return [p for p in sides if p is not None]


def _leaf(para, elem: Elem) -> Elem:
    para.cv_tag = elem
    return elem


class _Blocks:
    """Places the blocks of one container (the header, a section, an item) in it."""

    def __init__(self, parent: Elem, heading=None, level: int = 0):
        self.parent = parent
        self.heading = heading  # the paragraph that heads this container (an item's), and its level
        self.level = level
        self.bullets = None  # the L that consecutive bullets share

    def add(self, f) -> None:
        if isinstance(f, Para):
            if f.bulletText or f.__dict__.get("_rtl_bullet"):  # (a right-to-left CV's bullet hangs at the right)
                if self.bullets is None:
                    self.bullets = Elem("L", self.parent)
                li = Elem("LI", self.bullets)
                Elem("Lbl", li)
                Elem("LBody", li)
                _leaf(f, li)
                return
            self.bullets = None
            self.para(f)
        elif isinstance(f, Row):
            self.bullets = None
            sides = _sides(f)
            if self.heading in sides:  # the heading first, then what stands beside it (its dates)
                sides.remove(self.heading)
                sides.insert(0, self.heading)
            for p in sides:
                self.para(p)
        elif isinstance(f, Columns):
            self.bullets = None
            _grid([f], self.parent)

    def para(self, p) -> None:
        if p is self.heading:
            role = f"H{self.level}"
        elif _style(p) in TITLES:
            role = "H1"
        else:
            role = "P"
        _leaf(p, Elem(role, self.parent))


def _grid(rows: list, parent: Elem) -> None:
    """Rows of cells (:class:`Columns`): one list, a cell an item."""
    lst = Elem("L", parent)
    for row in rows:
        for cell in row.cells:
            if not cell:
                continue
            body = Elem("LBody", Elem("LI", lst))
            for p in cell:
                _leaf(p, Elem("P", body))


def _first_para(f):
    if isinstance(f, Row):
        return f.left
    return f if isinstance(f, Para) else None


def _section(sect: Elem, flowables: list) -> None:
    """A section's body: its items, grouped by the item each flowable shows."""
    loose = _Blocks(sect)
    items: list[list] = []  # consecutive flowables of one item
    last = object()
    for f in flowables:
        key = getattr(f, "cv_key", None) or ()
        item = key[1] if len(key) > 1 else None
        if isinstance(f, Columns):
            item = ("grid",)
        if item is None or item != last or not items:
            items.append([f])
        else:
            items[-1].append(f)
        last = item
    lst = None  # the L that consecutive list items share
    for group in items:
        first = group[0]
        if isinstance(first, Columns):
            lst = None
            _grid(group, sect)
            continue
        key = getattr(first, "cv_key", None) or ()
        lead = _first_para(first)
        if len(key) < 2 or key[1] is None:
            lst = None
            for f in group:
                loose.add(f)
        elif lead is not None and _style(lead) in ITEM_HEADINGS:
            lst = None
            box = _Blocks(Elem("Sect", sect), heading=lead, level=3)
            for f in group:
                box.add(f)
        elif len(group) > 1:
            if lst is None:
                lst = Elem("L", sect)
            box = _Blocks(Elem("LBody", Elem("LI", lst)))
            for f in group:
                box.add(f)
        else:
            lst = None
            loose.add(first)
        if not (len(key) < 2 or key[1] is None):
            loose.bullets = None


def structure(story: list) -> Elem:
    """The structure tree of a story (see the module's documentation); each paragraph
    in it is given the element its text belongs to (``cv_tag``)."""
    root = Elem("Document")
    header = _Blocks(root)
    sect, sect_key, body = None, None, []
    for f in _flat(story):
        if isinstance(f, SectionTitle):
            if sect is not None:
                _section(sect, body)
            sect, body = Elem("Sect", root), []
            sect_key = (getattr(f, "cv_key", None) or (None,))[0]
            _leaf(f.para, Elem("H2", sect))
            continue
        key = getattr(f, "cv_key", None)
        if key is None and isinstance(f, Columns):
            keys = getattr(f, "cv_keys", None)
            key = keys[0] if keys else None
        if sect is not None and key is not None and key[0] == sect_key:
            body.append(f)
        elif sect is None and (key is None or key[0] == "header"):
            header.add(f)
        elif sect is not None and key is not None:
            body.append(f)  # (a section whose title did not come first: keep it in order)
        else:
            header.add(f)
    if sect is not None:
        _section(sect, body)
    return root


# -- 2. marking while drawing --------------------------------------------------------------
_NO_SPACE_AFTER = frozenset(" -\u00ad\u2010\u2011/")


def _space_after(text: str) -> bool:
    """Whether a line ending in ``text`` ends a word (a space goes after it)."""
    c = text[-1:]
    return bool(c) and c not in _NO_SPACE_AFTER and east_asian_width(c) not in "WF"


class Tagger:
    """The marked content of the pages being drawn, and the parent tree it makes.

    The canvas calls :meth:`text_begins` for each text object started while a tagged
    paragraph draws, :meth:`text_ends` when it is drawn, :meth:`link_record` at each
    start and end of a link inside it, :meth:`annotation` for each link annotation,
    :meth:`end_page` before a page is closed; :meth:`enter`/:meth:`leave` come from
    :meth:`Para.draw`."""

    def __init__(self, root: Elem):
        self.root = root
        self.page = 0  # the index of the page being drawn
        self.mcids: list[Elem] = []  # this page's marked-content ids -> their elements
        self.parent_tree: list[tuple[int, object]] = []  # (key, [elements by MCID] or an element)
        self.next_key = 0
        self.start = 0  # where the page's code that is not marked yet begins
        self.leaf = None  # the element of the paragraph being drawn (None: an artifact)
        self.body = None  # where its text goes
        self.label = None  # the Lbl of a bullet not drawn yet
        self.label_after = None  # the Lbl of a bullet drawn after its text (a right-to-left CV's)
        self.para = None
        self.line = 0  # the line of the paragraph being drawn
        self.last = 0  # the paragraph's last line (after which no space goes)
        self.inside = ()  # lines that end inside a word (one too long for a line, split)
        self.links: dict = {}  # link id of the paragraph -> its Link element
        self.ended: list[Elem] = []  # Link elements whose line ended, waiting for their annotation
        self.annotations = 0

    # -- paragraphs
    def enter(self, para, elem: Elem) -> None:
        self.para = para
        self.leaf = elem
        self.label_after = None
        if elem.role == "LI":
            label, body = elem.kids
            self.label = label if para.bulletText else None
            if para.__dict__.get("_rtl_bullet"):  # (drawn at the right, after the text: lang.pdf.RTLLines)
                self.label_after = label
        else:
            self.label, body = None, elem
        lines = para.blPara
        self.line = 0
        self.last = len(lines.lines) - (0 if para.__dict__.get("cv_continued") else 1)
        self.inside = _inside_words(para) if para.__dict__.get("_splitLongWordCount") else ()
        if lines.kind == 0 and getattr(lines, "link", None):  # one style: the whole paragraph is the link
            link = Elem("Link", body, attach=False)
            link.href = lines.link[0][1]
            link.text = " ".join(" ".join(words) for _, words in lines.lines)
            self.links = {None: link}
            body = link
        elif self.links:
            self.links = {}
        self.body = body

    def leave(self) -> None:
        self.leaf = self.body = self.label = self.label_after = self.para = None
        self.ended.clear()

    # -- text objects
    def text_begins(self, tx) -> None:
        if self.label is not None:
            tx.marks = [(len(tx._code), self.label)]
            self.label = None
        else:
            tx.marks = [(len(tx._code), self.body)]
            tx.tagger = self

    def line_end(self, text: str) -> bool:
        """Whether a line ending in ``text`` gets a space after it: if it is not the
        paragraph's last line, and does not end inside a word."""
        n = self.line
        self.line = n + 1
        return n < self.last and n not in self.inside and _space_after(text)

    def link_record(self, tx, link, what: str) -> None:
        """ReportLab's text object records where a link starts (after the text of its first
        fragment is out) and ends: the text between is the link's."""
        code = tx._code
        if what == "start":
            elem = self.links.get(link)
            if elem is None:
                elem = self.links[link] = Elem("Link", self.body, attach=False)
                elem.href = link[1]
                elem.text = None
            tx.marks.append((len(code) - 1, elem))
        else:
            elem = self.links.get(link)
            if elem is not None:
                self.ended.append(elem)
            tx.marks.append((len(code), self.body))

    def text_ends(self, tx, code: list) -> None:
        """Put the text object on the page, its runs marked as their elements' content."""
        c = tx._code
        marks = tx.marks
        page, mcids = self.page, self.mcids
        if len(marks) == 1:  # (most text objects: one element's text, no link)
            at, elem = marks[0]
            mcid = len(mcids)
            mcids.append(elem)
            elem.kids.append((page, mcid))
            c.insert(at, f"/{elem.role}<</MCID {mcid}>>BDC")
            c.append("EMC ET")
            out = c
        else:
            out = self._runs(c, marks, page, mcids)
        _artifact(code, self.start)  # what was drawn since the last tagged text
        code.append(" ".join(out))
        self.start = len(code)
        if self.label_after is not None:  # the text is out: the next text object is its bullet
            self.label, self.label_after = self.label_after, None

    @staticmethod
    def _runs(c: list, marks: list, page: int, mcids: list) -> list:
        """The code of a text object cut into runs (a paragraph's text, a link's, the text after it)."""
        out = c[:marks[0][0]]
        ends = [m[0] for m in marks[1:]] + [len(c)]
        for (at, elem), end in zip(marks, ends):
            if at >= end:
                continue
            run = c[at:end]
            if not any(s.endswith(("Tj", "TJ", "T*", "'")) for s in run):
                out += run  # no text shown (a move, a font): no content to mark
                continue
            mcid = len(mcids)
            mcids.append(elem)
            kids = elem.kids
            if not elem.placed:
                elem.placed = True
                elem.parent.kids.append(elem)
            kids.append((page, mcid))
            out.append(f"/{elem.role}<</MCID {mcid}>>BDC")
            out += run
            out.append("EMC")
        out.append("ET")
        return out

    # -- annotations
    def annotation(self, url: str) -> tuple[Elem | None, int]:
        """The Link element a link annotation drawn now belongs to, and its parent-tree key."""
        elem = None
        for i, e in enumerate(self.ended):
            if e.href == url:
                elem = self.ended.pop(i)
                break
        if elem is None:
            elem = self.links.get(None)  # a paragraph that is all link
        if elem is None:
            return None, -1
        if elem.text is None:
            elem.text = _link_text(self.para, self.links, elem)

        key = self.next_key
        self.next_key += 1
        self.parent_tree.append((key, elem))
        return elem, key

    # -- pages
    def end_page(self, code: list) -> int:
        """Close the page's marking; returns its parent-tree key."""
        _artifact(code, self.start)
        key = self.next_key
        self.next_key += 1
        self.parent_tree.append((key, self.mcids))
        self.mcids = []
        self.start = 0
        self.page += 1
        return key


#: the operators that paint (the ends of the code ReportLab's canvas writes): a text object,
#: a path stroked or filled, a form or an image, a shading
_PAINTING = ("ET", " S", " s", " f", " F", " f*", " B", " B*", " b", " b*", " Do", " sh", "EI")


def _artifact(code: list, start: int) -> None:
    """Mark what the page's code holds from ``start`` as an artifact, if it paints anything
    (a change of state, such as ``q 1 0 0 1 x y cm``, is no content)."""
    for s in code[start:]:
        if s.rstrip().endswith(_PAINTING):
            code.insert(start, "/Artifact BMC")
            code.append("EMC")
            return


def _inside_words(para) -> set[int]:
    """The lines of a paragraph that end inside a word (ReportLab splits a word longer than
    a line where the line ends: no space goes there)."""
    words = para.getPlainText().split()
    out: set[int] = set()
    i, rest = 0, ""
    for n, line in enumerate(para.blPara.lines):
        text = " ".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
        for token in text.split():
            if not rest:
                if i >= len(words):
                    return out
                rest, i = words[i], i + 1
            if not rest.startswith(token):
                return out  # (the lines are not the text: leave the rest as it is)
            rest = rest[len(token):]
        if rest:
            out.add(n)
    return out


def _link_text(para, links: dict, elem: Elem) -> str:
    """The text a link shows, from its paragraph's lines."""
    ids = [l for l, e in links.items() if e is elem]
    if para is None or not ids:
        return elem.href
    words = [w.text for line in para.blPara.lines for w in getattr(line, "words", ())
             if ids[0] in (getattr(w, "link", None) or ())]
    return "".join(words).strip() or elem.href


# -- 3. writing the tree: in an object stream, after ReportLab's objects --------------------
class _Root(PDFObject):
    """The structure tree's root: written by :func:`hybrid_format` after ReportLab's objects,
    once the numbers of the elements (which follow them) are known."""

    def __init__(self, tagger: Tagger, elems: list):
        self.tagger = tagger
        self.elems = elems


def _prune(e: Elem) -> bool:
    """Drop the elements with no content (a paragraph never drawn)."""
    e.kids = kids = [k for k in e.kids if not isinstance(k, Elem) or _prune(k)]
    return bool(kids)


def _preorder(e: Elem, out: list) -> list:
    out.append(e)
    for k in e.kids:
        if isinstance(k, Elem):
            _preorder(k, out)
    return out


def write(doc, tagger: Tagger) -> bool:
    """Give ReportLab's document the structure tree and ``/MarkInfo``, and the writer
    that puts the tree in the file (after the last page, before the file is made);
    returns whether there is a tree (False: nothing was drawn to tag)."""
    for _, v in tagger.parent_tree:  # a link annotation whose text was never drawn (none should be)
        if isinstance(v, Elem) and not v.placed:
            v.placed = True
            v.parent.kids.append(v)
    if not _prune(tagger.root):
        return False
    cat = doc.Catalog
    cat.StructTreeRoot = doc.Reference(_Root(tagger, _preorder(tagger.root, [])), "StructTreeRoot")
    for name in ("StructObjects", "StructXRef"):  # (numbers for the streams hybrid_format writes)
        doc.Reference(_Root(None, None), name)
    cat.MarkInfo = b"<</Marked true>>"
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))  # object streams (1.5); PDF/UA is of PDF 1.7
    doc.format = MethodType(hybrid_format, doc)
    return True


def _elem(e: Elem, root: int, pages: list, nums: dict) -> str:
    """An element's dictionary (kids: its elements, MCIDs of its page, MCRs of others, OBJRs),
    its tokens a space apart, as ReportLab writes objects (the self-check reads them quickest)."""
    parent = e.parent
    page = None
    kids = []
    for k in e.kids:
        if type(k) is not tuple:
            kids.append(f"{k.name} 0 R")
            continue
        p, v = k
        if type(v) is not int:
            kids.append(f"<< /Type /OBJR /Obj {nums[v][0]} 0 R /Pg {pages[p]} 0 R >>")
        elif page is None or p == page:
            page = p
            kids.append(str(v))
        else:
            kids.append(f"<< /Type /MCR /Pg {pages[p]} 0 R /MCID {v} >>")
    return "<< /S /%s /P %d 0 R%s /K %s >>" % (e.role, root if parent is None else parent.name,
                                              "" if page is None else f" /Pg {pages[page]} 0 R",
                                              kids[0] if len(kids) == 1 else f"[ {' '.join(kids)} ]")


def _parent_tree(tagger: Tagger) -> str:
    out = []
    for key, v in sorted(tagger.parent_tree, key=lambda kv: kv[0]):
        if isinstance(v, list):
            out.append(f"{key} [ {' '.join(f'{e.name} 0 R' for e in v)} ]")
        else:
            out.append(f"{key} {v.name} 0 R")
    return f"<< /Nums [ {' '.join(out)} ] >>"


def hybrid_format(doc) -> bytes:
    """ReportLab's ``PDFDocument.format``, with the structure tree (a few hundred small
    dictionaries) in one compressed object stream.

    Written one by one, in ReportLab's way, they would make the PDF of a CV about 15 KB
    larger; packed, about 3 KB. The file is a *hybrid-reference* file (PDF 32000-1,
    7.5.8.4): ReportLab's objects, the tree's root and the two streams below are in the
    classic cross-reference table, as ReportLab writes them; the elements (numbered after
    them) are in an object stream, listed by a cross-reference stream that the trailer of
    an update section names (``/XRefStm``). Every reader of PDF 1.5 and later reads the
    whole file; a reader of PDF 1.4 (and the self-check's own, until it checks the tree)
    reads the classic table."""
    doc.encrypt.prepare(doc)
    cat, info = doc.Catalog, doc.info
    doc.Reference(cat)
    doc.Reference(info)
    numbers, objects, offsets, nums = doc.numberToId, doc.idToObject, doc.idToOffset, doc.idToObjectNumberAndVersion
    doc.__accum__ = out = PDFFile(doc._pdfVersion)
    later: dict = {}  # the objects written after ReportLab's: the tree's root, the two streams
    n = 0
    while True:  # (objects are added while others are formatted)
        n += 1
        if n not in numbers:
            break
        name = numbers[n]
        obj = objects[name]
        if isinstance(obj, _Root):
            later[name] = n
            continue
        offsets[name] = out.add(indirect_formatted(name, obj, doc))
    del doc.__accum__
    last = n - 1  # ReportLab's last object; the elements follow
    root = objects["StructTreeRoot"]
    tagger, elems = root.tagger, root.elems
    for i, e in enumerate(elems, last + 1):
        e.name = i
    parents = last + 1 + len(elems)
    root_num, stream_num, xref_num = later["StructTreeRoot"], later["StructObjects"], later["StructXRef"]
    pages = [nums[f"Page{i + 1}"][0] for i in range(tagger.page)]
    packed = [_elem(e, root_num, pages, nums) for e in elems] + [_parent_tree(tagger)]  # (ASCII)
    head, at = [], 0
    for i, data in enumerate(packed, last + 1):
        head.append(f"{i} {at}")
        at += len(data) + 1
    head = " ".join(head) + "\n"
    content = zlib.compress((head + "\n".join(packed) + "\n").encode(), 6)  # (9: 0.16 ms more for 130 bytes less)
    written = {nums[name][0]: off for name, off in offsets.items()}
    written[stream_num] = out.add(b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
                                  b"stream\n%s\nendstream\nendobj\n"
                                  % (stream_num, len(packed), len(head), len(content), content))
    written[root_num] = out.add(b"%d 0 obj\n<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                                b"\nendobj\n" % (root_num, elems[0].name, parents, tagger.next_key))
    # the cross-reference stream: each packed object's object stream and index in it
    size = parents + 1
    rows = b"".join(b"\x02" + stream_num.to_bytes(2, "big") + i.to_bytes(2, "big") for i in range(len(packed)))
    rows = zlib.compress(rows, 6)
    xref_at = written[xref_num] = out.add(
        b"%d 0 obj\n<< /Type /XRef /Size %d /Index [ %d %d ] /W [ 1 2 2 ] /Filter /FlateDecode /Length %d >>\n"
        b"stream\n%s\n"
        b"endstream\nendobj\n" % (xref_num, size, last + 1, len(packed), len(rows), rows))
    # the classic table: ReportLab's objects, the root and the streams
    lines = [b"xref\n0 %d\n0000000000 65535 f\r\n" % (last + 1)]
    lines += [b"%010d 00000 n\r\n" % written[num] for num in range(1, last + 1)]
    main = out.add(b"".join(lines) + b"trailer\n<</Size %d>>\n" % (last + 1))
    refs = b"/Root %s/Info %s" % (doc.Reference(cat).format(doc), doc.Reference(info).format(doc))
    update = out.add(b"xref\n0 0\ntrailer\n<</Size %d%s/Prev %d/XRefStm %d/ID %s>>\n"
                     % (size, refs, main, xref_at, doc.ID().split(b"%")[0].strip()))
    out.add(b"startxref\n%d\n%%%%EOF\n" % update)
    return out.format(doc)
