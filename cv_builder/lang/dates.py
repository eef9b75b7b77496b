"""Month names and date formats from CLDR, through Babel.

Only languages other than English come here: importing ``babel.dates`` costs
about 14 ms, and loading one language's CLDR data another 4–11 ms (measured on
the 2-core VM of the README's benchmark, Babel 2.19, with bytecode written), so
an English CV never imports this module. What a build asks for is kept: a
language's month names and its pattern for a month and a year are worked out
once per process.

Dates are written as CLDR's skeletons ``yMMM`` (a month and a year, the month
abbreviated as the English "Sep 2024": "Sept. 2024", "2024年9月", "sept. 2024")
and ``y`` (a year alone: "2024", "2024年", "2024년").
"""

from __future__ import annotations

import datetime
from typing import Optional

_LOCALES: dict[str, object] = {}
_FORMATS: dict[tuple, str] = {}


def locale(tag: str):
    """Babel's Locale for a BCP 47 tag, falling back to the language alone
    (de-XX -> de): CLDR has no data for every region."""
    known = _LOCALES.get(tag)
    if known is not None:
        return known
    from babel import Locale, UnknownLocaleError  # 6 ms: only for languages but English

    parts = tag.split("-")
    found = None
    for n in range(len(parts), 0, -1):
        try:
            found = Locale.parse("_".join(parts[:n]))
            break
        except (UnknownLocaleError, ValueError):
            continue
    if found is None:
        found = Locale.parse("en")
    _LOCALES[tag] = found
    return found


def format_date(tag: str, year: int, month: Optional[int]) -> str:
    """'Sept. 2024' (de), '2024年9月' (ja), '2024' (de, year alone), '2024年' (ja)."""
    key = (tag, year, month)
    out = _FORMATS.get(key)
    if out is None:
        from babel.dates import format_skeleton  # 10 ms: only for languages but English

        out = format_skeleton("yMMM" if month else "y", datetime.date(year, month or 1, 1), locale=locale(tag))
        _FORMATS[key] = out
    return out


def format_day(tag: str, day: datetime.date) -> str:
    """A day in full, CLDR's long date: '14. März 2025' (de), '2025年3月14日' (zh), '14 March 2025' (en-GB)."""
    from babel.dates import format_date  # 12 ms: only for a letter's date in a language but English

    return format_date(day, "long", locale=locale(tag))


def month_name(tag: str, month: int, width: str = "abbreviated") -> str:
    """A month's name standing alone: 'Sep' / 'September' (en), 'Sept.' (de), '9月' (ja)."""
    return locale(tag).months["stand-alone"][width][month]


def locale_info(base: str, script: Optional[str], region: Optional[str]) -> Optional[tuple[str, str, str]]:
    """(English name, likely script, its code as CLDR writes it) of a language CLDR knows
    (``ger`` and ``deu`` are German, ``de``), or None."""
    from babel import Locale, UnknownLocaleError  # 7 ms: only for a language words.yaml lacks
    from babel.core import get_global

    try:
        loc = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return None
    likely = get_global("likely_subtags").get(loc.language, "")
    parts = likely.split("_")
    guessed = next((p for p in parts[1:] if len(p) == 4), "Latn")
    name = Locale.parse(loc.language).get_display_name("en") or base
    return name, script or guessed, loc.language
