"""Rendering a LayoutDocument: the PDF writer (ReportLab) and its helpers.

ReportLab imports Pillow's `PIL.Image` when it is itself imported, images or not: 8–10 ms of
every build, most pages having no picture. So before any module here imports ReportLab, `PIL.Image`
is registered as a module loaded on first use (the standard library's `importlib.util.LazyLoader`):
the first image drawn or measured loads it, and a build without images never does.
"""

from __future__ import annotations

import sys


def _defer_pillow() -> None:
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    # `from PIL import Image` finds the package attribute and leaves the module unloaded; without
    # it the import system would ask the module for its spec, which loads it
    setattr(sys.modules["PIL"], "Image", module)


_defer_pillow()
