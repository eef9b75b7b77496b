"""Golden images: how the seed CV looks, page by page, in every layout; how CVs in
other languages and scripts look (Chinese, Japanese, Arabic — in the full look and the
sidebar, mirrored — and German, from tests/inputs/languages/); and the seed's cover
letter (the research-scientist variant's) in every look.

    make golden            render them again (after an intended change of the design),
                           then commit tests/golden/

The renderer is pypdfium2, pinned in the `test` extra of pyproject.toml, so
that every machine draws the same pixels: 72 dpi (a pixel per point), grey,
16 levels, a few tens of KB per page. tests/test_golden.py compares a fresh
render with these files and writes what differs to tests/output/golden/.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "cv.yaml"
GOLDEN = ROOT / "tests" / "golden"
OUTPUT = ROOT / "tests" / "output" / "golden"
DPI = 72
LEVELS = 16
REFRESH = "make golden"


LANGUAGES = ROOT / "tests" / "inputs" / "languages"
#: golden case -> (the CV, its layout): CVs of the corpus whose look a change must not break unseen
LANGUAGE_CASES = {"lang-zh-Hans": ("zh-Hans.yaml", "full"), "lang-ja": ("ja.yaml", "full"),
                  "lang-ar": ("ar.yaml", "full"), "lang-ar-sidebar": ("ar.yaml", "sidebar"),
                  "lang-de": ("de.yaml", "full")}


def layouts() -> list[str]:
    return sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))


def cases() -> dict[str, tuple[Path, str]]:
    """Every golden case: name -> (data, layout). The seed CV in each layout (named by
    the layout), then the CVs in other languages."""
    out = {layout: (DATA, layout) for layout in layouts()}
    out.update({name: (LANGUAGES / data, layout) for name, (data, layout) in LANGUAGE_CASES.items()})
    return out


#: the looks a letter is drawn in for its golden images (one-page: full's, with its compact header;
#: two-page is full's)
LETTER_LOOKS = ["full", "classic", "sidebar", "ats", "one-page"]
LETTER_VARIANT = "research-scientist"
LETTER_EPOCH = "1741910400"  # the day its letters are dated: 2025-03-14 (SOURCE_DATE_EPOCH)


def letter_name(look: str) -> str:
    """The name of a letter's golden images: letter-full-1.png, …"""
    return f"letter-{look}"


def build_letter(look: str, folder: Path) -> Path:
    """The seed's letter for LETTER_VARIANT in a look, dated LETTER_EPOCH's day."""
    import os

    from cv_builder.letter import build as run

    out = folder / f"{letter_name(look)}.pdf"
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = LETTER_EPOCH
    try:
        run(DATA, look, out, variant=LETTER_VARIANT)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return out


def golden_path(layout: str, page: int) -> Path:
    return GOLDEN / f"{layout}-{page}.png"


def golden_pages(layout: str) -> list[Path]:
    """The golden images of a layout, page 1 first."""
    found = [p for p in GOLDEN.glob(f"{layout}-*.png") if re.fullmatch(rf"{re.escape(layout)}-\d+\.png", p.name)]
    return sorted(found, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def render(pdf_path: Path) -> list:
    """Each page as a grey PIL image, in LEVELS levels of grey."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = []
        step = 255 / (LEVELS - 1)
        table = [round(round(v / step) * step) for v in range(256)]
        for i in range(len(pdf)):
            bitmap = pdf[i].render(scale=DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("L").point(table)
            pages.append(image)
        return pages
    finally:
        pdf.close()


def save(image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG", optimize=True)


def build(case: str, folder: Path) -> Path:
    from cv_builder.build import build as run

    data, layout = cases()[case]
    out = folder / f"{case}.pdf"
    run(data, layout, out)
    return out


def main() -> int:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        made = [(case, build(case, Path(tmp))) for case in cases()]
        made += [(letter_name(look), build_letter(look, Path(tmp))) for look in LETTER_LOOKS]
        for name, pdf in made:
            pages = render(pdf)
            for old in golden_pages(name):
                old.unlink()
            for n, image in enumerate(pages, 1):
                save(image, golden_path(name, n))
                written.append(golden_path(name, n))
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} golden pages to {GOLDEN.relative_to(ROOT)}/ ({size / 1024:.0f} KB); "
          "look at them, then commit them")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
