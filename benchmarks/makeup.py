"""Page make-up counts over the bundled examples: holes, short last-page columns, widows and
orphans, floats out of order or section, lines outside their frames, and pages.

Each example is laid out in `magazine`, `handout` and the README's 3-column sheet, and judged
by `paiban.layout.makeup_checks`. Run it before and after a change to the flow to see what the
change did (the counts are exact; nothing here is timed).

    python benchmarks/makeup.py            # the table
    python benchmarks/makeup.py --details  # and every finding
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from paiban.api import layout, load_style  # noqa: E402
from paiban.layout.makeup_checks import makeup_findings  # noqa: E402

THREE_COLUMNS = "extends: magazine\nbody: {size: 小四}\npage: {columns: 3, column_width: 15字}\n"
KINDS = ("hole", "short-column", "widow", "orphan", "float-order", "float-section", "float-page",
         "outside-frame")


def examples() -> list[Path]:
    return [ROOT / "examples/seed/article.md", ROOT / "examples/elements/article.md",
            *sorted((ROOT / "examples/booklet/articles").glob("*.md"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every finding")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "three.yaml"
        sheet.write_text(THREE_COLUMNS, encoding="utf-8")
        styles = {"magazine": load_style("magazine"), "handout": load_style("handout"),
                  "3-column": load_style(sheet)}
        header = ["article", "style", "pages", "holes (lines)", *KINDS[1:]]
        rows, total = [], collections.Counter()
        for name, style in styles.items():
            for article in examples():
                doc = layout(article, style)
                found = makeup_findings(doc.pages, style.widows, style.orphans, style.balance_min_lines)
                counts = collections.Counter(f.kind for f in found)
                hole_lines = sum(f.size for f in found if f.kind == "hole")
                total.update(counts)
                total["pages"] += len(doc.pages)
                total["hole lines"] += hole_lines
                label = f"{article.parent.name}/{article.stem}"
                rows.append([label, name, str(len(doc.pages)), f"{counts['hole']} ({hole_lines})",
                             *(str(counts[k]) for k in KINDS[1:])])
                if args.details:
                    for f in found:
                        print(f"{label} {name} p.{f.page + 1} col {f.column + 1}: {f.kind}: {f.detail}")
        rows.append(["total", "", str(total["pages"]), f"{total['hole']} ({total['hole lines']})",
                     *(str(total[k]) for k in KINDS[1:])])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
