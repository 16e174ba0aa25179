"""`paiban preflight`: check any PDF for print, print a table, exit 1 when a check fails."""

from __future__ import annotations

import argparse

from paiban.errors import PreflightError
from paiban.units import parse_length


def _length(option: str, text: str) -> float:
    try:
        value = parse_length(text)
    except ValueError as exc:
        raise PreflightError(f"{option}: {exc}") from None
    if value < 0:
        raise PreflightError(f"{option}: cannot be negative, got {text}")
    return value


def _percent(text: str) -> int:
    """An ink limit: a whole percentage from 100 (one ink) to 400 (all four)."""
    try:
        value = int(text.rstrip("%"))
    except ValueError:
        raise PreflightError(f"--ink-limit: expected a whole percentage such as 300, got {text!r}") from None
    if not 100 <= value <= 400:
        raise PreflightError(f"--ink-limit: must be between 100 and 400, got {value}")
    return value


def options_from(args: argparse.Namespace):
    """Preflight thresholds from the command line (lengths take units: 3mm, 5pt)."""
    from paiban.preflight import PreflightOptions

    return PreflightOptions(
        safe_margin=_length("--safe-margin", args.safe_margin),
        min_bleed=_length("--min-bleed", args.min_bleed),
        min_text_size=_length("--min-size", args.min_size),
        min_image_ppi=float(args.min_ppi),
        allow_rgb=args.allow_rgb,
        ink_limit=_percent(args.ink_limit),
        rich_black_min=_length("--rich-black-min", args.rich_black_min) if args.rich_black_min else None,
    )


def run(args: argparse.Namespace) -> int:
    from paiban.preflight import format_report, preflight

    report = preflight(args.pdf, options_from(args))
    print(format_report(report))
    return 0 if report.passed else 1


def register(sub) -> None:
    p = sub.add_parser("preflight", help="check a PDF for print (fonts, boxes, colour, text, images)",
                       description="Check a PDF for print and print a table of the checks. Exit "
                                   "status: 0 passed (perhaps with warnings), 1 a check failed, "
                                   "2 the file cannot be read.")
    p.add_argument("pdf", help="the PDF to check (any PDF, not only paiban's)")
    p.add_argument("--safe-margin", default="3mm", metavar="LENGTH",
                   help="text closer than this to the trim edge fails (default 3mm; 0 turns it off)")
    p.add_argument("--min-bleed", default="3mm", metavar="LENGTH",
                   help="warn when the bleed is narrower (default 3mm)")
    p.add_argument("--min-size", default="5pt", metavar="SIZE",
                   help="text smaller than this fails (default 5pt, 八号)")
    p.add_argument("--min-ppi", default=300, type=float, metavar="PPI",
                   help="images below this resolution at their placed size fail (default 300)")
    p.add_argument("--ink-limit", default="300", metavar="PERCENT",
                   help="total ink (C+M+Y+K) above this fails, in colours and images (default 300, "
                        "coated stock; 260-280 for uncoated)")
    p.add_argument("--rich-black-min", default=None, metavar="SIZE",
                   help="text this large or larger may be rich black (display type); smaller black "
                        "text must be K only (default: all black text)")
    p.add_argument("--allow-rgb", action="store_true",
                   help="report RGB as a warning, for PDFs meant for screens")
    p.set_defaults(func=run)
