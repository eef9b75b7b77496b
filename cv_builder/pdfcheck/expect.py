"""What a build drew, handed to the check of its PDF (render -> pdfcheck: the only direction)."""

from __future__ import annotations

from typing import Optional


# A plain class, not a dataclass: this module is imported by every build, and
# making a dataclass costs about a millisecond.
class Expect:
    """What the build knows it drew, to hold the PDF to."""

    def __init__(self, name: str, sections: list[str], pages: Optional[int] = None,
                 pagesize: Optional[tuple[float, float]] = None, faces: Optional[list[tuple[str, str]]] = None,
                 blanks: bool = False, tagged: bool = False):
        self.name = name
        self.sections = list(sections)
        self.pages = pages
        self.pagesize = pagesize
        self.faces = list(faces or [])  # (style, PostScript name) of each font drawn with
        self.blanks = blanks  # the build already warned of characters no font has (they extract as nothing)
        self.tagged = tagged  # the build wrote a structure tree (pdfcheck.tags: its absence is an error)

    def __repr__(self) -> str:
        return f"Expect({self.name!r}, {self.sections!r}, pages={self.pages}, faces={self.faces!r})"
