"""`paiban proof`: what a proofreader would mark on an article's pages, as a table or JSON.

The report is information, so the exit status is 0 whatever it finds; bad input is 2, as for
every command.
"""

from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    from paiban.proof import format_report, proof_article

    report = proof_article(args.article, args.style)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


def register(sub) -> None:
    p = sub.add_parser("proof", help="list what a proofreader would mark (lone last lines, breaks, spacing)",
                       description="Lay out an article and list what a proofreader would mark: 孤字 "
                                   "(one character on a paragraph's last line), numbers cut from their "
                                   "units, headings broken inside a word, loose, tight and overfull "
                                   "lines, squeezed marks, letter-spaced Latin, widows, orphans and "
                                   "holes. Exit status 0 (the report is information), 2 for bad input.")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("--json", action="store_true", help="write the report as JSON (counts and findings)")
    p.set_defaults(func=run)
