"""Command line: thin subcommands over the public API (see `paiban.commands`).

User errors are printed as ``file:line:col: error: message`` with a hint, exit status 2; a bug
in paiban is reported as an internal error, exit status 70. No traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import traceback

from paiban.errors import PaibanError

#: Subcommand modules under `paiban.commands`, in the order `--help` lists them.
COMMANDS = ["build", "import_pages", "preview", "watch", "compare", "serve", "styles", "booklet", "impose",
            "preflight"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paiban", description="Typeset Chinese magazine pages.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"paiban.commands.{name}").register(sub)
    return parser


#: Exit status for a bug in paiban itself (BSD sysexits EX_SOFTWARE), told apart from bad input (2).
INTERNAL_ERROR = 70


#: Allocations between the cyclic collector's youngest-generation passes. Composition makes and
#: drops small objects by the hundred thousand, almost none in cycles; at Python's default (700)
#: the collector took about a sixth of a booklet's build time.
GC_YOUNG_THRESHOLD = 10_000


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except PaibanError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so plainly; the traceback is for --debug and bug reports
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "  hint: this is a bug in paiban; run again with --debug and report the traceback",
              file=sys.stderr)
        return INTERNAL_ERROR
