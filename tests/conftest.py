"""Shared fixtures: composer settings built from the bundled fonts, and the seed reference."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import HealthCheck, settings

from paiban.compose.config import FontChain, ParagraphConfig, Where
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.model.article import Run
from paiban.style.model import CJKOptions
from paiban.text.fonts import font_table

# Property tests: a bounded, derandomised run by default (CI gives the same verdict on the same
# code), thousands of random examples on demand with HYPOTHESIS_PROFILE=long. No deadlines: the
# first example of a process is slow.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"
EM = 10.0  # composer tests use 10 pt text, so 1 em = 10 pt and positions come out round


def write(path: Path, text: str) -> Path:
    """Write a UTF-8 text file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_config(width_em: float, indent_em: float = 0.0, align: str = "justify", **cjk) -> ParagraphConfig:
    fonts = font_table()
    regular = FontChain((fonts.metrics("Noto Serif SC"), fonts.metrics("Noto Sans SC")))
    bold = FontChain((fonts.metrics("Noto Serif SC", "bold"),))
    return ParagraphConfig(regular, bold, EM, width_em * EM, CJKOptions(**cjk), indent_em * EM, align)


def compose(text: str, width_em: float, indent_em: float = 0.0, **kw):
    """Compose plain text; returns (lines, diagnostics)."""
    align = kw.pop("align", "justify")
    diagnostics = Diagnostics()
    lines = compose_paragraph((Run(text),), make_config(width_em, indent_em, align, **kw), Where(None, diagnostics))
    return lines, diagnostics


def xs_em(line) -> list[float]:
    return [round(x / EM, 3) for r in line.runs for x in r.xs]


@pytest.fixture(scope="session")
def seed_reference() -> list[str]:
    text = (ROOT / "tests" / "data" / "seed_lines.txt").read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
