"""Cover letters (`cv-builder letter`): one page in the CV's look, a variant's with its target,
dated in the CV's language, fitted like the one-page CV or refused with by how much, warned
about while a placeholder is left, exported as text, built with the CV by `--all-variants`."""

import re
import textwrap

import pdfplumber
import pytest

from conftest import DATA, PDF, ROOT, cli
from cv_builder import layout

MARCH_14 = "1741910400"  # SOURCE_DATE_EPOCH of 2025-03-14, 00:00 UTC

LETTER = textwrap.dedent("""\
    name: Ada Lovelace
    headline: Analyst and metaphysician
    intro: An intro paragraph, which is the CV's business and not the letter's.
    email: ada@example.org
    location: London
    sections:
      experience:
        - {organisation: Analytical Society, title: Programmer, start: 2019, end: present}
    letter:
      recipient:
        name: Charles Babbage
        address: [1 Dorset Street, London]
      date: 2025-03-14
      salutation: Dear Mr Babbage,
      paragraphs:
        - I write to apply for the position of {role} at {organisation}.
        - text: A paragraph for **research** labs only.
          tags: [research]
        - text: A paragraph for *product* teams only.
          tags: [product]
        - I look forward to hearing from you.
      closing: Yours sincerely,
    variants:
      lab:
        include: [research]
        role: Research Scientist
        organisation: Example Lab
      shop:
        include: [product]
        role: Engineer
        letter:
          recipient: {organisation: Example Shop}
          subject: "Application: {role}"
    """)


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A CV with a letter and two variants, in a scratch folder; letters dated 2025-03-14."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MARCH_14)
    path = tmp_path / "cv.yaml"
    path.write_text(LETTER, encoding="utf-8")
    return path


def letter(path, *args):
    return cli("letter", path.name, *args, cwd=path.parent)


def test_a_variants_letter_carries_its_target(data):
    r = letter(data, "--variant", "lab")
    assert r.returncode == 0, r.stderr
    out = data.parent / "build" / "Ada_Lovelace_Letter_lab.pdf"
    assert r.stdout.strip().startswith(f"Built build/Ada_Lovelace_Letter_lab.pdf: 1 page, ")
    pdf = PDF(out)
    assert len(pdf.pages) == 1
    # the header (name, headline, contact) as the CV has it, without the intro
    assert pdf.contains_in_order("Ada Lovelace", "Analyst and metaphysician", "London", "ada@example.org",
                                 "Charles Babbage", "Example Lab", "1 Dorset Street", "London", "March 14, 2025",
                                 "Dear Mr Babbage,",
                                 "I write to apply for the position of Research Scientist at Example Lab.",
                                 "A paragraph for research labs only.", "I look forward to hearing from you.",
                                 "Yours sincerely,", "Ada Lovelace")
    assert "intro paragraph" not in pdf.text and "product" not in pdf.text and "{" not in pdf.text
    meta = pdf.reader.metadata
    assert meta.title == "Ada Lovelace – Cover letter"
    assert meta.subject == "Cover letter (application: Research Scientist at Example Lab)"
    assert meta.author == "Ada Lovelace"
    assert "mailto:ada@example.org" in pdf.uris()


def test_a_variants_own_letter_changes_the_shared_one(data):
    r = letter(data, "--variant", "shop", "-o", "shop.pdf")
    assert r.returncode == 0, r.stderr
    pdf = PDF(data.parent / "shop.pdf")
    # the recipient's organisation from the variant's letter, the rest of the recipient shared;
    # {organisation} is the recipient's when the variant names none
    assert pdf.contains_in_order("Charles Babbage", "Example Shop", "1 Dorset Street", "Application: Engineer",
                                 "the position of Engineer at Example Shop.", "A paragraph for product teams only.")
    assert "research" not in pdf.text
    assert pdf.reader.metadata.subject == "Cover letter (application: Engineer at Example Shop)"


def test_the_letter_is_in_the_looks_fonts_and_no_others(data, build_pdf):
    """The same fonts as the CV in that look: its letter draws no face the CV's look does not have."""
    for look in ("full", "classic", "sidebar", "ats"):
        r = letter(data, "--variant", "lab", "--layout", look, "-o", f"{look}.pdf")
        assert r.returncode == 0, r.stderr
        assert "warning" not in r.stderr, r.stderr  # the self-check finds nothing: no outline is needed
        fonts = {name.split("+", 1)[-1] for name in PDF(data.parent / f"{look}.pdf").fonts()}
        cv_fonts = {name.split("+", 1)[-1] for name in build_pdf(layout=look)[0].fonts()}
        assert fonts <= cv_fonts, (look, fonts - cv_fonts)


def test_named_by_variant_and_by_a_layout_that_is_not_its_own(data):
    assert letter(data, "--variant", "lab", "--layout", "classic").returncode == 0
    assert letter(data).returncode == 1  # {role}: only a variant fills it in (see below)
    assert (data.parent / "build" / "Ada_Lovelace_Letter_lab_classic.pdf").is_file()
    assert letter(data, "--variant", "lab", "--layout", "full", "-o", "out/").returncode == 0
    assert (data.parent / "out" / "Ada_Lovelace_Letter_lab.pdf").is_file()


def test_fitted_like_the_one_page_cv(data, tmp_path):
    """A letter a little too long: tighter spacing, then smaller type, never below the floor."""
    text = data.read_text()
    long = "    - " + " ".join(["A sentence of the letter that says something, at some length."] * 14) + "\n"
    data.write_text(text.replace("    - I look forward", long * 5 + "    - I look forward"))
    from cv_builder.letter import build

    result = build(data, "full", tmp_path / "fitted.pdf", variant="lab")
    assert result.pages == 1
    assert result.space_scale < 1 or result.type_scale < 1
    with pdfplumber.open(tmp_path / "fitted.pdf") as pdf:
        sizes = {round(c["size"], 2) for c in pdf.pages[0].chars}
    assert min(sizes) >= 8.5
    r = letter(data, "--variant", "lab", "-o", "fitted-cli.pdf")
    assert r.returncode == 0 and re.search(r"^(fitted at \d+ % type scale|spacing at \d+ %)", r.stdout, re.M)


def test_too_long_for_one_page_says_by_how_much(data):
    text = data.read_text()
    long = "    - " + " ".join(["A sentence of the letter that says something, at some length."] * 14) + "\n"
    data.write_text(text.replace("    - I look forward", long * 14 + "    - I look forward"))
    before = data.parent / "build" / "Ada_Lovelace_Letter_lab.pdf"
    before.parent.mkdir()
    before.write_bytes(b"%PDF-1.4 the previous letter")
    r = letter(data, "--variant", "lab")
    assert r.returncode == 1
    m = re.fullmatch(r"cv\.yaml:9:1: letter: the letter is too long for one page: (\d+) lines too long \((\d+) mm\), "
                     r"even at the smallest type \(8\.\d+ pt text\) and the tightest spacing\n"
                     r"    hint: shorten the letter by about (\d+) words \(or leave out the subject, or a paragraph\); "
                     r"nothing of a letter is left out to make it fit\n", r.stderr)
    assert m, r.stderr
    lines, mm, words = map(int, m.groups())
    assert 10 < lines < 80 and mm > 30 and words > 5 * lines
    assert before.read_bytes() == b"%PDF-1.4 the previous letter"  # a failed build destroys nothing


def test_placeholders_are_pointed_out_until_they_are_gone(data):
    data.write_text(data.read_text().replace("name: Charles Babbage", "name: <Name of the hiring manager>")
                    .replace("Dear Mr Babbage,", "Dear <Name of the hiring manager>,"))
    r = letter(data, "--variant", "lab")
    assert r.returncode == 0
    warnings = [line for line in r.stderr.splitlines() if "warning" in line]
    assert warnings == ["cv.yaml:11:5: warning: letter.recipient.name: the letter still has a placeholder: "
                        "<Name of the hiring manager>"]  # once, where it is written first
    assert "write what it stands for before you send the letter" in r.stderr
    data.write_text(data.read_text().replace("<Name of the hiring manager>", "Charles Babbage"))
    r = letter(data, "--variant", "lab")
    assert r.returncode == 0 and r.stderr == ""


def test_the_seed_letters_name_their_variant_and_warn_of_their_placeholders(tmp_path, monkeypatch):
    import yaml

    seed = yaml.safe_load(DATA.read_text())
    for name, variant in seed["variants"].items():
        r = cli("letter", str(DATA), "--variant", name, "-o", str(tmp_path / f"{name}.pdf"))
        assert r.returncode == 0, r.stderr
        pdf = PDF(tmp_path / f"{name}.pdf")
        assert len(pdf.pages) == 1
        assert f"I am applying for the position of {variant['role']} at <Organisation>." in pdf.text
        for placeholder in ("<Name of the hiring manager>", "<Organisation>", "<Street and number>",
                            "<Postcode and city>"):
            assert re.search(rf"cv\.yaml:\d+:\d+: warning: letter\.recipient\.\S+: the letter still has a "
                             rf"placeholder: {placeholder}", r.stderr), r.stderr
        other = "product" if "research" in variant["include"] else "research"
        assert ("Self-Flow" in pdf.text) == (other == "product")  # the research paragraph, for research only
        assert ("Flux Ultra" in pdf.text) == (other == "research")


def test_text_export_is_the_body_for_a_form(data):
    r = cli("export", str(data), "--letter", "--variant", "lab", "--format", "text", cwd=data.parent)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("Dear Mr Babbage,\n\n"
                        "I write to apply for the position of Research Scientist at Example Lab.\n\n"
                        "A paragraph for research labs only.\n\n"
                        "I look forward to hearing from you.\n\n"
                        "Yours sincerely,\nAda Lovelace\n")
    md = cli("export", str(data), "--letter", "--variant", "lab", "--format", "markdown", cwd=data.parent)
    assert "A paragraph for **research** labs only." in md.stdout
    bad = cli("export", str(data), "--letter", "--format", "json-resume", cwd=data.parent)
    assert bad.returncode == 2 and "a letter is exported as text or markdown" in bad.stderr


def test_errors_say_where(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(LETTER.replace("date: 2025-03-14", "date: 2025-02-30")
                    .replace("  salutation:", "  salutaton:")
                    .replace("    role: Engineer\n", ""), encoding="utf-8")
    r = cli("validate", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1
    assert "cv.yaml:13:3: letter.date: day 30 does not exist in that month (found '2025-02-30'; expected a day " \
           "as 2025-03-14 (year-month-day), or today)" in r.stderr
    assert "cv.yaml:14:3: letter.salutaton: unknown field `salutaton`" in r.stderr
    assert "did you mean `salutation`?" in r.stderr
    # {role} in a variant that names none: where it is written, in validate and in every build
    path.write_text(LETTER.replace("    role: Engineer\n", ""), encoding="utf-8")
    for args in (("validate", "cv.yaml"), ("build", "cv.yaml"), ("letter", "cv.yaml", "--variant", "lab")):
        r = cli(*args, cwd=tmp_path)
        assert r.returncode == 1, args
        assert "cv.yaml:16:7: letter.paragraphs[0].text: the letter says {role}, but the variant `shop` gives no role" \
               in r.stderr, (args, r.stderr)
        assert "hint: give the variant a `role` (`role: …` under `variants: shop:`)" in r.stderr
    # without a variant, {role} has nothing to fill it
    path.write_text(LETTER, encoding="utf-8")
    r = cli("letter", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1
    assert "the letter says {role}, which only a variant fills in" in r.stderr
    assert "cv-builder letter --variant NAME` (variants: lab, shop)" in r.stderr
    # a field no letter fills in is printed as written, and said so
    path.write_text(LETTER.replace("{organisation}.", "{organization}."), encoding="utf-8")
    r = cli("letter", "cv.yaml", "--variant", "lab", "-o", "x.pdf", cwd=tmp_path)
    assert r.returncode == 0
    assert "cv.yaml:16:7: warning: letter.paragraphs[0].text: `{organization}` is not a field a letter fills in" in r.stderr
    assert "did you mean `organisation`?" in r.stderr
    # a variant that leaves its letter no paragraph, a letter with none
    path.write_text(textwrap.dedent("""\
        name: Ada
        sections: {about: Text.}
        letter:
          paragraphs: [{text: Only for B., tags: [b]}]
        variants:
          a: {include: [a], letter: {closing: Bye}}
          b: {include: [b]}
        """).replace("{about: Text.}", "{about: [{text: Text., tags: [a]}]}"), encoding="utf-8")
    r = cli("validate", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1
    assert "cv.yaml:6:21: variants.a.letter: the variant `a` leaves its letter with no paragraphs" in r.stderr
    path.write_text("name: Ada\nsections: {about: Text.}\nletter: {closing: Bye}\n", encoding="utf-8")
    r = cli("letter", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1 and "cv.yaml:3:1: letter: the letter has no paragraphs" in r.stderr


def test_no_letter(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("name: Ada\nsections: {about: Text.}\n", encoding="utf-8")
    r = cli("letter", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 1
    assert "has no letter" in r.stderr and "hint: add `letter:` to the data" in r.stderr


GERMAN = textwrap.dedent("""\
    name: Erika Mustermann
    headline: Ingenieurin für Regelungstechnik
    language: de
    location: München
    sections:
      experience:
        - {organisation: Beispiel AG, title: Ingenieurin, start: 2020-09, end: present}
    letter:
      recipient: {name: Frau Dr. Schmidt, address: [Hauptstraße 1, 80331 München]}
      date: 2025-03-14
      subject: "Bewerbung als {role}"
      salutation: Sehr geehrte Frau Dr. Schmidt,
      paragraphs:
        - hiermit bewerbe ich mich als {role} bei {organisation}.
      closing: Mit freundlichen Grüßen
    variants:
      beispiel:
        role: Ingenieurin
        organisation: Beispiel GmbH
    """)


def test_a_german_letter(tmp_path):
    (tmp_path / "cv.yaml").write_text(GERMAN, encoding="utf-8")
    r = cli("letter", "cv.yaml", "--variant", "beispiel", "--layout", "classic", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = PDF(tmp_path / "build" / "Erika_Mustermann_Letter_beispiel_classic.pdf")
    assert pdf.contains_in_order("Erika Mustermann", "Frau Dr. Schmidt", "Beispiel GmbH", "80331 München",
                                 "14. März 2025", "Bewerbung als Ingenieurin", "Sehr geehrte Frau Dr. Schmidt,",
                                 "hiermit bewerbe ich mich als Ingenieurin bei Beispiel GmbH.",
                                 "Mit freundlichen Grüßen", "Erika Mustermann")
    meta = pdf.reader.metadata
    assert meta.title == "Erika Mustermann – Anschreiben"
    assert meta.subject == "Anschreiben (Bewerbung: Ingenieurin bei Beispiel GmbH)"
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "de"


def test_a_chinese_letter(tmp_path):
    cv = (ROOT / "tests" / "inputs" / "languages" / "zh-Hans.yaml").read_text(encoding="utf-8")
    cv = cv.split("\nletter:")[0] + "\n"  # (the corpus CV's own letter replaced by this one)
    cv += textwrap.dedent("""\
        letter:
          recipient: {name: 李经理, organisation: 星海科技, address: [北京市海淀区中关村大街1号]}
          date: 2025-03-14
          subject: 应聘算法工程师
          salutation: 尊敬的李经理：
          paragraphs:
            - 您好！我在推荐系统与大规模模型训练方面有八年的经验，曾在字节跳动与阿里巴巴负责核心模型。
            - 期待与您进一步交流。
          closing: 此致敬礼
        """)
    (tmp_path / "cv.yaml").write_text(cv, encoding="utf-8")
    r = cli("letter", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = PDF(tmp_path / "build" / "王晓明_Letter.pdf")
    squashed = "".join(pdf.text.split())
    for phrase in ("王晓明", "李经理", "星海科技", "2025年3月14日", "应聘算法工程师", "尊敬的李经理：",
                   "曾在字节跳动与阿里巴巴负责核心模型。", "此致敬礼"):
        assert phrase in squashed, phrase
    assert any("DroidSansFallback" in name for name in pdf.fonts())
    assert pdf.reader.metadata.title == "王晓明 – 求职信"


def test_same_bytes_for_the_same_input(data, tmp_path):
    from cv_builder.letter import build

    a = build(data, "sidebar", tmp_path / "a.pdf", variant="lab").output.read_bytes()
    b = build(data, "sidebar", tmp_path / "b.pdf", variant="lab").output.read_bytes()
    assert a == b


def test_dated_the_day_it_is_built_unless_given(data, monkeypatch, tmp_path):
    data.write_text(data.read_text().replace("  date: 2025-03-14\n", ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(MARCH_14) + 86400 * 5))
    from cv_builder.letter import build

    build(data, None, tmp_path / "l.pdf", variant="lab")
    assert "March 19, 2025" in PDF(tmp_path / "l.pdf").text


def test_init_writes_a_letter_that_builds(tmp_path):
    assert cli("init", "cv.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "cv.yaml").read_text()
    assert "\nletter:\n" in text and "# A cover letter in the CV's look" in text
    r = cli("letter", "cv.yaml", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert PDF(tmp_path / "build" / "Jane_Doe_Letter.pdf").contains_in_order("Jane Doe", "Dear Alex Smith,")


ARABIC_LETTER = textwrap.dedent("""\
    letter:
      recipient: {name: السيد أحمد خليل, organisation: شركة الواحة للبرمجيات, address: [شارع الشيخ زايد 12, دبي]}
      date: 2025-03-14
      subject: طلب وظيفة مهندسة برمجيات أولى
      salutation: السيد أحمد خليل المحترم،
      paragraphs:
        - >-
          أتقدم بطلبي لشغل وظيفة مهندسة برمجيات أولى في شركتكم. أعمل منذ عشر سنوات على بناء أنظمة
          موثوقة تخدم ملايين المستخدمين، وأقود حاليًا فريق المنصة في شركة **نخلة للتقنية** في دبي.
        - قبل ذلك عملت خمس سنوات في شركة Careem على خدمات الحجز والتسعير.
      closing: مع خالص التحية،
    """)


def _edges(path, *phrases):
    """The left and right edge of each phrase on the page, found as pdfium reads the text (in
    logical order: it runs the bidi algorithm on what it extracts), or None where it is not."""
    import pypdfium2

    text = pypdfium2.PdfDocument(str(path))[0].get_textpage()
    out = []
    for phrase in phrases:
        found = text.search(phrase).get_next()
        if found is None:
            out.append(None)
            continue
        boxes = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
        out.append((min(b[0] for b in boxes), max(b[2] for b in boxes)))
    return out


@pytest.mark.parametrize("look", ["full", "classic"])
def test_an_arabic_letter_is_mirrored_and_in_arabic(tmp_path, look):
    """Right to left: the text at the right edge of the text column (the column left of the
    dates, as the Arabic CV has it), the date at the line's other end; the date, title and
    subject in Arabic."""
    cv = (ROOT / "tests" / "inputs" / "languages" / "ar.yaml").read_text(encoding="utf-8")
    cv = cv.split("\nletter:")[0] + "\n" + ARABIC_LETTER  # (the corpus CV's own letter replaced by this one)
    (tmp_path / "cv.yaml").write_text(cv, encoding="utf-8")
    r = cli("letter", "cv.yaml", "--layout", look, "-o", "letter.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    phrases = ("ليلى عبد الرحمن", "السيد أحمد خليل", "شركة الواحة للبرمجيات", "14 مارس 2025",
               "طلب وظيفة مهندسة برمجيات أولى", "أتقدم بطلبي", "مع خالص التحية،")
    found = dict(zip(phrases, _edges(tmp_path / "letter.pdf", *phrases)))
    assert None not in found.values(), found
    pdf = PDF(tmp_path / "letter.pdf")
    assert pdf.reader.metadata.title == "ليلى عبد الرحمن – رسالة تقديم"
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "ar"
    name, recipient, date, paragraph, closing = (found[p] for p in (phrases[0], phrases[1], phrases[3], phrases[5],
                                                                     phrases[6]))
    assert abs(recipient[1] - closing[1]) < 1 and abs(paragraph[1] - closing[1]) < 1  # right-aligned, together
    margin = float(pdf.pages[0].mediabox.width) - name[1]  # the header stands at the right margin
    assert abs(date[0] - margin) < 3  # the date at the other end of the line: the left margin
    # the text column left of the column of dates, as in the Arabic CV (both looks have one)
    assert name[1] - closing[1] > 60
    assert cli("build", "cv.yaml", "--layout", look, "-o", "cv.pdf", cwd=tmp_path).returncode == 0
    about, = _edges(tmp_path / "cv.pdf", "أعمل على تصميم")  # the CV's text column: its first paragraph
    assert abs(closing[1] - about[1]) < 4  # (a letter fitted smaller: the gap beside the dates is in proportion)


def test_the_letter_is_a_tagged_pdf_that_passes_the_check(data, tmp_path):
    """Tagged (the name a heading, each part of the letter a paragraph), with its own title, subject
    and keywords; `cv-builder check` finds nothing in it (a letter has no sections: no outline)."""
    import pypdf

    for look in ("full", "sidebar"):
        assert letter(data, "--variant", "lab", "--layout", look, "-o", f"{look}.pdf").returncode == 0
        reader = pypdf.PdfReader(data.parent / f"{look}.pdf")
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) and str(root["/Lang"]) == "en"
        document = root["/StructTreeRoot"]["/K"]
        document = (document[0] if isinstance(document, list) else document).get_object()
        roles = [str(k.get_object()["/S"]) for k in document["/K"]]
        assert roles[0] == "/H1" and set(roles[1:]) == ({"/P", "/Sect"} if look == "sidebar" else {"/P"}), roles
        assert roles.count("/P") >= 11  # headline, 3 lines of recipient, date, salutation, 3 paragraphs, closing, signature
        assert roles.count("/Sect") == (look == "sidebar")  # the sidebar's contact details, under their title
        # no bookmarks but the sidebar's title of its contact details, and none shown on opening
        assert [o["/Title"] for o in reader.outline] == (["Contact"] if look == "sidebar" else [])
        assert str(root["/PageMode"]) == "/UseNone"
        assert reader.metadata["/Keywords"].startswith("Cover letter, Ada Lovelace")
        r = cli("check", f"{look}.pdf", cwd=data.parent)
        assert r.returncode == 0 and r.stderr == "", r.stderr


def test_fitted_spacing_first_then_type(data, tmp_path):
    """As the one-page CV: a letter a little too long is fitted by its spacing alone (type as
    designed); a longer one at the tightest spacing, with smaller type."""
    from cv_builder.letter import build

    sentence = "A sentence of the letter that says something, at some length."
    text = data.read_text()
    results = []
    for n in (14, 18):  # paragraphs of three sentences: a page and a few lines, a page and a dozen
        long = ("    - " + " ".join([sentence] * 3) + "\n") * n
        data.write_text(text.replace("    - I look forward", long + "    - I look forward"))
        results.append(build(data, "full", tmp_path / f"{n}.pdf", variant="lab"))
    slightly, much = results
    tightest = layout.load("full", 1).fit.min_spacing  # (the one-page CV's floors: 90 % of the grid)
    assert slightly.type_scale == 1.0 and tightest <= slightly.space_scale < 1, (slightly.type_scale,
                                                                                 slightly.space_scale)
    assert 0.85 <= much.type_scale < 0.95 and abs(much.space_scale - tightest) < 1e-3, (much.type_scale,
                                                                                       much.space_scale)
    with pdfplumber.open(tmp_path / "18.pdf") as pdf:
        assert min(round(c["size"], 2) for c in pdf.pages[0].chars) >= 8.5


def test_a_tagged_cv_without_its_outline_is_still_told_of_it(build_pdf, tmp_path):
    """What lets a letter pass `check` without an outline (tags with at most one section) does not
    let a CV: its tags hold its sections."""
    import pikepdf

    with pikepdf.open(build_pdf()[0].path) as pdf:
        del pdf.Root.Outlines
        pdf.save(tmp_path / "cv.pdf")
    r = cli("check", str(tmp_path / "cv.pdf"))
    assert "warning: it has no outline (bookmarks)" in r.stderr, r.stderr


def test_a_cv_build_loads_no_letter_code(tmp_path):
    """A CV's build (of data with letters, in each variant) does not pay for letters: their
    modules are imported only by what builds one. (Each variant's letter is still checked, as
    the data it is: a broken letter is a broken file.)"""
    import subprocess
    import sys

    code = ("import sys; from cv_builder import build\n"
            "for variant in (None, 'research-scientist', 'applied'):\n"
            f"    build.build('data/cv.yaml', None, {str(tmp_path)!r} + f'/{{variant}}.pdf', variant=variant)\n"
            "print(sorted(m for m in sys.modules if m.startswith('cv_builder') and 'letter' in m))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_same_rhythm_in_a_compact_look(data):
    """A letter is spaced in lines of its text (a blank line between its blocks, half of one
    between paragraphs, three to sign in: the look's grid of half lines), so the one-page look, whose CV is set close,
    sets its letter as the full look does, only in its own (smaller) type."""
    gaps = {}
    for look in ("full", "one-page"):
        assert letter(data, "--variant", "lab", "--layout", look, "-o", f"{look}.pdf").returncode == 0
        with pdfplumber.open(data.parent / f"{look}.pdf") as pdf:
            lines = pdf.pages[0].extract_text_lines()
        top = {line["text"]: line["top"] for line in lines}
        size = next(c["size"] for c in lines[-1]["chars"])  # the signature: the text's size

        def gap(a, b):
            return (top[b] - top[a]) / size  # from line to line, in the text's size

        gaps[look] = (gap("London", "March 14, 2025"), gap("Dear Mr Babbage,", "I write to apply for the position of "
                      "Research Scientist at Example Lab."),
                      gap("A paragraph for research labs only.", "I look forward to hearing from you."),
                      gap("Yours sincerely,", "Ada Lovelace"))
    for full, compact in zip(gaps["full"], gaps["one-page"]):
        assert abs(full - compact) / full < 0.05, gaps
    blank, between, signing = gaps["full"][0], gaps["full"][2], gaps["full"][3]
    assert 2.4 < blank < 2.6 and 1.8 < between < 1.95 and 4.8 < signing < 5.2, gaps  # 2, 1.5 and 4 lines of 1.25


def test_too_long_says_which_letter(data):
    """A variant's letter made whole is located where the variant's `letter:` is written (its
    field path the same), a variant without one where the data's is."""
    long = "    - text: " + " ".join(["A sentence of the letter that says something, at some length."] * 200)
    data.write_text(data.read_text().replace("    - I look forward", long + "\n      tags: [product]\n"
                                             "    - I look forward"))
    r = letter(data, "--variant", "shop")
    assert r.returncode == 1 and r.stderr.startswith("cv.yaml:33:5: variants.shop.letter: the letter is too long"), \
        r.stderr
    data.write_text(data.read_text().replace("    - I look forward", long + "\n      tags: [research]\n"
                                             "    - I look forward"))
    r = letter(data, "--variant", "lab")
    assert r.returncode == 1 and r.stderr.startswith("cv.yaml:9:1: letter: the letter is too long"), r.stderr


def test_validate_points_out_a_placeholder_as_the_letter_does(data):
    """`validate` says what `cv-builder letter` says of a placeholder left in a letter: once,
    where it is written, as a warning (the file is still valid)."""
    data.write_text(data.read_text().replace("name: Charles Babbage", "name: <Name of the hiring manager>"))
    r = cli("validate", "cv.yaml", cwd=data.parent)
    assert r.returncode == 0, r.stderr
    assert "cv.yaml is valid" in r.stdout
    warnings = [line for line in r.stderr.splitlines() if "warning" in line]
    assert warnings == ["cv.yaml:11:5: warning: letter.recipient.name: the letter still has a placeholder: "
                        "<Name of the hiring manager>"]
    data.write_text(data.read_text().replace("<Name of the hiring manager>", "Charles Babbage"))
    r = cli("validate", "cv.yaml", cwd=data.parent)
    assert r.returncode == 0 and "placeholder" not in r.stderr
