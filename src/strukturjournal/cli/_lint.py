"""``strukturjournal lint PATH...``: check archetypes; human, JSON, SARIF or GitHub output."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from strukturjournal.checks import filter_diagnostics, lint_paths
from strukturjournal.checks.report import summary, to_github, to_json, to_sarif_json
from strukturjournal.cli._common import console, fail
from strukturjournal.diagnostics import Diagnostic, Severity

__all__ = ["lint"]


class OutputFormat(enum.StrEnum):
    """Output formats of ``lint``.

    >>> OutputFormat("sarif").value
    'sarif'
    """

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class MinSeverity(enum.StrEnum):
    """Severity thresholds of ``lint``.

    >>> MinSeverity("warning").value
    'warning'
    """

    info = "info"
    warning = "warning"
    error = "error"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _print_text(findings: dict[str, list[Diagnostic]]) -> None:
    for path, ds in findings.items():
        if not ds:
            continue
        console.print(f"[bold]{escape(path)}[/]")
        for d in sorted(ds, key=lambda d: (d.span.line or 0) if d.span else 0):
            line = f"{d.span.line}:{d.span.column or 1}" if d.span and d.span.line else "-"
            at = f" [dim]{escape(d.archetype_path)}[/]" if d.archetype_path else ""
            console.print(
                f"  {line:>8}  [{_STYLE[d.severity]}]{d.severity!s:<7}[/] "
                f"[bold]{escape(d.code)}[/] {escape(d.message)}{at}"
            )
    s = summary(findings)
    colour = "red" if s["errors"] else ("yellow" if s["warnings"] else "green")
    console.print(
        f"[{colour}]{s['files']} file(s): {s['errors']} error(s), {s['warnings']} warning(s)[/]"
    )


def lint(
    paths: Annotated[
        list[Path], typer.Argument(help="ADL files or folders (searched recursively).")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json, sarif or github.")
    ] = OutputFormat.text,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="A code to leave out (repeatable).")
    ] = None,
    min_severity: Annotated[
        MinSeverity, typer.Option("--min-severity", help="Leave out findings below this severity.")
    ] = MinSeverity.info,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
) -> None:
    """Check archetypes for openEHR validity rules; exit 1 when there are errors.

    Output: text (grouped by file, with line numbers), json, sarif (SARIF 2.1.0) or github
    (workflow-command annotations). Warnings alone exit 0 unless --strict.
    \f
    >>> from strukturjournal.cli import main
    >>> main(["lint", "no/such/file.adl"])
    2
    """
    missing = [p for p in paths if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    threshold = Severity[min_severity.value.upper()]
    raw = lint_paths(paths)
    findings = {
        f: filter_diagnostics(ds, ignore=ignore or (), min_severity=threshold)
        for f, ds in raw.items()
    }
    if output_format is OutputFormat.json:
        typer.echo(to_json(findings))
    elif output_format is OutputFormat.sarif:
        typer.echo(to_sarif_json(findings))
    elif output_format is OutputFormat.github:
        text = to_github(findings)
        if text:
            typer.echo(text)
    else:
        _print_text(findings)
    s = summary(findings)
    if s["errors"] or (strict and s["warnings"]):
        raise typer.Exit(1)
