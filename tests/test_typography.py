"""Typography, measured on the built PDFs (issue 14): line length, early breaks, the type
scale, contrast, the vertical grid, one entry style, page ends, last-page fill, one-page
fill and the two-page fitter, in every look, on every page count, on A4 and Letter.

Every figure is read from the PDF itself with pdfplumber (tests/typeset.py), as a
reviewer with a ruler would read it; the data is used only to know what to look for.
The thresholds are the issue's: the anchors (RenderCV, moderncv, Awesome-CV) set 80 to
90 characters a line, four or five sizes, one grid.
"""

from __future__ import annotations

import random
import re
import statistics
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

import typeset
from conftest import DATA, MEASURED, PDF
from cv_builder import layout as looks
from cv_builder.build import build

LOOKS = [name for name in sorted(p.stem for p in (Path(__file__).parents[1] / "layouts").glob("*.yaml"))
         if looks.load(name).fit is None]  # full, classic, sidebar: the looks, less their page-count forms
PAGES = [None, 1, 2]
PAPERS = ["a4", "letter"]
CASES = [(look, pages, paper) for look in LOOKS for pages in PAGES for paper in PAPERS]


def case_id(case) -> str:
    look, pages, paper = case
    return f"{look}-{'all' if pages is None else f'{pages}p'}-{paper}"


# -- building and reading, once a session ----------------------------------------------
@pytest.fixture(scope="session")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("typography")


@pytest.fixture(scope="session")
def built(folder):
    """built(data, look, pages, paper) -> (Document, BuildResult, PDF), cached."""
    cache: dict = {}

    def make(data, look="full", pages=None, paper="a4"):
        key = (str(data), look, pages, paper)
        if key not in cache:
            out = folder / f"t{len(cache)}.pdf"
            result = build(data, look, out, paper, pages=pages)
            cache[key] = (typeset.Document(out), result, PDF(out))
        return cache[key]

    return make


def look_of(look, pages, paper=None):
    return looks.load(look, pages)


def frame(doc: typeset.Document, look: str, pages, page: int) -> tuple[float, float]:
    """(top, bottom) of a page's text frame, from the top of the page."""
    spec = look_of(look, pages)
    h = doc.pages[page]["height"]
    return h * spec.margins.top, h * (1 - spec.margins.bottom)


def fill(doc: typeset.Document, look: str, pages, page: int = -1) -> float:
    """How far down its frame a page's text goes (its last line's descent included), 0 to 1."""
    page = page % len(doc.pages)
    top, bottom = frame(doc, look, pages, page)
    return (doc.text_bottom(page) - top) / (bottom - top)


# -- CVs made for the tests ---------------------------------------------------------------
WORDS = ("model training data image video research system team product release paper method "
         "diffusion transformer latency quality pipeline service platform users scale design "
         "evaluation benchmark inference cluster customers revenue launch editing editor review "
         "language vision audio robust efficient distributed open source deployed shipped built "
         "led wrote reduced improved cut doubled measured planned migrated hired mentored").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)} {rng.choice(WORDS)}")
    return (" ".join(words) + ".").capitalize()


def generated(seed: int, entries: int, bullets: int, models: int = 0, papers: int = 0, about: int = 0,
              timeline: int = 0) -> dict:
    """A CV of a given size, its text drawn from plain English words (deterministic)."""
    rng = random.Random(seed)
    sections: dict = {}
    if about:
        sections["about"] = [sentence(rng, rng.randint(25, 60)) for _ in range(about)]
    sections["experience"] = [{
        "organisation": f"{rng.choice(WORDS).title()} {rng.choice(['Labs', 'Systems', 'Group', 'AI'])}",
        "title": rng.choice(["Research Scientist", "Engineer", "Staff Engineer", "Lead"]),
        "place": rng.choice(["Berlin", "London / Remote", "San Francisco, CA", None]),
        "start": 2000 + i, "end": "present" if i == entries - 1 else 2001 + i,
        "priority": rng.randint(1, 3),
        "bullets": [{"text": sentence(rng, rng.randint(8, 40)), "priority": rng.randint(1, 4)}
                    for _ in range(rng.randint(max(1, bullets - 2), bullets + 2))],
    } for i in range(entries)]
    for item in sections["experience"]:
        if item["place"] is None:
            del item["place"]
    if models:
        sections["models"] = [{"name": f"{rng.choice(WORDS).title()}-{i}", "role": "Creator",
                               "year": 2015 + i % 10, "description": sentence(rng, rng.randint(8, 30)),
                               "priority": rng.randint(1, 3)} for i in range(models)]
    if papers:
        sections["publications"] = [{"title": sentence(rng, rng.randint(6, 14)).rstrip("."),
                                     "authors": ["A. Author", "Test Person", "B. Author"], "venue": "Conference",
                                     "year": 2015 + i % 10, "priority": rng.randint(1, 3)} for i in range(papers)]
    if timeline:
        sections["trajectory"] = [{"start": 2000 + i, "end": "now" if i == timeline - 1 else 2001 + i,
                                   "text": sentence(rng, rng.randint(10, 25)), "priority": 3}
                                  for i in range(timeline)]
    sections["skills"] = [rng.choice(WORDS).title() + " " + rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return {"name": "Test Person", "headline": "Builds things that work", "owner": ["Test Person"],
            "intro": sentence(rng, 30), "sections": sections}


GENERATED = {
    "short": dict(seed=1, entries=2, bullets=2),
    "page-and-a-bit": dict(seed=2, entries=5, bullets=4, models=3, papers=2, about=2),
    "two-and-a-bit": dict(seed=3, entries=9, bullets=5, models=5, papers=4, about=2, timeline=3),
    "long": dict(seed=4, entries=16, bullets=6, models=10, papers=8, about=3, timeline=4),
}


@pytest.fixture(scope="session")
def cvs(folder):
    """name -> the path of a generated CV's data."""
    out = {}
    for name, args in GENERATED.items():
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(generated(**args), allow_unicode=True, sort_keys=False))
        out[name] = path
    return out


# -- 2. line length -----------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_lines_are_of_a_comfortable_length(built, case):
    """Median characters per full line (a line its paragraph goes on after) at most 95."""
    doc, _, _ = built(DATA, *case)
    lengths = [len(line.text) for line in doc.full_lines()]
    assert len(lengths) >= 5
    median = statistics.median(lengths)
    MEASURED.append((f"characters per full line, {case_id(case)}", f"median {median:.0f}, max {max(lengths)}"))
    assert median <= 95, (median, sorted(lengths))


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_cvs_have_comfortable_lines(built, cvs, name):
    for look in LOOKS:
        doc, _, _ = built(cvs[name], look)
        lengths = [len(line.text) for line in doc.full_lines()]
        if len(lengths) >= 5:
            assert statistics.median(lengths) <= 95, (look, statistics.median(lengths))


# -- 3. early breaks --------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_line_ends_while_the_next_word_fits(built, case):
    doc, _, _ = built(DATA, *case)
    early = doc.early_breaks()
    assert not early, "\n".join(f"{room:.1f} pt left: {line.text!r} / {nxt.text[:30]!r}" for line, nxt, room in early)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_no_early_breaks_in_generated_cvs(built, cvs, name):
    for look in LOOKS:
        for pages in PAGES:
            doc, _, _ = built(cvs[name], look, pages)
            assert not doc.early_breaks(), (look, pages, doc.early_breaks()[:3])


def test_the_ruler_finds_early_breaks(tmp_path, monkeypatch):
    """The measure can fail: paragraphs narrowed as a whole (what Para did to avoid a short
    last line) end lines while the next word fits, and the ruler says so."""
    from cv_builder.render import flowables

    def narrowed(self, aw, ah):  # the old way: a paragraph with a short last line set narrower as a whole
        paragraph = flowables.Paragraph
        w, h = paragraph.wrap(self, aw, ah)
        widths = self.getActualLineWidths0()
        if self.style.alignment != 0 or len(widths) < 2 or widths[-1] >= aw * 0.14:
            return w, h
        for factor in (0.97, 0.94, 0.91, 0.88):
            _, h2 = paragraph.wrap(self, aw * factor, ah)
            widths = self.getActualLineWidths0()
            if h2 <= h and not (len(widths) > 1 and widths[-1] < aw * 0.14):
                self.width = aw
                return aw, h2
        return paragraph.wrap(self, aw, ah)

    monkeypatch.setattr(flowables.Para, "_wrap_avoiding_runt", narrowed)
    monkeypatch.setattr(flowables.Para, "WRAPPED", flowables.Recent())
    data = tmp_path / "cv.yaml"
    data.write_text(yaml.safe_dump(generated(**GENERATED["page-and-a-bit"])))
    build(data, "full", tmp_path / "cv.pdf")
    assert len(typeset.Document(tmp_path / "cv.pdf").early_breaks()) >= 3


def test_a_runt_is_avoided_by_breaking_the_last_two_lines_again():
    """A last line of one word takes a word from the line above; every other line is full."""
    from reportlab.lib.styles import ParagraphStyle

    from cv_builder.render.flowables import Para

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12, spaceShrinkage=0)
    text = "word " * 19 + "end."
    for width in range(200, 320, 7):
        p = Para(text, style)
        p.wrap(width, 1000)
        lines = p.blPara.lines
        assert len(lines[-1][1]) >= 2 or len(lines) == 1, (width, lines[-1])
        plain = Para(text, style)
        from reportlab.platypus import Paragraph
        Paragraph.wrap(plain, width, 1000)
        assert [ln[1] for ln in lines[:-2]] == [ln[1] for ln in plain.blPara.lines[:-2]]  # the rest as broken


# -- 4. the type scale -------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_type_scale_of_five_sizes_in_clear_steps(built, case):
    doc, _, pdf = built(DATA, *case)
    sizes = doc.sizes()
    assert len(sizes) <= 5, sizes
    steps = [b / a for a, b in zip(sizes, sizes[1:])]
    assert min(steps) >= 1.1, (sizes, steps)
    assert min(sizes) >= 8.5 - 1e-6, sizes
    # the headline is not taken for a section title: another size, or another face and colour
    headline = doc.find(r"^Builds generative models that actually ship")
    titles = [r for t in ("Experience", "Publications") for r in doc.find(rf"^{t}$")]
    assert headline and titles
    h, s = headline[0], titles[0]
    h_colour = typeset.hexcode(h.visible[0].get("non_stroking_color"))
    s_colour = typeset.hexcode(s.visible[0].get("non_stroking_color"))
    assert abs(h.size - s.size) > 0.5 or (h.font != s.font and h_colour != s_colour), (h, s)


# -- 5. contrast -----------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_text_colour_reads_and_every_rule_prints(built, case):
    doc, _, _ = built(DATA, *case)
    for (fg, bg), count in doc.colours().items():
        ratio = typeset.contrast(*(tuple(v / 255 for v in bytes.fromhex(c[1:])) for c in (fg, bg)))
        assert ratio >= 4.5, f"{count} characters in {fg} on {bg}: {ratio:.2f}:1"
    rules = doc.rules()
    look, pages, _ = case
    title = look_of(look, pages).section_title
    assert rules or (title.rule == "none" and not title.bar)  # (ats: plain lines, no rules)
    for rule in rules:
        ratio = typeset.contrast(*(tuple(v / 255 for v in bytes.fromhex(c[1:])) for c in (rule["colour"],
                                                                                          rule["background"])))
        assert rule["width"] >= 0.5 and ratio >= 3.0, rule


def test_the_sidebar_tint_is_measured_as_the_background(built):
    """The sidebar's text is measured against the tint it sits on, not against white."""
    doc, _, _ = built(DATA, "sidebar")
    tint = looks.load("sidebar").colors.background.upper()
    assert any(bg == tint for _, bg in doc.colours())


# -- 6. rhythm --------------------------------------------------------------------------------
def grid_unit(doc: typeset.Document) -> float:
    """Half the leading of body text: half the most common step between the lines of a paragraph."""
    steps = [round(b.baseline - a.baseline, 2) for para in doc.paragraphs()
             for a, b in zip(para.lines, para.lines[1:])]
    return statistics.mode(steps) / 2


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_baselines_fall_on_one_grid(built, case):
    """Every distance between two baselines of a column (its frame's text) is a whole number of
    half lines: spaces are multiples of half the leading, and every style keeps to it. (A
    sidebar keeps a grid of its own, a quarter line off the main column's: level lines side by
    side are a table to pdftotext.)"""
    look, pages, paper = case
    doc, _, _ = built(DATA, *case)
    unit = grid_unit(doc)
    spec = look_of(look, pages)
    for page in range(len(doc.pages)):
        top, _ = frame(doc, look, pages, page)
        columns = [lambda r: True]
        if spec.structure.name == "sidebar" and page == 0:  # the sidebar: what stands on its tinted band
            band = max(doc.pages[page]["fills"], key=lambda f: (f["x1"] - f["x0"]) * (f["bottom"] - f["top"]))

            def on_band(r):
                return band["x0"] <= r.x0 <= band["x1"] and band["top"] <= r.baseline <= band["bottom"]
            columns = [on_band, lambda r: not on_band(r)]
        for column in columns:
            ys = doc.baselines(page, lambda r: r.baseline > top and column(r))
            for a, b in zip(ys, ys[1:]):
                units = (b - a) / unit
                assert abs(units - round(units)) < 0.04, (page + 1, a, b, units)


def entry_titles(doc: typeset.Document, cv, look: str) -> dict:
    """section id -> the runs of its entries' titles (organisations, model names, papers),
    each found after its section's title (as the look shows it), in reading order."""
    from cv_builder.layouts import make

    layout = make(cv, looks.load(look))
    order = sorted((r for p in doc.pages for r in p["runs"]), key=lambda r: (r.page, r.baseline, r.x0))
    out = {}
    for section in cv.sections:
        if section.kind not in ("entries", "projects", "publications"):
            continue
        at = next((k for k, r in enumerate(order) if r.text == layout.heading(section)), None)
        if at is None:
            continue
        runs = []
        for item in section.items:
            name = (getattr(item, "organisation", None) or getattr(item, "name", None) or str(item.title))[:30]
            k = next((k for k in range(at + 1, len(order)) if order[k].text.startswith(name)), None)
            if k is not None:
                runs.append(order[k])
                at = k
        out[section.id] = runs
    return out


def first_face(run) -> tuple:
    c = run.visible[0]
    return c["fontname"].split("+")[-1], round(c["size"], 2)


@pytest.mark.parametrize("look", LOOKS)
def test_one_entry_style_across_sections(built, look):
    """Jobs, models and papers: titled alike (one face, one size), spaced alike (one distance
    from the line above each title, but the first of a section), the place always on the line
    under the organisation, and one word for an ongoing end."""
    from cv_builder import schema

    doc, _, pdf = built(DATA, look)
    cv = schema.load(DATA)
    titles = entry_titles(doc, cv, look)
    kinds = ("experience", "models", "publications")
    assert set(kinds) <= set(titles)
    styles = {first_face(r) for t in kinds for r in titles[t]}
    assert len(styles) == 1, styles
    gaps = {}
    for t in kinds:
        for run in titles[t][1:]:
            top, _ = frame(doc, look, None, run.page)
            above = [y for y in doc.baselines(run.page, lambda r: r.baseline > top) if y < run.baseline - 0.3]
            if above:  # (not the first line of its page)
                gaps[run.text[:20]] = run.baseline - above[-1]
    assert len(gaps) >= 10 and max(gaps.values()) - min(gaps.values()) < 0.3, gaps
    for e in cv.section("experience").items:
        if not e.place:
            continue
        org = doc.find(rf"^{re.escape(e.organisation or e.title)}")[0]
        place = [r for r in doc.find(re.escape(e.place), org.page) if r.baseline > org.baseline]
        assert place and min(r.baseline for r in place) - org.baseline < org.size * 1.6, e.organisation
    ongoing = set(re.findall(r"\d{4} – (\w+)", pdf.text)) - {str(y) for y in range(1900, 2100)}
    assert ongoing == {"Present"}, ongoing


# -- 1. page ends -------------------------------------------------------------------------------
def foot_white(doc, look, pages, page) -> float:
    _, bottom = frame(doc, look, pages, page)
    return bottom - doc.text_bottom(page)


def held(doc: typeset.Document, look: str, page: int) -> float:
    """How far down its frame the first unit of a page goes: what the page before could not
    have ended with, by the rules of page breaks. Its heads (section titles, an entry's title
    in bold and the lines in italic or smaller type under it), then two lines of body text
    (across the next item's head, when the first has fewer)."""
    top, _ = frame(doc, look, None, page)
    body = statistics.mode([r.size for p in doc.pages for r in p["runs"]])
    rows = {}
    for r in doc.pages[page]["runs"]:
        if r.baseline > top:
            rows.setdefault(round(r.baseline, 1), []).append(r)
    ys = sorted(rows)
    bold = lambda r: "Bold" in first_face(r)[0] or "Semibold" in first_face(r)[0]  # noqa: E731
    minor = lambda r: "It" in first_face(r)[0] or r.size < body - 0.05  # noqa: E731
    k, counted, after_head = 0, 0, False
    while k < len(ys):
        runs = rows[ys[k]]
        if any(r.size > body + 0.05 or bold(r) for r in runs) or (after_head and all(minor(r) for r in runs)):
            after_head = True  # (a first item with less than two lines takes the next with it)
        else:
            counted += 1
            after_head = False
            if counted == 2:
                return ys[k] - top
        k += 1
    return ys[-1] - top


@pytest.mark.parametrize("data", ["seed", "two-and-a-bit", "long"])
@pytest.mark.parametrize("look", LOOKS)
def test_pages_end_without_holes(built, cvs, look, data):
    """No page but the last ends with more white than the first unit of the next page takes
    (and a title's space above it, and a line: the lines a break must leave to the page after)."""
    path = DATA if data == "seed" else cvs[data]
    doc, _, _ = built(path, look)
    line = 2 * grid_unit(doc)
    for page in range(len(doc.pages) - 1):
        white, unit = foot_white(doc, look, None, page), held(doc, look, page + 1)
        assert white <= unit + 2.5 * line, (page + 1, round(white), round(unit))


def test_an_entry_breaks_after_its_header_and_two_lines(built, folder):
    """Long entries break across pages, each after its header (two lines: organisation, role)
    and at least two lines more, leaving at least two lines on the next page."""
    data = generated(seed=7, entries=4, bullets=14)
    path = folder / "long-entries.yaml"
    path.write_text(yaml.safe_dump(data))
    orgs = [e["organisation"] for e in data["sections"]["experience"]]
    doc, _, _ = built(path, "full")
    breaks = 0
    for page in range(len(doc.pages) - 1):
        top = frame(doc, "full", None, page + 1)[0]
        heads = [r.baseline for r in doc.pages[page]["runs"] if any(o in r.text for o in orgs)]
        after = [y for y in doc.baselines(page) if heads and y > heads[-1]]
        nxt = [y for y in doc.baselines(page + 1) if y > top]
        nxt_heads = [r.baseline for r in doc.pages[page + 1]["runs"] if any(o in r.text for o in orgs)]
        if nxt_heads and nxt_heads[0] <= nxt[0] + 0.3:
            continue  # the page broke between entries
        breaks += 1
        assert len(after) >= 3, (page + 1, "the header and two lines")  # the role's line, then two
        before_next = [y for y in nxt if not nxt_heads or y < nxt_heads[0]]
        assert len(before_next) >= 2, (page + 2, "two lines of the entry on the next page")
    assert breaks >= 1


# -- 1. last-page fill -------------------------------------------------------------------------
@pytest.mark.parametrize("data", ["seed", "page-and-a-bit", "two-and-a-bit", "long"])
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("look", LOOKS)
def test_the_last_page_is_never_nearly_empty(built, cvs, look, paper, data):
    """A CV's last page is at least a third full, or tightening within the floors of its
    page-count form could not save it (then two pages would need items left out)."""
    path = DATA if data == "seed" else cvs[data]
    doc, result, _ = built(path, look, None, paper)
    if len(doc.pages) == 1:
        return
    share = fill(doc, look, None)
    MEASURED.append((f"last page, {look} {paper} {data}", f"{result.pages} pages, {share:.0%} full"))
    if share >= 1 / 3:
        return
    _, fewer, fewer_pdf = built(path, look, len(doc.pages) - 1, paper)
    _, _, pdf = built(path, look, None, paper)
    words = lambda p: re.sub(r"\S+ · Curriculum Vitae|\d+ / \d+", " ", p.text).split()  # noqa: E731
    shortened = fewer.left_out or words(fewer_pdf) != words(pdf)
    assert shortened, (share, "could have been saved by tightening alone")


def test_the_default_build_has_no_nearly_empty_page(built):
    """`make pdf`: the issue found page 3 holding Trajectory alone, 79 % white, and 88 pt of
    white at the foot of page 1."""
    doc, result, _ = built(DATA, "full")
    assert fill(doc, "full", None) >= 1 / 3
    assert all(foot_white(doc, "full", None, p) < 60 for p in range(len(doc.pages) - 1))


def test_saving_a_page_is_reported(tmp_path, cvs):
    """A CV whose last page would hold two lines is tightened to end a page sooner, and the
    build says so, as it says what any fit did."""
    from click.testing import CliRunner

    from cv_builder.cli import main

    found = None
    for n in range(3, 12):
        data = generated(seed=11, entries=n, bullets=3)
        path = tmp_path / f"cv{n}.yaml"
        path.write_text(yaml.safe_dump(data))
        result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / f"cv{n}.pdf")])
        assert result.exit_code == 0, result.output
        if "to save a nearly empty last page" in result.output:
            found = result.output
            break
    assert found, "no CV of 3 to 11 entries had a last page to save"
    assert re.search(r"spacing at \d+ %|type scale", found)


# -- 7. one-page fill ----------------------------------------------------------------------------
@pytest.mark.parametrize("data", ["seed", "two-and-a-bit", "long"])
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("look", LOOKS)
def test_a_shortened_page_is_full(built, cvs, look, paper, data):
    """One page that shortened anything (short forms, bullets, items) fills 92 % of its height."""
    path = DATA if data == "seed" else cvs[data]
    doc, result, _ = built(path, look, 1, paper)
    assert len(doc.pages) == 1
    share = fill(doc, look, 1, 0)
    MEASURED.append((f"one page, {look} {paper} {data}", f"{share:.0%} full, {len(result.left_out)} left out"))
    assert share >= 0.92, (share, result.left_out[:3])


@pytest.mark.parametrize("data", ["seed", "two-and-a-bit"])
@pytest.mark.parametrize("look", LOOKS)
def test_the_one_page_fitter_draws_once(cvs, look, data, monkeypatch, tmp_path):
    """The scales the fitter finds by measuring fit when drawn: the page is drawn once, not
    drawn, found a page too long, and drawn again tighter (the grid rounds every leading and
    space to its units, so heights are only nearly in proportion to the spacing: each
    estimate is measured before it is drawn)."""
    from cv_builder.render import document

    drawn = []
    draw = document.draw
    monkeypatch.setattr(document, "draw", lambda lay: drawn.append(1) or draw(lay))
    result = build(DATA if data == "seed" else cvs[data], look, tmp_path / "one.pdf", pages=1)
    assert result.pages == 1 and len(drawn) == 1, (len(drawn), result.type_scale, result.space_scale)


def test_a_short_cv_is_not_stretched(built, cvs):
    doc, result, _ = built(cvs["short"], "full", 1)
    assert result.type_scale == 1.0 and result.space_scale == 1.0 and not result.left_out


# -- 8. the two-page fitter ------------------------------------------------------------------------
def missing_items(pdf: PDF, path) -> int:
    from cv_builder import schema

    cv = schema.load(path)
    names = [getattr(i, "organisation", None) or getattr(i, "name", None) or str(getattr(i, "title", "") or
             getattr(i, "text", "")) for s in cv.sections if s.kind != "tags" for i in s.items]
    return len(pdf.missing(*[n[:40] for n in names if n]))


@pytest.mark.parametrize("data", ["seed", "short", "page-and-a-bit", "two-and-a-bit", "long"])
@pytest.mark.parametrize("look", LOOKS)
def test_two_pages_never_do_worse_than_one(built, cvs, look, data):
    """Two pages never fail where one page succeeds, never leave out more items than one page
    does, and end their last page at least 85 % full whenever they left anything out."""
    path = DATA if data == "seed" else cvs[data]
    one_doc, one, one_pdf = built(path, look, 1)
    two_doc, two, two_pdf = built(path, look, 2)
    assert two.pages <= 2
    assert missing_items(two_pdf, path) <= missing_items(one_pdf, path)
    assert len(two.left_out) <= len(one.left_out) or missing_items(two_pdf, path) < missing_items(one_pdf, path)
    if two.left_out:
        assert two.pages == 2 and fill(two_doc, look, 2) >= 0.85


def test_a_cv_that_fits_one_page_builds_on_two(tmp_path):
    """Found on a real imported CV: it fitted on one page, and two pages failed with
    "does not fit on 2 pages" (the fitter counted what spilled over twice)."""
    data = tmp_path / "cv.yaml"
    data.write_text(yaml.safe_dump(generated(**GENERATED["page-and-a-bit"])))
    one = build(data, "full", tmp_path / "one.pdf", pages=1)
    two = build(data, "full", tmp_path / "two.pdf", pages=2)
    assert one.pages == 1 and two.pages <= 2 and not two.left_out


# -- the small things ------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_line_starts_or_ends_with_a_separator(built, case):
    doc, _, _ = built(DATA, *case)
    for page in doc.pages:
        for run in page["runs"]:
            for mark in typeset.SEPARATORS:
                assert not run.text.endswith(mark) and not run.text.startswith(mark), run
