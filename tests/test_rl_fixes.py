"""Each correction of ReportLab (cv_builder/render/rl_fixes.py): it still has its effect,
what it relies on in ReportLab is still there, and ReportLab still needs it.

When a test here fails after an upgrade of ReportLab, read the correction's docstring:
either ReportLab changed what the correction relies on (adapt it), or ReportLab fixed
the fault itself (drop the correction)."""

from __future__ import annotations

import inspect
import io
import re
import zlib

import pypdf
import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from conftest import ROOT
from cv_builder.errors import CVError
from cv_builder.render import rl_fixes

REGULAR = ROOT / "fonts" / "SourceSans3-Regular.ttf"
BOLD = ROOT / "fonts" / "SourceSans3-Bold.ttf"
DEJAVU = ROOT / "fonts" / "DejaVuSans.ttf"


@pytest.fixture(autouse=True)
def _registry():
    """Fonts registered by a test are forgotten after it (ReportLab's registry is the process's)."""
    fonts, faces = dict(pdfmetrics._fonts), dict(pdfmetrics._dynFaceNames)
    yield
    pdfmetrics._fonts.clear()
    pdfmetrics._fonts.update(fonts)
    pdfmetrics._dynFaceNames.clear()
    pdfmetrics._dynFaceNames.update(faces)


def _font(name: str, path, fixed: bool = True):
    """A font registered under a name of this test (ours, or ReportLab's own)."""
    font = rl_fixes.make_font(name, rl_fixes.parse_face(path.read_bytes(), str(path))) if fixed \
        else TTFont(name, str(path))
    rl_fixes.unregister(name)
    pdfmetrics._dynFaceNames.pop(font.face.name, None)  # another test's font of the same face
    pdfmetrics.registerFont(font)
    return font


def _pdf(draw) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _base_fonts(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return sorted(b for b in (str(f.get_object()["/BaseFont"]) for f in fonts.values()) if "+" in b)


# -- subset tags -------------------------------------------------------------------------
def test_reportlab_still_tags_every_first_subset_alike():
    """What subset_tag corrects: ReportLab tags subset 0 of every font AAAAAA+."""
    assert ttfonts.SUBSETN(0) == b"AAAAAA"
    assert "SUBSETN" in TTFont.addObjects.__code__.co_names  # its tag comes from the module's SUBSETN

    def draw(canvas):
        for i, (name, path) in enumerate((("rl-own-r", REGULAR), ("rl-own-b", BOLD))):
            canvas.setFont(_font(name, path, fixed=False).fontName, 12)
            canvas.drawString(10, 10 + 20 * i, "Text")

    pdf = _pdf(draw)
    assert [b.split("+")[0] for b in _base_fonts(pdf)] == ["/AAAAAA", "/AAAAAA"]


def test_subset_tags_differ_per_font_and_text():
    def draw(canvas):
        for i, (name, path) in enumerate((("tag-r", REGULAR), ("tag-b", BOLD))):
            canvas.setFont(_font(name, path).fontName, 12)
            canvas.drawString(10, 10 + 20 * i, "Text")

    bases = _base_fonts(_pdf(draw))
    tags = [b.split("+")[0][1:] for b in bases]
    assert len(set(tags)) == 2 and "AAAAAA" not in tags and all(re.fullmatch("[A-Z]{6}", t) for t in tags)
    assert bases == _base_fonts(_pdf(draw))  # the same text, the same tags
    assert rl_fixes.subset_tag("f", [[65, 66]], 0) != rl_fixes.subset_tag("f", [[65, 67]], 0)
    assert ttfonts.SUBSETN(0) == b"AAAAAA"  # ReportLab's own is left as it is (nothing shared changed)


# -- characters beyond U+FFFF in the Unicode map ----------------------------------------
def test_reportlab_still_writes_five_hex_digits_for_characters_beyond_ffff():
    cmap = ttfonts.makeToUnicodeCMap("X", [32, 0x1F600])
    assert "2 beginbfchar" in cmap.split("\n")  # where unicode_map finds the entries
    assert "<01> <1F600>" in cmap.split("\n")  # not UTF-16: the fault unicode_map corrects


def test_characters_beyond_ffff_read_back():
    assert "<01> <D83DDE00>" in rl_fixes.unicode_map("X", [32, 0x1F600]).split("\n")

    def draw(canvas):
        canvas.setFont(_font("emoji", DEJAVU).fontName, 12)
        canvas.drawString(10, 10, "A \U00010300 B")

    text = pypdf.PdfReader(io.BytesIO(_pdf(draw))).pages[0].extract_text()
    assert "\U00010300" in text


# -- TTFont.__init__ for a face parsed apart -------------------------------------------
def test_make_font_makes_what_ttfont_makes():
    assert list(inspect.signature(TTFont.__init__).parameters) == \
        ["self", "name", "filename", "validate", "subfontIndex", "asciiReadable", "shapable"]
    ours = rl_fixes.make_font("same", rl_fixes.parse_face(REGULAR.read_bytes(), str(REGULAR)))
    theirs = TTFont("same", str(REGULAR))
    assert vars(ours).keys() == vars(theirs).keys()
    for attr in vars(theirs):
        if attr not in ("face", "state", "encoding"):
            assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert type(ours.encoding) is type(theirs.encoding) and vars(ours.encoding) == vars(theirs.encoding)
    assert type(ours.state) is type(theirs.state) and not ours.state
    ours_face = {k: v for k, v in vars(ours.face).items() if k not in ("_pdfScale", "filename", "_pos")}
    theirs_face = {k: v for k, v in vars(theirs.face).items() if k not in ("_pdfScale", "filename", "_pos")}
    assert ours_face == theirs_face
    assert ours.face.filename == str(REGULAR) and isinstance(ours.face, TTFontFace)


# -- damaged font files ------------------------------------------------------------------
def _damaged(how: str) -> bytes:
    data = bytearray(REGULAR.read_bytes())
    if how == "no tables":
        data[4:6] = b"\x00\x00"
    elif how == "cut short":
        data = data[:5000]
    elif how == "huge cmap range":  # a format-12 subtable whose one group maps 0 … 2³²-1
        tables = {bytes(data[12 + 16 * i:16 + 16 * i]): int.from_bytes(data[20 + 16 * i:24 + 16 * i], "big")
                  for i in range(int.from_bytes(data[4:6], "big"))}
        cmap = tables[b"cmap"]
        sub = cmap + int.from_bytes(data[cmap + 8:cmap + 12], "big")  # the first subtable
        data[sub:sub + 28] = (b"\x00\x0c\x00\x00" + (28).to_bytes(4, "big") + bytes(4) + (1).to_bytes(4, "big")
                              + bytes(4) + b"\xff\xff\xff\xff" + bytes(4))
    return bytes(data)


@pytest.mark.parametrize("how", ["no tables", "cut short", "huge cmap range"])
def test_a_damaged_font_is_a_ttferror_naming_the_damage(how):
    with pytest.raises(TTFError, match="damaged or not a TrueType font|maps .* characters"):
        rl_fixes.parse_face(_damaged(how), "/fonts/Broken.ttf")


def test_reportlab_still_raises_other_errors_for_damaged_fonts():
    """What parse_face corrects: ReportLab's own parse of a cut-short file is no TTFError."""
    with pytest.raises(Exception) as caught:
        TTFontFace(io.BytesIO(_damaged("cut short")))
    assert not isinstance(caught.value, TTFError)


def test_the_cmap_count_agrees_with_reportlab():
    for path in (REGULAR, DEJAVU):
        assert rl_fixes.cmap_size(path.read_bytes()) == len(TTFont("count", str(path)).face.charToGlyph)


def test_a_subset_cut_from_a_damaged_glyph_table_is_an_error_naming_the_file():
    face = rl_fixes.parse_face(REGULAR.read_bytes(), "/fonts/Cut.ttf")
    face._ttf_data = face._ttf_data[:face.table["glyf"]["offset"] + 100]  # the glyphs cut short
    with pytest.raises(CVError, match="the font file cannot be used") as caught:
        face.makeSubset([65, 66, 0x4E2D])
    assert caught.value.problems[0].position.file == "/fonts/Cut.ttf"


# -- the font registry ------------------------------------------------------------------
def test_register_and_unregister_keep_reportlab_s_two_tables():
    assert isinstance(pdfmetrics._fonts, dict) and isinstance(pdfmetrics._dynFaceNames, dict)
    rl_fixes.unregister("reg-test")
    font = rl_fixes.make_font("reg-test", rl_fixes.parse_face(BOLD.read_bytes(), str(BOLD)))
    pdfmetrics._dynFaceNames.pop(font.face.name, None)
    assert rl_fixes.registered("reg-test") is None
    assert rl_fixes.register(font) is font
    assert pdfmetrics.getFont("reg-test") is font and pdfmetrics._dynFaceNames[font.face.name] is font
    other = rl_fixes.make_font("reg-test", rl_fixes.parse_face(BOLD.read_bytes(), str(BOLD)))
    assert rl_fixes.register(other) is font  # the name is taken: the registered font
    rl_fixes.unregister("reg-test")
    assert "reg-test" not in pdfmetrics.getRegisteredFontNames()
    assert font.face.name not in pdfmetrics._dynFaceNames
    assert rl_fixes.registered("no-such-font-anywhere") is None  # and nothing looked up on disk


def test_a_name_gets_its_own_font_not_another_of_the_same_postscript_name(tmp_path):
    """ReportLab gives a new name the font first registered with the same PostScript name."""
    copy = tmp_path / "Other.ttf"
    copy.write_bytes(BOLD.read_bytes())
    theirs = TTFont("their-bold", str(copy))
    pdfmetrics._dynFaceNames.pop(theirs.face.name, None)
    pdfmetrics.registerFont(theirs)
    plain = TTFont("plain-bold", str(BOLD))
    pdfmetrics.registerFont(plain)
    assert pdfmetrics.getFont("plain-bold") is theirs  # what register corrects
    ours = rl_fixes.make_font("our-bold", rl_fixes.parse_face(BOLD.read_bytes(), str(BOLD)))
    assert rl_fixes.register(ours) is ours and pdfmetrics.getFont("our-bold") is ours


# -- binary content streams ---------------------------------------------------------------
def _page_and_form(canvas):
    canvas.beginForm("f")
    canvas.drawString(0, 0, "form")
    canvas.endForm()
    canvas.drawString(10, 10, "page")
    canvas.doForm("f")


def test_binary_streams_without_the_global_setting(monkeypatch):
    monkeypatch.setattr(rl_config, "useA85", 1)  # ReportLab's default
    assert b"/ASCII85Decode" in _pdf(_page_and_form)  # what binary_streams corrects

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    _page_and_form(canvas)
    canvas.showPage()
    rl_fixes.binary_streams(canvas._doc)
    canvas.save()
    pdf = buf.getvalue()
    assert b"/ASCII85Decode" not in pdf and pdf.count(b"/FlateDecode") >= 2
    assert rl_config.useA85 == 1  # nothing shared was changed
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "page" in reader.pages[0].extract_text()
    form = reader.pages[0]["/Resources"]["/XObject"]["/FormXob.f"].get_object()
    assert b"form" in form.get_data()


def test_reportlab_still_makes_streams_where_binary_streams_expects():
    """PDFPage and PDFFormXObject make their stream when written, only if none is there."""
    assert "if not self.Contents" in inspect.getsource(pdfdoc.PDFPage.check_format)
    assert "if not self.Contents" in inspect.getsource(pdfdoc.PDFFormXObject.format)
    assert "if self.compression" in inspect.getsource(pdfdoc.PDFFormXObject.format)


# -- memos of what ReportLab writes ------------------------------------------------------
def test_font_program_and_unicode_map_go_through_the_deflate_memo():
    name = "memo-test"
    font = _font(name, REGULAR)
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.setFont(name, 12)
    canvas.drawString(10, 10, "Memo")
    canvas.showPage()
    doc = canvas._doc
    font.addObjects(doc)
    streams = [o for k, o in doc.idToObject.items() if k.startswith(("fontFile:", "toUnicodeCMap:"))]
    assert len(streams) == 2 and all(s.filters == [rl_fixes.DEFLATE] for s in streams)
    program = next(o for k, o in doc.idToObject.items() if k.startswith("fontFile:"))
    assert rl_fixes.DEFLATE.encode(program.content) == zlib.compress(program.content)


def test_widths_are_formatted_as_reportlab_formats_them():
    numbers = [0, 200, 544, 612.5, 1000]
    doc = pdfdoc.PDFDocument()
    assert rl_fixes._Formatted(numbers).format(doc) == pdfdoc.PDFArray(numbers).format(doc)


def test_split_string_codes_text_as_reportlab_does():
    ours, theirs = _font("split-ours", REGULAR), _font("split-theirs", REGULAR, fixed=False)
    doc_a, doc_b = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    for text in ("Hello", "Hello world", "Ünïcødé – ok", "Hello", "\u00a0non-break", "∮ missing", "Hello"):
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b), text
    state = ours.state[doc_a]
    assert isinstance(state.assignments, dict) and isinstance(state.subsets, list)
    assert list(inspect.signature(TTFont.splitString).parameters) == ["self", "text", "doc", "encoding"]


# -- writing objects (formatted, indirect_formatted) ---------------------------------------------
def _objects(doc):
    """Objects of every shape a CV's PDF holds, and some it does not."""
    ref = doc.Reference(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Page")}), "aPage")
    nested = pdfdoc.PDFDictionary({"S": pdfdoc.PDFName("URI"), "URI": pdfdoc.PDFString("https://example.org/a(b)")})
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Subtype": pdfdoc.PDFName("XML")}), "q 1 0 0 1 0 0 cm Q",
                              filters=[pdfdoc.PDFZCompress])
    forced = pdfdoc.PDFArray([1, 2, 3])
    forced.multiline = "forced"
    from collections import OrderedDict
    return [
        pdfdoc.PDFDictionary({"A": nested, "Rect": pdfdoc.PDFArray([56.55118, 686.3764, -0.5, 1e-7]),
                              "Border": pdfdoc.PDFArray([0, 0, 0]), "P": ref, "Flag": True, "None": None,
                              "Name with space#": pdfdoc.PDFName("a b/c"), "Text": "caf\u00e9",
                              **{f"K{i}": i for i in range(14)}}),
        pdfdoc.PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])),
        pdfdoc.PDFArray(list(range(25)) + [ref]), pdfdoc.PDFArrayCompact(list(range(23))), forced,
        stream, pdfdoc.PDFString("Ada (Lovelace) \\ caf\u00e9"), pdfdoc.PDFInfo(), 12, 3.25, b"raw", "/Name",
    ]


def test_objects_are_written_byte_for_byte_as_reportlab_writes_them():
    """formatted() writes what pdfdoc.format writes, for every shape of object: the fast paths
    must never change a byte (a CV's PDF is compared byte for byte in test_reproducible)."""
    doc = pdfdoc.PDFDocument(invariant=1)
    for obj in _objects(doc):
        if hasattr(obj, "__RefOnly__"):  # (written as a reference where it is not at the top)
            doc.Reference(obj)
        doc.idToObjectNumberAndVersion.update({name: (n, 0) for n, name in doc.numberToId.items()})
        assert rl_fixes.formatted(obj, doc) == pdfdoc.format(obj, doc), repr(obj)
        assert rl_fixes.formatted(obj, doc, toplevel=True) == pdfdoc.format(obj, doc, toplevel=1), repr(obj)
    info = pdfdoc.PDFInfo()
    name = doc.Reference(info, "Info9")
    doc.idToObjectNumberAndVersion[name.name] = (99, 0)
    assert rl_fixes.indirect_formatted(name.name, info, doc) == \
        pdfdoc.PDFIndirectObject(name.name, info).format(doc)


def test_reportlab_still_writes_its_objects_through_its_module_s_format():
    """The methods re-run with formatted() as their module's `format` are pdfdoc's own, and
    still call `format` and `pdfdocEnc` by those names (else the copy changes nothing)."""
    for cls in (pdfdoc.PDFCatalog, pdfdoc.PDFPage, pdfdoc.PDFInfo, pdfdoc.PDFType1Font, pdfdoc.OutlineEntryObject):
        assert cls.format.__globals__ is vars(pdfdoc)
        assert "format" in cls.format.__code__.co_names, cls
    copy = rl_fixes._regloballed(pdfdoc.PDFCatalog.format)
    assert copy is not pdfdoc.PDFCatalog.format and copy.__globals__["format"] is rl_fixes.formatted
    assert pdfdoc.format is not rl_fixes.formatted  # (nothing shared changed)


def test_the_canvas_saves_and_restores_what_reportlab_saves():
    """CVCanvas keeps the graphics state as a tuple of Canvas.STATE_ATTRIBUTES: those must
    still be all that ReportLab's push_state_stack saves, and a restore gives them back."""
    from cv_builder.render.document import CVCanvas

    plain = Canvas(io.BytesIO())
    plain.push_state_stack()
    assert set(plain.state_stack[-1]) == set(Canvas.STATE_ATTRIBUTES)
    ours = CVCanvas(io.BytesIO())
    before = {k: getattr(ours, k) for k in Canvas.STATE_ATTRIBUTES if k != "_extgstate"}
    ours.saveState()
    ours.setFont("Helvetica-Bold", 17)
    ours.setFillColorRGB(0.5, 0.1, 0.2)
    ours.translate(30, 40)
    ours.setLineWidth(3)
    ours.restoreState()
    assert {k: getattr(ours, k) for k in before} == before
    assert ours.state_stack == []
