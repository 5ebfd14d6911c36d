"""Shared CLI plumbing: consoles, turning library errors into clear messages and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from strukturjournal.aom import CAttribute, CComplexObject, CObject
from strukturjournal.errors import SourceSyntaxError, StrukturjournalError

__all__ = ["add_constraint_tree", "console", "console_err", "fail", "run_safely"]

# Piped output is not cropped to 80 columns: trees and tables keep their paths whole.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """Print ``message`` to stderr and exit with ``code`` (no traceback)."""
    console_err.print(Text("error: ", style="bold red") + Text(message))
    raise typer.Exit(code)


def run_safely(app: typer.Typer, argv: list[str], err: Console) -> int:
    """Run ``app``; library errors and OS errors become one clear line and exit status 2."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="strukturjournal", standalone_mode=True)
    except SystemExit as exc:  # click's own handling of usage errors, --help and typer.Exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except SourceSyntaxError as exc:
        err.print(Text("syntax error ", style="bold red") + Text(str(exc)))
        return 2
    except StrukturjournalError as exc:
        err.print(Text("error: ", style="bold red") + Text(str(exc)))
        return 2
    except (OSError, UnicodeError) as exc:
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        err.print(Text("error: ", style="bold red") + Text(f"{where}{getattr(exc, 'strerror', None) or exc}"))
        return 2
    return 0


def existing_path(value: Any) -> Path:
    """A path that must exist (typer callback)."""
    path = Path(value)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")
    return path


def add_constraint_tree(
    tree: Tree,
    root: CObject,
    label: Callable[[CObject], str],
    skip: Callable[[CAttribute], bool] = lambda attr: False,
) -> None:
    """Add a constraint tree under ``tree``: objects labelled by ``label``, attributes in magenta.

    Iterative, so a deep tree cannot exhaust the recursion limit.
    """
    stack: list[tuple[Tree, CObject | CAttribute]] = [(tree, root)]
    while stack:
        parent, item = stack.pop()
        if isinstance(item, CAttribute):
            if skip(item):
                continue
            branch = parent.add(f"[magenta]{escape(item.rm_attribute_name)}[/]")
            stack.extend((branch, c) for c in reversed(item.children))
        elif isinstance(item, CComplexObject):
            branch = parent.add(label(item))
            stack.extend((branch, a) for a in reversed(item.attributes))
        else:
            parent.add(label(item))
