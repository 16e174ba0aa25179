"""`paiban styles`: list the built-in style sheets."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from paiban.style.loader import list_styles

    for name, description in list_styles():
        print(f"{name:12} {description}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("styles", help="list the built-in styles")
    p.set_defaults(func=run)
