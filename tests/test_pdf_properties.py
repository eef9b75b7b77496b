"""What the full PDF is as a file: pages, fonts, links, metadata, page furniture."""

import re

from conftest import normalise


def test_at_least_two_pages_none_blank(full):
    assert len(full.pages) >= 2
    for i, text in enumerate(full.page_texts, 1):
        body = normalise(re.sub(r"Dustin Podell · Curriculum Vitae|\d+ / \d+", "", text))
        assert len(body) > 200, f"page {i} is (nearly) blank"


def test_running_head_from_page_two(full):
    n = len(full.pages)
    assert "Curriculum Vitae" not in full.page_texts[0]
    assert f"1 / {n}" not in full.page_texts[0]
    for i in range(2, n + 1):
        text = normalise(full.page_texts[i - 1])
        assert text.startswith(f"Dustin Podell · Curriculum Vitae {i} / {n}"), text[:80]


def test_every_font_embedded_and_subset(full):
    fonts = full.fonts()
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert font.get("/Subtype") != "/Type1", f"{name} is a base-14 font, not embedded"
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        assert descriptor is not None, f"{name} has no font descriptor (not embedded)"
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3")), f"{name} is not embedded"
        assert re.match(r"/?[A-Z]{6}\+", name), f"{name} is not a subset"
    assert not any("Helvetica" in n for n in fonts)


def test_distinct_faces(full):
    """Regular, italic, semibold, bold and light all come out as themselves (no face collapsed into another)."""
    faces = {re.sub(r"^/?[A-Z]{6}\+", "", n) for n in full.fonts()}
    for face in ("SourceSans3-Regular", "SourceSans3-It", "SourceSans3-Semibold", "SourceSans3-Bold",
                 "SourceSans3-Light"):
        assert face in faces, (face, faces)


def test_arxiv_links(full):
    uris = full.uris()
    for arxiv in ("2307.01952", "2403.03206", "2506.15742", "2603.06507"):
        assert f"https://arxiv.org/abs/{arxiv}" in uris
    assert all(u.startswith(("https://", "http://", "mailto:")) for u in uris)


def test_metadata(full):
    meta = full.reader.metadata
    assert meta.title == "Dustin Podell – CV"
    assert meta.author == "Dustin Podell"
    assert meta.subject == "Builds generative models that actually ship."
    assert "Diffusion & flow matching" in meta["/Keywords"]
    lang = full.reader.trailer["/Root"].get("/Lang")
    assert lang == "en"


def test_outline_has_one_entry_per_section(full):
    titles = [o.title for o in full.reader.outline]
    assert titles == ["About", "At a glance", "Experience", "Shipped models", "Publications",
                      "Technical focus", "Trajectory"]


def test_letter_paper(build_pdf):
    pdf, result = build_pdf(paper="letter")
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert pdf.contains_in_order("Dustin Podell", "Experience", "Trajectory")
    a4 = build_pdf()[0].pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_every_subset_has_its_own_tag(tmp_path):
    """PDF: 'different subsets in the same PDF file shall have different tags' (ReportLab
    gave the first subset of every font AAAAAA+). A CV with text in the fallback font and
    more than 256 characters in one face (two subsets of it) has seven subsets."""
    from conftest import PDF
    from cv_builder.build import build

    many = "".join(chr(c) for c in range(0x100, 0x17F)) + "".join(chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2)  # (U+03A2: no character)
    data = tmp_path / "cv.yaml"
    data.write_text(f'name: Ada Lovelace\nsections:\n  about: ["{many} ✓ ★ *ital* **bold**"]\n', encoding="utf-8")
    build(data, "full", tmp_path / "cv.pdf")
    pdf = PDF(tmp_path / "cv.pdf")
    fonts = {}
    for page in pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font.indirect_reference.idnum if font.indirect_reference else id(font)] = str(font["/BaseFont"])
    tags = [name.lstrip("/")[:7] for name in fonts.values()]
    assert sum("SourceSans3-Regular" in n for n in fonts.values()) == 2  # two subsets of one face
    assert any("DejaVuSans" in n for n in fonts.values())
    assert len(set(tags)) == len(tags), sorted(fonts.values())
    assert all(re.match(r"[A-Z]{6}\+", t) for t in tags)
