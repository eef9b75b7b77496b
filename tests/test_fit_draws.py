"""The page-end fitter (issue 14: a last page less than a third full is saved by tightening)
decides from pagination without drawing: a long CV is drawn once, and what it comes out as
is what drawing every trial gave. (Counted, not timed: see bench/ for the time.)"""

import importlib.util
import re

import pypdfium2
import pytest

from conftest import ROOT
from cv_builder import build, fit, schema
from cv_builder.render import document


def synthetic(tmp_path, entries: int):
    """The benchmark's synthetic CV (bench/bench.py): entries of a header, a note, two bullets."""
    spec = importlib.util.spec_from_file_location("bench_for_tests", ROOT / "bench" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / f"synthetic-{entries}.yaml"
    path.write_text(bench.synthetic_cv(entries), encoding="utf-8")
    return path


@pytest.fixture
def draws(monkeypatch):
    calls = []
    real = document.draw

    def counted(layout):
        calls.append(layout)
        return real(layout)

    monkeypatch.setattr(document, "draw", counted)
    return calls


def test_long_cv_is_drawn_once_and_saves_its_pages(tmp_path, draws):
    path = synthetic(tmp_path, 100)
    out = tmp_path / "long.pdf"
    result = build.build(path, "full", out)
    # the design ends 12 pages with a last page 32 % full; tightened within the two-page
    # look's floors it ends on 10 (11 left its last page 9 % full), nothing left out
    assert len(draws) == 1, f"{len(draws)} full draws for one build"
    rendered = build.render_cv(schema.load(path), "full")
    assert rendered.saved is not None and rendered.saved[0] == 12 and rendered.saved[1] == pytest.approx(0.32, abs=0.02)
    assert rendered.pages == 10 and rendered.fill >= 0.26
    assert rendered.space_scale >= rendered.type_scale * 0.9 and rendered.type_scale == 1.0
    pdf = pypdfium2.PdfDocument(out)
    assert len(pdf) == 10
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    shown = {int(n) for n in re.findall(r"Organisation (\d+)", text)}
    assert shown == set(range(1, 101)), "entries left out"
    assert result.pages == 10


def test_seed_is_drawn_once(tmp_path, draws):
    build.build(ROOT / "data" / "cv.yaml", "full", tmp_path / "cv.pdf")
    assert len(draws) == 1


@pytest.mark.parametrize("layout_name", ["full", "classic", "sidebar", "ats"])
@pytest.mark.parametrize("space_scale", [1.0, 0.93])
def test_paginated_is_what_drawing_gives(layout_name, space_scale):
    """The pagination without drawing counts the pages and fills the last one as the draw
    does, and leaves the layout as it was: drawn afterwards, the same bytes as a fresh one."""
    cv = schema.load(ROOT / "data" / "cv.yaml")
    selected, spec = build.prepared(cv, layout_name)
    m = fit.Measurer(spec, None)
    lay = m.layout(selected, 1.0, space_scale)
    m.regions(selected, 1.0, space_scale)
    dry = fit.paginated(lay)
    assert fit.paginated(lay).pages == dry.pages
    drawn = document.draw(lay)
    assert (dry.pages, round(dry.fill, 9)) == (drawn.pages, round(drawn.fill, 9))
    assert drawn.pdf == document.draw(fit.layouts.make(selected, spec, None, 1.0, space_scale)).pdf
