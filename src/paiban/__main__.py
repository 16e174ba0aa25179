"""`python -m paiban`: the command line, ending with a normal interpreter exit (profilers and
coverage write their results then; the installed `paiban` command takes the quick exit)."""

import sys

from paiban.cli import main

sys.exit(main())
