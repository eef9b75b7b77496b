"""A layout's style at a given scale, as ReportLab paragraph styles.

Everything derives from the layout spec (sizes, colours, spacing, margins as
fractions of the page) and two factors a fitter may turn down: ``type_scale``
for type sizes and ``space_scale`` for vertical spacing. Nothing is set below
the layout's floors (``fit.min_body`` for body text, ``fit.min_size`` for
anything).
"""

from __future__ import annotations

from functools import cached_property

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle

from ..layout import LayoutSpec
from .fonts import Family

PAPERS = {"a4": A4, "letter": LETTER}
BODY_FLOOR = 8.5
SIZE_FLOOR = 7.5


class Theme:
    def __init__(self, spec: LayoutSpec, fam: Family, paper: str | None = None,
                 type_scale: float = 1.0, space_scale: float = 1.0):
        self.spec = spec
        self.fam = fam
        self.paper = paper or spec.paper
        self.pagesize = PAPERS[self.paper]
        self.type_scale = type_scale
        self.space_scale = space_scale
        w, h = self.pagesize
        self.margin_x = w * spec.margins.side
        self.margin_top = h * spec.margins.top
        self.margin_bottom = h * spec.margins.bottom
        self.width = w - 2 * self.margin_x
        self.height = h - self.margin_top - self.margin_bottom
        fit = spec.fit
        self.min_body = fit.min_body if fit else BODY_FLOOR
        self.min_size = fit.min_size if fit else SIZE_FLOOR
        self.colors = {k: HexColor(v) for k, v in vars(spec.colors).items()}
        self.hex = dict(vars(spec.colors))

    # -- scale ---------------------------------------------------------------
    def size(self, name: str) -> float:
        """A type size after scaling, never below the floors."""
        base = getattr(self.spec.sizes, name)
        floor = self.min_body if name in ("body", "intro") else self.min_size
        return round(max(base * self.type_scale, min(base, floor)), 2)

    def space(self, name: str) -> float:
        return getattr(self.spec.spacing, name) * self.space_scale

    def lead(self, size: float) -> float:
        return round(size * self.spec.leading, 2)

    # -- styles --------------------------------------------------------------
    def style(self, name: str, face: str, size: str, color: str = "text", **kw) -> ParagraphStyle:
        s = self.size(size)
        return ParagraphStyle(
            name, fontName=self.fam[face], fontSize=s, leading=kw.pop("leading", self.lead(s)),
            textColor=self.colors[color], alignment=kw.pop("alignment", TA_LEFT),
            allowWidows=0, allowOrphans=0, splitLongWords=1,
            # never hyphenate (a parser would find the halves of a word), even when a
            # ~/.reportlab_settings turns ReportLab's hyphenation on
            hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0, **kw)

    @cached_property
    def styles(self) -> dict[str, ParagraphStyle]:
        st = self.style
        body = self.size("body")
        bullet_indent = round(body * 1.05, 2)
        return {
            "name": st("name", "bold", "name", leading=self.size("name") * 1.12),
            "headline": st("headline", "semibold", "headline", "accent"),
            "intro": st("intro", "regular", "intro", "secondary"),
            "contact": st("contact", "regular", "detail", "secondary"),
            "section": st("section", "semibold", "section", "accent"),
            "org": st("org", "bold", "title"),
            "role": st("role", "italic", "title"),
            "date": st("date", "regular", "detail", "secondary", alignment=TA_RIGHT),
            "place": st("place", "italic", "detail", "secondary", alignment=TA_RIGHT),
            "note": st("note", "regular", "detail", "secondary"),
            "body": st("body", "regular", "body"),
            "bullet": st("bullet", "regular", "body", leftIndent=bullet_indent, bulletIndent=0.5,
                         bulletFontName=self.fam["regular"], bulletFontSize=body,
                         bulletColor=self.colors["tertiary"], spaceBefore=self.space("bullet_gap")),
            "detail": st("detail", "regular", "detail", "secondary"),
            "item": st("item", "semibold", "title"),
            "fig_value": st("fig_value", "semibold", "figure"),
            "fig_label": st("fig_label", "semibold", "detail", "secondary"),
            "fig_note": st("fig_note", "regular", "detail", "secondary"),
            "running": st("running", "regular", "detail", "tertiary"),
        }

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]
