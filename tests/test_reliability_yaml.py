"""One nesting limit for every YAML file paiban reads, with the same message whichever parser
(libyaml or PyYAML's own) read it and whatever PyYAML version is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write
from paiban.booklet.manifest import read_manifest
from paiban.errors import ArticleError, BookletError, StyleError
from paiban.model.markdown import read_article
from paiban.style.loader import load_style
from paiban.yamlnodes import MAX_DEPTH, NestedTooDeep, compose_with, compose_yaml

HINT = "  hint: paiban reads at most 50 levels of lists and mappings inside each other"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with libyaml, and again as on a machine whose PyYAML was built without it."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML built without libyaml")
    else:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return request.param


def test_the_limit_is_fifty_levels():
    assert MAX_DEPTH == 50


# 60 levels: libyaml composes them (any version) and paiban's walk refuses the tree;
# 5,000 levels: libyaml 6.0.4 refuses them itself, and the depth-limited pure-Python composer
# stops at level 51 before Python's recursion limit. Same message either way.
@pytest.mark.parametrize("depth", [51, 60, 5000])
def test_the_51st_level_is_refused_where_it_opens(parser: str, depth: int):
    with pytest.raises(NestedTooDeep) as caught:
        compose_yaml(f"a:\n  b: {nested(depth - 2)}\n")
    mark = caught.value.problem_mark
    # the root mapping is level 1, `b:`'s mapping level 2, so level 51 is the 49th bracket
    assert (mark.line + 1, mark.column + 1, caught.value.problem) == (2, 6 + 48, "nested deeper than 50 levels")


def test_fifty_levels_are_read(parser: str):
    node = compose_yaml(f"a: {nested(49)}\n")
    assert isinstance(node, yaml.MappingNode)
    values = compose_with(f"a: {nested(49)}\n", lambda loader, root: loader.construct_document(root))
    depth, inner = 1, values["a"]
    while inner:
        depth, inner = depth + 1, inner[0]
    assert depth == 49  # 49 lists inside the mapping


def test_an_alias_inside_its_own_anchor_does_not_loop(parser: str):
    node = compose_yaml("a: &a [1, *a]\n")
    assert node.value[0][1].value[1] is node.value[0][1]


def test_aliases_do_not_add_to_the_depth_they_were_written_at(parser: str):
    text = f"a: &a {nested(45)}\nb: [[[[*a, *a]]]]\n"
    assert isinstance(compose_yaml(text), yaml.MappingNode)


def test_mapping_levels_count_like_list_levels(parser: str):
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "x: 1\n"
    with pytest.raises(NestedTooDeep) as caught:
        compose_yaml(text)
    assert caught.value.problem_mark.line + 1 == MAX_DEPTH + 1


@pytest.mark.parametrize("depth", [60, 5000])
def test_a_style_sheet(tmp_path: Path, parser: str, depth: int):
    sheet = write(tmp_path / "s.yaml", f"extends: magazine\nbody: {nested(depth)}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert str(caught.value).endswith(f"s.yaml:2:56: error: the style sheet is nested deeper than 50 levels\n{HINT}")


@pytest.mark.parametrize("depth", [60, 5000])
def test_a_front_matter(tmp_path: Path, parser: str, depth: int):
    article = write(tmp_path / "a.md", f"---\ntitle: 标题\nsubtitle: {nested(depth)}\n---\n\n正文\n")
    with pytest.raises(ArticleError) as caught:
        read_article(article)
    assert str(caught.value).endswith(f"a.md:3:60: error: the front matter is nested deeper than 50 levels\n{HINT}")


@pytest.mark.parametrize("depth", [60, 5000])
def test_a_booklet_manifest(tmp_path: Path, parser: str, depth: int):
    manifest = write(tmp_path / "BOOKLET.yaml", f"title: 小册子\narticles: {nested(depth)}\n")
    with pytest.raises(BookletError) as caught:
        read_manifest(manifest)
    assert str(caught.value).endswith(f"BOOKLET.yaml:2:60: error: the manifest is nested deeper than 50 levels\n{HINT}")


ARTICLE = "---\ntitle: 标题\n---\n\n正文。\n"
CASES = {
    "style": ({"a.md": ARTICLE, "s.yaml": f"extends: magazine\nbody: {nested(5000)}\n"},
              ("build", "a.md", "--style", "s.yaml"), "s.yaml:2:56: error: the style sheet"),
    "front matter": ({"a.md": f"---\ntitle: {nested(5000)}\n---\n\n正文\n"},
                     ("build", "a.md"), "a.md:2:57: error: the front matter"),
    "manifest": ({"a.md": ARTICLE, "BOOKLET.yaml": f"title: 小册子\narticles: [a.md, {nested(5000)}]\n"},
                 ("booklet", "BOOKLET.yaml"), "BOOKLET.yaml:2:66: error: the manifest"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_command_line_exits_2_and_touches_nothing(tmp_path: Path, case: str):
    files, args, start = CASES[case]
    for name, text in files.items():
        write(tmp_path / name, text)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-m", "paiban", *args], cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"{start} is nested deeper than 50 levels\n{HINT}\n")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
