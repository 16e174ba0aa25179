"""Imported by the fork server of parallel builds: reads every bundled font's metrics once, so
each worker forked from the server starts with them in memory instead of loading them again."""

from paiban.errors import PaibanError
from paiban.text.fonts import font_table


def _warm() -> None:
    table = font_table()
    for family, weights in table.families.items():
        for weight in weights:
            try:
                table.metrics(family, weight)
            except PaibanError:
                pass  # a broken font is reported by the worker that needs it, with its context


_warm()
