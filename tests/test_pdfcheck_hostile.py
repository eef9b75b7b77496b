"""`cv-builder check` on hostile and damaged PDFs, each crafted here byte by byte.

Any file is answered within the reader's limits (cv_builder/pdfcheck/budget.py:
at most 1.5 s of CPU for the check, and, proved here, at most 200 MiB) or refused
with a message that names the limit; never a traceback, never exit 3. Each file
comes from a finding (issues 19 and 20, or a review of the reader), and each test
failed before the reader was bounded.

The command runs in a child process whose address space is capped at 1 GiB, so
that a regression fails the test instead of taking the machine, and whose peak
memory (its VmHWM) is measured. A time limit on the child is a
generous bound on tiny files (the unbounded reader took 40 s to forever on
them), not a timing.
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import subprocess
import sys
import threading
import zlib

import pikepdf
import pytest

from conftest import ROOT
from craft import damaged, one_cv_page, one_page, pdf, stream, zeros

MAX_MIB = 200


# -- writing PDFs ------------------------------------------------------------------------------
# -- running the check -------------------------------------------------------------------------
def check(path, timeout: float = 30) -> tuple[int, str, float]:
    """`cv-builder check path` in a child capped at 1 GiB: (exit code, output, peak MiB).

    The peak is the child's own high-water mark (VmHWM), written as it exits: its
    ru_maxrss would count the memory of this process, which it is forked from."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    out = path.parent / f"{path.name}.out"
    peak = path.parent / f"{path.name}.peak"
    code = ("import atexit, sys\n"
            "def peak():\n"
            "    status = open('/proc/self/status').read()\n"
            f"    open({str(peak)!r}, 'w').write(status.split('VmHWM:')[1].split()[0])\n"
            "atexit.register(peak)\n"
            f"sys.argv = ['cv-builder', 'check', {str(path)!r}]\n"
            "from cv_builder.cli import run\n"
            "run()\n")
    with open(out, "wb") as sink:
        child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
                                 preexec_fn=cap)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, _ = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(errors="replace")
    assert child.returncode != -9, f"no answer in {timeout:g} s"
    return child.returncode, text, int(peak.read_text()) / 1024 if peak.exists() else float("inf")


def answered(path, *expected: str) -> str:
    """The check's output on the file at path, which must be a report (exit 1, no traceback,
    within 200 MiB) holding each of the expected messages."""
    code, text, mib = check(path)
    assert "Traceback" not in text and "internal error" not in text, text[-2000:]
    assert code == 1, text[-2000:]
    assert mib <= MAX_MIB, f"{mib:.0f} MiB"
    for message in expected:
        assert message in text, text[-2000:]
    return text


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


TOO_LARGE = "it is too large to check: "


# -- decompression ---------------------------------------------------------------------------
def test_a_flate_bomb_is_refused_after_a_few_megabytes(tmp_path):
    """Issue 20: a 13.7 KB file grew to 5.8 GB, then exit 3 (MemoryError). Here 3 KB that
    would expand to 1 GiB: a content stream compressed twice."""
    bomb = zlib.compress(zeros(1024), 9)
    path = write(tmp_path, "bomb.pdf", one_page(stream(bomb, b"/Filter [/FlateDecode /FlateDecode]")))
    assert path.stat().st_size < 4000
    answered(path, TOO_LARGE + "a stream (object 4) expands to more than 8 MB")


def test_streams_that_expand_together_are_refused(tmp_path):
    """Issue 19: a 394 KB file whose streams expand cost 630 MB. Here a page of a hundred
    content streams, each 8 MiB (within the limit for one stream) from 8 KB."""
    n = 100
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    parts = [stream(zeros(8), b"/Filter /FlateDecode") for _ in range(n)]
    path = write(tmp_path, "many.pdf", one_page(b"[" + refs + b"]", more=tuple(parts)))
    answered(path, TOO_LARGE + "its streams expand to more than 32 MB in all")


def test_a_tounicode_bomb_is_refused(tmp_path):
    """Issue 20: a ToUnicode map cost 6 GB and 23 s. Here 2,000 ranges of 65,536 codes each
    (four-byte codes: none overlaps another), 10 KB compressed."""
    ranges = b"".join(b"<%08X> <%08X> <0041>\n" % (i << 16, (i << 16) | 0xFFFF) for i in range(2000))
    cmap = (b"begincmap\n1 begincodespacerange\n<00000000> <FFFFFFFF>\nendcodespacerange\n"
            b"2000 beginbfrange\n" + ranges + b"endbfrange\nendcmap")
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>"
    path = write(tmp_path, "tounicode.pdf", one_page(
        stream(b"BT /F1 12 Tf <00000001> Tj ET"), b"<< /Font << /F1 5 0 R >> >>",
        (font, stream(zlib.compress(cmap), b"/Filter /FlateDecode"))))
    answered(path, TOO_LARGE + "its fonts' Unicode maps have more than 256,000 entries")


# -- walks: each form once -------------------------------------------------------------------
def test_a_form_that_draws_itself_is_damage_not_a_hang(tmp_path):
    """Issue 20: a 576-byte file whose form XObject draws itself 8 times took 58 s."""
    form = stream(b"/X Do " * 8, b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                                 b"/Resources << /XObject << /X 5 0 R >> >>")
    path = write(tmp_path, "form.pdf", one_page(stream(b"/X Do " * 8), b"<< /XObject << /X 5 0 R >> >>", (form,)))
    answered(path, "the file is damaged: the form object 5 draws itself: a reader following it would never finish")


def test_a_form_drawn_many_times_is_read_once(tmp_path):
    """No loop, but eight forms, each drawing the next eight times: 8⁸ = 16.7 million
    drawings of the last one, unless each form's text is read once."""
    forms = []
    for i in range(8):
        draws = b"/N Do " * 8 if i < 7 else b"BT ET"
        forms.append(stream(draws, b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                                   b"/Resources << /XObject << /N %d 0 R >> >>" % (6 + i)))
    path = write(tmp_path, "forms.pdf", one_page(stream(b"/N Do " * 8), b"<< /XObject << /N 5 0 R >> >>",
                                                 tuple(forms)))
    answered(path, "page 1 has no text")


def test_forms_named_many_times_are_walked_once_for_fonts(tmp_path):
    """Issue 20: "a font walk the same": resources naming one form eight times, which names
    itself eight times, walked 8 levels deep: 8⁸ visits, though the page never draws it."""
    names = b" ".join(b"/X%d 5 0 R" % i for i in range(8))
    form = stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << %s >> >>" % names)
    path = write(tmp_path, "walk.pdf", one_page(stream(b"BT ET"), b"<< /XObject << %s >> >>" % names, (form,)))
    answered(path, "page 1 has no text")


# -- linear scans ----------------------------------------------------------------------------
def test_a_run_of_digits_is_scanned_in_linear_time(tmp_path):
    """Issue 20: the damaged-file scan took 158 s on 200,000 digits (its pattern read each
    start of the run to the end, then gave the digits back one by one)."""
    path = write(tmp_path, "digits.pdf", b"%PDF-1.4\n" + b"1" * 200_000)
    answered(path, "it cannot be read as a PDF: there is no startxref/%%EOF at the end")


def test_white_space_before_a_stray_byte_is_read_in_linear_time(tmp_path):
    """The lexer's white space before a token, `(?:\\s+|%.*)*`, could be cut up in every
    possible way when the token after it failed: 24 spaces before a stray ')' took 9 s,
    each one more twice as long. Here 40 (over a day, before)."""
    path = write(tmp_path, "spaces.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R" + b" " * 40 + b") >>"]))
    answered(path, "it has no document catalog (/Root)")


def test_unclosed_arrays_in_a_content_stream_are_read_in_linear_time(tmp_path):
    """Each of 200,000 '[' started a text array that read on to the end of the stream."""
    path = write(tmp_path, "brackets.pdf", one_page(stream(b"[" * 200_000)))
    answered(path, "page 1 has no text")


@pytest.mark.parametrize("body", [
    b"1 beginbfchar\n<01> <0041>\n" * 100_000,  # `beginbfchar(.*?)endbfchar`, searched: from each to the end
    b"1 beginbfrange\n" + b"<01> <02> [" * 100_000 + b"\nendbfrange\n",  # arrays of destinations, unclosed
], ids=["bfchar-without-end", "bfrange-arrays-unclosed"])
def test_a_damaged_unicode_map_is_read_in_linear_time(tmp_path, body):
    """100,000 blocks of a ToUnicode map that never end: each was read on to the end of the map."""
    cmap = b"begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" + body
    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /X /ToUnicode 6 0 R >>"
    path = write(tmp_path, "cmap.pdf", one_page(
        stream(b"BT /F1 12 Tf (a) Tj ET"), b"<< /Font << /F1 5 0 R >> >>",
        (font, stream(zlib.compress(cmap), b"/Filter /FlateDecode"))))
    answered(path, "the font X is not embedded")


# -- nesting, counts, loops ------------------------------------------------------------------
def test_deeply_nested_arrays_are_refused(tmp_path):
    """Five million '[' in one object: 670 MB of open lists before the end of the file."""
    path = write(tmp_path, "deep.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 5_000_000 + b" >>"]))
    answered(path, TOO_LARGE + "its objects are nested more than 64 levels deep")


def test_a_deep_page_tree_is_refused_with_its_limit(tmp_path):
    """5,000 levels of page tree: a RecursionError, shown as such, before."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (i + 3) for i in range(5000)]
    objects.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    text = answered(write(tmp_path, "tree.pdf", pdf(objects)),
                    TOO_LARGE + "its page tree is nested more than 64 levels deep")
    assert "RecursionError" not in text


def test_stream_lengths_that_point_at_each_other_are_damage(tmp_path):
    """Two streams whose /Length is the other one: reading either read the other, without end."""
    path = write(tmp_path, "lengths.pdf", one_page(b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
                                                   more=(b"<< /Length 4 0 R >>\nstream\nxx\nendstream",)))
    text = answered(path, "the file is damaged: object 4: the stream's /Length is not a length")
    assert "RecursionError" not in text


def test_too_many_objects_are_refused(tmp_path):
    """700,000 cross-reference entries in 14 MB: 4.5 s and 172 MB before, to say little."""
    n = 700_000
    head = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    data = head + b"xref\n0 %d\n0000000000 65535 f \n" % (n + 1) + b"0000000009 00000 n \n" * n
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n + 1, len(head))
    answered(write(tmp_path, "objects.pdf", data), TOO_LARGE + "it has more than 100,000 objects")


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    """300 MB (sparse: no disk used) was read whole into memory."""
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(300 << 20)
    answered(path, TOO_LARGE + "300 MB, and cv-builder check reads PDFs of up to 16 MB")


def test_a_pipe_is_refused_not_waited_for(tmp_path):
    """A FIFO (or a device) is read forever, or until a writer comes: it is not a PDF file."""
    path = tmp_path / "pipe.pdf"
    os.mkfifo(path)
    answered(path, "it is not a regular file (a device, a pipe or a socket)")


def test_the_time_limit_refuses_a_check_that_runs_over():
    """The clock is looked at as the check goes (in CPU seconds: a loaded machine does not
    make a file too large): with no time at all, even a good file is refused."""
    from cv_builder.pdfcheck import Limits, check_pdf

    report = check_pdf(one_cv_page(), limits=Limits(seconds=0))
    assert [p.message for p in report.problems] == [TOO_LARGE + "reading it takes more than 0 s"]
    assert check_pdf(one_cv_page()).ok


def test_a_file_at_every_limit_at_once_stays_within_200_mib(tmp_path):
    """Near every limit at the same time (24 MB of content decoded, 240,000 operations,
    211,200 map entries, 240,000 tokens): answered, and within 200 MiB."""
    pages, more = [], []
    num = 3 + 4  # catalog 1, pages 2, four pages 3..6, then the rest
    spaces = zlib.compress(b" " * (8 << 20), 9)
    contents = [stream(spaces, b"/Filter /FlateDecode") for _ in range(3)]
    contents.append(stream(zlib.compress(b"BT /F1 12 Tf " + b"<0001> Tj " * 240_000 + b"ET"), b"/Filter /FlateDecode"))
    for i, content in enumerate(contents):
        pages.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                     b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (num + i, num + 4))
    more += contents
    ranges = b"".join(b"<%04X0000> <%04XFFFF> <0041>\n" % (i, i) for i in range(3))
    ranges += b"<00030000> <000338FF> <0041>\n"  # 3 × 65,536 + 14,592 = 211,200 entries
    cmap = b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n4 beginbfrange\n" + ranges + b"endbfrange\n"
    more.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode %d 0 R "
                b"/Names [%s] >>" % (num + 5, b" ".join(b"/n%d" % i for i in range(240_000))))
    more.append(stream(zlib.compress(cmap), b"/Filter /FlateDecode"))
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    tree = b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R] /Count 4 >>"
    path = write(tmp_path, "limits.pdf", pdf([catalog, tree, *pages, *more]))
    code, text, mib = check(path)
    assert code == 1 and "Traceback" not in text and "internal error" not in text, text[-2000:]
    assert mib <= MAX_MIB, f"{mib:.0f} MiB"


# -- damage that passed (issue 20, item 10) ----------------------------------------------------
def _qpdf_damage(data: bytes) -> list[str]:
    """What qpdf (through pikepdf) finds wrong: warnings on opening and in its syntax
    check, and streams it cannot decode."""
    try:
        with pikepdf.open(io.BytesIO(data)) as doc:
            found = [w for w in doc.check_pdf_syntax() if "WARNING" in w or "ERROR" in w]
            for obj in doc.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        obj.read_bytes()
                    except pikepdf.PdfError as exc:
                        found.append(str(exc))
            return found
    except pikepdf.PdfError as exc:
        return [str(exc)]


def _messages(data: bytes) -> list[str]:
    from cv_builder.pdfcheck import check_pdf

    return [p.message for p in check_pdf(data).problems]


def test_the_undamaged_file_passes():
    good = one_cv_page()
    assert _messages(good) == [] and _qpdf_damage(good) == []


def test_a_font_program_that_cannot_be_decompressed_is_damage():
    good = one_cv_page()
    with pikepdf.open(io.BytesIO(good)) as doc:
        descendant = next(iter(doc.pages[0].Resources.Font.values()))
        program = (descendant.get("/DescendantFonts") or [descendant])[0].FontDescriptor.FontFile2
        num = program.objgen[0]
    start = good.index(b"stream", good.index(b"\n%d 0 obj" % num)) + 7
    damaged = good[:start + 50] + b"\xff" * 8 + good[start + 58:]
    assert len(damaged) == len(good) and _qpdf_damage(damaged)
    assert any(m.startswith("the font SourceSans3-Regular cannot be drawn: its compressed data is damaged")
               for m in _messages(damaged)), _messages(damaged)


def test_a_missing_endobj_is_damage():
    good = one_cv_page()
    at = good.index(b"endobj")
    num = int(re.findall(rb"(\d+) 0 obj", good[:at])[-1])
    damaged = good[:at] + b"      " + good[at + 6:]
    assert _qpdf_damage(damaged)
    assert f"the file is damaged: object {num} has no endobj" in _messages(damaged)


def test_a_loop_of_cross_reference_tables_is_damage():
    good = one_cv_page()
    xref = int(re.search(rb"startxref\s+(\d+)", good).group(1))
    damaged = good.replace(b"trailer\n<<", b"trailer\n<< /Prev %d" % xref)
    assert _qpdf_damage(damaged)
    assert ("the file is damaged: the cross-reference tables loop (a /Prev points back at a table already read)"
            in _messages(damaged))


def test_a_wrong_stream_length_is_reported():
    """Damage found while the rules read the file (here: a page's content, whose /Length
    is short) was noted, and the note was never shown."""
    good = one_cv_page()
    m = re.search(rb"/Length (\d+)", good)
    shorter = str(int(m.group(1)) - 5).encode().rjust(len(m.group(1)))
    damaged = good[:m.start(1)] + shorter + good[m.end(1):]
    num = int(re.findall(rb"(\d+) 0 obj", good[:m.start()])[-1])
    assert _qpdf_damage(damaged)
    assert f"the file is damaged: object {num}: the stream /Length is wrong" in _messages(damaged)


def test_what_qpdf_calls_damaged_the_check_does_too(build_pdf):
    """Issue 20: of 410 damaged PDFs, 13 that qpdf calls damaged passed the check. Here
    300 damaged copies of a CV: every one that qpdf calls damaged has a problem reported
    (the check finds more, such as a checksum that differs, which qpdf does not look at)."""
    data = build_pdf()[0].path.read_bytes()
    rng = random.Random(20)
    missed = []
    for i in range(300):
        mutant = damaged(data, rng, rng.randint(1, 3), keywords=True)
        if _qpdf_damage(mutant) and not _messages(mutant):
            missed.append(i)
    assert missed == []
