"""The ``strukturjournal`` command line (typer + rich). Thin: every command calls the library.

Bad input never shows a traceback: library errors are printed with where and what, and the
command exits with status 2 (usage or input error) or 1 (the input was checked and is invalid).
"""

from __future__ import annotations

import sys

import typer

from strukturjournal.cli._common import console_err, run_safely
from strukturjournal.cli._extract import extract_command
from strukturjournal.cli._lint import lint
from strukturjournal.cli._show import show
from strukturjournal.cli._template import template_app
from strukturjournal.cli._validate import validate

app = typer.Typer(
    name="strukturjournal",
    help="Structured clinical documentation on openEHR: archetypes, templates, entries, free text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """strukturjournal: archetypes, templates, entries and free text on openEHR."""


app.command("show")(show)
app.command("lint")(lint)
app.command("extract")(extract_command)
app.command("validate")(validate)
app.add_typer(template_app, name="template")

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status instead of raising ``SystemExit``.

    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     code = main(["--help"])
    >>> code, "show" in out.getvalue()
    (0, True)
    """
    return run_safely(app, argv if argv is not None else sys.argv[1:], console_err)
