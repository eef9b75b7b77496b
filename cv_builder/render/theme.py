"""A look at a given scale, as ReportLab paragraph styles, on a baseline grid.

Everything derives from the look (sizes, colours, spacing, margins as
fractions of the page, and ``styles:``, which says how each element is set)
and two factors a fitter may turn down: ``type_scale`` for type sizes (all of
them alike, so the scale keeps its steps) and ``space_scale`` for the line
spacing, and with it every space. Nothing is set below the look's floors
(``fit.min_size``: the scale stops where the smallest size would go below it).

The grid. Every vertical distance on the page is a multiple of the *unit*,
half the leading of body text (:attr:`Theme.unit`): each style's leading is
a multiple of it (body and smaller text share the body's), spaces are given
in lines (``spacing:`` in the look) and kept to half lines, and each style's
first baseline is set at the body's first baseline plus whole units below
the top of its line (:meth:`Theme.baseline`; :class:`~.flowables.Para` draws
it there). So every baseline of a column falls on one grid, as in a LaTeX CV
set on ``\baselineskip``: text beside text lines up, and the space between
two blocks is a whole number of half lines.
"""

from __future__ import annotations

import dataclasses
import math
from functools import cached_property

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from ..look import PAPERS, Look
from . import fonts
from .fonts import Family

SIZE_FLOOR = 8.5  # nothing a person or a parser must read is set smaller
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
        # text is switched to the fallback where any of the look's families lacks a character
        self.fam = _common(*self.fams.values())
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
        self.min_size = look.fit.min_size if look.fit else SIZE_FLOOR
        body = self.size("body")
        self.line = round(body * look.leading * space_scale, 4)  # the leading of body text
        self.unit = self.line / 2  # the grid: every vertical distance is a multiple of it
        self.colors = {k: HexColor(v) for k, v in vars(look.colors).items()}
        self.hex = dict(vars(look.colors))

    # -- scale ---------------------------------------------------------------
    def size(self, name: str) -> float:
        """A type size after scaling. A CV's fitter keeps the scale at or above :func:`min_type_scale`,
        where every size keeps its step; a letter's may go on to its body text's floor, and a
        size at the floor (``fit.min_size``) stays there."""
        base = getattr(self.look.sizes, name)
        return round(max(base * self.type_scale, min(base, self.min_size)), 2)

    def space(self, name: str) -> float:
        """A space of the look's ``spacing:``, given there in lines, in points (whole units)."""
        return round(getattr(self.look.spacing, name) * 2) * self.unit

    def lead(self, size: float, ratio: float | None = None) -> float:
        """The leading of a size: the body's for body text and anything smaller, else the
        multiple of the unit nearest to (and not below) ``ratio`` × the size."""
        want = size * (ratio or self.look.leading) * self.space_scale
        return max(2, math.ceil(want / self.unit - 0.05)) * self.unit

    @cached_property
    def _descent(self) -> float:
        """The body font's descent at the body size (negative), as its metrics give it."""
        return getAscentDescent(self.font("body"), self.size("body"))[1]

    def baseline(self, size: float) -> float:
        """How far below the top of its line a style of this size has its first baseline:
        where body text has it (its line less the room the font's descenders need, so
        that a line keeps within its line however tight the spacing), and, for a size
        larger than the body's, the whole units more that its taller letters need."""
        body = self.size("body")
        extra = max(0, math.ceil(0.8 * (size - body) / self.unit - 1e-6)) * self.unit
        return round(self.line + self._descent + extra, 4)

    def font(self, name: str) -> str:
        """The registered font of a style (``section``, ``body``, …)."""
        style = self.look.styles[name]
        return self.fams[style.font][style.face]

    # -- styles --------------------------------------------------------------
    def style(self, name: str, **kw) -> ParagraphStyle:
        """The paragraph style of the element ``name``, as the look sets it."""
        spec = self.look.styles[name]
        s = self.size(spec.size)
        # a line at least as tall as its baseline sits low, and room for its descenders under it
        leading = max(self.lead(s, spec.leading),
                      math.ceil((self.baseline(s) + 0.2 * s) / self.unit - 1e-6) * self.unit)
        style = ParagraphStyle(
            name, fontName=self.fams[spec.font][spec.face], fontSize=s, leading=leading,
            textColor=self.colors[spec.color], alignment=ALIGN[MIRROR.get(spec.align, spec.align) if self.rtl
                                                               else spec.align],
            allowWidows=0, allowOrphans=0, splitLongWords=1,
            # ragged right: a line never runs past the column on spaces "shrunk" (not shrunk when drawn)
            spaceShrinkage=0,
            # never hyphenate (a parser would find the halves of a word), even when a
            # ~/.reportlab_settings turns ReportLab's hyphenation on
            hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0,
            cv_fallback=self.fam.chain_keys, wordWrap=self.word_wrap, cv_direction="rtl" if self.rtl else None,
            **kw)  # (cv_fallback: fonts.fallback_frags; cv_direction: lang.pdf.RTLLines)
        # Para draws the first baseline this much lower than ReportLab would (one size below the top)
        style.cv_drop = round(self.baseline(s) - s, 4)
        style.cv_unit = self.unit
        return style

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


_COMMON: dict[tuple, tuple] = {}  # ids of the families -> (the families, their common family)


def _common(body: Family, *others: Family) -> Family:
    """The body family with the characters that every family has: made once for the same
    families (the same objects, as :func:`.fonts.family` keeps them), so that what is
    computed from its characters (:attr:`.fonts.Family.chars`) is computed once."""
    key = (id(body), *map(id, others))
    known = _COMMON.get(key)
    if known is None or any(a is not b for a, b in zip(known[0], (body, *others))):
        common = set.intersection(body.cmap, *(f.cmap for f in others))
        fam = body if common == body.cmap else dataclasses.replace(body, cmap=common)
        if len(_COMMON) > 64:
            _COMMON.clear()
        known = _COMMON[key] = ((body, *others), fam)
    return known[1]


def min_body_scale(look: Look) -> float:
    """The smallest type scale of a text that may not be shortened (a letter): where body text
    reaches ``fit.min_body``, the smaller sizes held at ``fit.min_size`` (:meth:`Theme.size`)."""
    return min(1.0, (look.fit.min_body if look.fit else SIZE_FLOOR) / look.sizes.body)


def min_type_scale(look: Look) -> float:
    """The smallest type scale a fitter may use: where the look's smallest size reaches
    ``fit.min_size`` (and body text ``fit.min_body``); 1 when the design is already there."""
    fit = look.fit
    floor = fit.min_size if fit else SIZE_FLOOR
    body = fit.min_body if fit else SIZE_FLOOR
    used = {look.styles[n].size for n in look.styles} | {"body"}
    smallest = min(getattr(look.sizes, n) for n in used)
    return min(1.0, max(floor / smallest, body / look.sizes.body))
