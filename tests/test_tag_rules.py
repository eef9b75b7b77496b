"""The self-check's rules of a tagged PDF (cv_builder/pdfcheck/tags.py), on damaged trees.

Each test damages one thing in a tagged PDF that cv-builder built, as a buggy writer or
another tool could (with pikepdf, in tmp_path), and holds `cv-builder check` to the
finding a user reads: the words of the message, its severity, the place it names. The
undamaged PDF passes (test_self_check.py checks every look), so each finding comes from
the damage. A build whose own tree is broken is not written (the last tests).
"""

from __future__ import annotations

import pikepdf
import pytest

from conftest import DATA, cli
from cv_builder.pdfcheck import Expect, Limits, check_file, check_pdf

UNTAGGED_CONTENT = "neither an element's content nor an artifact"


@pytest.fixture(scope="module")
def seed(build_pdf):
    return build_pdf()[0].path


def damaged(seed, tmp_path, change) -> tuple[list, list]:
    """The seed PDF changed by change(pdf) and saved in tmp_path: (errors, warnings) of `check`."""
    out = tmp_path / "damaged.pdf"
    with pikepdf.open(seed) as pdf:
        change(pdf)
        pdf.save(out)
    report = check_file(out)
    return [p.message for p in report.errors], [p.message for p in report.warnings]


def content(page) -> bytes:
    return page.Contents.read_bytes()


def set_content(pdf, page, data: bytes) -> None:
    page.Contents = pikepdf.Stream(pdf, data)


def elements(pdf):
    """Every element of the structure tree, in order."""
    out = []

    def walk(e):
        out.append(e)
        k = e.get("/K")
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)
    k = pdf.Root.StructTreeRoot.K
    for e in (list(k) if isinstance(k, pikepdf.Array) else [k]):
        walk(e)
    return out


def first(pdf, role: str):
    return next(e for e in elements(pdf) if e.S == role)


def test_the_undamaged_pdf_passes_and_says_what_its_tags_hold(seed, tmp_path):
    errors, warnings = damaged(seed, tmp_path, lambda pdf: None)  # (rewritten by qpdf: read as a foreign file)
    assert errors == warnings == []
    r = cli("check", str(seed))
    assert r.returncode == 0, r.stderr
    tags = [line for line in r.stdout.splitlines() if line.startswith("  tags")]
    assert tags and "all content tagged or an artifact, 4 links in the tree, PDF/UA-1 identified" in tags[0]


def test_an_untagged_pdf_is_said_to_be_untagged_but_is_no_error_unless_the_build_tagged_it(seed, tmp_path):
    def untag(pdf):
        del pdf.Root["/StructTreeRoot"]
    errors, warnings = damaged(seed, tmp_path, untag)
    assert errors == [] and warnings == []
    assert "tags     none: not a tagged PDF" in check_file(tmp_path / "damaged.pdf").summary()
    data = (tmp_path / "damaged.pdf").read_bytes()
    report = check_pdf(data, Expect("Dustin Podell", [], tagged=True))
    assert [p.message for p in report.errors] == [
        "it is not tagged: it has no structure tree, so a screen reader reads its text in drawing order, "
        "without headings, lists or links"]


def test_text_drawn_outside_any_marked_content_is_found_and_quoted(seed, tmp_path):
    def unmark(pdf):
        page = pdf.pages[0]
        data = content(page)
        start = data.index(b"/H1<</MCID 0>>BDC")
        end = data.index(b"EMC", start)
        set_content(pdf, page, data[:start] + data[start + 17:end] + data[end + 3:])
    errors, _ = damaged(seed, tmp_path, unmark)
    assert ("page 1: 2 drawings (text, lines, images) are " + UNTAGGED_CONTENT + ", so a screen reader skips "
            "them or reads them out of place; the first text: “Dustin Podell”") in errors  # ("Dustin", " Podell")
    # the tree still lists MCID 0 of page 1, which nothing draws now
    assert "the structure tree lists content that no page draws (page 1, MCID 0)" in errors


def test_a_line_drawn_outside_any_marked_content_is_found(seed, tmp_path):
    def line(pdf):
        page = pdf.pages[1]
        set_content(pdf, page, content(page) + b"\nq 0 0 1 RG 10 10 m 100 10 l S Q\n")
    errors, _ = damaged(seed, tmp_path, line)
    assert errors == ["page 2: 1 drawing (text, lines, images) is " + UNTAGGED_CONTENT
                      + ", so a screen reader skips it or reads it out of place"]


def test_an_element_content_inside_an_artifact_and_an_artifact_inside_content(seed, tmp_path):
    def nest(pdf):
        page = pdf.pages[0]
        data = content(page).replace(b"/H1<</MCID 0>>BDC", b"/Artifact BMC /H1<</MCID 0>>BDC", 1)
        data = data.replace(b"/P<</MCID 1>>BDC", b"/P<</MCID 1>>BDC /Artifact BMC", 1)
        i = data.index(b"EMC", data.index(b"/Artifact BMC /H1"))
        data = data[:i] + b"EMC EMC" + data[i + 3:]
        i = data.index(b"EMC", data.index(b"/P<</MCID 1>>BDC /Artifact BMC"))
        data = data[:i] + b"EMC EMC" + data[i + 3:]
        set_content(pdf, page, data)
    errors, _ = damaged(seed, tmp_path, nest)
    assert "page 1: an element's content is marked inside an artifact" in errors
    assert "page 1: an artifact is marked inside an element's content" in errors


def test_marked_content_left_open_or_closed_twice(seed, tmp_path):
    def unbalance(pdf):
        set_content(pdf, pdf.pages[0], content(pdf.pages[0]) + b"\nEMC\n")
        set_content(pdf, pdf.pages[1], content(pdf.pages[1]) + b"\n/Artifact BMC\n")
    errors, _ = damaged(seed, tmp_path, unbalance)
    assert "page 1: an EMC ends marked content that was never begun" in errors
    assert "page 2: marked content is not closed at the end of the page" in errors


def test_marked_text_that_no_element_lists_is_found_with_its_text(seed, tmp_path):
    def orphan(pdf):
        h1 = first(pdf, "/H1")
        h1.K = pikepdf.Array([])
    errors, _ = damaged(seed, tmp_path, orphan)
    assert ("text is marked as an element's content, but no element of the structure tree lists it: "
            "a screen reader skips it (page 1, MCID 0: “Dustin Podell”)") in errors


def test_an_mcid_listed_by_two_elements(seed, tmp_path):
    def twice(pdf):
        h1 = first(pdf, "/H1")
        p = next(e for e in elements(pdf) if e.S == "/P" and int(e.K) != 0 if isinstance(e.K, int))
        p.K = h1.K
    errors, _ = damaged(seed, tmp_path, twice)
    assert any(e.startswith("an MCID is listed by two elements: a screen reader reads its text twice (page 1, MCID 0")
               for e in errors), errors


def test_the_parent_tree_pointing_elsewhere_is_found(seed, tmp_path):
    def swap(pdf):
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        page1 = nums[1]
        page1[0], page1[1] = page1[1], page1[0]
    errors, _ = damaged(seed, tmp_path, swap)
    assert errors == ["the parent tree maps content to another element than the one that lists it "
                      "(page 1, MCID 0; page 1, MCID 1)"]


def test_a_page_without_struct_parents(seed, tmp_path):
    def drop(pdf):
        del pdf.pages[2].obj["/StructParents"]
    errors, _ = damaged(seed, tmp_path, drop)
    assert errors == ["a page with tagged content has no /StructParents: a reader cannot find the elements of "
                      "what it draws (page 3)"]


def test_an_element_that_does_not_name_its_parent(seed, tmp_path):
    def orphan(pdf):
        h1 = first(pdf, "/H1")
        h1.P = first(pdf, "/L")
    errors, _ = damaged(seed, tmp_path, orphan)
    assert len(errors) == 1 and errors[0].startswith(
        "an element does not name its parent (/P): a reader going up the tree gets lost (H1, object ")


def test_a_tree_that_loops_is_found_not_followed(seed, tmp_path):
    def loop(pdf):
        sect = first(pdf, "/Sect")
        sect.K.append(pdf.Root.StructTreeRoot.K)  # the Document inside one of its sections
    errors, _ = damaged(seed, tmp_path, loop)
    assert any(e.startswith("the structure tree loops: an element is reached twice (object ") for e in errors), errors


def test_an_element_without_a_type(seed, tmp_path):
    def untyped(pdf):
        del first(pdf, "/H1")["/S"]
    errors, _ = damaged(seed, tmp_path, untyped)
    assert any(e.startswith("an element of the structure tree has no type (/S) (object ") for e in errors), errors


def test_a_link_out_of_the_tree_and_a_link_without_contents(seed, tmp_path):
    def untag_link(pdf):
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        del links[0]["/StructParent"]
        del links[1]["/Contents"]
    errors, warnings = damaged(seed, tmp_path, untag_link)
    assert len(errors) == 1 and errors[0].startswith(
        "a link is not in the structure tree: a screen reader does not announce it (page ")
    assert len(warnings) == 1 and warnings[0].startswith(
        "a link has no text alternative (/Contents) for a screen reader to announce (page ")


def test_a_link_whose_struct_parent_leads_elsewhere(seed, tmp_path):
    def misdirect(pdf):
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        links[0].StructParent, links[1].StructParent = links[1].StructParent, links[0].StructParent
    errors, _ = damaged(seed, tmp_path, misdirect)
    assert len(errors) == 1 and errors[0].startswith(
        "a link's /StructParent does not lead to the Link element that holds it (page ")


def test_headings_that_skip_a_level_and_document_settings_are_warnings(seed, tmp_path):
    linked = []

    def loosen(pdf):
        first(pdf, "/H2").S = pikepdf.Name.H4
        del pdf.Root.MarkInfo["/Marked"]
        del pdf.Root.ViewerPreferences["/DisplayDocTitle"]
        n = next(n for n, page in enumerate(pdf.pages) if "/Annots" in page.obj)  # the first page with links
        del pdf.pages[n].obj["/Tabs"]
        linked.append(n + 1)
    errors, warnings = damaged(seed, tmp_path, loosen)
    assert errors == []
    assert warnings == [
        "a page with links does not say that they are in the order of the structure tree (/Tabs /S): "
        f"the Tab key visits them in another order (page {linked[0]})",
        "the headings skip a level: an H4 follows an H1, and a screen reader's list of headings shows a gap "
        "(“About”)",
        "its /MarkInfo does not say /Marked true: some readers ignore its structure tree",
        "it does not ask readers to show its title (/DisplayDocTitle true): a window and a screen reader "
        "name it by its file name"]


def test_a_type_that_is_not_standard_needs_a_role_map(seed, tmp_path):
    def custom(pdf):
        first(pdf, "/L").S = pikepdf.Name("/Bullets")
    errors, warnings = damaged(seed, tmp_path, custom)
    assert errors == []
    assert len(warnings) == 1 and warnings[0].startswith(
        "the element type /Bullets is not a standard one, and /RoleMap does not map it to one")

    def mapped(pdf):
        custom(pdf)
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Bullets=pikepdf.Name.L)
    assert damaged(seed, tmp_path, mapped) == ([], [])


def test_a_deep_tree_is_refused_within_the_limits(seed, tmp_path):
    """A chain of 200 elements, each in the last: answered with the limit it reached."""
    def deep(pdf):
        root = pdf.Root.StructTreeRoot
        parent = root.K
        for _ in range(200):
            child = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Div, P=parent, K=pikepdf.Array()))
            parent.K.append(child)
            parent = child
    errors, _ = damaged(seed, tmp_path, deep)
    assert errors == ["it is too large to check: its structure tree is nested more than 64 levels deep"]


def test_thousands_of_broken_elements_give_a_few_lines(seed, tmp_path):
    def many(pdf):
        doc = pdf.Root.StructTreeRoot.K
        for i in range(5000):
            doc.K.append(pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, K=i + 1000, Pg=pdf.pages[0].obj)))
    errors, _ = damaged(seed, tmp_path, many)
    assert any(e.startswith("an element does not name its parent (/P)") and e.endswith("and 4997 more)")
               for e in errors), errors
    assert any(e.startswith("the structure tree lists content that no page draws (page 1, MCID 1000; "
                            "page 1, MCID 1001; page 1, MCID 1002; and 4997 more)") for e in errors), errors
    assert len(errors) == 2


def test_a_large_tree_is_paid_for_from_the_budget(seed, tmp_path):
    """Reading a tree's elements spends the reader's token budget: past it, refused, not read on."""
    out = tmp_path / "many.pdf"
    with pikepdf.open(seed) as pdf:
        doc = pdf.Root.StructTreeRoot.K
        for i in range(3000):
            doc.K.append(pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, K=i + 1000, P=doc)))
        pdf.save(out)
    report = check_file(out, limits=Limits(tokens=5000))
    assert [p.message for p in report.problems] == [
        "it is too large to check: its objects hold more than 5,000 tokens"]


# -- the build: a broken tree is not written ----------------------------------------------
def test_a_build_whose_tree_is_broken_is_not_written(tmp_path, monkeypatch):
    """A bug in the writer (here: the parent tree loses a page's entry) stops the build with
    the finding, and the previous PDF stays as it was."""
    from cv_builder.build import build
    from cv_builder.errors import CVError
    from cv_builder.render import tagging

    out = tmp_path / "cv.pdf"
    build(DATA, output=out)
    before = out.read_bytes()
    original = tagging._parent_tree

    def lose_a_page(tagger):
        tagger.parent_tree = [(k, v) for k, v in tagger.parent_tree if k != 0]
        return original(tagger)
    monkeypatch.setattr(tagging, "_parent_tree", lose_a_page)
    with pytest.raises(CVError) as caught:
        build(DATA, output=out)
    text = str(caught.value)
    assert ("the PDF would be broken, so it was not written: the parent tree has no entry for a page's content: "
            "a reader cannot find the elements of what it draws (page 1)") in text
    assert out.read_bytes() == before


def test_a_build_that_draws_untagged_text_is_not_written(tmp_path, monkeypatch):
    from cv_builder.build import build
    from cv_builder.errors import CVError
    from cv_builder.render import tagging

    original = tagging.Tagger.text_ends

    def unmarked_name(self, tx, code):  # the name's text drawn without its marks
        if tx.marks[0][1].role == "H1":
            code.append(" ".join(tx._code + ["ET"]))
            self.start = len(code)
            return
        original(self, tx, code)
    monkeypatch.setattr(tagging.Tagger, "text_ends", unmarked_name)
    with pytest.raises(CVError) as caught:
        build(DATA, output=tmp_path / "cv.pdf")
    assert ("the PDF would be broken, so it was not written: page 1: 2 drawings (text, lines, images) are "
            + UNTAGGED_CONTENT) in str(caught.value)
    assert "the first text: “Dustin Podell”" in str(caught.value)
    assert not (tmp_path / "cv.pdf").exists()
