"""The two-page layout: the full CV on two pages at most, tightened only as far as
needed, type never below its floors, and the least important left out last."""

import json
import re
import subprocess
import sys

import yaml
from hypothesis import HealthCheck, given, settings

from conftest import DATA, PDF, ROOT
from cv_builder import fit, layout, schema
from cv_builder.build import render_cv
from cv_builder.errors import CVError
from test_one_page import build_tiny, cvs, sizes, tripled, write

SPEC = layout.load("two-page")


def body_text(pdf) -> str:
    """The text without the running heads ("Name · Curriculum Vitae  2 / 3")."""
    return " ".join(re.sub(r"Dustin Podell · Curriculum Vitae\s*\d / \d", " ", pdf.text).split())


def test_seed_is_two_full_pages_with_every_section_and_item(build_pdf):
    """The seed is a little over two pages in the full layout's design: the two-page layout
    tightens it, sets a few bullets in their short forms (the economies of one page, given
    back as far as there is room), and leaves no item out."""
    full, _ = build_pdf(layout="full")
    two, result = build_pdf(layout="two-page")
    assert len(full.pages) == 3 and len(two.pages) == 2
    assert result.left_out == []
    assert 0.9 < result.type_scale <= 1.0 and SPEC.fit.min_spacing <= result.space_scale <= 1.0
    assert result.type_scale < 1.0 or result.space_scale < 1.0
    cv = schema.load(DATA)
    anchors = [getattr(item, attr) for s in cv.sections for item in s.items
               for attr in ("organisation", "name", "value") if isinstance(getattr(item, attr, None), str)]
    assert len(anchors) > 20 and not two.missing(*anchors)
    assert not two.missing(*[s.title for s in cv.sections])
    smallest, body = sizes(two.path)
    assert body >= SPEC.fit.min_body and smallest >= SPEC.fit.min_size


def test_the_last_page_is_used(build_pdf):
    """Tightened as little as needed: the second page is not left half empty."""
    cv = schema.load(DATA)
    rendered = render_cv(cv, "two-page")
    assert rendered.pages == 2 and rendered.fill > 0.6


def test_a_cv_that_fits_is_left_at_its_design(tmp_path):
    build_tiny(tmp_path, "two-page")


def test_a_long_cv_leaves_out_the_lowest_priority_on_two_pages(tmp_path):
    path = write(tmp_path, tripled(yaml.safe_load(DATA.read_text())))
    out, report = tmp_path / "long.pdf", tmp_path / "report.json"
    r = subprocess.run([sys.executable, "-m", "cv_builder", "build", str(path), "--layout", "two-page",
                        "-o", str(out), "--report", str(report)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert len(PDF(out).pages) == 2
    data = json.loads(report.read_text())
    assert data["pages"] == 2 and data["left_out"]
    priorities = [c["priority"] for c in data["left_out"]]
    assert priorities == sorted(priorities, reverse=True)  # the least important (highest number) first
    smallest, body = sizes(out)
    assert body >= SPEC.fit.min_body and smallest >= SPEC.fit.min_size
    text = PDF(out).text  # every section keeps its most important item
    for kept in ("Experience", "Black Forest Labs", "Publications",
                 "SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis"):
        assert kept in text, kept


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=cvs())
def test_any_mix_of_sizes_is_at_most_two_pages(tmp_path, data):
    """From a few lines to ten pages and more: two pages at most, never below the floors,
    and never the fitter's own error (a result that spills over however often it is refitted)."""
    path = write(tmp_path, data)
    cv = schema.load(path)
    spec_all = type(SPEC)(**{**vars(SPEC), "sections": []})
    try:
        rendered = fit.fit(cv, spec_all)
    except CVError as exc:
        assert "does not fit" in str(exc) and "bug" not in str(exc)
        return
    assert rendered.pages <= 2
    assert rendered.type_scale * SPEC.sizes.body >= SPEC.fit.min_body - 1e-6
    assert rendered.space_scale >= SPEC.fit.min_spacing - 1e-6
