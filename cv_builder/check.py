"""The self-check: is a PDF what cv-builder promises?

A user cannot see a broken text layer, an unembedded font or a dead link, so
every build checks its own output, and ``cv-builder check PDF`` runs the same
checks on a file:

- it is readable, with a consistent cross-reference table;
- its pages: as many as the build laid out, all of the paper size, none blank;
- its fonts: every one embedded, each face its own font, and (when the build
  says which faces it drew with) each bold face bold, each italic italic;
- its text layer: the name and every section title are in it, every
  character maps to Unicode, no ligature characters;
- its outline: one entry per section, each pointing at a page (none without sections: a letter);
- its links: http(s) or mailto with something to go to, on the page.

It reads the PDF bytes with the small reader in :mod:`cv_builder.pdfread`,
not a general PDF library: the check runs after every build and has to cost a
few milliseconds, not the ~100 ms a PDF library takes to import.

``check_pdf(data, expect)`` is the API: the build passes what it knows it drew
(:class:`Expect`); without it, the name comes from the document info (/Author)
and the section titles from the outline.
"""

from __future__ import annotations

import math
import re
import time
from typing import Optional

from .errors import Position, Problem
from .pdfread import Document, PDFError, Ref, Stream, iter_annotations, text_string

PAPERS = {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}
LIGATURES = "".join(chr(c) for c in range(0xFB00, 0xFB07))


# Plain classes, not dataclasses: this module is imported by every build, and
# making a dataclass costs about a millisecond.
class Expect:
    """What the build knows it drew, to hold the PDF to."""

    def __init__(self, name: str, sections: list[str], pages: Optional[int] = None,
                 pagesize: Optional[tuple[float, float]] = None, faces: Optional[list[tuple[str, str]]] = None,
                 blanks: bool = False):
        self.name = name
        self.sections = list(sections)
        self.pages = pages
        self.pagesize = pagesize
        self.faces = list(faces or [])  # (style, PostScript name) of each font drawn with
        self.blanks = blanks  # the build already warned of characters no font has (they extract as nothing)

    def __repr__(self) -> str:
        return f"Expect({self.name!r}, {self.sections!r}, pages={self.pages}, faces={self.faces!r})"


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

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str, hint: Optional[str] = None) -> None:
        self.problems.append(Problem(message, position=Position(self.where) if self.where else None, hint=hint))

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
        return "\n".join(lines)


def _count(n: int, what: str) -> str:
    return f"{'all ' if n > 1 else ''}{n} {what}{'s' if n != 1 else ''}"


def paper_name(size: Optional[tuple[float, float]]) -> str:
    if not size:
        return "no page size"
    w, h = size
    for name, (pw, ph) in PAPERS.items():
        if abs(w - pw) < 1 and abs(h - ph) < 1:
            return f"{name} ({w:.0f} × {h:.0f} pt)"
        if abs(w - ph) < 1 and abs(h - pw) < 1:
            return f"{name} landscape ({w:.0f} × {h:.0f} pt)"
    return f"{w:.0f} × {h:.0f} pt"


def squash(text: str) -> str:
    """Text without any white space: a phrase is found whatever the line breaks."""
    return "".join(text.split())


def check_file(path) -> Report:
    """Check a PDF file (what ``cv-builder check`` does)."""
    from pathlib import Path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report = Report(str(path))
        report.problem(f"the file cannot be read: {exc.strerror}")
        return report
    return check_pdf(data, None, str(path))


def check_pdf(data: bytes, expect: Optional[Expect] = None, where: str = "") -> Report:
    """Check PDF bytes; the problems found are in ``Report.problems`` (none: all is well)."""
    start = time.perf_counter()
    report = Report(where)
    try:
        _check(data, expect, report)
    except PDFError as exc:
        report.problem(f"it cannot be read as a PDF: {exc}")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, ArithmeticError) as exc:
        report.problem(f"it cannot be read as a PDF: its structure is damaged ({type(exc).__name__}: {exc})")
    report.seconds = time.perf_counter() - start
    return report


def _check(data: bytes, expect: Optional[Expect], report: Report) -> None:
    doc = Document(data)
    for note in doc.notes:
        report.problem(f"the file is damaged: {note}", hint="a reader has to repair it; rebuild the PDF")
    if not doc.notes and not data.rstrip().endswith(b"%%EOF"):
        report.problem("the file does not end with %%EOF: it is truncated or has something appended")

    pages = doc.pages()
    _check_pages(doc, pages, expect, report)
    texts = [doc.page_text(p) for p in pages]
    _check_fonts(doc, pages, texts, expect, report)
    _check_text(doc, texts, expect, report)
    _check_outline(doc, pages, expect, report)
    _check_links(doc, pages, report)
    if not doc.root.get("Lang"):
        report.problem("the document has no language (/Lang): screen readers have to guess it")


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
        report.problem("it has no pages")
        return
    if expect and expect.pages is not None and expect.pages != len(pages):
        report.problem(f"it has {len(pages)} pages, but the build laid out {expect.pages}")
    sizes = [_box(doc, p) for p in pages]
    report.pagesize = sizes[0]
    for i, size in enumerate(sizes, 1):
        if size is None:
            report.problem(f"page {i} has no valid page size (/MediaBox)")
        elif expect and expect.pagesize and (abs(size[0] - expect.pagesize[0]) > 1 or
                                             abs(size[1] - expect.pagesize[1]) > 1):
            report.problem(f"page {i} is {paper_name(size)}, not {paper_name(expect.pagesize)}")
        elif size != sizes[0] and sizes[0] is not None and not expect:
            report.problem(f"page {i} is {paper_name(size)}, page 1 {paper_name(sizes[0])}")


# -- fonts --------------------------------------------------------------------
_TAG = re.compile(r"^[A-Z]{6}\+")


def _font_info(doc: Document, font: dict) -> FontInfo:
    base = str(font.get("BaseFont", "") or "")
    kind = str(font.get("Subtype", ""))
    target = font
    if kind == "Type0":
        kids = doc.resolve(font.get("DescendantFonts")) or []
        target = doc.dict_of(kids[0]) if kids else {}
    descriptor = doc.dict_of(target.get("FontDescriptor"))
    embedded = False
    for key in ("FontFile", "FontFile2", "FontFile3"):
        program = doc.resolve(descriptor.get(key))
        if isinstance(program, Stream) and program.raw:
            embedded = True
    if kind == "Type3":
        embedded = True  # its glyphs are drawn by the PDF itself
    stem = doc.resolve(descriptor.get("StemV"))
    weight = None
    if isinstance(stem, (int, float)):
        # ReportLab writes StemV = 50 + (usWeightClass / 65)²; invert it
        weight = int(round(65 * math.sqrt(max(stem - 50, 0)) / 50.0) * 50)
    angle = doc.resolve(descriptor.get("ItalicAngle"))
    flags = doc.resolve(descriptor.get("Flags"))
    italic = bool(isinstance(angle, (int, float)) and angle != 0) or bool(isinstance(flags, int) and flags & 64)
    return FontInfo(_TAG.sub("", base), base, kind, embedded, weight, italic)


def _fonts_of(doc: Document, resources: dict, out: dict, depth: int = 0) -> None:
    """Every font in a resource dictionary, and in the forms it holds: font key -> dictionary."""
    for ref in doc.dict_of(resources.get("Font")).values():
        out.setdefault(ref if isinstance(ref, Ref) else id(ref), doc.dict_of(ref))
    if depth < 8:
        for ref in doc.dict_of(resources.get("XObject")).values():
            xobj = doc.resolve(ref)
            if isinstance(xobj, Stream) and xobj.dict.get("Subtype") == "Form":
                _fonts_of(doc, doc.dict_of(xobj.dict.get("Resources")), out, depth + 1)


def _check_fonts(doc: Document, pages: list, texts: list, expect: Optional[Expect], report: Report) -> None:
    fonts: dict = {}
    for page in pages:
        _fonts_of(doc, doc.dict_of(page.get("Resources")), fonts)
    for i, text in enumerate(texts, 1):
        for name in sorted(text.missing_fonts):
            report.problem(f"page {i} draws text in the font /{name}, which it does not have (a missing font)")
    infos = [_font_info(doc, f) for f in fonts.values()]
    report.fonts = infos
    for info in infos:
        if not info.embedded:
            report.problem(f"the font {info.name or '(unnamed)'} is not embedded",
                           hint="readers substitute another font, with other widths; "
                                "the text may overflow or print in the wrong face")
    # one face embedded as two fonts: two registered styles (bold, regular) came out the same
    by_base: dict[str, int] = {}
    for info in infos:
        by_base[info.base] = by_base.get(info.base, 0) + 1
    for base, n in sorted(by_base.items()):
        if n > 1:
            report.problem(f"the face {_TAG.sub('', base)} is embedded as {n} different fonts: "
                           "styles that should differ (bold, italic, …) came out as this one face")
    if not expect or not expect.faces:
        return
    by_name: dict[str, list[FontInfo]] = {}
    for info in infos:
        by_name.setdefault(info.name, []).append(info)
    expected_names = {ps for _, ps in expect.faces}
    for style, ps in expect.faces:
        found = by_name.get(ps)
        if not found:
            report.problem(f"the {style} face {ps} is not in the PDF")
            continue
        info = found[0]
        wants_bold = "bold" in style
        if info.weight is not None and (info.weight >= 550) != wants_bold:
            report.problem(f"the {style} face came out as {ps}, which is "
                           f"{'bold' if info.weight >= 550 else 'not bold'} (weight {info.weight})")
        if info.italic != ("italic" in style):
            report.problem(f"the {style} face came out as {ps}, which is "
                           f"{'italic' if info.italic else 'upright'}")
    for name in sorted(set(by_name) - expected_names):
        report.problem(f"the PDF has a font the build did not draw with: {name}")


# -- text ---------------------------------------------------------------------
def _check_text(doc: Document, texts: list, expect: Optional[Expect], report: Report) -> None:
    whole = "\n".join(t.text for t in texts)
    flat = squash(whole)
    report.chars = len(flat)
    for i, t in enumerate(texts, 1):
        if not t.text.strip():
            report.problem(f"page {i} has no text: it is blank, or its text cannot be extracted")
    unmapped = sum(t.unmapped for t in texts)
    if unmapped and not (expect and expect.blanks):
        report.problem(f"{unmapped} character{'s' if unmapped != 1 else ''} of the text layer "
                       f"{'have' if unmapped != 1 else 'has'} no Unicode mapping: a parser reads "
                       f"{'them' if unmapped != 1 else 'it'} as �")
    ligatures = [c for c in LIGATURES if c in whole]  # (in code order, as LIGATURES is)
    if ligatures:
        report.problem(f"the text layer has ligature characters ({' '.join(ligatures)}): "
                       "a parser looking for the letters does not find them")
    name = expect.name if expect else text_string(doc.resolve(doc.info.get("Author"))).strip() or None
    report.name = name
    if name is None:
        report.problem("the document info has no author (/Author), so the name cannot be checked",
                       hint="was this PDF made by cv-builder?")
    elif squash(name) not in flat:
        report.problem(f"the text layer does not contain the name “{name}”")
    titles = expect.sections if expect else [t for level, t, _ in doc.outline() if level == 0]
    report.sections = list(titles)
    for title in titles:
        if squash(title) not in flat:
            report.problem(f"the text layer does not contain the section title “{title}”")


# -- outline ------------------------------------------------------------------
def _dest_page(doc: Document, dest, page_refs: set) -> bool:
    """Whether a destination (explicit, or named) points at a page of the document."""
    dest = doc.resolve(dest)
    if isinstance(dest, (bytes, str)):
        name = dest.encode("latin-1") if isinstance(dest, str) else dest
        found = _named_dest(doc, name)
        if found is None:
            return False
        dest = doc.resolve(found)
        if isinstance(dest, dict):
            dest = doc.resolve(dest.get("D"))
    if isinstance(dest, list) and dest:
        target = dest[0]
        return isinstance(target, Ref) and target.num in page_refs
    return False


def _named_dest(doc: Document, name: bytes):
    dests = doc.dict_of(doc.root.get("Dests"))
    key = name.decode("latin-1")
    if key in dests:
        return dests[key]
    tree = doc.dict_of(doc.dict_of(doc.root.get("Names")).get("Dests"))
    seen = 0
    stack = [tree]
    while stack and seen < 10000:
        node = stack.pop()
        seen += 1
        names = doc.resolve(node.get("Names")) or []
        for k, v in zip(names[0::2], names[1::2]):
            if doc.resolve(k) == name:
                return v
        stack.extend(doc.dict_of(k) for k in doc.resolve(node.get("Kids")) or [])
    return None


def _check_outline(doc: Document, pages: list, expect: Optional[Expect], report: Report) -> None:
    entries = doc.outline()
    report.outline = [t for level, t, _ in entries if level == 0]
    page_refs = {p["_ref"].num for p in pages if isinstance(p.get("_ref"), Ref)}
    if not entries:
        if expect is None or expect.sections:  # (a document without sections, a letter, needs none)
            report.problem("it has no outline (bookmarks): a reader shows no sections to jump to")
    elif expect is not None and report.outline != list(expect.sections):
        report.problem(f"the outline lists {report.outline}, but the sections are {list(expect.sections)}")
    for level, title, item in entries:
        dest = item.get("Dest")
        if dest is None:
            action = doc.dict_of(item.get("A"))
            dest = action.get("D") if action.get("S") == "GoTo" else None
        if not _dest_page(doc, dest, page_refs):
            report.problem(f"the outline entry “{title}” does not point at a page of the document")


# -- links --------------------------------------------------------------------
_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?$|^localhost(:\d+)?$")


def link_problem(uri: str) -> Optional[str]:
    """Why a link target is not valid, or None."""
    if any(c.isspace() or ord(c) < 32 for c in uri):
        return "it contains white space"
    if uri.startswith("mailto:"):
        address = uri[7:].split("?", 1)[0]
        return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address) else "it is not an e-mail address"
    if uri.startswith(("http://", "https://")):
        host = uri.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        host = host.rsplit("@", 1)[-1]
        return None if _HOST.match(host) else "it has no valid host name"
    return "only http, https and mailto links are allowed"


def _check_links(doc: Document, pages: list, report: Report) -> None:
    page_refs = {p["_ref"].num for p in pages if isinstance(p.get("_ref"), Ref)}
    for i, page in enumerate(pages, 1):
        size = _box(doc, page)
        for annot in iter_annotations(doc, page):
            if annot.get("Subtype") != "Link":
                continue
            rect = doc.resolve(annot.get("Rect"))
            nums = [doc.resolve(v) for v in rect] if isinstance(rect, list) else []
            if len(nums) != 4 or not all(isinstance(v, (int, float)) for v in nums):
                report.problem(f"page {i}: a link has no valid area (/Rect)")
                continue
            x0, x1 = sorted(nums[0::2])
            y0, y1 = sorted(nums[1::2])
            action = doc.dict_of(annot.get("A"))
            if action.get("S") == "URI":
                uri = text_string(doc.resolve(action.get("URI")))
                report.links.append(uri)
                why = link_problem(uri)
                if why:
                    report.problem(f"page {i}: the link “{uri}” is not valid: {why}")
            elif action.get("S") == "GoTo" or "Dest" in annot:
                dest = action.get("D") if action else annot.get("Dest")
                report.links.append("(internal)")
                if not _dest_page(doc, dest, page_refs):
                    report.problem(f"page {i}: an internal link points nowhere")
            else:
                report.problem(f"page {i}: a link has no target")
                continue
            if x1 - x0 < 0.5 or y1 - y0 < 0.5:
                report.problem(f"page {i}: the link “{report.links[-1]}” has an empty area: it cannot be clicked")
            elif size and (x1 < 0 or y1 < 0 or x0 > size[0] or y0 > size[1]):
                report.problem(f"page {i}: the link “{report.links[-1]}” is outside the page")
