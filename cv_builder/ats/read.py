"""A PDF as pdfminer.six reads it: pages of text lines in its reading order.

pdfminer.six with its default layout analysis (``LAParams()``) is what many
resume parsers are built on, so its reading order is the one the preview shows.
Each line keeps where it is (for the rules: columns, running heads) and how it
is set (size and fonts: headings); each page counts its drawings and images (a
page of drawings and no text is text drawn as outlines) and keeps its links.

A line of Hebrew or Arabic is drawn in visual order (as in every PDF of
right-to-left text), which pdfminer.six, having no bidi step, reads reversed; a
parser of such CVs puts it back in logical order, as pdfium and pdftotext do, and
so does :func:`_add_line` (:func:`cv_builder.lang.bidi.logical_line`).

pdfminer.six is imported here only, when a preview is asked for (an optional
extra: ``pip install 'cv-builder[ats]'``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CVError, Position, Problem
from ..lang import bidi

MAX_PAGES = 30  # a CV is a few pages; a longer file is previewed from its start
SPACES = " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u3000"


@dataclass
class Line:
    """One text line, as pdfminer.six groups characters; ``number`` counts from 1 on each page."""

    page: int
    number: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # the largest character's size
    fonts: tuple[str, ...] = ()  # the fonts of its characters, most used first, subset tags removed
    box: int = 0  # the text box it belongs to (boxes are shown apart)
    gaps: tuple[tuple[float, float], ...] = ()  # blank stretches between glyphs, wider than half a size

    @property
    def place(self) -> str:
        return f"page {self.page}, line {self.number}"

    @property
    def bold(self) -> bool:
        return any(w in (self.fonts[0] if self.fonts else "").lower()
                   for w in ("bold", "semibold", "demi", "black", "heavy"))


@dataclass
class Link:
    page: int
    uri: str
    text: str  # what is printed inside the link's area
    rect: tuple[float, float, float, float]


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    chars: int = 0  # characters other than spaces
    drawings: int = 0  # paths (curves, lines, rectangles)
    images: int = 0
    links: list[Link] = field(default_factory=list)


@dataclass
class Document:
    path: str
    pages: list[Page]
    total_pages: int
    version: str  # pdfminer.six's

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


def not_a_pdf(path: str, why: str, hint: str | None = None) -> CVError:
    return CVError([Problem(why, position=Position(path), hint=hint)])


def check_file(path: str) -> None:
    """A clear error for what is not a PDF, before pdfminer sees it."""
    p = Path(path)
    if not p.exists():
        raise not_a_pdf(path, "the file does not exist")
    if p.is_dir():
        raise not_a_pdf(path, "this is a folder, not a PDF", "give the path of a PDF file")
    if not p.is_file():
        raise not_a_pdf(path, "this is not a regular file (a device or a pipe), so it is not read",
                        "give the path of a PDF file")
    try:
        with open(p, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise not_a_pdf(path, f"the file cannot be read: {exc.strerror}") from None
    if b"%PDF-" not in head:
        shown = head[:12].decode("latin-1").strip() or "nothing"
        what = "it is empty" if not head else f"it starts with {shown!r}"
        raise not_a_pdf(path, f"this is not a PDF ({what}; a PDF starts with '%PDF-')",
                        "give the PDF that was sent, e.g. build/Name_CV.pdf from `cv-builder build`")


def read(path: str, max_pages: int = MAX_PAGES) -> Document:
    """Read a PDF with pdfminer.six's default layout analysis; a file it cannot read is a CVError."""
    check_file(path)
    try:
        import pdfminer  # 75 ms (with the lines below), and an optional package: only this command
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError:
        raise CVError([Problem("the ats preview needs pdfminer.six, which is not installed",
                               hint="install it with: pip install 'cv-builder[ats]' "
                                    "(or: pip install pdfminer.six)")]) from None
    pages = []
    try:
        with open(path, "rb") as f:
            try:
                doc = PDFDocument(PDFParser(f))
            except PDFPasswordIncorrect:
                raise not_a_pdf(path, "this PDF is encrypted with a password, so no parser can read it",
                                "send a PDF without a password") from None
            manager = PDFResourceManager()
            device = PDFPageAggregator(manager, laparams=LAParams())
            interpreter = PDFPageInterpreter(manager, device)
            total = 0
            for number, page in enumerate(PDFPage.create_pages(doc), 1):
                total = number
                if number > max_pages:
                    continue
                interpreter.process_page(page)
                pages.append(_page(number, page, device.get_result()))
    except CVError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise not_a_pdf(path, f"this PDF cannot be read: {type(exc).__name__}: {exc}".rstrip(": "),
                        "open it in a PDF viewer to see whether it is damaged; export it again") from None
    if not pages:
        raise not_a_pdf(path, "this PDF has no pages")
    return Document(path, pages, total, getattr(pdfminer, "__version__", "?"))


def _page(number: int, pdfpage, layout) -> Page:
    # 0 ms: read() imported pdfminer.six (an optional package, so never at the top)
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTTextBox, LTTextLine

    x0, y0, x1, y1 = pdfpage.mediabox
    page = Page(number, x1 - x0, y1 - y0)
    chars: list = []

    def walk(item):
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTImage):
            page.images += 1
        elif isinstance(item, LTCurve):  # LTLine and LTRect are curves
            page.drawings += 1
        if hasattr(item, "__iter__"):  # boxes, lines, figures
            for child in item:
                walk(child)

    for item in layout:
        walk(item)
    page.chars = sum(1 for c in chars if c.get_text().strip(SPACES))
    box = 0
    for item in layout:
        if isinstance(item, LTTextBox):
            box += 1
            for line in item:
                if isinstance(line, LTTextLine):
                    _add_line(page, line, box)
        elif isinstance(item, LTFigure):
            # text inside a form XObject is not grouped into lines by pdfminer: a line per baseline
            box += 1
            for row in _rows(list(_chars(item))):
                _add_line(page, row, box)
    page.links = _links(pdfpage, chars, number)
    return page


def _chars(item):
    from pdfminer.layout import LTChar  # 0 ms: read() imported it (an optional package)

    for child in item:
        if isinstance(child, LTChar):
            yield child
        elif hasattr(child, "__iter__"):
            yield from _chars(child)


def _rows(chars):
    rows: list[list] = []
    for c in sorted(chars, key=lambda c: (-round(c.y0), c.x0)):
        if rows and abs(rows[-1][0].y0 - c.y0) < 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    return rows


def _add_line(page: Page, line, box: int) -> None:
    from pdfminer.layout import LTChar  # 0 ms: read() imported it (an optional package)

    glyphs = [c for c in line if isinstance(c, LTChar)]
    text = " ".join("".join(c.get_text() for c in line).split())
    if not text:
        return
    if bidi.has_rtl(text):  # drawn in visual order: read back as written (see above)
        text = bidi.logical_line(text)
    ink = [c for c in glyphs if c.get_text().strip(SPACES)]
    size = max((c.size for c in ink), default=0.0)
    fonts = Counter(_font_name(c.fontname) for c in ink)
    gaps = []  # wide blanks with a word on each side (not the one after a bullet sign)
    ordered = sorted(ink, key=lambda c: c.x0)
    for n, (a, b) in enumerate(zip(ordered, ordered[1:]), 1):
        if b.x0 - a.x1 > 0.5 * max(a.size, b.size) and n >= 2 and len(ordered) - n >= 2:
            gaps.append((a.x1, b.x0))
    xs = [c.x0 for c in ink] or [0.0]
    page.lines.append(Line(page.number, len(page.lines) + 1, text,
                           min(xs), min((c.y0 for c in ink), default=0.0),
                           max((c.x1 for c in ink), default=0.0), max((c.y1 for c in ink), default=0.0),
                           round(size, 2), tuple(f for f, _ in fonts.most_common()), box, tuple(gaps)))


def _font_name(name) -> str:
    name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    head, plus, rest = name.partition("+")
    return rest if plus and len(head) == 6 and head.isupper() else name


def _links(pdfpage, chars, number: int) -> list[Link]:
    """The page's links to addresses (URI actions), with the text printed in their areas."""
    from pdfminer.pdftypes import resolve1  # 0 ms: read() imported it (an optional package)

    out = []
    for annot in resolve1(pdfpage.annots) or []:
        annot = resolve1(annot)
        if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Link":
            continue
        action = resolve1(annot.get("A"))
        uri = resolve1(action.get("URI")) if isinstance(action, dict) else None
        rect = resolve1(annot.get("Rect"))
        if uri is None or not rect or len(rect) != 4:
            continue
        uri = uri.decode("utf-8", "replace") if isinstance(uri, bytes) else str(uri)
        try:
            x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
        except (TypeError, ValueError):
            continue
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        inside = [c for c in chars if x0 - 1 <= (c.x0 + c.x1) / 2 <= x1 + 1 and y0 - 1 <= (c.y0 + c.y1) / 2 <= y1 + 1]
        text = " ".join("".join(c.get_text() for c in inside).split())
        out.append(Link(number, uri.strip(), text, (x0, y0, x1, y1)))
    return out


def _name(value) -> str:
    name = getattr(value, "name", value)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
