"""Turn the stored raw texts in `raw/` into paiban article files beside this script.

Each raw text is a header of `key: value` lines (title, number, issuer, date, url, and an
optional `excerpt` note that SOURCES.md repeats), a blank line, then the body paragraphs one a
line, as published (HTML tags removed; the signature and date lines live in the header). The
conversion is mechanical so that anyone can check it against the sources:

- the front matter takes the title, the document number as kicker, the issuer as author, the
  date as issue, and the publisher (中国政府网, or 新华社 for a wire story);
- a line that is a numbered section head in the source (一、总体要求 — a Chinese numeral, 、 and a
  short phrase without sentence punctuation) becomes a `##` heading;
- every other line is a body paragraph;
- a last paragraph gives the source address, so that every document carries a URL.

Run `python benchmarks/corpus/make_corpus.py` after changing a raw text; `--check` only reports
whether the article files are up to date (exit 1 when one differs).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"

#: 一、总体要求 / 十一、关于… : a numbered section head, not a sentence.
SECTION_HEAD = re.compile(r"^[一二三四五六七八九十]+、[^。；，：？！]{2,30}$")


def parse_raw(text: str) -> tuple[dict[str, str], list[str]]:
    """The header fields and the body paragraphs of one raw text."""
    head, _, body = text.partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"header line without a colon: {line!r}")
        fields[key.strip()] = value.strip()
    for key in ("title", "number", "issuer", "date", "url"):
        if key not in fields:
            raise ValueError(f"header has no {key!r}")
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    return fields, paragraphs


def article_markdown(fields: dict[str, str], paragraphs: list[str]) -> str:
    """The paiban article for one raw text."""
    publication = "新华社" if "xinhua" in fields.get("url", "") or fields["number"].startswith("新华社") \
        else "中国政府网"
    front = {
        "title": fields["title"],
        "kicker": fields["number"],
        "author": fields["issuer"],
        "publication": publication,
        "issue": fields["date"],
        "first_page": 1,
    }
    lines = ["---"]
    for key, value in front.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    for paragraph in paragraphs:
        lines.append("")
        lines.append(f"## {paragraph}" if SECTION_HEAD.match(paragraph) else paragraph)
    lines.append("")
    lines.append(f"原文：{fields['url']}")
    return "\n".join(lines) + "\n"


def outputs() -> dict[Path, str]:
    """Article path → its text, for every raw text."""
    made = {}
    for raw in sorted(RAW.glob("*.txt")):
        fields, paragraphs = parse_raw(raw.read_text(encoding="utf-8"))
        made[HERE / f"{raw.stem}.md"] = article_markdown(fields, paragraphs)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale article files")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check:
        for name in stale:
            print(f"stale: {name}")
        return 1 if stale else 0
    print(f"wrote {len(stale)} article file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
