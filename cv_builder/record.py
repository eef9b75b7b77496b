"""``@record``: a dataclass whose ``__eq__``, ``__repr__`` and ``__hash__`` are shared, not compiled per class.

Python 3.11's ``@dataclass`` writes the source of each generated method and compiles it with
``exec``, one method at a time, for every class, at every start: ``__init__``, ``__repr__``,
``__eq__``, and for a frozen class ``__setattr__``, ``__delattr__`` and ``__hash__`` too. A build
makes about forty dataclasses (the model, the kinds' items, the look), and the ``__repr__`` and
``__eq__`` of most are never called in a build. Measured on the build path (2-core VM, CPU time,
median of 15 starts): the ~40 classes cost about 13 ms less to make with these two methods shared.

The shared methods behave as the generated ones do: ``repr`` gives ``Name(field=value, …)`` for
the fields with ``repr=True`` (``...`` for an object inside itself), ``==`` compares the fields with
``compare=True`` of two objects of the same class, as tuples; a frozen record hashes those fields
(as ``@dataclass(frozen=True)`` does), a mutable one is unhashable. A method the class defines
itself is kept. Everything else (``__init__``, ``replace``, ``fields``, ``frozen``, ``slots``) is
the dataclass's, made as :func:`dataclasses.dataclass` makes it (by this module for a documented
class of plain fields, see below; by ``@dataclass`` itself otherwise).
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from reprlib import recursive_repr


def record(cls=None, /, **options):
    """``@record`` or ``@record(frozen=True, …)``: as ``@dataclass``, with the methods above shared."""
    if options.keys() - {"frozen", "slots", "kw_only"}:
        raise TypeError(f"record() takes frozen, slots and kw_only, not {sorted(options)}")

    def wrap(cls):
        own = cls.__dict__
        has_repr, has_eq, has_hash = "__repr__" in own, "__eq__" in own, own.get("__hash__") is not None
        made = _made(cls, bool(options.get("frozen"))) if set(options) <= {"frozen"} else None
        cls = made or dataclass(cls, repr=False, eq=False, **options)
        if not has_repr:
            cls.__repr__ = _repr
        if not has_eq:
            cls.__eq__ = _eq
        if not has_hash:
            cls.__hash__ = _hash if options.get("frozen") else None
        return cls

    return wrap if cls is None else wrap(cls)


# -- the common case made here, as @dataclass makes it ------------------------------------------
# @dataclass also works out, for each class, what a record never has (class variables, init-only
# variables, __post_init__, slots, ordering, keyword-only fields) and compiles its frozen
# __setattr__ and __delattr__: ~250 µs a class, ~12 ms of a cold build's ~50 classes. A documented
# record of plain fields is made here in half the time (the model's module: 4.2 -> 2.0 ms): its
# fields as dataclasses.Field objects (so that fields(), replace(), asdict() and is_dataclass() work
# on it), its __init__ compiled from the source @dataclass writes (that compile is most of what is
# left), its frozen methods closures; anything else (slots, __post_init__, class variables, no
# docstring, a dataclass's errors) goes to @dataclass. tests/test_record.py holds the two to the
# same fields, signature, defaults, replace() and frozen errors, and checks every record of the package.
_PARAMS: dict[bool, object] = {}


def _params(frozen: bool):
    """@dataclass's own parameters object of a class made with (repr=False, eq=False, frozen)."""
    known = _PARAMS.get(frozen)
    if known is None:
        known = _PARAMS[frozen] = dataclass(type("_Record", (), {}), repr=False, eq=False,
                                            frozen=frozen).__dataclass_params__
    return known


def _made(cls, frozen: bool):
    """The class made a dataclass here, or None where @dataclass must make it."""
    own = cls.__dict__
    if own.get("__doc__") is None or "__post_init__" in own or "__slots__" in own or any(
            getattr(b, "__dataclass_params__", None) is not None and b.__dataclass_params__.frozen != frozen
            for b in cls.__mro__[1:]):
        return None
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(getattr(base, "__dataclass_fields__", None) or {})
    if any(f._field_type is not dataclasses._FIELD for f in found.values()):
        return None
    annotations = own.get("__annotations__", {})
    mine = []
    for name, kind in annotations.items():
        if not isinstance(kind, str) or kind.replace("typing.", "").startswith(("ClassVar", "InitVar", "dataclasses.")):
            return None
        value = own.get(name, MISSING)
        if isinstance(value, Field):
            f = value
            if f.kw_only is not MISSING and f.kw_only:
                return None
        else:
            if type(value) in (list, dict, set):
                return None  # (@dataclass's error: a mutable default)
            f = dataclasses.field(default=value)
        f.name, f.type, f._field_type, f.kw_only = name, kind, dataclasses._FIELD, False
        mine.append(f)
    for f in mine:
        found[f.name] = f
    init = [f for f in found.values() if f.init]
    seen_default = False
    for f in init:
        if f.default is MISSING and f.default_factory is MISSING:
            if seen_default:
                return None  # (@dataclass's error: a field without a default after one with)
        else:
            seen_default = True
    for f in mine:  # (as @dataclass does: the class attribute is the default, not its Field)
        if isinstance(own.get(f.name), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    cls.__dataclass_fields__ = found
    cls.__dataclass_params__ = _params(frozen)
    if "__init__" not in own:
        cls.__init__ = _init(cls, list(found.values()), frozen)
    if "__match_args__" not in own:
        cls.__match_args__ = tuple(f.name for f in init)
    if frozen:
        names = frozenset(found)
        cls.__setattr__, cls.__delattr__ = _frozen(cls, names)
    return cls


def _init(cls, every: list, frozen: bool):
    """The __init__ @dataclass writes for these fields, compiled once."""
    names = {"__dataclass_MISSING__": MISSING, "__dataclass_builtins_object__": object,
             "__dataclass_HAS_DEFAULT_FACTORY__": _HAS_DEFAULT_FACTORY}
    params, body = [], []
    for f in every:
        if f.init:
            if f.default is not MISSING:
                names[f"__dataclass_dflt_{f.name}__"] = f.default
                params.append(f"{f.name}=__dataclass_dflt_{f.name}__")
            elif f.default_factory is not MISSING:
                params.append(f"{f.name}=__dataclass_HAS_DEFAULT_FACTORY__")
            else:
                params.append(f.name)
        if f.default_factory is not MISSING:
            names[f"__dataclass_dflt_{f.name}__"] = f.default_factory
            value = (f"__dataclass_dflt_{f.name}__() if {f.name} is __dataclass_HAS_DEFAULT_FACTORY__ else {f.name}"
                     if f.init else f"__dataclass_dflt_{f.name}__()")
        elif f.init:
            value = f.name
        else:
            continue  # (as @dataclass: the class attribute is its value)
        body.append(f"__dataclass_builtins_object__.__setattr__(self, {f.name!r}, {value})" if frozen
                    else f"self.{f.name} = {value}")
    source = f"def __init__(self, {', '.join(params)}):\n " + ("\n ".join(body) or "pass")
    if not params:
        source = source.replace("(self, )", "(self)")
    scope: dict = {}
    exec(source, names, scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


_HAS_DEFAULT_FACTORY = dataclasses._HAS_DEFAULT_FACTORY


def _frozen(cls, names: frozenset):
    """A frozen dataclass's __setattr__ and __delattr__ (as @dataclass writes them), without compiling."""
    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    __setattr__.__qualname__, __delattr__.__qualname__ = f"{cls.__qualname__}.__setattr__", f"{cls.__qualname__}.__delattr__"
    return __setattr__, __delattr__


_SHOWN: dict[type, tuple[str, ...]] = {}
_COMPARED: dict[type, tuple[str, ...]] = {}
_HASHED: dict[type, tuple[str, ...]] = {}


def _names(cls: type, which: dict, wanted) -> tuple[str, ...]:
    names = which.get(cls)
    if names is None:
        names = which[cls] = tuple(f.name for f in fields(cls) if wanted(f))
    return names


@recursive_repr()
def _repr(self) -> str:
    cls = self.__class__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(cls, _SHOWN, lambda f: f.repr))
    return f"{cls.__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _names(self.__class__, _COMPARED, lambda f: f.compare)
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _hash(self) -> int:
    names = _names(self.__class__, _HASHED, lambda f: f.compare if f.hash is None else f.hash)
    return hash(tuple(getattr(self, n) for n in names))
