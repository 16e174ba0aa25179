"""Score ``paiban import`` on the corpus ``make.py`` built, per producer and extraction.

    python benchmarks/import_corpus/score.py [--out DIR] [--json FILE]

For every page text it imports the text as ``paiban import`` does and compares the article with
the one the pages were made from:

- ``chars``: agreement of the body's characters in reading order, 1 − normalised edit distance
  (rapidfuzz's Levenshtein) over headings and paragraphs joined, whitespace removed and
  punctuation folded (extraction makes ， into , — repairing it is not what is measured here);
- ``para F1`` and ``head F1``: paragraphs and headings matched exactly (after the same folding)
  as multisets, F1 of precision and recall;
- ``title`` and ``byline``: the share of documents whose title lines and author are right
  (``kicker`` and ``subtitle`` are shown too).

An import that fails counts 0 on every measure and is listed. The texts in ``texts/held-out``,
added after the importer was tuned and not looked at while tuning it, are scored in a table of
their own.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from documents import Document  # noqa: E402
from extract import EXTRACTIONS  # noqa: E402

DEFAULT_OUT = Path(__file__).with_name("out")


def fold(text: str) -> str:
    """Text as compared: NFKC (full-width marks to ASCII), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def f1(found: list[str], truth: list[str]) -> float:
    if not found and not truth:
        return 1.0
    common = sum((Counter(found) & Counter(truth)).values())
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(truth)
    return 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    chars: float = 0.0
    paragraphs: float = 0.0
    headings: float = 0.0
    title: bool = False
    byline: bool = False
    kicker: bool = False
    subtitle: bool = False
    error: str = ""


def score_one(path: Path, truth: Document) -> Score:
    from rapidfuzz.distance import Levenshtein

    from paiban.errors import PaibanError
    from paiban.importers import import_pages
    from paiban.model.article import Heading, Paragraph

    try:
        result = import_pages([path])
    except PaibanError as exc:
        return Score(error=f"{path.name}: {exc}")
    article = result.article
    blocks = [b for b in article.blocks if isinstance(b, (Heading, Paragraph))]
    body = fold("".join(b.text for b in blocks))
    want = fold("".join(t for _, t in truth.blocks))
    meta = article.meta
    return Score(
        chars=1.0 - Levenshtein.normalized_distance(body, want),
        paragraphs=f1([fold(b.text) for b in blocks if isinstance(b, Paragraph)],
                      [fold(t) for k, t in truth.blocks if k == "p"]),
        headings=f1([fold(b.text) for b in blocks if isinstance(b, Heading)],
                    [fold(t) for k, t in truth.blocks if k == "h"]),
        title=[fold(t) for t in meta.title] == [fold(t) for t in truth.title],
        byline=fold(meta.author or "") == fold(truth.author or ""),
        kicker=fold(meta.kicker or "") == fold(truth.kicker or ""),
        subtitle=fold(meta.subtitle or "") == fold(truth.subtitle or ""),
    )


@dataclass
class Row:
    producer: str
    extraction: str
    scores: list[Score] = field(default_factory=list)
    group: str = "tuning"  # the documents' group (`Document.group`)

    def mean(self, name: str) -> float:
        return sum(float(getattr(s, name)) for s in self.scores) / max(1, len(self.scores))


def score(out: Path) -> list[Row]:
    truths = {p.stem: Document.from_json(p.read_text(encoding="utf-8")) for p in sorted((out / "truth").glob("*.json"))}
    rows = []
    for producer in sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != "truth"):
        for extraction in EXTRACTIONS:
            groups: dict[str, Row] = {}
            for text in sorted((out / producer).glob(f"*/*.{extraction}.txt")):
                truth = truths[text.name.split(".")[0]]
                row = groups.setdefault(truth.group, Row(producer, extraction, group=truth.group))
                row.scores.append(score_one(text, truth))
            rows.extend(groups[g] for g in sorted(groups, key=lambda g: g != "tuning"))
    return rows


COLUMNS = (("chars", "chars"), ("paragraphs", "para F1"), ("headings", "head F1"), ("title", "title"),
           ("byline", "byline"), ("kicker", "kicker"), ("subtitle", "subtitle"))


def table(rows: list[Row]) -> str:
    head = f"{'producer':<11} {'extraction':<10} {'pages':>5} {'failed':>6} " + " ".join(f"{label:>8}" for _, label in COLUMNS)
    lines = [head, "-" * len(head)]
    for row in rows:
        failed = sum(1 for s in row.scores if s.error)
        lines.append(f"{row.producer:<11} {row.extraction:<10} {len(row.scores):>5} {failed:>6} "
                     + " ".join(f"{row.mean(name):>8.3f}" for name, _ in COLUMNS))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--json", type=Path, help="also write the per-page scores here")
    parser.add_argument("--errors", action="store_true", help="list the imports that failed")
    args = parser.parse_args()
    rows = score(args.out)
    print(table([r for r in rows if r.group == "tuning"]))
    held_out = [r for r in rows if r.group != "tuning"]
    if held_out:
        print("\nHeld-out texts (texts/held-out, not looked at while tuning):")
        print(table(held_out))
    if args.errors:
        for row in rows:
            for s in row.scores:
                if s.error:
                    print(f"{row.producer}/{row.extraction}: {s.error}")
    if args.json:
        data = [{"producer": r.producer, "extraction": r.extraction, "group": r.group,
                 "scores": [vars(s) for s in r.scores]} for r in rows]
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
