"""@record behaves as @dataclass does: the same repr, equality and hashing, from shared methods."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar, Optional

import pytest

from cv_builder.errors import Position, Problem
from cv_builder.model import CV, Date, Header, Section
from cv_builder.record import record


def twins(frozen: bool = False):
    """The same class made by @dataclass and by @record."""
    made = []
    for decorator in (dataclass(frozen=frozen), record(frozen=frozen)):
        class Item:
            name: str
            tags: list = field(default_factory=list)
            note: Optional[str] = field(default=None, repr=False)
            seen: int = field(default=0, compare=False)
        made.append(decorator(Item))
    return made


@pytest.mark.parametrize("frozen", [False, True])
def test_repr_equality_and_hashing_are_the_dataclass_ones(frozen):
    plain, rec = twins(frozen)
    for args in [("a",), ("a", ["x"], "n", 3), ("é\n'", [1, None])]:
        p, r = plain(*args), rec(*args)
        assert repr(r) == repr(p)
        assert (r == rec(*args)) is (p == plain(*args)) is True
    assert rec("a", seen=1) == rec("a", seen=2)  # compare=False: not compared
    assert rec("a", note="x") == rec("a", note="x") != rec("a", note="y")
    assert rec("a") != plain("a") and rec("a").__eq__(plain("a")) is NotImplemented  # another class
    if frozen:
        assert hash(rec("a", (1,), "n", 1)) == hash(plain("a", (1,), "n", 1)) == hash(rec("a", (1,), "n", 2))
        with pytest.raises(dataclasses.FrozenInstanceError):
            rec("a").name = "b"
    else:
        with pytest.raises(TypeError, match="unhashable"):
            hash(rec("a"))


def test_an_object_inside_itself_is_shown_as_dots():
    plain, rec = twins()
    p, r = plain("a"), rec("a")
    p.tags.append(p)
    r.tags.append(r)
    assert repr(r) == repr(p) and repr(r).endswith("Item(name='a', tags=[...], seen=0)")


def test_methods_a_class_defines_are_kept():
    @record(frozen=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __hash__(self) -> int:
            return 7

    assert repr(Named("x")) == "<x>" and hash(Named("x")) == 7 and Named("x") == Named("x")
    with pytest.raises(TypeError, match="record\\(\\) takes"):
        record(order=True)


def test_the_model_as_before():
    """The project's own records, with slots (Position), frozen (Date, Problem, Text) and nested."""
    where = Position("cv.yaml", 3, 1)
    assert repr(where) == "Position(file='cv.yaml', line=3, column=1)" and where == Position("cv.yaml", 3, 1)
    assert len({where, Position("cv.yaml", 3, 1), Position("cv.yaml", 4)}) == 2
    assert {Date(2024, 3): 1}[Date(2024, 3)] == 1 and Date(2024) != Date(2024, 1)
    problem = Problem("bad", where)
    assert problem in [Problem("bad", Position("cv.yaml", 3, 1))] and hash(problem) == hash(Problem("bad", where))
    cv = CV(Header("Ada"), [Section("about", "About", "text", [])])
    assert cv == CV(Header("Ada"), [Section("about", "About", "text", [])])
    assert repr(cv).startswith("CV(header=Header(name='Ada', headline=None")
    assert "strings=" not in repr(cv)  # a field with repr=False


# -- a record of plain fields is made by record.py itself, as @dataclass would make it -----------
def documented_twins(frozen: bool = False):
    """The same documented class (the kind record.py makes itself) by @dataclass and by @record."""
    made = []
    for decorator in (dataclass(frozen=frozen, repr=False, eq=False), record(frozen=frozen)):
        class Base:
            """A base record."""

            kind: str
            weight: float = 1.0

        class Item(decorator(Base) if decorator is not None else Base):
            """An item with every sort of plain field."""

            name: str = "unnamed"
            tags: list = field(default_factory=list)
            note: Optional[str] = field(default=None, repr=False)
            seen: int = field(default=0, compare=False)
            made: tuple = field(default=(), init=False)
            cache: dict = field(default_factory=dict, init=False, repr=False)

            def label(self) -> str:
                return f"{self.kind}:{self.name}"
        made.append(decorator(Item))
    return made


@pytest.mark.parametrize("frozen", [False, True])
def test_a_record_made_here_is_the_dataclass(frozen):
    import inspect

    plain, rec = documented_twins(frozen)
    assert rec.__dataclass_fields__.keys() == plain.__dataclass_fields__.keys()
    for a, b in zip(dataclasses.fields(rec), dataclasses.fields(plain)):
        assert (a.name, a.type, a.default, a.default_factory, a.init, a.repr, a.compare, a.hash, a.kw_only) == \
               (b.name, b.type, b.default, b.default_factory, b.init, b.repr, b.compare, b.hash, b.kw_only)
    assert [p.name for p in inspect.signature(rec).parameters.values()] == \
           [p.name for p in inspect.signature(plain).parameters.values()] == ["kind", "weight", "name", "tags", "note", "seen"]
    assert [p.default for p in inspect.signature(rec).parameters.values()][:3] == [inspect.Parameter.empty, 1.0, "unnamed"]
    assert rec.__match_args__ == plain.__match_args__ and rec.__doc__ == plain.__doc__
    assert rec.name == plain.name == "unnamed" and "tags" not in rec.__dict__ and "cache" not in rec.__dict__
    r, p = rec("k", 2.0, "n", ["t"], "x", 1), plain("k", 2.0, "n", ["t"], "x", 1)
    assert vars(r) == vars(p) and r.label() == "k:n"
    assert rec("k").tags is not rec("k").tags and rec("k").cache == {}  # a new list and dict each
    with pytest.raises(TypeError):
        rec()  # (kind has no default)
    with pytest.raises(TypeError):
        rec("k", made=(1,))  # (not a parameter of __init__)
    changed = dataclasses.replace(r, name="m")
    assert (changed.name, changed.kind, changed.tags) == ("m", "k", ["t"]) and type(changed) is rec
    assert dataclasses.is_dataclass(rec) and dataclasses.asdict(r) == dataclasses.asdict(p)
    assert rec.__dataclass_params__.frozen is frozen and rec.__init__.__qualname__.endswith("Item.__init__")
    if frozen:
        for what in (lambda: setattr(r, "name", "z"), lambda: delattr(r, "name"), lambda: setattr(r, "other", 1)):
            with pytest.raises(dataclasses.FrozenInstanceError):
                what()


def test_what_record_py_does_not_make_goes_to_dataclass():
    """Slots, __post_init__, class variables and a missing docstring are @dataclass's to handle,
    and its errors (a mutable default, a field without a default after one with) stay its errors."""

    @record
    class Counted:
        """Counts what it holds."""

        items: tuple = ()
        total: ClassVar[int] = 0

        def __post_init__(self):
            type(self).total += len(self.items)

    Counted((1, 2))
    assert Counted.total == 2 and [f.name for f in dataclasses.fields(Counted)] == ["items"]
    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Bad:
            """A list as a default."""

            items: list = []
    with pytest.raises(TypeError, match="non-default argument"):
        @record
        class Order:
            """A field without a default after one with."""

            first: int = 0
            second: int


def test_every_record_of_the_project_is_made_as_its_fields_say():
    """Each record class of the package: __init__ takes its init fields, in order, with their defaults."""
    import importlib
    import inspect
    import pkgutil

    import cv_builder

    checked = 0
    for info in pkgutil.walk_packages(cv_builder.__path__, "cv_builder."):
        if info.name.endswith("__main__"):
            continue  # (it runs the program)
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and cls.__module__ == module.__name__ and dataclasses.is_dataclass(cls)):
                continue
            params = list(inspect.signature(cls.__init__).parameters.values())[1:]
            init = [f for f in dataclasses.fields(cls) if f.init]
            assert [p.name for p in params] == [f.name for f in init], cls
            for p, f in zip(params, init):
                if f.default is not dataclasses.MISSING:
                    assert p.default is f.default, (cls, f.name)
                elif f.default_factory is dataclasses.MISSING:
                    assert p.default is inspect.Parameter.empty, (cls, f.name)
            checked += 1
    assert checked >= 40
