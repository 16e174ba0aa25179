"""Every bundled example builds with --print in every built-in style and passes preflight."""

from __future__ import annotations

import pytest
from conftest import ROOT

from paiban import build
from paiban.style.sources import builtin_styles

EXAMPLES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").rglob("*.md")
                  if p.name != "README.md")
STYLES = sorted(builtin_styles())

def test_the_examples_and_styles_are_found() -> None:
    assert "examples/seed/article.md" in EXAMPLES and "examples/elements/article.md" in EXAMPLES
    assert len(EXAMPLES) >= 7 and {"magazine", "handout"} <= set(STYLES)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_builds_for_print_and_passes_preflight(example, style) -> None:
    result = build(ROOT / example, style, None, print_ready=True, keep_pages=False)
    assert result.preflight.passed
    assert result.preflight.result("PDF/X").summary.startswith("PDF/X-4, output intent ")


@pytest.mark.parametrize("style", STYLES)
def test_the_elements_examples_photographs_are_converted(style) -> None:
    """Its photographs (two RGB JPEGs and an RGBA PNG) are converted, and its lead is framed."""
    result = build(ROOT / "examples/elements/article.md", style, None, print_ready=True, keep_pages=False)
    for check in ("colour", "ink", "overset"):
        assert result.preflight.result(check).status == "pass"
