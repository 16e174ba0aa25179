"""Command line: thin subcommands over the public API (see `paiban.commands`).

User errors are printed as ``file:line:col: error: message`` with a hint, exit status 2; a bug
in paiban is reported as an internal error, exit status 70. No traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
import threading
import traceback
from typing import NoReturn

from paiban.errors import PaibanError
from paiban.termination import exit_on_sigterm

#: Subcommand → its module under `paiban.commands`, in the order `--help` lists them.
COMMANDS = {"build": "build", "import": "import_pages", "preview": "preview", "watch": "watch", "compare": "compare",
            "serve": "serve", "styles": "styles", "booklet": "booklet", "impose": "impose",
            "preflight": "preflight", "proof": "proof"}


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line `argv`. When it names a subcommand, only that one is
    registered: the other commands' modules (and what they import) are not loaded for it.
    Otherwise (`--help`, a misspelt command) all are, so the help and the error list them."""
    from paiban import __version__

    parser = argparse.ArgumentParser(prog="paiban", description="Typeset Chinese magazine pages.")
    parser.add_argument("--version", action="version", version=f"paiban {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", required=True)
    named = _named_command(sys.argv[1:] if argv is None else argv)
    for name in [named] if named else COMMANDS:
        importlib.import_module(f"paiban.commands.{COMMANDS[name]}").register(sub)
    for command in sub.choices.values():  # `paiban build x.md --debug` as well as `paiban --debug build`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show tracebacks of errors")
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The subcommand `argv` runs: its first word that is not an option (the options before a
    subcommand take no value), when that is a command's name and no help is asked before it."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first not in COMMANDS:
        return None
    before = argv[:argv.index(first)]
    return None if {"--", "-h", "--help"} & set(before) else first


#: Exit status for a bug in paiban itself (BSD sysexits EX_SOFTWARE), told apart from bad input (2).
INTERNAL_ERROR = 70


def main(argv: list[str] | None = None) -> int:
    args = _parser(argv).parse_args(argv)
    try:
        with exit_on_sigterm():  # SIGTERM unwinds: workers ended, temporary files removed (exit 143)
            return args.func(args)
    except PaibanError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # whoever read the output went away (`paiban … | head`): not a bug
        _silence_stdout()
        return 1
    except Exception as exc:  # a bug: say so plainly; the traceback is for --debug and bug reports
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "  hint: this is a bug in paiban; run again with --debug and report the traceback",
              file=sys.stderr)
        return INTERNAL_ERROR


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout to replace (a library caller's stream)
        pass


def run() -> None:
    """The `paiban` command (and `python -m paiban`): `main`, then an exit that skips tearing the
    interpreter down, except under a profiler or tracer (see `_exit_now`)."""
    _exit_now(main())


def _exit_now(code: int) -> NoReturn:
    """End the process without freeing its objects one by one.

    A build leaves about a million small objects behind; freeing them and unloading every module
    took 30–40 ms at exit, a tenth of a booklet build, for a process that is ending anyway. The
    output is flushed and the exit handlers run (worker processes, temporary folders) exactly as
    at a normal exit, through CPython's own step for it. The normal exit is taken where that step
    is missing, another thread is still running, or a profiler or tracer is attached (it writes
    its results as the interpreter ends).
    """
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if (run_exit_handlers is None or threading.active_count() > 1 or sys.getprofile() is not None
            or sys.gettrace() is not None):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # a closed pipe: the normal exit reports it as Python always does
        raise SystemExit(code)
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
