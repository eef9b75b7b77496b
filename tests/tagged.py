"""The structure tree of a tagged PDF as an indented outline, read with independent tools.

    .venv/bin/python tests/tagged.py            write the expected outlines again (after an
                                                intended change of the structure or the seed CV),
                                                then commit tests/tagged/

The tree is read with pikepdf (qpdf), the text of each marked-content sequence
with pdfminer.six (its content-stream interpreter and the fonts' Unicode maps),
so that the test holds cv-builder's PDF to what other programs read in it, not
to what cv-builder's own reader makes of it. An element that holds text shows
its text (the first 60 characters), a link its address:

    Document
      H1 "Dustin Podell"
      Sect
        H2 "Experience"
        Sect
          H3 "Black Forest Labs"
          P "2024 – Present"
          L
            LI
              Lbl "•"
              LBody "Multi-modal research: representation learning and omni-mo…"
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "tagged"
DATA = ROOT / "data" / "cv.yaml"
WIDTH = 60


def marked_text(path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn in that marked-content sequence."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Device(PDFTextDevice):
        def __init__(self, rsrcmgr):
            super().__init__(rsrcmgr)
            self.stack: list = []
            self.page = 0
            self.text: dict = {}

        def begin_tag(self, tag, props=None):
            mcid = props.get("MCID") if isinstance(props, dict) else None
            self.stack.append(mcid)

        def end_tag(self):
            if self.stack:
                self.stack.pop()

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            mcid = next((m for m in reversed(self.stack) if m is not None), None)
            if mcid is not None:
                try:
                    char = font.to_unichr(cid)
                except Exception:  # (a character with no Unicode: shown as such)
                    char = "\ufffd"
                key = (self.page, mcid)
                self.text[key] = self.text.get(key, "") + char
            return font.char_width(cid) * fontsize * scaling

    manager = PDFResourceManager()
    device = Device(manager)
    interpreter = PDFPageInterpreter(manager, device)
    with open(path, "rb") as f:
        for n, page in enumerate(PDFPage.get_pages(f)):
            device.page = n
            interpreter.process_page(page)
    return device.text


class Tree:
    """A PDF's structure tree, read with pikepdf: its elements, and what each holds."""

    def __init__(self, path):
        import pikepdf

        self.pdf = pikepdf.open(path)
        self.pages = {p.objgen: i for i, p in enumerate(self.pdf.pages)}
        self.text = marked_text(path)
        self.root = self.pdf.Root.get("/StructTreeRoot")

    def page_of(self, obj) -> int | None:
        pg = obj.get("/Pg")
        return self.pages.get(pg.objgen) if pg is not None else None

    def kids(self, elem) -> list:
        k = elem.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, __import__("pikepdf").Array) else [k]

    def walk(self, elem=None, depth: int = 0):
        """(depth, element, [(page, mcid)], [annotations]) for each element, in order."""
        import pikepdf

        if elem is None:
            for k in self.kids(self.root):
                yield from self.walk(k, 0)
            return
        page = self.page_of(elem)
        mcids, annots, children = [], [], []
        for k in self.kids(elem):
            if isinstance(k, int):
                mcids.append((page, int(k)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                mcids.append((self.page_of(k), int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
                annots.append(k.Obj)
            else:
                children.append(k)
        yield depth, elem, mcids, annots
        for k in children:
            yield from self.walk(k, depth + 1)

    def element_text(self, mcids) -> str:
        return "".join(self.text.get(m, "") for m in mcids)

    def outline(self) -> str:
        lines = []
        for depth, elem, mcids, annots in self.walk():
            line = "  " * depth + str(elem.S)[1:]
            text = " ".join(self.element_text(mcids).split())
            if text:
                line += f' "{text[:WIDTH]}{"…" if len(text) > WIDTH else ""}"'
            for a in annots:
                line += f" → {a.A.URI}"
            lines.append(line)
        return "\n".join(lines) + "\n"


def build_seed(layout: str, out: Path) -> Path:
    from cv_builder.build import build

    build(DATA, layout, out)
    return out


def refresh() -> None:
    import tempfile

    sys.path.insert(0, str(ROOT))
    from conftest import LAYOUTS

    EXPECTED.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            pdf = build_seed(layout, Path(tmp) / f"{layout}.pdf")
            (EXPECTED / f"{layout}.txt").write_text(Tree(pdf).outline(), encoding="utf-8")
            print(f"wrote {EXPECTED.relative_to(ROOT)}/{layout}.txt")


if __name__ == "__main__":
    refresh()
