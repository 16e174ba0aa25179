"""The kept code of generated dataclass methods: a class made from the cache is the class made
without it, a damaged or absent file only costs a compile, and the cache can be turned off."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys

import pytest

from paiban import methodcode, values


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and no codes loaded yet; the module's state is restored after."""
    monkeypatch.setenv("PAIBAN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PAIBAN_NO_CACHE", raising=False)
    monkeypatch.setattr(methodcode, "_codes", None)
    monkeypatch.setattr(methodcode, "_new", 1)  # no exit handler registered from a test
    return tmp_path


def _make(**options):
    class Point:
        x: int
        y: int = 2
        tags: list = dataclasses.field(default_factory=list)

    return values.dataclass(**options)(Point)


def _compiled(monkeypatch) -> list[str]:
    """Count the compilations that go through the cache."""
    seen: list[str] = []
    real = compile

    def counting(source, *args, **kw):
        seen.append(source)
        return real(source, *args, **kw)

    monkeypatch.setattr(methodcode, "compile", counting, raising=False)
    return seen


@pytest.mark.parametrize("options", [dict(), dict(frozen=True), dict(frozen=True, slots=True)])
def test_a_class_made_from_the_cache_is_the_class_made_by_compiling(fresh, monkeypatch, options):
    compiled = _compiled(monkeypatch)
    first = _make(**options)
    assert compiled, "the first class is compiled"
    methodcode._save()
    assert list(fresh.glob("code/dataclass-methods-*.marshal"))

    monkeypatch.setattr(methodcode, "_codes", None)
    compiled.clear()
    second = _make(**options)
    assert compiled == [], "the second is made from the file, without compiling"
    for name in ("__init__", "__setattr__", "__delattr__"):
        a, b = getattr(first, name), getattr(second, name)
        if hasattr(a, "__code__"):
            assert a.__code__ == b.__code__, name
    p = second(1, tags=["a"])
    assert (p.x, p.y, p.tags) == (1, 2, ["a"])
    assert p == second(1, 2, ["a"]) and p != second(1, 3, ["a"])
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 5
    assert dataclasses.fields(second) and dataclasses.replace(p, y=7).y == 7


def test_a_changed_class_compiles_anew(fresh, monkeypatch):
    compiled = _compiled(monkeypatch)
    _make()
    methodcode._save()
    monkeypatch.setattr(methodcode, "_codes", None)
    compiled.clear()

    @values.dataclass
    class Point:  # same name, other fields
        x: int
        z: str = "z"

    assert compiled and Point(1).z == "z"


def test_a_damaged_file_is_compiled_afresh_and_replaced(fresh, monkeypatch):
    _make()
    methodcode._save()
    (path,) = fresh.glob("code/*.marshal")
    path.write_bytes(b"\x00garbage")
    monkeypatch.setattr(methodcode, "_codes", None)
    compiled = _compiled(monkeypatch)
    assert _make()(5).x == 5
    assert compiled
    methodcode._save()
    assert isinstance(marshal.loads(path.read_bytes()), dict)


def test_an_unwritable_cache_folder_only_costs_time(fresh, monkeypatch):
    blocker = fresh / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PAIBAN_CACHE_DIR", str(blocker))
    assert _make()(1).y == 2
    methodcode._save()  # no error


def test_the_dataclasses_module_is_left_as_it_was(fresh):
    _make(frozen=True)
    assert "exec" not in vars(dataclasses)


def test_off_with_the_other_caches(fresh, monkeypatch):
    monkeypatch.setenv("PAIBAN_NO_CACHE", "1")
    compiled = _compiled(monkeypatch)
    seen = []
    real = dataclasses.dataclass

    def watching(*args, **kw):
        seen.append("exec" in vars(dataclasses))
        return real(*args, **kw)

    monkeypatch.setattr(dataclasses, "dataclass", watching)
    _make()
    assert seen == [False] and compiled == []
    methodcode._save()  # nothing was read or compiled through the cache: nothing is written
    assert not list(fresh.glob("code/*"))


def test_a_new_process_writes_then_reads_the_file(tmp_path):
    """The whole path as a build takes it: exit handler writes, the next start-up reads."""
    env = dict(os.environ, PAIBAN_CACHE_DIR=str(tmp_path))
    env.pop("PAIBAN_NO_CACHE", None)
    code = "import paiban.api, paiban.methodcode as m; print(m._new)"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(first.stdout) > 50, "the engine's classes are compiled the first time"
    assert list(tmp_path.glob("code/*.marshal"))
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(second.stdout) == 0, "and read the second time"
