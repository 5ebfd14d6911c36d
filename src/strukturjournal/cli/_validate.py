"""``strukturjournal validate TEMPLATE ENTRY``: check a composition against its template.

Exit status: 0 valid, 1 invalid, 2 when the template or the entry cannot be read.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from strukturjournal.cli._common import console, fail
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.template import load_opt
from strukturjournal.validate import EntryValidator, Limits, entry_format, load_entry

__all__ = ["validate"]


class OutputFormat(enum.StrEnum):
    """How diagnostics are printed."""

    human = "human"
    json = "json"


class Language(enum.StrEnum):
    """Language of the messages."""

    nb = "nb"
    en = "en"


_WORDS = {
    "nb": ("gyldig", "ugyldig", "problem", "problemer", "mal"),
    "en": ("valid", "invalid", "problem", "problems", "template"),
}


def _human(diagnostics: list[Diagnostic], entry: Path, template_id: str, lang: str) -> None:
    ok, bad, one, many, tpl = _WORDS[lang]
    for d in diagnostics:
        line = Text(str(d.severity) + " ", style="bold red") + Text(d.code, style="bold") + Text(f"  {d.path or '/'}")
        console.print(line)
        console.print(Text("    " + d.message_in(lang)))
        if d.archetype_path:
            console.print(Text(f"    {d.archetype_path}", style="dim"))
    if diagnostics:
        count = f"{len(diagnostics)} {one if len(diagnostics) == 1 else many}"
        console.print(Text(f"{entry}: {bad} ({count}; {tpl} {template_id})", style="bold red"))
    else:
        console.print(Text(f"{entry}: {ok} ({tpl} {template_id})", style="bold green"))


def validate(
    template: Annotated[Path, typer.Argument(help="The operational template, an OPT 1.4 .opt file.")],
    entry: Annotated[Path, typer.Argument(help="The composition: canonical JSON, FLAT or STRUCTURED JSON.")],
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="human or json.")] = OutputFormat.human,
    lang: Annotated[Language, typer.Option("--lang", "-l", help="Language of the messages: nb or en.")] = Language.nb,
    names: Annotated[bool, typer.Option("--names", help="Also check node names against the names the template fixes.")] = False,
) -> None:
    """Check ENTRY (a composition: canonical JSON, FLAT or STRUCTURED) against TEMPLATE (an OPT file).

    Lists each problem with its code, the data path, the message and the template path.
    Exit status 0 when valid, 1 when invalid, 2 when a file cannot be read.
    """
    for path in (template, entry):
        if not path.is_file():
            fail(f"{path}: no such file")
    limits = Limits()
    if entry.stat().st_size > limits.max_text:
        fail(f"{entry}: larger than {limits.max_text} bytes")
    opt = load_opt(template)
    data, problem = load_entry(entry.read_text("utf-8"), limits)
    if problem is not None:
        fail(f"{entry}: {problem.message_in(lang.value)}")
    if entry_format(data) is None:
        fail(f"{entry}: not a composition (canonical JSON, FLAT or STRUCTURED)")
    diagnostics = list(EntryValidator(opt, limits=limits, names=names).iter_errors(data))
    if output is OutputFormat.json:
        out = {
            "entry": str(entry),
            "template_id": opt.template_id,
            "format": entry_format(data),
            "valid": not diagnostics,
            "diagnostics": [d.to_dict() for d in diagnostics],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        _human(diagnostics, entry, opt.template_id, lang.value)
    if diagnostics:
        raise typer.Exit(1)
