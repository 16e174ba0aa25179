"""`paiban impose`: put the pages of a PDF on press sheets (saddle-stitched booklet or n-up)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paiban.commands import pdf_output
from paiban.commands.progress import progress_bar
from paiban.errors import ImpositionError

#: Sources longer than this show a progress bar (on a terminal only), from their first page.
PROGRESS_PAGES = 50


def run(args: argparse.Namespace) -> int:
    from paiban.impose.sheets import ImposeOptions, impose, parse_sheet
    from paiban.units import PT_PER_MM

    if args.creep < 0:
        raise ImpositionError(f"--creep: the paper caliper cannot be negative, got {args.creep} mm")
    if args.creep and args.layout != "saddle":
        raise ImpositionError("--creep applies to saddle-stitched booklets only",
                              hint="leave it out with --layout 2up or 4up")
    output = pdf_output(args.output, Path(args.pdf).with_name(Path(args.pdf).stem + "-sheets.pdf"))
    options = ImposeOptions(args.layout, parse_sheet(args.sheet), args.creep * PT_PER_MM, args.marks)
    with progress_bar(delay=0) as report:
        def progress(done: int, total: int) -> None:
            if report is not None and total > PROGRESS_PAGES:
                report("imposing", done, total)

        _, result = impose(args.pdf, output, options, progress)
    for w in result.warnings:
        print(w, file=sys.stderr)
    notes = []
    if result.blanks:
        notes.append(f"{result.blanks} blank page{'s' if result.blanks != 1 else ''} added")
    if result.scale < 1 - 1e-6:
        notes.append(f"pages at {result.scale:.0%}")
    if result.max_shift:
        notes.append(f"creep up to {result.max_shift / PT_PER_MM:.2f} mm")
    extra = f"; {', '.join(notes)}" if notes else ""
    print(f"wrote {output} ({result.pages} pages on {result.sides} sheet sides{extra})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("impose", help="put a PDF's pages on sheets: saddle-stitched booklet or n-up")
    p.add_argument("pdf", help="the PDF to impose (pages are placed by their trim box)")
    p.add_argument("--layout", choices=["saddle", "2up", "4up"], default="saddle",
                   help="saddle: booklet sheets, fronts and backs, to fold and staple (default); "
                        "2up/4up: consecutive pages side by side, for handouts")
    p.add_argument("--sheet", default="A4",
                   help="sheet size: A4, A3, SRA4, SRA3, … or WIDTHxHEIGHT in mm (default A4)")
    p.add_argument("--creep", type=float, default=0.0, metavar="MM",
                   help="paper thickness in mm; inner sheets' pages move towards the spine by this "
                        "much per sheet outside them (80 g paper is about 0.1)")
    p.add_argument("--marks", action="store_true",
                   help="crop marks at each page's corners (and fold marks on saddle sheets)")
    p.add_argument("-o", "--output", help="output PDF (default: NAME-sheets.pdf)")
    p.set_defaults(func=run)
