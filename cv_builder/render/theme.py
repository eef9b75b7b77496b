"""A look at a given scale, as ReportLab paragraph styles.

Everything derives from the look (sizes, colours, spacing, margins as
fractions of the page, and ``styles:``, which says how each element is set)
and two factors a fitter may turn down: ``type_scale`` for type sizes and
``space_scale`` for vertical spacing. Nothing is set below the look's floors
(``fit.min_body`` for body text, ``fit.min_size`` for anything).
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..look import PAPERS, Look
from . import fonts
from .fonts import Family

BODY_FLOOR = 8.5
SIZE_FLOOR = 7.5
ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
MIRROR = {"left": "right", "right": "left"}  # a look's alignments in a right-to-left CV


class Theme:
    def __init__(self, look: Look, paper: str | None = None, type_scale: float = 1.0, space_scale: float = 1.0,
                 language=None):
        self.spec = self.look = look
        # the CV's language (cv_builder.lang.Language): how its lines break (Chinese and Japanese
        # between characters: wordWrap CJK, see cv_builder.lang.cjk)
        self.language = language
        self.word_wrap = language.word_wrap if language is not None else None
        # right to left (Arabic, Hebrew): alignments mirrored, bullets hanging on the right
        self.rtl = language is not None and language.rtl
        fallback = look.families.get("fallback") or []  # the chain: see fonts.fallback_frags
        self.fams: dict[str, Family] = {role: fonts.family(look.families[role], fallback)
                                        for role in ("body", "heading", "name")}
        body = self.fams["body"]
        common = set.intersection(*(f.cmap for f in self.fams.values()))
        # text is switched to the fallback where any of the look's families lacks a character
        self.fam = body if common == body.cmap else dataclasses.replace(body, cmap=common)
        self.paper = paper or look.paper
        self.pagesize = PAPERS[self.paper]
        self.type_scale = type_scale
        self.space_scale = space_scale
        w, h = self.pagesize
        self.margin_x = w * look.margins.side
        self.margin_top = h * look.margins.top
        self.margin_bottom = h * look.margins.bottom
        self.width = w - 2 * self.margin_x
        self.height = h - self.margin_top - self.margin_bottom
        fit = look.fit
        self.min_body = fit.min_body if fit else BODY_FLOOR
        self.min_size = fit.min_size if fit else SIZE_FLOOR
        self.colors = {k: HexColor(v) for k, v in vars(look.colors).items()}
        self.hex = dict(vars(look.colors))

    # -- scale ---------------------------------------------------------------
    def size(self, name: str) -> float:
        """A type size after scaling, never below the floors."""
        base = getattr(self.look.sizes, name)
        floor = self.min_body if name in ("body", "intro") else self.min_size
        return round(max(base * self.type_scale, min(base, floor)), 2)

    def space(self, name: str) -> float:
        return getattr(self.look.spacing, name) * self.space_scale

    def lead(self, size: float) -> float:
        return round(size * self.look.leading, 2)

    def font(self, name: str) -> str:
        """The registered font of a style (``section``, ``body``, …)."""
        style = self.look.styles[name]
        return self.fams[style.font][style.face]

    # -- styles --------------------------------------------------------------
    def style(self, name: str, **kw) -> ParagraphStyle:
        """The paragraph style of the element ``name``, as the look sets it."""
        spec = self.look.styles[name]
        s = self.size(spec.size)
        leading = s * spec.leading if spec.leading is not None else self.lead(s)
        return ParagraphStyle(
            name, fontName=self.fams[spec.font][spec.face], fontSize=s, leading=leading,
            textColor=self.colors[spec.color], alignment=ALIGN[MIRROR.get(spec.align, spec.align) if self.rtl
                                                               else spec.align],
            allowWidows=0, allowOrphans=0, splitLongWords=1,
            # never hyphenate (a parser would find the halves of a word), even when a
            # ~/.reportlab_settings turns ReportLab's hyphenation on
            hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0,
            cv_fallback=self.fam.chain_keys, wordWrap=self.word_wrap, cv_direction="rtl" if self.rtl else None,
            **kw)  # (cv_fallback: fonts.fallback_frags; cv_direction: lang.pdf.RTLLines)

    @cached_property
    def styles(self) -> dict[str, ParagraphStyle]:
        out = {name: self.style(name) for name in self.look.styles if name != "bullet"}
        b = self.look.bullets
        body = self.size(self.look.styles["bullet"].size)
        indent = "rightIndent" if self.rtl else "leftIndent"  # the bullet hangs on the reading side
        out["bullet"] = self.style("bullet", **{indent: round(body * b.indent, 2)}, bulletIndent=0.5,
                                   bulletFontName=self.font("bullet"), bulletFontSize=body,
                                   bulletColor=self.colors[b.color], spaceBefore=self.space("bullet_gap"))
        return out

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]
