"""CLI subcommands, one module each; every module has `register(subparsers)`.

A module's `register` adds its parser and sets `func` to a handler taking the parsed arguments
and returning the exit status. Keeping each command in its own module keeps `cli.py` a list.
"""
