"""The few flowables ReportLab lacks: a section title with its rule, a row
with text on the left and a right-aligned column, and a row of figures.

Each of them splits when it is taller than the space left, down to single
lines, so that no text from the data (however long) can make ReportLab raise
a LayoutError: a flowable that refuses to split and is taller than a page is
the only thing that does.
"""

from __future__ import annotations

import math
import re
from copy import copy

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import getAscent, getDescent, stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from ..memo import Recent
from ..lang.cjk import CJKLines
from ..lang.pdf import RTLLines
from .fonts import FontFallback


class Together(KeepTogether):
    """KeepTogether, without a deep copy of the frame on every wrap.

    ReportLab's KeepTogether measures its content with the document's frame
    deep-copied, so that content which adds "generated content" to the frame
    (conditional page breaks and the like) can do so without side effects. Our
    content (paragraphs, rows, columns, section titles) never does, and the copy
    was a tenth of the layout time; the frame is hidden while measuring instead.
    """

    def wrap(self, aW, aH):
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is None:
            return super().wrap(aW, aH)
        doc.frame = None
        try:
            return super().wrap(aW, aH)
        finally:
            doc.frame = frame


class Block(Together):
    """An item that breaks across pages only where a careful typesetter would.

    ``head`` flowables (an entry's header rows; a section's title with the first item's)
    open it. It may break after the head and at least :attr:`MIN` lines, leaving at least
    :attr:`MIN` lines for the next page: between two of its flowables, or inside a
    paragraph (ReportLab's split keeps two lines on either side). Where no such break
    fits in the space left, it moves to the next page whole — the hole that leaves is
    at most a head and two lines high; a block taller than a whole page flows piece by
    piece, as it must. The continuation is a block without a head, under the same rules.

    A block may hold several items (``items``: where each starts, and how many flowables
    head it): a section's title with its first item, and the second when the first has
    less than two lines under its header. Each item keeps its own rules, and a break
    between two items needs two lines of body text before it.
    """

    MIN = 2

    def __init__(self, flowables, head: int = 1, items: list | None = None):
        super().__init__(flowables)
        self.head = head
        self.items = items or [(0, head)]

    def split(self, aw, ah):
        if getattr(self, "_wrapInfo", None) != (aw, ah):
            self.wrap(aw, ah)
        content = self._content
        if self._H <= ah + 1e-6:
            return list(content)
        found = self._break(aw, ah)
        if found is None:
            frame = getattr(self, "_frame", None)
            if frame is not None and getattr(frame, "_atTop", False):
                # taller than a page: piece by piece (ReportLab adds the first part of a split
                # without trying to split it again: a null action leads, as in KeepTogether)
                return [self.NullActionFlowable(), *content]
            return []  # whole, on the next page
        k, parts = found
        rest = ([parts[1]] if parts else []) + list(content[k + (1 if parts else 0):])
        first = list(content[:k]) + ([parts[0]] if parts else [])
        # the items of the rest (the k-th flowable, or its second part, is the rest's first)
        later = [(start - k, head) for start, head in self.items if start > k or (start == k and not parts)]
        items = later if later and later[0][0] == 0 else [(0, 0)] + later
        continued = Block(rest, head=items[0][1], items=items)
        for attr in ("cv_key", "cv_keys"):
            if hasattr(self, attr):
                setattr(continued, attr, getattr(self, attr))
        return first + [self.FrameBreak(), continued]

    def _break(self, aw, ah):
        """Where to break: (k, None) before the k-th flowable, or (k, [first, rest]) inside
        the k-th (a paragraph), the latest that fits in ``ah`` and keeps the rules; or None."""
        content = self._content
        sizes = [f.wrap(aw, ah) for f in content]
        lines = [_lines(f) for f in content]
        starts = [start for start, _ in self.items] + [len(content)]
        item_of = [j for j in range(len(self.items)) for _ in range(starts[j], starts[j + 1])]
        head = [k - starts[item_of[k]] < self.items[item_of[k]][1] for k in range(len(content))]
        body = [sum(lines[k] for k in range(starts[j], starts[j + 1]) if not head[k]) for j in range(len(self.items))]
        y, prev_after, best = 0.0, None, None
        in_item = in_block = 0  # lines of body text so far, of this item and of the block
        for k, f in enumerate(content):
            j = item_of[k]
            if k == starts[j]:
                in_item = 0
            space = 0.0 if prev_after is None else prev_after + max(f.getSpaceBefore() - prev_after, 0)
            top = y + space  # where the k-th flowable starts
            # a break before the k-th flowable: between two items, or inside one after its head
            if k > 0 and y <= ah + 1e-6:
                if k == starts[j]:
                    ok = in_block >= self.MIN
                else:
                    ok = not head[k] and in_item >= self.MIN and body[j] - in_item >= self.MIN
                if ok:
                    best = (k, None)
            # a break inside it: a paragraph of at least 2 × MIN lines, MIN or more of them on this page
            if not head[k] and _splittable(f) and lines[k] >= 2 * self.MIN and top < ah:
                parts = f.split(aw, ah - top)
                if len(parts) == 2:
                    done = _lines(parts[0])
                    if in_item + done >= self.MIN and body[j] - in_item - done >= self.MIN:
                        best = (k, parts)
            if top + sizes[k][1] > ah + 1e-6:
                break
            y = top + sizes[k][1]
            prev_after = f.getSpaceAfter()
            if not head[k]:
                in_item += lines[k]
                in_block += lines[k]
        return best


def _word_count(bl) -> int:
    """How many words the lines of a broken paragraph hold (more, once a word is split)."""
    if bl.kind == 1:
        return sum(line.wordCount for line in bl.lines)
    return sum(len(words) for _, words in bl.lines)


def _lines(f) -> int:
    """How many lines of text a flowable holds, as the page-break rules count them."""
    if isinstance(f, Shift):
        return _lines(f.inner)
    if isinstance(f, Paragraph):
        bl = getattr(f, "blPara", None)
        return len(bl.lines) if bl is not None else 1
    if isinstance(f, Row):
        return max(_lines(p) for p in (f.left, f.right) if p is not None) if (f.left or f.right) else 1
    return 1


def _splittable(f) -> bool:
    return isinstance(f.inner if isinstance(f, Shift) else f, Paragraph)


def style_key(style) -> str:
    """Everything about a paragraph style, as a string: equal keys, equal layout.

    A style holds all its values, its parent's included, and ours are not changed
    once made, so the key is kept on the style; with the style's id, because a
    copy (ReportLab's split deep-copies a style to change it) carries it along."""
    known = style.__dict__.get("_cv_key")
    if known is None or known[0] != id(style):
        key = repr(sorted((k, v) for k, v in vars(style).items() if k not in ("_cv_key", "parent")))
        known = style._cv_key = (id(style), key)
    return known[1]


class Para(RTLLines, CJKLines, FontFallback, Paragraph):
    """A ragged-right paragraph that avoids a runt, and breaks its lines once per width.

    - When its last line holds a lone word, the last two lines are broken
      again so that the word has company; no other line ends while the next
      word would fit (see :meth:`_wrap_avoiding_runt`).
    - Parsing the markup and breaking lines are the costliest steps of a build,
      and they depend only on the markup, the style and the width. Layout wraps
      the same paragraph at the same width several times (a KeepTogether
      measures its content, then the frame wraps each piece again), a fitter
      tries several layouts, and a watch loop rebuilds a CV of which one line
      changed. So the parsed fragments and the broken lines are kept, keyed by
      markup, style (all of it, :func:`style_key`) and width, in two caches
      shared by the builds of a process (:mod:`.memo`), and everything ReportLab's
      ``wrap``/``breakLines`` set on a paragraph is restored from them.
      ReportLab reads both when it draws; the one place that changes the lines
      (splitting a paragraph across pages) is given a copy (:meth:`split`).
    - Other scripts: a character its font lacks is set in the fallback chain
      (:class:`.fonts.FontFallback`); Chinese and Japanese lines break between
      characters, by the punctuation rules (:class:`cv_builder.lang.cjk.CJKLines`,
      for a style with ``wordWrap='CJK'``); right-to-left text is drawn in visual
      order (:class:`cv_builder.lang.pdf.RTLLines`).
    """

    _WRAP_STATE = ("width", "height", "_wrapWidths", "blPara", "frags", "_width_max",
                   "_splitLongWordCount", "_hyphenations")
    PARSED = Recent()  # (markup, style key) -> (text, fragments)
    WRAPPED = Recent()  # (class, markup, style key, bullet, width) -> (state, (width, height))

    def __init__(self, text, style=None, bulletText=None, frags=None, **kw):
        self._cv_key = None
        if frags is not None or kw or style is None or not isinstance(text, str):
            super().__init__(text, style, bulletText, frags, **kw)
            return
        key = (text, style_key(style))
        parsed = self.PARSED.get(key)
        if parsed is None:
            super().__init__(text, style, bulletText)
            self.PARSED.put(key, (self.text, self.frags))
        else:
            super().__init__(parsed[0], style, bulletText, parsed[1])
        self._cv_key = (type(self), *key, bulletText)

    def wrap(self, aw, ah):
        d = self.__dict__
        memo = d.get("_cv_wrap")
        if memo is not None and memo[0] == aw:
            d.update(memo[1])
            return memo[2]
        key = (*self._cv_key, aw) if self._cv_key is not None else None
        known = self.WRAPPED.get(key) if key is not None else None
        if known is not None:
            d.update(known[0])
            self._cv_wrap = (aw, *known)
            return known[1]
        result = self._wrap_avoiding_runt(aw, ah)
        state = {k: d[k] for k in self._WRAP_STATE if k in d}
        self._cv_wrap = (aw, state, result)
        if key is not None:
            self.WRAPPED.put(key, (state, result))
        return result

    def drawOn(self, canvas, x, y, _sW=0):
        """Drawn with its first baseline on the grid (:meth:`.theme.Theme.baseline`): as
        much lower than ReportLab would set it as the style's ``cv_drop`` says."""
        super().drawOn(canvas, x, y - getattr(self.style, "cv_drop", 0), _sW)

    def draw(self):
        """Drawn as the content of its element of the structure tree, if it has one
        (see :mod:`.tagging`)."""
        tag = self.__dict__.get("cv_tag")
        tagger = getattr(self.canv, "tagger", None) if tag is not None else None
        if tagger is None:
            return super().draw()
        tagger.enter(self, tag)
        try:
            super().draw()
        finally:
            tagger.leave()

    def split(self, aw, ah):
        """ReportLab's split may change what it hands on in place (a space added to
        the last word of each line, a hyphenated word re-classed): it is given
        copies, so that the lines and words cached for later builds stay as they were.
        The parts are one element of the structure tree (:mod:`.tagging`)."""
        parts = self._split(aw, ah)
        tag = self.__dict__.get("cv_tag")
        if tag is not None:
            for p in parts:
                p.cv_tag = tag
            if len(parts) == 2:
                parts[0].cv_continued = True  # (its last line is not the paragraph's)
            for p in parts:
                p._splitLongWordCount = self.__dict__.get("_splitLongWordCount", 0)
        return parts

    def _split(self, aw, ah):
        d = self.__dict__
        lines, frags = d.get("blPara"), d.get("frags")
        if lines is None or getattr(lines, "kind", 0) != 1:
            return super().split(aw, ah)
        self.blPara = lines.clone(lines=[line.clone(words=[w.clone() for w in line.words])
                                         for line in lines.lines])
        self.frags = [copy(w) for w in frags]
        try:
            return super().split(aw, ah)
        finally:
            if "blPara" in d:  # (a split that fails deletes it, to be measured again)
                self.blPara = lines
            self.frags = frags

    def _wrap_avoiding_runt(self, aw, ah):
        """Lines broken at the full width; a runt (a last line of one word) is given company
        by breaking the last two lines again:
        the second-last line is narrowed, a word at a time, until the last line is no runt,
        with no more lines than before. Every other line keeps every word that fits."""
        w, h = super().wrap(aw, ah)
        self._strip_separators()
        style = self.style
        if style.alignment != 0 or getattr(style, "wordWrap", None) == "CJK":
            return w, h
        lines = getattr(self.blPara, "lines", None) or []
        n = len(lines)
        if n < 2 or not self._runt(aw):
            return w, h
        first, later = self._wrapWidths
        best = None
        used = self.getActualLineWidths0()
        words = _word_count(self.blPara)
        for _ in range(3):  # at most three words move down
            widths = ([first] + [later] * (n - 3) + [used[-2] - 0.5, later]) if n > 2 else [used[-2] - 0.5, later]
            trial = self.breakLines(widths)
            if len(trial.lines) != n or _word_count(trial) != words:  # (never a word split to move one down)
                break
            self.blPara = trial
            used = self.getActualLineWidths0()
            if used[-2] < 0.6 * later:  # the second-last line would be short itself
                break
            if not self._runt(aw):
                best = trial
                break
        if best is None:
            w, h = super().wrap(aw, ah)
        else:
            self.blPara = best
            self.width, self.height = w, h  # (breakLines sets the height to 0)
        self._strip_separators()
        return w, h

    SEPARATOR = re.compile("\u00a0[^\\w\\s]{1,2}$")  # a list's separator, tied to the item before it (Inline.join)

    def _strip_separators(self) -> None:
        """A line that ends with a list's separator ('Rectified flow ·') loses it: the
        line break separates the items. (The separator is tied to the item before it, so
        no line starts with one.) The line's words are replaced, not changed: ReportLab's
        fragments may be shared."""
        bl = getattr(self, "blPara", None)
        lines = getattr(bl, "lines", None)
        if not lines or len(lines) < 2:
            return
        sep = self.SEPARATOR
        for j, line in enumerate(lines[:-1]):
            if bl.kind == 1:
                words = line.words
                found = sep.search(getattr(words[-1], "text", "").rstrip()) if words else None
                if found is None:
                    continue
                last = words[-1].clone()
                text = last.text.rstrip()[: found.start()]
                last.text = text
                gone = stringWidth(words[-1].text, last.fontName, last.fontSize) - stringWidth(text, last.fontName,
                                                                                            last.fontSize)
                line.words = words[:-1] + ([last] if text else [])
                line.extraSpace += gone
            else:
                extra, words = line
                found = sep.search(words[-1]) if words else None
                if found is None:
                    continue
                word = words[-1][: found.start()]
                gone = stringWidth(words[-1], self.style.fontName, self.style.fontSize) - \
                    stringWidth(word, self.style.fontName, self.style.fontSize)
                lines[j] = (extra + gone, words[:-1] + ([word] if word else []))

    def _runt(self, aw) -> bool:
        """The last line of several is one word (a number tied to its word counts as one)."""
        lines = self.blPara.lines
        if len(lines) < 2:
            return False
        last = lines[-1]
        return (last.wordCount if self.blPara.kind == 1 else len(last[1])) < 2


def flat(flowables):
    """The flowables, with what each KeepTogether holds in its place."""
    for f in flowables:
        if isinstance(f, KeepTogether):
            yield from flat(f._content)
        else:
            yield f


def stacked(flowables, width: float, height: float) -> float:
    """The height of flowables stacked in a frame, as a frame adds them: no space
    before the first, each space before reduced by the space after the one above."""
    h, prev_after = 0.0, None
    for f in flat(flowables):
        _, fh = f.wrap(width, height)
        if prev_after is not None:
            h += prev_after + max(f.getSpaceBefore() - prev_after, 0)
        h += fh
        prev_after = f.getSpaceAfter()
    return h


def one_line(para: Paragraph) -> float:
    """The width of a paragraph's text set on one line, each piece in its own face."""
    para.wrap(1e6, 1e6)
    return max(para.getActualLineWidths0(), default=0.0)


class SectionTitle(Flowable):
    """'Experience ────────': the title, then a thin rule to the right margin.

    ``rule`` says where the rule goes: ``after`` the title (to the margin), ``below``
    it (across the column), or ``none``. ``indent`` sets the title in a text column
    right of a date column, where ``bar`` draws a bar (moderncv's mark of a section).
    It adds its own outline entry (``key`` names the destination) when drawn.
    """

    def __init__(self, title: str, markup: str, style, rule_color, space_before: float,
                 space_after: float, key: str, para: Paragraph | None = None, outline: bool = True,
                 rule: bool = True, *, rule_at: str = "after", rule_width: float = 0.6, indent: float = 0,
                 bar: float = 0, bar_color=None):
        super().__init__()
        self.title = title
        self.markup = markup
        self.para = para if para is not None else Para(markup, style)
        self.style = style
        self.rule_color = rule_color
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.key = key
        self.outline = outline  # False on the continuation of a split title
        self.rule = rule  # False on the first part of a split title
        self.rule_at = rule_at
        self.rule_width = rule_width
        self.indent = indent
        self.bar = bar  # the bar's width (0: none)
        self.bar_color = bar_color
        # a right-to-left CV's title: at the right (of the text column), its rule and bar mirrored
        self.mirror = getattr(style, "cv_direction", None) == "rtl"

    def _below(self) -> float:
        """Room under the text for a rule below it (to the grid)."""
        if self.rule_at != "below" or not self.rule:
            return 0
        return on_grid(self.style.fontSize * 0.3 + self.rule_width, self.style)

    def wrap(self, aw, ah):
        self.aw = aw
        self._fit_words(aw - self.indent)
        _, self.ph = self.para.wrap(aw - self.indent, ah)
        self.width, self.height = aw, self.ph + self._below()
        return self.width, self.height

    def _fit_words(self, width: float) -> None:
        """A title with a word wider than its column (a long word in a sidebar: 'Najważniejsze')
        is set smaller, so that no word of it is broken: down to the size of the widest word
        that fits, never below 80 % of its own."""
        if getattr(self, "_fitted", None) == width or not isinstance(self.para, Para):
            return
        self._fitted = width
        st = self.style
        widest = max((stringWidth(w, st.fontName, st.fontSize) for w in self.title.split()), default=0)
        if widest <= width:
            return
        size = round(max(st.fontSize * width / widest - 0.05, st.fontSize * 0.8), 2)
        smaller = copy(st)
        smaller.fontSize = size
        self.para = Para(self.markup, smaller)

    def _mid(self, below: float) -> float:
        """Half way up the small letters of the first line: where a rule after the title runs."""
        return below + self.ph - baseline_offset(self.para) + self.style.fontSize * 0.3

    def draw(self):
        # the outline entry points just above the title
        if self.outline:
            self.canv.bookmarkHorizontal(self.key, self.indent, self.height + self.style.fontSize * 0.5)
            self.canv.addOutlineEntry(self.title, self.key, level=0)
        below = self._below()
        self.para.drawOn(self.canv, 0 if self.mirror else self.indent, below)
        mid = self._mid(below)
        if self.bar and self.outline:
            h = self.style.fontSize * 0.32
            self.canv.saveState()
            self.canv.setFillColor(self.bar_color or self.rule_color)
            self.canv.rect(self.aw - self.bar if self.mirror else 0, mid - h / 2, self.bar, h, stroke=0, fill=1)
            self.canv.restoreState()
        if not self.rule or self.rule_at == "none":
            return
        if self.rule_at == "below":
            x0, x1, y = self.indent, self.aw, self.rule_width / 2
        else:
            widths = self.para.getActualLineWidths0() or [0]
            x0, x1, y = self.indent + widths[-1] + self.style.fontSize * 0.55, self.aw, mid
            if x0 >= self.aw - 10:
                return
        if self.mirror:
            x0, x1 = self.aw - x1, self.aw - x0
        self.canv.saveState()
        self.canv.setStrokeColor(self.rule_color)
        self.canv.setLineWidth(self.rule_width)
        self.canv.line(x0, y, x1, y)
        self.canv.restoreState()

    def _part(self, para, space_before, space_after, outline, rule):
        return SectionTitle(self.title, self.markup, self.style, self.rule_color, space_before, space_after,
                            self.key, para=para, outline=outline, rule=rule, rule_at=self.rule_at,
                            rule_width=self.rule_width, indent=self.indent, bar=self.bar, bar_color=self.bar_color)

    def split(self, aw, ah):
        """A title taller than the space left (only ever absurdly long ones) splits;
        the outline entry stays with the first part, the rule with the last."""
        self.wrap(aw, ah)
        parts = self.para.split(aw - self.indent, ah)
        if len(parts) < 2:
            return []
        first = self._part(parts[0], self.spaceBefore, 0, self.outline, False)
        rest = self._part(parts[1], 0, self.spaceAfter, False, self.rule)
        return _keyed(self, [first, rest])


def _keyed(source, parts: list) -> list:
    """Split parts keep the item keys of what they came from (for fitting and messages)."""
    for attr in ("cv_key", "cv_keys"):
        if hasattr(source, attr):
            for part in parts:
                setattr(part, attr, getattr(source, attr))
    return parts


def _split_part(para, width: float, height: float, natural: float):
    """(what fits in height, the rest) of one paragraph, or None if nothing fits."""
    if para is None:
        return None, None
    if natural <= height:
        return para, None
    parts = para.split(width, height)
    if len(parts) == 2:
        return parts[0], parts[1]
    return None


def baseline_offset(para: Paragraph) -> float:
    """How far below its top a paragraph has its first baseline: one size, as
    Paragraph.drawPara puts it, and the grid's drop (:meth:`Para.drawOn`)."""
    lines = getattr(para, "blPara", None)
    if lines is None:
        size = para.style.fontSize
    else:
        line = lines.lines[0] if lines.kind == 1 and lines.lines else lines
        size = line.fontSize if rl_config.paraFontSizeHeightOffset else getattr(line, "ascent", line.fontSize)
    return size + (getattr(para.style, "cv_drop", 0) if isinstance(para, Para) else 0)


def first_baseline(para: Paragraph, y: float) -> float:
    """The first baseline of a paragraph drawn at ``y``."""
    return y + para.height - baseline_offset(para)


def on_grid(height: float, style) -> float:
    """A height rounded up to the grid's unit (the style's ``cv_unit``, when it has one)."""
    unit = getattr(style, "cv_unit", 0)
    if not unit:
        return height
    return math.ceil(height / unit - 1e-6) * unit


def clearance(above, below, margin: float = 0.3) -> float:
    """The least space between a paragraph in style ``above`` and one in style ``below`` for the
    glyph boxes of their lines not to overlap, as text extractors make them from the font's ascent
    and descent (ReportLab sets a line one font size below its top, and leading apart).

    Poppler's pdftotext reads two rows of side-by-side blocks with nothing *under* the first
    (a block that starts below its boxes' bottom) as a table, row by row: two entries with no
    role, an organisation with its dates each, came out header, header, bullet, bullet. With this
    space before the first bullet, the bullets are under the header: no table."""
    def offset(style):  # (and the grid's drop: see Para.drawOn)
        size = style.fontSize if rl_config.paraFontSizeHeightOffset else getAscent(style.fontName, style.fontSize)
        return size + getattr(style, "cv_drop", 0)

    below_last = offset(above) - getDescent(above.fontName, above.fontSize) - above.leading
    above_first = getAscent(below.fontName, below.fontSize) - offset(below)
    return max(0.0, below_last + above_first + margin)


def join(canv, para: Paragraph, x0: float, x1: float, y: float) -> None:
    """An invisible space from ``x0`` to ``x1`` on the first baseline of ``para`` (drawn at
    ``y``), stretched with horizontal scaling: text extractors that build lines from
    characters that follow each other closely (pdfminer.six) read the text on either
    side of a column gap as one line. A space draws nothing: the page looks the same."""
    style = para.style
    space = stringWidth(" ", style.fontName, style.fontSize)
    if space <= 0 or x1 - x0 <= space:
        return
    canv.saveState()
    text = canv.beginText(x0, first_baseline(para, y))
    text.setFont(style.fontName, style.fontSize)
    text.setHorizScale(100 * (x1 - x0) / space)
    text.textOut(" ")
    canv.drawText(text)
    canv.restoreState()


class Row(Flowable):
    """Text on the left, a right-aligned column on the right, first baselines level.

    ``right_width`` fixes the column (so dates line up down the page); without
    it the column is as wide as its text.
    """

    def __init__(self, left: Paragraph | None, right: Paragraph | None, right_width: float | None = None,
                 gap: float = 8, space_before: float = 0):
        super().__init__()
        self.left = left
        self.right = right
        self.right_width = right_width
        self.gap = gap
        self.spaceBefore = space_before

    def _right_natural(self) -> float:
        if self.right is None:
            return 0
        natural = self.__dict__.get("_natural")
        if natural is None:
            natural = self._natural = one_line(self.right) + 0.5
        return natural

    def _column(self, aw: float) -> float:
        """The width of the right-aligned column: fixed, but never narrower than its text."""
        if self.right is None:
            return 0
        natural = self._right_natural()
        rw = self.right_width if self.right_width is not None else natural
        return min(max(rw, natural), aw * 0.45)

    def wrap(self, aw, ah):
        self.rw = self._column(aw)
        lw = self._text_width(aw)
        self.lh = self.left.wrap(lw, ah)[1] if self.left is not None else 0
        self.rh = self.right.wrap(self.rw, ah)[1] if self.right is not None else 0
        self.aw = aw
        self.width = aw
        # draw() lowers the part with the smaller first line to level the baselines: count that in,
        # or a wrapped right column (a long headline beside the name) runs into what follows
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        self.height = max(self.lh + (max(ra - la, 0) if self.right is not None else 0),
                          self.rh + (max(la - ra, 0) if self.left is not None else 0))
        return self.width, self.height

    def _text_width(self, aw: float) -> float:
        return aw - self.rw - (self.gap if self.right is not None else 0)

    def _ascent(self, para: Paragraph) -> float:
        """How far below its top the paragraph's first baseline is (what draw() levels)."""
        return baseline_offset(para)

    def draw(self):
        """Both sides, in an order and with a join that text extractors read as one line.

        - Order (content-stream order is what pypdf reads): the left side first, unless
          it runs to several lines; then the right side first, so that a date beside a
          long text is read with the text's first line, not after its last.
        - The join: between the two, an invisible space on the first baseline, stretched
          (horizontal scaling, ``Tz``) across the gap from the end of the left side's first
          line (from its start, when the right side is drawn first) to the right side's
          text. pdfminer.six, which many resume parsers build on, makes a line only of
          characters that follow each other in the stream and sit closer than twice the
          wider one's width: without the join a right-aligned date is a text box of its
          own, which its layout analysis reads after the entry's first bullets; with it,
          organisation and date are one line. A space draws nothing, so the page looks
          the same to the pixel; pdftotext skips spaces, pdfplumber splits words at them,
          pypdf reads one space. (All four on the seed CV: tests/test_reading_order.py.)
        """
        # Paragraph puts its first baseline one ascent below its top: level them.
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        top = self.height
        ly = top - self.lh - max(ra - la, 0)
        ry = top - self.rh - (max(la - ra, 0) if self.left is not None else 0)
        left, right, canv = self.left, self.right, self.canv
        if left is None or right is None:
            if left is not None:
                left.drawOn(canv, 0, ly)
            if right is not None:
                right.drawOn(canv, self.aw - self.rw, ry)
            return
        right_first = len(left.blPara.lines) > 1
        sides = [lambda: left.drawOn(canv, 0, ly), lambda: right.drawOn(canv, self.aw - self.rw, ry)]
        if right_first:
            sides.reverse()
        sides[0]()

        # the join: from the end of the left's first line (its start, when drawn second) ...
        lst, rst = left.style, right.style
        x0 = lst.leftIndent + lst.firstLineIndent
        if not right_first:
            x0 += (left.getActualLineWidths0() or [0])[0]
        # ... to the right's first character, on its first baseline (as Paragraph.drawPara puts it)
        free = self.rw - rst.leftIndent - rst.rightIndent - (right.getActualLineWidths0() or [0])[0]
        x1 = self.aw - self.rw + rst.leftIndent + {TA_RIGHT: free, TA_CENTER: free / 2}.get(rst.alignment, 0)
        join(canv, right, x0, x1, ry)

        sides[1]()

    def split(self, aw, ah):
        """Taller than the space left: both sides split at the same height, and
        what is left of each continues side by side on the next page.

        Each side is split to the height left once draw() has lowered it to level the
        first baselines (the side with the smaller first line goes down by the
        difference of the ascents): split at the whole height, a side set in the
        smaller type (body text beside a larger date) made a first part taller than
        the space, which split the same way again, until ReportLab gave up with a
        LayoutError ("too tall to fit on a page") for a three-line item."""
        self.wrap(aw, ah)
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        left_drop = max(ra - la, 0) if self.right is not None else 0
        right_drop = max(la - ra, 0) if self.left is not None else 0
        left = _split_part(self.left, self._text_width(aw), ah - left_drop, self.lh)
        right = _split_part(self.right, self.rw, ah - right_drop, self.rh)
        if left is None or right is None or (left[0] is None and right[0] is None):
            return []
        # the parts keep this row's column width (a part's own text may be narrower)
        first = type(self)(left[0], right[0], self.rw, self.gap, self.spaceBefore)
        if left[1] is None and right[1] is None:
            return _keyed(self, [first])
        return _keyed(self, [first, type(self)(left[1], right[1], self.rw, self.gap)])


class Columns(Flowable):
    """Cells side by side in equal columns (headline figures), drawn column by column
    so that each cell's text stays together in the text layer."""

    def __init__(self, cells: list[list[Paragraph]], gap: float = 10, space_before: float = 0,
                 mirror: bool = False):
        super().__init__()
        self.cells = cells
        self.gap = gap
        self.spaceBefore = space_before
        self.mirror = mirror  # the first cell at the right: a right-to-left CV's row

    def wrap(self, aw, ah):
        n = max(len(self.cells), 1)
        self.cw = (aw - self.gap * (n - 1)) / n
        self.heights = []
        for cell in self.cells:
            self.heights.append([p.wrap(self.cw, ah)[1] for p in cell])
        self.width = aw
        self.height = max((sum(h) for h in self.heights), default=0)
        return self.width, self.height

    def draw(self):
        """Column by column, each cell's first line carrying an invisible space (see :func:`join`)
        to its column's right edge, and the first cell's one point into the second column.

        pdfminer.six makes a text box of each cell and then groups the boxes in pairs, those
        closest in area first, except a pair whose bounding box takes in a third box: such a
        pair waits until no other is left. Cells as narrow as their text were farther from
        each other than the first from a heading above or below the row, which it then read
        between the first cell and the others ("At a glance, 12+ …, Experience, SDXL …").
        With the first cell reaching into the second, a heading and the first cell take in
        the second cell, and wait; the cells, each as wide as its column, group as a row.
        (A row of one cell, as in a sidebar, is left as it is: its box is its text's.)"""
        n = len(self.cells)
        for i, cell in enumerate(self.cells):
            x = i * (self.cw + self.gap)
            if self.mirror:
                x = self.width - self.cw - x
            y = self.height
            for k, (para, h) in enumerate(zip(cell, self.heights[i])):
                y -= h
                para.drawOn(self.canv, x, y)
                if k == 0 and n > 1:
                    st = para.style
                    width = (para.getActualLineWidths0() or [0])[0]
                    free = self.cw - st.leftIndent - st.rightIndent - width
                    start = st.leftIndent + {TA_RIGHT: free, TA_CENTER: free / 2}.get(st.alignment, 0)
                    end = x + self.cw + (self.gap + 1 if i == 0 and n > 1 and any(self.cells[1]) else 0)
                    join(self.canv, para, x + start + width, end, y)

    def split(self, aw, ah):
        """Cells taller than the space left split: each column's paragraphs fill
        the space in order, and the rest continues in the same column below."""
        self.wrap(aw, ah)
        firsts, rests = [], []
        for cell, heights in zip(self.cells, self.heights):
            first, rest, used = [], [], 0.0
            for para, h in zip(cell, heights):
                if rest:
                    rest.append(para)
                elif used + h <= ah:
                    first.append(para)
                    used += h
                else:
                    parts = para.split(self.cw, ah - used)
                    if len(parts) == 2:
                        first.append(parts[0])
                        rest.append(parts[1])
                    else:
                        rest.append(para)
            firsts.append(first)
            rests.append(rest)
        if not any(firsts):
            return []
        return _keyed(self, [Columns(firsts, self.gap, self.spaceBefore, self.mirror),
                             Columns(rests, self.gap, mirror=self.mirror)])


class Shift(Flowable):
    """A flowable set ``dx`` points in from the left (or, ``from_right``, ``dx`` points short
    of the right edge), in what is left of the width: the text column of a layout whose
    dates stand in a column beside it (on the right in a right-to-left CV, or a look's
    ``side: right``).

    It measures, draws and splits as what it holds, and passes on the item keys a
    fitter reads (``cv_key``, ``cv_keys``)."""

    def __init__(self, inner: Flowable, dx: float, from_right: bool = False):
        super().__init__()
        self.inner = inner
        self.dx = dx
        self.from_right = from_right  # in from the right: the text column of a right-to-left CV
        for attr in ("cv_key", "cv_keys"):
            if hasattr(inner, attr):
                setattr(self, attr, getattr(inner, attr))

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def wrap(self, aw, ah):
        w, h = self.inner.wrap(max(aw - self.dx, 1), ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self):
        self.inner.drawOn(self.canv, 0 if self.from_right else self.dx, 0)

    def split(self, aw, ah):
        parts = self.inner.split(max(aw - self.dx, 1), ah)
        return [Shift(p, self.dx, self.from_right) for p in parts]


class ColumnRow(Row):
    """A row whose fixed column is on the left: the date (``right``) in a column of
    ``right_width`` at the left edge, the text (``left``) beside it, first baselines level."""

    def _column(self, aw: float) -> float:
        return self.right_width if self.right_width is not None else self._right_natural()

    def _text_width(self, aw: float) -> float:
        return aw - self.rw - self.gap

    def draw(self):
        """The date in its column and the text beside it, joined for text extractors as
        :meth:`Row.draw` joins them: the text first, then the date (so that pypdf reads the
        date on the line after the text's first), unless the text runs to several lines:
        then the date first, so that it is read with the first line, not after the last."""
        la = self._ascent(self.left) if self.left is not None else 0
        ra = self._ascent(self.right) if self.right is not None else 0
        top = self.height
        ry = top - self.rh - (max(la - ra, 0) if self.left is not None else 0)
        ly = top - self.lh - (max(ra - la, 0) if self.right is not None else 0)
        left, right, canv = self.left, self.right, self.canv
        if left is None or right is None:
            if left is not None:
                left.drawOn(canv, self.rw + self.gap, ly)
            if right is not None:
                right.drawOn(canv, 0, ry)
            return
        date_first = len(left.blPara.lines) > 1
        rst = right.style
        width = (right.getActualLineWidths0() or [0])[0]
        free = self.rw - rst.leftIndent - rst.rightIndent - width
        date_x = rst.leftIndent + {TA_RIGHT: free, TA_CENTER: free / 2}.get(rst.alignment, 0)
        text_x = self.rw + self.gap + left.style.leftIndent + left.style.firstLineIndent
        if date_first:
            right.drawOn(canv, 0, ry)
            join(canv, right, date_x + width, text_x, ry)
            left.drawOn(canv, self.rw + self.gap, ly)
        else:
            left.drawOn(canv, self.rw + self.gap, ly)
            join(canv, right, date_x, text_x + (left.getActualLineWidths0() or [0])[0], ry)
            right.drawOn(canv, 0, ry)
