"""The one-page layout: always exactly one page, type never below the floors,
the least important content left out first, and the report says what was done."""

import copy
import json
import subprocess
import sys

import pdfplumber
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, PDF, ROOT
from cv_builder import fit, layout, look, schema
from cv_builder.build import build
from cv_builder.errors import CVError

TEXT = layout.load("full").colors.text  # the body text colour
TEXT_GREY = tuple(round(int(TEXT[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


def sizes(path):
    """(smallest size of any character, smallest size of body text) on every page."""
    with pdfplumber.open(str(path)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
    body = [c["size"] for c in chars
            if tuple(round(x, 2) for x in c["non_stroking_color"]) == TEXT_GREY
            and c["fontname"].split("+")[-1] in ("SourceSans3-Regular", "SourceSans3-It")]
    # sizes come from text matrices: round away the float noise (8.4999999 is 8.5)
    return round(min(c["size"] for c in chars), 3), round(min(body), 3)


def tripled(data: dict) -> dict:
    """The seed data with every list tripled: items, bullets, tags."""
    data = copy.deepcopy(data)
    for section in data["sections"].values():
        items = section["items"]
        for item in items:
            if isinstance(item, dict) and "bullets" in item:
                item["bullets"] = item["bullets"] * 3
        section["items"] = items * 3
    return data


def write(tmp_path, data, name="cv.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def seed_data():
    return yaml.safe_load(DATA.read_text())


def test_seed_is_one_page_with_everything_that_matters(build_pdf):
    pdf, result = build_pdf(layout="one-page")
    assert len(pdf.pages) == 1
    for name in ("SDXL", "CosXL", "Control-LoRAs", "Stable Video Diffusion", "SD3", "FLUX.1", "FLUX.1.1",
                 "Flux Tools", "Flux Ultra", "Kontext", "FLUX.2", "Klein"):
        assert f"{name} ·" in pdf.text, name
    for employer in ("Black Forest Labs", "Stability AI", "Self-Directed ML Research",
                     "Technical Roles — VFX, Media Production, Software"):
        assert employer in pdf.text
    for title in ("SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis",
                  "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis",
                  "FLUX.1 Kontext: Flow Matching for In-Context Image Generation and Editing in Latent Space",
                  "Self-Flow: Self-Supervised Flow Matching for Scalable Multi-Modal Synthesis"):
        assert title in pdf.text
    assert set(pdf.uris()) >= {f"https://arxiv.org/abs/{a}" for a in
                               ("2307.01952", "2403.03206", "2506.15742", "2603.06507")}


def test_seed_type_sizes(build_pdf):
    pdf, _ = build_pdf(layout="one-page")
    smallest, body = sizes(pdf.path)
    assert smallest >= 7.5
    assert body >= 8.5


def test_no_running_head_on_one_page(build_pdf):
    pdf, _ = build_pdf(layout="one-page")
    assert "Curriculum Vitae" not in pdf.text
    assert "1 / 1" not in pdf.text


def test_stress_cv_fits_and_leaves_out_the_lowest_priority(tmp_path, seed_data):
    path = write(tmp_path, tripled(seed_data))
    out = tmp_path / "stress.pdf"
    report = tmp_path / "report.json"
    r = subprocess.run([sys.executable, "-m", "cv_builder", "build", str(path), "--layout", "one-page",
                        "-o", str(out), "--report", str(report)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    pdf = PDF(out)
    assert len(pdf.pages) == 1
    smallest, body = sizes(out)
    assert smallest >= 7.5 and body >= 8.5

    data = json.loads(report.read_text())
    assert data["pages"] == 1 and data["left_out"], data
    assert 0 < data["check_seconds"] < data["seconds"], data  # the self-check ran, within the build
    assert "left out" in r.stdout and "(lowest priority first)" in r.stdout
    first = data["left_out"][0]
    assert f"{first['text']} (priority {first['priority']})" in r.stdout

    # what was left out is the least important: nothing kept is less important than anything dropped
    spec = layout.load("one-page")
    cv = look.select(schema.load(path), spec)  # what the layout shows before fitting
    dropped = {(c["section"], c["item"], c["bullet"]) for c in data["left_out"]}
    dropped_items = {(s, i) for s, i, b in dropped if b is None}
    kept = [c for c in fit.candidates(cv, spec)
            if (c.section, c.key[1], c.key[2]) not in dropped and (c.section, c.key[1]) not in dropped_items]
    lowest_dropped = min(c["priority"] for c in data["left_out"])
    # an item stays when it is the last of its section (a heading never stands alone)
    last_of_section = {c.section for c in kept if c.key[2] is None}
    worst_kept = max(c.priority for c in kept if c.key[2] is not None or
                     sum(1 for k in kept if k.section == c.section and k.key[2] is None) > 1)
    assert worst_kept <= lowest_dropped, (worst_kept, lowest_dropped)
    assert last_of_section  # every shown section kept something
    # the most important things are still there
    assert "Black Forest Labs" in pdf.text and "Stability AI" in pdf.text
    assert "SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis" in pdf.text


TINY = ("name: Ada Lovelace\nsections:\n  experience:\n    - title: Programmer\n"
        "      organisation: Analytical Society\n      start: 2019\n      bullets: [Wrote a program.]\n")


def build_tiny(tmp_path, layout_name: str):
    """The tiny CV built in a fitted layout: one page, at the design's size, nothing left out."""
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    result = build(path, layout_name, tmp_path / "tiny.pdf")
    assert result.pages == 1
    assert result.type_scale == 1.0 and result.space_scale == 1.0 and result.left_out == []
    return result


def test_tiny_cv_stays_at_design_size(tmp_path):
    build_tiny(tmp_path, "one-page")
    pdf = PDF(tmp_path / "tiny.pdf")
    assert pdf.contains_in_order("Ada Lovelace", "Experience", "Analytical Society", "2019", "Programmer",
                                 "Wrote a program.")
    with pdfplumber.open(str(tmp_path / "tiny.pdf")) as doc:
        name_size = max(c["size"] for c in doc.pages[0].chars)
    assert name_size == layout.load("one-page").sizes.name  # not scaled, not stretched


def test_header_and_headings_that_cannot_fit_are_a_clear_error(tmp_path):
    sections = {f"s{i}": {"title": f"Section {i}", "kind": "tags", "items": ["x"]} for i in range(60)}
    path = write(tmp_path, {"name": "Ada Lovelace", "sections": sections})
    spec = layout.load("one-page")
    spec_all = type(spec)(**{**vars(spec), "sections": []})
    with pytest.raises(CVError) as err:
        fit.fit(schema.load(path), spec_all)
    assert "does not fit on 1 page, even with one item per section" in str(err.value)


@st.composite
def cvs(draw):
    n_entries = draw(st.integers(0, 14))
    n_bullets = draw(st.integers(0, 9))
    words = draw(st.integers(3, 60))
    n_models = draw(st.integers(0, 30))
    sections = {}
    if n_entries:
        sections["experience"] = [{
            "title": f"Role {i}", "organisation": f"Org {i}", "start": 2000 + i % 20,
            "priority": draw(st.integers(1, 5)),
            "bullets": [{"text": " ".join(["word"] * words) + f" {i}.{b}", "priority": draw(st.integers(1, 5))}
                        for b in range(n_bullets)],
        } for i in range(n_entries)]
    if n_models:
        sections["models"] = [{"name": f"Model {i}", "role": "Creator", "year": 2020,
                               "priority": draw(st.integers(1, 5))} for i in range(n_models)]
    sections["skills"] = ["topic"] * draw(st.integers(1, 40))
    return {"name": "Test Person", "headline": "A headline", "sections": sections}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=cvs())
def test_any_mix_of_sizes_is_one_page(tmp_path, data):
    path = write(tmp_path, data)
    cv = schema.load(path)
    spec = layout.load("one-page")
    spec_all = type(spec)(**{**vars(spec), "sections": []})
    try:
        rendered = fit.fit(cv, spec_all)
    except CVError as exc:
        assert "does not fit" in str(exc)
        return
    assert rendered.pages == 1
    assert rendered.type_scale * spec.sizes.body >= 8.5 - 1e-6


def test_type_scale_found_at_the_floor_stays_at_the_floor(monkeypatch):
    """Found by the property test: a CV that fits only at the smallest type came out at
    0.923 × 9.2 = 8.49 pt, because the scale was rounded down past the floor. The floor
    is where the look's smallest size reaches `fit.min_size`."""
    from cv_builder.render.theme import min_type_scale

    spec = layout.load("two-page")
    floor = min_type_scale(spec)
    assert floor < 1
    avail = 700.0

    def height(self, cv, type_scale, space_scale, long=frozenset()):  # fits only at the floor
        self.trials += 1
        return {"main": avail if type_scale <= floor + 1e-9 else avail + 50 + space_scale}

    monkeypatch.setattr(fit.Measurer, "height", height)
    ts, s = fit.scales(schema.load(DATA), spec, fit.Measurer(spec, None), {"main": avail})
    assert ts >= floor
    assert ts * spec.sizes.body >= spec.fit.min_body
    assert ts * min(getattr(spec.sizes, st.size) for st in spec.styles.values()) >= spec.fit.min_size - 1e-9


def test_one_page_shows_only_the_strongest_bullets(build_pdf):
    """layouts/one-page.yaml: `max_bullet_priority: 2` for entries; the priority-3 bullet stays in the full CV."""
    one, _ = build_pdf(layout="one-page")
    full, _ = build_pdf()
    weak = "Creator of Flux Ultra (ultra-high-quality generation) and contributor to Klein"
    assert weak in full.text
    assert weak not in one.text
    assert "Project lead on Kontext" in one.text  # priority 1
    assert "Multi-modal research: representation learning" in one.text  # priority 2


def test_bullets_without_a_priority_go_with_their_entry(tmp_path):
    """An entry marked 5 (first to leave out) with bullets that say nothing: its bullets are as
    ready to go as it is. They were taken as 2 (the default), which made the entry count as
    2 as well, so important bullets elsewhere went before it."""
    lines = ["name: Ada", "sections:", "  experience:",
             "    - {organisation: KEEP ME, title: Role, start: 2020, priority: 1,",
             f"       bullets: [{{text: {'Very important achievement ' * 12}, priority: 2}}]}}"]
    for i in range(40):
        lines.append(f"    - {{organisation: Filler {i}, title: Role, start: 2010, priority: 5,"
                     f" bullets: [Filler bullet {i} with enough words to take a line of its own, or nearly.]}}")
    path = tmp_path / "cv.yaml"
    path.write_text("\n".join(lines) + "\n")
    spec = layout.load("one-page")
    cv = look.select(schema.load(path), spec)
    order = fit.candidates(cv, spec)
    keep_me = [c for c in order if c.key[1] == 0 and c.key[2] is not None][0]
    fillers = [c for c in order if c.key[1] > 0]
    assert all(c.priority == 5 for c in fillers)
    assert order.index(keep_me) > max(order.index(c) for c in fillers)
    result = build(path, "one-page", tmp_path / "cv.pdf")
    assert result.pages == 1 and "Very important achievement" in PDF(tmp_path / "cv.pdf").text
    assert all("KEEP ME" not in c["text"] for c in result.left_out)


def test_other_known_section_ids_are_shown_and_none_at_all_is_an_error(tmp_path):
    """`work` and `papers` (known ids of the experience and publication kinds) vanished from
    one page, which then held the name alone; a CV the layout shows nothing of is an error."""
    path = tmp_path / "cv.yaml"
    path.write_text("name: Ada\nsections:\n  work:\n    - {organisation: Analytical Society, title: Programmer, "
                    "start: 2020}\n  papers:\n    - {title: Notes on the Engine, year: 1843}\n")
    build(path, "one-page", tmp_path / "cv.pdf")
    assert PDF(tmp_path / "cv.pdf").contains_in_order("Analytical Society", "Notes on the Engine")
    path.write_text("name: Ada\nsections:\n  about: [Just text.]\n")
    with pytest.raises(CVError, match=r"the layout `one-page` shows none of this CV's sections \(about\)"):
        build(path, "one-page", tmp_path / "cv.pdf")


def test_default_file_names_keep_non_latin_names():
    from cv_builder.build import slug

    assert slug("José Ñúñez") == "Jose_Nunez" and slug("Dustin Podell") == "Dustin_Podell"
    assert slug("Александр Пушкин") == "Александр_Пушкин" and slug("李小龙") == "李小龙"
    assert slug("<>:|") == "CV"
