from paiban.cli import run

run()
