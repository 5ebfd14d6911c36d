"""``strukturjournal extract``: free text to coded fields and, with a template, to a validated
FLAT entry with NEWS2 (the main job)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from strukturjournal.cli._common import console, fail
from strukturjournal.cli._templates import resolve_template
from strukturjournal.diagnostics import Diagnostic, Severity
from strukturjournal.text import Extraction, extract, extract_jsonl, to_entry
from strukturjournal.validate import iter_errors

__all__ = ["extract_command"]


LANGUAGES = ("nb", "nn", "en")


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fields_table(extraction: Extraction) -> Table:
    table = Table(title="Kodede felt / coded fields", title_justify="left")
    for column in ("concept", "value", "unit", "LOINC", "qualifiers", "text [span]"):
        table.add_column(Text(column))
    for f in extraction.fields:
        qualifiers = ", ".join(f"{k}={v}" for k, v in f.qualifiers.items())
        cells = (
            f.concept,
            json.dumps(f.value) if isinstance(f.value, bool) else str(f.value),
            f.unit or "",
            f.loinc,
            qualifiers,
            f"{f.text!r} [{f.start}:{f.end}]",
        )
        table.add_row(*(Text(c) for c in cells))  # plain text: units such as [degF] are no markup
    return table


def _news2_panel(result: Any, lang: str) -> Panel:
    lines = Text()
    for parameter, score in result.sub_scores.items():
        lines.append(f"{parameter:<17} {'–' if score is None else score}\n")
    if result.total is None:
        lines.append(f"total: not computed, missing {', '.join(result.missing)}\n", style="yellow")
        lines.append(f"known sub-scores add up to {result.lower_bound}")
        style = "yellow"
    else:
        lines.append(f"total {result.total}: {result.risk.value} risk\n", style="bold")
        lines.append(result.response(lang))
        style = {"low": "green", "low-medium": "yellow", "medium": "dark_orange", "high": "red"}[result.risk.value]
    return Panel(lines, title="NEWS2", border_style=style, expand=False)


def _print_diagnostics(diagnostics: list[Diagnostic], lang: str) -> None:
    for d in diagnostics:
        style = "red" if d.severity >= Severity.ERROR else "yellow"
        where = f"{d.path}: " if d.path else ""
        console.print(Text(f"{d.severity} {d.code}: {where}{d.message_in(lang)}", style=style))


def extract_command(
    text: Annotated[str, typer.Argument(help="The note; '-' reads it from standard input.")] = "-",
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help="A shipped template's short name (hjemmetjeneste) or a .yml/.oet/.opt file."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json, or jsonl (JSONL in, JSONL out).")] = Format.table,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="nb, nn or en; detected when left out.")] = None,
    archetypes: Annotated[
        list[Path] | None, typer.Option("--archetypes", "-a", help="Extra folders of .adl files for --template.")
    ] = None,
    time: Annotated[str | None, typer.Option("--time", help="Time of the measurements (ISO 8601); now by default.")] = None,
) -> None:
    """Turn a note into coded fields: value, UCUM unit, LOINC code and the span in the note.

    With --template, the fields also become a FLAT composition of that template, which is
    validated; NEWS2 is computed when the template binds it. Exit status 1 when the entry is
    invalid. With --format jsonl, standard input holds one {"id", "text"} object a line and
    each output line is {"id", "fields": [...]}.
    """
    if fmt is Format.jsonl:
        if template is not None:
            fail("--format jsonl gives fields only; leave out --template")
        source = sys.stdin if text == "-" else text.splitlines()
        for record in extract_jsonl(source):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang {lang!r}: use one of {', '.join(LANGUAGES)}")
    note = sys.stdin.read() if text == "-" else text
    extraction = extract(note, lang)
    if template is None:
        if fmt is Format.json:
            out = extraction.to_dict()
            out["diagnostics"] = [d.to_dict() for d in extraction.diagnostics]
            sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        else:
            console.print(_fields_table(extraction))
            _print_diagnostics(extraction.diagnostics, lang or "nb")
        return

    opt = resolve_template(template, archetypes or [])
    entry = to_entry(extraction, opt, time=time)
    problems = [*extraction.diagnostics, *entry.diagnostics, *iter_errors(entry.flat, opt)]
    invalid = any(d.severity >= Severity.ERROR for d in problems)
    language = lang or (opt.languages[0] if opt.languages else "en")
    if fmt is Format.json:
        out = extraction.to_dict()
        out["template"] = opt.template_id
        out["composition"] = entry.flat
        out["valid"] = not invalid
        out["diagnostics"] = [d.to_dict() for d in problems]
        if entry.news2 is not None:
            r = entry.news2
            out["news2"] = {
                "sub_scores": dict(r.sub_scores), "total": r.total,
                "risk": r.risk.value if r.risk else None, "missing": list(r.missing),
                "response": r.response(language) if r.total is not None else None,
            }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(_fields_table(extraction))
        table = Table(title=Text(f"FLAT: {opt.template_id}"), title_justify="left")
        table.add_column("path", overflow="fold")  # wrap long paths instead of cutting them
        table.add_column("value", overflow="fold")
        for key, value in entry.flat.items():
            table.add_row(Text(key), Text(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value))
        console.print(table)
        verdict = "gyldig / valid" if not invalid else "ugyldig / invalid"
        console.print(Text(f"Validering: {verdict}", style="green" if not invalid else "red"))
        _print_diagnostics(problems, language)
        if entry.news2 is not None:
            console.print(_news2_panel(entry.news2, language))
    if invalid:
        raise typer.Exit(1)
