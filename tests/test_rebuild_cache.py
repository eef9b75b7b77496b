"""A rebuild in the same process (a watch loop, a fitter's trials, a batch) takes
parsed paragraphs and broken lines from the caches of :mod:`cv_builder.memo`:
what it makes must be byte for byte what a fresh process makes."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, LAYOUTS, PDF
from cv_builder.build import build
from cv_builder import memo
from cv_builder.render.flowables import Para

MIXED = "**lorem** ipsum [dolor](https://example.org) *sit* amet consectetur "  # bold, link, italic: ReportLab's frag lines


def fresh(data, layout, out, **kw) -> bytes:
    memo.clear()
    build(data, layout, out, **kw)
    return out.read_bytes()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_rebuild_makes_the_pdf_a_fresh_build_makes(layout, tmp_path):
    first = fresh(DATA, layout, tmp_path / "a.pdf")
    assert len(Para.WRAPPED) > 50  # the caches were filled ...
    build(DATA, layout, tmp_path / "b.pdf")
    build(DATA, layout, tmp_path / "c.pdf")
    assert (tmp_path / "b.pdf").read_bytes() == first  # ... and used, to the same effect
    assert (tmp_path / "c.pdf").read_bytes() == first


def test_an_edit_is_seen_by_the_rebuild(tmp_path):
    data = tmp_path / "cv.yaml"
    text = DATA.read_text()
    data.write_text(text)
    build(data, "full", tmp_path / "a.pdf")
    edited = text.replace("Multi-modal research:", "Multi-modal research (edited):", 1)
    assert edited != text
    data.write_text(edited)
    build(data, "full", tmp_path / "b.pdf")
    assert "Multi-modal research (edited):" in PDF(tmp_path / "b.pdf").text
    assert (tmp_path / "b.pdf").read_bytes() == fresh(data, "full", tmp_path / "c.pdf")


def bullets(*texts: str) -> str:
    return ("name: A\nsections:\n  experience:\n    - title: T\n      organisation: O\n      start: 2020\n"
            "      bullets:\n" + "".join(f"        - {json.dumps(t)}\n" for t in texts))


def test_paragraphs_split_across_pages_leave_the_cached_lines_as_they_were(tmp_path):
    """A paragraph split across pages in one build, and drawn whole in the next
    (an edit above it made room), is drawn as a fresh build draws it: the split
    (which may change the lines and words it hands on) left the cached ones alone."""
    data = tmp_path / "cv.yaml"
    for k in range(30, 80, 3):  # enough one-line bullets to put the long one across the page break
        data.write_text(bullets(*["Filler, one line."] * k, MIXED * 40))
        build(data, "full", tmp_path / "split.pdf")
        pages = PDF(tmp_path / "split.pdf").page_texts
        if len(pages) == 2 and "lorem" in pages[0] and "lorem" in pages[1]:
            break
    else:
        pytest.fail("no amount of filler put the paragraph across the page break")
    data.write_text(bullets(MIXED * 40))  # the same paragraph, now drawn whole
    build(data, "full", tmp_path / "whole.pdf")
    assert (tmp_path / "whole.pdf").read_bytes() == fresh(data, "full", tmp_path / "fresh.pdf")


def test_the_caches_keep_only_what_recent_builds_used(tmp_path):
    data = tmp_path / "cv.yaml"
    for i in range(4):
        data.write_text("name: A\nsections:\n  about:\n" + "".join(f"    - paragraph {i}-{k}\n" for k in range(30)))
        build(data, "full", tmp_path / "a.pdf")
    texts = {key[1] for key in [*Para.WRAPPED.current, *Para.WRAPPED.previous]}
    assert any("paragraph 3-" in t for t in texts) and any("paragraph 2-" in t for t in texts)
    assert not any("paragraph 1-" in t or "paragraph 0-" in t for t in texts)


def test_a_changed_font_file_is_not_measured_with_the_old_lines(tmp_path):
    """`cv-builder watch` resets the fonts when a font file changes; the caches go with them."""
    from cv_builder.render import fonts

    build(DATA, "full", tmp_path / "a.pdf")
    assert len(Para.WRAPPED)
    fonts.reset()
    assert len(Para.WRAPPED) == 0 and len(Para.PARSED) == 0


def test_styles_that_differ_in_anything_get_their_own_lines():
    from reportlab.lib.styles import ParagraphStyle

    from cv_builder.render.flowables import style_key

    plain = {"fontName": "Helvetica", "fontSize": 10, "leading": 12}
    base = ParagraphStyle("body", **plain)
    assert style_key(base) == style_key(ParagraphStyle("body", **plain))
    for change in ({"fontSize": 10.5}, {"leading": 13}, {"fontName": "Helvetica-Bold"}, {"leftIndent": 3},
                   {"alignment": 2}, {"firstLineIndent": 1}):
        assert style_key(ParagraphStyle("body", **{**plain, **change})) != style_key(base), change


def test_a_copied_and_changed_style_gets_its_own_key():
    """ReportLab's split deep-copies a style to change it: the copy carries the key along."""
    import copy

    from reportlab.lib.styles import ParagraphStyle

    from cv_builder.render.flowables import style_key

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12, firstLineIndent=6)
    key = style_key(style)
    changed = copy.deepcopy(style)
    changed.firstLineIndent = 0
    assert style_key(changed) != key and style_key(style) == key
