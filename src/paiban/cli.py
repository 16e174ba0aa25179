"""Command line: thin subcommands over the public API (see `paiban.commands`).

User errors are printed as ``file:line:col: error: message`` with a hint, exit status 2; no
traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
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
    except Exception as exc:  # a bug in paiban, not in the input: say so plainly
        if args.debug:
            traceback.print_exc()
        else:
            print(f"internal error: {type(exc).__name__}: {exc}\n  hint: this is a bug in paiban; "
                  "run again with --debug for the traceback and report it", file=sys.stderr)
        return 70
