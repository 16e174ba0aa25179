"""Imported by the fork server of parallel builds, and by nothing else: loads every bundled
font's metrics once, so each worker forked from the server starts with them in memory."""

from paiban.booklet.warm import warm_all_fonts

warm_all_fonts()
