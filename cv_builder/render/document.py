"""From what a layout made of a CV to PDF bytes: pages, page furniture, metadata.

A layout class (:mod:`cv_builder.layouts`) turns the model into flowables and
page templates; :func:`draw` paginates them into a PDF in memory, with the
running head, the page numbers, the outline and the metadata. Writing the file
is the caller's business (see :mod:`cv_builder.build`), so a failed build never
touches the previous PDF.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import operator
import os
import re
from dataclasses import field

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress
from reportlab.pdfbase.pdfmetrics import getAscent, getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, KeepTogether, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..pdfcheck.expect import Expect
from ..errors import CVError, Position, Problem
from ..lang import bidi
from ..lang.pdf import synthetic_bold
from ..model import CV
from ..record import record
from .flowables import Para, SectionTitle
from . import fonts, tagging, xmp
from .inline import Inline, missing_glyphs, unsupported_scripts
from .rl_fixes import binary_streams
from .theme import Theme


@record
class Rendered:
    """A CV laid out and drawn: the PDF's bytes, and what the build noticed on the way."""

    pdf: bytes
    pages: int
    warnings: list = field(default_factory=list)
    type_scale: float = 1.0
    space_scale: float = 1.0
    left_out: list = field(default_factory=list)  # what a fitter left out, as text
    trials: int = 0  # trial layouts a fitter measured
    fill: float = 1.0  # how much of the last page's frame is filled (0 to 1)
    saved: tuple | None = None  # (pages, last page's fill) of the design, when tightening saved its last page
    expect: Expect | None = None  # what was drawn, for the self-check of the PDF (cv_builder.check)
    cv: CV | None = None  # the CV as drawn: the sections shown, with the items and bullets shown
    # of the warnings, those of text that cannot be set correctly (characters no font has, a script
    # that needs a shaper): errors, unless the user builds with --allow-unsupported-scripts
    unsupported: list = field(default_factory=list)


class _TextObject(PDFTextObject):
    """A text object that notes the font each piece of text asked for, and draws the
    text of a family without a bold face emboldened.

    The font asked for is the intent (the bold style's font), before ReportLab resolves
    it to a face; the self-check holds the PDF's fonts to it (see :func:`_faces`). Text
    in a face of :data:`.fonts.SYNTHETIC_BOLD` (the CJK fallback's "bold": its regular
    face under another name) is filled and stroked (:func:`cv_builder.lang.pdf.synthetic_bold`).
    """

    marks = None  # [(where in the code, element)] of a tagged text object (a TaggedText)

    def _formatText(self, text):
        if text:
            self._canvas.fonts_asked.add(self._fontname)
        code = super()._formatText(text)
        if text and self._fontname in fonts.SYNTHETIC_BOLD:
            code = synthetic_bold(code, self._fontsize, self)
        return code


class TaggedText(_TextObject):
    """The text object of a tagged paragraph (or its bullet): it carries the marks of its
    runs (:mod:`.tagging`), and a space after each wrapped line."""

    tagger = None  # the Tagger, on a paragraph's text (not its bullet)

    def _textOut(self, text, TStar=0):
        if TStar and self.tagger is not None and self.tagger.line_end(text):
            # a line's end: a space after its last word, as a string of its own (in the line's string,
            # pdfium draws the line's last letters a pixel apart: tests/golden/ caught it)
            super()._textOut(text)
            text = " "
        super()._textOut(text, TStar)

    def _linkRecord(self, link, what):
        """Where a link starts and ends in the text (ReportLab's paragraph calls it)."""
        if self.marks is not None:
            self._canvas.tagger.link_record(self, link, what)


_STATE = operator.itemgetter(*Canvas.STATE_ATTRIBUTES)  # what Canvas.push_state_stack saves


class CVCanvas(Canvas):
    """A canvas that can print 'n / N' before N is known, and sets up what a
    reader shows besides the pages.

    Each page draws a form XObject ``cv-page-n`` where the number goes; the
    forms are defined in :meth:`save`, once the page count is known. (The usual
    trick of deferring whole pages breaks outline destinations.)

    In a reader: the window shows the document's title, not its file name; a
    CV of several pages opens with the outline (one entry per section) beside
    it, while a one-page CV opens on its page alone; each section is a named
    destination (``Dustin_Podell_CV.pdf#experience`` opens there).
    """

    label_font = ("Helvetica", 8.0)  # replaced per document
    label_color = None
    language = None  # the CV's (cv_builder.lang.Language): how a page number is written
    structure = None  # the structure tree of what is drawn (tagging.structure), replaced per document
    tagged = False  # whether the PDF has its structure tree (written when it is saved)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_labels: list[int] = []
        self.fonts_asked: set[str] = set()
        self.tagger = tagging.Tagger(self.structure) if self.structure is not None else None
        self._struct_key = None

    # -- the graphics state, as ReportLab saves it (q … Q), in C: a dictionary made and filled
    # name by name, twice for each paragraph drawn, was ~2 % of a warm rebuild
    def push_state_stack(self):
        self.state_stack.append(_STATE(self.__dict__))
        self._extgstate = self._extgstate.pushCopy()

    def pop_state_stack(self):
        self.__dict__.update(zip(Canvas.STATE_ATTRIBUTES, self.state_stack.pop()))

    # -- the tagged PDF (see tagging): text marked as its element's, the rest as artifacts
    def beginText(self, x=0, y=0, direction=None):
        tagger = self.tagger
        if tagger is None or tagger.body is None:
            return _TextObject(self, x, y, direction=direction)
        tx = TaggedText(self, x, y, direction=direction)
        tagger.text_begins(tx)
        return tx

    def drawText(self, tx):
        if tx.marks is None:
            return super().drawText(tx)
        self.tagger.text_ends(tx, self._code)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        """A link annotation: printable (PDF/A), and in the structure tree with its text as /Contents."""
        tagger = self.tagger
        elem = None
        if tagger is not None and tagger.body is not None:
            elem, key = tagger.annotation(url)
            if elem is not None:
                kw["StructParent"] = key
                kw["Contents"] = PDFString(elem.text if elem.text == url else f"{elem.text} ({url})")
        kw.setdefault("F", 4)
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        if elem is not None:
            elem.kids.append((tagger.page, self._doc.annotationName(f"NUMBER{self._annotationCount}")))

    def showPage(self):
        if self.tagger is not None:
            self._struct_key = self.tagger.end_page(self._code)
        super().showPage()

    def _setAnnotations(self, page):
        super()._setAnnotations(page)
        if self._struct_key is not None:  # (showPage: this page's entry in the parent tree)
            page.StructParents = self._struct_key
            page.Tabs = PDFName("S")
            if isinstance(page.Trans, PDFDictionary) and not page.Trans.dict:
                page.Trans = None  # (no transition: no empty /Trans, which PDF/A refuses)
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
            self._struct_key = None

    def page_label(self, x: float, y: float, left: bool = False) -> None:
        """The page's number 'n / N', its right edge at x (its left edge, with ``left``: the
        place of the number in a right-to-left CV)."""
        n = self.getPageNumber()
        self._page_labels.append(n)
        self._labels_left = left
        self.saveState()
        self.translate(x, y)
        self.doForm(f"cv-page-{n}")
        self.restoreState()

    def save(self):
        if len(self._code):
            self.showPage()
        if self.tagger is not None:
            self.tagged = tagging.write(self._doc, self.tagger)
            self.tagger = None  # the page numbers' forms: drawn inside the artifacts that show them
            meta = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                             xmp.of_document(self._doc), filters=[PDFZCompress])  # (PDF/A's: not compressed)
            self._doc.Catalog.Metadata = meta
        total = self.getPageNumber() - 1
        font, size = self.label_font
        left = getattr(self, "_labels_left", False)
        for n in self._page_labels:
            self.beginForm(f"cv-page-{n}", lowerx=0 if left else -200, lowery=-size, upperx=200 if left else 0,
                           uppery=2 * size)
            self.setFont(font, size)
            if self.label_color is not None:
                self.setFillColor(self.label_color)
            label = self.language.page(n, total) if self.language else f"{n} / {total}"
            if left:  # a right-to-left CV: in visual order ('2 / 3' reads from the right: '3 / 2')
                self.drawString(0, 0, bidi.visual(label, "rtl"))
            else:
                self.drawRightString(0, 0, label)
            self.endForm()
        self.setViewerPreference("DisplayDocTitle", "true")
        if total > 1:
            self.showOutline()
        if self._destinations:  # the name tree of destinations, in the byte order of the names
            def order(key: str) -> bytes:
                return key.encode() if key.isascii() else b"\xfe\xff" + key.encode("utf-16-be")

            names = []
            for key in sorted(self._destinations, key=order):
                names += [PDFString(key), self._destinations[key]]
            self._doc.Catalog.Names = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(names)})})
        binary_streams(self._doc)  # compressed streams in binary, not ASCII85 (see rl_fixes)
        super().save()


class CVDocument(BaseDocTemplate):
    """The document: page templates from the layout, page furniture, metadata."""

    def __init__(self, buf, theme: Theme, cv: CV, inline: Inline, templates: list[PageTemplate], **kw):
        self.theme = theme
        self.cv = cv
        self.inline = inline
        self.current = None  # the flowable being placed, to say which item a LayoutError is about
        t = theme
        super().__init__(
            buf, pagesize=t.pagesize, leftMargin=t.margin_x, rightMargin=t.margin_x,
            topMargin=t.margin_top, bottomMargin=t.margin_bottom,
            pageTemplates=templates, initialFontName=t.fam["regular"], invariant=1, **kw)

    def handle_flowable(self, flowables):
        if flowables:
            self.current = flowables[0]
        super().handle_flowable(flowables)

    def running_head(self) -> str:
        """'Name · Curriculum Vitae' (in the CV's language: 'Name · Lebenslauf') as markup,
        shortened with '…' to leave room for 'n / N'."""
        t = self.theme
        font, size = t.font("running"), t.size(t.look.styles["running"].size)
        room = t.width - stringWidth("000 / 000", font, size) - 2 * size
        name, head = self.cv.name, self.cv.language.running_head
        while name and stringWidth(f"{name}… · {head}", font, size) > room:
            name = name[: len(name) * 3 // 4 if len(name) > 40 else len(name) - 1].rstrip()
        if name != self.cv.name:
            name += "…"
        return self.inline.chars(f"{name} · {head}")

    def furniture(self, canv: Canvas, doc=None) -> None:
        """The running head from page 2: name on the left, 'n / N' on the right (mirrored in a
        right-to-left CV)."""
        t = self.theme
        if canv.getPageNumber() < 2 or not t.look.running_head:
            return
        w, h = t.pagesize
        font, size = t.font("running"), t.size(t.look.styles["running"].size)
        y = h - t.margin_top * 0.62
        canv.saveState()
        head = Para(self.running_head(), t["running"])  # a paragraph: the fallback chain works here too
        head.wrapOn(canv, t.width, size * 3)
        head.drawOn(canv, t.margin_x, y - (head.height - getAscent(font, size)))
        if t.rtl:  # the name at the right, the page number at the left
            canv.page_label(t.margin_x, y, left=True)
        else:
            canv.page_label(t.margin_x + t.width, y)
        canv.setStrokeColor(t.colors["rule"])
        canv.setLineWidth(0.5)
        rule_y = y - size * 0.55
        canv.line(t.margin_x, rule_y, t.margin_x + t.width, rule_y)
        canv.restoreState()


def metadata(cv: CV) -> dict:
    """The PDF's document information; a CV tailored to an application names it in the subject."""
    keywords = list(cv.keywords)
    if not keywords:
        for s in cv.sections:
            if s.kind == "tags":
                keywords += [t.name for t in s.items]
    language = cv.language
    subject = language.subject(cv.header.headline.plain if cv.header.headline else None, cv.target)
    return dict(title=f"{cv.name} – CV", author=cv.name, subject=subject,
                keywords=", ".join(["CV", cv.name] + keywords), creator=f"cv-builder {__version__}",
                producer=f"cv-builder {__version__} (ReportLab)", lang=language.tag)


def source_date_epoch() -> None:
    """Check SOURCE_DATE_EPOCH, which ReportLab takes for the PDF's dates when it is set.

    Reproducible builds set it to fix the dates (https://reproducible-builds.org/specs/source-date-epoch/);
    unset, the dates are fixed at 2000-01-01 (ReportLab's invariant mode).
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not (value.isdigit() and value.isascii() and int(value) <= 253402300799):
        raise CVError([Problem("SOURCE_DATE_EPOCH is not a time", found=repr(value)[:40],
                               expected="a whole number of seconds since 1970-01-01 UTC (such as 1700000000)",
                               hint="unset it, or set it from the data's last commit: "
                                    "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")])


_ID = re.compile(rb"/ID\s*\[<([0-9a-fA-F]{32})><([0-9a-fA-F]{32})>\]")


def content_id(pdf: bytes) -> bytes:
    """Set the PDF's /ID to a digest of its content.

    ReportLab's invariant mode derives the /ID from the date and the title,
    author, subject and keywords only, so every CV of one person (a full CV and
    a one-page CV, A4 and Letter) gets the same /ID, and readers that key what
    they remember of a file (position, zoom) by its /ID mix them up. The /ID
    follows the cross-reference table, so changing it (same length) moves nothing.
    """
    tail = max(0, len(pdf) - 1024)
    m = None
    for m in _ID.finditer(pdf, tail):
        pass
    if m is None:
        return pdf
    digest = hashlib.md5(pdf[:m.start()] + pdf[m.end():], usedforsecurity=False).hexdigest().encode()
    return pdf[:m.start(1)] + digest + pdf[m.end(1):m.start(2)] + digest + pdf[m.end(2):]


def _section_titles(flowables) -> list[str]:
    out = []
    for f in flowables:
        if isinstance(f, KeepTogether):
            out += _section_titles(f._content)
        elif isinstance(f, SectionTitle):
            out.append(f.title)
    return out


def _faces(canvas: CVCanvas, theme: Theme) -> list[tuple[str, str]]:
    """(style, PostScript name) for each font the text asked for: the face it got must be of that style."""
    out = []
    for name in sorted(canvas.fonts_asked or canvas._doc.fontMapping):
        font = getFont(name)
        ps = getattr(getattr(font, "face", None), "name", name)
        out.append((fonts.style_of(name), ps.decode("latin-1") if isinstance(ps, bytes) else str(ps)))
    return sorted(set(out))


def draw(layout) -> Rendered:
    """Paginate and draw what a layout made of a CV (:mod:`cv_builder.layouts`): its
    story through its page templates. Returns the PDF's bytes and what was noticed."""
    source_date_epoch()
    theme, cv, inline = layout.theme, layout.cv, layout.inline
    flowables = layout.story()
    blanks = missing_glyphs(cv.strings, theme.fam, inline.blank)  # of what is drawn
    blanks += unsupported_scripts(cv.strings, inline.unshaped)
    warnings = list(cv.warnings) + list(theme.look.warnings) + blanks
    titles = _section_titles(flowables)  # before building: the build consumes the list
    tree = tagging.structure(flowables)
    buf = io.BytesIO()
    doc = CVDocument(buf, theme, cv, inline, layout.templates(), **layout.metadata())

    class _Canvas(CVCanvas):
        label_font = (theme.font("running"), theme.size(theme.look.styles["running"].size))
        label_color = theme.colors[theme.look.styles["running"].color]
        language = cv.language
        structure = tree

    try:
        doc.build(flowables, canvasmaker=_Canvas)
    except LayoutError:  # a piece that cannot split is taller than a page (every flowable here splits)
        raise CVError([too_tall(cv, doc.current)]) from None
    pages = doc.page
    frame = doc.frame  # the last page's
    fill = (frame._y2 - frame._y) / (frame._y2 - frame._y1) if frame._y2 > frame._y1 else 1.0
    expect = Expect(cv.name, titles, pages, theme.pagesize, _faces(doc.canv, theme), bool(blanks),
                    tagged=doc.canv.tagged)
    shown = {id(s) for s in layout.reading_order()}
    drawn = dataclasses.replace(cv, sections=[s for s in cv.sections if id(s) in shown])
    return Rendered(content_id(buf.getvalue()), pages, warnings, theme.type_scale, theme.space_scale,
                    expect=expect, fill=min(1.0, max(0.0, fill)), cv=drawn, unsupported=blanks)


def too_tall(cv: CV, flowable) -> Problem:
    """What a LayoutError was about, in the CV's terms (never ReportLab's)."""
    key = getattr(flowable, "cv_key", None)
    hint = "split the text into shorter paragraphs or bullets"
    if not key or key[0] is None or key[0] >= len(cv.sections):
        return Problem("a part of the CV is too tall to fit on a page and cannot be split", hint=hint)
    section = cv.sections[key[0]]
    path = f"sections.{section.id}" + (f"[{key[1]}]" if key[1] is not None else "")
    return Problem("this is too tall to fit on a page and cannot be split", position=Position(section.origin),
                   path=path, hint=hint)
