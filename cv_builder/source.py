"""Reading YAML safely, keeping where every value came from.

PyYAML is used only to *compose* the document into nodes (never to construct
Python objects, so no tag can run code). The nodes are then turned into plain
values here, which lets us:

* remember the line and column of every key and item (for error messages);
* refuse duplicate keys, which PyYAML would silently resolve to the last one;
* count nodes while expanding aliases, so an alias bomb ("billion laughs")
  is refused after a bounded amount of work and memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import CVError, Position, Problem

try:  # the C parser is ten times faster; the pure one behaves the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64


class YMap(dict):
    """A mapping that remembers its position and the position of each key."""

    pos: Position
    key_pos: dict

    def where(self, key: str) -> Position:
        return self.key_pos.get(key, self.pos)


class YList(list):
    """A list that remembers its position and the position of each item."""

    pos: Position
    item_pos: list

    def where(self, index: int) -> Position:
        if 0 <= index < len(self.item_pos):
            return self.item_pos[index]
        return self.pos


def _pos(name: str, mark) -> Position:
    return Position(name, mark.line + 1, mark.column + 1)


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    position = _pos(name, mark) if mark is not None else Position(name)
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    context_mark = getattr(exc, "context_mark", None)
    hint = None
    if "'\\t'" in problem or "\\t" in problem:
        message = "a tab character is not allowed here"
        hint = "YAML indents with spaces only: replace the tab with spaces"
    elif "quoted scalar" in context and context_mark is not None:
        message = f"a quoted string opened at line {context_mark.line + 1} is never closed"
        hint = "add the closing quote, or remove the opening one"
    elif "end of stream" in problem and context_mark is not None:
        message = f"the file ends inside something opened at line {context_mark.line + 1}"
        hint = f"{context}: close it" if context else None
    else:
        message = "this is not valid YAML: " + problem
        if context:
            where = f" at line {context_mark.line + 1}" if context_mark is not None else ""
            message += f" ({context}{where})"
        hint = "check the indentation and the quotes around this line"
    return Problem(message, position=position, hint=hint)


def read_text(path: Path, name: Optional[str] = None) -> str:
    """The file's text, or a CVError saying why it cannot be read."""
    name = name or str(path)
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise CVError([Problem("the file does not exist", position=Position(name),
                               hint="give the path of your CV data, e.g. data/cv.yaml, "
                                    "or create one with `cv-builder init`")]) from None
    except OSError as exc:
        raise CVError([Problem(f"the file cannot be read: {exc.strerror}", position=Position(name))]) from None
    if os.path.isdir(path):
        raise CVError([Problem("this is a folder, not a YAML file", position=Position(name))])
    if size > MAX_BYTES:
        raise CVError([Problem(
            f"the file is too large for a CV ({size / 1048576:.1f} MB)",
            position=Position(name), expected=f"at most {MAX_BYTES // 1048576} MB",
            hint="is this the right file? A CV's data is a few kilobytes")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CVError([Problem(f"the file cannot be read: {exc.strerror}", position=Position(name))]) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CVError([Problem(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
            position=Position(name, line, column),
            hint="save the file as UTF-8 (most editors offer it under 'Save with encoding')")]) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CVError([Problem("the file holds a NUL character; is it a binary file?",
                               position=Position(name, line))])
    return text


def parse(text: str, name: str) -> Any:
    """Compose YAML text into YMap/YList/scalars, or raise CVError."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise CVError([Problem("the file is empty", position=Position(name, 1, 1),
                               hint="start from `cv-builder init`, which writes a commented example")])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise CVError([_yaml_problem(name, exc)]) from None
    except RecursionError:
        raise CVError([Problem("the YAML is nested too deeply", position=Position(name))]) from None
    if node is None:
        raise CVError([Problem("the file is empty", position=Position(name, 1, 1))])
    converter = _Converter(name)
    value = converter.convert(node, 0)
    if converter.duplicates:
        raise CVError(converter.duplicates)
    return value


def load(path: Path | str, name: Optional[str] = None) -> Any:
    path = Path(path)
    name = name or str(path)
    return parse(read_text(path, name), name)


_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_STANDARD = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    _BOOL, _INT, _FLOAT, _NULL, _MERGE, "tag:yaml.org,2002:timestamp",
}


class _Converter:
    def __init__(self, name: str):
        self.name = name
        self.count = 0
        self.duplicates: list[Problem] = []

    def _tick(self, node) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise CVError([Problem(
                f"the document expands to more than {MAX_NODES:,} values",
                position=_pos(self.name, node.start_mark),
                hint="anchors and aliases (&name / *name) that refer to each other "
                     "multiply; a CV never needs this many values")])

    def convert(self, node, depth: int) -> Any:
        self._tick(node)
        if depth > MAX_DEPTH:
            raise CVError([Problem("the YAML is nested too deeply",
                                   position=_pos(self.name, node.start_mark),
                                   expected=f"at most {MAX_DEPTH} levels")])
        if node.tag not in _STANDARD:
            raise CVError([Problem(f"the YAML tag {node.tag} is not allowed",
                                   position=_pos(self.name, node.start_mark),
                                   hint="remove the tag (the word starting with '!')")])
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            out = YList()
            out.pos = _pos(self.name, node.start_mark)
            out.item_pos = []
            for item in node.value:
                out.append(self.convert(item, depth + 1))
                out.item_pos.append(_pos(self.name, item.start_mark))
            return out
        return self._mapping(node, depth)

    def _mapping(self, node, depth: int) -> YMap:
        out = YMap()
        out.pos = _pos(self.name, node.start_mark)
        out.key_pos = {}
        merged: list[YMap] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                value = self.convert(value_node, depth + 1)
                merged.extend(value if isinstance(value, list) else [value])
                continue
            self._tick(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise CVError([Problem("a key must be a plain word",
                                       position=_pos(self.name, key_node.start_mark))])
            key = key_node.value
            if key in out:
                first = out.key_pos[key]
                self.duplicates.append(Problem(
                    f"the key `{key}` appears twice in the same mapping (first at line {first.line})",
                    position=_pos(self.name, key_node.start_mark),
                    hint="YAML keeps only one of them, so data would be lost: merge the two or rename one"))
                continue
            out[key] = self.convert(value_node, depth + 1)
            out.key_pos[key] = _pos(self.name, key_node.start_mark)
        for source in merged:
            if isinstance(source, YMap):
                for key, value in source.items():
                    if key not in out:
                        out[key] = value
                        out.key_pos[key] = source.where(key)
        return out

    def _scalar(self, node) -> Any:
        value = node.value
        tag = node.tag
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on")
        if tag == _INT:
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _FLOAT:
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        return value  # str and timestamp both stay text; dates are parsed by the schema
