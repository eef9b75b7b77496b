"""A CV's language in its PDF: what a reader of a German, French, Chinese, … CV sees.

Dates, "present", the running head, the page numbers, the sidebar's contact title,
the PDF's subject and /Lang are the CV's language's (the words and dates themselves
are tested in tests/test_languages.py; here, that the PDF prints them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cv_builder.lang import resolve

from conftest import PDF

CORPUS = Path(__file__).resolve().parent / "inputs" / "languages"


@pytest.fixture(scope="module")
def german(build_pdf):
    return build_pdf(CORPUS / "de.yaml")[0]


def test_dates_and_present_in_the_cv_s_language(german):
    # Apr. 2021 – heute: CLDR's German month, the data's `end: heute` as written
    assert german.contains_in_order("Nordlicht Logistik GmbH", "Apr. 2021 – heute")
    assert "Sept. 2016 – März 2021" in german.text
    assert "Present" not in german.text and "Sep 2016" not in german.text


def test_running_head_and_page_numbers(german):
    assert len(german.pages) >= 2
    page2 = german.page_texts[1]
    assert "Johanna Weißmüller · Lebenslauf" in page2
    assert f"2 / {len(german.pages)}" in page2
    assert "Curriculum Vitae" not in german.text


def test_metadata_language_and_subject(german):
    meta = german.reader.metadata
    assert german.reader.trailer["/Root"]["/Lang"] == "de"
    assert meta.subject.startswith("Softwareentwicklerin")


#: an English CV of one job, which the variants below apply for in German
ADA = ("name: Ada Example\n"
       "sections:\n"
       "  experience:\n"
       "    - {organisation: Example Lab, title: Engineer, start: 2021-09, end: present}\n")


def test_a_variant_in_another_language(tmp_path):
    """One CV, an English and a German application: the German one's dates, titles, running
    head, subject and /Lang are German; the English one's as before."""
    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text(
        ADA +
        "  education:\n"
        "    - {organisation: Example University, title: MSc, start: 2016, end: 2018}\n"
        "variants:\n"
        "  de:\n"
        "    language: de\n"
        "    role: Ingenieurin\n"
        "    organisation: Beispiel GmbH\n", encoding="utf-8")
    en = PDF(build(data, output=tmp_path / "en.pdf").output)
    de = PDF(build(data, output=tmp_path / "de.pdf", variant="de").output)
    assert en.contains_in_order("Experience", "Sep 2021 – Present", "Education", "2016 – 2018")
    assert de.contains_in_order("Berufserfahrung", "Sept. 2021 – heute", "Ausbildung", "2016 – 2018")
    assert de.reader.metadata.subject == "Lebenslauf (Bewerbung: Ingenieurin bei Beispiel GmbH)"
    assert de.reader.trailer["/Root"]["/Lang"] == "de"
    assert en.reader.trailer["/Root"]["/Lang"] == "en"


def test_a_variant_in_another_language_has_its_letter_in_it(tmp_path):
    """The letter of the German application is dated, titled and tagged in German, that of the
    English CV in English: the letter follows the variant's language, as its CV does."""
    from cv_builder import letter

    data = tmp_path / "cv.yaml"
    data.write_text(
        ADA +
        "letter:\n"
        "  recipient: {name: Dr. Muster, organisation: Example Lab}\n"
        "  date: 2025-03-14\n"
        "  salutation: Dear Dr. Muster,\n"
        "  paragraphs: [I apply.]\n"
        "  closing: Kind regards,\n"
        "variants:\n"
        "  de:\n"
        "    language: de\n"
        "    role: Ingenieurin\n"
        "    organisation: Beispiel GmbH\n"
        "    letter: {salutation: 'Sehr geehrte Frau Dr. Muster,', paragraphs: [Ich bewerbe mich.],\n"
        "             closing: Mit freundlichen Grüßen}\n", encoding="utf-8")
    en = PDF(letter.build(data, output=tmp_path / "en.pdf").output)
    de = PDF(letter.build(data, output=tmp_path / "de.pdf", variant="de").output)
    assert en.contains_in_order("March 14, 2025", "Dear Dr. Muster,", "Kind regards,")
    assert de.contains_in_order("14. März 2025", "Sehr geehrte Frau Dr. Muster,", "Mit freundlichen Grüßen")
    assert en.reader.metadata.title == "Ada Example – Cover letter"
    assert de.reader.metadata.title == "Ada Example – Anschreiben"
    assert de.reader.metadata.subject == "Anschreiben (Bewerbung: Ingenieurin bei Beispiel GmbH)"
    assert (en.reader.trailer["/Root"]["/Lang"], de.reader.trailer["/Root"]["/Lang"]) == ("en", "de")


def test_the_sidebar_s_contact_title(build_pdf):
    pdf = build_pdf(CORPUS / "de.yaml", "sidebar")[0]
    assert pdf.contains_in_order("Kontakt", "Berlin")
    assert "Contact" not in pdf.text


@pytest.mark.parametrize("tag", ["fr", "pl", "ru", "el", "tr"])
def test_each_latin_cyrillic_greek_cv_prints_its_own_words(build_pdf, tag):
    language = resolve(tag)
    pdf = build_pdf(CORPUS / f"{tag}.yaml")[0]
    assert language.title("experience") in pdf.text
    assert language.running_head in pdf.text or len(pdf.pages) == 1
    assert "Present" not in pdf.text and "Curriculum Vitae" not in pdf.text


# -- Chinese, Japanese, Korean -----------------------------------------------------------
CJK = ["zh-Hans", "zh-Hant", "ja", "ko"]


def pdfium_lines(path) -> list[str]:
    """Each page's lines of text as pdfium reads them (the order a reader's copy gives)."""
    import pypdfium2

    out = []
    for page in pypdfium2.PdfDocument(str(path)):
        out += page.get_textpage().get_text_range().splitlines()
    return out


def _faces(pdf: PDF) -> set[str]:
    import re

    return {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in pdf.fonts()}


@pytest.mark.parametrize("tag", CJK)
def test_cjk_is_drawn_in_the_shipped_cjk_font(build_pdf, tag):
    """Every character drawn (the self-check finds no character without a glyph or a Unicode
    mapping), CJK in Droid Sans Fallback, Latin letters and digits in the look's Source Sans."""
    pdf, result = build_pdf(CORPUS / f"{tag}.yaml")
    assert result.warnings == []
    assert {"DroidSansFallback", "SourceSans3-Regular"} <= _faces(pdf)
    language = resolve(tag)
    text = "".join(pdfium_lines(pdf.path))
    assert "\ufffd" not in text
    # (the running head: from page 2; a CV of a page and a bit is tightened onto one page)
    assert language.title("experience") in text and (len(pdf.pages) == 1 or language.running_head in text)
    assert language.present in text or any(w in text for w in ("至今", "現在", "현재"))


def test_cjk_dates(build_pdf):
    assert "2022年3月 – 至今" in build_pdf(CORPUS / "zh-Hans.yaml")[0].text
    assert "2021年4月 – 現在" in build_pdf(CORPUS / "ja.yaml")[0].text


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-Hant", "ja"])
def test_no_cjk_line_starts_with_closing_punctuation_and_no_latin_word_is_split(build_pdf, tag):
    """Chinese and Japanese break between characters, by the punctuation rules; Latin words
    and numbers inside them stay whole (every one of the data's Latin words is on one line)."""
    import re

    from cv_builder import schema
    from cv_builder.lang.cjk import CANNOT_END, CANNOT_START

    pdf = build_pdf(CORPUS / f"{tag}.yaml")[0]
    lines = [line.strip() for line in pdfium_lines(pdf.path) if line.strip()]
    assert not [line for line in lines if line[0] in CANNOT_START], lines
    assert not [line for line in lines if line[-1] in CANNOT_END], lines
    cv = schema.load(CORPUS / f"{tag}.yaml")
    texts = [text for text, _, path in cv.strings if path not in ("language", "owner") and "://" not in text
             and "@" not in text and not path.startswith(("owner", "letter"))]  # (addresses break by their own rules;
    # the letter is not in the CV)
    words = {w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z+#]+|\d+(?:[.,/]\d+)+", text)}
    assert words
    split = [w for w in words if not any(w in line for line in lines)]
    assert not split, split
    # lines break between characters: a paragraph with no space in it fills its lines
    assert max(len(line) for line in lines) > 30


def test_bold_cjk_is_visibly_bold(tmp_path):
    """The CJK font has one weight: text set in bold is drawn stroked (text render mode 2),
    with about half again the ink of regular, and reads back as the same text."""
    from cv_builder.build import build

    text = "北京大学计算机科学与技术系"
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: 王晓明\nlanguage: zh-Hans\nsections:\n  about:\n    - '**{text}**'\n    - '{text}'\n",
                    encoding="utf-8")
    build(data, output=tmp_path / "cv.pdf")
    ink = _ink(tmp_path / "cv.pdf", text)
    assert len(ink) == 2, ink  # the bold paragraph, then the regular one
    assert ink[0] > ink[1] * 1.2, ink
    content = b"".join(p.get_contents().get_data() for p in PDF(tmp_path / "cv.pdf").pages)
    assert b" w 2 Tr " in content and b" 0 Tr " in content


def _ink(path, text: str, page_index: int = 0) -> list[float]:
    """The share of dark pixels in the box of each place ``text`` is drawn on a page."""
    import pypdfium2

    page = pypdfium2.PdfDocument(str(path))[page_index]
    textpage = page.get_textpage()
    image = page.render(scale=3).to_pil().convert("L")
    ink = []
    for start in [m for m in range(textpage.count_chars()) if textpage.get_text_range(m, len(text)) == text]:
        boxes = [textpage.get_charbox(i) for i in range(start, start + len(text))]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        h = page.get_height()
        crop = image.crop((int(left * 3), int((h - top) * 3), int(right * 3), int((h - bottom) * 3)))
        histogram = crop.histogram()
        ink.append(sum(histogram[:128]) / sum(histogram))
    return ink


def test_a_japanese_name_s_family_name_is_the_bold_one(build_pdf):
    """佐藤 美咲: the family name comes first and is the one set in the name's (bold) face, the
    given name in the look's light one, as "Ada **Lovelace**" in English."""
    pdf = build_pdf(CORPUS / "ja.yaml")[0]
    family, given = _ink(pdf.path, "佐藤")[0], _ink(pdf.path, "美咲")[0]
    assert family > given * 1.2, (family, given)


@pytest.mark.parametrize("name, language, family", [("Kovács Anna", "hu", "Kovács"), ("Anna Kovács", "en", "Kovács"),
                                                    ("Misaki Sato", "ja", "Sato")])
def test_the_family_name_is_set_in_the_name_face_where_the_language_writes_it(tmp_path, name, language, family):
    import pdfplumber

    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text(f"name: {name}\nlanguage: {language}\nsections:\n  about: [Text.]\n", encoding="utf-8")
    build(data, output=tmp_path / "cv.pdf")
    with pdfplumber.open(str(tmp_path / "cv.pdf")) as pdf:
        chars = pdf.pages[0].chars
    size = max(c["size"] for c in chars)
    faces = {}
    for c in chars:
        if c["size"] == size and c["text"].strip():
            faces.setdefault(c["fontname"].split("+")[-1], []).append(c["text"])
    light = [face for face in faces if face.endswith("Light")]
    assert len(light) == 1 and len(faces) == 2, faces
    assert "".join(faces[next(f for f in faces if f not in light)]) == family


def test_a_cjk_name_keeps_its_file_name(tmp_path):
    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text("name: 王晓明\nlanguage: zh-Hans\nsections:\n  about: [我在北京大学学习计算机科学。]\n",
                    encoding="utf-8")
    result = build(data, folder=tmp_path / "out")
    assert result.output.name == "王晓明_CV.pdf" and result.output.is_file()


def test_a_cv_in_english_words_with_a_cjk_language_draws_its_titles(tmp_path):
    """language: ja on a CV whose data has no Japanese: the titles, dates and running head
    are Japanese, and drawn (the CJK font is in the chain for the language's words too)."""
    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text("name: Ada Example\nlanguage: ja\nsections:\n  experience:\n"
                    "    - {organisation: Example Lab, title: Engineer, start: 2021-09, end: present}\n",
                    encoding="utf-8")
    result = build(data, output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert result.warnings == []
    assert pdf.contains_in_order("職歴", "2021年9月 – 現在")
    assert "DroidSansFallback" in _faces(pdf)


# -- right to left -------------------------------------------------------------------------
RTL = ["ar", "he"]


def chars(path, page: int = 0):
    """(character, x0, x1, baseline) of each character drawn on a page, as pdfplumber reads them."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [(c["text"], c["x0"], c["x1"], round(c["matrix"][5])) for c in pdf.pages[page].chars]


@pytest.mark.parametrize("tag", RTL)
def test_right_to_left_cvs_read_back_in_logical_order(build_pdf, tag):
    """pdfium (Chrome's reader) runs the bidi algorithm on what it extracts: it reads the
    name, the titles and the sentences as they were written, every joined Arabic form as
    its letter, and the phone number as the number."""
    import re

    from cv_builder import schema

    pdf, result = build_pdf(CORPUS / f"{tag}.yaml")
    assert result.warnings == []
    cv = schema.load(CORPUS / f"{tag}.yaml")
    lines = pdfium_lines(pdf.path)
    text = " ".join(" ".join(lines).split())
    assert lines[0].strip() == cv.name
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufefc\ufffd]", text)  # no presentation form, nothing unmapped
    language = resolve(tag)
    titles = [language.title(s.id) for s in cv.sections]
    positions = [text.find(t) for t in titles]
    assert -1 not in positions and positions == sorted(positions), titles
    first = " ".join(cv.section("about").items[0].text.plain.split()[:4])
    assert first in text
    assert cv.header.phone in text


def test_pdftotext_reads_a_hebrew_cv_in_logical_order(build_pdf):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed; .ci/run installs it")
    pdf = build_pdf(CORPUS / "he.yaml")[0]
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf.path), "-"], capture_output=True, text=True).stdout
    text = " ".join(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out).split())
    for phrase in ("נועה בן-דוד", "ניסיון תעסוקתי", "מהנדסת תוכנה בכירה", "ראש צוות פלטפורמה"):
        assert phrase in text, text[:400]


import re  # noqa: E402  (for the test above)


@pytest.mark.parametrize("tag", RTL)
def test_a_right_to_left_cv_is_mirrored(build_pdf, tag, tmp_path):
    """The full look mirrored: its date column, where lines start (the left in a left-to-right
    CV), on the right, the text column to its left, right-aligned, with bullets hanging on
    its right; the running head's name on the right and its page number on the left."""
    import yaml

    from cv_builder import schema

    pdf = build_pdf(CORPUS / f"{tag}.yaml")[0]
    cv = schema.load(CORPUS / f"{tag}.yaml")
    page = chars(pdf.path)
    width = float(pdf.pages[0].mediabox.width)
    experience = cv.section("experience").items[0]
    rows: dict[int, list] = {}
    for c in page:
        rows.setdefault(c[3], []).append(c)
    year = str(experience.start.year)
    right_edge = max(c[2] for c in page if c[0].strip())  # (a space may follow a line's end)

    def entry_row(row) -> bool:  # the dates in the column at the right, the organisation to their left
        text = "".join(c[0] for c in sorted(row, key=lambda c: c[1]))
        digits = [c for c in row if c[0].isdigit()]
        return year in text and min(c[1] for c in digits) > width * 0.7 and \
            min(c[1] for c in row if c[0].strip()) < width * 0.7 - 10

    assert any(entry_row(row) for row in rows.values())
    bullets = [c for c in page if c[0] == "•"]
    assert bullets and all(c[1] > width * 0.6 for c in bullets)  # bullets at the right of the text column
    # the page furniture of a second page: the CV with its experience three times over
    data = yaml.safe_load((CORPUS / f"{tag}.yaml").read_text(encoding="utf-8"))
    data["sections"]["experience"] *= 3
    longer = tmp_path / f"{tag}.yaml"
    longer.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pdf = build_pdf(longer)[0]
    assert len(pdf.pages) >= 2
    second = chars(pdf.path, 1)
    head = [c for c in second if abs(c[3] - max(c[3] for c in second)) < 2]  # (PDF y grows upwards)
    assert [c for c in head if c[0] == "/"][0][1] < width / 3  # the page number at the left
    assert max(c[2] for c in head if not c[0].isdigit() and c[0] not in "/ ") > right_edge - 1


def test_the_sidebar_is_on_the_right_in_a_right_to_left_cv(build_pdf):
    import pypdfium2

    pdf = build_pdf(CORPUS / "ar.yaml", "sidebar")[0]
    page = pypdfium2.PdfDocument(str(pdf.path))[0]
    textpage = page.get_textpage()
    found = textpage.search(resolve("ar").contact).get_next()  # the sidebar's title, "Contact"
    assert found is not None
    boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    assert min(b[0] for b in boxes) > page.get_width() * 0.6


def test_phone_numbers_and_addresses_keep_their_order_in_right_to_left_text():
    from cv_builder.lang import bidi

    assert bidi.visual("דובאי · +971 4 123 4567 · layla@example.org", "rtl") == \
        "layla@example.org · +971 4 123 4567 · יאבוד"
    assert bidi.visual("טלפון 03 123 4567", "rtl") == "03 123 4567 ןופלט"
    assert bidi.visual("2019 – 2023", "rtl") == "2023 – 2019"  # a period still reads from the right


def test_bidi_controls_in_the_data_build_and_are_not_drawn(tmp_path):
    """Text copied from a web page or a word processor carries invisible bidi controls (an
    isolate around a Latin phrase, marks): the build orders the text by them, draws none of
    them, and the text layer has none (before, an isolate stopped the build with exit 3)."""
    import re

    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text('name: "ليلى \\u200f(Layla)\\u200e"\nlanguage: ar\nsections:\n  about:\n'
                    '    - "أعمل بلغة \\u2066Python 3\\u2069 منذ 2015، وبلغة \\u2067عربي\\u2069."\n'
                    '  skills: ["\\u2066Go\\u2069", "Ada \\u2066x\\u2069 done"]\n', encoding="utf-8")
    result = build(data, output=tmp_path / "cv.pdf")
    assert result.warnings == [], [p.format() for p in result.warnings]
    text = " ".join(pdfium_lines(tmp_path / "cv.pdf"))
    assert not re.search("[\u202a-\u202e\u2066-\u2069\ufffd]", text)
    assert "Ada x done" in text and "Python" in text
    drawn = {}
    for c, x0, _, baseline in chars(tmp_path / "cv.pdf"):  # (pdfium reads "3 Python": its own bidi step)
        drawn.setdefault(baseline, []).append((x0, c))
    assert any("Python 3" in "".join(c for _, c in sorted(line)) for line in drawn.values())
