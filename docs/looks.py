"""The README's picture of the looks: page 1 of the seed CV in every look, side by side.

    make looks        writes docs/looks.png

Rendered with pypdfium2 (the test extra), as the golden images are.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cv_builder.build import build  # noqa: E402
from cv_builder.layout import available  # noqa: E402

WIDTH = 440  # pixels a page, in the strip
GAP = 24
LABEL = 28


def page_one(look: str, folder: Path) -> Image.Image:
    out = folder / f"{look}.pdf"
    build(ROOT / "data" / "cv.yaml", look, out)
    pdf = pdfium.PdfDocument(str(out))
    page = pdf[0]
    image = page.render(scale=WIDTH / page.get_width()).to_pil().convert("RGB")
    pdf.close()
    return image


def main() -> None:
    looks = sorted((n for n in available() if n not in ("one-page", "two-page")), key=lambda n: (n != "full", n))
    with tempfile.TemporaryDirectory() as tmp:
        pages = {look: page_one(look, Path(tmp)) for look in looks}
    height = max(i.height for i in pages.values())
    strip = Image.new("RGB", (len(pages) * (WIDTH + GAP) + GAP, height + LABEL + 2 * GAP), "#D9DDE3")
    draw = ImageDraw.Draw(strip)
    try:
        font = ImageFont.truetype(str(ROOT / "fonts" / "SourceSans3-Semibold.ttf"), 20)
    except OSError:
        font = ImageFont.load_default()
    for n, (look, image) in enumerate(pages.items()):
        x = GAP + n * (WIDTH + GAP)
        draw.text((x, GAP // 2), look, fill="#222222", font=font)
        strip.paste(image, (x, GAP + LABEL))
    strip.save(ROOT / "docs" / "looks.png", optimize=True)
    print(f"wrote docs/looks.png ({', '.join(pages)})")


if __name__ == "__main__":
    main()
