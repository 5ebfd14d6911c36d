"""``strukturjournal extract``: free text to coded fields (and, with a template, a validated entry)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from strukturjournal.cli._common import console
from strukturjournal.text import Extraction, extract, extract_jsonl

__all__ = ["extract_command"]


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fields_table(extraction: Extraction) -> Table:
    table = Table(title="Kodede felt / coded fields", title_justify="left")
    for column in ("concept", "value", "unit", "LOINC", "qualifiers", "text [span]"):
        table.add_column(column)
    for f in extraction.fields:
        qualifiers = ", ".join(f"{k}={v}" for k, v in f.qualifiers.items())
        table.add_row(
            f.concept,
            json.dumps(f.value, ensure_ascii=False) if isinstance(f.value, bool) else str(f.value),
            f.unit or "",
            f.loinc,
            qualifiers,
            Text(f"{f.text!r} [{f.start}:{f.end}]"),
        )
    return table


def extract_command(
    text: Annotated[str, typer.Argument(help="The note; '-' reads it from standard input.")] = "-",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json, or jsonl (JSONL in, JSONL out).")] = Format.table,
    lang: Annotated[str | None, typer.Option("--lang", help="nb, nn or en; detected when left out.")] = None,
) -> None:
    """Turn a note into coded fields: value, UCUM unit, LOINC code and the span in the note.

    With --format jsonl, standard input holds one {"id", "text"} object a line and each
    output line is {"id", "fields": [...]}.
    """
    if fmt is Format.jsonl:
        source = sys.stdin if text == "-" else text.splitlines()
        for record in extract_jsonl(source):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    note = sys.stdin.read() if text == "-" else text
    extraction = extract(note, lang)
    if fmt is Format.json:
        out = extraction.to_dict()
        out["diagnostics"] = [d.to_dict() for d in extraction.diagnostics]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(_fields_table(extraction))
    for d in extraction.diagnostics:
        console.print(Text(str(d), style="yellow"))
