"""A4 and Letter: the grid derives from the page, so both lay out correctly: the page
has the paper's size, text runs from margin to margin and never outside the frame,
and a fitted layout still fits."""

import pdfplumber
import pytest

from conftest import LAYOUTS
from cv_builder import layout as layouts

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_fills_the_frame_of_the_paper_and_stays_in_it(build_pdf, layout, paper):
    pdf, result = build_pdf(layout=layout, paper=paper)
    spec = layouts.load(layout)
    w, h = PAPERS[paper]
    side, top, bottom = w * spec.margins.side, h * spec.margins.top, h * spec.margins.bottom
    if spec.fit:
        assert result.pages == spec.fit.pages
    with pdfplumber.open(str(pdf.path)) as doc:
        assert len(doc.pages) == result.pages
        lefts, rights = [], []
        for n, page in enumerate(doc.pages, 1):
            assert (round(float(page.width), 2), round(float(page.height), 2)) == (w, h)
            chars = [c for c in page.chars if c["text"].strip()]
            assert chars, f"page {n} is blank"
            head = [c for c in chars if c["top"] < top - 0.5]  # above the frame: the running head only
            if head:
                assert n > 1 and spec.running_head, (n, "".join(c["text"] for c in head))
                text = "".join(c["text"] for c in head).replace(" ", "")
                assert text == f"DustinPodell·CurriculumVitae{n}/{result.pages}", text
            for c in chars:
                assert side - 0.5 <= c["x0"] and c["x1"] <= w - side + 0.5, (n, c["text"], c["x0"], c["x1"])
                assert c["bottom"] <= h - bottom + 0.5, (n, c["text"], c["bottom"])
            lefts.append(min(c["x0"] for c in chars))
            rights.append(max(c["x1"] for c in chars))
        # the left column starts at the left margin; dates end at the right margin
        assert abs(min(lefts) - side) < 1, (min(lefts), side)
        assert abs(max(rights) - (w - side)) < 1, (max(rights), w - side)
