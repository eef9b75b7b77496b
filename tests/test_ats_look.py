"""The `ats` look: what a resume parser reads in it, and the look settings it is made of.

The preview (`cv-builder ats`, pdfminer.six) of the seed CV in the ats look recognises
every heading, entry, date and skill and finds nothing a parser would lose; with contact
details, every one is plain text a parser recognises. The settings it uses are settings
any look can give: standard section titles in the CV's language, the separator, links
shown as their addresses, dates inline (a plain line) in a one-column structure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import extractors
from conftest import DATA, cli
from cv_builder import schema
from cv_builder.ats import preview
from cv_builder.ats.vocabulary import vocabulary
from cv_builder.errors import CVError
from cv_builder.model import date_range

CONTACT = """location: Los Angeles, CA
email: dustin.podell@example.com
phone: +1 310 555 0142
website: https://dpodell.example.com
links:
  - {label: "GitHub: dpodell", url: "https://github.com/dpodell"}
  - {label: LinkedIn, url: "https://www.linkedin.com/in/dpodell"}
"""


def seed_with(tmp_path: Path, top: str = "", name: str = "cv.yaml") -> Path:
    """The seed CV with more top-level fields (contact details, a language) after its `owner:`."""
    text = DATA.read_text(encoding="utf-8").replace("owner: [Dustin Podell]\n", "owner: [Dustin Podell]\n" + top, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def listed(pdf, *parts: str, sep: str = "|") -> bool:
    """Whether the PDF's text has ``parts`` in this order, each joined to the next by the
    separator or by a line break (a line that ends with a separator drops it)."""
    join = rf"(?: {re.escape(sep)} |[ \u00a0]*\n[ \u00a0]*)"
    pattern = join.join(re.escape(p) for p in parts)
    return any(re.search(pattern, text) for text in pdf.page_texts)


def look(tmp_path: Path, text: str, name: str = "mine") -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def experience():
    cv = schema.load(DATA)
    return next(s for s in cv.sections if s.id == "experience").items


def tags():
    cv = schema.load(DATA)
    return [t.name for s in cv.sections if s.kind == "tags" for t in s.items]


# -- the seed CV in the ats look ---------------------------------------------------------

@pytest.mark.parametrize("pages", [None, 1, 2])
def test_the_seed_cv_reads_clean_in_the_ats_look(build_pdf, pages):
    pdf, _ = build_pdf(layout="ats", pages=pages)
    result = preview(pdf.path)
    r = result.recognised
    assert r.name == "Dustin Podell"
    assert [(h.line.text, h.known) for h in r.headings] == [
        ("Summary", True), ("Highlights", True), ("Experience", True), ("Projects", True),
        ("Publications", True), ("Skills", True)]
    jobs = [(e.organisation, e.dates) for e in r.entries]
    assert jobs == [(e.organisation or e.title, date_range(e.start, e.end)) for e in experience()]
    assert all(e.section == "Experience" for e in r.entries)
    assert r.skills == tags()
    # the seed has no e-mail or phone: that is all the preview has to say
    assert [(f.rule, f.severity) for f in result.findings] == [("no-contact", "warning")]
    assert result.ok


def test_the_command_exits_0_on_the_seed_cv_in_the_ats_look(build_pdf):
    pdf, _ = build_pdf(layout="ats")
    run = cli("ats", str(pdf.path), "--no-text")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "headings  Summary · Highlights · Experience · Projects · Publications · Skills" in run.stdout
    assert "Black Forest Labs | Co-Founder & Research Scientist | San Francisco / Freiburg | 2024 – Present" \
        in run.stdout
    assert "0 errors, 1 warning: nothing a parser would lose." in run.stdout


def test_the_ats_look_is_plain_lines(build_pdf):
    """Each entry's organisation and dates on one line, its title and place on the next; the
    figures one line of text; the data's own titles replaced; no running head; '|' between parts."""
    pdf, _ = build_pdf(layout="ats")
    for name in extractors.EXTRACTORS:
        extractors.require(name)
        lines = extractors.lines("\n".join(extractors.pages(pdf.path, name)))
        text = "\n".join(lines)
        assert "Black Forest Labs | 2024 – Present" in lines, name
        assert "Co-Founder & Research Scientist | San Francisco / Freiburg" in lines, name
        # (every entry alike: the place on the line under the organisation, beside the role if any)
        assert "Self-Directed ML Research | 2021 – 2022" in lines, name
        assert lines[lines.index("Self-Directed ML Research | 2021 – 2022") + 1] == "Los Angeles, CA", name
        assert any(line.startswith("12+ Models shipped (to production) | SDXL · Kontext Lead roles | 4,000+")
                   for line in lines), name
        for title in ("At a glance", "Shipped models", "Technical focus", "Trajectory", "Curriculum Vitae"):
            assert title not in text, (name, title)
        assert "arxiv.org/abs/2307.01952" in text, name
    assert len(pdf.pages) == 3  # (lines of about 90 characters: tests/test_typography.py)


def test_contact_details_are_plain_text_a_parser_recognises(tmp_path, build_pdf):
    data = seed_with(tmp_path, CONTACT)
    pdf, _ = build_pdf(data=data, layout="ats")
    result = preview(pdf.path)
    r = result.recognised
    assert r.emails == ["dustin.podell@example.com"]
    assert r.phones == ["+1 310 555 0142"]
    assert r.urls[:2] == ["github.com/dpodell", "www.linkedin.com/in/dpodell"]
    assert "dpodell.example.com" in r.urls
    assert "GitHub: dpodell" not in pdf.text and "LinkedIn" not in pdf.text
    assert listed(pdf, "Los Angeles, CA", "dustin.podell@example.com", "+1 310 555 0142", "dpodell.example.com",
                  "github.com/dpodell", "www.linkedin.com/in/dpodell")
    assert result.findings == [] and result.ok
    # the links still go where they went
    assert {"mailto:dustin.podell@example.com", "https://github.com/dpodell",
            "https://www.linkedin.com/in/dpodell"} <= set(pdf.uris())
    # the full look shows labels, joined by middle dots: the preview says a parser loses the contact
    full, _ = build_pdf(data=data)
    found = preview(full.path).findings
    assert any("'GitHub: dpodell'" in f.message and f.severity == "error" for f in found if f.rule == "hidden-link")
    assert [f.line for f in found if f.rule == "unsplit-contact"] != []


# -- standard titles ------------------------------------------------------------------------

def test_standard_titles_replace_the_datas_titles_in_any_look(tmp_path, build_pdf):
    mine = look(tmp_path, "extends: classic\nsection_title: {standard: true}\n"
                          "options: {publications: {title: Selected papers}}\n")
    data = tmp_path / "cv.yaml"
    data.write_text(DATA.read_text(encoding="utf-8").replace("variants:", """  talks:
    title: Invited talks
    kind: entries
    items:
      - {title: Keynote, organisation: CVPR, start: 2024}

variants:""", 1), encoding="utf-8")
    pdf, result = build_pdf(data=data, layout=mine)
    outline = [str(o.title) for o in pdf.reader.outline]
    # a known section by its kind; an own id (talks) keeps its title; a look's own title wins
    assert outline == ["Summary", "Highlights", "Experience", "Projects", "Selected papers", "Skills",
                       "Experience", "Invited talks"]
    assert "Shipped models" not in pdf.text and "Technical focus" not in pdf.text


def test_standard_titles_are_in_the_cvs_language(tmp_path, build_pdf):
    data = seed_with(tmp_path, "language: de\n" + CONTACT)
    pdf, _ = build_pdf(data=data, layout="ats")
    result = preview(pdf.path)
    assert [h.line.text for h in result.recognised.headings] == [
        "Zusammenfassung", "Auf einen Blick", "Berufserfahrung", "Projekte", "Publikationen", "Kenntnisse"]
    assert all(h.known and h.language == "de" for h in result.recognised.headings)
    assert len(result.recognised.entries) == 4 and all(e.dates for e in result.recognised.entries)
    assert result.ok


def test_every_languages_standard_titles_are_headings_parsers_know():
    """What a look with standard titles prints, in each language cv-builder has words for,
    is a heading the preview's vocabulary knows, of the section's category."""
    from cv_builder.kinds import KIND_BY_ID
    from cv_builder.lang import OWN_HEADING, known_tags, resolve

    category = {"text": "summary", "figures": "summary", "entries": "experience", "projects": "projects",
                "publications": "publications", "tags": "skills", "timeline": "experience"}
    v = vocabulary()
    wrong = []
    for tag in known_tags():
        language = resolve(tag)
        for section_id, kind in KIND_BY_ID.items():
            title = language.standard_title(section_id, kind)
            found = v.match(title)
            expected = section_id if section_id in OWN_HEADING else category[kind]
            if found is None or found.category != expected:
                wrong.append(f"{tag} {section_id}: {title!r} ({found.category if found else 'unknown'})")
    assert not wrong, "\n".join(wrong)


# -- the settings -------------------------------------------------------------------------

def test_links_show_their_addresses_and_text_links_keep_their_words(tmp_path, build_pdf):
    data = seed_with(tmp_path, CONTACT.replace("location: Los Angeles, CA\n", ""))
    data.write_text(data.read_text(encoding="utf-8").replace(
        "Generative AI researcher and engineer", "Generative AI researcher ([paper](https://arxiv.org/abs/2307.01952/)) and engineer",
        1), encoding="utf-8")
    mine = look(tmp_path, "links: address\nseparator: '|'\n")
    pdf, _ = build_pdf(data=data, layout=mine)
    assert "Generative AI researcher (paper (arxiv.org/abs/2307.01952)) and engineer" in pdf.text
    assert listed(pdf, "dustin.podell@example.com", "+1 310 555 0142", "dpodell.example.com", "github.com/dpodell")
    assert "arXiv:2307.01952" not in pdf.text and "arxiv.org/abs/2403.03206" in pdf.text


@pytest.mark.parametrize("setting, message", [
    ("separator: '||||'", "this is not a mark of one to three characters, such as |"),
    ("links: url", "unknown value `url`"),
    ("structure: {class: one-column, dates: left}", "unknown value `left`"),
    ("section_title: {standard: yes please}", "expected true or false"),
])
def test_bad_settings_are_told_with_their_line(tmp_path, setting, message):
    from cv_builder import layout

    mine = look(tmp_path, f"description: mine\n{setting}\n")
    with pytest.raises(CVError) as caught:
        layout.load(mine)
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.position.line == 2


# -- every language ---------------------------------------------------------------------

LANGUAGES = sorted((DATA.parent.parent / "tests" / "inputs" / "languages").glob("*.yaml"))


@pytest.mark.parametrize("data", LANGUAGES, ids=[p.stem for p in LANGUAGES])
def test_a_cv_in_every_language_reads_clean_in_the_ats_look(build_pdf, data):
    """The corpus of CVs in 14 languages (Latin, Greek, Cyrillic, CJK, Arabic, Hebrew) in the ats look:
    every heading one parsers know in that language, every job and degree with its dates, the contact
    details recognised, nothing a parser would lose."""
    cv = schema.load(data)
    pdf, _ = build_pdf(data=data, layout="ats")
    result = preview(pdf.path)
    r = result.recognised
    assert r.headings and all(h.known for h in r.headings), [h.line.text for h in r.headings if not h.known]
    dated = [e for s in cv.sections if s.id in ("experience", "work", "education") for e in s.items]
    assert len(r.entries) == len(dated), [(e.organisation, e.dates) for e in r.entries]
    assert all(e.dates for e in r.entries), [(e.organisation, e.dates) for e in r.entries]
    assert r.emails == [cv.header.email]
    assert result.ok, [f.message for f in result.errors]
