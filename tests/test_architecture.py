"""Layering: only the renderer imports ReportLab, the layout never imports a PDF library."""

from __future__ import annotations

import ast

from conftest import ROOT

SRC = ROOT / "src" / "paiban"


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_reportlab_only_in_the_render_package():
    offenders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if "render" not in p.relative_to(SRC).parts and any(m.startswith("reportlab") for m in _imports(p))
    ]
    assert offenders == []


def test_composer_and_flow_import_no_pdf_library():
    for package in ("compose", "flow", "layout", "model", "style", "text"):
        for p in (SRC / package).rglob("*.py"):
            mods = list(_imports(p))
            assert not any(m.startswith(("reportlab", "pymupdf", "fitz")) for m in mods), p


def _module_name(path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _edges(path):
    """The paiban modules a file imports, at any level (a lazy import can close a circle too)."""
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                     for a in node.names]
        else:
            continue
        yield from (n for n in names if n in modules)


def test_no_import_circles():
    """No module reaches itself again through what it imports (a package's `__init__` that
    gathers its own modules counts like any module)."""
    graph = {_module_name(p): set(_edges(p)) for p in SRC.rglob("*.py")}
    circles = set()
    for start in graph:
        stack, seen = [(start, (start,))], {start}
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.add(" → ".join(trail + (start,)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + (nxt,)))
    assert sorted(circles) == []


#: Runs the command line as `paiban` does, then lists every module loaded (`-X importtime`
#: misses those loaded through `importlib`, as the subcommands are).
_LIST_MODULES = """import sys
from paiban.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_loaded_by(*argv: str) -> set[str]:
    """The modules a `paiban` command line loads."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _LIST_MODULES, *argv], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


#: What a plain build of an article without them does not load, with a build that does need
#: each (so that a module renamed or no longer lazy makes this fail, not pass by default).
LAZY = {
    "paiban.layout.figures": "elements", "paiban.layout.imagefiles": "elements",
    "paiban.render.images": "elements", "paiban.layout.tables": "markdown", "paiban.layout.lists": "markdown",
    "paiban.layout.code": "markdown", "paiban.proof.numbers": "markdown", "paiban.render.overlay": "grid",
    "mdit_py_plugins.tasklists": "markdown",
}
#: Loaded only by other subcommands, by a misspelt key or by nothing a build does.
NEVER_IN_A_PLAIN_BUILD = {"difflib"} | {f"paiban.commands.{name}" for name in (
    "import_pages", "preview", "watch", "compare", "serve", "styles", "booklet", "impose", "preflight", "proof")}


def test_a_plain_build_imports_no_pdf_reader_or_array_library(tmp_path):
    import subprocess
    import sys

    from conftest import SEED

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "paiban", "build",
                           str(SEED / "article.md"), "-o", str(tmp_path / "out.pdf")],
                          capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    roots = {name.split(".")[0] for name in imported}
    assert roots.isdisjoint({"pymupdf", "fitz", "numpy", "onnxruntime", "networkx"})

    loaded = _modules_loaded_by("build", str(SEED / "article.md"), "-o", str(tmp_path / "out.pdf"))
    assert {name.split(".")[0] for name in loaded}.isdisjoint({"pymupdf", "fitz", "numpy", "onnxruntime"})
    assert "paiban.layout.engine" in loaded and "paiban.commands.build" in loaded  # the reading works
    assert sorted(loaded & (set(LAZY) | NEVER_IN_A_PLAIN_BUILD)) == []


def test_what_a_plain_build_leaves_out_is_loaded_where_it_is_needed(tmp_path):
    from conftest import ROOT, SEED

    builds = {
        "elements": ["build", str(ROOT / "examples" / "elements" / "article.md")],
        "markdown": ["build", str(ROOT / "examples" / "markdown" / "article.md")],
        "grid": ["build", str(SEED / "article.md"), "--show-grid"],
    }
    for name, argv in builds.items():
        loaded = _modules_loaded_by(*argv, "-o", str(tmp_path / f"{name}.pdf"))
        assert sorted(m for m, used_by in LAZY.items() if used_by == name and m not in loaded) == []
    loaded = _modules_loaded_by("--help")  # the help lists every subcommand, so loads them all
    assert sorted(NEVER_IN_A_PLAIN_BUILD - loaded - {"difflib"}) == []
