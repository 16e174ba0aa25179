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
