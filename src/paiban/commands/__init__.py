"""CLI subcommands, one module each; every module has `register(subparsers)`.

A module's `register` adds its parser and sets `func` to a handler taking the parsed arguments
and returning the exit status. Keeping each command in its own module keeps `cli.py` a list.
"""

from pathlib import Path


def pdf_output(given: str | None, default: Path) -> Path:
    """The PDF a command writes: `-o` when given, else `default`. Any other extension is refused
    rather than a PDF written under a name that says otherwise (`-o page.png`)."""
    from paiban.errors import OutputError, Span, display_path
    from paiban.files import check_output

    output = Path(given) if given else default
    check_output(output)  # a folder, device or FIFO is the first thing to say
    if output.suffix.lower() != ".pdf":
        shown = display_path(output)
        raise OutputError(f"the output {shown} does not end in .pdf, but this command writes a PDF",
                          Span(shown), hint="name it NAME.pdf; for PNG pages use `paiban preview ARTICLE.md -o DIR`")
    return output
