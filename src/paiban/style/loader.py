"""Style sheets: YAML files → a validated `Style` in points.

Loading happens in stages, one module each, and every stage can stop with a `StyleError` that
points at the file, line and column of the value at fault:

1. `tree`: each sheet's YAML nodes → a tree that keeps every value's place (`paiban.yamlnodes`
   reads the YAML, with paiban's nesting limit);
2. `chain`: each sheet's shape is checked (known keys, sections are mappings), then the
   ``extends`` chain is merged, parent first, the child winning key by key;
3. `convert`, `geometry`, `resolve`: every value is converted with `schema.KEYS` and
   `paiban.units`, the geometry is checked to exist (margins, columns, grid, title block), and
   `ranges` checks the limits that depend on several values.

This module is the entry point the rest of paiban imports.
"""

from __future__ import annotations

from pathlib import Path

from paiban.style.chain import load_chain, locate
from paiban.style.model import Style
from paiban.style.resolve import Resolver
from paiban.style.sources import builtin_styles_dir, fonts_table_path, list_styles

__all__ = ["builtin_styles_dir", "fonts_table_path", "list_styles", "load_style"]


def load_style(name_or_path: str | Path) -> Style:
    """Load a built-in style by name (``magazine``) or a sheet by path, following ``extends``.

    Raises StyleError, with the file, line and column of the offending value, for anything that
    would otherwise surface later as a confusing layout failure.
    """
    sheet = locate(name_or_path)
    tree, files = load_chain(sheet)
    return Resolver(tree, sheet, files).style()
