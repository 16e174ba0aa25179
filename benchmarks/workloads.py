"""Benchmark inputs, written afresh for every run: the same articles for paiban and for Typst.

Every copy of the seed article gets one character changed, so that no tool can reuse the work
of an identical paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed" / "article.md"
FONTS = ROOT / "fonts"
VARIANTS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北"


@dataclass(frozen=True)
class Article:
    meta: str  # front matter text, without the --- lines
    body: str


def seed() -> Article:
    text = SEED.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return Article(meta, body.strip())


def variant(body: str, n: int) -> str:
    """The body with one character changed (the n-th variant), headings numbered apart."""
    mark = VARIANTS[n % len(VARIANTS)] + (str(n // len(VARIANTS)) if n >= len(VARIANTS) else "")
    return body.replace("习近平总书记强调", f"习近平总书记{mark}强调", 1).replace("## 一、", f"## {n + 1}一、").replace(
        "## 二、", f"## {n + 1}二、"
    )


def long_body(copies: int) -> str:
    return "\n\n".join(variant(seed().body, i) for i in range(copies))


def write_markdown(path: Path, meta: str, body: str) -> Path:
    path.write_text(f"---\n{meta}---\n\n{body}\n", encoding="utf-8")
    return path


def write_booklet(folder: Path, count: int) -> Path:
    """`count` variants of the seed article as separate files and a booklet manifest listing them."""
    art = seed()
    names = []
    for i in range(count):
        name = f"a{i:02d}.md"
        write_markdown(folder / name, art.meta, variant(art.body, i))
        names.append(name)
    manifest = folder / "booklet.yaml"
    lines = ["title: 基准测试汇编", "style: magazine", "articles:"] + [f"  - {n}" for n in names]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest
