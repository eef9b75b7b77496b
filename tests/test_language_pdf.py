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


def test_a_variant_in_another_language(tmp_path):
    """One CV, an English and a German application: the German one's dates, titles, running
    head, subject and /Lang are German; the English one's as before."""
    from cv_builder.build import build

    data = tmp_path / "cv.yaml"
    data.write_text(
        "name: Ada Example\n"
        "sections:\n"
        "  experience:\n"
        "    - {organisation: Example Lab, title: Engineer, start: 2021-09, end: present}\n"
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
