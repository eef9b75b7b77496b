"""The self-check: every build checks its own PDF and warns; `cv-builder check PDF`
runs the same checks on a file. It must pass the tool's own PDFs and catch broken
ones: an unembedded or missing font, a bold face that came out as the regular one,
a missing name or section, a bad link, a damaged file."""

import io
import subprocess
import sys

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from conftest import DATA, LAYOUTS, ROOT
from cv_builder import build as build_module
from cv_builder.pdfcheck import Expect, check_file, check_pdf
from cv_builder.pdfcheck.rules import squash
from cv_builder.cli import main

REGULAR = ROOT / "fonts" / "SourceSans3-Regular.ttf"


def run(*args):
    return subprocess.run([sys.executable, "-m", "cv_builder", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def made_with_reportlab(draw, author="Ada Lovelace", outline=("Experience",), face="Helvetica") -> bytes:
    """A one-page PDF drawn directly with ReportLab: author, outline and language like a CV's."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, lang="en", initialFontName=face)
    if author:
        c.setAuthor(author)
    draw(c)
    for i, title in enumerate(outline):
        c.bookmarkPage(f"s{i}")
        c.addOutlineEntry(title, f"s{i}")
    c.showPage()
    c.save()
    return buf.getvalue()


def font(name: str, path=REGULAR) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def messages(report) -> str:
    return "\n".join(p.message for p in report.problems)


@pytest.fixture(scope="module")
def unembedded() -> bytes:
    """The CV's words in Helvetica, a base-14 font that is never embedded."""
    def draw(c):
        c.setFont("Helvetica", 12)
        c.drawString(72, 750, "Ada Lovelace")
        c.drawString(72, 720, "Experience")
    return made_with_reportlab(draw)


@pytest.fixture(scope="module")
def collapsed(tmp_path_factory) -> bytes:
    """The bold text's font replaced by a second copy of the Regular face.

    (ReportLab itself will not write that: registering the Regular file under the Bold
    name gives back the Regular font, see the build test below. Other programs do
    embed one face as two fonts; pikepdf makes such a file here.)
    """
    regular, bold = font("test-regular"), font("test-bold", ROOT / "fonts" / "SourceSans3-Bold.ttf")

    def draw(c):
        c.setFont(regular, 12)
        c.drawString(72, 750, "Ada ")
        c.setFont(bold, 12)
        c.drawString(100, 750, "Lovelace")
        c.setFont(regular, 12)
        c.drawString(72, 720, "Experience")
    path = tmp_path_factory.mktemp("collapsed") / "cv.pdf"
    path.write_bytes(made_with_reportlab(draw, face=regular))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fonts = pdf.pages[0].Resources.Font
        keys = {str(fonts[k].BaseFont).split("+")[-1]: k for k in fonts.keys()}
        copy = pdf.make_indirect(pikepdf.Dictionary({k: v for k, v in fonts[keys["SourceSans3-Regular"]].items()}))
        fonts[keys["SourceSans3-Bold"]] = copy
        pdf.save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def good() -> bytes:
    regular = font("test-good-regular")

    def draw(c):
        c.setFont(regular, 12)
        c.drawString(72, 750, "Ada Lovelace")
        c.drawString(72, 720, "Experience")
        c.linkURL("https://example.org/ada", (72, 700, 200, 712), relative=0)
    return made_with_reportlab(draw, face=regular)


# -- the tool's own PDFs pass -------------------------------------------------
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_seed_cv_passes_its_self_check(build_pdf, layout, paper):
    pdf, result = build_pdf(layout=layout, paper=paper)
    assert result.warnings == []
    report = check_file(pdf.path)  # and the same without the build's expectations
    assert report.ok, report.summary()
    assert report.pages == len(pdf.pages)
    assert len(report.fonts) == 5 and all(f.embedded for f in report.fonts)
    assert report.name == "Dustin Podell"
    assert report.outline == [o.title for o in pdf.reader.outline]


def test_check_command_reports_ok(build_pdf):
    path = build_pdf()[0].path
    r = run("check", str(path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == f"{path}: ok"
    for word in ("3, A4", "all embedded", "SourceSans3-Bold", "Dustin Podell", "all 7 section titles",
                 "About · At a glance · Experience", "4, all valid"):
        assert word in r.stdout, word


def test_a_well_made_reportlab_pdf_passes(good):
    report = check_pdf(good, where="good.pdf")
    assert report.ok, report.summary()
    assert report.links == ["https://example.org/ada"]


def test_a_pdf_rewritten_with_object_streams_is_still_read(build_pdf, tmp_path):
    """Another tool (here qpdf, through pikepdf) may rewrite the file: the check still reads it."""
    out = tmp_path / "rewritten.pdf"
    with pikepdf.open(build_pdf()[0].path) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"/ObjStm" in out.read_bytes()
    report = check_file(out)
    assert report.ok, report.summary()
    assert len(report.outline) == 7


# -- broken PDFs are caught ----------------------------------------------------
def test_an_unembedded_font_is_caught(unembedded, tmp_path):
    report = check_pdf(unembedded, where="x.pdf")
    assert "the font Helvetica is not embedded" in messages(report)
    path = tmp_path / "helvetica.pdf"
    path.write_bytes(unembedded)
    r = run("check", str(path))
    assert r.returncode == 1
    assert f"{path}: the font Helvetica is not embedded" in r.stderr
    assert "1 problem found." in r.stderr
    assert "Traceback" not in r.stderr


def test_a_bold_collapsed_into_regular_is_caught(collapsed):
    report = check_pdf(collapsed, where="x.pdf")
    assert "the face SourceSans3-Regular is embedded as 2 different fonts" in messages(report)


def test_a_bold_face_that_is_not_bold_is_caught_against_what_the_build_drew(collapsed):
    faces = [("regular", "SourceSans3-Regular"), ("bold", "SourceSans3-Regular")]
    report = check_pdf(collapsed, Expect("Ada Lovelace", ["Experience"], 1, A4, faces))
    assert "the bold face came out as SourceSans3-Regular, which is not bold (weight 400)" in messages(report)


def test_a_face_missing_from_the_pdf_is_caught(good):
    faces = [("regular", "SourceSans3-Regular"), ("bold", "SourceSans3-Bold")]
    report = check_pdf(good, Expect("Ada Lovelace", ["Experience"], 1, A4, faces))
    assert messages(report) == "the bold face SourceSans3-Bold is not in the PDF"


def test_a_missing_font_resource_is_caught(good):
    """The page draws with a font its resources do not have (renamed here, same length)."""
    broken = good.replace(b"/F1+0 ", b"/F9+0 ", 1)
    assert broken != good
    report = check_pdf(broken)
    assert "draws text in the font /F1+0, which it does not have" in messages(report)


def test_missing_name_sections_and_pages_are_caught(good):
    report = check_pdf(good, Expect("Grace Hopper", ["Experience", "Education"], 2, A4))
    text = messages(report)
    assert "it has 1 pages, but the build laid out 2" in text
    assert "the text layer does not contain the name “Grace Hopper”" in text
    assert "the text layer does not contain the section title “Education”" in text
    assert "the outline lists ['Experience'], but the sections are ['Experience', 'Education']" in text


def test_the_wrong_paper_is_caught(good):
    report = check_pdf(good, Expect("Ada Lovelace", ["Experience"], 1, (612.0, 792.0)))
    assert messages(report) == "page 1 is A4 (595 × 842 pt), not Letter (612 × 792 pt)"


def test_bad_links_are_caught():
    def draw(c):
        c.drawString(72, 750, "Ada Lovelace Experience")
        c.linkURL("https://", (72, 700, 200, 712), relative=0)
        c.linkURL("javascript:alert(1)", (72, 680, 200, 692), relative=0)
        c.linkURL("https://example.org/empty", (72, 660, 72, 660), relative=0)
    report = check_pdf(made_with_reportlab(draw, face=font("test-good-regular")))
    text = messages(report)
    assert "page 1: the link “https://” has no host after the scheme" in text
    assert ("page 1: the link “javascript:alert(1)” uses the scheme `javascript:`; only http, https and mailto "
            "links are allowed") in text
    assert "the link “https://example.org/empty” has an empty area" in text
    # a link that goes nowhere is a broken document; one that cannot be clicked, a warning
    assert [p.severity for p in report.problems] == ["error", "error", "warning"]


def test_a_pdf_not_made_by_cv_builder_says_what_cannot_be_checked(tmp_path):
    def draw(c):
        c.drawString(72, 750, "Minutes of the meeting")
    made = tmp_path / "made.pdf"
    made.write_bytes(made_with_reportlab(draw, outline=(), face=font("test-good-regular")))
    with pikepdf.open(made) as pdf:  # rewritten by another program, without an author
        del pdf.docinfo["/Author"]
        pdf.save(tmp_path / "other.pdf")
    report = check_file(tmp_path / "other.pdf")
    text = messages(report)
    assert "no author (/Author), so the name cannot be checked" in text
    assert "it has no outline (bookmarks)" in text


@pytest.mark.parametrize("cut", [0.3, 0.97])
def test_a_truncated_pdf_is_caught(build_pdf, tmp_path, cut):
    data = build_pdf()[0].path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:int(len(data) * cut)])
    r = run("check", str(path))
    assert r.returncode == 1
    assert "truncated" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_damaged_cross_reference_table_is_caught(build_pdf):
    data = build_pdf()[0].path.read_bytes()
    table = data.find(b"\nxref\n") + 1  # the main table (the last is an update section's, empty)
    entry = table + data[table:].index(b" n") - 16  # the first object's entry: 10 digits of offset
    offset = int(data[entry:entry + 10])
    moved = data[:entry] + b"%010d" % (offset + 3) + data[entry + 10:]
    report = check_pdf(moved)
    assert report.problems[0].message == ("the file is damaged: the cross-reference table points 1 object(s) "
                                          "at the wrong offset (first: object 1)")
    garbled = data[:entry] + b"zz" + data[entry + 2:]
    assert check_pdf(garbled).problems[0].message == "the file is damaged: the cross-reference table is damaged"
    # the objects are still found (as a reader repairing the file would): everything else checks
    assert len(check_pdf(moved).problems) == 1


def test_not_a_pdf_and_no_file(tmp_path):
    r = run("check", str(DATA))
    assert r.returncode == 1
    assert "it cannot be read as a PDF: it does not start with %PDF-" in r.stderr
    r = run("check", str(tmp_path / "none.pdf"))
    assert r.returncode == 1
    assert "none.pdf: the file does not exist" in r.stderr


# -- the build warns ----------------------------------------------------------
def test_a_build_whose_bold_comes_out_regular_warns(tmp_path):
    """The bold style's font resolves to the Regular face (as ReportLab does, silently, when
    a second font of one face is registered): the build says so, and still writes the PDF."""
    out = tmp_path / "cv.pdf"
    code = ("from reportlab.pdfbase import pdfmetrics; from cv_builder.render import fonts; "
            "from cv_builder.layout import family; fam = fonts.family(family('source-sans'), family('dejavu-sans')); pdfmetrics._fonts[fam['bold']] = pdfmetrics.getFont(fam['regular']); "
            f"from cv_builder.cli import main; main(['build', {str(DATA)!r}, '-o', {str(out)!r}])")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"{out}: warning: the bold face came out as SourceSans3-Regular, which is not bold (weight 400)" \
        in r.stderr.splitlines()
    assert f"{out}: warning: the bold face" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.startswith(f"Built {out}") and out.is_file()



def test_a_build_whose_pdf_is_broken_fails_and_keeps_the_previous_pdf(monkeypatch, tmp_path, unembedded):
    """Findings that mean a broken document (severity error) stop the build: exit 1, the
    previous PDF as it was (issue 19); the others stay warnings."""
    real = build_module.render_cv

    def broken(*args, **kw):
        rendered = real(*args, **kw)
        rendered.pdf = unembedded
        return rendered

    monkeypatch.setattr(build_module, "render_cv", broken)
    out = tmp_path / "cv.pdf"
    previous = made_with_reportlab(lambda c: c.drawString(72, 750, "Ada Lovelace"))
    out.write_bytes(previous)
    result = CliRunner().invoke(main, ["build", str(DATA), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert out.read_bytes() == previous
    lines = result.stderr.splitlines()
    broken_ = f"{out}: the PDF would be broken, so it was not written: "
    assert broken_ + "the font Helvetica is not embedded" in lines
    assert broken_ + "it has 1 pages, but the build laid out 3" in lines
    assert broken_ + "the text layer does not contain the section title “Shipped models”" in lines
    assert not any("the PDF has a font the build did not draw with" in line and line.startswith(broken_)
                   for line in lines)  # (a warning: the document is whole)
    assert "Traceback" not in result.output


def test_what_breaks_a_document_is_an_error_and_the_rest_warnings(unembedded):
    """Each finding says which it is (Report.errors, Report.warnings): what the build stops on."""
    faces = [("regular", "SourceSans3-Regular"), ("bold", "SourceSans3-Bold")]
    report = check_pdf(unembedded, Expect("Grace Hopper", ["Experience", "Education"], 2, A4, faces))
    errors = {p.message for p in report.errors}
    warnings = {p.message for p in report.warnings}
    assert {"the font Helvetica is not embedded", "it has 1 pages, but the build laid out 2",
            "the text layer does not contain the name “Grace Hopper”",
            "the text layer does not contain the section title “Education”",
            "the regular face SourceSans3-Regular is not in the PDF"} <= errors
    assert {"the PDF has a font the build did not draw with: Helvetica",
            "the outline lists ['Experience'], but the sections are ['Experience', 'Education']"} <= warnings
    assert not errors & warnings and len(errors) + len(warnings) == len(report.problems)


def test_the_check_after_a_build_imports_no_pdf_library(tmp_path):
    """The self-check reads the PDF itself: a PDF library costs ~100 ms to import, on every build."""
    code = ("import sys; from cv_builder.build import build; "
            f"r = build({str(DATA)!r}, 'full', {str(tmp_path / 'cv.pdf')!r}); "
            "assert r.check_seconds > 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pypdf', 'pikepdf', 'pdfminer', 'pdfplumber', 'pypdfium2', 'fitz')))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


# -- no false alarms ----------------------------------------------------------
WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéüßøçñ ŁĳΩЖ—–·&<>'\"→€"), min_size=1,
                max_size=30).map(str.strip).filter(lambda s: len(s) > 1 and s[0].isalpha())


@st.composite
def cvs(draw):
    sections = {}
    for i in range(draw(st.integers(1, 4))):
        sections[f"s{i}"] = {
            "title": draw(WORDS).title(),
            "kind": "entries",
            "items": [{"organisation": draw(WORDS), "title": draw(WORDS), "start": 2000 + j, "end": "present",
                       "bullets": [draw(WORDS) for _ in range(draw(st.integers(0, 3)))]}
                      for j in range(draw(st.integers(1, 3)))],
        }
    return {"name": draw(WORDS).title() + " " + draw(WORDS).title(), "headline": draw(WORDS),
            "sections": sections}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=cvs(), layout=st.sampled_from(LAYOUTS))
def test_no_false_alarms_on_generated_cvs(tmp_path, data, layout):
    src = tmp_path / "cv.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True))
    if layout != "full":  # a layout that picks sections by id: let it show all of them
        spec = yaml.safe_load((ROOT / "layouts" / f"{layout}.yaml").read_text())
        spec["sections"] = list(data["sections"])
        (tmp_path / f"{layout}.yaml").write_text(yaml.safe_dump(spec))
        layout = str(tmp_path / f"{layout}.yaml")
    result = build_module.build(src, layout, tmp_path / "cv.pdf")
    assert [w for w in result.warnings if "character" not in w.message] == [], [w.format() for w in result.warnings]


def test_damaged_files_are_reported_never_crash_or_hang(build_pdf):
    """Random damage to a CV's bytes: every check ends, in reasonable time, with a report.

    Run in a child process with a time limit, so that a hang (a regular expression
    backtracking without end, as a run of numbers not closed by `]` once did) fails."""
    path = build_pdf()[0].path
    code = f"""
import random, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from craft import damaged
from cv_builder.pdfcheck import check_pdf
data = open({str(path)!r}, 'rb').read()
rng = random.Random(7)
samples = [b"%PDF-1.4\\n1 0 obj\\n[" + b"123 " * 200 + b"R\\nendobj\\n" + b"9" * 5000]
samples += [damaged(data, rng, rng.randint(1, 12)) for _ in range(150)]
for sample in samples:
    report = check_pdf(sample, where="x.pdf")
    assert isinstance(report.ok, bool)
print("done", len(samples))
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "done 151"


# -- titles a page break cuts in two ------------------------------------------
def test_a_section_title_cut_by_a_page_break_is_found():
    """Issue 19: a very long section title built, and the check said it was not in the text
    layer: a page break cut it, and the next page begins with its running head and page
    number, which a parser reads between the two halves. (The data now holds a title to
    150 characters; the check still finds one that a page break cuts.)"""
    title = "Research engineering and applied machine learning for generative models of images"

    def draw(c):
        regular = font("test-good-regular")
        c.setFont(regular, 12)
        c.drawString(72, 750, "Ada Lovelace")
        c.drawString(72, 60, title[:37])  # the last line of page 1
        c.showPage()
        c.setFont(regular, 9)
        c.drawString(72, 800, "Ada Lovelace · Curriculum Vitae")  # the running head
        c.drawString(500, 800, "2 / 2")
        c.setFont(regular, 12)
        c.drawString(72, 760, title[37:])
        c.bookmarkPage("s0")
        c.addOutlineEntry(title, "s0")

    data = made_with_reportlab(draw, outline=(), face=font("test-good-regular"))
    report = check_pdf(data, Expect("Ada Lovelace", [title], 2, A4))
    assert [p.message for p in report.problems if "text layer" in p.message] == []
    cut = check_pdf(data, Expect("Ada Lovelace", [title + " and more"], 2, A4))
    assert "the text layer does not contain the section title" in messages(cut)


def test_a_soft_hyphen_in_a_title_is_no_character_of_the_text_layer(tmp_path):
    """A soft hyphen (U+00AD) marks where a word may break, and is drawn only there: the
    title is found without it."""
    data = {"name": "Ada Lovelace", "sections": {"s": {"title": "Re\u00adsearch", "kind": "text", "items": ["x"]}}}
    src = tmp_path / "cv.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build_module.build(src, "full", tmp_path / "cv.pdf")
    assert not [w.message for w in result.warnings if "text layer" in w.message]


@pytest.mark.parametrize("pages, found", [
    (["AdaLovelace", "HeadResearchEngin", "Ada·CV2/3eeringandapplied"], True),  # cut once
    (["xxResearch", "Ada2/3Engineeringand", "Ada3/3appliedyy"], True),  # over three pages
    (["xxResearch", "Ada2/3Engineer", "Ada3/3ingandapplied"], True),  # a middle page all title
    (["xxResearch", "Ada2/3EngineerAndMore", "Ada3/3ingandapplied"], False),  # a middle page with more
    (["xxResearchEngineering", "somethingelse", "andapplied"], False),  # not on the next page
    (["andapplied", "ResearchEngineering"], False),  # the halves in the wrong order
    (["ResearchEngineeringandapplied"], True),
])
def test_a_phrase_is_found_across_page_breaks(pages, found):
    from cv_builder.pdfcheck.rules import in_text

    assert in_text("ResearchEngineeringandapplied", pages) is found
