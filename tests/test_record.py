"""@record behaves as @dataclass does: the same repr, equality and hashing, from shared methods."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional

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
