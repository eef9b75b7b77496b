"""Measuring how a PDF is set, from the file alone (pdfplumber): the rulers of
tests/test_typography.py.

A page is read as *runs*: the characters on one baseline that follow each
other without a gap wider than a column gap (an entry's text and its date are
two runs; the invisible stretched space that joins them for text extractors is
such a gap). Runs of one column whose baselines follow at one leading, with the
same left edge, are the lines of one *paragraph*; every line of a paragraph but
its last is a *full* line (it broke because the next word did not fit).

What is measured, each the way the issue on typography (14) states it:

- characters per full line (spaces included, a leading bullet not);
- early breaks: a full line that ends with room for the next line's first word,
  against the right edge of its column (the longest line that starts at the same
  left edge on the page: a conservative edge, never wider than the real one);
- type sizes, colours of text and of rules, and what each sits on (the fill of a
  tinted band drawn under it, else white);
- baselines, for the vertical rhythm;
- how far down each page the text goes.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import cached_property

import pdfplumber

BULLETS = "•·‣◦–-"
SEPARATORS = "·|"  # what joins the items of a list (a look's `separator`)


# -- colour ------------------------------------------------------------------------
def rgb(colour) -> tuple[float, float, float]:
    """A pdfplumber colour (grey, RGB or CMYK tuple, or a number) as RGB in 0..1."""
    if colour is None:
        return (0.0, 0.0, 0.0)
    if isinstance(colour, (int, float)):
        return (float(colour),) * 3
    c = tuple(float(x) for x in colour)
    if len(c) == 1:
        return c * 3
    if len(c) == 3:
        return c
    if len(c) == 4:
        k = c[3]
        return tuple((1 - x) * (1 - k) for x in c[:3])
    return (0.0, 0.0, 0.0)


def luminance(c) -> float:
    """WCAG relative luminance."""
    def channel(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(c))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hexcode(c) -> str:
    return "#" + "".join(f"{round(v * 255):02X}" for v in rgb(c))


# -- runs, lines, paragraphs ----------------------------------------------------------
@dataclass
class Run:
    """Characters on one baseline with no column gap between them."""

    page: int
    chars: list
    baseline: float  # from the top of the page, in points

    @cached_property
    def visible(self) -> list:
        return [c for c in self.chars if c["text"].strip()]

    @cached_property
    def bullet(self) -> bool:
        """The run starts with a bullet mark set apart from its text."""
        v = self.visible
        return len(v) > 1 and v[0]["text"] in BULLETS and v[1]["x0"] - v[0]["x1"] >= 0.35 * v[0]["size"]

    @cached_property
    def text_chars(self) -> list:
        """The characters of the text, without a hanging bullet."""
        chars = self.chars
        if self.bullet:
            first = self.visible[1]
            chars = chars[chars.index(first):]
        return chars

    @cached_property
    def text(self) -> str:
        out, prev = [], None
        for c in self.text_chars:
            if c["text"] == " ":
                if out and out[-1] != " ":
                    out.append(" ")
                prev = c
                continue
            if prev is not None and prev["text"] != " " and c["x0"] - prev["x1"] > 0.15 * c["size"]:
                out.append(" ")  # a space drawn as a gap
            out.append(c["text"])
            prev = c
        return "".join(out).strip()

    @property
    def object(self) -> int:
        """The text object its text was drawn in (a paragraph's, for ReportLab)."""
        v = [c for c in self.text_chars if c["text"].strip()]
        return v[0]["object"] if v else -1

    @property
    def x0(self) -> float:
        v = [c for c in self.text_chars if c["text"].strip()]
        return v[0]["x0"] if v else self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.visible) if self.visible else self.chars[-1]["x1"]

    @cached_property
    def size(self) -> float:
        """The run's type size: the size most of its characters have."""
        sizes = [round(c["size"], 2) for c in self.visible] or [round(self.chars[0]["size"], 2)]
        return statistics.mode(sizes)

    @property
    def fonts(self) -> set:
        return {c["fontname"].split("+")[-1] for c in self.visible}

    @property
    def font(self) -> str:
        return statistics.mode([c["fontname"].split("+")[-1] for c in self.visible])

    def words(self) -> list[tuple[str, float, float]]:
        """The run's words as (text, x0, x1), split at spaces (and gaps as wide as one)."""
        out, word = [], []
        for c in self.text_chars:
            if c["text"] == " " or (word and c["x0"] - word[-1]["x1"] > 0.15 * c["size"]):
                if word:
                    out.append(word)
                word = [] if c["text"] == " " else [c]
                continue
            if c["text"].strip():
                word.append(c)
        if word:
            out.append(word)
        return [("".join(c["text"] for c in w), w[0]["x0"], w[-1]["x1"]) for w in out]

    def units(self, listed: bool = False) -> list[tuple[str, float, float]]:
        """What a line may not be broken inside, as (text, x0, x1): words, with a short number
        tied to the word after it ("2 people", as cv-builder ties them: the space between is a
        no-break space, which the PDF's text shows as a space); in a list (``listed``: items
        joined by " · " or " | "), each item with its separator."""
        from cv_builder.render.inline import _NUMBER_WORD, _tie

        words = self.words()
        if not words:
            return []
        if listed:
            out, cur = [], []
            for w in words:
                cur.append(w)
                if w[0] in SEPARATORS or w[0][-1:] in SEPARATORS:
                    out.append(cur)
                    cur = []
            if cur:
                out.append(cur)
            return [(" ".join(x[0] for x in u), u[0][1], u[-1][2]) for u in out]
        tied = _NUMBER_WORD.sub(_tie, " ".join(w[0] for w in words) + " ").split(" ")
        out, i = [], 0
        for unit in filter(None, tied):
            n = unit.count("\u00a0") + 1
            part = words[i:i + n]
            if not part:
                break
            out.append((unit, part[0][1], part[-1][2]))
            i += n
        return out

    def first_word_width(self, listed: bool = False) -> float:
        """The width of what the run starts with that may not be broken (see :meth:`units`)."""
        units = self.units(listed)
        return units[0][2] - units[0][1] if units else 0.0

    def space_width(self) -> float:
        spaces = [c["x1"] - c["x0"] for c in self.text_chars if c["text"] == " " and c["x1"] - c["x0"] < c["size"]]
        return statistics.median(spaces) if spaces else 0.22 * self.size

    def __repr__(self) -> str:
        return f"Run(p{self.page + 1} y={self.baseline:.1f} x={self.x0:.1f}..{self.x1:.1f} {self.size}pt {self.text!r})"


@dataclass
class Paragraph:
    lines: list  # of Run, top to bottom

    @property
    def full_lines(self) -> list:
        return self.lines[:-1]


class _TextObjects:
    """Which text object (BT … ET) of its page each character was drawn in.

    ReportLab draws each paragraph as one text object, so two lines of one object
    are two lines of one paragraph, and two paragraphs that merely sit one leading
    apart (an author list over a venue line) are not taken for one. pdfplumber does
    not keep this, so pdfminer's interpreter is watched while pdfplumber reads the file."""

    def __init__(self):
        self.count = 0
        self.chars: dict = {}

    def __enter__(self):
        from pdfminer.converter import PDFLayoutAnalyzer
        from pdfminer.pdfinterp import PDFPageInterpreter

        self._bt, self._char = PDFPageInterpreter.do_BT, PDFLayoutAnalyzer.render_char
        watch = self

        def do_BT(interp):
            watch.count += 1
            return watch._bt(interp)

        def render_char(device, *args, **kwargs):
            adv = watch._char(device, *args, **kwargs)
            item = device.cur_item._objs[-1]
            watch.chars[(round(item.x0, 2), round(item.y0, 2), item.get_text())] = watch.count
            return adv

        PDFPageInterpreter.do_BT, PDFLayoutAnalyzer.render_char = do_BT, render_char
        return self

    def __exit__(self, *exc):
        from pdfminer.converter import PDFLayoutAnalyzer
        from pdfminer.pdfinterp import PDFPageInterpreter

        PDFPageInterpreter.do_BT, PDFLayoutAnalyzer.render_char = self._bt, self._char

    def of(self, c) -> int:
        return self.chars.get((round(c["x0"], 2), round(c["y0"], 2), c["text"]), -1)


def baseline(c, height: float) -> float:
    return round(height - c["matrix"][5], 2)


def page_runs(page, index: int, gap: float = 0.6) -> list[Run]:
    """The runs of a page: characters grouped by baseline, split where a gap wider than
    ``gap`` × the type size (a column's gap; a word space is about a quarter of the size)
    or a stretched space stands between two characters."""
    lines: dict[float, list] = {}
    for c in page.chars:
        if c.get("upright") is False:
            continue
        y = baseline(c, page.height)
        key = next((k for k in lines if abs(k - y) < 0.3), y)
        lines.setdefault(key, []).append(c)
    runs = []
    for y, chars in sorted(lines.items()):
        chars.sort(key=lambda c: c["x0"])
        current: list = []
        for c in chars:
            wide_space = c["text"] == " " and c["x1"] - c["x0"] > max(gap, 0.6) * c["size"]
            if current and (wide_space or c["x0"] - current[-1]["x1"] > gap * c["size"]):
                if any(x["text"].strip() for x in current):
                    runs.append(Run(index, current, y))
                current = []
            if not wide_space:
                current.append(c)
        if any(x["text"].strip() for x in current):
            runs.append(Run(index, current, y))
    return runs


def _bar(rect) -> bool:
    """A filled shape that is a rule or a bar (long and thin), not a tinted band."""
    thin, long = sorted((rect["width"], rect["height"]))
    return thin < 6 and long > 4 * thin


class Document:
    """A PDF read as runs, paragraphs, sizes and colours."""

    def __init__(self, path, skip_top: float = 0.0):
        self.path = str(path)
        with _TextObjects() as objects, pdfplumber.open(self.path) as pdf:
            self.pages = []
            for i, page in enumerate(pdf.pages):
                for c in page.chars:
                    c["object"] = objects.of(c)
                self.pages.append(dict(
                    width=float(page.width), height=float(page.height),
                    runs=page_runs(page, i),
                    chars=[c for c in page.chars if c["text"].strip()],
                    fills=[r for r in page.rects if r.get("fill") and not _bar(r)],
                    rules=[l for l in page.lines] + [r for r in page.rects if r.get("stroke") and not r.get("fill")]
                    + [r for r in page.rects if r.get("fill") and _bar(r)],
                ))

    # -- paragraphs -------------------------------------------------------------------
    def paragraphs(self, page: int | None = None) -> list[Paragraph]:
        """The paragraphs of a page (of every page, when ``page`` is None), top first."""
        known = self.__dict__.setdefault("_paragraphs", {})
        if page not in known:
            known[page] = self._paragraphs_of(page)
        return known[page]

    def _paragraphs_of(self, page: int | None) -> list[Paragraph]:
        """Runs that continue each other: same left edge (a bullet's text continues at its
        text), same size, the next baseline one leading below (the leading of the pair: the
        gap between a paragraph's lines, whatever it is, within 0.2 pt of the first gap)."""
        out = []
        pages = range(len(self.pages)) if page is None else [page]
        for p in pages:
            runs = sorted(self.pages[p]["runs"], key=lambda r: (r.baseline, r.x0))
            used = set()
            for i, r in enumerate(runs):
                if id(r) in used:
                    continue
                lines = [r]
                used.add(id(r))
                step = None
                while True:
                    last = lines[-1]
                    nxt = None
                    for s in runs:
                        if id(s) in used or s.baseline <= last.baseline:
                            continue
                        d = s.baseline - last.baseline
                        if s.object == last.object and abs(s.x0 - last.x0) < 0.6 and abs(s.size - last.size) < 0.05 and not s.bullet \
                                and d < last.size * 1.6 and (step is None or abs(d - step) < 0.2):
                            nxt = s
                            break
                    if nxt is None:
                        break
                    step = nxt.baseline - last.baseline
                    lines.append(nxt)
                    used.add(id(nxt))
                out.append(Paragraph(lines))
        return out

    def full_lines(self, region=None) -> list[Run]:
        """Every line that is not the last of its paragraph (in ``region``: a predicate on runs)."""
        return [line for para in self.paragraphs() for line in para.full_lines if region is None or region(line)]

    def _beside(self, para: Paragraph) -> bool:
        """Whether the paragraph starts beside something on its right (a date in a column)."""
        first = para.lines[0]
        return any(r is not first and abs(r.baseline - first.baseline) < 0.3 and r.x0 > first.x1
                   for r in self.pages[first.page]["runs"])

    def edges(self) -> dict:
        """The right edge of each paragraph's column: the furthest any line of a paragraph
        of the same kind reaches on the page (same left edge, beside a column or not)."""
        known = self.__dict__.get("_edges")
        if known is None:
            groups: dict = {}
            paras = self.paragraphs()
            for para in paras:
                first = para.lines[0]
                key = (first.page, round(first.x0), self._beside(para))
                groups.setdefault(key, []).append(para)
            known = self._edges = {}
            for key, members in groups.items():
                edge = max(line.x1 for para in members for line in para.lines)
                for para in members:
                    known[id(para)] = edge
        return known

    def early_breaks(self, region=None) -> list[tuple[Run, Run, float]]:
        """Full lines that end with room for what the next line starts with (its first word,
        or the number and word tied together; in a list, its first item): (line, next line,
        room left after it). A paragraph's second-last line may end early only where the
        last two lines were broken again to keep the last from being a runt: where taking
        back the word that would fit would leave one word alone on the last line."""
        out = []
        edges = self.edges()
        for para in self.paragraphs():
            lines = para.lines
            edge = edges[id(para)]
            listed = any(f" {c} " in line.text or line.text.endswith(c) for line in lines for c in SEPARATORS)
            for j in range(len(lines) - 1):
                line, nxt = lines[j], lines[j + 1]
                if region is not None and not region(line):
                    continue
                space = line.space_width()
                room = edge - line.x1 - space - nxt.first_word_width(listed)
                if room <= 0.5:
                    continue
                if j == len(lines) - 2 and len(nxt.units(listed)) <= 2:
                    continue  # broken again so that the last line is not one word alone
                out.append((line, nxt, room))
        return out

    # -- type ---------------------------------------------------------------------------
    def sizes(self) -> list[float]:
        """The distinct type sizes of visible text, smallest first (to 0.05 pt)."""
        return sorted({round(c["size"] * 20) / 20 for p in self.pages for c in p["chars"]})

    def colours(self) -> dict:
        """(text colour, background colour) -> how many characters, each character
        over the fill it sits on (the last filled shape under its centre), else white."""
        out: dict = {}
        for p in self.pages:
            for c in p["chars"]:
                x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
                bg = (1.0, 1.0, 1.0)
                for r in p["fills"]:
                    if r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]:
                        bg = rgb(r.get("non_stroking_color"))
                key = (hexcode(c.get("non_stroking_color")), hexcode(bg))
                out[key] = out.get(key, 0) + 1
        return out

    def rules(self) -> list[dict]:
        """Lines and thin bars: colour, thickness and what they are drawn on."""
        out = []
        for p in self.pages:
            for r in p["rules"]:
                filled = bool(r.get("fill")) and not r.get("stroke")
                colour = r.get("non_stroking_color") if filled else r.get("stroking_color")
                width = min(r["width"], r["height"]) if filled else r.get("linewidth", 0)
                x, y = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
                bg = (1.0, 1.0, 1.0)
                for f in p["fills"]:
                    if f is not r and f["x0"] <= x <= f["x1"] \
                            and f["top"] <= y <= f["bottom"]:
                        bg = rgb(f.get("non_stroking_color"))
                out.append(dict(colour=hexcode(colour), width=width, background=hexcode(bg), length=max(r["width"], r["height"])))
        return out

    # -- the page -----------------------------------------------------------------------
    def text_bottom(self, page: int) -> float:
        """How far down the page the lowest text goes (its descent included), from the top."""
        return max(c["bottom"] for c in self.pages[page]["chars"])

    def text_top(self, page: int, below: float = 0.0) -> float:
        return min(c["top"] for c in self.pages[page]["chars"] if c["top"] >= below)

    def baselines(self, page: int, region=None) -> list[float]:
        """The distinct baselines of a page (of the runs ``region`` accepts), top first."""
        ys = sorted({r.baseline for r in self.pages[page]["runs"] if region is None or region(r)})
        out: list[float] = []
        for y in ys:
            if not out or y - out[-1] > 0.3:
                out.append(y)
        return out

    def find(self, pattern: str, page: int | None = None) -> list[Run]:
        rx = re.compile(pattern)
        pages = range(len(self.pages)) if page is None else [page]
        return [r for p in pages for r in self.pages[p]["runs"] if rx.search(r.text)]


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else 0.0
