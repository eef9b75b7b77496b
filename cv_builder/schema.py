"""From parsed YAML to a validated :class:`~cv_builder.model.CV`.

The rules come from the dataclasses of :mod:`cv_builder.model` and of each
section kind in :mod:`cv_builder.kinds` (field names, types, defaults, ``doc``
metadata), so the validator, the JSON Schema and the model cannot drift apart.
Every problem is collected with its position and field path; :func:`load`
raises them together.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
import unicodedata
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Optional, Union

from . import lang, markup, source, urls
from .errors import CVError, Position, Problem, Problems, did_you_mean, show
from .markup import Text
from .kinds import KIND_BY_ID, KINDS, for_string
from .model import (FIRST_YEAR, LAST_YEAR, TOP_LEVEL, CV, Date, Day, Header, Letter, Link, Section, Variant, days_in,
                    parse_date)
from .lang.scripts import LIGATURES
from .source import YList, YMap

LANGUAGE_TAG = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"  # (for the JSON Schema; lang.resolve decides)
DATE_EXPECTED = "a year (2024), a month (2024-03, 03/2024 or Mar 2024) or 'present'"
DAY_EXPECTED = "a day as 2025-03-14 (year-month-day), or today"
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# control characters (tab and line breaks are fine) and lone surrogates, which
# YAML's double-quoted escapes can produce but no PDF can show
# The longest text one field may hold (about 3,000 words, three pages as one paragraph).
# ReportLab breaks a paragraph's lines again for what is left of it on each new page, so
# the time a paragraph takes grows with the square of its length: a field of a megabyte
# (the file may hold five) would take hours.
MAX_TEXT = 20_000
# A name and a section title are found in the PDF's text layer by the self-check, and are
# set large: one that runs over several lines (or pages) is a mistake, not a name.
MAX_NAME = 150
MAX_TITLE = 150
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Ligature characters (ﬁ ﬂ …, pasted from another PDF) become their letters: in
# the PDF's text layer a parser searching for "fi" would not find "ﬁ".
_LIGATURE = re.compile("[" + "".join(map(chr, LIGATURES)) + "]")
_HINTS: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    """The evaluated field types of a model dataclass (its annotations are strings)."""
    if cls not in _HINTS:
        _HINTS[cls] = _type_hints(cls)
    return _HINTS[cls]


_EVALUATED: dict[tuple, Any] = {}
_COMPILED: dict[str, Any] = {}


def _type_hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls)`` for a class without annotated bases, evaluating
    each distinct annotation string once per module and compiling it once: get_type_hints
    compiles every annotation anew, which cost a cold build about 4 ms for the same dozen
    strings (and each section kind's items live in a module of their own)."""
    if any(vars(base).get("__annotations__") for base in cls.__mro__[1:]):
        return typing.get_type_hints(cls)
    module = sys.modules[cls.__module__].__dict__
    own = vars(cls)
    out = {}
    for name, annotation in own.get("__annotations__", {}).items():
        if isinstance(annotation, str):
            if any(word in own for word in re.findall(r"[A-Za-z_]\w*", annotation)):
                annotation = eval(annotation, module, dict(own))  # noqa: S307 - names of this class: not shared
            else:
                key = (cls.__module__, annotation)
                if key not in _EVALUATED:
                    code = _COMPILED.get(annotation)
                    if code is None:
                        code = _COMPILED[annotation] = compile(annotation, "<annotation>", "eval")
                    _EVALUATED[key] = eval(code, module)  # noqa: S307 - our own annotations
                annotation = _EVALUATED[key]
        out[name] = annotation
    return out


_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"}


def visible(text: str) -> bool:
    """Whether a text has a character that prints (the name and the section titles must:
    the self-check finds them in the PDF's text layer, and a reader on the page)."""
    return any(unicodedata.category(c) not in _INVISIBLE for c in text)


def _unwrap_optional(tp):
    if typing.get_origin(tp) is Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


class Reader:
    """Converts YAML values to model values, collecting problems."""

    def __init__(self, name: str):
        self.name = name
        self.problems = Problems()
        self.strings: list[tuple] = []  # (text, position, path) of every text read, for glyph checks

    # -- helpers ---------------------------------------------------------
    def error(self, message: str, pos: Optional[Position], path: str, **kw) -> None:
        self.problems.error(message, position=pos, path=path, **kw)


    # -- scalars ---------------------------------------------------------
    def to_str(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[str]:
        if type(value) is str:  # most values
            text = value.strip()
        elif isinstance(value, bool) or isinstance(value, (dict, list)) or value is None:
            self.error("expected text here", pos, path, found=show(value), hint=_text_hint(value))
            return None
        else:
            text = (getattr(value, "raw", None) or str(value)).strip()  # a number as it was written
        if not text.isascii():
            if _LIGATURE.search(text):  # translate() alone took longer than the rest
                text = text.translate(LIGATURES)
            # a letter and its accent as one character: "e" + U+0301 (as macOS pastes it) is
            # drawn with the accent beside the letter, since ReportLab places no marks
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
        if len(text) > MAX_TEXT:
            self.error(f"this text is {len(text):,} characters long; a field of a CV holds at most {MAX_TEXT:,}",
                       pos, path, hint="split it into paragraphs or bullets (a paragraph of a CV is a few "
                                       "hundred characters)")
            return None
        most = meta.get("max_length") if meta else None
        if most and len(text) > most:
            self.error(f"this is {len(text):,} characters long; {meta.get('what', 'it')} holds at most {most}",
                       pos, path, found=show(text), hint=meta.get("hint"))
            return None
        bad = _CONTROL.search(text)
        if bad:
            self.error(f"the text holds the invisible control character U+{ord(bad.group()):04X}", pos, path,
                       found=show(text), hint="remove it (in double quotes, escapes such as \\a or \\x07 "
                                              "make one; write \\\\ for a backslash)")
            return None
        self.strings.append((text, pos, path))
        if not meta:
            return text
        if meta.get("format") == "url":
            why = urls.problem(text)
            if why:
                self.error(f"the address {why}", pos, path, found=show(text), hint=_url_hint(text))
                return None
            return urls.normalise(text)
        if meta.get("format") == "email":
            why = urls.email_problem(text)
            if why:
                self.error(why, pos, path, found=show(text), expected=meta.get("doc"))
                return None
        choices = meta.get("enum")
        if choices and text not in choices:
            self.error(f"unknown value `{text}`", pos, path, expected=" or ".join(choices),
                       hint=did_you_mean(text, choices))
            return None
        pattern = meta.get("pattern")
        if pattern and not re.match(pattern, text):
            what = meta.get("what")
            self.error(f"this is not {what}" if what else "this does not have the expected form", pos, path,
                       found=show(text), expected=meta.get("doc"))
            return None
        return text

    def to_text(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[Text]:
        raw = self.to_str(value, path, pos, _NO_META)
        if raw is None:
            return None
        text, problems = markup.parse(raw, (pos, path))
        for message, url in problems:
            self.error(message, pos, path, hint=_url_hint(url) or "to show the address as plain text, "
                       "write it without the [text](…) around it")
        return text

    def to_int(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[int]:
        lo, hi = meta.get("minimum"), meta.get("maximum")
        span = f"a whole number from {lo} to {hi}" if lo is not None and hi is not None else "a whole number"
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
            value = int(value)
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            value = int(value)  # 3.0 means 3
        if isinstance(value, bool) or not isinstance(value, int):
            self.error("expected a whole number", pos, path, found=show(value), expected=span,
                       hint=meta.get("doc"))
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.error("the number is out of range", pos, path, found=show(value), expected=span,
                       hint=meta.get("doc"))
            return None
        return int(value)

    def to_float(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[float]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error("expected a number", pos, path, found=show(value))
            return None
        lo, hi = meta.get("minimum"), meta.get("maximum")
        if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
            self.error("the number is out of range", pos, path, found=show(value), expected=f"{lo} to {hi}")
            return None
        return float(value)

    def to_date(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[Date]:
        """2024, "2024", 2024-03, 2024/3, 03/2024, Mar 2024, March 2024, present (now, today, …)."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = getattr(value, "raw", None) or str(value)
        if not isinstance(value, str):
            self.error("expected a date", pos, path, found=show(value), expected=DATE_EXPECTED,
                       hint=_text_hint(value) if isinstance(value, (list, dict)) else None)
            return None
        date, why, _ = parse_date(value)
        if date is None:
            expected = {"this is not a date": DATE_EXPECTED, "month": "a month from 01 to 12, as in 2024-03",
                        "the year": f"a year from {FIRST_YEAR} to {LAST_YEAR}"}
            self.error(why, pos, path, found=show(value),
                       expected=next((e for k, e in expected.items() if why.startswith(k)), None))
        return date

    def to_day(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[Day]:
        """2025-03-14, or today (a letter's date)."""
        text = value.strip() if isinstance(value, str) else None
        if text is not None and text.casefold() == "today":
            return Day(today=True)
        m = _DAY.fullmatch(text) if text is not None else None
        if m is None:
            self.error("expected a day", pos, path, found=show(value), expected=DAY_EXPECTED,
                       hint="leave `date:` out to date the letter the day it is built" if text else
                       _text_hint(value))
            return None
        year, month, day = (int(g) for g in m.groups())
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.error(f"the year {year} is not plausible", pos, path, found=show(value),
                       expected=f"a year from {FIRST_YEAR} to {LAST_YEAR}")
        elif not 1 <= month <= 12:
            self.error(f"month {month} does not exist", pos, path, found=show(value), expected=DAY_EXPECTED)
        elif not 1 <= day <= days_in(year, month):
            self.error(f"day {day} does not exist in that month", pos, path, found=show(value), expected=DAY_EXPECTED)
        else:
            return Day(year, month, day)
        return None

    def to_bool(self, value: Any, path: str, pos: Position, meta: dict) -> Optional[bool]:
        if not isinstance(value, bool):
            self.error("expected true or false", pos, path, found=show(value), hint=meta.get("doc"))
            return None
        return value

    # -- structures ------------------------------------------------------
    def convert(self, tp, value: Any, path: str, pos: Position, meta: Optional[dict] = None):
        return _converter(tp)(self, value, path, pos, meta or {})

    def record(self, cls: type, value: Any, path: str, pos: Position, skip: tuple = ()):
        """A dataclass instance from a mapping (or from a scalar, for shorthand kinds)."""
        shorthand = getattr(cls, "__shorthand__", None)
        if not isinstance(value, dict):
            if shorthand and isinstance(value, (str, int, float)) and not isinstance(value, bool):
                value = {shorthand: value}
                wrapped = YMap(value)
                wrapped.pos, wrapped.key_pos = pos, {shorthand: pos}
                value = wrapped
            else:
                names = ", ".join(f"`{f.name}`" for f in dataclasses.fields(cls)
                                  if f.name not in skip and not f.metadata.get("internal"))
                what = "text, or a mapping of fields" if shorthand else "a mapping of fields"
                self.error(f"expected {what}", pos, path, found=show(value),
                           expected=f"keys such as {names}",
                           hint=_text_hint(value) if shorthand and isinstance(value, (list, bool)) else None)
                return None
        where = value.where if isinstance(value, YMap) else (lambda k: pos)
        fields = _fields(cls, skip)
        kwargs = {}
        ok = True
        meant = set()  # fields that an unknown key probably meant: not reported missing as well
        for key in value:
            if key not in fields:
                close = did_you_mean(key, fields)
                hint = close or f"known fields: {', '.join(fields)}"
                if shorthand and len(value) == 1 and isinstance(value[key], (str, int, float)) and not close:
                    item = show(value[key], limit=200)
                    item = item[1:-1] if item.startswith("'") else item
                    self.error("this is read as `key: value`, because of the colon followed by a space",
                               where(key), path, found=show(f"{key}: {item}"),
                               hint=f"if it is text, put it in quotes: `- \"{key}: {item}\"`")
                    return None
                if close:
                    meant.add(close.split("`")[1])
                self.error(f"unknown field `{key}`", where(key), _join(path, key), hint=hint)
                ok = False
        for name, (convert, meta, has_default) in fields.items():
            if name not in value:
                if not has_default and name not in meant:
                    self.error(f"the field `{name}` is missing", pos, _join(path, name), expected=meta.get("doc"))
                    ok = False
                continue
            given = value[name]
            converted = convert(self, given, _join(path, name), where(name), meta)
            if converted is None and given is not None:
                ok = False
                continue
            if converted is None and not has_default:
                ok = False
                continue
            if converted is not None:
                kwargs[name] = converted
        if not ok:
            return None
        obj = cls(**kwargs)
        self.check_dates(obj, value, path, where)
        return obj

    def check_dates(self, obj, value, path, where) -> None:
        year = getattr(obj, "year", None)
        if isinstance(year, Date) and year.present:
            self.error(f"a year cannot be '{year}'", where("year"), _join(path, "year"),
                       expected="the year it was published or shipped, e.g. 2024")
        start, end = getattr(obj, "start", None), getattr(obj, "end", None)
        if start is not None and start.present:
            self.error("a start date cannot be 'present'", where("start"), _join(path, "start"),
                       hint="put 'present' in `end`")
        elif start and end and not end.present and end.sort_key() < start.sort_key():
            self.error(f"the end ({end}) is before the start ({start})", where("end"),
                       _join(path, "end"), hint="swap them, or correct the year")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- conversion plans ----------------------------------------------------------
# What converts a value to a given type is worked out once per type, not for
# every value: asking typing and dataclasses about the type of each value
# (get_origin, get_args, fields) took a quarter of a load.
_Converter = Callable[[Reader, Any, str, Position, dict], Any]  # (reader, value, path, pos, meta) -> value
_NO_META = MappingProxyType({})  # the metadata of a list's items or a mapping's values: none
_CONVERTERS: dict[Any, _Converter] = {}
_FIELDS: dict[tuple, dict] = {}


def _converter(tp) -> _Converter:
    """The function that converts a YAML value to ``tp``, collecting problems in the reader."""
    if tp not in _CONVERTERS:
        _CONVERTERS[tp] = _make_converter(tp)
    return _CONVERTERS[tp]


def _make_converter(tp) -> _Converter:
    """The checks the reader made of every value, in the same order: nothing (null) first, then
    by the type (a list, text, a bool, a number, a mapping, a date, a dataclass)."""
    tp, optional = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        convert_value = _list_converter(item_tp)
    elif tp in (str, Text, bool, int, float):
        convert_value = {str: Reader.to_str, Text: Reader.to_text, bool: Reader.to_bool, int: Reader.to_int,
                         float: Reader.to_float}[tp]
    elif origin is dict:
        convert_value = _dict_converter(typing.get_args(tp)[1])
    elif tp is Date:
        convert_value = Reader.to_date
    elif tp is Day:
        convert_value = Reader.to_day
    elif dataclasses.is_dataclass(tp):
        def convert_value(r: Reader, value: Any, path: str, pos: Position, meta: dict):
            return r.record(tp, value, path, pos)
    else:
        def convert_value(r: Reader, value: Any, path: str, pos: Position, meta: dict):
            raise TypeError(f"no converter for {tp!r}")  # a bug in the model, not in the data

    def convert(r: Reader, value: Any, path: str, pos: Position, meta: dict):
        if value is None:
            if optional:
                return None
            if origin is list:
                return []
            r.error("a value is missing here", pos, path, expected=meta.get("doc"),
                    hint="write the value after the colon")
            return None
        return convert_value(r, value, path, pos, meta)
    return convert


def _list_converter(item_tp) -> _Converter:
    convert_item = _converter(item_tp)

    def convert(r: Reader, value: Any, path: str, pos: Position, meta: dict) -> list:
        if not isinstance(value, list):
            if item_tp is str and isinstance(value, str):
                return [value.strip()]
            r.error("expected a list (items on lines starting with '- ')", pos, path,
                    found=show(value), hint=_list_hint(path, value))
            return []
        out = []
        for i, item in enumerate(value):
            item_pos = value.where(i) if isinstance(value, YList) else pos
            converted = convert_item(r, item, f"{path}[{i}]", item_pos, _NO_META)
            if converted is not None:
                out.append(converted)
        return out
    return convert


def _dict_converter(item_tp) -> _Converter:
    convert_item = _converter(item_tp)

    def convert(r: Reader, value: Any, path: str, pos: Position, meta: dict) -> dict:
        if not isinstance(value, dict):
            r.error("expected a mapping (key: value lines)", pos, path, found=show(value))
            return {}
        out = {}
        for key, item in value.items():
            item_pos = value.where(key) if isinstance(value, YMap) else pos
            converted = convert_item(r, item, _join(path, str(key)), item_pos, _NO_META)
            if converted is not None:
                out[str(key)] = converted
        return out
    return convert


def _fields(cls: type, skip: tuple) -> dict[str, tuple]:
    """The fields of ``cls`` that a mapping may give: name -> (its converter, its metadata
    (read-only), whether it has a default)."""
    key = (cls, skip)
    if key not in _FIELDS:
        types = hints(cls)
        _FIELDS[key] = {
            f.name: (_converter(types[f.name]), f.metadata,
                     f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING)
            for f in dataclasses.fields(cls) if f.name not in skip and not f.metadata.get("internal")}
    return _FIELDS[key]


def _text_hint(value: Any) -> Optional[str]:
    """Why YAML made something else of what the user meant as text."""
    if isinstance(value, list):
        return "a value that starts with `[` is read as a YAML list; if it is text, put it in quotes"
    if isinstance(value, dict):
        return ("a colon followed by a space (or a value that starts with `{`) makes YAML read a mapping; "
                "if it is text, put it in quotes")
    if isinstance(value, bool):
        return "YAML reads yes/no/on/off/true/false as true or false; put the text in quotes"
    if value is None:
        return "write the value after the colon; an empty value (or `~`, `null`) means nothing"
    return None


def _list_hint(path: str, value: Any) -> Optional[str]:
    key = path.rsplit(".", 1)[-1]
    if isinstance(value, str) and "\n" not in value and len(value) < 60:
        return f"write each item on its own line under the key: `{key}:` then `  - {value}`"
    return f"write each item on its own line under `{key}:`, starting with '- '"


def _url_hint(url: str) -> Optional[str]:
    """The address a user most likely meant, when it lacks its scheme."""
    url = url.strip()
    if re.fullmatch(r"[^@\s:/]+@[^@\s:/]+\.[A-Za-z]{2,}", url):
        return f"write it as `mailto:{url}`"
    if re.fullmatch(r"(www\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/\S*)?", url):
        return f"write it as `https://{url}`"
    return None


def _title(section_id: str) -> str:
    return section_id.replace("_", " ").replace("-", " ").strip().capitalize()


def read_sections(r: Reader, value: Any, pos: Position, language: Optional[lang.Language] = None) -> list[Section]:
    """The sections, each with its title: the one given, else the default title of its
    id in the CV's language (Experience, Berufserfahrung, 職歴), else its id made a title."""
    if not isinstance(value, YMap):
        r.error("`sections` must be a mapping of section id to its items", pos, "sections",
                found=show(value), hint="write e.g.\n      sections:\n        experience:\n          - title: …")
        return []
    out = []
    for sid, body in value.items():
        spos = value.where(sid)
        path = f"sections.{sid}"
        title = None
        kind, items, items_path, items_pos = KIND_BY_ID.get(str(sid)), body, path, spos
        priority, tags = 2, []
        if isinstance(body, YMap):
            allowed = {"title", "kind", "items", "text", "priority", "tags"}
            for key in body:
                if key not in allowed:
                    r.error(f"unknown field `{key}` in a section", body.where(key), f"{path}.{key}",
                            hint=did_you_mean(key, allowed) or f"a section has {', '.join(sorted(allowed))}")
            if "title" in body:
                title = r.to_str(body["title"], f"{path}.title", body.where("title"),
                                 {"max_length": MAX_TITLE, "what": "a section title",
                                  "hint": "a title is a few words; put the rest in the section's items"})
                if title and not visible(title):
                    r.error("the title has no visible characters", body.where("title"), f"{path}.title",
                            found=show(title), hint="give the section a title, or leave `title:` out")
                    title = None
            if "kind" in body:
                kind = body["kind"]
                if kind not in KINDS:
                    r.error(f"unknown section kind `{kind}`", body.where("kind"), f"{path}.kind",
                            hint=did_you_mean(str(kind), KINDS) or f"kinds: {', '.join(KINDS)}")
                    continue
            key = "items" if "items" in body else "text" if "text" in body else None
            if key is None:
                item_fields = {f.name for k in KINDS.values() for f in dataclasses.fields(k.item)}
                if set(body) & item_fields - allowed:
                    hint = (f"this looks like one item written without its '- ': start it with "
                            f"`- {next(iter(body))}: …`, indented under `{sid}:`")
                else:
                    hint = "add `items:` with a list under it"
                r.error("the section has no `items`", spos, path, hint=hint)
                continue
            items, items_path, items_pos = body[key], f"{path}.{key}", body.where(key)
            if "priority" in body:
                priority = r.to_int(body["priority"], f"{path}.priority", body.where("priority"),
                                    {"minimum": 1, "maximum": 5}) or 2
            if "tags" in body:
                tags = r.convert(list[str], body["tags"], f"{path}.tags", body.where("tags"))
        if kind is None:
            if isinstance(items, str):
                kind = for_string()
            else:
                hint = did_you_mean(str(sid), KIND_BY_ID)
                hint = (hint + " Otherwise" if hint else "For a section of your own,") + \
                    f" give it a kind: `{sid}: {{kind: entries, items: [...]}}` (kinds: {', '.join(KINDS)})"
                r.error(f"`{sid}` is not a known section, so its kind is unknown", spos, path, hint=hint)
                continue
        if isinstance(items, str) and KINDS[kind].string:
            wrapped = YList([items])
            wrapped.pos, wrapped.item_pos = items_pos, [items_pos]
            items = wrapped
        if items is None:
            items = []
        converted = r.convert(list[KINDS[kind].item], items, items_path, items_pos)
        if isinstance(items, list) and not items:
            r.problems.warn("the section is empty and will not be shown", position=spos, path=path)
        if not title:  # (only then: an English CV whose sections all have titles reads no words.yaml)
            title = (language.title(str(sid)) if language else None) or _title(str(sid))
        out.append(Section(str(sid), title, kind, converted, priority, tags or [], str(spos)))
    return out


VARIANT_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


def read_variants(r: Reader, value: Any, pos: Position) -> dict[str, Variant]:
    """`variants:` as a mapping of name -> settings, or the name of a YAML file beside the data
    (relative to the data file's folder) whose top level is that mapping."""
    if isinstance(value, str):
        if not value.endswith((".yaml", ".yml")):
            r.error("`variants` names a file that is not YAML", pos, "variants", found=show(value),
                    expected="a mapping of variant name to its settings, or a file name ending in .yaml")
            return {}
        base = Path(r.name).parent if r.name and not r.name.startswith("<") else Path(".")
        path = base / value
        try:
            value = source.load(path, what="variants")
        except CVError as exc:
            for p in exc.problems:
                r.problems.add(dataclasses.replace(
                    p, hint=(p.hint + "\n    " if p.hint else "") + f"`variants:` at {pos} names this file"))
            return {}
        pos = value.pos if isinstance(value, (YMap, YList)) else Position(str(path), 1, 1)
    if not isinstance(value, YMap):
        r.error("`variants` must be a mapping of variant name to its settings, or the name of a "
                "YAML file that holds one", pos, "variants", found=show(value))
        return {}
    out: dict[str, Variant] = {}
    for vname, body in value.items():
        vpos = value.where(vname)
        path = f"variants.{vname}"
        if not re.match(VARIANT_NAME, str(vname)):
            r.error(f"`{vname}` cannot be a variant's name: it becomes part of file names", vpos, path,
                    expected="letters, digits, '-' and '_', starting with a letter or digit",
                    hint="e.g. research-scientist")
            continue
        v = r.record(Variant, body, path, vpos)
        if v is None:
            continue
        v.name, v.origin = str(vname), vpos
        if v.letter is not None:
            v.letter.origin = body.where("letter") if isinstance(body, YMap) else vpos
        if v.language is not None:
            where = body.where("language") if isinstance(body, YMap) else vpos
            language, problems = lang.check(v.language, where, f"{path}.language")
            for p in problems:
                r.problems.add(p)
            if language is None:
                continue
            v.language = language.tag
        if isinstance(body, YMap):
            for key in body:
                v.positions[key] = body.where(key)
                item = body[key]
                if isinstance(item, YList):
                    for i in range(len(item)):
                        v.positions[f"{key}[{i}]"] = item.where(i)
        out[str(vname)] = v
    return out


def read_cv(data: Any, name: str) -> CV:
    """Validate parsed YAML; raises CVError with every problem found."""
    r = Reader(name)
    r.problems.items.extend(getattr(data, "warnings", ()))  # what reading the YAML noticed
    top = Position(name, 1, 1)
    if not isinstance(data, YMap):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise CVError([_top_problem(name, kind)])
    for key in data:
        if key not in TOP_LEVEL:
            hint = did_you_mean(key, TOP_LEVEL)
            if hint is None and key in KIND_BY_ID:
                hint = f"sections go under `sections:`, e.g. `sections:` then `  {key}:` indented below it"
            r.error(f"unknown top-level key `{key}`", data.where(key), key,
                    hint=hint or f"known keys: {', '.join(TOP_LEVEL)}")
    if "name" not in data:
        r.error("the field `name` is missing", top, "name", hint="add `name: Your Name` at the top")
    def get(key, tp, meta=None):
        if key not in data:
            return None
        return r.convert(tp, data[key], key, data.where(key), meta or {})
    name_value = get("name", str, {"max_length": MAX_NAME, "what": "a name",
                                   "hint": "give the name as it heads the CV; the rest goes in `headline:`"}) or ""
    if isinstance(data.get("name"), str) and not data["name"].strip():
        r.error("the name is empty", data.where("name"), "name", hint="write your name after `name:`")
    elif name_value and not visible(name_value):
        r.error("the name has no visible characters", data.where("name"), "name", found=show(name_value),
                hint="write your name after `name:` (zero-width and other invisible characters print nothing)")
    header = Header(
        name=name_value,
        headline=get("headline", Optional[Text]),
        intro=get("intro", Optional[Text]),
        email=get("email", Optional[str], {"format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                           "what": "an e-mail address", "doc": "an address like name@example.org"}),
        phone=get("phone", Optional[str]),
        location=get("location", Optional[str]),
        website=get("website", Optional[str], {"format": "url"}),
        links=get("links", list[Link]) or [],
    )
    language = read_language(r, data)
    sections = []
    if "sections" in data:
        sections = read_sections(r, data["sections"], data.where("sections"), language)
    else:
        r.error("the CV has no `sections`", top, "sections", hint="add `sections:` with e.g. `experience:` under it")
    owner = get("owner", list[str]) or ([name_value] if name_value else [])
    variants = read_variants(r, data["variants"], data.where("variants")) if "variants" in data else {}
    letter = get("letter", Optional[Letter])
    if letter is not None:
        letter.origin = data.where("letter")
    cv = CV(header, sections, owner, get("keywords", list[str]) or [], language.tag if language else "en",
            variants, name, letter=letter)
    if r.problems.errors:
        raise CVError(r.problems.errors)
    cv.warnings = r.problems.warnings
    cv.strings = r.strings
    return cv


def read_language(r: Reader, data: YMap) -> Optional[lang.Language]:
    """`language:` (or its older name `lang:`): English when neither is given, None when
    the value is not a language (an error is recorded, with the value's place)."""
    keys = [k for k in ("language", "lang") if k in data]
    if not keys:
        return lang.resolve(lang.ENGLISH)
    if len(keys) == 2:
        r.error("`lang` and `language` are both given", data.where("lang"), "lang",
                hint="`lang` is the older name of `language`: keep only `language`")
    key = keys[0]
    text = r.to_str(data[key], key, data.where(key), _NO_META)  # (`no`, Norwegian, is YAML's false)
    if text is None:
        return None
    language, problems = lang.check(text, data.where(key), key)
    for p in problems:
        r.problems.add(p)
    return language


def _top_problem(name: str, kind: str) -> Problem:
    return Problem(f"the top level of the file is {kind}, but a CV is a mapping",
                   position=Position(name, 1, 1),
                   expected="keys such as `name:` and `sections:` at the start of lines",
                   hint="see `cv-builder init` for an example")


def load(path: Path | str, name: Optional[str] = None) -> CV:
    """Read, parse and validate a CV file; raises CVError listing every problem."""
    path = Path(path)
    name = name or str(path)
    return read_cv(source.load(path, name), name)


def loads(text: str, name: str = "<string>") -> CV:
    return read_cv(source.parse(text, name), name)


# -- JSON Schema -------------------------------------------------------------
def _type_schema(tp, meta: dict) -> dict:
    tp, optional = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        out = {"type": "array", "items": _type_schema(item, {})}
    elif tp is str or tp is Text:
        out = {"type": "string"}
        if meta.get("pattern"):
            out["pattern"] = meta["pattern"]
        if meta.get("enum"):
            out["enum"] = list(meta["enum"])
        if meta.get("format") == "url":
            out["pattern"] = urls.JSON_PATTERN
    elif tp is int:
        out = {"type": "integer"}
        for k in ("minimum", "maximum"):
            if k in meta:
                out[k] = meta[k]
    elif tp is Date:
        out = {"anyOf": [{"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                         {"type": "string", "pattern": r"^(\d{4}([-/.]\d{1,2}([-/.]\d{1,2})?)?|\d{1,2}[/.]\d{4}|"
                                                       r"[A-Za-z]{3,9}\.?,? +\d{4}|"
                                                       + _present_pattern() + ")$"}]}
    elif tp is Day:
        out = {"type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|[Tt][Oo][Dd][Aa][Yy])$"}
    elif dataclasses.is_dataclass(tp):
        out = {"$ref": f"#/$defs/{tp.__name__}"}
    else:  # pragma: no cover
        raise TypeError(tp)
    if meta.get("doc"):
        out = {**out, "description": meta["doc"]}
    if optional:
        out = {"anyOf": [out, {"type": "null"}]} if "description" not in out else {
            "anyOf": [{k: v for k, v in out.items() if k != "description"}, {"type": "null"}],
            "description": out["description"]}
    return out


def _present_pattern() -> str:
    """Every language's words for 'present', as written, Capitalised or in CAPITALS."""
    forms = []
    for word in lang.present_words():
        for form in (word, word[:1].upper() + word[1:], word.upper()):
            if form not in forms:
                forms.append(form)
    return "|".join(re.escape(f).replace("\\ ", " +") for f in forms)


def _record_schema(cls: type, skip: tuple = ()) -> dict:
    props, required_ = {}, []
    types = hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in skip or f.metadata.get("internal"):
            continue
        props[f.name] = _type_schema(types[f.name], dict(f.metadata))
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required_.append(f.name)
    obj = {"type": "object", "properties": props, "additionalProperties": False}
    if required_:
        obj["required"] = required_
    shorthand = getattr(cls, "__shorthand__", None)
    if shorthand:
        return {"anyOf": [{"type": ["string", "number"]}, obj]}
    return obj


def json_schema_text() -> str:
    """:func:`json_schema` as the file ``cv-builder schema`` prints and ``init`` writes."""
    import json  # 1.7 ms: not imported by a build

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict:
    """The JSON Schema of cv.yaml, generated from the model."""
    defs: dict = {}

    def collect(cls):
        if cls.__name__ in defs:
            return
        defs[cls.__name__] = _record_schema(cls)
        types = hints(cls)
        for f in dataclasses.fields(cls):
            if f.metadata.get("internal"):
                continue
            tp, _ = _unwrap_optional(types[f.name])
            for arg in (typing.get_args(tp) or (tp,)):
                if dataclasses.is_dataclass(arg) and arg not in (Date, Day, Text):
                    collect(arg)

    for cls in (Link, Letter, Variant, *(k.item for k in KINDS.values())):
        collect(cls)
    section_kinds = []
    for kind, k in KINDS.items():
        items = {"type": "array", "items": {"$ref": f"#/$defs/{k.item.__name__}"}}
        if k.string:
            items = {"anyOf": [{"type": "string"}, items]}
        section_kinds.append({
            "type": "object",
            "properties": {
                "title": {"type": "string", "maxLength": MAX_TITLE}, "kind": {"const": kind},
                "items": items, "text": items,
                "priority": {"type": "integer", "minimum": 1, "maximum": 5},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        })
    section = {"anyOf": [
        {"type": "string"},
        {"type": "array"},
        *section_kinds,
    ]}
    props = {
        "name": {"type": "string", "maxLength": MAX_NAME, "description": TOP_LEVEL["name"]},
        "headline": {"type": "string", "description": TOP_LEVEL["headline"]},
        "intro": {"type": "string", "description": TOP_LEVEL["intro"]},
        "email": {"type": "string", "description": TOP_LEVEL["email"]},
        "phone": {"type": "string", "description": TOP_LEVEL["phone"]},
        "location": {"type": "string", "description": TOP_LEVEL["location"]},
        "website": {"type": "string", "pattern": urls.JSON_PATTERN, "description": TOP_LEVEL["website"]},
        "links": {"type": "array", "items": {"$ref": "#/$defs/Link"}, "description": TOP_LEVEL["links"]},
        "owner": {"type": "array", "items": {"type": "string"}, "description": TOP_LEVEL["owner"]},
        "keywords": {"type": "array", "items": {"type": "string"}, "description": TOP_LEVEL["keywords"]},
        "language": {"type": "string", "pattern": LANGUAGE_TAG, "description": TOP_LEVEL["language"]},
        "lang": {"type": "string", "pattern": LANGUAGE_TAG, "description": TOP_LEVEL["lang"]},
        "sections": {"type": "object", "additionalProperties": section, "description": TOP_LEVEL["sections"]},
        "letter": {"$ref": "#/$defs/Letter", "description": TOP_LEVEL["letter"]},
        "variants": {"anyOf": [
            {"type": "object", "additionalProperties": {"$ref": "#/$defs/Variant"},
             "propertyNames": {"pattern": VARIANT_NAME}},
            {"type": "string", "pattern": r"\.ya?ml$"}],
            "description": TOP_LEVEL["variants"]},
    }
    assert set(props) == set(TOP_LEVEL)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/cv-builder/cv-builder/schema/cv.schema.json",
        "title": "cv-builder CV data",
        "type": "object",
        "properties": props,
        "required": ["name", "sections"],
        "additionalProperties": False,
        "$defs": defs,
    }
