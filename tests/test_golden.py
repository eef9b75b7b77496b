"""Visual regression: the seed CV in every layout, and CVs in Chinese, Japanese, Arabic
and German, look like their golden images.

The images are rendered by pypdfium2 (pinned in pyproject.toml) at 72 dpi in 16
levels of grey; a page may differ in a handful of pixels (rasterisers are not
bit-exact across every machine) but no more. After an intended change of the
design, `make golden` renders them again: commit tests/golden/ with the change.
"""

import pytest
from PIL import Image, ImageChops

import golden

THRESHOLD = 2 * 255 // (golden.LEVELS - 1)  # a pixel differs when it is more than two grey levels off
MAX_SHARE = 0.0001  # at most 0.01 % of a page's pixels (50 at A4) may differ


def rel(path) -> str:
    return str(path.relative_to(golden.ROOT))


def compare(now: Image.Image, then: Image.Image) -> tuple[int, Image.Image]:
    """How many pixels differ, and a picture of where (red over the page as it is now)."""
    mask = ImageChops.difference(now, then).point(lambda v: 255 if v > THRESHOLD else 0)
    count = mask.histogram()[255]
    faint = now.point(lambda v: 150 + v * 105 // 255).convert("RGB")
    red = Image.new("RGB", now.size, (230, 0, 0))
    return count, Image.composite(red, faint, mask)


@pytest.mark.parametrize("layout", list(golden.cases()))
def test_pages_look_like_the_golden_images(build_pdf, layout):
    data, layout_name = golden.cases()[layout]
    compare_pages(layout, golden.render(build_pdf(data, layout_name)[0].path))


@pytest.mark.parametrize("look", golden.LETTER_LOOKS)
def test_letters_look_like_the_golden_images(tmp_path, look):
    """The seed's cover letter in each look: its header, fonts, colours and grid the look's."""
    compare_pages(golden.letter_name(look), golden.render(golden.build_letter(look, tmp_path)))


def compare_pages(layout: str, pages: list) -> None:
    """Each page as it is now against its golden image (named ``layout``-n.png)."""
    expected = golden.golden_pages(layout)
    again = f"If the change is intended, run `{golden.REFRESH}` and commit {rel(golden.GOLDEN)}/."
    assert expected, f"layout {layout} has no golden images in {rel(golden.GOLDEN)}/: run `{golden.REFRESH}`"
    for n, image in enumerate(pages, 1):
        golden.save(image, golden.OUTPUT / f"{layout}-{n}.png")
    assert len(pages) == len(expected), (
        f"layout {layout} has {len(pages)} pages, its golden images {len(expected)}; "
        f"the pages as they are now: {rel(golden.OUTPUT)}/{layout}-*.png. {again}")
    failures = []
    for n, (image, path) in enumerate(zip(pages, expected), 1):
        then = Image.open(path).convert("L")
        if then.size != image.size:
            failures.append(f"page {n} is {image.size[0]} × {image.size[1]} px, its golden image "
                            f"{then.size[0]} × {then.size[1]} ({rel(path)})")
            continue
        count, picture = compare(image, then)
        allowed = int(MAX_SHARE * image.size[0] * image.size[1])
        diff = golden.OUTPUT / f"{layout}-{n}-diff.png"
        if count > allowed:
            golden.save(picture, diff)
            failures.append(
                f"page {n} differs from {rel(path)} in {count:,} pixels "
                f"({100 * count / (image.size[0] * image.size[1]):.2f} %; at most {allowed} may)\n"
                f"    now:  {rel(golden.OUTPUT / f'{layout}-{n}.png')}\n"
                f"    diff: {rel(diff)} (what changed, in red)")
        elif diff.exists():
            diff.unlink()
    assert not failures, f"layout {layout}:\n  " + "\n  ".join(failures) + f"\n{again}"
