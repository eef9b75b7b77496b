"""Every PDF is tagged: a structure tree that screen readers follow, its text marked, the rest artifacts.

Read with other programs than cv-builder's own (pikepdf for the objects and the content
streams, pdfminer.six for the text of each marked-content sequence: tests/tagged.py):

- each look's seed PDF has the structure of its expected outline (tests/tagged/LOOK.txt;
  `.venv/bin/python tests/tagged.py` writes them again after an intended change);
- every text, line, rectangle and form drawn is either the content of a structure
  element (an MCID the parent tree maps back to that element) or an artifact;
- each link is a Link element holding its annotation, which names it back;
- the catalog, pages and metadata say what PDF/UA asks;
- the text read through the tags has a space where a line wraps (no "fromconcept"),
  none inside a Chinese or Japanese line, and a paragraph split over pages is one P;
- every look, every letter and every language of tests/inputs/languages (right-to-left
  and CJK ones too) passes cv-builder's own check of its tags and pdfua's (PyPI: part of
  PDF/UA-1's machine rules), with its /Lang, its bullets as list items, and a
  right-to-left entry read from the right.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pikepdf
import pytest
import yaml

from conftest import DATA, LAYOUTS, normalise
from tagged import EXPECTED, Tree

LANGUAGES = Path(__file__).parent / "inputs" / "languages"
OUTPUT = Path(__file__).parent / "output" / "tagged"
PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI"}


@pytest.fixture(scope="module")
def tree(build_pdf):
    known = {}

    def get(layout=None, data=DATA):
        key = (layout, str(data))
        if key not in known:
            known[key] = Tree(build_pdf(data=data, layout=layout)[0].path)
        return known[key]

    return get


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_structure_is_the_expected_outline(tree, layout):
    got = tree(layout).outline()
    expected_path = EXPECTED / f"{layout}.txt"
    expected = expected_path.read_text(encoding="utf-8")
    if got != expected:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / f"{layout}.txt").write_text(got, encoding="utf-8")
        diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                            str(expected_path), f"now ({OUTPUT / f'{layout}.txt'})", n=2))
        pytest.fail(f"the structure of the {layout} PDF changed:\n{diff}\n"
                    "If the change is intended, run `.venv/bin/python tests/tagged.py` and commit tests/tagged/.")


def marked_content(pdf: pikepdf.Pdf):
    """For each page: [(operator, the marked-content stack: tags, with the MCID where there is one)]."""
    pages = []
    for page in pdf.pages:
        stack, ops = [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BMC":
                stack.append((str(operands[0]), None))
            elif op == "BDC":
                props = operands[1]
                mcid = int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                stack.append((str(operands[0]), mcid))
            elif op == "EMC":
                assert stack, "EMC with no marked content open"
                stack.pop()
            elif op in PAINTING:
                ops.append((op, list(stack)))
        assert not stack, "a marked-content sequence is not closed at the end of the page"
        pages.append(ops)
    return pages


def check_marked(path) -> None:
    """Every painting operator is in an element's content or an artifact; MCIDs unique per page and
    mapped by the parent tree to the element that lists them."""
    t = Tree(path)
    owners: dict = {}  # (page, mcid) -> element, as the tree lists them
    for _, elem, mcids, _ in t.walk():
        for m in mcids:
            assert m not in owners, f"MCID {m} is listed by two elements"
            owners[m] = elem
    nums = list(t.root.ParentTree.Nums)
    parent_tree = dict(zip((int(k) for k in nums[0::2]), nums[1::2]))
    seen = set()
    for n, (page, ops) in enumerate(zip(t.pdf.pages, marked_content(t.pdf))):
        for op, stack in ops:
            assert stack, f"page {n + 1}: a {op} outside any marked content (neither tagged nor an artifact)"
            tags = [tag for tag, _ in stack]
            with_mcid = [(tag, mcid) for tag, mcid in stack if mcid is not None]
            if "/Artifact" in tags:
                assert not with_mcid, f"page {n + 1}: tagged content inside an artifact"
                continue
            assert len(with_mcid) == 1, f"page {n + 1}: {op} in {stack}: one MCID expected"
            tag, mcid = with_mcid[0]
            seen.add((n, mcid))
            elem = owners.get((n, mcid))
            assert elem is not None, f"page {n + 1}: MCID {mcid} belongs to no element of the tree"
            assert tag == str(elem.S), f"page {n + 1}: MCID {mcid} is marked {tag}, its element is {elem.S}"
            mapped = parent_tree[int(page.StructParents)][mcid]
            assert mapped.objgen == elem.objgen, f"page {n + 1}: the parent tree maps MCID {mcid} elsewhere"
        assert str(page.get("/Tabs")) == "/S"
    assert seen == set(owners), "the tree lists marked content that no page draws"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_everything_drawn_is_tagged_or_an_artifact(build_pdf, layout):
    check_marked(build_pdf(layout=layout)[0].path)


def tags_pass(path) -> None:
    """cv-builder's own check of the file finds its tags whole, and so does pdfua (a checker of
    PDF/UA-1's machine rules, on qpdf)."""
    import pdfua

    from cv_builder.pdfcheck import check_file

    report = check_file(path)
    assert report.tags.tagged and not [p for p in report.problems if "outline" not in p.message], \
        report.summary()  # (a letter has no outline: a warning of its own)
    found = pdfua.validate(str(path)).findings
    assert not found, [(f.rule_id, f.message) for f in found]


def bullets_are_list_items(t: Tree) -> int:
    """Every Lbl is a bullet in an LI, beside its LBody; returns how many."""
    n = 0
    for _, e, mcids, _ in t.walk():
        if e.S == "/LI" and any(k.get("/S") == "/Lbl" for k in t.kids(e) if isinstance(k, pikepdf.Dictionary)):
            kinds = [str(k.S) for k in t.kids(e)]
            assert kinds == ["/Lbl", "/LBody"], kinds
            [label] = [k for k in t.kids(e) if k.S == "/Lbl"]
            assert t.element_text(next(t.walk(label))[2]).strip() == "•"
            n += 1
    return n


LANGUAGE_FILES = sorted(LANGUAGES.glob("*.yaml"))


@pytest.mark.parametrize("data", LANGUAGE_FILES, ids=lambda p: p.stem)
def test_every_language_is_tagged(build_pdf, tree, data):
    language = yaml.safe_load(data.read_text(encoding="utf-8"))["language"]
    path = build_pdf(data=data)[0].path
    check_marked(path)
    tags_pass(path)
    assert str(pikepdf.open(path).Root.Lang) == language
    t = tree(data=data)
    roles = [str(e.S) for _, e, _, _ in t.walk()]
    assert roles[:2] == ["/Document", "/H1"] and "/H2" in roles and "/L" in roles
    assert bullets_are_list_items(t) > 0  # (a right-to-left CV's bullets, at the right, too)


@pytest.mark.parametrize("language", ["he", "ar"])
@pytest.mark.parametrize("layout", ["full", "classic", "sidebar"])
def test_a_right_to_left_entry_is_read_from_the_right(build_pdf, tree, language, layout):
    """An entry's rows in the order a right-to-left reader reads them: the organisation, its
    dates (at the left, or in the mirrored date column at the right), the role and its place.
    (The text of each element is as drawn, in visual order: compared so.)"""
    from cv_builder import schema
    from cv_builder.lang import bidi

    data = LANGUAGES / f"{language}.yaml"
    cv = schema.load(data)
    [entry] = [s for s in cv.sections if s.kind == "entries"][0].items[:1]
    t = tree(layout, data)
    sects = [(e, depth) for depth, e, _, _ in t.walk() if e.S == "/Sect"]
    texts = None
    for elem, _ in sects:
        kids = [k for k in t.kids(elem) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if kids and kids[0].S == "/H3":
            texts = [" ".join(t.element_text(next(t.walk(k))[2]).split()) for k in kids if k.S in ("/H3", "/P")]
            break
    assert texts is not None
    drawn = lambda text: " ".join(bidi.extracted(text).split())  # noqa: E731
    assert texts[0] == drawn(entry.organisation)
    # the role and its place on one line (every entry alike), in that order as a reader reads it
    assert drawn(entry.title + (f" · {entry.place}" if entry.place else "")) in texts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_look_passes_the_checks_of_its_tags(build_pdf, layout):
    tags_pass(build_pdf(layout=layout)[0].path)


def letter_data(tmp_path, source: Path) -> Path:
    """A CV with a letter in its own language and script (its headline and intro as the letter's words)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["letter"] = {"recipient": {"name": data["name"]}, "date": "2025-03-14",
                      "salutation": data["headline"], "paragraphs": [data["intro"], data["headline"]]}
    out = tmp_path / f"{source.stem}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_letter_is_tagged(tmp_path, layout):
    from cv_builder import letter

    out = tmp_path / "letter.pdf"
    letter.build(DATA, layout, out, variant="applied")
    check_marked(out)
    tags_pass(out)
    t = Tree(out)
    roles = [str(e.S) for _, e, _, _ in t.walk()]
    assert roles[:2] == ["/Document", "/H1"] and set(roles) <= {"/Document", "/H1", "/P", "/Link", "/L", "/LI",
                                                               "/LBody", "/Lbl"}
    texts = [normalise(t.element_text(m)) for _, e, m, _ in t.walk() if e.S == "/P"]
    assert texts[-1] == "Dustin Podell" and any(x.startswith("Dear ") for x in texts)  # (the signature last)


@pytest.mark.parametrize("data", LANGUAGE_FILES, ids=lambda p: p.stem)
def test_a_letter_in_every_language_is_tagged(tmp_path, data):
    from cv_builder import letter

    language = yaml.safe_load(data.read_text(encoding="utf-8"))["language"]
    out = tmp_path / "letter.pdf"
    letter.build(letter_data(tmp_path, data), None, out)
    check_marked(out)
    tags_pass(out)
    assert str(pikepdf.open(out).Root.Lang) == language


def test_links_are_link_elements_holding_their_annotations(tree):
    t = tree(data=LANGUAGES / "fr.yaml")  # contact details with an e-mail address and a website
    nums = list(t.root.ParentTree.Nums)
    parent_tree = dict(zip((int(k) for k in nums[0::2]), nums[1::2]))
    links = [(e, annots, t.element_text(m)) for _, e, m, annots in t.walk() if e.S == "/Link"]
    annotations = [a for page in t.pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
    assert len(annotations) >= 2 and len(links) >= 2
    for elem, annots, text in links:
        assert annots, f"the Link {text!r} holds no annotation"
        assert text.strip(), "a Link element with no text"
        for a in annots:
            assert parent_tree[int(a.StructParent)].objgen == elem.objgen
            assert text.strip() in str(a.Contents), (text, str(a.Contents))
            assert int(a.F) & 4, "a link annotation that does not print"
    tagged = {a.objgen for _, annots, _ in links for a in annots}
    assert {a.objgen for a in annotations} == tagged, "a link annotation outside the structure tree"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_headings_do_not_skip_levels(tree, layout):
    last = 0
    for _, elem, _, _ in tree(layout).walk():
        m = re.fullmatch(r"/H(\d)", str(elem.S))
        if m:
            level = int(m.group(1))
            assert level <= last + 1, f"H{level} after H{last}"
            last = level
    assert last >= 2


def test_catalog_pages_and_metadata_say_what_pdf_ua_asks(build_pdf):
    pdf = pikepdf.open(build_pdf()[0].path)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert root.StructTreeRoot.Type == "/StructTreeRoot"
    assert all(str(p.Tabs) == "/S" and "/StructParents" in p for p in pdf.pages)
    meta = pdf.open_metadata()
    assert meta["pdfuaid:part"] == "1"
    assert meta["dc:title"] == str(pdf.docinfo.Title) == "Dustin Podell – CV"
    assert pdf.check_pdf_syntax() == []


def test_the_sidebar_is_read_before_the_main_column(tree):
    from cv_builder import layout as looks
    from cv_builder import schema
    from cv_builder.layouts import reading_order

    expected = [s.title for s in reading_order(schema.load(DATA), looks.load("sidebar"))]
    t = tree("sidebar")
    titles = [t.element_text(m) for _, e, m, _ in t.walk() if e.S == "/H2"]
    assert [normalise(x) for x in titles] == expected


def test_text_read_through_the_tags_has_its_spaces(tree):
    """A wrapped paragraph read from its tags is the paragraph, word for word."""
    from cv_builder import schema

    [about] = [s for s in schema.load(DATA).sections if s.id == "about"]
    t = tree()
    ps = [normalise(t.element_text(m)) for _, e, m, _ in t.walk() if e.S == "/P"]
    for item in about.items:  # (without a space at a line's end, its last word and the next line's first are one)
        assert normalise(item.text.plain) in ps


def test_a_paragraph_split_over_pages_is_one_element(tmp_path):
    from cv_builder.build import build

    words = " ".join(f"word{i}" for i in range(2000))
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: Long Text\nsections:\n  about: |\n    {words}\n", encoding="utf-8")
    out = tmp_path / "cv.pdf"
    result = build(data, output=out)
    assert result.pages >= 2
    t = Tree(out)
    [(elem, mcids)] = [(e, m) for _, e, m, _ in t.walk() if e.S == "/P"]
    assert len({page for page, _ in mcids}) >= 2  # (one element, its text on each page it runs over)
    assert t.element_text(mcids).split() == words.split()
    check_marked(out)


def test_a_word_split_over_lines_gets_no_space(tmp_path):
    """A word longer than a line is split where the line ends: read from the tags it is whole."""
    from cv_builder.build import build

    url = "https://example.org/" + "very-long-path-" * 12 + "end"
    data = tmp_path / "cv.yaml"
    data.write_text(f"name: Long Word\nsections:\n  about: |\n    See {url} for the rest of it.\n", encoding="utf-8")
    out = tmp_path / "cv.pdf"
    build(data, "sidebar", output=out)
    t = Tree(out)
    [text] = [t.element_text(m) for _, e, m, _ in t.walk() if e.S == "/P" and "See" in t.element_text(m)]
    assert normalise(text) == f"See {url} for the rest of it."
    import pypdf

    lines = pypdf.PdfReader(out).pages[0].extract_text().splitlines()
    assert not any(url in line for line in lines) and any(url[:30] in line for line in lines)  # (it was split)
