"""`python -m paiban`: the command line, as the installed `paiban` command runs it (the quick exit
of `paiban.cli.run` steps aside for a profiler or tracer, so `python -m cProfile -m paiban …` and
coverage still write their results)."""

from paiban.cli import run

run()
