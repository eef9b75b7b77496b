"""Line breaking for Chinese and Japanese: between any two characters, with the
punctuation rules (kinsoku), never inside a Latin word.

ReportLab's own ``wordWrap='CJK'`` (``Paragraph.breakLinesCJK``, 5.1) was measured
on a Chinese paragraph with English words in it (tests/test_cjk_lines.py keeps the
cases): it starts lines with "，" and "。" (a one-frag paragraph goes through
``wordSplit``, which checks no rule), splits "TensorF|low" and "Microsof|t", and
hangs a closing mark past the right edge of the frame, where a date column may
stand. :func:`break_lines` replaces it: a break is allowed

- at a space (the space itself is dropped at the end of the line);
- between two CJK characters (Han, kana, fullwidth forms, CJK punctuation), and
  between a CJK character and a Latin one, either way;
- never before a closing mark or a character that cannot start a line (。、，）」
  』】》？！：；ー small kana …), never after an opening one (（「『【《 …), never
  inside a run of letters and digits (a Latin word, a number such as 3.9/4.0).

Lines are filled greedily; when the next character does not fit, the line ends at
the last allowed break, so a closing mark takes the character before it along
(oidashi) rather than hanging in the margin. Only a word wider than a whole line
is cut.

:func:`may_break` is the rule alone (no ReportLab); :func:`break_lines` builds
ReportLab's lines from a paragraph's fragments, and :class:`CJKLines` is the
mixin that makes a ``Paragraph`` use it when its style has ``wordWrap='CJK'``
(see :attr:`cv_builder.lang.Language.word_wrap`).
"""

from __future__ import annotations

# Characters that cannot start a line: closing brackets and quotes, the marks that
# end or divide a sentence, small kana, the long-vowel mark, iteration marks
# (JIS X 4051's "gyōtō kinsoku", with the Chinese marks of GB/T 15834).
CANNOT_START = frozenset(
    ")]}）］｝〕〉》」』】〙〗〟’”｠»›"
    "、。，．,.・：；:;？！?!‼⁇⁈⁉…‥〜～"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ーゝゞヽヾ々〻゛゜%％‰℃°′″"
)
# Characters that cannot end a line: opening brackets and quotes.
CANNOT_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«‹")
SPACES = frozenset(" \t\u3000")
NO_BREAK = frozenset("\u00a0\u202f\u2060\ufeff")


def is_cjk(c: str) -> bool:
    """Han, kana, bopomofo, Hangul, CJK punctuation and fullwidth forms: characters
    between which a line may break."""
    o = ord(c)
    return (0x2E80 <= o <= 0x2FDF or 0x3000 <= o <= 0x30FF or 0x3100 <= o <= 0x31FF or 0x3200 <= o <= 0x33FF
            or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF or 0xAC00 <= o <= 0xD7A3)


def may_break(before: str, after: str) -> bool:
    """Whether a line may end between the characters ``before`` and ``after``."""
    if not before or not after:
        return False
    if after in SPACES:
        return False  # at a space, the break comes after it
    if before in SPACES:
        return after not in CANNOT_START
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before in NO_BREAK or after in NO_BREAK:
        return False
    return is_cjk(before) or is_cjk(after)  # "模型（", "Python（", "」Python", "。次"; not "3.9" nor "f(x)"


def break_positions(text: str) -> list[int]:
    """The indices i at which a line may start (text[:i] | text[i:])."""
    return [i for i in range(1, len(text)) if may_break(text[i - 1], text[i])]


def break_lines(frags, max_widths, calc_bounds: bool = False):
    """ReportLab's lines (``ParaLines(kind=1)``) for a paragraph's fragments set in
    ``max_widths`` (one width per line, the last repeating), by the rules above."""
    # 88 ms where ReportLab is not loaded (cv_builder.lang imports this module): only when lines are broken
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
    from reportlab.rl_config import _FUZZ

    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    units = []
    for f in frags:
        text = f.text if isinstance(f.text, str) else f.text.decode("utf8")
        if text:
            units.extend(cjkU(c, f, "utf8") for c in text)
        else:
            units.append(cjkU(text, f, "utf8"))  # a <br/>, or a callback
    n = len(units)
    allowed = [False] * (n + 1)
    for i in range(1, n):
        a, b = units[i - 1], units[i]
        allowed[i] = bool(a) and bool(b) and may_break(a, b)
    lines = []
    start = 0
    while start < n:
        while start < n and units[start] in SPACES and units[start] != "":
            start += 1  # a line never starts with a space
        if start >= n:
            break
        width_max = max_widths[min(len(lines), len(max_widths) - 1)]
        used, last, i, forced = 0.0, None, start, False
        end = n
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                end, forced = i + 1, True
                break
            if i > start and allowed[i]:
                last = i
            used += u.width
            if used > width_max + _FUZZ and i > start:
                if last is not None:
                    end = last
                elif u in CANNOT_START and i - 1 > start:
                    end = i - 1  # a word wider than the line is cut one letter early: the mark keeps company
                else:
                    end = i
                break
            i += 1
        line = units[start:end]
        kept = len(line)
        while kept and line[kept - 1] in SPACES and line[kept - 1] != "":
            kept -= 1  # the spaces a line ends with take no room
        width = sum(u.width for u in line[:kept])
        lines.append(makeCJKParaLine(line[:kept] or line, width_max, width, width_max - width, forced, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


class CJKLines:
    """A mixin for a ``Paragraph`` (before it in the bases): with ``wordWrap='CJK'`` its
    lines are broken by :func:`break_lines` instead of ReportLab's own rules."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802 - ReportLab's name
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # the second part of a split keeps the lines it was given
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return break_lines(self.frags, maxWidths, auto not in ("", "off"))
