"""The text layer of every layout, as two kinds of parser read it.

pypdf reads in content-stream order (what simple parsers see); pdfplumber
groups characters into visual lines (what layout-aware parsers see). Both
must find: the header, then the sections top to bottom, each item in its
section with its date beside it; no ligature characters; no word of the data
split; bullets and separators as plain characters; links as their visible text.
"""

import re
import unicodedata

import pdfplumber
import pytest
import yaml

from conftest import DATA, LAYOUTS, PDF, normalise
from cv_builder import layout as layouts
from cv_builder import schema
from cv_builder.layouts import make, reading_order
from cv_builder.render.inline import address
from cv_builder.look import select
from cv_builder.build import build
from cv_builder.model import date_range
from cv_builder.render.context import ongoing

ENGINES = ["pypdf", "pdfplumber"]


def plumber_text(path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture(scope="module")
def seed():
    return schema.load(DATA)


@pytest.fixture(scope="module")
def texts(build_pdf):
    """(layout, engine) -> the whole text, as that engine extracts it (lines kept)."""
    out = {}
    for name in LAYOUTS:
        pdf, result = build_pdf(layout=name)
        out[name, "pypdf"] = "\n".join(pdf.page_texts)
        out[name, "pdfplumber"] = plumber_text(pdf.path)
    return out


def short(value, n=28) -> str:
    return normalise(str(value))[:n]


def shown_items(cv, layout_name, result, text=""):
    """(section title, kind, [(item, anchor, date)]) for what the layout shows, in order.

    The anchor is the start of the item as printed (its short form where the layout uses it,
    unless ``text`` holds the long one, which a fitter may give back); items the fitter left
    out are skipped. Dates as the PDF prints them: an ongoing end in one word.
    """
    spec = layouts.load(layout_name)
    layout = make(cv, spec)

    def form(item, options):
        if options.short and item.short and not (text and short(item.text, 20) in normalise(text)):
            return item.short
        return item.text

    left_out = {(x["section"], x["item"]) for x in result.left_out if x["kind"] == "item"}
    out = []
    for section in layout.reading_order():
        options = spec.options_for(section.id, section.kind)
        items = []
        for i, item in enumerate(section.items):
            if (section.id, i) in left_out:
                continue
            kind = section.kind
            if kind == "entries":
                anchor, date = item.organisation or item.title, date_range(item.start, ongoing(item.end))
            elif kind == "projects":
                anchor, date = item.name, str(item.year or "")
            elif kind == "publications":
                anchor, date = short(item.title), str(item.year or "")
            elif kind == "timeline":
                anchor, date = short(form(item, options), 20), date_range(item.start, ongoing(item.end))
            elif kind == "text":
                anchor, date = short(form(item, options)), ""
            elif kind == "figures":
                anchor, date = item.value, ""
            else:  # tags
                anchor, date = item.name, ""
            items.append((item, anchor, date))
        out.append((layout.heading(section), section.kind, items))
    return out


def positions(text: str, phrases: list[str], start: int = 0) -> list[int]:
    """Where each phrase is found, each after the one before (-1: not found in order)."""
    out = []
    pos = start
    for phrase in phrases:
        found = text.find(normalise(phrase), pos)
        out.append(found)
        if found >= 0:
            pos = found + len(normalise(phrase))
    return out


# -- order --------------------------------------------------------------------
def columns(layout: str, engine: str) -> None:
    """pdfplumber's extract_text sorts a page's words into lines by their height on the page,
    across the whole width: two columns side by side always come out interleaved, line by
    line, whatever the drawing order. Its order is checked on one-column looks only (the
    others: pypdf here, and four extractors in test_reading_order.py)."""
    if engine == "pdfplumber" and layouts.load(layout).structure.name == "sidebar":
        pytest.skip("pdfplumber interleaves the lines of side-by-side columns (see columns())")



@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_header_then_sections_top_to_bottom(build_pdf, seed, texts, layout, engine):
    columns(layout, engine)
    text = normalise(texts[layout, engine])
    result = build_pdf(layout=layout)[1]
    assert text.startswith(seed.name), text[:60]
    header = [seed.name, short(seed.header.headline), short(seed.header.intro)]
    sections = shown_items(seed, layout, result, text)
    titles = [title for title, _, _ in sections]
    at = positions(text, header + titles)
    assert -1 not in at, dict(zip(header + titles, at))
    # every item inside its own section, in the data's order
    bounds = at[len(header):] + [len(text)]
    for (title, kind, items), begin, end in zip(sections, bounds, bounds[1:]):
        anchors = [a for _, a, _ in items]
        found = positions(text[:end], anchors, begin)
        assert -1 not in found, (title, dict(zip(anchors, found)))


ROW_KINDS = ("entries", "timeline", "projects", "publications")  # set as rows: text left, date right


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_dates_beside_their_entry(build_pdf, seed, texts, layout, engine):
    """The date of an item is read with the item, not after its bullets or at the end of the page."""
    columns(layout, engine)
    raw = texts[layout, engine]
    text = normalise(raw)
    lines = [normalise(line) for line in raw.splitlines()]
    result = build_pdf(layout=layout)[1]
    spec = layouts.load(layout)
    checked = 0
    for title, kind, items in shown_items(seed, layout, result, text):
        start = text.find(normalise(title))
        anchors = positions(text, [a for _, a, _ in items], start)
        rows = kind in ROW_KINDS and (spec.options_for(kind, kind).style or "list") == "list"
        line_no = next(i for i, ln in enumerate(lines) if ln.startswith(normalise(title)))
        for (item, anchor, date), begin in zip(items, anchors):
            if not date:
                continue
            checked += 1
            # beside: just before the item's first words, or within its first line after them
            before = text[max(0, begin - len(date) - 1):begin]
            after = text[begin:begin + 130]
            assert date in before or date in after, (title, anchor, date, before, after)
            if engine == "pdfplumber" and rows:
                # a visual line holds the item's first line and its date, side by side
                line_no = next(i for i in range(line_no, len(lines)) if normalise(anchor) in lines[i])
                # (where dates run inline, after the item's title: at the end of its last line)
                near = lines[line_no:line_no + (2 if getattr(spec.structure, "dates", None) == "inline" else 1)]
                assert any(ln.endswith(date) or ln.startswith(date) for ln in near), (anchor, date, near)
    assert checked >= 5


# -- characters ---------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_ligatures_and_only_plain_characters(texts, layout, engine):
    text = texts[layout, engine]
    assert not re.search("[\ufb00-\ufb06]", text), "ligature characters in the text layer"
    odd = {c for c in text if unicodedata.category(c) in ("Co", "Cs", "Cn") or c == "\ufffd"
           or (unicodedata.category(c) == "Cc" and c not in "\n\t")}
    assert not odd, [f"U+{ord(c):04X}" for c in odd]


def test_ligatures_in_the_data_become_letters(tmp_path):
    src = tmp_path / "cv.yaml"
    src.write_text("name: Eﬀie Fjord\nheadline: Oﬃce ﬁnance ﬂow\nsections:\n  about: [Eﬀective staﬀ]\n",
                   encoding="utf-8")
    out = tmp_path / "cv.pdf"
    build(src, "full", out)
    pdf = PDF(out)
    assert pdf.contains_in_order("Effie Fjord", "Office finance flow", "Effective staff")
    assert not re.search("[\ufb00-\ufb06]", pdf.text)
    assert pdf.reader.metadata.author == "Effie Fjord"


def data_words(cv) -> set[str]:
    """Every word of the data, as the words a parser may find: letters and digits."""
    words = set()
    for text, _, _ in cv.strings:
        words.update(re.findall(r"\w+", text))
    return words


FURNITURE = {"Curriculum", "Vitae", "arXiv", "doi", "Present", "Now"}


def look_words(cv, layout: str) -> set[str]:
    """The words a look adds to the data's: its section titles (a look with standard titles
    has its own), and the addresses it shows for links (arxiv.org/abs/…)."""
    spec = layouts.load(layout)
    lay = make(cv, spec)
    words = {w for s in lay.reading_order() for w in re.findall(r"\w+", lay.heading(s))}
    if spec.links == "address":
        words |= {"arxiv", "org", "abs", "doi"}
    return words


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_word_of_the_data_split(seed, texts, layout, engine):
    """Every word in the text layer is a word of the data: a word broken by a hyphenation
    (or any other) line break would show up as two fragments that are not."""
    words = data_words(seed) | FURNITURE | look_words(seed, layout)
    found = set(re.findall(r"\w+", texts[layout, engine]))
    strays = {w for w in found - words if not w.isdigit()}  # page numbers, years
    assert not strays, sorted(strays)
    # and no line ends with a hyphen that the data does not have there
    for line, following in zip(texts[layout, engine].splitlines(), texts[layout, engine].splitlines()[1:]):
        if line.endswith("-") and following:
            joined = line.split()[-1] + following.split()[0]
            assert any(joined in t for t, _, _ in seed.strings), (line, following)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_bullets_and_separators_are_plain_characters(build_pdf, seed, texts, layout, engine):
    text = normalise(texts[layout, engine])
    result = build_pdf(layout=layout)[1]
    spec = layouts.load(layout)
    sep = f" {spec.separator} "  # the look's: a middle dot (U+00B7), or | for parsers
    shown = 0
    dropped = {(x["section"], x["item"], x["bullet"]) for x in result.left_out}
    for section in reading_order(select(seed, spec), spec):
        options = spec.options_for(section.id, section.kind)
        if section.kind == "entries":
            for i, entry in enumerate(section.items):
                for b, bullet in enumerate(entry.bullets):
                    if (section.id, i, None) in dropped or (section.id, i, b) in dropped:
                        continue
                    # the short form where the look asks for it, unless the fitter gave the long one back
                    forms = [bullet.text] + ([bullet.short] if options.short and bullet.short else [])
                    assert any(f"• {short(body, 20)}" in text for body in forms), short(forms[-1], 20)
                    shown += 1
        if section.kind == "projects":
            for p in section.items:
                if p.role:
                    assert f"{p.name}{sep}{p.role}" in text
    assert shown >= 5
    assert sep in text and "–" in text  # the separator between parts, en dashes in dates


# -- links --------------------------------------------------------------------
LINKED = """\
name: Ada Lovelace
headline: Analyst
email: ada@example.org
website: https://ada.example.org/
links:
  - {label: GitHub, url: "https://github.com/ada"}
sections:
  about:
    - I write [programs](https://example.org/engine) for the engine.
  experience:
    - organisation: Analytical Society
      title: Programmer
      start: 2019
      end: present
      links: [{label: Notes, url: "https://example.org/notes"}]
      bullets: [Wrote the first program.]
  publications:
    - title: Sketch of the Analytical Engine
      year: 2019
      arxiv: 1901.00001
      doi: 10.1000/engine
"""
VISIBLE = {
    "mailto:ada@example.org": "ada@example.org",
    "https://ada.example.org/": "ada.example.org",
    "https://github.com/ada": "GitHub",
    "https://example.org/engine": "programs",
    "https://example.org/notes": "Notes",
    "https://arxiv.org/abs/1901.00001": "arXiv:1901.00001",
    "https://doi.org/10.1000/engine": "doi:10.1000/engine",
}


def link_texts(path) -> list[tuple[str, str]]:
    """(uri, the text under the link's area) for every link."""
    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for link in page.hyperlinks:
                chars = [c for c in page.chars
                         if link["x0"] - 0.5 <= (c["x0"] + c["x1"]) / 2 <= link["x1"] + 0.5
                         and link["top"] - 0.5 <= (c["top"] + c["bottom"]) / 2 <= link["bottom"] + 0.5]
                out.append((link["uri"], "".join(c["text"] for c in chars).strip()))
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_links_extract_as_their_visible_text(tmp_path, layout):
    src = tmp_path / "cv.yaml"
    src.write_text(LINKED)
    out = tmp_path / "cv.pdf"
    if layouts.load(layout).sections:  # a layout that picks sections: show these ones
        custom = tmp_path / "layouts" / "mine.yaml"
        custom.parent.mkdir()
        custom.write_text(f"extends: {layout}\nsections: [about, experience, publications]\n")
        build(src, str(custom), out)
    else:
        build(src, layout, out)
    found = link_texts(out)
    assert {uri for uri, _ in found} == set(VISIBLE)
    # a look that shows addresses shows each without its scheme (a text link keeps its words before it)
    visible = {uri: address(uri) for uri in VISIBLE} if layouts.load(layout).links == "address" else VISIBLE
    for uri, text in found:
        assert text == visible[uri], (uri, text)
    pdf = PDF(out)
    for label in visible.values():
        assert label in pdf.text


def test_seed_links_read_as_their_identifiers(build_pdf):
    for layout in LAYOUTS:
        found = link_texts(build_pdf(layout=layout)[0].path)
        assert len(found) >= 4
        addresses = layouts.load(layout).links == "address"  # (the ats look)
        for uri, text in found:
            assert text == (address(uri) if addresses else "arXiv:" + uri.rsplit("/", 1)[-1]), (uri, text)


def test_a_short_number_stays_with_its_word(tmp_path):
    """'2 people', '12B Flux' are tied with a no-break space, as LaTeX authors tie them;
    in text long enough to break at every place, no line ends with the number, and
    parsers read a plain space. A year is not tied ('ICLR 2024 Spotlight' may break
    after the year)."""
    from cv_builder.render.fonts import family
    from cv_builder.render.inline import Inline

    phrase = "team of 2 people, ~2 months, a 12B Flux model, "
    pieces = [" ".join(["word"] * (k % 13)) + " " + phrase * 5 for k in range(40)]  # lines break all over
    data = tmp_path / "cv.yaml"
    data.write_text("name: A\nsections:\n  about: [" + ", ".join(repr(p) for p in pieces) + "]\n")
    build(data, "full", tmp_path / "cv.pdf")
    for text in (plumber_text(tmp_path / "cv.pdf"), "\n".join(PDF(tmp_path / "cv.pdf").page_texts)):
        lines = [line.split() for line in text.splitlines()  # (not the running head, "A · Curriculum Vitae  2 / 2")
                 if line.strip() and "Curriculum Vitae" not in line and not re.fullmatch(r"\s*\d+ / \d+\s*", line)]
        assert not [words for words in lines if words[-1] in ("2", "~2", "12B")]
        assert not [words for words in lines if words[0] in ("people,", "months,", "Flux")]
        assert "2 people" in normalise(text) and "\u00a0" not in text
    inline = Inline(family(layouts.family("source-sans")), "#000000")
    assert inline.chars("ICLR 2024 Spotlight") == "ICLR 2024 Spotlight"
    assert inline.chars("in 8 months") == "in 8\u00a0months"


def test_decomposed_accents_are_composed(tmp_path):
    """'n' + U+0303 (as macOS pastes 'ñ') was drawn with the tilde beside the letter
    (ReportLab places no marks); text is composed (NFC) when it is read."""
    data = tmp_path / "cv.yaml"
    data.write_text('name: Ada\nsections:\n  about: ["Espan\\u0303a, Rene\\u0301e Mu\\u0308ller, Franc\\u0327ais"]\n')
    build(data, "full", tmp_path / "cv.pdf")
    for text in (PDF(tmp_path / "cv.pdf").text, plumber_text(tmp_path / "cv.pdf")):
        assert "España, Renée Müller, Français" in text
        assert not any(unicodedata.combining(c) for c in text)


def test_a_long_name_in_a_compact_header_reads_before_the_headline(tmp_path):
    """One page puts the headline beside the name; a name too long for that went to two lines
    beside it, and parsers read the headline first, or the two interleaved. It now goes above."""
    name = "Maria Fernanda Rodríguez-González de la Cruz y Santos"
    headline = "Builds generative models that actually ship, at scale, in production, across teams"
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: {name}\nheadline: {headline}\nsections:\n  experience:\n"
                    "    - {organisation: Org, title: Role, start: 2020, bullets: [Did things.]}\n")
    build(data, "one-page", tmp_path / "cv.pdf")
    for text in (PDF(tmp_path / "cv.pdf").text, normalise(plumber_text(tmp_path / "cv.pdf"))):
        assert text.startswith(f"{name} {headline}"), text[:200]
