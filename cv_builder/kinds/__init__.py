"""Section kinds, one module each, registered by name.

A kind is everything the program knows about one sort of section (text,
entries, publications, …), in one module that ends with ``KIND = Kind(...)``:

- ``item``: the dataclass of its items, which is also their data format (the
  loader and the JSON Schema read its fields, types, defaults and ``doc``
  strings); ``ids``: the section ids that need no ``kind:`` in the data;
- ``render(section, index, ctx)``: its flowables for the PDF. A renderer only
  calls the :class:`~cv_builder.render.context.Context` it is given (no
  ReportLab, no ``cv_builder.render`` import), so this layer stays light;
- ``write(section, w, cv)``: its blocks of Markdown or plain text, written with
  the :class:`~cv_builder.interop.export.Writer` it is given;
- ``json_resume``: where its sections go in JSON Resume and how an item is
  written there (:class:`JsonResume`), or :data:`KEEP`: kept under
  ``meta.cvBuilder`` as our own data;
- ``diff(item)``: the item as lines of text for ``cv-builder diff``.

:func:`register` refuses a kind with a form missing, so that no output can
meet a kind it does not know. The built-in kinds are listed in :data:`BUILTIN`
(in the order they are offered); another module registers its own with
``kinds.register(KIND)``.
"""

from __future__ import annotations

import dataclasses
from importlib import import_module
from typing import Any, Callable, Optional

#: the built-in kinds: each a module of this package, in the order hints and the JSON Schema list them
BUILTIN = ("text", "figures", "entries", "projects", "publications", "tags", "timeline")


class JsonResume:
    """A kind's JSON Resume form.

    ``sections``: JSON Resume section -> the section ids of ours that go there
    (the first such section of the CV does; the others are kept under
    ``meta.cvBuilder``). ``item(key, item, out, ext, x)`` fills ``out``, the
    JSON Resume item for section ``key``, and ``ext``, what JSON Resume has no
    field for (written under the item's ``cvBuilder`` key; it starts with the
    item's priority, tags and short form), using the helpers of ``x``, the
    :class:`~cv_builder.interop.jsonresume.Exporter`.
    """

    __slots__ = ("sections", "item")

    def __init__(self, sections: Optional[dict[str, tuple[str, ...]]] = None,
                 item: Optional[Callable[..., None]] = None):
        self.sections = dict(sections or {})
        self.item = item


#: the JSON Resume form of a kind JSON Resume has no section for: its sections are kept,
#: as our own data, under ``meta.cvBuilder`` (and importing the export brings them back)
KEEP = JsonResume()


class Kind:
    """One section kind: its items, the ids it is known by, and its form in every output.

    (A plain class, not a dataclass: making a dataclass costs every start-up about 0.5 ms.)
    """

    __slots__ = ("name", "item", "ids", "render", "write", "json_resume", "diff", "string")

    def __init__(self, name: str, item: type, ids: tuple[str, ...] = (), *,
                 render: Optional[Callable[..., list]] = None, write: Optional[Callable[..., list]] = None,
                 json_resume: Optional[JsonResume] = None, diff: Optional[Callable[[Any], list]] = None,
                 string: bool = False):
        self.name = name
        self.item = item  # the dataclass of one item
        self.ids = tuple(ids)  # section ids that need no `kind:`
        self.render = render  # (section, index, ctx) -> flowables
        self.write = write  # (section, w, cv) -> blocks of Markdown or plain text
        self.json_resume = json_resume  # a JsonResume, or KEEP
        self.diff = diff  # item -> [its line, lines that belong to it…]
        self.string = string  # a section may be written as one string: its one item

    def __repr__(self) -> str:
        return f"Kind({self.name!r})"


#: the outputs every kind must have a form for: Kind field -> what it is, for messages
FORMS = {"render": "renderer (the PDF)", "write": "plain-text and Markdown form",
         "json_resume": "JSON Resume form (a JsonResume, or kinds.KEEP)", "diff": "diff form"}

#: registered kinds by name, in the order they were registered
KINDS: dict[str, Kind] = {}
#: section id -> the name of the kind a section of that id is (no `kind:` needed)
KIND_BY_ID: dict[str, str] = {}


class KindError(Exception):
    """A kind that cannot be registered: a mistake in the program, not in the data."""


def register(kind: Kind) -> Kind:
    """Add a kind; a kind with a form missing, or a name or id already taken, is refused."""
    where = f"section kind `{getattr(kind, 'name', kind)}`"
    if not isinstance(kind, Kind):
        raise KindError(f"{where}: register a kinds.Kind, not {type(kind).__name__}")
    if not _good_name(kind.name):
        raise KindError(f"{where}: a kind's name is lower-case letters, digits, _ and -")
    if kind.name in KINDS:
        raise KindError(f"{where} is registered already")
    if not (isinstance(kind.item, type) and dataclasses.is_dataclass(kind.item)):
        raise KindError(f"{where}: its item must be a dataclass (the data format of one item)")
    missing = [what for form, what in FORMS.items() if getattr(kind, form) is None]
    if missing:
        raise KindError(f"{where} has no {', no '.join(missing)}: every kind needs a form in every output")
    for form in ("render", "write", "diff"):
        if not callable(getattr(kind, form)):
            raise KindError(f"{where}: its {FORMS[form]} must be a function")
    jr = kind.json_resume
    if not isinstance(jr, JsonResume) or (jr.sections and not callable(jr.item)):
        raise KindError(f"{where}: its {FORMS['json_resume']} must say how an item is written "
                        "for the JSON Resume sections it names")
    taken = {i: KIND_BY_ID[i] for i in kind.ids if i in KIND_BY_ID}
    if taken:
        raise KindError(f"{where}: section ids already known as other kinds: "
                        + ", ".join(f"{i} ({k})" for i, k in taken.items()))
    KINDS[kind.name] = kind
    KIND_BY_ID.update(dict.fromkeys(kind.ids, kind.name))
    return kind


def _good_name(name) -> bool:
    """Lower-case ASCII letters, digits, _ and -, from a letter (no regular expression:
    compiling one would cost every start-up about 0.1 ms)."""
    return isinstance(name, str) and name[:1].isalpha() and name.isascii() and name == name.lower() \
        and name.replace("_", "").replace("-", "").isalnum()


def unregister(name: str) -> None:
    """Take a kind out again (a test's own kind, when the test is done)."""
    kind = KINDS.pop(name)
    for i in kind.ids:
        KIND_BY_ID.pop(i, None)


def for_string() -> str:
    """The kind of a section written as one string, with an id of no known kind."""
    return next(k.name for k in KINDS.values() if k.string)


def line(*parts) -> str:
    """A diff line: the parts that are there, joined by middle dots."""
    return " · ".join(str(p) for p in parts if p)


for _name in BUILTIN:
    register(import_module(f"{__name__}.{_name}").KIND)
