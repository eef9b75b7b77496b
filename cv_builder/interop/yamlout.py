"""The model as plain data, and plain data as YAML a person wants to edit.

:func:`cv_to_data` is the inverse of :func:`cv_builder.schema.read_cv`: it
gives the mapping that, written as YAML and loaded again, yields the same CV
(defaults left out, bare strings where a field has a shorthand). :func:`dump`
writes such a mapping in block style, in a readable order, long texts folded,
with a blank line between sections and the editor's schema comment first.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from ..kinds import KIND_BY_ID
from ..markup import Text
from ..model import CV, Date, Section
from ..resources import schema_file

#: fields written first, in this order; the others follow in the dataclass's order
FIRST = {"Entry": ("organisation", "title")}
#: top-level keys in the order a CV file reads best
HEADER_ORDER = ("name", "headline", "intro", "email", "phone", "location", "website", "links",
                "owner", "keywords", "language")


def value_to_data(value: Any) -> Any:
    """A model value as YAML data (Text as its markup, dates as written)."""
    if isinstance(value, Text):
        return value.source or value.plain
    if isinstance(value, Date):
        if value.present:
            return value.label or "Present"
        return value.year if value.month is None else value.iso
    if dataclasses.is_dataclass(value):
        return record_to_data(value)
    if isinstance(value, list):
        return [value_to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: value_to_data(v) for k, v in value.items()}
    return value


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return value == f.default_factory()  # type: ignore[misc]
    return False


def record_to_data(obj: Any, skip: Iterable[str] = ()) -> Any:
    """A dataclass item as a mapping without its defaults, or a bare string
    when only its shorthand field is set (a bullet, a tag, a paragraph)."""
    fields = [f for f in dataclasses.fields(obj) if f.name not in skip and not f.metadata.get("internal")]
    first = FIRST.get(type(obj).__name__, ())
    fields.sort(key=lambda f: first.index(f.name) if f.name in first else len(first))
    out: dict = {}
    for f in fields:
        value = getattr(obj, f.name)
        if value is None or _is_default(f, value):
            continue
        out[f.name] = value_to_data(value)
    shorthand = getattr(type(obj), "__shorthand__", None)
    if shorthand and list(out) == [shorthand] and isinstance(out[shorthand], str):
        return out[shorthand]
    return out


def section_to_data(section: Section) -> dict:
    body: dict = {"title": section.title}
    if KIND_BY_ID.get(section.id) != section.kind:
        body["kind"] = section.kind
    if section.priority != 2:
        body["priority"] = section.priority
    if section.tags:
        body["tags"] = list(section.tags)
    body["items"] = [value_to_data(item) for item in section.items]
    return body


def cv_to_data(cv: CV) -> dict:
    """The whole CV as the mapping a cv.yaml holds."""
    h = cv.header
    out: dict = {"name": h.name}
    for key in ("headline", "intro", "email", "phone", "location", "website"):
        value = getattr(h, key)
        if value:
            out[key] = value_to_data(value)
    if h.links:
        out["links"] = value_to_data(h.links)
    settings = settings_to_data(cv)
    out.update({k: settings[k] for k in ("owner", "keywords", "language") if k in settings})
    out["sections"] = {s.id: section_to_data(s) for s in cv.sections}
    if "variants" in settings:
        out["variants"] = settings["variants"]
    return out


def settings_to_data(cv: CV) -> dict:
    """The CV-wide settings that differ from their defaults: owner, keywords, language, variants."""
    out: dict = {}
    if cv.owner and cv.owner != [cv.name]:
        out["owner"] = list(cv.owner)
    if cv.keywords:
        out["keywords"] = list(cv.keywords)
    if cv.lang != "en":
        out["language"] = cv.lang
    if cv.variants:
        out["variants"] = {name: record_to_data(v) for name, v in cv.variants.items()}
    return out


# -- writing YAML --------------------------------------------------------------
FOLD_AT = 80


class _Dumper(yaml.SafeDumper):
    """Block style; long one-line texts folded (``>-``), texts with line breaks literal."""

    def increase_indent(self, flow=False, indentless=False):  # lists indented under their key
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str):
    style = None
    if "\n" in value.strip("\n") and value == value.strip() and "\t" not in value:
        style = "|"
    elif len(value) > FOLD_AT and value == value.strip() and "  " not in value and "\t" not in value \
            and value.isprintable():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_value(data: Any, indent: int = 0) -> str:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88,
                     default_flow_style=False, indent=2)
    if indent:
        pad = " " * indent
        text = "".join(pad + line if line.strip() else line for line in text.splitlines(True))
    return text


def schema_comment(target: Optional[Path], schema: Optional[Path] = None) -> str:
    """The first line that points YAML editors at a JSON Schema (the one cv-builder ships
    unless given), relative to where the file goes (or to the working directory)."""
    schema = schema or schema_file()
    folder = Path(target).resolve().parent if target else Path.cwd()
    try:
        ref = Path(os.path.relpath(schema.resolve(), folder)).as_posix()
    except ValueError:  # another drive on Windows
        ref = schema.resolve().as_uri()
    return f"# yaml-language-server: $schema={ref}"


def dump(data: dict, target: Optional[Path] = None, comment: Iterable[str] = ()) -> str:
    """A CV mapping as a YAML file: schema line, comment block, header keys,
    then each section separated by a blank line."""
    comment = list(comment)
    lines = [schema_comment(target)] + (["#"] + [f"# {c}".rstrip() for c in comment] if comment else [])
    out = "\n".join(lines) + "\n\n"
    header = {k: data[k] for k in HEADER_ORDER if k in data}
    header.update({k: v for k, v in data.items() if k not in header and k not in ("sections", "variants")})
    if header:
        out += dump_value(header)
    sections = data.get("sections") or {}
    out += "\nsections:\n"
    if not sections:
        out = out.rstrip("\n") + " {}\n"
    chunks = [dump_value({sid: body}, indent=2) for sid, body in sections.items()]
    out += "\n".join(chunks)
    if data.get("variants"):
        out += "\n" + dump_value({"variants": data["variants"]})
    return out

