"""Build the page-import corpus: real texts typeset by four producers, extracted three ways.

    python benchmarks/import_corpus/make.py [--out DIR] [--docs N] [--keys 13-old-trees,...]
                                            [--producers typst,paiban] [--layouts a4-2col]

For every document (``documents.py``), layout (A4 two columns, 16开 three columns) and installed
producer (``producers.py``) it writes ``DIR/<producer>/<layout>/<doc>.pdf`` and the page text of
each extraction (``extract.py``) beside it, plus ``DIR/truth/<doc>.json``, the article the pages
were made from. Producers that are not installed are skipped with the reason printed (and kept
in ``DIR/skipped.txt``). ``score.py`` imports the texts and compares them with the truth.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from documents import documents  # noqa: E402
from extract import EXTRACTIONS, extract, missing  # noqa: E402
from producers import LAYOUTS, PRODUCERS  # noqa: E402

DEFAULT_OUT = Path(__file__).with_name("out")


def make(out: Path, docs: int | None = None, producers: list[str] | None = None,
         layouts: list[str] | None = None, quiet: bool = False, keys: list[str] | None = None) -> list[str]:
    """Build the corpus into `out` (the first `docs` documents, or those named by `keys`);
    returns the skipped producers and extractions with their reasons."""
    (out / "truth").mkdir(parents=True, exist_ok=True)
    chosen = [d for d in documents(docs) if not keys or d.key in keys]
    for doc in chosen:
        (out / "truth" / f"{doc.key}.json").write_text(doc.to_json(), encoding="utf-8")
    skipped = [f"{kind}: {missing(kind)}" for kind in EXTRACTIONS if missing(kind)]
    kinds = [kind for kind in EXTRACTIONS if not missing(kind)]
    for producer in PRODUCERS:
        if producers and producer.name not in producers:
            continue
        why = producer.missing()
        if why:
            skipped.append(f"{producer.name}: {why}")
            continue
        started = time.perf_counter()
        for layout in LAYOUTS:
            if layouts and layout.name not in layouts:
                continue
            folder = out / producer.name / layout.name
            folder.mkdir(parents=True, exist_ok=True)
            for doc in chosen:
                pdf = producer.build(doc, layout, folder / f"{doc.key}.pdf")
                for kind in kinds:
                    text = extract(pdf, kind, doc.publication, doc.issue, doc.folio)
                    (folder / f"{doc.key}.{kind}.txt").write_text(text, encoding="utf-8")
        if not quiet:
            print(f"{producer.name}: {len(chosen)} documents in {time.perf_counter() - started:.1f} s")
    (out / "skipped.txt").write_text("".join(s + "\n" for s in skipped), encoding="utf-8")
    for line in skipped:
        print(f"skipped {line}")
    return skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents")
    parser.add_argument("--producers", default="", help="comma-separated producer names")
    parser.add_argument("--layouts", default="", help="comma-separated layout names")
    parser.add_argument("--keys", default="", help="comma-separated document keys (e.g. 13-old-trees)")
    args = parser.parse_args()
    make(args.out, args.docs, [p for p in args.producers.split(",") if p] or None,
         [p for p in args.layouts.split(",") if p] or None, keys=[k for k in args.keys.split(",") if k] or None)


if __name__ == "__main__":
    main()
