"""Fitting a CV to a page count (the one-page and two-page layouts).

In this order, stopping as soon as the CV fits:

1. the design as it is (short content is never stretched);
2. tighter spacing, down to ``fit.min_spacing`` of the design's;
3. smaller type, down to the floors (body text ``fit.min_body``, anything
   ``fit.min_size``), the spacing then opened up again as far as it fits;
4. leaving out the least important items one at a time: highest ``priority``
   number first, bullets before whole items, later before earlier. A section
   keeps at least one item, so no heading is left with nothing under it, and
   the header is never touched.

Trials are *measured*, not drawn: the story is built and every flowable
wrapped, and the heights added the way a ReportLab frame adds them. Only the
final result is drawn, and its page count checked. On more than one page, the
white that page breaks leave is taken from a real build of the design, and a
result that still spills over is fitted again to less (:func:`_fit_pages`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Optional

from reportlab.platypus import KeepTogether

from .errors import CVError, Problem
from .layout import LayoutSpec
from .model import CV
from .render import document
from .render.inline import Inline

EPS = 0.01  # points of slack, as ReportLab's frame allows


@dataclass
class Piece:
    """A measured flowable: the item it shows, its height, its space before and after."""

    key: tuple
    height: float
    before: float
    after: float


def _flatten(flowables):
    for f in flowables:
        if isinstance(f, KeepTogether):
            yield from _flatten(f._content)
        else:
            yield f


class Measurer:
    """Builds the story at a scale and measures it, without drawing."""

    def __init__(self, spec: LayoutSpec, paper: Optional[str]):
        self.spec = spec
        self.paper = paper
        self.trials = 0
        self._heights: dict = {}

    def pieces(self, cv: CV, type_scale: float, space_scale: float) -> tuple[list[Piece], float]:
        self.trials += 1
        theme = document.make_theme(self.spec, self.paper, type_scale, space_scale)
        inline = Inline(theme.fam, theme.hex["accent"])
        out = []
        for f in _flatten(document.story(cv, self.spec, theme, inline)):
            _, h = f.wrap(theme.width, theme.height)
            keys = getattr(f, "cv_keys", None)
            if keys:  # a row of several items: each is charged its share of the row
                n = len(keys)
                for j, key in enumerate(keys):
                    out.append(Piece(key, h / n, f.getSpaceBefore() if j == 0 else 0,
                                     f.getSpaceAfter() if j == n - 1 else 0))
                continue
            out.append(Piece(getattr(f, "cv_key", ("header",)), h, f.getSpaceBefore(), f.getSpaceAfter()))
        return out, theme.height

    def available(self) -> float:
        """The height of a page's frame (spacing and type scales do not change it)."""
        return document.make_theme(self.spec, self.paper).height

    def height(self, cv: CV, type_scale: float, space_scale: float) -> tuple[float, float]:
        """The CV's height stacked in one frame, and the frame's height (each asked once)."""
        key = (id(cv), type_scale, space_scale)
        known = self._heights.get(key)
        if known is None or known[0] is not cv:
            pieces, available = self.pieces(cv, type_scale, space_scale)
            known = self._heights[key] = (cv, total(pieces), available)
        return known[1], known[2]


def total(pieces: list[Piece], removed: frozenset = frozenset()) -> float:
    """Height of the pieces stacked in one frame, as ReportLab's Frame stacks them:
    no space before the first, space before reduced by the previous space after."""
    y = 0.0
    prev_after = None
    for p in pieces:
        if _removed(p.key, removed):
            continue
        if prev_after is not None:
            y += prev_after + max(p.before - prev_after, 0)
        y += p.height
        prev_after = p.after
    return y


def _removed(key: tuple, removed: frozenset) -> bool:
    if len(key) != 3:
        return False
    s, i, b = key
    return (s, i, None) in removed or (b is not None and (s, i, b) in removed)


# -- what may be left out ------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """An item or bullet the fitter may leave out, and how important it is."""

    key: tuple  # (section index, item index, bullet index or None)
    priority: int
    section_priority: int
    label: str

    section: str = ""

    def order(self) -> tuple:
        s, i, b = self.key
        return (-self.priority, -self.section_priority, 0 if b is not None else 1, -s, -i, -(b or 0))

    def report(self) -> dict:
        s, i, b = self.key
        return {"section": self.section, "kind": "item" if b is None else "bullet", "item": i,
                "bullet": b, "priority": self.priority, "text": self.label}


def _short(text, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def item_label(item) -> str:
    for attr in ("organisation", "title", "name", "text", "value", "label"):
        value = getattr(item, attr, None)
        if value:
            return _short(value)
    return "item"


def candidates(cv: CV, spec: LayoutSpec) -> list[Candidate]:
    """Everything the fitter may leave out, least important first."""
    shown = {id(s) for s in document.visible_sections(cv, spec)}
    out = []
    for s, section in enumerate(cv.sections):
        if id(section) not in shown or section.kind == "tags":  # tags flow as one paragraph
            continue
        for i, item in enumerate(section.items):
            bullets = getattr(item, "bullets", None) or []
            # an item matters at least as much as its most important bullet
            p_item = min([item.priority] + [b.importance(item) for b in bullets])
            out.append(Candidate((s, i, None), p_item, section.priority, f"{section.title}: {item_label(item)}",
                                 section.id))
            for b, bullet in enumerate(bullets):
                out.append(Candidate((s, i, b), bullet.importance(item), section.priority,
                                     f"{section.title} › {item_label(item)}: “{_short(bullet.text)}”", section.id))
    return sorted(out, key=Candidate.order)


def without(cv: CV, removed: frozenset) -> CV:
    """A copy of the CV without the removed items and bullets (the model stays untouched)."""
    sections = []
    for s, section in enumerate(cv.sections):
        items = []
        for i, item in enumerate(section.items):
            if (s, i, None) in removed:
                continue
            bullets = getattr(item, "bullets", None)
            if bullets and any((s, i, b) in removed for b in range(len(bullets))):
                item = dataclasses.replace(item, bullets=[x for b, x in enumerate(bullets) if (s, i, b) not in removed])
            items.append(item)
        sections.append(dataclasses.replace(section, items=items))
    return dataclasses.replace(cv, sections=sections)


# -- the fitter ----------------------------------------------------------------
def scales(cv: CV, spec: LayoutSpec, m: Measurer, capacity: float) -> Optional[tuple[float, float]]:
    """Steps 1 to 3: the (type scale, spacing scale) at which the measured CV fits
    in `capacity` points of height, or None if it does not fit even at the floors."""
    f = spec.fit
    min_sp = f.min_spacing

    # 1. the design as it is
    h1, _ = m.height(cv, 1.0, 1.0)
    if h1 <= capacity + EPS:
        return 1.0, 1.0

    # 2. tighter spacing: height is linear in the spacing scale
    h0, _ = m.height(cv, 1.0, 0.0)
    s = _solve_spacing(h0, h1, capacity)
    if s is not None and s >= min_sp:
        return 1.0, s

    # 3. smaller type, down to the floor
    ts_min = min(1.0, f.min_body / spec.sizes.body)
    if m.height(cv, ts_min, min_sp)[0] > capacity + EPS:
        return None
    lo, hi = ts_min, 1.0  # lo fits, hi does not
    while hi - lo > 0.005:
        mid = (lo + hi) / 2
        if m.height(cv, mid, min_sp)[0] <= capacity + EPS:
            lo = mid
        else:
            hi = mid
    ts = max(ts_min, math.floor(lo * 1000) / 1000)  # a tidy scale, never below the floor
    return ts, _open_spacing(cv, m, ts, min_sp, capacity)


def fit(cv: CV, spec: LayoutSpec, paper: Optional[str] = None) -> document.Rendered:
    f = spec.fit
    m = Measurer(spec, paper)
    if f.pages > 1:
        return _fit_pages(cv, spec, paper, m)
    avail = m.available()

    found = scales(cv, spec, m, avail)
    if found is not None:
        return _final(cv, spec, paper, *found, [], m)
    trimmed, left_out, ts, s = leave_out(cv, spec, m, avail)
    return _final(trimmed, spec, paper, ts, s, left_out, m)


def leave_out(cv: CV, spec: LayoutSpec, m: Measurer, capacity: float) -> tuple[CV, list[dict], float, float]:
    """Step 4, when the CV does not fit in `capacity` even at the floors: the CV without
    its least important items, what was left out (as reports), and the scales to set it at."""
    f = spec.fit
    min_sp = f.min_spacing
    ts_min = min(1.0, f.min_body / spec.sizes.body)
    avail = capacity

    def fits(h: float) -> bool:
        return h <= avail + EPS

    # 4. leave out the least important, one at a time: first as many as the
    # measured pieces say, then one more per real measurement until it fits
    pieces, _ = m.pieces(cv, ts_min, min_sp)
    order = candidates(cv, spec)  # computed once: the order does not depend on what is left out
    removed: set = set()
    dropped: list[Candidate] = []
    left = [len(section.items) for section in cv.sections]  # items not left out, per section
    position = 0

    def next_candidate() -> Optional[Candidate]:
        """The next candidate in order that may still be left out. What is left out only
        grows, so a candidate passed over (left out already, part of an item left out,
        or the last item of its section) is never wanted later: one pass suffices."""
        nonlocal position
        while position < len(order):
            c = order[position]
            position += 1
            if c.key in removed or _removed(c.key, removed):
                continue
            if c.key[2] is None and left[c.key[0]] < 2:  # its heading would stand alone
                continue
            return c
        return None

    def leave_out(c: Candidate) -> None:
        removed.add(c.key)
        dropped.append(c)
        if c.key[2] is None:
            left[c.key[0]] -= 1

    # As many as the measured pieces say: the height only falls as more is left
    # out, so the fewest that fit are found by bisection over the order in which
    # they would go (the loop this replaces re-added the heights after each one).
    sequence, positions = [], []
    while (c := next_candidate()) is not None:
        leave_out(c)
        sequence.append(c)
        positions.append(position)
    lo, hi = 0, len(sequence)  # the first `hi` fit (or all are needed); fewer than `lo` + 1 do not
    if total(pieces, frozenset(removed)) <= avail + EPS:
        while lo < hi:
            mid = (lo + hi) // 2
            if total(pieces, frozenset(c.key for c in sequence[:mid])) <= avail + EPS:
                hi = mid
            else:
                lo = mid + 1
    removed.clear()
    dropped.clear()
    left[:] = [len(section.items) for section in cv.sections]
    for c in sequence[:hi]:
        leave_out(c)
    position = positions[hi - 1] if hi else 0
    while True:
        trimmed = without(cv, frozenset(removed))
        if fits(m.height(trimmed, ts_min, min_sp)[0]):
            break
        c = next_candidate()
        if c is None:
            raise CVError([Problem(
                f"the CV does not fit on {f.pages} page{'s' if f.pages > 1 else ''}, even with one item per "
                f"section at the smallest type ({spec.sizes.body * ts_min:.1f} pt body text)",
                hint="use the full layout, or list fewer sections in the layout's `sections:`")])
        leave_out(c)
    # leaving an item out drops its bullets with it: report the item, not each bullet
    shown = [c for c in dropped if c.key[2] is None or (c.key[0], c.key[1], None) not in removed]
    return trimmed, [c.report() for c in shown], ts_min, _open_spacing(trimmed, m, ts_min, min_sp, avail)


def _solve_spacing(h0: float, h1: float, available: float) -> Optional[float]:
    """The spacing scale at which h0 + s * (h1 - h0) fills the page (None if even 0 overflows)."""
    if h0 > available + EPS:
        return None
    if h1 - h0 <= 0:
        return 1.0
    return min(1.0, (available - h0) / (h1 - h0) - 1e-4)


def _open_spacing(cv: CV, m: Measurer, ts: float, min_sp: float, available: float) -> float:
    """After scaling type or leaving items out, give the spacing back as far as it fits."""
    h_min, _ = m.height(cv, ts, min_sp)
    h_one, _ = m.height(cv, ts, 1.0)
    if h_one <= available + EPS:
        return 1.0
    if h_one - h_min <= 0:
        return min_sp
    s = min_sp + (1.0 - min_sp) * (available - h_min) / (h_one - h_min) - 1e-4
    return max(min_sp, min(1.0, s))


def _final(cv, spec, paper, ts, s, left_out, m: Measurer) -> document.Rendered:
    rendered = document.render(cv, spec, paper, ts, s)
    if rendered.pages > spec.fit.pages and s > spec.fit.min_spacing:
        rendered = document.render(cv, spec, paper, ts, spec.fit.min_spacing)
    if rendered.pages > spec.fit.pages:
        raise CVError([Problem(f"the fitted CV came out at {rendered.pages} pages, not {spec.fit.pages}",
                               hint="this is a bug in the fitter; the full layout is unaffected")])
    rendered.left_out = left_out
    rendered.trials = m.trials
    return rendered


def _fit_pages(cv, spec, paper, m: Measurer) -> document.Rendered:
    """Fitting to more than one page: as on one page, by measured heights, with the
    white that page breaks leave (a kept-together entry moves whole to the next page)
    taken from a real build of the design, and each result checked by a real build.

    The measured heights stack the CV in one long frame; laid out on pages, it takes
    more: the design's real build says how much (``waste``), and a CV on fewer pages
    has fewer breaks, so it is counted in proportion. If a fitted build still spills
    over, what spilled is taken off the capacity and the scales found again."""
    f = spec.fit
    design = document.render(cv, spec, paper)
    m.trials += 1
    if design.pages <= f.pages:
        design.trials = m.trials
        return design
    avail = m.available()
    h1, _ = m.height(cv, 1.0, 1.0)
    waste = max(0.0, (design.pages - 1 + design.fill) * avail - h1)
    waste *= (f.pages - 1) / (design.pages - 1)
    spill = 0.0
    for _ in range(4):
        capacity = f.pages * avail - waste - spill
        found = scales(cv, spec, m, capacity)
        if found is not None:
            rendered = document.render(cv, spec, paper, *found)
        else:
            trimmed, left_out, ts, s = leave_out(cv, spec, m, capacity)
            rendered = document.render(trimmed, spec, paper, ts, s)
            rendered.left_out = left_out
        m.trials += 1
        if rendered.pages <= f.pages:
            rendered.trials = m.trials
            return rendered
        # what spilled over, and as much again: the breaks move as the scales change
        spill += 2 * (rendered.pages - f.pages - 1 + rendered.fill) * avail + 1
    raise CVError([Problem(f"the fitted CV still came out at more than {f.pages} pages",
                           hint="this is a bug in the fitter; the full layout is unaffected")])
