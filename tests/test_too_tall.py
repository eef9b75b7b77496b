"""Too tall: anything taller than a page splits across pages, and every word reaches the text layer."""

from __future__ import annotations

import json
import re

import pytest

from conftest import PDF
from cv_builder.build import build

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit "


def q(text) -> str:
    return json.dumps(text)


CASES = {
    "a bullet over two pages": f"name: A\nsections:\n  experience:\n    - title: T\n      organisation: O\n"
                           f"      start: 2020\n      bullets:\n        - {q(WORDS * 340)}\n",
    "300 bullets in one entry": "name: A\nsections:\n  experience:\n    - title: T\n      organisation: O\n"
                                "      start: 2020\n      bullets:\n"
                                + "".join(f"        - lorem bullet {i}\n" for i in range(300)),
    "a huge title, organisation and place": f"name: A\nsections:\n  experience:\n    - title: {q(WORDS * 300)}\n"
                                            f"      organisation: {q(WORDS * 300)}\n      place: {q(WORDS * 100)}\n"
                                            "      start: 2020\n",
    "a long name, a huge headline and intro": f"name: {q(WORDS * 2)}\nheadline: {q(WORDS * 200)}\n"
                                       f"intro: {q(WORDS * 340)}\nsections:\n  about: lorem\n",
    "200 tags and a 5000-letter one": "name: A\nsections:\n  skills:\n"
                                      + "".join(f"    - lorem skill {i}\n" for i in range(200))
                                      + f"  focus:\n    - {'lorem' * 1000}\n",
    "a figure with very long text": f"name: A\nsections:\n  figures:\n    - value: {q(WORDS * 50)}\n"
                                    f"      label: {q(WORDS * 200)}\n      note: {q(WORDS * 200)}\n"
                                    "    - value: 1\n      label: lorem\n",
    # (a section title holds at most 150 characters: tests/test_validate_build_agree.py)
    "a long section title": f"name: A\nsections:\n  mine:\n    title: {q(WORDS * 2)}\n    kind: text\n"
                            f"    items: [{q(WORDS * 340)}]\n",
    "a publication with 2000 authors": f"name: A\nsections:\n  publications:\n    - title: {q(WORDS * 300)}\n"
                                       f"      authors: {q(['lorem %d' % i for i in range(2000)])}\n"
                                       f"      venue: {q(WORDS * 100)}\n      year: 2020\n      note: {q(WORDS * 300)}\n",
    "a long timeline period": f"name: A\nsections:\n  timeline:\n    - text: {q(WORDS * 340)}\n      start: 2020\n",
    "a long project": f"name: A\nsections:\n  models:\n    - name: {q(WORDS * 300)}\n      year: 2020\n"
                      f"      role: {q(WORDS * 200)}\n      description: {q(WORDS * 340)}\n",
}


def count(text: str) -> int:
    """How many times 'lorem' occurs, also across a line break inside a very long word."""
    return len(re.findall("lorem", re.sub(r"\s+", "", text)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_tall_content_splits_and_loses_nothing(case, tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(CASES[case])
    result = build(data, output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert result.pages == len(pdf.pages) >= 2
    # without the running heads and page numbers (a page number read inside a word split across pages
    # would split a "lorem")
    body = "\n".join(re.sub(r"^(.*Curriculum Vitae.*|\d+ / \d+)$", "", t, flags=re.M) for t in pdf.page_texts)
    assert count(body) == count(CASES[case]), "text was lost or repeated"


def test_a_grid_cell_taller_than_a_page_splits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "grid.yaml").write_text("options:\n  projects: {style: grid, columns: 3}\n")
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: A\nsections:\n  models:\n    - name: {q(WORDS * 20)}\n"
                    f"      description: {q(WORDS * 300)}\n    - name: lorem\n")
    result = build(data, layout_name="grid", output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    assert result.pages >= 2
    assert count(pdf.text) == count(data.read_text())


def test_a_long_name_is_shortened_in_the_running_head(tmp_path):
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: {q('Ada ' + WORDS * 2)}\nsections:\n  about: {q(WORDS * 300)}\n")
    build(data, output=tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    head = pdf.page_texts[1].splitlines()[0]
    assert head.startswith("Ada lorem ipsum") and "… · Curriculum Vitae" in head
    assert re.search(r"2 / \d+", pdf.page_texts[1])


def test_a_text_longer_than_any_cv_field_is_an_error(tmp_path):
    """A field may hold 20,000 characters (three pages as one paragraph); a longer one is refused
    with its place: each page's split breaks the rest of a paragraph again, so the time grows
    with the square of its length (a megabyte in one field took hours)."""
    from cv_builder.errors import CVError

    data = tmp_path / "cv.yaml"
    data.write_text(f"name: A\nsections:\n  about: [{q(WORDS * 400)}]\n")
    with pytest.raises(CVError) as err:
        build(data, output=tmp_path / "cv.pdf")
    assert str(err.value).startswith(f"{data}:3:11: sections.about[0].text: this text is 21,999 characters long; "
                                     "a field of a CV holds at most 20,000")
