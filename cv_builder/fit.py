"""Fitting a CV to a page count, and saving a nearly empty last page.

On a page count (the one-page and two-page layouts, ``--pages N``), in this
order, stopping as soon as the CV fits:

1. the design as it is (short content is never stretched);
2. tighter line spacing, and with it every space (they are whole half lines of
   it: the grid shrinks as one), down to ``fit.min_spacing`` of the design's;
3. smaller type, all sizes alike (the scale keeps its steps), until the
   smallest reaches ``fit.min_size`` (body text ``fit.min_body``), the spacing
   then opened up again as far as it fits;
4. leaving out the least important items one at a time: highest ``priority``
   number first, bullets before whole items, later before earlier. A section
   keeps at least one item, so no heading is left with nothing under it, and
   the header is never touched;
5. giving back what was taken, most important first, as long as it fits:
   what step 4 left out, and what the look shortens on that page count (the
   bullets it hides by priority, the short forms it uses) — so a page that
   shortened anything ends full, not with a hole at its foot.

A CV on as many pages as it takes (:func:`paginate`) whose last page would be
less than a third full is tightened (steps 2 and 3, within the floors of the
look's ``multi_page:`` settings, nothing left out) to end a page sooner.

Trials are *measured*, not drawn: the layout is built and every flowable
wrapped, and the heights added the way a ReportLab frame adds them. Only the
result is drawn (the layout measured last is drawn as it is: its paragraphs
are broken already), and its page count checked. On more than one page, the
white that page breaks leave is taken from a real build, and a result that
still spills over is fitted again to less.
"""

from __future__ import annotations

import dataclasses
import io
import math
from dataclasses import field
from typing import Optional

from reportlab import rl_config
from reportlab.platypus.doctemplate import LayoutError

from . import layouts
from .errors import CVError, Problem
from .look import Look, chosen
from .model import CV
from .record import record
from .render import document
from .render.flowables import flat
from .render.theme import min_body_scale, min_type_scale

EPS = 0.01  # points of slack, as ReportLab's frame allows
SAVE_BELOW = 1 / 3  # a last page less full than this is saved, if tightening can
SURE = 0.45  # predicted this full or more, the last page is drawn without a check first
ONE_PAGE_FILL = 0.92  # a page that shortened anything is given back content to this
PAGES_FILL = 0.85  # the last of several pages, when anything was left out


@record
class Piece:
    """A measured flowable: the item it shows, its height, its space before and after."""

    key: tuple
    height: float
    before: float
    after: float


@record
class Measured:
    """One region of the page (a layout's column), measured: its pieces, and the height
    the first page and each later page give it."""

    name: str
    pieces: list[Piece]
    first: float
    later: float

    def capacity(self, pages: int) -> float:
        return self.first + self.later * (pages - 1)


@record(frozen=True)
class State:
    """What is shown of a CV, by position in the data (a CV may hold one object twice: a YAML
    alias): the items and bullets left out (``removed``: ``("item", s, i)`` and ``("bullet",
    s, i, b)``), the bullets the look hides but given back (``shown``: ``(s, i, b)``), and the
    short forms not used (``long``: the ids of the short texts, as the renderer sees them)."""

    removed: frozenset = frozenset()
    shown: frozenset = frozenset()
    long: frozenset = frozenset()

    def with_(self, change: tuple) -> "State":
        kind, value = change
        if kind == "give":  # a removed item or bullet, back
            return dataclasses.replace(self, removed=self.removed - {value})
        if kind == "shown":
            return dataclasses.replace(self, shown=self.shown | {value})
        return dataclasses.replace(self, long=self.long | {value})


_SHAPED: dict = {}  # (id of the CV, id of the look, state) -> (CV, look, shape): see shape()


def shape(cv: CV, spec: Look, state: State) -> tuple[CV, dict]:
    """The CV as it is drawn in a state: the bullets the look hides (less those given back)
    and what the fitter left out taken away. Model in, model out; with where each bullet
    shown stands in the data: (section, item, bullet) as drawn -> the bullet's index there.

    The same object for the same state (a fit asks for a state several times): a
    :class:`Measurer` knows a CV by its identity, and measures each once."""
    key = (id(cv), id(spec), state)
    known = _SHAPED.get(key)
    if known is not None and known[0] is cv and known[1] is spec:
        return known[2]
    if len(_SHAPED) > 64:
        _SHAPED.clear()
    out = _shape(cv, spec, state)
    _SHAPED[key] = (cv, spec, out)
    return out


def _shape(cv: CV, spec: Look, state: State) -> tuple[CV, dict]:
    origin: dict = {}
    sections, changed = [], False
    for s, section in enumerate(cv.sections):
        limit = spec.options_for(section.id, section.kind).max_bullet_priority
        items = []
        for i, item in enumerate(section.items):
            if ("item", s, i) in state.removed:
                changed = True
                continue
            bullets = getattr(item, "bullets", None)
            if bullets:
                kept = [b for b, x in enumerate(bullets) if ("bullet", s, i, b) not in state.removed
                        and (limit is None or x.importance(item) <= limit or (s, i, b) in state.shown)]
                if len(kept) != len(bullets):
                    item = dataclasses.replace(item, bullets=[bullets[b] for b in kept])
                    changed = True
                origin.update({(s, len(items), j): b for j, b in enumerate(kept)})
            items.append(item)
        sections.append(dataclasses.replace(section, items=items))
    return (dataclasses.replace(cv, sections=sections) if changed else cv), origin


class Measurer:
    """Builds the layout's regions at a scale and measures them, without drawing."""

    def __init__(self, spec: Look, paper: Optional[str]):
        self.spec = spec
        self.paper = paper
        self.trials = 0
        self._measured: dict = {}

    def layout(self, cv: CV, type_scale: float, space_scale: float, long: frozenset = frozenset()):
        """The layout at a scale (made once; its regions measured)."""
        key = (id(cv), type_scale, space_scale, long)
        known = self._measured.get(key)
        if known is None or known[0] is not cv:
            self.trials += 1
            lay = layouts.make(cv, self.spec, self.paper, type_scale, space_scale, long)
            known = self._measured[key] = (cv, lay, self._measure(lay))
        return known[1]

    def regions(self, cv: CV, type_scale: float, space_scale: float, long: frozenset = frozenset()) -> list[Measured]:
        self.layout(cv, type_scale, space_scale, long)
        return self._measured[(id(cv), type_scale, space_scale, long)][2]

    @staticmethod
    def _measure(lay) -> list[Measured]:
        out = []
        for region in lay.regions():
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

    def height(self, cv: CV, type_scale: float, space_scale: float, long: frozenset = frozenset()) -> dict:
        """Each region's height, its content stacked in one frame."""
        return {r.name: total(r.pieces) for r in self.regions(cv, type_scale, space_scale, long)}


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
@record(frozen=True)
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


def _shown_sections(cv: CV, spec: Look) -> set:
    shown = {id(s) for s in chosen(cv, spec.sections)}
    side = getattr(spec.structure, "sections", None)
    if side:
        shown |= {id(s) for s in chosen(cv, side, set())}
    return shown


def candidates(cv: CV, spec: Look) -> list[Candidate]:
    """Everything the fitter may leave out, least important first."""
    shown = _shown_sections(cv, spec)
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


def _stable(key: tuple, origin: dict) -> tuple:
    """An index key of a shaped CV (section, item, bullet) as a key of the data, which
    holds in any state: items by position (a state never reorders them, and the model the
    fitter leaves out from has none removed), bullets by their index in the data."""
    s, i, b = key
    return ("item", s, i) if b is None else ("bullet", s, i, origin[(s, i, b)])


# -- the fitter ----------------------------------------------------------------
Capacity = dict  # region name -> the height it may take


def _fits(heights: dict[str, float], capacity: Capacity) -> bool:
    return all(h <= capacity[name] + EPS for name, h in heights.items())


def _spacing_for(h1: dict, capacity: Capacity) -> float:
    """The spacing scale at which heights measured at 1 fit: every height is proportional
    to it (every distance is a whole number of grid units, and the unit is the scale)."""
    out = 1.0
    for name, h in h1.items():
        if h > capacity[name] + EPS and h > 0:
            out = min(out, capacity[name] / h - 1e-4)
    return out


def scales(cv: CV, spec: Look, m: Measurer, capacity: Capacity,
           long: frozenset = frozenset(), ts_min: Optional[float] = None) -> Optional[tuple[float, float]]:
    """Steps 1 to 3: the (type scale, spacing scale) at which the measured CV fits
    in ``capacity`` (points of height, per region), or None if it does not fit even at the
    look's floors (the type scale down to ``ts_min``, by default :func:`min_type_scale`)."""
    min_sp = spec.fit.min_spacing

    # 1 and 2: the design, then tighter spacing
    h1 = m.height(cv, 1.0, 1.0, long)
    s = _spacing_for(h1, capacity)
    if s >= 1.0:
        return 1.0, 1.0
    if s >= min_sp:
        s = _checked(cv, m, 1.0, s, min_sp, capacity, long)
        if s is not None:
            return 1.0, s

    # 3. smaller type, down to the floor
    ts_min = min_type_scale(spec) if ts_min is None else ts_min
    if ts_min >= 1.0 or not _fits(m.height(cv, ts_min, min_sp, long), capacity):
        return None
    lo, hi = ts_min, 1.0  # lo fits, hi does not
    while hi - lo > 0.005:
        mid = (lo + hi) / 2
        if _fits(m.height(cv, mid, min_sp, long), capacity):
            lo = mid
        else:
            hi = mid
    ts = max(ts_min, math.floor(lo * 1000) / 1000)  # a tidy scale, never below the floor
    return ts, _open_spacing(cv, m, ts, min_sp, capacity, long)


def _open_spacing(cv: CV, m: Measurer, ts: float, min_sp: float, capacity: Capacity,
                  long: frozenset = frozenset()) -> float:
    """After scaling type or leaving items out, give the spacing back as far as it fits."""
    return _spacing_that_fits(cv, m, ts, min_sp, capacity, long) or min_sp


def _spacing_that_fits(cv: CV, m: Measurer, ts: float, min_sp: float, capacity: Capacity,
                       long: frozenset = frozenset()) -> Optional[float]:
    """The loosest spacing scale (to 1) at which the CV fits at type scale ``ts``; None when it
    does not fit even at ``min_sp``."""
    s = _spacing_for(m.height(cv, ts, 1.0, long), capacity)
    if s >= 1.0:
        return 1.0
    return _checked(cv, m, ts, max(min_sp, s), min_sp, capacity, long)


def _checked(cv: CV, m: Measurer, ts: float, s: float, min_sp: float, capacity: Capacity,
             long: frozenset = frozenset()) -> Optional[float]:
    """A spacing scale estimated in proportion, measured: heights are only nearly proportional
    to it (each leading and space is rounded to the grid's units), so an estimate may come out a
    few points long; then a little tighter, at most twice. None when even ``min_sp`` is too long.
    (The layout measured is the one drawn: checking costs no more layout than drawing does.)"""
    for _ in range(3):
        h = m.height(cv, ts, s, long)
        if _fits(h, capacity):
            return s
        if s <= min_sp:
            return None
        s = max(min_sp, s * min(capacity[name] / v for name, v in h.items() if v > 0) - 1e-4)
    return s if _fits(m.height(cv, ts, s, long), capacity) else None


def _capacity(m: Measurer, cv: CV, pages: int) -> Capacity:
    """What each region may take on ``pages`` pages (the design's frames; scales change
    only the header of a layout that sets it apart, which the regions measure)."""
    return {r.name: r.capacity(pages) for r in m.regions(cv, 1.0, 1.0)}


def leave_out(cv: CV, spec: Look, m: Measurer, capacity: Capacity,
              long: frozenset = frozenset()) -> tuple[CV, list[Candidate], float, float]:
    """Step 4, when the CV does not fit in ``capacity`` even at the floors: the CV without
    its least important items, what was left out, and the scales to set it at."""
    f = spec.fit
    min_sp = f.min_spacing
    ts_min = min_type_scale(spec)

    # As many as the measured pieces say, then one more per real measurement until it fits
    regions = m.regions(cv, ts_min, min_sp, long)
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

    def leave(c: Candidate) -> None:
        removed.add(c.key)
        dropped.append(c)
        if c.key[2] is None:
            left[c.key[0]] -= 1

    # The height only falls as more is left out: the fewest that fit, by bisection over
    # the order in which they would go
    sequence, positions = [], []
    while (c := next_candidate()) is not None:
        leave(c)
        sequence.append(c)
        positions.append(position)
    lo, hi = 0, len(sequence)
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
        leave(c)
    position = positions[hi - 1] if hi else 0
    while True:
        trimmed = without(cv, frozenset(removed))
        if _fits(m.height(trimmed, ts_min, min_sp, long), capacity):
            break
        c = next_candidate()
        if c is None:
            raise CVError([Problem(
                f"the CV does not fit on {f.pages} page{'s' if f.pages > 1 else ''}, even with one item per "
                f"section at the smallest type ({spec.sizes.body * ts_min:.1f} pt body text)",
                hint="use the full layout, or list fewer sections in the layout's `sections:`")])
        leave(c)
    # leaving an item out drops its bullets with it: an item stands for its bullets
    shown = [c for c in dropped if c.key[2] is None or (c.key[0], c.key[1], None) not in removed]
    return trimmed, shown, ts_min, _open_spacing(trimmed, m, ts_min, min_sp, capacity, long)


# -- giving back ------------------------------------------------------------------
@record
class Fitted:
    """Where a fit ended: what is shown, the scales, and what was left out (as candidates
    of the CV as the look first showed it, with their stable keys)."""

    state: State
    type_scale: float
    space_scale: float
    dropped: list = field(default_factory=list)  # (stable key, Candidate)


def _taken(cv0: CV, spec: Look, fitted: Fitted) -> list[tuple]:
    """What a state takes from the CV that could be given back, most important first:
    (priority, order, state change, where: the item's or bullet's place in the data).
    Left-out items and bullets, the bullets the look hides by priority, and the short
    forms it uses."""
    out = []
    shown_sections = _shown_sections(cv0, spec)
    for stable, c in fitted.dropped:
        if stable in fitted.state.removed:
            where = (stable[1], stable[2], stable[3] if stable[0] == "bullet" else None)
            out.append((c.priority, len(out), ("give", stable), where))
    for s, section in enumerate(cv0.sections):
        if id(section) not in shown_sections:
            continue
        options = spec.options_for(section.id, section.kind)
        limit = options.max_bullet_priority
        for i, item in enumerate(section.items):
            if ("item", s, i) in fitted.state.removed:
                continue
            bullets = getattr(item, "bullets", None) or []
            if options.short and getattr(item, "short", None) is not None and id(item.short) not in fitted.state.long:
                out.append((item.priority, len(out), ("long", id(item.short)), (s, i, None)))
            for b, bullet in enumerate(bullets):
                if ("bullet", s, i, b) in fitted.state.removed:
                    continue
                hidden = limit is not None and bullet.importance(item) > limit
                if hidden and (s, i, b) not in fitted.state.shown:
                    out.append((bullet.importance(item), len(out), ("shown", (s, i, b)), (s, i, b)))
                elif options.short and bullet.short is not None and id(bullet.short) not in fitted.state.long:
                    out.append((bullet.importance(item), len(out), ("long", id(bullet.short)), (s, i, b)))
    return sorted(out, key=lambda t: (t[0], t[1]))


def _sizes(regions: list[Measured]) -> dict:
    """(section, item, bullet or None) -> (region, height with its space above) of each piece."""
    out: dict = {}
    for r in regions:
        for p in r.pieces:
            if len(p.key) == 3:
                region, h = out.get(p.key, (r.name, 0.0))
                out[p.key] = (region, h + p.height + p.before)
    return out


def give_back(cv0: CV, spec: Look, m: Measurer, capacity: Capacity, fitted: Fitted) -> Fitted:
    """Step 5: what was taken given back, most important first, while it fits at the scales
    found (the spacing then opened as far as it fits). What each would add is read from
    two measurements of the CV with everything shown (in long forms, and in short ones);
    the room left is spent in order of importance, skipping what is too big for it, and
    the result checked by a measurement (what does not fit after all is taken back again,
    the least important first)."""
    taken = _taken(cv0, spec, fitted)
    if not taken:
        return fitted
    ts, min_sp = fitted.type_scale, spec.fit.min_spacing
    every = _everything(cv0, spec)
    long = _sizes(m.regions(shape(cv0, spec, every)[0], ts, min_sp, every.long))
    short = _sizes(m.regions(shape(cv0, spec, dataclasses.replace(every, long=frozenset()))[0], ts, min_sp))
    now = m.height(shape(cv0, spec, fitted.state)[0], ts, min_sp, fitted.state.long)
    room = {name: capacity[name] - h for name, h in now.items()}

    def adds(change, where) -> tuple[str, float]:
        """The region a change adds to, and about how much."""
        s, i, b = where
        if change[0] == "give" and b is None:  # an item, with those of its bullets the state shows
            keys = [k for k in long if k[:2] == (s, i) and (k[2] is None or (
                ("bullet", s, i, k[2]) not in fitted.state.removed
                and (not _hidden(cv0, spec, s, i, k[2]) or (s, i, k[2]) in fitted.state.shown)))]
        else:
            keys = [where]
        region = next((long[k][0] for k in keys if k in long), next(iter(room)))
        if change[0] == "long":
            return region, sum(long.get(k, (region, 0))[1] - short.get(k, (region, 0))[1] for k in keys)
        return region, sum(long.get(k, (region, 0))[1] for k in keys)

    kept, passed = [], None
    for priority, _, change, where in taken:
        if passed is not None and priority > passed:
            break  # something more important did not fit: nothing less important comes back
        region, h = adds(change, where)
        if h <= room[region] + EPS:
            kept.append(change)
            room[region] -= h
        else:
            passed = priority

    def state_of(changes) -> State:
        state = fitted.state
        for change in changes:
            state = state.with_(change)
        return state

    while kept:  # the spacing opened as far as it fits; the estimates a little short: the least important back
        state = state_of(kept)
        s = _spacing_that_fits(shape(cv0, spec, state)[0], m, ts, min_sp, capacity, state.long)
        if s is not None:
            return Fitted(state, ts, s, fitted.dropped)
        kept.pop()
    return fitted


def _hidden(cv0: CV, spec: Look, s: int, i: int, b: int) -> bool:
    section = cv0.sections[s]
    limit = spec.options_for(section.id, section.kind).max_bullet_priority
    item = section.items[i]
    return limit is not None and item.bullets[b].importance(item) > limit


def _fit_state(cv0: CV, spec: Look, m: Measurer, capacity: Capacity, state: State = State()) -> Fitted:
    """Steps 1 to 5 in ``capacity``: the state and scales the CV fits at."""
    cv, origin = shape(cv0, spec, state)
    found = scales(cv, spec, m, capacity, state.long)
    if found is not None:
        fitted = Fitted(state, *found)
    else:
        trimmed, dropped, ts, s = leave_out(cv, spec, m, capacity, state.long)
        stable = [(_stable(c.key, origin), c) for c in dropped]
        removed = state.removed | {key for key, _ in stable}
        fitted = Fitted(dataclasses.replace(state, removed=removed), ts, s, stable)
    if fitted.dropped or _shortened(cv0, spec, fitted.state):
        fitted = give_back(cv0, spec, m, capacity, fitted)
    return fitted


def _everything(cv0: CV, spec: Look) -> State:
    """The state that shows all the look would shorten: every hidden bullet, every long form."""
    state = State()
    for _, _, change, _ in _taken(cv0, spec, Fitted(state, 1.0, 1.0)):
        state = state.with_(change)
    return state


def _shortened(cv0: CV, spec: Look, state: State) -> bool:
    """Whether the look takes anything from the CV in this state (hidden bullets, short forms)."""
    return bool(_taken(cv0, spec, Fitted(state, 1.0, 1.0)))


def _dry_add(frame, flowable, canv, trySplit=0):
    """ReportLab's ``Frame._add`` (reportlab/platypus/frames.py) without the drawing: the
    flowable placed, the frame's position moved on, nothing drawn (no frame backgrounds
    here). Returns 1 if it fitted, 0 if not."""
    flowable._frame = frame
    flowable.canv = canv
    try:
        if getattr(flowable, "frameAction", None):
            flowable.frameAction(frame)
            return 1
        y, p, s = frame._y, frame._y1p, 0
        zero = getattr(flowable, "_ZEROSIZE", False)
        if not frame._atTop:
            s = flowable.getSpaceBefore()
            if frame._oASpace:
                if getattr(flowable, "_SPACETRANSFER", False) or zero:
                    s = frame._prevASpace
                s = max(s - frame._prevASpace, 0)
        h = y - p - s
        if h > 0 or zero:
            w, h = flowable.wrap(frame._getAvailableWidth(), h)
        else:
            return 0
        y -= h + s
        if y < p - rl_config._FUZZ:
            if not rl_config.allowTableBoundsErrors and (h + s > frame._aH or w > frame._getAvailableWidth()) \
                    and not trySplit:
                raise LayoutError(f"{flowable.__class__.__name__} too large for the frame")
            return 0
        sa = flowable.getSpaceAfter()
        y -= sa
        if frame._oASpace:
            frame._prevASpace = frame._prevASpace if getattr(flowable, "_SPACETRANSFER", False) else sa
        if y != frame._y:
            frame._atTop = 0
        frame._y = y
        return 1
    finally:
        for a in ("canv", "_frame"):
            if hasattr(flowable, a):
                delattr(flowable, a)


def _nothing(*_args, **_kw) -> None:
    pass


def _unmark(flowables) -> None:
    """ReportLab's mark of a flowable moved to a later page, taken off each (and off what a
    block holds): a flowable marked twice is refused as too large."""
    for f in flowables:
        f.__dict__.pop("_postponed", None)
        content = f.__dict__.get("_content")
        if content:
            _unmark(content)


def paginated(lay) -> Optional[document.Rendered]:
    """A layout paginated by ReportLab's own frames, as :func:`document.draw` paginates it,
    but nothing drawn: its page count and the last page's fill, for about a tenth of a
    draw (drawing the text is most of a draw). None when ReportLab cannot place a piece
    (drawing it says what). The layout may be drawn afterwards: its flowables are left as
    they were (a flowable moved to a later page is marked, and ReportLab refuses one
    marked twice: the marks are taken off)."""
    story = list(lay.story())
    templates = lay.templates()
    for template in templates:
        template.onPage = template.onPageEnd = _nothing  # (the running head: drawn only)
        for frame in template.frames:
            frame.add = frame._add = lambda f, canv, trySplit=0, frame=frame: _dry_add(frame, f, canv, trySplit)
    doc = document.CVDocument(io.BytesIO(), lay.theme, lay.cv, lay.inline, templates, **lay.metadata())
    try:
        doc.build(list(story), canvasmaker=document.CVCanvas)
    except LayoutError:
        return None
    finally:
        _unmark(story)
    frame = doc.frame
    fill = (frame._y2 - frame._y) / (frame._y2 - frame._y1) if frame._y2 > frame._y1 else 1.0
    return document.Rendered(b"", doc.page, fill=min(1.0, max(0.0, fill)))


def _draw(cv0: CV, spec: Look, paper, m: Measurer, fitted: Fitted) -> document.Rendered:
    cv = shape(cv0, spec, fitted.state)[0]
    rendered = document.draw(m.layout(cv, fitted.type_scale, fitted.space_scale, fitted.state.long))
    rendered.left_out = [c.report() for key, c in fitted.dropped if key in fitted.state.removed]
    rendered.trials = m.trials
    return rendered


def _trial(cv0: CV, spec: Look, paper, m: Measurer, fitted: Fitted) -> document.Rendered:
    """A fit paginated, not drawn (drawn when ReportLab cannot place a piece: the draw says
    which); its scales in the result."""
    lay = m.layout(shape(cv0, spec, fitted.state)[0], fitted.type_scale, fitted.space_scale, fitted.state.long)
    out = paginated(lay)
    if out is None:
        return _draw(cv0, spec, paper, m, fitted)
    out.type_scale, out.space_scale = fitted.type_scale, fitted.space_scale
    return out


def fit(cv: CV, spec: Look, paper: Optional[str] = None) -> document.Rendered:
    """The CV fitted to the look's page count (``spec.fit.pages``)."""
    m = Measurer(spec, paper)
    if spec.fit.pages > 1:
        return _fit_pages(cv, spec, paper, m)
    capacity = _capacity(m, shape(cv, spec, State())[0], 1)
    fitted = _fit_state(cv, spec, m, capacity)
    rendered = _draw(cv, spec, paper, m, fitted)
    if rendered.pages > 1 and fitted.space_scale > spec.fit.min_spacing:
        fitted = dataclasses.replace(fitted, space_scale=spec.fit.min_spacing)
        rendered = _draw(cv, spec, paper, m, fitted)
    if rendered.pages > 1:
        raise CVError([Problem(f"the fitted CV came out at {rendered.pages} pages, not 1",
                               hint="this is a bug in the fitter; the full layout is unaffected")])
    return rendered


def _waste(m: Measurer, cv: CV, rendered: document.Rendered, ts: float, s: float, long=frozenset()) -> float:
    """The white that page breaks left in a build, per break: what the pages held, less
    what the measured content takes, in the main region."""
    if rendered.pages < 2:
        return 0.0
    main = m.regions(cv, ts, s, long)[0]
    used = main.capacity(rendered.pages - 1) + rendered.fill * main.later
    return max(0.0, used - total(main.pieces)) / (rendered.pages - 1)


def _fit_pages(cv0: CV, spec: Look, paper, m: Measurer, design: Optional[document.Rendered] = None,
               tighten_only: bool = False) -> Optional[document.Rendered]:
    """Fitting to ``spec.fit.pages`` pages, more than one: as on one page, by measured heights,
    with the white that page breaks leave taken from a real build of the design, and each
    result checked by a real build. If a result still spills over, what spilled is taken off
    the capacity and it is fitted again; if it left something out and its last page is not
    full, the room there is given to it and it is fitted again. ``tighten_only``: everything
    shown, steps 2 and 3 alone (None when they do not suffice): to save a nearly empty last
    page of a CV on as many pages as it takes; its trials are paginated, not drawn
    (:func:`paginated`), and the result (its page count, its fill, the scales in
    ``type_scale`` and ``space_scale``) is left for the caller to draw."""
    target = spec.fit.pages
    every = _everything(cv0, spec)
    if design is None:  # everything, as the look designs it: on as few pages, it is the result
        full = shape(cv0, spec, every)[0]
        design = document.draw(m.layout(full, 1.0, 1.0, every.long))
        if design.pages <= target:
            design.trials = m.trials
            return design
    start = every if tighten_only else State()
    cv = shape(cv0, spec, start)[0]
    regions = m.regions(cv, 1.0, 1.0, start.long)
    main = regions[0]
    # the white of the design's page breaks, per break (the design shows everything), for this many
    waste = _waste(m, shape(cv0, spec, every)[0], design, 1.0, 1.0, every.long) * (target - 1)
    line = m.layout(cv, 1.0, 1.0, start.long).theme.line
    spill, best = 0.0, None
    for attempt in range(8):
        capacity = {r.name: r.capacity(target) for r in regions}
        capacity[main.name] -= waste + spill
        if tighten_only:
            found = scales(cv, spec, m, capacity, start.long)
            if found is None:
                return None
            fitted = Fitted(start, *found)
        else:
            try:
                fitted = _fit_state(cv0, spec, m, capacity)
            except CVError:
                if best is None and attempt == 0:
                    raise
                break
        rendered = _trial(cv0, spec, paper, m, fitted) if tighten_only else _draw(cv0, spec, paper, m, fitted)
        if rendered.pages > target:
            # what spilled over (once), and a line more: the breaks move as the scales change
            spill += (rendered.pages - target - 1 + rendered.fill) * main.later + line
            if best is not None:
                break
            continue
        if best is None or len(rendered.left_out) < len(best.left_out) or (
                len(rendered.left_out) == len(best.left_out) and rendered.fill > best.fill):
            best = rendered
        if not rendered.left_out or rendered.pages < target or rendered.fill >= PAGES_FILL:
            break
        # the breaks left less white than estimated: the room at the foot of the last page, back
        spill -= (1 - rendered.fill) * main.later - line
    if best is not None:
        return best
    if tighten_only:
        return None
    # never fail where one page would do: the content of one page's worth of room
    capacity = {r.name: r.capacity(1) for r in regions}
    return _draw(cv0, spec, paper, m, _fit_state(cv0, spec, m, capacity))


def paginate(cv: CV, spec: Look, paper: Optional[str] = None, floors=None) -> document.Rendered:
    """A CV on as many pages as it takes; when its last page would be less than a third
    full, tightened (within the floors of ``floors()``: the look on several pages, its
    `multi_page:` settings) to end a page sooner, if it can be without leaving anything out.

    Drawn once. A last page predicted at :data:`SURE` full or more (by the measured heights,
    whatever white the page breaks leave) is drawn as it is (the measured layout is the one drawn, so measuring costs little more
    than the wrapping the drawing would do anyway); otherwise the design and every trial of
    the tightening are paginated without drawing (:func:`paginated`: exact, a tenth of a
    draw), and only the result is drawn."""
    m = Measurer(spec, paper)
    lay = m.layout(cv, 1.0, 1.0)
    main = m.regions(cv, 1.0, 1.0)[0]
    height = total(main.pieces)
    pages = 1 if height <= main.first + EPS else 2 + int((height - main.first - EPS) // main.later)
    fill = 1.0 if pages == 1 else (height - main.capacity(pages - 1)) / main.later
    # page breaks leave some white (a block moved whole): two lines a break, at most; a long
    # CV's breaks add up to pages, and the prediction is sure only when they cannot matter
    allowance = 2 * lay.theme.line * (pages - 1) / main.later
    design = None
    if floors is not None and pages > 1 and not SURE <= fill - allowance <= fill + allowance <= 1:
        design = paginated(lay)
    if design is None or design.pages < 2 or design.fill >= SAVE_BELOW:
        rendered = document.draw(lay)
        rendered.trials = m.trials
        if floors is None or rendered.pages < 2 or rendered.fill >= SAVE_BELOW:
            return rendered
        design = rendered
    several = floors()  # the look on several pages: its design and floors, everything shown
    every = _everything(cv, several)
    tight = Measurer(several, paper)  # (one for every page count: the layouts do not depend on it)
    target, saved, spec_n, first = design.pages - 1, None, several, design
    while target >= 1:
        spec_t = dataclasses.replace(several, fit=dataclasses.replace(several.fit, pages=target))
        fewer = _fit_pages(cv, spec_t, paper, tight, design=design, tighten_only=True)
        if fewer is None:
            break
        saved, spec_n = fewer, spec_t
        # still a nearly empty last page (a long CV: each page saved gives the last a little): again
        if fewer.pages < 2 or fewer.fill >= SAVE_BELOW:
            break
        target, design = fewer.pages - 1, fewer
    if saved is None:  # it could not be saved: the design, as it is
        rendered = first if first.pdf else document.draw(lay)
        rendered.trials = m.trials + tight.trials
        return rendered
    if not saved.pdf:  # (paginated, not drawn)
        saved = _draw(cv, spec_n, paper, tight, Fitted(every, saved.type_scale, saved.space_scale))
    saved.saved = (first.pages, first.fill)
    saved.trials = m.trials + tight.trials
    return saved


def fit_without_leaving_out(cv: CV, spec: Look, paper: Optional[str] = None
                            ) -> tuple[Optional[document.Rendered], float]:
    """Steps 1 to 3 only, for what may not be shortened by leaving items out (a letter:
    :mod:`cv_builder.layouts.letter`): the drawn result, or None and by how many points
    the longest region is too long for the page count even at the floors."""
    m = Measurer(spec, paper)
    capacity = _capacity(m, cv, spec.fit.pages)
    floor = min_body_scale(spec)  # (nothing can be left out: body text down to its floor)
    found = scales(cv, spec, m, capacity, ts_min=floor)
    if found is not None:
        fitted = Fitted(State(), *found)
        rendered = _draw(cv, spec, paper, m, fitted)
        if rendered.pages > spec.fit.pages and fitted.space_scale > spec.fit.min_spacing:
            rendered = _draw(cv, spec, paper, m, dataclasses.replace(fitted, space_scale=spec.fit.min_spacing))
        if rendered.pages <= spec.fit.pages:
            return rendered, 0.0
    heights = m.height(cv, floor, spec.fit.min_spacing)
    return None, max(max(h - capacity[name] for name, h in heights.items()), 1.0)
