"""paiban (排版): print-ready typesetting and re-layout of Chinese magazine pages.

Pipeline: read (Markdown, page text, PDF) → article model → style resolution → line composition →
page flow → rendering (PDF via ReportLab, PNG via PyMuPDF).
"""

from paiban.api import BuildResult, build, layout, load_article, load_style
from paiban.errors import PaibanError

__version__ = "0.1.0"
__all__ = ["BuildResult", "PaibanError", "__version__", "build", "layout", "load_article", "load_style"]
