"""`cv-builder ats PDF`: the preview of what a resume parser reads.

Each rule has a PDF drawn in the test to break it (ReportLab's canvas, in
tmp_path), and the finding the preview gives for it, with its place; a clean
PDF passes; the seed CV shows what it shows today.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from conftest import ROOT, cli
from cv_builder.ats import preview
from cv_builder.ats.vocabulary import LANGUAGES, vocabulary

W, H = A4
LEFT, RIGHT = 50, W - 50


def _faces():
    """The project's own fonts, registered as a build registers them: a second registration of the
    same files (another name, the same PostScript name) would replace them in ReportLab's registry
    of faces, and later builds in this process would draw with it."""
    from cv_builder import layout
    from cv_builder.render.fonts import family, use_fallback

    sans, dejavu = layout.family("source-sans"), layout.family("dejavu-sans")
    names = family(sans, dejavu)
    use_fallback(dejavu)
    return names["regular"], names["bold"], names["italic"], f"{dejavu.key}-regular", f"{dejavu.key}-bold"


SANS = BOLD = ITALIC = DEJAVU = DEJAVU_BOLD = ""


@pytest.fixture(autouse=True, scope="module")
def faces(font_cache):
    """Registered once the session's font cache is set up (not at import, which would use ~/.cache)."""
    global SANS, BOLD, ITALIC, DEJAVU, DEJAVU_BOLD
    SANS, BOLD, ITALIC, DEJAVU, DEJAVU_BOLD = _faces()


# -- drawing CVs ---------------------------------------------------------------------

def draw(path: Path, *pages) -> Path:
    """A PDF of pages, each drawn by a function of the canvas."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in pages:
        page(c)
        c.showPage()
    c.save()
    return path


def text(c, x, y, s, font=None, size=10, right=False):
    font = font or SANS
    c.setFont(font, size)
    (c.drawRightString if right else c.drawString)(x, y, s)
    return stringWidth(s, font, size)


def header(c, contact="ada@example.org | +44 20 7946 0958 | github.com/ada", link=None):
    text(c, LEFT, 790, "Ada Lovelace", BOLD, 24)
    w = text(c, LEFT, 770, contact)
    if link:
        c.linkURL(link, (LEFT, 767, LEFT + w, 779))


def heading(c, y, s):
    text(c, LEFT, y, s, BOLD, 14)


def bullets(c, y, lines):
    for s in lines:
        text(c, LEFT, y, "•")
        text(c, LEFT + 10, y, s)
        y -= 13
    return y


def clean_page(c):
    header(c, link="https://github.com/ada")
    heading(c, 735, "Experience")
    text(c, LEFT, 715, "Analytical Society, London · 2018 – 2021", BOLD, 11)
    text(c, LEFT, 701, "Programmer", ITALIC, 11)
    y = bullets(c, 686, ["Wrote the first published program, for the Analytical Engine.",
                         "Translated and annotated Menabrea's memoir on the Engine."])
    text(c, LEFT, y - 8, "Royal Society, London · 2015 – 2018", BOLD, 11)
    text(c, LEFT, y - 22, "Correspondent", ITALIC, 11)
    bullets(c, y - 37, ["Corresponded with Babbage on the Difference Engine."])
    heading(c, 560, "Education")
    text(c, LEFT, 540, "Private tutoring · 2010 – 2014", BOLD, 11)
    text(c, LEFT, 526, "Mathematics, with Augustus De Morgan", ITALIC, 11)
    heading(c, 490, "Skills")
    text(c, LEFT, 470, "Mathematics · Analysis · Programming · Translation")


def row_page(c):
    """An entry drawn as Row.draw drew it before the join: organisation left, date right."""
    header(c)
    heading(c, 735, "Experience")
    text(c, LEFT, 715, "Analytical Society", BOLD, 11)
    text(c, RIGHT, 715, "2018 – 2021", size=9, right=True)
    text(c, LEFT, 701, "Programmer", ITALIC, 11)
    text(c, RIGHT, 701, "London", ITALIC, 9, right=True)
    y = 686
    for first, rest in (("Wrote the first published program, an algorithm for the Analytical Engine to",
                         "compute Bernoulli numbers, in Note G of the memoir."),
                        ("Translated and annotated Menabrea's memoir on the Engine; the notes ran to",
                         "three times the length of the original.")):
        text(c, LEFT, y, "•")
        text(c, LEFT + 10, y, first)
        text(c, LEFT + 10, y - 13, rest)
        y -= 28


def findings(path, rule=None):
    result = preview(path)
    return [f for f in result.findings if rule is None or f.rule == rule]


# -- a clean CV --------------------------------------------------------------------

def test_a_clean_cv_passes_with_everything_recognised(tmp_path):
    pdf = draw(tmp_path / "clean.pdf", clean_page)
    result = preview(pdf)
    assert [(f.rule, f.message) for f in result.findings] == []
    r = result.recognised
    assert r.name == "Ada Lovelace"
    assert r.emails == ["ada@example.org"]
    assert r.phones == ["+44 20 7946 0958"]
    assert r.urls == ["github.com/ada"]
    assert [(h.line.text, h.category) for h in r.headings] == [
        ("Experience", "experience"), ("Education", "education"), ("Skills", "skills")]
    assert [(e.organisation, e.title, e.dates) for e in r.entries] == [
        ("Analytical Society, London", "Programmer", "2018 – 2021"),
        ("Royal Society, London", "Correspondent", "2015 – 2018"),
        ("Private tutoring", "Mathematics, with Augustus De Morgan", "2010 – 2014")]
    assert r.skills == ["Mathematics", "Analysis", "Programming", "Translation"]


def test_the_command_on_a_clean_cv_exits_0_and_shows_text_recognised_and_problems(tmp_path):
    pdf = draw(tmp_path / "clean.pdf", clean_page)
    run = cli("ats", str(pdf))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "what a resume parser reads (pdfminer.six" in out
    assert "   1  Ada Lovelace" in out  # the text, line by line, numbered per page
    assert "e-mail    ada@example.org" in out
    assert "headings  Experience · Education · Skills" in out
    assert "Analytical Society, London | Programmer | 2018 – 2021" in out
    assert "Problems: none found" in out
    assert "0 errors, 0 warnings: nothing a parser would lose." in out
    assert "\x1b[" not in out  # no colour codes when the output is not a terminal


# -- each rule, broken -------------------------------------------------------------

def test_dates_inside_bullet_text(tmp_path):
    pdf = draw(tmp_path / "row.pdf", row_page)
    found = findings(pdf, "dates-in-bullets")
    assert len(found) == 1, findings(pdf)
    f = found[0]
    assert f.severity == "error" and f.page == 1
    assert "'2018 – 2021' is read after the bullet '• Translated and annotated" in f.message
    lines = preview(pdf).document.pages[0].lines
    assert lines[f.line - 1].text.startswith("2018 – 2021")  # the place is the date's line
    entry = preview(pdf).recognised.entries[0]
    assert (entry.organisation, entry.dates) == ("Analytical Society", None)
    run = cli("ats", str(pdf))
    assert run.returncode == 1
    assert f"p1 l{f.line}" in run.stdout and "dates inside bullet text" in run.stdout


def test_page_furniture_inside_content(tmp_path):
    def page(n):
        def draw_page(c):
            if n == 1:
                header(c)
                heading(c, 735, "Experience")
                top = 715
            else:
                text(c, LEFT, 815, "Ada Lovelace · Curriculum Vitae", size=9)
                text(c, RIGHT, 815, f"{n} / 3", size=9, right=True)
                top = 790
            for k in range(3):
                y = top - k * 60
                text(c, LEFT, y, f"Society number {n}{k} · 20{n}{k} – 20{n}{k + 1}", BOLD, 11)
                bullets(c, y - 15, ["Wrote programs for the Analytical Engine, and notes on them."])
        return draw_page

    pdf = draw(tmp_path / "furniture.pdf", page(1), page(2), page(3))
    found = findings(pdf, "page-furniture")
    heads = [f for f in found if "Curriculum Vitae" in f.message]
    numbers = [f for f in found if "a page number" in f.message]
    assert [f.page for f in heads] == [2, 3] and [f.page for f in numbers] == [2, 3]
    assert all("running head" in f.message and "on pages 2–3" in f.message for f in heads)
    # each head sits right above an entry: read as part of it
    assert all(f.severity == "error" for f in heads)
    lines = preview(pdf).document.pages[1].lines
    assert lines[heads[0].line - 1].text == "Ada Lovelace · Curriculum Vitae"


def test_a_running_head_on_the_second_page_only(tmp_path):
    """A two-page CV has its running head once: it is the CV's name, at the top of page 2."""
    def second(c):
        text(c, LEFT, 815, "Ada Lovelace · Curriculum Vitae", size=9)
        text(c, LEFT, 790, "Difference Engine Society · 2012 – 2014", BOLD, 11)
        bullets(c, 775, ["Wrote programs for the Difference Engine."])

    found = findings(draw(tmp_path / "two.pdf", clean_page, second), "page-furniture")
    assert [(f.page, f.line, f.severity) for f in found] == [(2, 1, "error")]
    assert "'Ada Lovelace · Curriculum Vitae' (a running head or foot, on page 2)" in found[0].message


def test_a_link_whose_address_is_not_visible(tmp_path):
    def page(c):
        header(c, contact="ada@example.org · GitHub: ada", link="https://github.com/ada")
        heading(c, 735, "Publications")
        w = text(c, LEFT, 715, "Sketch of the Analytical Engine (2021) · Notes")
        c.linkURL("https://example.org/notes.pdf", (LEFT + w - 30, 712, LEFT + w, 724))

    pdf = draw(tmp_path / "links.pdf", page)
    found = findings(pdf, "hidden-link")
    assert [(f.severity, f.page) for f in found] == [("error", 1), ("warning", 1)]
    contact, other = found
    assert "'Ada Lovelace' " not in contact.message
    assert "GitHub: ada" in contact.message and "https://github.com/ada" in contact.message
    assert "(a contact, lost)" in contact.message
    assert contact.hint == "print the address itself as the link's text: github.com/ada"
    lines = preview(pdf).document.pages[0].lines
    assert "GitHub: ada" in lines[contact.line - 1].text
    assert "Notes" in other.message and "example.org/notes.pdf" in other.message
    assert cli("ats", str(pdf)).returncode == 1


def test_a_heading_parsers_will_not_recognise_gets_the_usual_one(tmp_path):
    def page(c):
        header(c)
        heading(c, 735, "Experience")
        text(c, LEFT, 715, "Analytical Society · 2018 – 2021", BOLD, 11)
        bullets(c, 700, ["Wrote the first published program."])
        heading(c, 660, "Shipped models")
        text(c, LEFT, 640, "Bernoulli program · Author · 2021")
        text(c, LEFT, 626, "Jacquard weaving cards · Contributor · 2020")
        heading(c, 590, "Trajectory")
        text(c, LEFT, 570, "2014 – 2018 Studied mathematics with De Morgan and Somerville.")

    pdf = draw(tmp_path / "headings.pdf", page)
    result = preview(pdf)
    found = [f for f in result.findings if f.rule == "unknown-heading"]
    assert [(f.line, f.severity, f.hint) for f in found] == [
        (6, "warning", "call it 'Projects'"), (9, "error", "call it 'Experience'")]
    assert "'Shipped models'; its lines are read as more of 'Experience'" in found[0].message
    assert "'Trajectory'; its 1 dated line may be filed under 'Experience', not as jobs" in found[1].message


def test_the_usual_heading_is_suggested_in_the_cvs_language(tmp_path):
    def page(c):
        text(c, LEFT, 790, "Jürgen Müller", DEJAVU_BOLD, 24)
        text(c, LEFT, 770, "juergen@example.de · +49 30 1234567", DEJAVU)
        text(c, LEFT, 735, "Berufserfahrung", DEJAVU_BOLD, 14)
        text(c, LEFT, 715, "Siemens AG · 2019 – heute", DEJAVU_BOLD, 11)
        bullets(c, 700, ["Steuerungen für Züge entwickelt."])
        text(c, LEFT, 660, "Meine Werkzeuge", DEJAVU_BOLD, 14)
        text(c, LEFT, 640, "Python · C++ · Simulink · Matlab", DEJAVU)

    pdf = draw(tmp_path / "de.pdf", page)
    result = preview(pdf)
    assert result.recognised.language == "de"
    assert [(e.organisation, e.dates) for e in result.recognised.entries] == [("Siemens AG", "2019 – heute")]
    found = [f for f in result.findings if f.rule == "unknown-heading"]
    assert [f.hint for f in found] == ["call it 'Kenntnisse'"]


def test_text_drawn_as_vector_outlines(tmp_path):
    def outlined(c):  # letters as paths: what "convert text to outlines" leaves
        for k in range(40):
            p = c.beginPath()
            x, y = LEFT + (k % 20) * 12, 780 - (k // 20) * 20
            p.moveTo(x, y)
            p.curveTo(x + 4, y + 10, x + 8, y + 10, x + 10, y)
            p.close()
            c.drawPath(p, fill=1, stroke=0)

    pdf = draw(tmp_path / "outlines.pdf", clean_page, outlined)
    found = findings(pdf, "vector-outlines")
    assert [(f.page, f.severity) for f in found] == [(2, "error")]
    assert "page 2 has drawings (40 paths) but no text" in found[0].message
    run = cli("ats", str(pdf))
    assert run.returncode == 1 and "p2 " in run.stdout


def test_a_page_that_is_a_picture(tmp_path):
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (60, 80), 200).save(image)
    pdf = draw(tmp_path / "scan.pdf", lambda c: c.drawImage(str(image), LEFT, 500, 300, 300))
    found = findings(pdf, "image-page")
    assert [(f.page, f.severity) for f in found] == [(1, "error")]
    assert "page 1 is a picture with no text" in found[0].message


SIDE = ["Skills", "Python", "Mathematics", "Engines", "Languages", "English", "French"]
MAIN = ["Experience", "Analytical Society · 2018 – 2021", "Wrote the first published program.",
        "Translated Menabrea's memoir.", "Royal Society · 2015 – 2018", "Corresponded with Babbage.",
        "Read papers on the Engine."]


def test_columns_that_interleave_line_by_line_joined(tmp_path):
    """A sidebar set flush right against the main column, with a gutter narrower than two
    characters: pdfminer joins each sidebar line to the main line beside it."""
    def page(c):
        text(c, LEFT, 790, "Ada Lovelace", BOLD, 24)
        for k, (a, b) in enumerate(zip(SIDE, MAIN)):
            text(c, LEFT + 100, 760 - k * 13, a, right=True)
            text(c, LEFT + 106, 760 - k * 13, b)

    found = findings(draw(tmp_path / "joined.pdf", page), "columns-interleave")
    assert [(f.severity, f.page, f.line) for f in found] == [("error", 1, 2)]
    assert "lines 2–8 each join the text of two columns ('Skills Experience')" in found[0].message


def test_columns_that_interleave_line_by_line_alternating(tmp_path):
    """Sidebar and main column with rows far apart: each line is a text box of its own, and
    pdfminer pairs the boxes side by side, row by row."""
    def page(c):
        text(c, LEFT, 790, "Ada Lovelace", BOLD, 24)
        for k, (a, b) in enumerate(zip(SIDE, MAIN)):
            text(c, LEFT, 760 - k * 30, a)
            text(c, LEFT + 90, 760 - k * 30, b)

    found = findings(draw(tmp_path / "alternating.pdf", page), "columns-interleave")
    assert [(f.severity, f.page, f.line) for f in found] == [("error", 1, 2)]
    assert "alternate between two columns ('Skills' / 'Experience')" in found[0].message


def test_columns_read_as_blocks_are_not_a_problem(tmp_path):
    """The same sidebar drawn as a block, with a gutter wider than two characters."""
    def page(c):
        text(c, LEFT, 790, "Ada Lovelace", BOLD, 24)
        for k, s in enumerate(["Skills", "Python", "Mathematics", "Engines"]):
            text(c, LEFT, 760 - k * 13, s)
        for k, s in enumerate(["Experience", "Analytical Society · 2018 – 2021", "Wrote the first program.",
                               "Translated Menabrea's memoir."]):
            text(c, LEFT + 150, 760 - k * 13, s)

    assert findings(draw(tmp_path / "blocks.pdf", page), "columns-interleave") == []


def test_text_drawn_above_a_heading_but_read_after_it(tmp_path):
    """A row of figures in cells, set just above a heading: pdfminer reads the cells after it."""
    def page(c):
        header(c)
        heading(c, 735, "Summary")
        text(c, LEFT, 715, "Analyst of the Engine, translator and programmer.")
        for k, (value, label) in enumerate((("12+", "Programs"), ("3", "Languages"), ("1", "Engine"))):
            text(c, LEFT + k * 150, 680, value, BOLD, 16)
            text(c, LEFT + k * 150, 668, label, size=9)
        heading(c, 640, "Experience")
        text(c, LEFT, 620, "Analytical Society · 2018 – 2021", BOLD, 11)
        bullets(c, 605, ["Wrote the first published program."])

    result = preview(draw(tmp_path / "cells.pdf", page))
    found = [f for f in result.findings if f.rule == "read-out-of-place"]
    lines = result.document.pages[0].lines
    heading_line = next(l for l in lines if l.text == "Experience")
    assert [f.severity for f in found] == ["warning"]
    assert found[0].line > heading_line.number
    assert "drawn above the heading 'Experience' are read after it" in found[0].message


def test_contact_details_joined_by_a_middle_dot(tmp_path):
    """Parsers split a contact line at | or commas, not at a middle dot: one read a location and the
    e-mail address after it as one field."""
    def page(c):
        header(c, contact="London, UK · ada@example.org · +44 20 7946 0958")
        heading(c, 735, "Experience")
        text(c, LEFT, 715, "Analytical Society, London · 2018 – 2021", BOLD, 11)  # not a contact line
        bullets(c, 700, ["Wrote the first published program."])

    found = findings(draw(tmp_path / "dots.pdf", page))
    assert [(f.rule, f.severity, f.page, f.line) for f in found] == [("unsplit-contact", "warning", 1, 2)]
    assert found[0].message == ("contact details joined by '·', which parsers do not split a line at: "
                                "'London, UK · ada@example.org · +44 20 7946 0958' may be read as one field")
    assert "' | '" in found[0].hint
    # the same details joined by | are clean, and so is a dot between words that are no contact
    def clean(c):
        header(c, contact="London, UK | ada@example.org | +44 20 7946 0958")
        text(c, LEFT, 755, "Analyst · Mathematician")
        heading(c, 735, "Experience")
    assert findings(draw(tmp_path / "bars.pdf", clean)) == []


def test_a_cv_without_contact_details_is_told(tmp_path):
    def page(c):
        text(c, LEFT, 790, "Ada Lovelace", BOLD, 24)
        heading(c, 735, "Experience")
        text(c, LEFT, 715, "Analytical Society · 2018 – 2021", BOLD, 11)

    found = findings(draw(tmp_path / "nocontact.pdf", page), "no-contact")
    assert [(f.severity, f.message) for f in found] == [
        ("warning", "no e-mail address or phone number in the text: a parser finds no way to reach you")]


# -- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"# My CV\n", "this is not a PDF (it starts with '# My CV'; a PDF starts with '%PDF-')"),
    (b"", "this is not a PDF (it is empty; a PDF starts with '%PDF-')"),
    (b"%PDF-1.4\n1 0 obj garbage", "this PDF cannot be read: "),
])
def test_a_file_that_is_not_a_pdf_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "cv.pdf"
    path.write_bytes(content)
    run = cli("ats", str(path))
    assert run.returncode == 1
    assert f"{path}: {message}" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_a_missing_file_or_a_folder_is_a_clear_error(tmp_path):
    run = cli("ats", str(tmp_path / "nothing.pdf"))
    assert (run.returncode, run.stderr.strip()) == (1, f"{tmp_path / 'nothing.pdf'}: the file does not exist")
    run = cli("ats", str(tmp_path))
    assert run.returncode == 1 and f"{tmp_path}: this is a folder, not a PDF" in run.stderr


# -- JSON ----------------------------------------------------------------------------

def test_json_for_tools(tmp_path):
    pdf = draw(tmp_path / "row.pdf", row_page)
    run = cli("ats", str(pdf), "--json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["ok"] is False
    assert data["recognised"]["name"] == "Ada Lovelace"
    assert data["recognised"]["headings"] == [
        {"text": "Experience", "page": 1, "line": data["recognised"]["headings"][0]["line"], "known": True,
         "category": "experience"}]
    problem = next(p for p in data["problems"] if p["rule"] == "dates-in-bullets")
    assert problem["severity"] == "error" and problem["page"] == 1
    line = data["pages"][0]["lines"][problem["line"] - 1]
    assert line["text"].startswith("2018 – 2021")


# -- every language -------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_the_usual_headings(language):
    v = vocabulary()
    for category in ("summary", "experience", "education", "skills", "projects", "publications", "languages"):
        usual = v.suggestion(category, language)
        assert v.match(usual).category == category, (language, category, usual)
        assert language in v.languages_of(usual)


@pytest.mark.parametrize("heading, category", [
    ("EXPERIENCE", "experience"), ("E X P E R I E N C E", "experience"), ("2. Work experience:", "experience"),
    ("Awards & Grants", "awards"), ("Formation", "education"), ("Expérience professionnelle", "experience"),
    ("Опыт работы", "experience"), ("Досвід роботи", "experience"), ("İş Deneyimi", "experience"),
    ("工作经历", "experience"), ("職務経歴", "experience"), ("경력 사항", "experience"),
    ("الخبرات العملية", "experience"), ("ניסיון תעסוקתי", "experience"), ("Umiejętności", "skills"),
    ("Vaardigheden", "skills"), ("Competências", "skills"), ("Istruzione", "education"),
])
def test_headings_are_matched_whatever_their_case_numbering_or_script(heading, category):
    assert vocabulary().match(heading).category == category


def test_cyrillic_hebrew_and_arabic_cvs(tmp_path):
    cases = {
        "ru": ("Анна Каренина", ["Опыт работы", "Образование", "Навыки"], "Газпром · 2019 – н.в."),
        "uk": ("Леся Українка", ["Досвід роботи", "Освіта", "Навички"], "Київстар · 2018 – 2021"),
        "he": ("דנה כהן", ["ניסיון תעסוקתי", "השכלה", "כישורים"], "2018 – 2021 Wix"),
        "ar": ("ليلى أحمد", ["الخبرة العملية", "التعليم", "المهارات"], "2018 – 2021 أرامكو"),
    }
    from cv_builder.lang.bidi import visual

    for lang, (name, headings, entry) in cases.items():
        def page(c):
            # drawn as every PDF of right-to-left text draws it: in visual order (Hebrew, Arabic)
            text(c, LEFT, 790, visual(name), DEJAVU_BOLD, 24)
            text(c, LEFT, 770, "mail@example.org", DEJAVU)
            for k, h in enumerate(headings):
                text(c, LEFT, 735 - k * 60, visual(h), DEJAVU_BOLD, 14)
                text(c, LEFT, 715 - k * 60, visual(entry if k == 0 else "Python · SQL"), DEJAVU)
        result = preview(draw(tmp_path / f"{lang}.pdf", page))
        r = result.recognised
        assert r.name == name, lang
        assert [h.line.text for h in r.headings if h.known] == headings, lang
        assert r.language == lang
        assert [e.dates for e in r.entries][:1] == [entry.split(" · ")[-1] if " · " in entry else "2018 – 2021"], lang
        assert not [f for f in result.findings if f.rule == "unknown-heading"], lang


def test_a_chinese_cv(tmp_path):
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    registerFont(UnicodeCIDFont("STSong-Light"))

    def page(c):
        text(c, LEFT, 790, "王小明", "STSong-Light", 24)
        text(c, LEFT, 770, "wang@example.cn · +86 10 1234 5678", "STSong-Light")
        text(c, LEFT, 735, "工作经历", "STSong-Light", 14)
        text(c, LEFT, 715, "阿里巴巴 · 2019年3月 – 至今", "STSong-Light", 11)
        text(c, LEFT, 675, "教育背景", "STSong-Light", 14)
        text(c, LEFT, 655, "清华大学 · 2015 – 2019", "STSong-Light", 11)
        text(c, LEFT, 615, "专业技能", "STSong-Light", 14)
        text(c, LEFT, 595, "Python、机器学习、SQL", "STSong-Light")

    r = preview(draw(tmp_path / "zh.pdf", page)).recognised
    assert r.name == "王小明" and r.language == "zh"
    assert [(h.line.text, h.category) for h in r.headings] == [
        ("工作经历", "experience"), ("教育背景", "education"), ("专业技能", "skills")]
    assert [(e.organisation, e.dates) for e in r.entries] == [("阿里巴巴", "2019年3月 – 至今"), ("清华大学", "2015 – 2019")]
    assert r.skills == ["Python", "机器学习", "SQL"]


# -- the seed CV ---------------------------------------------------------------------

def test_the_seed_cv_today(build_pdf):
    """What the preview says of the seed CV (full layout): dates are read with their entries;
    the running head, the page numbers and four headings parsers do not know are problems."""
    pdf, _ = build_pdf()
    result = preview(pdf.path)
    rules = {}
    for f in result.findings:
        rules.setdefault(f.rule, []).append(f)
    assert "dates-in-bullets" not in rules
    # (the running head on top of page 2 is read as a job with no dates: the page-furniture error below)
    assert [(e.organisation, e.dates) for e in result.recognised.entries if e.section == "Experience"] == [
        ("Black Forest Labs", "2024 – Present"), ("Stability AI", "2022 – 2024"),
        ("Dustin Podell · Curriculum Vitae", None), ("Self-Directed ML Research", "2021 – 2022"),
        ("Technical Roles — VFX, Media Production, Software", "2015 – 2021")]
    assert [(h.line.text, h.suggestion) for h in result.recognised.headings if not h.known] == [
        ("At a glance", "Summary"), ("Shipped models", "Projects"), ("Technical focus", "Skills"),
        ("Trajectory", "Experience")]
    assert {f.message.split("'")[1] for f in rules["page-furniture"]} == {"Dustin Podell · Curriculum Vitae",
                                                                         "2 / 3", "3 / 3"}
    assert len(rules["hidden-link"]) == 4  # the arXiv links show the identifier, not the address
    # the figures are read in their row (flowables.Columns.draw), not three cells after "Experience"
    assert "read-out-of-place" not in rules
    assert not result.ok
    run = cli("ats", str(pdf.path), "--no-text")
    assert run.returncode == 1
    assert "── page" not in run.stdout and "Recognised" in run.stdout


def test_pdfminer_is_imported_by_the_ats_command_only():
    import subprocess

    code = ("import sys, cv_builder.cli, cv_builder.build, cv_builder.ats, cv_builder.ats.report; "
            "print(any(m.startswith('pdfminer') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
