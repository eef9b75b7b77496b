"""The self-check's PDF reader (cv_builder/pdfcheck: syntax, reader, text): its quick paths read what the
general Lexer reads, and what it remembers between documents (parsed ToUnicode maps,
names) never changes a result: each document's report depends on its bytes only."""

import io
import re

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from craft import one_cv_page, pdf
from cv_builder.pdfcheck import syntax, text as pdftext
from cv_builder.pdfcheck import check_pdf
from cv_builder.pdfcheck.reader import Document
from cv_builder.pdfcheck.syntax import Lexer, Name, PDFError, Ref



def messages(report) -> str:
    return "\n".join(p.message for p in report.problems)


def lexed(text: bytes):
    """What the general Lexer makes of text: (object, where it stopped), or its error."""
    lex = Lexer(text)
    try:
        return plain(lex.object()), lex.pos
    except (PDFError, ValueError) as exc:
        return "error", type(exc).__name__, str(exc)


def quick(text: bytes):
    """What the quick path makes of text, as lexed() says it (None: it leaves text to the Lexer)."""
    try:
        obj = syntax._spaced_object(text)
    except ValueError as exc:  # (a number too long for int(): the Lexer says the same)
        return "error", type(exc).__name__, str(exc)
    return None if obj is syntax._UNSURE else (plain(obj), len(text.rstrip()))


def plain(obj):
    """An object with its types spelled out (a Name equals its str, a Ref its tuple: == cannot tell)."""
    if isinstance(obj, dict):
        return {plain(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    return type(obj).__name__, obj


# -- the Lexer reads what it always read ----------------------------------------
N = Name


@pytest.mark.parametrize("text, expected", [
    (b"<< /Type /Font /W [ 1 2 3 ] /F 12 0 R >>",
     ({N("Type"): N("Font"), N("W"): [1, 2, 3], N("F"): Ref(12, 0)}, 40)),
    (b"[1 0 R 2 0 R]", ([Ref(1, 0), Ref(2, 0)], 13)),
    (b"5 0 R", (Ref(5, 0), 5)),
    (b"5 6 7 R", (5, 1)),  # at the top level, 'n g R' or the number alone
    (b"[ 5 6 7 R ]", ([5, Ref(6, 7)], 11)),
    (b"[ -5 +0 R ]", ([Ref(-5, 0)], 11)),
    (b"<</A/B/C[1 2.5 -3 .5 +4]>>", ({N("A"): N("B"), N("C"): [1, 2.5, -3, 0.5, 4]}, 26)),
    (b"<< /T (a (b) c) /U (x\\)y) /V <41 42> /E () >>",
     ({N("T"): b"a (b) c", N("U"): b"x)y", N("V"): b"AB", N("E"): b""}, 45)),
    (b"<< /A 1 0 %c\n R >>", ({N("A"): Ref(1, 0)}, 18)),
    (b"<< /A true /B false /C null >>", ({N("A"): True, N("B"): False, N("C"): None}, 30)),
    (b"[ /a#20b /streamX / ]", ([N("a b"), N("streamX"), N("")], 21)),
    (b"12 0", (12, 2)),
    (b"%only a comment\n[ 1 ]", ([1], 21)),
])
def test_the_lexer_reads_objects(text, expected):
    lex = Lexer(text)
    obj = lex.object()
    assert (obj, lex.pos) == expected
    assert plain(obj) == plain(expected[0])  # Names are Names, Refs Refs


@pytest.mark.parametrize("text, error", [
    (b"[ 1.0 0 R ]", "a misplaced R at offset 9"),
    (b"<< /A 1 R >>", "a misplaced R at offset 9"),
    (b"<< /A >>", "a dictionary is malformed (offset 8)"),
    (b"<< 1 2 >>", "a dictionary is malformed (offset 9)"),
    (b"[ 1 2 ", "the file ends inside an object"),
    (b"[ 1 } ]", "unexpected b'}' at offset 5"),
    (b"[ 1 0 Rx ]", "unexpected b'Rx' at offset 8"),
    (b"[ 1 >> ", "unbalanced >> at offset 6"),
    (b")", "unexpected byte at offset 0"),
    (b"(open", "a string is not closed"),
])
def test_the_lexer_reports_what_is_wrong(text, error):
    with pytest.raises(PDFError) as exc:
        Lexer(text).object()
    assert str(exc.value) == error


def test_token_reads_a_reference_as_three_tokens():
    lex = Lexer(b" 12 0 R /X")
    assert [lex.token() for _ in range(5)] == [("obj", 12), ("obj", 0), ("kw", b"R"), ("obj", "X"), ("eof", None)]


# -- the quick path reads what the Lexer reads ---------------------------------
@pytest.mark.parametrize("text", [
    b"<<\n/BaseFont /AAAAAA+SourceSans3-Light /FirstChar 0 /FontDescriptor 13 0 R /LastChar 127 /Name /F1+0\n"
    b"  /Widths [ 632 632 200 259\n 360 ] /Type /Font\n>>\n",
    b"<< /Dest [ 2 0 R /XYZ 47.62205 696.2408 0 ] /Next 35 0 R /Title (At a glance) >>",
    b"<< /A << /S /URI /URI (https://example.org/a b) >> /Rect [ 1 2.5 -3 .5 ] /E () /T true /N null >>",
    b"[ 1 2 3 ]", b"[ ]", b"<< >>", b"[ [ 1 2 ] [ ] << /A [ 3 ] >> ]", b"[ 5 6 7 R ]", b"[ -5 0 R ]",
    b"[ 1.0 0 R ]", b"<< /A 1 R >>", b"<< /A >>", b"<< 1 2 >>", b"[ 1 2", b"[ 1 } ]", b"[ 1 0 Rx ]",
    b"<</A/B>>", b"<< /A/B >>", b"<< /A (x\\)y) >>", b"<< /A (a (b) c) >>", b"<< /A (a) (b) >>",
    b"<< /A(x)/B(y) >>", b"<< /A 1(x) >>", b"<< /A <4142> >>", b"<< /A 1 %c\n >>", b"<< /A\x0b1 >>",
    b"<< /A\x001 >>", b"<< \x00/Type /X >>", b"[ \x000 ]", b"<< /a#20b 1 >>", b"[ 1 ] 2", b"<< /A 1 >> 2",
    b"[ /A ] /B", b"<< /A (x) >> (y)", b"12 0 R",
    b"[ 1 ]\n\n", b"[ 00012 -0 +7 1. ]", b"[ 1 2 ] ]", b"<< /A [ 1 2 >>", b"[ 1 2 3\n>>", b"[ " + b"9" * 5000 + b" ]",
])
def test_the_quick_path_reads_what_the_lexer_reads(text):
    got = quick(text)
    assert got is None or got == lexed(text)  # (None: left to the Lexer)


def test_the_quick_path_is_taken_for_reportlab_objects():
    for text in (b"<< /Type /Page /MediaBox [ 0 0 595.2756 841.8898 ] /Parent 41 0 R >>",
                 b"<< /Dest [ 2 0 R /XYZ 47.62205 696.2408 0 ] /Title (At a glance) >>",
                 b"<< /W [ " + b"632 " * 128 + b"] >>"):
        assert syntax._spaced_object(text) is not syntax._UNSURE


PIECES = ["<<", ">>", "[", "]", "/A", "/Type", "/a#20b", "/", "/streamX", "1", "0", "12", "-3", "+4", "1.5", ".5",
          "5.", "1.2.3", "R", "Rx", "true", "false", "null", "(x)", "(a b)", "()", "(a\\)b)", "((x))", "<4142>",
          "<41 42>", "%c\n", "{", "}", ")", ">", "9" * 30, "\\", "endobj", "1 0 R", "-1 +0 R"]
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\t", "", "\x0b", "\x00", "\x0c", "  "]
SCALARS = st.sampled_from([p for p in PIECES if p not in ("<<", ">>", "[", "]")])


def container(children):
    """An array or a dictionary (with a name for each key, mostly) of children, as pieces."""
    array = st.lists(children, max_size=5).map(lambda xs: ["["] + [p for x in xs for p in x] + ["]"])
    keys = st.sampled_from(["/A", "/Type", "/W", "1"])
    mapping = st.lists(st.tuples(keys, children), max_size=4).map(
        lambda kv: ["<<"] + [p for k, v in kv for p in [k, *v]] + [">>"])
    return st.one_of(array, mapping)


OBJECTS = container(st.recursive(SCALARS.map(lambda p: [p]), container, max_leaves=12))


@settings(max_examples=500, deadline=None)
@given(OBJECTS, st.lists(st.sampled_from(SEPARATORS), min_size=1), st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(PIECES + SEPARATORS)), max_size=2))
def test_the_quick_path_agrees_with_the_lexer_on_any_tokens(pieces, separators, damage):
    """Objects of every kind of token, with every kind of white space between, some damaged."""
    for at, piece in damage:
        pieces = pieces[:at] + [piece] + pieces[at:]
    text = "".join(p + separators[i % len(separators)] for i, p in enumerate(pieces)).encode("latin-1")
    got = quick(text)
    assert got is None or got == lexed(text)


ESCAPED = ["a", " ", "\\(", "\\)", "\\\\", "\\n", "\\r", "\\t", "\\b", "\\f", "\\0", "\\12", "\\123", "\\777", "\\8",
           "\\\r\n", "\\\r", "\\\n", "\\x", "(b)", "( )", "\r\n", "\x00"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ESCAPED), max_size=12))
def test_strings_shown_unescape_as_literal_strings_do(parts):
    inside = "".join(parts).encode("latin-1")
    assert re.fullmatch(pdftext._IN_STR, inside, re.S)  # what the content-stream pattern matches
    assert pdftext._unescape(inside) == syntax._literal(inside + b")", 0)[0]


def test_objects_whose_text_holds_stream_or_endobj_are_read_whole():
    """The quick path takes an object's text up to the first 'stream' or 'endobj': a name
    or a string holding either word leaves the text unclosed, and the Lexer reads it."""
    objects = [b"<< /Type /streamX /N 1 >>", b"<< /T (no endobj here) /N 2 >>", b"<< /T (a stream) /N 3 >>",
               b"[ /endobjX 4 ]", b"<</A/B/N 5>>"]
    doc = Document(pdf(objects))
    assert doc.notes == []
    for i, text in enumerate(objects, 1):
        assert plain(doc.get(i)) == lexed(text)[0]


# -- what is remembered between documents --------------------------------------
def rewrite_tounicode(data: bytes, change) -> bytes:
    """The PDF with its font's ToUnicode stream replaced by change(stream) (a new stream, or raw bytes)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        font.ToUnicode = change(pdf, font.ToUnicode)
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def test_a_damaged_font_map_is_reported_after_a_good_one():
    """Both maps written plainly: their bytes differ only from the 'e' on."""
    good = rewrite_tounicode(one_cv_page(), lambda pdf, stream: pikepdf.Stream(pdf, stream.read_bytes()))
    assert check_pdf(good).ok

    def lose_e(pdf, stream):  # 'e' maps to nothing: five characters of the text layer are lost
        text = stream.read_bytes().replace(b"<65> <0065>", b"<65> <0000>")
        return pikepdf.Stream(pdf, text)
    damaged = rewrite_tounicode(good, lose_e)
    report = check_pdf(damaged)
    assert "5 characters of the text layer have no Unicode mapping" in messages(report)
    assert "does not contain the section title “Experience”" in messages(report)
    assert check_pdf(good).ok  # and the good one, again, as before
    assert check_pdf(damaged).problems == report.problems


def test_the_same_map_bytes_under_another_filter_are_read_again():
    """The memo's key is the stream's filters and its exact bytes: the same (compressed)
    bytes without /Filter are another map (none that can be read: every code is lost)."""
    good = one_cv_page()
    assert check_pdf(good).ok

    def unfiltered(pdf, stream):
        return pikepdf.Stream(pdf, stream.read_raw_bytes())  # the compressed bytes, as they are
    damaged = rewrite_tounicode(good, unfiltered)
    with pikepdf.open(io.BytesIO(good)) as a, pikepdf.open(io.BytesIO(damaged)) as b:
        raw = [next(iter(p.pages[0].Resources.Font.values())).ToUnicode.read_raw_bytes() for p in (a, b)]
    assert raw[0] == raw[1]
    text = messages(check_pdf(damaged))
    assert "characters of the text layer have no Unicode mapping" in text
    assert "the text layer does not contain the name “Ada Lovelace”" in text
    assert check_pdf(good).ok


def test_two_documents_in_turn_each_get_their_own_report():
    ada, grace = one_cv_page(), one_cv_page("Grace Hopper", author="Grace Hopper")
    first = [check_pdf(ada), check_pdf(grace)]
    again = [check_pdf(grace), check_pdf(ada)][::-1]
    for a, b in zip(first, again):
        assert a.ok and b.ok
        assert (a.name, a.chars, a.outline) == (b.name, b.chars, b.outline)
    assert first[0].name == "Ada Lovelace" and first[1].name == "Grace Hopper"


def test_what_is_remembered_is_bounded():
    for i in range(3 * pdftext._CMAPS_MAX):
        stream = syntax.Stream({}, b"1 begincodespacerange <00> <FF> endcodespacerange\n"
                                    b"1 beginbfchar <01> <%04X> endbfchar" % (0x41 + i))
        cmap = pdftext._tounicode(stream)
        assert cmap.map == {1: chr(0x41 + i)} and cmap.width == 1
        assert len(pdftext._CMAPS) <= pdftext._CMAPS_MAX
    for i in range(5000):
        assert Lexer(b"/N%d" % i).object() == Name(f"N{i}")
    assert len(syntax._NAMES) <= 4096


def test_an_unreadable_map_is_remembered_as_unreadable():
    stream = syntax.Stream({"Filter": Name("FlateDecode")}, b"not deflated")
    for _ in range(2):
        cmap = pdftext._tounicode(stream)
        assert cmap.map is None and cmap.width is None


# -- damaged or unusual Unicode maps (foreign PDFs given to `cv-builder check`) ------------
def cmap(body: bytes) -> bytes:
    return b"begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" + body + b"\nendcmap\n"


def test_a_range_whose_text_runs_past_ffff_gives_no_text_not_an_error():
    out = pdftext._parse_cmap(cmap(b"1 beginbfrange\n<00> <05> <FFFE>\nendbfrange"))
    assert [out[c] for c in range(6)] == ["\ufffe", "\uffff", "\ufffd", "\ufffd", "\ufffd", "\ufffd"]


def test_a_huge_or_backward_range_is_bounded():
    out = pdftext._parse_cmap(cmap(b"2 beginbfrange\n<00000000> <FFFFFFFF> <0041>\n<0010> <0001> <0042>\nendbfrange"))
    assert len(out) == 0x10000 and out[0] == "A" and out[1] == "B"


def test_halves_of_a_surrogate_pair_in_two_entries_do_not_shift_the_rest():
    out = pdftext._parse_cmap(cmap(b"3 beginbfchar\n<01> <D83D>\n<02> <DE00>\n<03> <0041>\nendbfchar\n"
                                   b"1 beginbfchar\n<04> <D83DDE00>\nendbfchar"))
    assert out == {1: "\ufffd", 2: "\ufffd", 3: "A", 4: "\U0001F600"}


def test_a_map_that_cannot_be_read_is_a_problem_not_a_traceback(monkeypatch):
    def overflow(data, budget=None):
        raise OverflowError("int too big to convert")

    monkeypatch.setattr(pdftext, "_parse_cmap", overflow)
    monkeypatch.setattr(pdftext, "_CMAPS", {})
    # without its map, text outside ASCII cannot be read back: the name is not found in it
    report = check_pdf(one_cv_page("Ωmega Ψ", author="Ωmega Ψ"))
    assert "the text layer does not contain the name “Ωmega Ψ”" in messages(report)
    assert "damaged" not in messages(report)
