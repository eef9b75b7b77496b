"""The self-check's rules: is a PDF what cv-builder promises?

A user cannot see a broken text layer, an unembedded font or a dead link, so
every build checks its own output, and ``cv-builder check PDF`` runs the same
checks on a file:

- it is readable, with a consistent cross-reference table, and within the
  reader's limits (:mod:`.budget`);
- its pages: as many as the build laid out, all of the paper size, none blank;
- its fonts: every one embedded, each face its own font, and (when the build
  says which faces it drew with) each bold face bold, each italic italic;
- its text layer: the name and every section title are in it (also a title
  that a page break cuts in two), every character maps to Unicode, no
  ligature characters;
- its outline: one entry per section, each pointing at a page;
- its links: http(s) or mailto with somewhere to go (:mod:`cv_builder.urls`), on the page;
- its tags: the structure tree a screen reader reads is whole and matches the pages
  (:mod:`.tags`, after the machine-checkable rules of PDF/UA-1).

Each finding has a severity: ``error`` when the document is broken (damaged,
or a reader or a parser gets something other than the CV: text without
Unicode, the name or a title missing, a missing or unembedded font, a page
more or less than laid out, a bad link), ``warning`` when it is whole but
something is worth knowing (a bold face that is not bold, no /Lang, no
outline, a link with an empty area). ``Report.errors`` and
``Report.warnings`` tell them apart.

It reads the PDF bytes with the package's own small reader, not a general PDF
library: the check runs after every build and has to cost a few milliseconds,
not the ~100 ms a PDF library takes to import. A file from elsewhere
(``check_file``, or ``check_pdf`` without the build's :class:`Expect`) is read
``thorough``-ly: every object, and every compressed stream decompressed once
(see :func:`.foreign.verify`).

``check_pdf(data, expect)`` is the API: the build passes what it knows it drew
(:class:`Expect`); without it, the name comes from the document info (/Author)
and the section titles from the outline.
"""

from __future__ import annotations

import math
import os
import re
import stat
import time
import unicodedata
from typing import Optional

from .. import urls
from ..memo import Recent
from ..errors import Position, Problem
from ..lang import bidi, scripts
from ..look import PAPERS
from . import foreign, tags
from .budget import DEFAULT, Limits, TooLarge
from .expect import Expect
from .reader import Document, iter_annotations
from .syntax import PDFError, Ref, Stream, text_string
from .text import PageText

LIGATURES = "".join(map(chr, scripts.LIGATURES))  # (in code order)


class FontInfo:
    def __init__(self, name: str, base: str, kind: str, embedded: bool, weight: Optional[int], italic: bool):
        self.name = name  # the PostScript name without a subset tag
        self.base = base  # as written in the file
        self.kind = kind  # TrueType, Type0, Type1, …
        self.embedded = embedded
        self.weight = weight  # estimated from /StemV as ReportLab writes it
        self.italic = italic

    def __repr__(self) -> str:
        return f"FontInfo({self.base!r}, embedded={self.embedded}, weight={self.weight}, italic={self.italic})"


class Report:
    """What a check found: the problems (none: all is well) and what the PDF holds."""

    def __init__(self, where: str):
        self.where = where
        self.problems: list[Problem] = []
        self.pages = 0
        self.pagesize: Optional[tuple[float, float]] = None
        self.fonts: list[FontInfo] = []
        self.links: list[str] = []
        self.outline: list[str] = []
        self.name: Optional[str] = None
        self.sections: list[str] = []
        self.chars = 0
        self.seconds = 0.0
        self.tags = None  # tags.Summary: what the structure tree holds

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> list[Problem]:
        """The findings that mean a broken document."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The findings about a document that is whole."""
        return [p for p in self.problems if p.severity == "warning"]

    def broken(self, message: str, hint: Optional[str] = None) -> None:
        """A finding that means the document is broken (severity error)."""
        self.problems.append(Problem(message, position=Position(self.where) if self.where else None, hint=hint))

    def warn(self, message: str, hint: Optional[str] = None) -> None:
        """A finding about a document that is whole (severity warning)."""
        self.problems.append(Problem(message, position=Position(self.where) if self.where else None, hint=hint,
                                     severity="warning"))

    def summary(self) -> str:
        """The short report of ``cv-builder check``."""
        if not self.ok:
            lines = [p.format() for p in self.problems]
            n = len(self.problems)
            lines.append(f"{self.where}: {n} problem{'s' if n != 1 else ''} found.")
            return "\n".join(lines)
        fonts = sorted({f.name for f in self.fonts})
        lines = [
            f"{self.where}: ok",
            f"  pages    {self.pages}, {paper_name(self.pagesize)}",
            f"  fonts    {len(fonts)}, all embedded: {', '.join(fonts)}",
            f"  text     {self.chars:,} characters, with the name ({self.name}) and "
            f"{_count(len(self.sections), 'section title')}",
            f"  outline  {' · '.join(self.outline)}",
            f"  links    {len(self.links)}, all valid",
        ]
        if self.tags is not None:
            lines.append(f"  tags     {self.tags.line()}")
        return "\n".join(lines)


def _count(n: int, what: str) -> str:
    return f"{'all ' if n > 1 else ''}{n} {what}{'s' if n != 1 else ''}"


def paper_name(size: Optional[tuple[float, float]]) -> str:
    if not size:
        return "no page size"
    w, h = size
    for name, (pw, ph) in PAPERS.items():
        if abs(w - pw) < 1 and abs(h - ph) < 1:
            return f"{name.capitalize()} ({w:.0f} × {h:.0f} pt)"
        if abs(w - ph) < 1 and abs(h - pw) < 1:
            return f"{name.capitalize()} landscape ({w:.0f} × {h:.0f} pt)"
    return f"{w:.0f} × {h:.0f} pt"


def _short(text: str, limit: int = 120) -> str:
    """Text for a message: a title or an address of a foreign file may be any length."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def squash(text: str) -> str:
    """Text without white space: a phrase is found whatever the line breaks. Nor the two
    characters that mark where a line may break, which ReportLab draws only there: the soft
    hyphen (U+00AD, drawn as a hyphen at a break) and the zero-width space (U+200B)."""
    return "".join(text.split()).replace("\xad", "").replace("\u200b", "")


# Pages' text squashed, by the text (the build's own PDF only: Document.memo): a rebuild's
# pages read from the memo of text.PageText have the very same text, whose hash is kept.
_FLATS = Recent(limit=256)


def _flat(text: str) -> str:
    flat = _FLATS.get(text)
    if flat is None:
        flat = squash(text)
        _FLATS.put(text, flat)
    return flat


# Arabic drawn in its joined forms (ﻟﻴﻠﻰ for ليلى), which a font's Unicode map may give back
# as they are: a text layer holding any is compared in compatibility form (NFKC), and so
# are the phrases looked for in it. (Only then: normalising a CV's pages costs 0.2 ms.)
_JOINED = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def in_text(phrase: str, pages: list[str]) -> bool:
    """Whether a (squashed) phrase is in the (squashed) text of the pages: on one page, or
    running on from one page into the next ones. A page break may cut a long title in two,
    and the next page begins with its running head and page number: a parser reads
    “…learning Research eng” “Ada Lovelace · CV 2 / 3” “ineering and …”. So: a start of the
    phrase ends a page, and the rest of it is on the next page (or fills it to its end, and
    goes on to the one after)."""
    if not phrase:
        return True
    if any(phrase in page for page in pages):
        return True
    for i in range(len(pages) - 1):
        rest = phrase[_overlap(pages[i], phrase):]
        if len(rest) == len(phrase):
            continue
        for page in pages[i + 1:]:
            if rest in page:
                return True
            cut = _overlap(page, rest)
            if not cut:
                break
            rest = rest[cut:]
    return False


def _overlap(text: str, phrase: str) -> int:
    """The length of the longest start of phrase that text ends with (0: none), in time
    linear in their lengths (the prefix function of phrase, run over text's end)."""
    tail = text[-len(phrase):]
    if not tail:
        return 0
    border = [0] * len(phrase)  # border[i]: longest proper prefix of phrase[:i+1] that is also its suffix
    k = 0
    for i in range(1, len(phrase)):
        while k and phrase[i] != phrase[k]:
            k = border[k - 1]
        if phrase[i] == phrase[k]:
            k += 1
        border[i] = k
    k = 0
    for c in tail:
        while k and (k == len(phrase) or c != phrase[k]):
            k = border[k - 1]
        if c == phrase[k]:
            k += 1
    return k


def check_file(path, limits: Limits = DEFAULT) -> Report:
    """Check a PDF file (what ``cv-builder check`` does): any file, read thoroughly.

    A regular file only (a pipe or a device could be read forever), and at most
    ``limits.file_bytes`` of it.
    """
    path = os.fspath(path)
    report = Report(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # (a FIFO must not block the open)
    except OSError as exc:
        report.broken(f"the file cannot be read: {exc.strerror}")
        return report
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            report.broken("it is not a regular file (a device, a pipe or a socket): "
                          "cv-builder check reads PDF files only")
            return report
        if info.st_size > limits.file_bytes:
            report.broken(f"it is too large to check: {info.st_size / (1 << 20):.0f} MB, and cv-builder check "
                          f"reads PDFs of up to {limits.file_bytes >> 20} MB (a CV is about 100 KB)")
            return report
        try:
            data = f.read(limits.file_bytes + 1)
        except OSError as exc:
            report.broken(f"the file cannot be read: {exc.strerror}")
            return report
    if len(data) > limits.file_bytes:  # (it grew since)
        report.broken(f"it is too large to check: cv-builder check reads PDFs of up to {limits.file_bytes >> 20} MB")
        return report
    return check_pdf(data, None, str(path), thorough=True, limits=limits)


def check_pdf(data: bytes, expect: Optional[Expect] = None, where: str = "", thorough: Optional[bool] = None,
              limits: Limits = DEFAULT) -> Report:
    """Check PDF bytes; the problems found are in ``Report.problems`` (none: all is well).

    ``thorough`` (the default without ``expect``: a file from elsewhere) also reads every
    object and decompresses every stream once, to see that it can be.
    """
    start = time.perf_counter()
    report = Report(where)
    if thorough is None:
        thorough = expect is None
    doc = None
    try:
        # (what earlier builds read is used for the build's own PDF only: see Document)
        doc = Document(data, limits, memo=expect is not None and not thorough)
        _check(doc, expect, report, thorough)
    except TooLarge as exc:
        report.problems.clear()
        report.broken(f"it is too large to check: {exc}",
                      hint="cv-builder check reads PDFs the size of a CV; this one is beyond its limits, "
                           "so it was not read to the end")
    except PDFError as exc:
        report.broken(f"it cannot be read as a PDF: {exc}")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, ArithmeticError) as exc:
        report.broken(f"it cannot be read as a PDF: its structure is damaged ({type(exc).__name__}: {exc})")
    except MemoryError:
        report.problems.clear()
        report.broken("it is too large to check: reading it needs more memory than there is")
    if doc is not None and not any(p.message.startswith("it is too large") for p in report.problems):
        damage = [Problem(f"the file is damaged: {note}", position=Position(where) if where else None,
                          hint="a reader has to repair it; rebuild the PDF") for note in doc.notes]
        report.problems[:0] = damage
        if not doc.notes and not data.rstrip().endswith(b"%%EOF"):
            report.broken("the file does not end with %%EOF: it is truncated or has something appended")
    report.seconds = time.perf_counter() - start
    return report


def _check(doc: Document, expect: Optional[Expect], report: Report, thorough: bool) -> None:
    pages = doc.pages()
    _check_pages(doc, pages, expect, report)
    texts = [PageText(doc, p) for p in pages]
    checked: set = set()
    _check_fonts(doc, pages, texts, expect, report, checked if thorough else None)
    _check_text(doc, texts, expect, report)
    _check_outline(doc, pages, expect, report)
    _check_links(doc, pages, report)
    report.tags = tags.check(doc, pages, texts, expect, report)
    if not doc.root.get("Lang"):
        report.warn("the document has no language (/Lang): screen readers have to guess it")
    if thorough:
        foreign.verify(doc, checked)


# -- pages --------------------------------------------------------------------
def _box(doc: Document, page: dict) -> Optional[tuple[float, float]]:
    box = doc.resolve(page.get("MediaBox"))
    if not isinstance(box, list) or len(box) != 4 or not all(isinstance(doc.resolve(v), (int, float)) for v in box):
        return None
    x0, y0, x1, y1 = (float(doc.resolve(v)) for v in box)
    return abs(x1 - x0), abs(y1 - y0)


def _check_pages(doc: Document, pages: list, expect: Optional[Expect], report: Report) -> None:
    report.pages = len(pages)
    if not pages:
        report.broken("it has no pages")
        return
    if expect and expect.pages is not None and expect.pages != len(pages):
        report.broken(f"it has {len(pages)} pages, but the build laid out {expect.pages}")
    sizes = [_box(doc, p) for p in pages]
    report.pagesize = sizes[0]
    for i, size in enumerate(sizes, 1):
        if size is None:
            report.broken(f"page {i} has no valid page size (/MediaBox)")
        elif expect and expect.pagesize and (abs(size[0] - expect.pagesize[0]) > 1 or
                                             abs(size[1] - expect.pagesize[1]) > 1):
            report.broken(f"page {i} is {paper_name(size)}, not {paper_name(expect.pagesize)}")
        elif size != sizes[0] and sizes[0] is not None and not expect:
            report.warn(f"page {i} is {paper_name(size)}, page 1 {paper_name(sizes[0])}")


# -- fonts --------------------------------------------------------------------
_TAG = re.compile(r"^[A-Z]{6}\+")


def _font_info(doc: Document, font: dict, checked: Optional[set]) -> tuple[FontInfo, Optional[str]]:
    """What a font is, and (when ``checked`` is a set: a file from elsewhere) why its embedded
    program cannot be decompressed, or None."""
    base = str(font.get("BaseFont", "") or "")
    kind = str(font.get("Subtype", ""))
    target = font
    if kind == "Type0":
        kids = doc.resolve(font.get("DescendantFonts"))
        target = doc.dict_of(kids[0]) if isinstance(kids, list) and kids else {}
    descriptor = doc.dict_of(target.get("FontDescriptor"))
    embedded = False
    damage = None
    for key in ("FontFile", "FontFile2", "FontFile3"):
        ref = descriptor.get(key)
        program = doc.resolve(ref)
        if isinstance(program, Stream) and program.raw:
            embedded = True
            if checked is not None:
                damage = damage or program.verify()
                if isinstance(ref, Ref):
                    checked.add(ref.num)
    if kind == "Type3":
        embedded = True  # its glyphs are drawn by the PDF itself
    stem = doc.resolve(descriptor.get("StemV"))
    weight = None
    if isinstance(stem, (int, float)) and math.isfinite(stem):
        # ReportLab writes StemV = 50 + (usWeightClass / 65)²; invert it
        weight = int(round(65 * math.sqrt(min(max(stem - 50, 0), 1e6)) / 50.0) * 50)
    angle = doc.resolve(descriptor.get("ItalicAngle"))
    flags = doc.resolve(descriptor.get("Flags"))
    italic = bool(isinstance(angle, (int, float)) and angle != 0) or bool(isinstance(flags, int) and flags & 64)
    return FontInfo(_TAG.sub("", base), base, kind, embedded, weight, italic), damage


def _fonts_of(doc: Document, resources: dict, out: dict, seen: set) -> None:
    """Every font in a resource dictionary, and in the forms it holds: font key -> dictionary.
    Each form's resources are walked once (``seen``), however many names point at it."""
    stack = [resources]
    while stack:
        resources = stack.pop()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        doc.budget.tick()
        for ref in doc.dict_of(resources.get("Font")).values():
            out.setdefault(ref if isinstance(ref, Ref) else id(ref), doc.dict_of(ref))
        for ref in doc.dict_of(resources.get("XObject")).values():
            key = ("form", ref if isinstance(ref, Ref) else id(ref))
            if key in seen:
                continue
            seen.add(key)
            xobj = doc.resolve(ref)
            if isinstance(xobj, Stream) and xobj.dict.get("Subtype") == "Form":
                stack.append(doc.dict_of(xobj.dict.get("Resources")))


def _check_fonts(doc: Document, pages: list, texts: list, expect: Optional[Expect], report: Report,
                 checked: Optional[set]) -> None:
    fonts: dict = {}
    seen: set = set()
    for page in pages:
        _fonts_of(doc, doc.dict_of(page.get("Resources")), fonts, seen)
    for i, text in enumerate(texts, 1):
        for name in sorted(text.missing_fonts):
            report.broken(f"page {i} draws text in the font /{_short(name)}, which it does not have (a missing font)")
    found = [_font_info(doc, f, checked) for f in fonts.values()]
    infos = [info for info, _ in found]
    report.fonts = infos
    for info, damage in found:
        if damage:
            report.broken(f"the font {info.name or '(unnamed)'} cannot be drawn: {damage}",
                          hint="the file is damaged; rebuild the PDF")
    for info in infos:
        if not info.embedded:
            report.broken(f"the font {info.name or '(unnamed)'} is not embedded",
                          hint="readers substitute another font, with other widths; "
                               "the text may overflow or print in the wrong face")
    # one face embedded as two fonts: two registered styles (bold, regular) came out the same
    by_base: dict[str, int] = {}
    for info in infos:
        by_base[info.base] = by_base.get(info.base, 0) + 1
    for base, n in sorted(by_base.items()):
        if n > 1:
            report.warn(f"the face {_TAG.sub('', base)} is embedded as {n} different fonts: "
                        "styles that should differ (bold, italic, …) came out as this one face")
    if not expect or not expect.faces:
        return
    by_name: dict[str, list[FontInfo]] = {}
    for info in infos:
        by_name.setdefault(info.name, []).append(info)
    expected_names = {ps for _, ps in expect.faces}
    for style, ps in expect.faces:
        found_faces = by_name.get(ps)
        if not found_faces:
            report.broken(f"the {style} face {ps} is not in the PDF")
            continue
        info = found_faces[0]
        wants_bold = "bold" in style
        if info.weight is not None and (info.weight >= 550) != wants_bold:
            report.warn(f"the {style} face came out as {ps}, which is "
                        f"{'bold' if info.weight >= 550 else 'not bold'} (weight {info.weight})")
        if info.italic != ("italic" in style):
            report.warn(f"the {style} face came out as {ps}, which is "
                        f"{'italic' if info.italic else 'upright'}")
    for name in sorted(set(by_name) - expected_names):
        report.warn(f"the PDF has a font the build did not draw with: {name}")


# -- text ---------------------------------------------------------------------
def _check_text(doc: Document, texts: list, expect: Optional[Expect], report: Report) -> None:
    whole = "\n".join(t.text for t in texts)
    flat_pages = [_flat(t.text) for t in texts] if doc.memo else [squash(t.text) for t in texts]
    report.chars = sum(map(len, flat_pages))
    squashed = squash
    if any(_JOINED.search(p) for p in flat_pages):
        flat_pages = [_nfkc(p) for p in flat_pages]
        squashed = lambda text: squash(_nfkc(text))  # noqa: E731
    for i, t in enumerate(texts, 1):
        if not t.text.strip():
            report.broken(f"page {i} has no text: it is blank, or its text cannot be extracted")
    unmapped = sum(t.unmapped for t in texts)
    if unmapped and not (expect and expect.blanks):
        report.broken(f"{unmapped} character{'s' if unmapped != 1 else ''} of the text layer "
                      f"{'have' if unmapped != 1 else 'has'} no Unicode mapping: a parser reads "
                      f"{'them' if unmapped != 1 else 'it'} as �")
    ligatures = [c for c in LIGATURES if c in whole]  # (in code order, as LIGATURES is)
    if ligatures:
        report.broken(f"the text layer has ligature characters ({' '.join(ligatures)}): "
                      "a parser looking for the letters does not find them")
    phrase = squashed
    if expect and expect.blanks:
        # the build said there are characters no font has (drawn as blank boxes, read as
        # nothing or �): a name or a title is looked for without the characters the text
        # layer lacks altogether, in the text without its �
        flat_pages = [p.replace("\ufffd", "") for p in flat_pages]
        present = set().union(*flat_pages)
        phrase = lambda text: "".join(c for c in squashed(text) if c in present)  # noqa: E731
    name = expect.name if expect else text_string(doc.resolve(doc.info.get("Author"))).strip() or None
    report.name = name
    if name is None:
        report.warn("the document info has no author (/Author), so the name cannot be checked",
                    hint="was this PDF made by cv-builder?")
    elif not _found(name, phrase, flat_pages):
        report.broken(f"the text layer does not contain the name “{_short(name)}”")
    titles = expect.sections if expect else [t for level, t, _ in doc.outline() if level == 0]
    report.sections = list(titles)
    for title in titles:
        doc.budget.tick()
        if not _found(title, phrase, flat_pages):
            report.broken(f"the text layer does not contain the section title “{_short(title)}”")


def _found(text: str, phrase, flat_pages: list[str]) -> bool:
    """Whether a name or title is in the text layer: as written, or, in a right-to-left
    script, as it is drawn (in visual order: the glyphs of a line of Hebrew or Arabic are
    drawn from the left, and this reader, like pypdf's, takes them in that order)."""
    if in_text(phrase(text), flat_pages):
        return True
    return bidi.has_rtl(text) and in_text(phrase(bidi.extracted(text)), flat_pages)


# -- outline ------------------------------------------------------------------
def _dest_page(doc: Document, dest, page_refs: set) -> bool:
    """Whether a destination (explicit, or named) points at a page of the document."""
    dest = doc.resolve(dest)
    if isinstance(dest, (bytes, str)):
        name = dest.encode("latin-1", "replace") if isinstance(dest, str) else dest
        found = doc.named_destination(name)
        if found is None:
            return False
        dest = doc.resolve(found)
        if isinstance(dest, dict):
            dest = doc.resolve(dest.get("D"))
    if isinstance(dest, list) and dest:
        target = dest[0]
        return isinstance(target, Ref) and target.num in page_refs
    return False


#: structure types of a part a reader could jump to: sections, and headings below the title (H1)
_SECTION_TYPES = {"Sect", "Part", "Art", "H", "H2", "H3", "H4", "H5", "H6"}


def _has_sections(doc: Document) -> bool:
    """Whether a PDF has sections to jump to, as far as it says: False only for a tagged PDF
    whose structure holds at most one section (or heading below its title) in its first levels:
    a cover letter (Document › H1, P, P, …; beside a sidebar, its contact details a section of
    their own). A PDF without tags may have any."""
    tree = doc.dict_of(doc.root.get("StructTreeRoot"))
    if not tree:
        return True
    level, seen, sections = [tree.get("K")], 0, 0
    for _ in range(3):  # (StructTreeRoot › Document › its parts)
        below = []
        for kids in level:
            kids = doc.resolve(kids)
            for kid in kids if isinstance(kids, list) else [kids]:
                seen += 1
                if seen > 2000:
                    return True  # (a structure this large is not a letter's: no need to read on)
                elem = doc.dict_of(kid)
                if elem.get("S") in _SECTION_TYPES:
                    sections += 1  # (and not what it holds: a section's own title is not another)
                    if sections > 1:
                        return True
                elif "K" in elem:
                    below.append(elem["K"])
        level = below
    return False


def _check_outline(doc: Document, pages: list, expect: Optional[Expect], report: Report) -> None:
    entries = doc.outline()
    report.outline = [t for level, t, _ in entries if level == 0]
    page_refs = {p["_ref"].num for p in pages if isinstance(p.get("_ref"), Ref)}
    if not entries:
        # (a document without sections, a letter, needs none: the build says so, or its tags do)
        if expect.sections if expect is not None else _has_sections(doc):
            report.warn("it has no outline (bookmarks): a reader shows no sections to jump to")
    elif expect is not None and report.outline != list(expect.sections):
        report.warn(f"the outline lists {_short(str(report.outline), 400)}, "
                    f"but the sections are {_short(str(list(expect.sections)), 400)}")
    for level, title, item in entries:
        dest = item.get("Dest")
        if dest is None:
            action = doc.dict_of(item.get("A"))
            dest = action.get("D") if action.get("S") == "GoTo" else None
        if not _dest_page(doc, dest, page_refs):
            report.broken(f"the outline entry “{_short(title)}” does not point at a page of the document")


# -- links --------------------------------------------------------------------
def _check_links(doc: Document, pages: list, report: Report) -> None:
    page_refs = {p["_ref"].num for p in pages if isinstance(p.get("_ref"), Ref)}
    for i, page in enumerate(pages, 1):
        size = _box(doc, page)
        for annot in iter_annotations(doc, page):
            doc.budget.tick()
            if annot.get("Subtype") != "Link":
                continue
            rect = doc.resolve(annot.get("Rect"))
            nums = [doc.resolve(v) for v in rect] if isinstance(rect, list) else []
            if len(nums) != 4 or not all(isinstance(v, (int, float)) for v in nums):
                report.broken(f"page {i}: a link has no valid area (/Rect)")
                continue
            x0, x1 = sorted(nums[0::2])
            y0, y1 = sorted(nums[1::2])
            action = doc.dict_of(annot.get("A"))
            if action.get("S") == "URI":
                uri = text_string(doc.resolve(action.get("URI")))
                report.links.append(uri)
                why = urls.problem(uri)
                if why is None and not uri.isascii():
                    why = "is not written in ASCII, as a link in a PDF must be (a reader may not follow it)"
                if why:
                    report.broken(f"page {i}: the link “{_short(uri)}” {why}")
            elif action.get("S") == "GoTo" or "Dest" in annot:
                dest = action.get("D") if action else annot.get("Dest")
                report.links.append("(internal)")
                if not _dest_page(doc, dest, page_refs):
                    report.broken(f"page {i}: an internal link points nowhere")
            else:
                report.broken(f"page {i}: a link has no target")
                continue
            if x1 - x0 < 0.5 or y1 - y0 < 0.5:
                report.warn(f"page {i}: the link “{_short(report.links[-1])}” has an empty area: it cannot be clicked")
            elif size and (x1 < 0 or y1 < 0 or x0 > size[0] or y0 > size[1]):
                report.warn(f"page {i}: the link “{_short(report.links[-1])}” is outside the page")
