"""Set every corpus document in magazine, handout and the 3-column sheet and count what `paiban
proof` marks: one table of documents × styles × finding kinds, with totals per style.

    PYTHONPATH=src python benchmarks/proof.py [--json OUT.json] [--only 02,05]

The numbers are the measure of the line-breaking work (issue 13): before and after a change,
run this and compare the tables. Nothing is written but the optional JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"
STYLES = {"magazine": "magazine", "handout": "handout", "3col": str(CORPUS / "three-column.yaml")}

#: Column headings of the table (short names of the finding kinds, in report order).
SHORT = {
    "lone_last_line": "lone", "short_last_line": "short", "number_unit_break": "num",
    "heading_broken_in_word": "head", "hyphenation": "hyph", "loose_line": "loose", "tight_line": "tight",
    "squeezed_lone_mark": "squeeze", "letter_spaced_latin": "lspace", "overfull_line": "over",
    "widow": "widow", "orphan": "orphan", "hole": "hole",
}


def measure(documents: list[Path]) -> dict:
    """Document → style → {"pages": n, kind: count, ...}, and the time it took."""
    from paiban.proof import KINDS, proof_article

    results: dict[str, dict[str, dict[str, int]]] = {}
    started = time.perf_counter()
    for path in documents:
        row = results[path.stem] = {}
        for short, style in STYLES.items():
            report = proof_article(path, style)
            row[short] = {"pages": report.pages, **{k: report.counts()[k] for k in KINDS}}
    return {"documents": results, "seconds": round(time.perf_counter() - started, 1)}


def table(measured: dict) -> str:
    from paiban.proof import KINDS

    heads = ["document", "style", "pages", *(SHORT[k] for k in KINDS)]
    rows = []
    totals: dict[str, dict[str, int]] = {}
    for doc, by_style in measured["documents"].items():
        for style, counts in by_style.items():
            rows.append([doc, style, str(counts["pages"]), *(str(counts[k]) for k in KINDS)])
            total = totals.setdefault(style, dict.fromkeys(["pages", *KINDS], 0))
            for key in total:
                total[key] += counts[key]
    for style, total in totals.items():
        rows.append(["TOTAL", style, str(total["pages"]), *(str(total[k]) for k in KINDS)])
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [line(heads), line(["-" * w for w in widths])]
    for r in rows:
        if r[0] == "TOTAL" and not out[-1].startswith("-") and not out[-1].startswith("TOTAL"):
            out.append(line(["-" * w for w in widths]))
        out.append(line(r))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="OUT", help="also write the numbers as JSON to OUT")
    parser.add_argument("--only", help="comma-separated document number prefixes (e.g. 02,05)")
    args = parser.parse_args(argv)
    documents = sorted(CORPUS.glob("[0-9][0-9]-*.md"))
    if args.only:
        wanted = tuple(args.only.split(","))
        documents = [d for d in documents if d.name.startswith(wanted)]
    measured = measure(documents)
    print(table(measured))
    print(f"\n{len(documents)} documents × {len(STYLES)} styles in {measured['seconds']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(measured, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
