"""Reading YAML safely, keeping where every value came from.

PyYAML is used only to *parse* the text into events (never to construct
Python objects, so no tag can run code). The values are built from the events
here, which lets us:

* remember the line and column of every key and item (for error messages);
* refuse duplicate keys, which PyYAML would silently resolve to the last one;
* count every value as it is built, aliases counted at their full expanded
  size, so an alias bomb ("billion laughs") or a flood of tiny values is
  refused after a bounded amount of work and memory, at the alias (or value)
  that crosses the budget;
* keep how a number was written (``1.10`` stays "1.10" where text is wanted);
* turn PyYAML's terse syntax errors into messages that say what to do, using
  the offending line itself (a tab, a colon inside a value, a value that starts
  with ``*`` or ``[``, an apostrophe inside single quotes, …).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import CVError, Position, Problem
from .files import read_limited

try:  # the C parser is ten times faster; the pure one behaves the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 100_000  # a long CV holds about a thousand values
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


# -- syntax errors, in words a hurried user can act on ----------------------
# (The patterns used only when something is wrong are compiled then, by re's own cache:
# compiling them with the module cost every start ~0.5 ms, _VALUE_START most of it.)
_BREAKS = r"\r\n|[\n\r\x85\u2028\u2029]"
# indentation, any '- ' item markers, then an optional simple `key:` (plain or quoted)
_VALUE_START = \
    r"""[ ]*(?:-[ ]+)*(?:(?:[^\s#\-?:,\[\]{}&*!|>'"%@`].*?|'[^']*'|"(?:\\.|[^"\\])*")[ ]*:(?=[ \t]|$)[ \t]*)?"""
_BLOCK_SCALAR = r".*:[ \t]+[|>][-+0-9]*[ \t]*(#.*)?$"


def _line_at(text: str, line: int) -> str:
    lines = re.split(_BREAKS, text)
    return lines[line] if 0 <= line < len(lines) else ""


def _value_start(line: str) -> int:
    """Where the value of a `key: value` or `- value` line begins."""
    return re.match(_VALUE_START, line).end()


def _quoted(line: str) -> str:
    """The line with its value put in quotes, as a user would fix it."""
    start = _value_start(line)
    prefix, value = line[:start].strip(), line[start:].strip()
    if "'" in value and '"' not in value:
        fixed = f'"{value}"'
    elif '"' in value and "'" not in value:
        fixed = f"'{value}'"
    else:
        fixed = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"`{prefix} {fixed}`" if prefix else f"`{fixed}`"


def _yaml_problem(name: str, exc: yaml.YAMLError, text: str) -> Problem:
    """One YAML syntax error as a Problem: where, what, and what to do."""
    mark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    here = _pos(name, mark) if mark is not None else Position(name)
    line = _line_at(text, mark.line) if mark is not None else ""
    col = mark.column if mark is not None else 0
    char = line[col] if col < len(line) else ""
    cline = _line_at(text, cmark.line) if cmark is not None else ""
    there = _pos(name, cmark) if cmark is not None else here
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    generic = "check the indentation and the quotes around this line"

    if char == "\t" or "tab" in problem or "\t" in indent:
        column = col if char == "\t" else line.index("\t")
        return Problem("a tab character is not allowed here", position=Position(name, mark.line + 1, column + 1),
                       hint="YAML indents with spaces only: replace the tab with spaces")
    if "end of stream" in problem and "quoted scalar" in context and cmark is not None:
        quote = cline[cmark.column:cmark.column + 1] or '"'
        hint = f"add the closing {quote} where the text ends"
        if quote == "'":
            hint += "; an apostrophe inside '…' is written twice ('')"
        return Problem(f"the quoted text that starts here with {quote} is never closed", position=there, hint=hint)
    if ("escape" in problem or "hexdecimal" in problem) and "quoted" in context:
        at = max(line.rfind("\\", 0, col + 1), 0)
        if "Unicode character escape" in problem:  # well formed, but no character (a surrogate)
            escape = re.match(r"\\(u\w{0,4}|U\w{0,8}|x\w{0,2})", line[at:])
            return Problem(f"`{escape.group() if escape else line[at:at + 2]}` is not a valid character escape "
                           "inside double quotes", position=Position(name, mark.line + 1, at + 1),
                           hint="\\u needs four hexadecimal digits of a real character (\\u00e9 for é)")
        return Problem(f"`{line[at:at + 2]}` is not a valid escape inside double quotes",
                       position=Position(name, mark.line + 1, at + 1),
                       hint="inside \"…\" a backslash starts an escape: write \\\\ for a backslash, "
                            "or use single quotes, in which a backslash is just a backslash")
    if "mapping values are not allowed" in problem:
        if _value_start(line) < col:
            return Problem("a colon followed by a space inside a value makes YAML read a new key", position=here,
                           hint=f"put the value in quotes: {_quoted(line)}")
        return Problem("this `key:` continues a line above that has no colon", position=here,
                       hint="a line above is missing the `:` after its key, or is indented too little")
    if ("scanning an alias" in context or "scanning an anchor" in context) and cmark is not None:
        sign = cline[cmark.column:cmark.column + 1]
        what = "a reference to an anchor" if sign == "*" else "the name of an anchor"
        return Problem(f"a value cannot start with `{sign}` unless it is quoted (YAML reads `{sign}name` as {what})",
                       position=there, hint=f"put the value in quotes: {_quoted(cline)}")
    if "cannot start any token" in problem and char in ("@", "`", "%"):
        return Problem(f"a value cannot start with `{char}` unless it is quoted (YAML reserves it)",
                       position=here, hint=f"put the value in quotes: {_quoted(line)}")
    if "another document" in problem:
        return Problem("a second YAML document starts here; a CV file holds one", position=here,
                       hint="remove the `---` line and what follows it, or move that to a file of its own")
    if "block sequence entries are not allowed" in problem:
        return Problem("a list item ('- ') cannot start on the same line as its key", position=here,
                       hint="put the items on the lines below the key, indented; if the dash is part of the "
                            f"text, put the value in quotes: {_quoted(line)}")
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing, kind = ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
        return Problem(f"the `{opening}` here starts a YAML {kind} that is not closed with `{closing}`",
                       position=there,
                       hint=f"close it, or, if the `{opening}` is part of the text, put the value in quotes: "
                            f"{_quoted(cline)}")
    if "could not find expected ':'" in problem and cmark is not None:
        above = [l for l in re.split(_BREAKS, text)[:cmark.line] if l.strip() and not l.lstrip().startswith("#")]
        if above and re.match(_BLOCK_SCALAR, above[-1]):
            return Problem("the text of a `|` or `>` block must be indented more than its key", position=there,
                           hint="indent every line of the text by two more spaces than the key above it")
        return Problem("this line is neither `key: value` nor a list item ('- …')", position=there,
                       hint="add `: ` after the key; if the line continues the text above it, "
                            "indent it further or put the whole text in quotes")
    if any(s in problem for s in ("expected key", "'-' indicator", "<block end>", "comment or a line break")):
        start = _value_start(line)
        if start < col and line[start:start + 1] in ("[", "{"):
            opening = line[start]
            kind, closing = ("list", "]") if opening == "[" else ("mapping", "}")
            return Problem(f"a value that starts with `{opening}` is read as a YAML {kind}, and text cannot "
                           f"follow its `{closing}`", position=Position(name, mark.line + 1, start + 1),
                           hint=f"put the value in quotes: {_quoted(line)}")
        if start < col and line[start:start + 1] in ("'", '"'):
            quote = line[start]
            inside = ("write an apostrophe inside it twice ('') or put the value in double quotes" if quote == "'"
                      else "write a quote inside it as \\\" or put the value in single quotes")
            return Problem(f"text follows the closing {quote} of a quoted value", position=here,
                           hint=f"the value starts with {quote}, so the next {quote} ends it: {inside}")
        if start >= col or not line[:col].strip():
            seen = f" (compare with line {cmark.line + 1})" if cmark is not None else ""
            return Problem("this line is not indented like the lines above it", position=here,
                           hint="the keys of one mapping start in the same column, and so do the '- ' of one "
                                f"list{seen}; indent with spaces")
    message = "this is not valid YAML: " + problem
    if context:
        message += f" ({context}" + (f" at line {cmark.line + 1}" if cmark is not None else "") + ")"
    return Problem(message, position=here, hint=generic)

# what to do about a file that is missing or empty, by what the file is for
MISSING = {"data": "give the path of your CV data, e.g. data/cv.yaml, or create one with `cv-builder init`",
           "layout": "give the path of a layout file, or the name of one in layouts/ (`cv-builder layouts`)",
           "variants": "create the file beside the CV data, or write the variants under `variants:` itself"}
EMPTY = {"data": "start from `cv-builder init`, which writes a commented example",
         "layout": "start from a copy of layouts/full.yaml and change what you like",
         "variants": "write each variant as `name:` and its settings, e.g. `research: {include: [research]}`"}


def read_text(path: Path, name: Optional[str] = None, what: str = "data") -> str:
    """The file's text, or a CVError saying why it cannot be read (see :func:`files.read_limited`:
    a device or a pipe is not read, and at most MAX_BYTES of a file)."""
    name = name or str(path)
    return decode(read_limited(path, name, MAX_BYTES, "YAML file", MISSING.get(what)), name)


def wide_encoding(data: bytes) -> Optional[str]:
    """UTF-16 or UTF-32, told by the byte-order mark or, without one, by where the zero bytes
    of the first character are (a text file starts with a character below U+0080)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # (before UTF-16's, which starts the same)
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    zero = tuple(b == 0 for b in data[:4])
    if zero in ((False, True, True, True), (True, True, True, False)):
        return "UTF-32"
    if zero in ((False, True, False, True), (True, False, True, False)):
        return "UTF-16"
    return None


def decode(data: bytes, name: str) -> str:
    wide = wide_encoding(data)
    if wide:
        raise CVError([Problem(f"the file is {wide} text, not UTF-8", position=Position(name, 1, 1),
                               hint="save the file as UTF-8 (most editors offer it under 'Save with encoding')")])
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


# characters YAML does not allow anywhere in a file (its "printable" set, inverted)
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parse(text: str, name: str, what: str = "data") -> Any:
    """Build YAML text into YMap/YList/scalars, or raise CVError with every problem found.
    ``what`` the file is for (data, layout, variants) picks the advice for an empty file."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise CVError([Problem("the file is empty", position=Position(name, 1, 1), hint=EMPTY.get(what))])
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        at = bad.start()
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        raise CVError([Problem(f"the file holds the control character U+{ord(bad.group()):04X}, "
                               "which YAML does not allow", position=Position(name, line, column),
                               hint="delete it: it is invisible in most editors and often comes with copy and paste")])
    loader = _Loader(text)
    builder = _Builder(name, loader)
    if _has_glued_comment(text):  # (rare: only then is each plain value looked at)
        builder.lines = text.splitlines()
    try:
        value = builder.document()
    except yaml.YAMLError as exc:
        raise CVError(builder.problems + [_yaml_problem(name, exc, text)]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise CVError(builder.problems)
    if value is None:
        raise CVError([Problem("the file is empty", position=Position(name, 1, 1))])
    if builder.warnings and isinstance(value, YMap):
        value.warnings = builder.warnings
    return value

# a \uD800-\uDFFF escape (half of a surrogate pair), not itself escaped: PyYAML refuses it
_SURROGATE_ESCAPE = r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}"  # (compiled when JSON is read)


def locate_json(text: str, name: str) -> tuple[Any, list[Problem]]:
    """JSON text (which ``json`` has read) read again by the YAML builder, for what ``json``
    does not give: the position of every key and item, and keys given twice (the error a
    YAML file gets). The builder's limits hold for JSON too: more than MAX_NODES values, or
    nesting deeper than MAX_DEPTH, raise CVError. Returns (the value, or None where YAML reads
    JSON differently and gives up; the keys given twice found)."""
    text = re.sub(_SURROGATE_ESCAPE, lambda m: m.group(1) + "\\u003f", text)  # (same length: columns hold)
    loader = _Loader(text)
    builder = _Builder(name, loader, "JSON")
    try:
        value = builder.document()
    except yaml.YAMLError:
        return None, builder.duplicates
    finally:  # (a limit's CVError goes on: in valid JSON the builder finds no other problem)
        loader.dispose()
    return value, builder.duplicates


def load(path: Path | str, name: Optional[str] = None, what: str = "data") -> Any:
    path = Path(path)
    name = name or str(path)
    return parse(read_text(path, name, what), name, what)


# a comment that starts right after a value's space, with no space after its # ("Ranked #1")
_GLUED_COMMENT = r"[ \t]+(#[^\s#!])"  # (compiled when a text has a '#' glued to a word)
_HASH_WORD = re.compile(r"#[^\s#!]")


def _has_glued_comment(text: str) -> bool:
    """Whether the text has a `#word` after a space anywhere (found by the #, which is
    rare, not by the spaces: a search that starts at every space took 0.4 ms a CV)."""
    return any(m.start() and text[m.start() - 1] in " \t" for m in _HASH_WORD.finditer(text))

_YAML = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _YAML + "str", _YAML + "seq", _YAML + "map"
_BOOL, _INT, _FLOAT = _YAML + "bool", _YAML + "int", _YAML + "float"
_NULL, _MERGE, _TIMESTAMP = _YAML + "null", _YAML + "merge", _YAML + "timestamp"
_SCALAR_TAGS = {_STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP}


class YInt(int):
    """An int that remembers how it was written (``0x1F``, ``1_000``), for text fields."""

    raw: str


class YFloat(float):
    """A float that remembers how it was written (``1.10``), for text fields."""

    raw: str


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


# PyYAML's own table of the YAML 1.1 implicit types (bool with yes/no/on/off, int
# with 0x/0o/_, float, null, timestamp, merge, …), keyed by the first character of
# a plain scalar; the same table the loader's ``resolve`` walks
_IMPLICIT = _Loader.yaml_implicit_resolvers


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The tag of a plain scalar written without one (or with just `!`): what the
    loader's ``resolve`` gives, by the same walk over the same table, without the
    rest of its machinery (path and wildcard resolvers, of which the safe loader has
    none). Resolving every scalar took a tenth of a load; the same words recur
    (keys, years, priorities), in a file and from one rebuild to the next."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


def _implicit_tag(event) -> str:
    """The tag of a scalar written without one: a plain scalar may be a bool, a number, …;
    a quoted one is text."""
    return _plain_tag(event.value) if event.implicit[0] else _STR


KEEPS_ONE = {"YAML": "YAML keeps", "JSON": "JSON readers keep"}  # (of a key given twice)


class _Builder:
    """Builds values from the parser's events, counting every value it makes.

    Each event is read once (``get_event``) and handed to :meth:`node`, which reads
    the rest of its node's events. The position of a scalar is made only when a
    message needs it; the positions of keys, items and collections are kept."""

    def __init__(self, name: str, loader, language: str = "YAML"):
        self.name = name
        self.language = language  # YAML, or JSON read for its positions (see locate_json)
        self.duplicates: list[Problem] = []
        self.loader = loader
        self.get = loader.get_event
        self.count = 0
        self.anchors: dict[str, tuple] = {}  # anchor -> (value, its expanded size, position)
        self.building: set[str] = set()  # anchors whose value is being built
        self.used: set[str] = set()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # (the data is read; the user is told)
        self.lines: Optional[list[str]] = None  # the text's lines, when a value may lose its end to a comment

    def document(self) -> Any:
        get, check = self.get, self.loader.check_event
        get()  # stream start
        if check(yaml.StreamEndEvent):
            return None
        get()  # document start
        value = self.node(get(), 0)
        get()  # document end
        if not check(yaml.StreamEndEvent):
            second = self.loader.peek_event()
            self.problems.append(Problem(
                "a second YAML document starts here; a CV file holds one",
                position=_pos(self.name, second.start_mark),
                hint="remove the `---` line and what follows it, or move that to a file of its own"))
        for anchor, (_, _, position) in self.anchors.items():
            if anchor not in self.used:
                self.problems.append(Problem(
                    f"`&{anchor}` is read as a YAML anchor (a name for reuse), so it is not part of the text, "
                    f"and nothing refers to it with `*{anchor}`", position=position,
                    hint=f"if `&{anchor}` belongs to the text, put the whole value in quotes; otherwise remove it"))
        return value

    def _tick(self, mark, n: int = 1, alias: Optional[str] = None) -> None:
        self.count += n
        if self.count > MAX_NODES:
            self._too_many(mark, n, alias)

    def _too_many(self, mark, n: int = 1, alias: Optional[str] = None) -> None:
        position = _pos(self.name, mark)
        if alias is not None:
            problem = Problem(
                f"the alias `*{alias}` repeats {n:,} values, so the document would expand to more than "
                f"{MAX_NODES:,} values", position=position,
                hint="anchors (&name) and aliases (*name) that refer to each other multiply; "
                     "a CV never needs this many values")
        else:
            problem = Problem(f"the document holds more than {MAX_NODES:,} values", position=position,
                              hint="is this the right file? A long CV holds about a thousand")
        raise CVError(self.problems + [problem])

    def _tag(self, event, kind, default: str) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return _implicit_tag(event) if kind is yaml.ScalarNode else default
        allowed = _SCALAR_TAGS if kind is yaml.ScalarNode else {default}
        if tag not in allowed:
            shown = _shown_tag(tag)
            hint = (f"if `{shown}` is part of the text, put the whole value in quotes; otherwise remove it"
                    if not shown.startswith("!!") else "remove it: a CV needs no YAML tags")
            self.problems.append(Problem(f"the YAML tag `{shown}` is not allowed",
                                         position=_pos(self.name, event.start_mark), hint=hint))
            return _STR if kind is yaml.ScalarNode else default
        return tag

    def node(self, event, depth: int, here: Optional[Position] = None) -> Any:
        """The value of the node that starts with ``event`` (``here`` is its position, if already made)."""
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event)
        if depth > MAX_DEPTH:
            raise CVError(self.problems + [Problem(f"the {self.language} is nested too deeply",
                                                   position=here or _pos(self.name, event.start_mark),
                                                   expected=f"at most {MAX_DEPTH} levels")])
        anchor = event.anchor
        before = self.count
        if anchor:
            self.building.add(anchor)
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event)
        else:
            here = here or _pos(self.name, event.start_mark)
            if isinstance(event, yaml.SequenceStartEvent):
                value = self._sequence(event, here, depth)
            else:
                value = self._mapping(event, here, depth)
        if anchor:
            self.building.discard(anchor)
            self.anchors[anchor] = (value, self.count - before, here or _pos(self.name, event.start_mark))
        return value

    def _alias(self, event) -> Any:
        anchor, mark = event.anchor, event.start_mark
        if anchor in self.building:
            raise CVError(self.problems + [Problem(
                f"the alias `*{anchor}` is inside the value of `&{anchor}` itself, which would never end",
                position=_pos(self.name, mark), hint="remove the alias")])
        if anchor not in self.anchors:
            self._tick(mark)
            self.problems.append(Problem(
                f"`*{anchor}` is read as a YAML alias, but nothing above it is marked `&{anchor}`",
                position=_pos(self.name, mark),
                hint="if the value is text that starts with `*` (such as **bold**), put it in quotes"))
            return None
        value, size, _ = self.anchors[anchor]
        self.used.add(anchor)
        self._tick(mark, size, alias=anchor)
        return value

    def _scalar(self, event) -> Any:
        self.count += 1  # what _tick does, written out for the most frequent nodes
        if self.count > MAX_NODES:
            self._too_many(event.start_mark)
        tag = event.tag
        if tag is None:  # most scalars: what _tag does for them, written out
            tag = _plain_tag(event.value) if event.implicit[0] else _STR
        else:
            tag = self._tag(event, yaml.ScalarNode, _STR)
        value = event.value
        if self.lines is not None and not event.style:  # (plain: "" from the C parser, None from the other)
            self._glued_comment(event)
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on")
        try:
            if tag == _INT:
                number = YInt(int(value.replace("_", ""), 0))
            elif tag == _FLOAT:
                number = YFloat(float(value.replace("_", "")))
            else:
                return value  # timestamp (and the like) stays text; dates are parsed by the schema
        except ValueError:  # YAML 1.1 forms Python does not read (012, 1:30, .inf): keep the text
            return value
        number.raw = value
        return number

    def _glued_comment(self, event) -> None:
        """A plain value followed by ` #word` on its line: YAML drops `#word` and all after it
        as a comment ("Ranked #1" is read as "Ranked"). A comment written as such has a
        space after its `#`; one without is most likely text, so the user is told."""
        end = event.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column:]
        m = re.match(_GLUED_COMMENT, rest)
        if m:
            column = end.column + m.start(1) + 1
            dropped = rest[m.start(1):].strip()
            self.warnings.append(Problem(
                f"`{dropped[:40]}{'…' if len(dropped) > 40 else ''}` is read as a YAML comment, "
                "so it is not part of the text before it",
                position=Position(self.name, end.line + 1, column), severity="warning",
                hint="if it belongs to the text, put the whole value in quotes; "
                     "if it is a comment, write a space after the #"))

    def _sequence(self, event, here: Position, depth: int) -> YList:
        self._tick(event.start_mark)
        self._tag(event, yaml.SequenceNode, _SEQ)
        out = YList()
        out.pos, out.item_pos = here, []
        name, get, item_pos = self.name, self.get, out.item_pos
        while not isinstance(item := get(), yaml.SequenceEndEvent):
            mark = item.start_mark
            position = Position(name, mark.line + 1, mark.column + 1)
            item_pos.append(position)
            out.append(self.node(item, depth + 1, position))
        return out

    def _mapping(self, event, here: Position, depth: int) -> YMap:
        self._tick(event.start_mark)
        self._tag(event, yaml.MappingNode, _MAP)
        out = YMap()
        out.pos, out.key_pos = here, {}
        merged: list = []
        name, get = self.name, self.get
        while not isinstance(key_event := get(), yaml.MappingEndEvent):
            mark = key_event.start_mark
            key_pos = Position(name, mark.line + 1, mark.column + 1)
            if not isinstance(key_event, yaml.ScalarEvent):
                self.node(key_event, depth + 1, key_pos)  # the key: built (and counted), then dropped
                self.node(get(), depth + 1)  # its value
                self.problems.append(Problem("a key must be a plain word", position=key_pos,
                                             hint="write `key: value`; keys written as `? …`, `[…]`, `{…}` "
                                                  "or `*alias` are not used in a CV"))
                continue
            self.count += 1
            if self.count > MAX_NODES:
                self._too_many(mark)
            key = key_event.value
            tag = key_event.tag
            if tag is None:
                tag = _plain_tag(key) if key_event.implicit[0] else _STR
            else:
                tag = self._tag(key_event, yaml.ScalarNode, _STR)
            if key_event.anchor:
                self.anchors[key_event.anchor] = (key, 1, key_pos)
            if tag == _MERGE:
                value = self.node(get(), depth + 1)
                sources = value if isinstance(value, list) else [value]
                if not all(isinstance(s, YMap) for s in sources):
                    self.problems.append(Problem("`<<` merges a mapping into this one", position=key_pos,
                                                 expected="`<<: *name`, where `&name` marks a mapping"))
                merged.extend(s for s in sources if isinstance(s, YMap))
                continue
            if key in out:
                first = out.key_pos[key]
                mapping = "mapping" if self.language == "YAML" else "object"
                self.duplicates.append(Problem(
                    f"the key `{key}` appears twice in the same {mapping} (first at line {first.line})",
                    position=key_pos,
                    hint=f"{KEEPS_ONE[self.language]} only one of them, so data would be lost: "
                         "merge the two or rename one"))
                self.problems.append(self.duplicates[-1])
                self.node(get(), depth + 1)  # the second value: built (and counted), then dropped
                continue
            out.key_pos[key] = key_pos
            out[key] = self.node(get(), depth + 1)
        for source in merged:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    out.key_pos[key] = source.where(key)
        return out
