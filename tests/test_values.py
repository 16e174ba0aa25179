"""paiban.values.dataclass answers as the standard decorator does: equality, hashing, repr,
frozenness, replace and pickling, on classes made both ways."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import pkgutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paiban
from paiban import values

OPTIONS = [dict(), dict(frozen=True), dict(frozen=True, slots=True), dict(slots=True)]


def _make(decorator, **options):
    """The same class body under either decorator (same qualname, so reprs compare)."""

    class Sample:
        a: int
        b: str = "x"
        c: tuple = ()
        hidden: int = dataclasses.field(default=0, repr=False)
        loose: int = dataclasses.field(default=0, compare=False)
        unhashed: int = dataclasses.field(default=0, hash=False)
        made: list = dataclasses.field(default_factory=list, compare=False, hash=False)

    return decorator(**options)(Sample)


@pytest.mark.parametrize("options", OPTIONS)
@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from("xyz"), st.integers(0, 2), st.integers(0, 2),
                          st.integers(0, 2)), min_size=2, max_size=2))
def test_equality_hash_and_repr_match_the_standard_decorator(options, rows):
    ours, theirs = _make(values.dataclass, **options), _make(dataclasses.dataclass, **options)
    (a1, b1, h1, l1, u1), (a2, b2, h2, l2, u2) = rows
    o1, o2 = ours(a1, b1, (a1,), h1, l1, u1), ours(a2, b2, (a2,), h2, l2, u2)
    t1, t2 = theirs(a1, b1, (a1,), h1, l1, u1), theirs(a2, b2, (a2,), h2, l2, u2)
    assert repr(o1) == repr(t1)
    assert (o1 == o2) == (t1 == t2) and (o1 != o2) == (t1 != t2)
    assert o1.__eq__(object()) is NotImplemented and t1.__eq__(object()) is NotImplemented
    assert (type(o1).__hash__ is None) == (type(t1).__hash__ is None)
    if type(o1).__hash__ is not None:
        assert hash(o1) == hash(t1)
        assert (hash(o1) == hash(o2)) == (hash(t1) == hash(t2))


@values.dataclass(frozen=True, slots=True)
class FrozenSlots:
    a: int
    b: tuple = ()


@values.dataclass(frozen=True)
class Frozen:
    a: int
    b: tuple = ()


@values.dataclass
class Mutable:
    a: int
    b: list = dataclasses.field(default_factory=list)


@values.dataclass(slots=True)
class MutableSlots:
    a: int
    b: list = dataclasses.field(default_factory=list)


@pytest.mark.parametrize("cls", [FrozenSlots, Frozen, Mutable, MutableSlots])
def test_frozen_replace_and_pickle_behave_alike(cls):
    obj = cls(1)
    assert dataclasses.replace(obj, a=5).a == 5
    assert pickle.loads(pickle.dumps(obj)) == obj
    if cls.__dataclass_params__.frozen:
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.a = 2
        assert {obj: 1}[cls(1)] == 1
    else:
        obj.a = 2
        assert obj.a == 2
        with pytest.raises(TypeError):
            hash(obj)


def _state_sample(decorator):
    class StateSample:
        a: int
        b: tuple = ()
        c: list = dataclasses.field(default_factory=list, compare=False)
        d: str = dataclasses.field(default="d", init=False)

    return decorator(frozen=True, slots=True)(StateSample)


StateSample = _state_sample(values.dataclass)
StateSample.__qualname__ = "StateSample"  # where pickle finds it


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_frozen_slotted_class_pickles_its_fields_in_order(protocol):
    theirs = _state_sample(dataclasses.dataclass)
    obj = StateSample(1, (2, 3), [4])
    assert tuple(obj.__getstate__()) == tuple(theirs(1, (2, 3), [4]).__getstate__()) == (1, (2, 3), [4], "d")
    back = pickle.loads(pickle.dumps(obj, protocol))
    assert (back.a, back.b, back.c, back.d) == (1, (2, 3), [4], "d") and back == obj
    restored = StateSample.__new__(StateSample)  # a state the standard decorator wrote (a list) reads too
    restored.__setstate__(theirs(5, (), []).__getstate__())
    assert restored == StateSample(5) and restored.d == "d"
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.a = 2


@values.dataclass(frozen=True, slots=True)
class OwnState:
    a: int

    def __getstate__(self):
        return "mine"

    def __setstate__(self, state):
        object.__setattr__(self, "a", len(state))


def test_a_class_that_writes_its_own_state_methods_keeps_them():
    assert pickle.loads(pickle.dumps(OwnState(1))).a == 4


def test_a_class_that_writes_its_own_methods_keeps_them():
    @values.dataclass(frozen=True)
    class Own:
        a: int

        def __repr__(self) -> str:
            return "own"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7

    assert repr(Own(1)) == "own" and Own(1) == Own(2) and hash(Own(3)) == 7


def test_single_and_fieldless_classes():
    @values.dataclass(frozen=True)
    class One:
        a: int

    @values.dataclass(frozen=True)
    class Empty:
        pass

    assert hash(One(3)) == hash((3,)) and One(3) == One(3) and One(3) != One(4)
    assert Empty() == Empty() and hash(Empty()) == hash(()) and repr(Empty()).endswith("Empty()")


def test_every_value_class_of_paiban_has_the_methods_its_options_call_for():
    for info in pkgutil.walk_packages(paiban.__path__, "paiban."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == info.name):
                continue
            assert "__eq__" in vars(cls) and "__repr__" in vars(cls), cls
            hashable = cls.__hash__ is not None
            assert hashable == cls.__dataclass_params__.frozen, cls  # as the standard decorator makes them
