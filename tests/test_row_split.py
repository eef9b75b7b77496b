"""A Row (a text and its date, first baselines level) splits into parts that fit
(issue 20, item 9): with valid layout values such as body 7 pt and detail 12 pt, the
first part of a split ignored how far draw() lowers the smaller side, was still too
tall, and the build failed with "too tall to fit on a page" for a three-line item."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from conftest import PDF
from cv_builder.build import build
from cv_builder.render.flowables import Para, Row

TEXT = ("Item with a text long enough to run over several lines in the body column of the page, "
        "and then some more words to be sure that it wraps again and again and again.")


def _row(body: float, date: float, date_left: bool = False) -> Row:
    text = Para(TEXT, ParagraphStyle("body", fontName="Helvetica", fontSize=body, leading=body * 1.25))
    period = Para("2012 – 2013", ParagraphStyle("date", fontName="Helvetica", fontSize=date,
                                                 leading=date * 1.25, alignment=2))
    return Row(period, text, 300) if date_left else Row(text, period, 70)


@pytest.mark.parametrize("body,date", [(7, 12), (12, 7), (9.5, 8.9), (7, 14), (8, 8)])
@pytest.mark.parametrize("date_left", [False, True])
def test_every_first_part_of_a_split_fits_the_space(body, date, date_left):
    width = 420
    whole = _row(body, date, date_left)
    _, height = whole.wrap(width, 1000)
    for tenth in range(1, int(height * 10)):
        space = tenth / 10
        row = _row(body, date, date_left)
        parts = row.split(width, space)
        if not parts:
            continue
        _, first = parts[0].wrap(width, space)
        assert first <= space + 1e-6, (space, first)
        if len(parts) == 2:  # nothing lost: the rest holds what the first part does not
            _, rest = parts[1].wrap(width, 1000)
            assert 0 < rest < height


def test_a_timeline_with_small_body_and_large_dates_builds(tmp_path):
    look = tmp_path / "small-body.yaml"
    look.write_text("extends: full\nsizes: {body: 7, detail: 12}\n", encoding="utf-8")
    items = "\n".join(f"    - start: {2000 + i % 20}\n      end: {2001 + i % 20}\n"
                      f"      text: Item {i} with a text long enough to run over three lines at seven points in the "
                      "body column of the page, and then some more words to be sure it wraps again and again here "
                      "we go, and once more." for i in range(60))
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: Test Person\nsections:\n  timeline:\n{items}\n", encoding="utf-8")
    out = tmp_path / "cv.pdf"
    result = build(data, str(look), out)  # raised CVError "too tall to fit on a page" before
    pdf = PDF(out)
    assert result.pages == len(pdf.pages) >= 2
    assert not pdf.missing(*(f"Item {i} with a text" for i in range(60)))
