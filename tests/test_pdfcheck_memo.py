"""The self-check remembers what it read of the PDFs of the builds before (objects by their
text, pages by their content, the structure tree by its object stream: see
cv_builder/pdfcheck/reader.py, text.py, tags.py). What it remembers must never change what
it finds: each test here checks a PDF after a clean one filled the memos, and holds the
report to the one a check that remembers nothing gives, and to the finding the damage
must give. Damage is made in the bytes of the seed's own PDF, object by object (the rest
of the file as the build wrote it, so that the memos do have what a rebuild would find).
"""

from __future__ import annotations

import re
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from cv_builder import memo
from cv_builder.pdfcheck import check_file, check_pdf
from cv_builder.pdfcheck import reader, tags, text


@pytest.fixture(scope="module")
def seed():
    """The seed CV rendered in memory: (its PDF bytes, the Expect the build checks it against)."""
    from cv_builder import schema
    from cv_builder.build import render_cv

    rendered = render_cv(schema.load(DATA), "full")
    return rendered.pdf, rendered.expect


def found(report) -> tuple:
    """All a report says (what `check` prints, and what the build acts on)."""
    return ([(p.severity, p.message) for p in report.problems], report.pages, report.chars,
            sorted(f.base for f in report.fonts), report.outline, report.links, report.name,
            report.tags.line() if report.tags else None)


def cold(data: bytes, expect) -> tuple:
    """What a check that remembers nothing finds."""
    memo.clear()
    try:
        return found(check_pdf(data, expect, "cv.pdf"))
    finally:
        memo.clear()


def alike(data: bytes, expect, before: bytes, clean: bool = True) -> tuple:
    """What the check finds in data right after it checked ``before``, which must be what a
    check that remembers nothing finds."""
    report = warm(data, expect, before, clean)
    assert report == cold(data, expect)
    return report


def said(report: tuple) -> str:
    """The messages of a report (:func:`found`), a line each."""
    return "\n".join(message for _, message in report[0])


def warm(data: bytes, expect, before: bytes, clean: bool = True) -> tuple:
    """What the check finds in data right after it checked ``before`` (a build before; ``clean``:
    which it passed)."""
    memo.clear()
    memo.new_build()
    assert check_pdf(before, expect, "cv.pdf").ok or not clean
    memo.new_build()
    try:
        return found(check_pdf(data, expect, "cv.pdf"))
    finally:
        memo.clear()


# -- editing the seed's PDF object by object ------------------------------------------
def body(data: bytes, num: int) -> bytes:
    """What object ``num`` holds: from after 'num 0 obj' to 'endobj'."""
    m = re.search(rb"(?m)^%d 0 obj" % num, data)
    return data[m.end():data.index(b"endobj", m.end())]


def replaced(data: bytes, num: int, new: bytes) -> bytes:
    """The PDF with object ``num`` holding ``new``, its cross-reference offsets put right (the
    classic tables at the end, /Prev, /XRefStm and startxref), nothing else changed."""
    m = re.search(rb"(?m)^%d 0 obj" % num, data)
    begin = m.end()
    end = data.index(b"endobj", begin)
    delta = len(new) - (end - begin)
    startxref = int(re.search(rb"startxref\s+(\d+)\s*%%EOF\s*$", data).group(1))
    tables = min([startxref] + [int(p) for p in re.findall(rb"/Prev (\d+)", data[-4096:])])
    assert tables > end  # (the tables follow every object)

    def moved(offset: bytes, width: int = 0) -> bytes:
        n = int(offset)
        n = n + delta if n > begin else n
        return b"%0*d" % (width, n)

    tail = data[tables:]
    tail = re.sub(rb"(?m)^(\d{10})( \d{5} n)", lambda e: moved(e.group(1), 10) + e.group(2), tail)
    tail = re.sub(rb"/(Prev|XRefStm) (\d+)", lambda e: b"/" + e.group(1) + b" " + moved(e.group(2)), tail)
    tail = re.sub(rb"startxref\s+(\d+)", lambda e: b"startxref\n" + moved(e.group(1)), tail)
    return data[:begin] + new + data[end:tables] + tail


def with_stream(data: bytes, num: int, content: bytes) -> bytes:
    """The PDF with stream object ``num`` holding ``content`` (compressed, as ReportLab writes it;
    its dictionary as it was, but for /Length)."""
    packed = zlib.compress(content)
    held = body(data, num)
    dictionary = re.sub(rb"/Length \d+", b"/Length %d" % len(packed), held[:held.index(b"stream", held.index(b">>"))])
    return replaced(data, num, dictionary + b"stream\n" + packed + b"endstream\n")


def stream_of(data: bytes, num: int) -> bytes:
    """The decoded content of stream object ``num``."""
    held = body(data, num)
    length = int(re.search(rb"/Length (\d+)", held).group(1))
    start = held.index(b"stream", held.index(b">>")) + len(b"stream")
    start += 2 if held[start:start + 2] == b"\r\n" else 1
    return zlib.decompress(held[start:start + length])


def page_objects(data: bytes) -> list[tuple[int, int]]:
    """(page object, its content stream object) of each page, in order."""
    kids = re.search(rb"/Kids \[ ([\d R]+)\]", data).group(1).split()
    pages = [int(n) for n in kids[0::3]]
    return [(p, int(re.search(rb"/Contents (\d+) 0 R", body(data, p)).group(1))) for p in pages]


def font_maps(data: bytes) -> dict[str, int]:
    """The ToUnicode stream object of each font, by its PostScript name without the subset tag."""
    out = {}
    for m in re.finditer(rb"(?m)^(\d+) 0 obj\s*<<\s*/BaseFont /[A-Z]{6}\+(\S+)", data):
        out[m.group(2).decode()] = int(re.search(rb"/ToUnicode (\d+) 0 R", body(data, int(m.group(1)))).group(1))
    return out


def test_the_editing_helper_makes_a_pdf_the_check_reads_as_the_build_wrote_it(seed):
    data, expect = seed
    pages = page_objects(data)
    assert len(pages) == 3
    assert with_stream(data, pages[1][1], stream_of(data, pages[1][1])) == data  # (written as ReportLab does)
    longer = replaced(data, pages[0][0], body(data, pages[0][0]) + b" " * 100)  # (the offsets after it move)
    assert longer != data and check_pdf(longer, expect).ok and check_file_bytes(longer).ok


def check_file_bytes(data: bytes):
    """`cv-builder check` of the bytes (a file from elsewhere: also every object read)."""
    return check_pdf(data, None, "cv.pdf", thorough=True)


# -- the same bytes, an edit --------------------------------------------------------
def test_the_same_pdf_checked_again_gives_the_same_report(seed):
    data, expect = seed
    memo.clear()
    first = found(check_pdf(data, expect, "cv.pdf"))
    assert len(text._PAGES) == 3 and len(reader._OBJECTS) > 20 and len(tags._STREAMS) == 1
    for _ in range(3):
        memo.new_build()
        assert found(check_pdf(data, expect, "cv.pdf")) == first
    assert first == cold(data, expect) and first[0] == []


def test_the_memos_are_used_and_forget_what_two_builds_did_not_use(seed, monkeypatch):
    data, expect = seed
    memo.clear()
    check_pdf(data, expect)
    read = []
    run = text.PageText._run
    monkeypatch.setattr(text.PageText, "_run", lambda self, *a: read.append(1) or run(self, *a))
    memo.new_build()
    check_pdf(data, expect)
    assert read == []  # (nor the forms they draw: what reading them found is the pages')
    memo.new_build()
    memo.new_build()
    assert len(text._PAGES) == len(reader._OBJECTS) == len(tags._STREAMS) == 0
    read.clear()
    check_pdf(data, expect)
    assert len(read) == 5


def test_an_edited_first_page_is_read_again_and_the_others_come_from_the_memo(seed):
    data, expect = seed
    (_, first), *_ = page_objects(data)
    content = stream_of(data, first)
    assert b"(Builds generative models that actually ship.) Tj" in content
    edited = with_stream(data, first, content.replace(b"actually ship.)", b"really ship.)"))
    assert warm(edited, expect, data) == cold(edited, expect)
    assert warm(edited, expect, data)[0] == []


# -- damage after a clean build: found, whatever the memos hold ---------------------
def test_a_damaged_second_page_is_found_broken_after_a_clean_check(seed):
    data, expect = seed
    (_, c1), (_, c2), _ = page_objects(data)
    content = stream_of(data, c2)
    # text drawn outside any marked content: the first marked-content sequence of page 2 unmarked
    m = re.search(rb"/P<</MCID (\d+)>>BDC (.*?) EMC", content, re.S)
    damaged = with_stream(data, c2, content[:m.start()] + m.group(2) + content[m.end():])
    report = alike(damaged, expect, data)
    messages = said(report)
    assert "page 2: 1 drawing (text, lines, images) is neither an element's content nor an artifact" in messages
    assert "the structure tree lists content that no page draws (page 2, MCID " in messages


def test_a_page_drawing_another_pages_content_is_read_as_that_content_in_its_own_place(seed):
    """Keyed by the content's bytes, not by the page's place: page 2 drawing page 1's content
    (which the memo holds, read as page 1) gives what reading it there gives."""
    data, expect = seed
    (p1, c1), (p2, c2), _ = page_objects(data)
    moved = replaced(data, p2, body(data, p2).replace(b"/Contents %d 0 R" % c2, b"/Contents %d 0 R" % c1))
    report = alike(moved, expect, data)
    messages = said(report)
    # (page 2 draws MCIDs 0-42 as page 1 does, and its tree lists more: MCIDs are counted per page)
    assert "the structure tree lists content that no page draws (page 2, MCID 43; " in messages
    assert "the text layer does not contain the section title “Shipped models”" in messages


def test_a_font_whose_unicode_map_changed_is_read_again_though_the_pages_did_not(seed):
    """The pages' content is byte for byte as before; the regular face's Unicode map is the
    light face's: its text comes out as other letters, and the name and titles are missing."""
    data, expect = seed
    maps = font_maps(data)
    swapped = replaced(data, maps["SourceSans3-Regular"], body(data, maps["SourceSans3-Light"]))
    report = alike(swapped, expect, data)
    errors = [message for severity, message in report[0] if severity == "error"]
    # (the light face's subset has fewer characters: the regular face's others read as �)
    assert errors == ["50 characters of the text layer have no Unicode mapping: a parser reads them as �"]


def test_a_font_missing_from_the_resources_of_a_page_read_before(seed):
    """The content as before; the page's fonts renamed: each name the content draws with is missing."""
    data, expect = seed
    (p1, _), _, _ = page_objects(data)
    fonts = re.search(rb"/Font (\d+) 0 R", body(data, p1)).group(1)
    renamed = replaced(data, int(fonts), body(data, int(fonts)).replace(b"/F3+0", b"/F9+0"))
    report = alike(renamed, expect, data)
    assert any("draws text in the font /F3+0, which it does not have (a missing font)" in message
               for _, message in report[0])


def test_a_changed_form_is_read_again_on_a_page_whose_content_did_not_change(seed):
    data, expect = seed
    form = int(re.search(rb"/FormXob\.\S+ (\d+) 0 R", body(data, page_objects(data)[1][0])).group(1))
    content = stream_of(data, form)
    assert b"(2 / 3) Tj" in content
    changed = with_stream(data, form, content.replace(b"/F3+0", b"/F7+0"))
    report = alike(changed, expect, data)
    assert ("error", "page 2 draws text in the font /F7+0, which it does not have (a missing font)") in report[0]


def test_a_damaged_structure_tree_is_found_after_a_clean_check(seed):
    """The structure tree's object stream rewritten with an element that names the wrong parent."""
    data, expect = seed
    objstm = int(re.search(rb"(?m)^(\d+) 0 obj\s*<<\s*/Type /ObjStm", data).group(1))
    held = body(data, objstm)
    first = int(re.search(rb"/First (\d+)", held).group(1))
    decoded = stream_of(data, objstm)
    m = re.search(rb"<< /S /P /P (\d+) 0 R", decoded[first:])
    wrong = b"%d" % (int(m.group(1)) + 1)
    assert len(wrong) == len(m.group(1))  # (offsets in the stream unchanged)
    at = first + m.start(1)
    decoded = decoded[:at] + wrong + decoded[at + len(wrong):]
    damaged = with_stream(data, objstm, decoded)
    report = alike(damaged, expect, data)
    assert any("an element does not name its parent (/P)" in message for _, message in report[0])


def test_two_objects_of_the_same_text_stay_two_objects(seed):
    """The check tells direct objects apart by identity: two objects written alike, read
    from the memo, must not become one (a structure element reached twice is a loop)."""
    data, expect = seed
    memo.clear()
    check_pdf(data, expect)
    doc = reader.Document(data, memo=True)
    (p1, _), (p2, _), _ = page_objects(data)
    forms = re.findall(rb"/FormXob\.\S+ (\d+) 0 R", data)
    a, b = (doc.get(int(n)) for n in forms[:2])
    dictionaries = [body(data, int(n)).split(b"stream")[0] for n in forms[:2]]
    assert dictionaries[0] == dictionaries[1]  # (the two running feet: written alike, but for their content)
    assert a.dict == b.dict and a.dict is not b.dict and a.dict["Resources"] is not b.dict["Resources"]
    memo.clear()


# -- a file from elsewhere ------------------------------------------------------------
def test_a_file_from_elsewhere_is_read_without_the_memos(seed, tmp_path, monkeypatch):
    data, expect = seed
    memo.clear()
    check_pdf(data, expect)

    def used(*args):
        raise AssertionError("a memo of the build's own PDFs was used for a file from elsewhere")
    for cache in (reader._OBJECTS, text._PAGES, tags._STREAMS):
        monkeypatch.setattr(cache, "get", used)
        monkeypatch.setattr(cache, "put", used)
    (tmp_path / "cv.pdf").write_bytes(data)
    assert check_file(tmp_path / "cv.pdf").ok
    assert check_pdf(data).ok
    (_, c1), (_, c2), _ = page_objects(data)
    content = stream_of(data, c2)
    m = re.search(rb"/P<</MCID (\d+)>>BDC (.*?) EMC", content, re.S)
    (tmp_path / "bad.pdf").write_bytes(with_stream(data, c2, content[:m.start()] + m.group(2) + content[m.end():]))
    assert not check_file(tmp_path / "bad.pdf").ok
    memo.clear()


# -- plain speed-ups that must find what they found before ----------------------------
PIECES = [b"S", b"s", b"f", b"F", b"B", b"b", b"*", b"sh", b"BI", b"BT", b"Tf", b"q", b"1", b"re", b"(", b")",
          b"(S)", b"<", b">", b"[", b"]", b"/", b"%", b"{", b"}", b" ", b"\n", b"\r", b"\t", b"\x00", b"\x0b",
          b"\x0c", b"\\", b"n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_what_paints_outside_marked_content_is_counted_as_the_regular_expression_counts_it(pieces):
    data = b"".join(pieces)
    by_expression = sum(1 for m in text._PAINT.finditer(data) if m.lastgroup == "paint")
    assert text._painted(data, [(0, len(data))]) == (by_expression if data.strip() and len(data) > 1 else 0)


def tagged_page(element: bytes) -> bytes:
    """A one-page tagged PDF (crafted byte by byte: no object streams) whose one paragraph
    element, object 6, is ``element``; the rest written alike each time."""
    from craft import pdf
    content = b"BT /P <</MCID 0>> BDC /F1 12 Tf 72 700 Td (Ada Lovelace) Tj EMC ET"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 4 0 R /MarkInfo << /Marked true >> /Lang (en) >>",
                b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents 8 0 R /StructParents 0 "
                b"/Resources << /Font << /F1 9 0 R >> >> >>",
                b"<< /Type /StructTreeRoot /K 5 0 R /ParentTree 7 0 R >>",
                b"<< /S /Document /P 4 0 R /K [ 6 0 R ] >>",
                element,
                b"<< /Nums [ 0 [ 6 0 R ] ] >>",
                b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def test_a_walk_of_the_tree_is_used_again_only_over_the_very_same_objects():
    """The tree's root and its first element written as before; the paragraph under them
    names the wrong parent: the walk is made again, and says so."""
    from cv_builder.pdfcheck import Expect
    expect = Expect("Ada Lovelace", [], pages=1, tagged=True)
    good = tagged_page(b"<< /S /P /P 5 0 R /Pg 3 0 R /K 0 >>")
    bad = tagged_page(b"<< /S /P /P 4 0 R /Pg 3 0 R /K 0 >>")
    assert not [m for _, m in cold(good, expect)[0] if "structure tree" in m or "(/P)" in m]
    report = alike(bad, expect, good, clean=False)  # (its font is not embedded)
    assert ("error", "an element does not name its parent (/P): a reader going up the tree gets lost (P, object 6)") \
        in report[0]


def test_pages_in_another_order_are_walked_again(seed):
    """The same tree, the pages listed in another order."""
    data, expect = seed
    pages = [p for p, _ in page_objects(data)]
    listing = b"/Kids [ %s ]" % b" ".join(b"%d 0 R" % p for p in pages)
    assert listing in data
    swapped = b"/Kids [ %s ]" % b" ".join(b"%d 0 R" % p for p in [pages[1], pages[0], pages[2]])
    tree = int(re.search(rb"(?m)^(\d+) 0 obj\s*<<\s*/Count 3 /Kids", data).group(1))
    moved = replaced(data, tree, body(data, tree).replace(listing, swapped))
    report = alike(moved, expect, data)
    # (still whole: each element names its page, each page its content; a walk of the pages in
    # their first order would hold page 1's MCIDs to page 2's content)
    assert report[0] == []


def spent(data: bytes, expect) -> tuple:
    """What the check of data pays from its budget, kind by kind (read as the build's own PDF)."""
    from cv_builder.pdfcheck import rules
    doc = reader.Document(data, memo=True)
    rules._check(doc, expect, rules.Report("cv.pdf"), False)
    b = doc.budget
    return b.decoded, b.tokens, b.operations, b.text_chars, b.verified


def test_what_comes_from_the_memos_is_paid_for_as_reading_it_would_be(seed):
    """The limits hold for the build's own PDF too: a check that remembers pays what one that
    reads everything pays, unchanged and after an edit."""
    data, expect = seed
    (_, first), *_ = page_objects(data)
    edited = with_stream(data, first, stream_of(data, first).replace(b"actually ship.)", b"really ship.)"))
    memo.clear()
    cold_data, cold_edited = spent(data, expect), spent(edited, expect)
    memo.clear()
    memo.new_build()
    spent(data, expect)
    memo.new_build()
    assert spent(data, expect) == cold_data
    assert spent(edited, expect) == cold_edited
    assert cold_data[0] > 30_000 and cold_data[2] > 1000 and cold_data[3] > 5000
    memo.clear()


def test_a_page_whose_content_lost_its_filter_is_read_again(seed):
    """The same encoded bytes, no /Filter: the page shows them as they are (no text it could
    read); a page kept by its encoded bytes alone would still read as it did."""
    data, expect = seed
    _, (p2, c2), _ = page_objects(data)
    unfiltered = replaced(data, c2, body(data, c2).replace(b"/Filter [ /FlateDecode ] ", b"", 1))
    report = alike(unfiltered, expect, data)
    assert any(m.startswith("page 2 has no text") or "section title “Shipped models”" in m for _, m in report[0])
