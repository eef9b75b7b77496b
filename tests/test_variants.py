"""Variants of the seed CV: each PDF holds exactly what its tags select, its headline and its target.

The expected selection is worked out here from the raw YAML with the rule the
README states, independently of cv_builder.variants, and checked in the PDF's
text layer section by section.
"""

import re

import pytest
import yaml

from conftest import DATA, normalise

RAW = yaml.safe_load(DATA.read_text())
VARIANTS = list(RAW["variants"])
RUNNING_HEAD = re.compile(r"Dustin Podell · Curriculum Vitae \d+ / \d+")


def keeps(tags, variant) -> bool:
    """The README's rule: excluded tags leave out; with `include`, untagged or included stay."""
    tags = set(tags or [])
    if tags & set(variant.get("exclude") or []):
        return False
    if variant.get("include") and tags and not tags & set(variant["include"]):
        return False
    return True


def plain(text: str) -> str:
    return normalise(text.replace("**", ""))


def as_item(item, key):
    return item if isinstance(item, dict) else {key: item}


def expected(section_id, variant):
    """(marker, kept) for each item and bullet of a section; the focus tags as one ordered list."""
    body = RAW["sections"][section_id]
    out = []
    for item in body["items"]:
        if section_id == "about":
            item = as_item(item, "text")
            out.append((plain(item["text"])[:70], keeps(item.get("tags"), variant)))
        elif section_id == "highlights":
            out.append((item["label"], keeps(item.get("tags"), variant)))
        elif section_id == "experience":
            kept = keeps(item.get("tags"), variant)
            out.append((item["title"], kept))
            for b in item.get("bullets", []):
                b = as_item(b, "text")
                out.append((plain(b["text"])[:70], kept and keeps(b.get("tags"), variant)))
        elif section_id == "models":
            out.append((f"{item['name']} · {item['role']}", keeps(item.get("tags"), variant)))
        elif section_id == "publications":
            out.append((plain(item["title"]), keeps(item.get("tags"), variant)))
        elif section_id == "trajectory":
            out.append((plain(item["text"])[:60], keeps(item.get("tags"), variant)))
    return out


def shown_sections(variant) -> list[str]:
    order = variant.get("sections") or list(RAW["sections"])
    return [s for s in order if keeps(RAW["sections"][s].get("tags"), variant)]


def segments(pdf) -> dict[str, str]:
    """The text of each section, from its title to the next section's title (the outline gives them)."""
    text = normalise(RUNNING_HEAD.sub(" ", pdf.text))
    titles = [o.title for o in pdf.reader.outline]
    starts, pos = [], 0
    for title in titles:
        pos = text.index(title, pos)
        starts.append(pos)
    ends = starts[1:] + [len(text)]
    return {title: text[a + len(title):b] for title, a, b in zip(titles, starts, ends)}


TITLES = {sid: body["title"] for sid, body in RAW["sections"].items()}


def test_markers_are_unique_in_the_full_cv(full):
    """The check below is only meaningful if each marker names one item in its section."""
    seg = segments(full)
    everything = {"include": [], "exclude": []}
    for sid in RAW["sections"]:
        for marker, _ in expected(sid, everything):
            assert seg[TITLES[sid]].count(marker) == 1, (sid, marker)


def test_seed_has_sensible_variants():
    assert {"research-scientist", "applied"} <= set(VARIANTS)
    tags = set()
    for body in RAW["sections"].values():
        for item in body["items"]:
            if isinstance(item, dict):
                tags.update(item.get("tags", []))
                for b in item.get("bullets", []):
                    tags.update(b.get("tags", []) if isinstance(b, dict) else [])
    for name, v in RAW["variants"].items():
        assert set(v.get("include", [])) <= tags, name
        assert v.get("headline") and v.get("role"), name


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_shows_exactly_the_selected_entries(build_pdf, name):
    variant = RAW["variants"][name]
    pdf, result = build_pdf(variant=name, layout="full")  # full: every item it selects, nothing fitted away
    assert result.variant == name
    shown = shown_sections(variant)
    assert [o.title for o in pdf.reader.outline] == [TITLES[s] for s in shown]
    seg = segments(pdf)
    for sid in shown:
        for marker, kept in expected(sid, variant):
            assert seg[TITLES[sid]].count(marker) == (1 if kept else 0), (sid, marker, kept)
    if "focus" in shown:
        names = [as_item(t, "name") for t in RAW["sections"]["focus"]["items"]]
        want = [t["name"] for t in names if keeps(t.get("tags"), variant)]
        # the topics in order, a middle dot between two on one line (none where a line ends)
        between = r"(?: · | )"
        assert re.fullmatch(between.join(map(re.escape, want)), seg[TITLES["focus"]].strip()), want
    for sid in set(RAW["sections"]) - set(shown):
        for marker, _ in expected(sid, variant):
            assert marker not in pdf.text, (sid, marker)


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_headline_replaces_the_data_headline(build_pdf, name):
    pdf, result = build_pdf(variant=name)  # in the variant's own layout
    assert result.layout == RAW["variants"][name].get("layout", "full")
    headline = RAW["variants"][name]["headline"]
    assert pdf.text.startswith(f"Dustin Podell {headline} {normalise(RAW['intro'])[:40]}")
    assert RAW["headline"] not in pdf.text


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_metadata_names_the_target(build_pdf, name):
    pdf, _ = build_pdf(variant=name)
    v = RAW["variants"][name]
    meta = pdf.reader.metadata
    assert meta.subject == f"{v['headline']} (application: {v['role']})"
    assert meta.title == "Dustin Podell – CV"


def test_the_variants_differ(build_pdf):
    """Two applications get two different CVs from the same facts."""
    texts = {name: build_pdf(variant=name, layout="full")[0].text for name in VARIANTS}
    assert len(set(texts.values())) == len(VARIANTS)
    research, applied = texts["research-scientist"], texts["applied"]
    assert "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis" in research
    assert "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis" not in applied
    assert "Klein · Contributor" in applied and "Klein · Contributor" not in research


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_in_the_one_page_layout(build_pdf, name):
    """A variant in the compact header: its (longer) headline wraps beside the name without running
    into the intro; the page is one page; the variant's section order wins over the layout's."""
    import pdfplumber

    pdf, result = build_pdf(variant=name, layout="one-page")
    assert len(pdf.pages) == 1
    headline = RAW["variants"][name]["headline"]
    with pdfplumber.open(str(pdf.path)) as doc:
        lines = doc.pages[0].extract_text_lines()
    head = [l for l in lines if l["text"] in headline]  # the headline's lines, however it wraps
    assert " ".join(l["text"] for l in head) == headline
    intro = next(l for l in lines if l["text"].startswith("Co-founder at Black Forest Labs"))
    assert head and max(l["bottom"] for l in head) <= intro["top"], (head, intro)
    layout_order = ["highlights", "experience", "models", "publications", "focus"]
    order = [s for s in shown_sections(RAW["variants"][name]) if s in layout_order]
    titles = [o.title for o in pdf.reader.outline]
    assert titles == [TITLES[s] for s in order]


def test_validate_checks_each_variants_layout(tmp_path, monkeypatch):
    """A variant's layout with a mistake was passed by validate and failed only at build time."""
    from click.testing import CliRunner

    from conftest import ROOT
    from cv_builder.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("extends: one-page\nfit: {min_body: 99}\n")
    (tmp_path / "cv.yaml").write_text("name: Ada\nsections:\n  about: [x]\nvariants:\n  v1: {layout: bad.yaml}\n")
    result = CliRunner().invoke(main, ["validate", "cv.yaml"])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.stderr and "fit.min_body: the number is out of range (found 99" in result.stderr
