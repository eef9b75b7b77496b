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

from . import layouts
from .errors import CVError, Problem
from .look import Look, chosen
from .model import CV
from .render import document
from .render.flowables import flat

EPS = 0.01  # points of slack, as ReportLab's frame allows


@dataclass
class Piece:
    """A measured flowable: the item it shows, its height, its space before and after."""

    key: tuple
    height: float
    before: float
    after: float


@dataclass
class Measured:
    """One region of the page (a layout's column), measured: its pieces, and the height
    the first page and each later page give it."""

    name: str
    pieces: list[Piece]
    first: float
    later: float

    def capacity(self, pages: int) -> float:
        return self.first + self.later * (pages - 1)


class Measurer:
    """Builds the layout's regions at a scale and measures them, without drawing."""

    def __init__(self, spec: Look, paper: Optional[str]):
        self.spec = spec
        self.paper = paper
        self.trials = 0
        self._measured: dict = {}

    def regions(self, cv: CV, type_scale: float, space_scale: float) -> list[Measured]:
        """The regions of the layout, measured (each scale once)."""
        key = (id(cv), type_scale, space_scale)
        known = self._measured.get(key)
        if known is None or known[0] is not cv:
            known = self._measured[key] = (cv, self._measure(cv, type_scale, space_scale))
        return known[1]

    def _measure(self, cv: CV, type_scale: float, space_scale: float) -> list[Measured]:
        self.trials += 1
        out = []
        for region in layouts.make(cv, self.spec, self.paper, type_scale, space_scale).regions():
            pieces = []
            for f in flat(region.flowables):
                _, h = f.wrap(region.width, region.first or region.later)
                keys = getattr(f, "cv_keys", None)
                if keys:  # a row of several items: each is charged its share of the row
                    n = len(keys)
                    for j, key in enumerate(keys):
                        pieces.append(Piece(key, h / n, f.getSpaceBefore() if j == 0 else 0,
                                            f.getSpaceAfter() if j == n - 1 else 0))
                    continue
                pieces.append(Piece(getattr(f, "cv_key", ("header",)), h, f.getSpaceBefore(), f.getSpaceAfter()))
            out.append(Measured(region.name, pieces, region.first, region.later))
        return out

    def height(self, cv: CV, type_scale: float, space_scale: float) -> dict[str, float]:
        """Each region's height, its content stacked in one frame."""
        return {r.name: total(r.pieces) for r in self.regions(cv, type_scale, space_scale)}


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


def candidates(cv: CV, spec: Look) -> list[Candidate]:
    """Everything the fitter may leave out, least important first."""
    shown = {id(s) for s in chosen(cv, spec.sections)}
    shown |= {id(s) for s in chosen(cv, getattr(spec.structure, "sections", None) or [], set())
              if getattr(spec.structure, "sections", None)}
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
Capacity = dict  # region name -> the height it may take


def _fits(heights: dict[str, float], capacity: Capacity) -> bool:
    return all(h <= capacity[name] + EPS for name, h in heights.items())


def scales(cv: CV, spec: Look, m: Measurer, capacity: Capacity) -> Optional[tuple[float, float]]:
    """Steps 1 to 3: the (type scale, spacing scale) at which the measured CV fits
    in ``capacity`` (points of height, per region), or None if it does not fit even at the floors."""
    f = spec.fit
    min_sp = f.min_spacing

    # 1. the design as it is
    h1 = m.height(cv, 1.0, 1.0)
    if _fits(h1, capacity):
        return 1.0, 1.0

    # 2. tighter spacing: height is linear in the spacing scale
    h0 = m.height(cv, 1.0, 0.0)
    s = _solve_spacing(h0, h1, capacity)
    if s is not None and s >= min_sp:
        return 1.0, s

    # 3. smaller type, down to the floor
    ts_min = min(1.0, f.min_body / spec.sizes.body)
    if not _fits(m.height(cv, ts_min, min_sp), capacity):
        return None
    lo, hi = ts_min, 1.0  # lo fits, hi does not
    while hi - lo > 0.005:
        mid = (lo + hi) / 2
        if _fits(m.height(cv, mid, min_sp), capacity):
            lo = mid
        else:
            hi = mid
    ts = max(ts_min, math.floor(lo * 1000) / 1000)  # a tidy scale, never below the floor
    return ts, _open_spacing(cv, m, ts, min_sp, capacity)


def _capacity(m: Measurer, cv: CV, pages: int) -> Capacity:
    """What each region may take on ``pages`` pages (the design's frames; scales change
    only the header of a layout that sets it apart, which the regions measure)."""
    return {r.name: r.capacity(pages) for r in m.regions(cv, 1.0, 1.0)}


def fit(cv: CV, spec: Look, paper: Optional[str] = None) -> document.Rendered:
    f = spec.fit
    m = Measurer(spec, paper)
    if f.pages > 1:
        return _fit_pages(cv, spec, paper, m)
    capacity = _capacity(m, cv, 1)

    found = scales(cv, spec, m, capacity)
    if found is not None:
        return _final(cv, spec, paper, *found, [], m)
    trimmed, left_out, ts, s = leave_out(cv, spec, m, capacity)
    return _final(trimmed, spec, paper, ts, s, left_out, m)


def leave_out(cv: CV, spec: Look, m: Measurer, capacity: Capacity) -> tuple[CV, list[dict], float, float]:
    """Step 4, when the CV does not fit in ``capacity`` even at the floors: the CV without
    its least important items, what was left out (as reports), and the scales to set it at."""
    f = spec.fit
    min_sp = f.min_spacing
    ts_min = min(1.0, f.min_body / spec.sizes.body)

    # 4. leave out the least important, one at a time: first as many as the
    # measured pieces say, then one more per real measurement until it fits
    regions = m.regions(cv, ts_min, min_sp)
    order = candidates(cv, spec)  # computed once: the order does not depend on what is left out
    removed: set = set()
    dropped: list[Candidate] = []
    left = [len(section.items) for section in cv.sections]  # items not left out, per section
    position = 0

    def measured_fits(gone: frozenset) -> bool:
        return _fits({r.name: total(r.pieces, gone) for r in regions}, capacity)

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
    if measured_fits(frozenset(removed)):
        while lo < hi:
            mid = (lo + hi) // 2
            if measured_fits(frozenset(c.key for c in sequence[:mid])):
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
        if _fits(m.height(trimmed, ts_min, min_sp), capacity):
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
    return trimmed, [c.report() for c in shown], ts_min, _open_spacing(trimmed, m, ts_min, min_sp, capacity)


def _solve_spacing(h0: dict, h1: dict, capacity: Capacity) -> Optional[float]:
    """The spacing scale at which every region's h0 + s * (h1 - h0) fits (None if even 0 overflows)."""
    out = 1.0
    for name, low in h0.items():
        available = capacity[name]
        if low > available + EPS:
            return None
        if h1[name] - low > 0:
            out = min(out, (available - low) / (h1[name] - low) - 1e-4)
    return out


def _open_spacing(cv: CV, m: Measurer, ts: float, min_sp: float, capacity: Capacity) -> float:
    """After scaling type or leaving items out, give the spacing back as far as it fits."""
    h_min = m.height(cv, ts, min_sp)
    h_one = m.height(cv, ts, 1.0)
    if _fits(h_one, capacity):
        return 1.0
    s = 1.0
    for name, low in h_min.items():
        if h_one[name] <= capacity[name] + EPS:
            continue
        if h_one[name] - low <= 0:
            return min_sp
        s = min(s, min_sp + (1.0 - min_sp) * (capacity[name] - low) / (h_one[name] - low) - 1e-4)
    return max(min_sp, min(1.0, s))


def _final(cv, spec, paper, ts, s, left_out, m: Measurer) -> document.Rendered:
    rendered = layouts.render(cv, spec, paper, ts, s)
    if rendered.pages > spec.fit.pages and s > spec.fit.min_spacing:
        rendered = layouts.render(cv, spec, paper, ts, spec.fit.min_spacing)
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

    The measured heights stack each region in one long frame; laid out on pages, the
    first region (the main column) takes more: the design's real build says how much
    (``waste``), and a CV on fewer pages has fewer breaks, so it is counted in
    proportion. If a fitted build still spills over, what spilled is taken off the
    capacity and the scales found again."""
    f = spec.fit
    design = layouts.render(cv, spec, paper)
    m.trials += 1
    if design.pages <= f.pages:
        design.trials = m.trials
        return design
    regions = m.regions(cv, 1.0, 1.0)
    main = regions[0]
    h1 = m.height(cv, 1.0, 1.0)[main.name]
    waste = max(0.0, main.capacity(design.pages - 1) + design.fill * main.later - h1)
    waste *= (f.pages - 1) / (design.pages - 1)
    spill = 0.0
    for _ in range(4):
        capacity = {r.name: r.capacity(f.pages) for r in regions}
        capacity[main.name] -= waste + spill
        found = scales(cv, spec, m, capacity)
        if found is not None:
            rendered = layouts.render(cv, spec, paper, *found)
        else:
            trimmed, left_out, ts, s = leave_out(cv, spec, m, capacity)
            rendered = layouts.render(trimmed, spec, paper, ts, s)
            rendered.left_out = left_out
        m.trials += 1
        if rendered.pages <= f.pages:
            rendered.trials = m.trials
            return rendered
        # what spilled over, and as much again: the breaks move as the scales change
        spill += 2 * (rendered.pages - f.pages - 1 + rendered.fill) * main.later + 1
    raise CVError([Problem(f"the fitted CV still came out at more than {f.pages} pages",
                           hint="this is a bug in the fitter; the full layout is unaffected")])


def fit_without_leaving_out(cv: CV, spec: Look, paper: Optional[str] = None
                            ) -> tuple[Optional[document.Rendered], float]:
    """Steps 1 to 3 only, for what may not be shortened by leaving items out (a letter:
    :mod:`cv_builder.layouts.letter`): the drawn result, or None and by how many points
    the longest region is too long for the page count even at the floors."""
    m = Measurer(spec, paper)
    capacity = _capacity(m, cv, spec.fit.pages)
    found = scales(cv, spec, m, capacity)
    if found is not None:
        return _final(cv, spec, paper, *found, [], m), 0.0
    f = spec.fit
    heights = m.height(cv, min(1.0, f.min_body / spec.sizes.body), f.min_spacing)
    return None, max(h - capacity[name] for name, h in heights.items())
