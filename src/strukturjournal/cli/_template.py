"""``strukturjournal template build|show|export``: YAML and OET templates to operational templates.

Archetypes come from ``--archetypes DIR`` (repeatable; default: the archetypes shipped with the
library). Template errors print ``file:line:column: error CODE: message``, one per line, and
exit with status 1; no traceback.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape
from rich.tree import Tree

from strukturjournal._resources import archetypes_dir
from strukturjournal.aom import CArchetypeRoot, CObject
from strukturjournal.cli._common import add_constraint_tree, console, console_err, fail
from strukturjournal.cli._templates import shipped_templates
from strukturjournal.errors import TemplateError
from strukturjournal.export import to_json_schema, to_svg, to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, load_opt, to_opt
from strukturjournal.template.oet import compile_oet
from strukturjournal.template.yaml_build import build_template

__all__ = ["template_app"]

template_app = typer.Typer(
    help="Build, show and export templates (.yml, .oet, .opt).",
    no_args_is_help=True,
    add_completion=False,
)

ArchetypeDirs = Annotated[
    list[Path] | None,
    typer.Option("--archetypes", "-a", help="Folder of .adl archetypes (repeatable)."),
]


class Format(StrEnum):
    """Export formats."""

    opt = "opt"
    web_template = "web-template"
    json_schema = "json-schema"
    svg = "svg"


def _fail(message: str) -> NoReturn:
    fail(message)
    raise typer.Exit(2)  # fail() has exited already; this tells the type checker


def _repository(dirs: list[Path] | None) -> ArchetypeRepository:
    repo = ArchetypeRepository()
    for folder in dirs or [archetypes_dir()]:
        if not folder.is_dir():
            _fail(f"{folder}: no such folder")
        for archetype in ArchetypeRepository.from_directory(folder):
            repo.add(archetype)
    return repo


def _load(path: Path, dirs: list[Path] | None) -> OperationalTemplate:
    shipped = shipped_templates()
    if not path.is_file() and str(path) in shipped:
        path = shipped[str(path)]
    if not path.is_file():
        _fail(f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".yml", ".yaml"):
            template = build_template(path, _repository(dirs))
        elif suffix == ".oet":
            template = compile_oet(path, _repository(dirs))
        elif suffix in (".opt", ".xml"):
            template = load_opt(path)
        else:
            _fail(f"{path}: not a template (.yml, .yaml, .oet or .opt)")
    except TemplateError as exc:
        for d in exc.diagnostics:
            console_err.print(escape(str(d)), style="red" if d.severity >= 30 else "yellow")
        raise typer.Exit(1) from None
    for d in template.diagnostics:
        console_err.print(escape(str(d)), style="yellow")
    return template


def _write(text: str, output: Path | None) -> None:
    if output is None:
        console.out(text, end="", highlight=False)
    else:
        output.write_text(text, "utf-8")
        console_err.print(f"wrote {escape(str(output))}")


@template_app.command("build")
def build(
    template: Annotated[Path, typer.Argument(help="A .yml or .oet template, or a shipped template's short name.")],
    archetypes: ArchetypeDirs = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The .opt file to write.")] = None,
) -> None:
    """Build TEMPLATE into an operational template (OPT 1.4 XML)."""
    _write(to_opt(_load(template, archetypes)), output)


@template_app.command("export")
def export(
    template: Annotated[Path, typer.Argument(help="A .yml, .oet or .opt template, or a shipped template's short name.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="opt, web-template, json-schema (of the FLAT form) or svg (the tree).")
    ] = Format.opt,
    archetypes: ArchetypeDirs = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of the web template or picture.")] = None,
) -> None:
    """Export TEMPLATE as OPT XML, web template JSON, JSON Schema of its FLAT form, or an SVG picture of its tree."""
    t = _load(template, archetypes)
    if format is Format.opt:
        _write(to_opt(t), output)
        return
    if lang is not None and lang not in t.languages:
        fail(f"{template}: no language {lang!r} in this template (it has {', '.join(t.languages)})")
    if format is Format.svg:
        _write(to_svg(t, lang or t.default_language) + "\n", output)
    elif format is Format.json_schema:
        _write(json.dumps(to_json_schema(t), ensure_ascii=False, indent=2) + "\n", output)
    else:
        _write(json.dumps(to_web_template(t, lang=lang), ensure_ascii=False, indent=2) + "\n", output)


def _occ(node: CObject) -> str:
    return node.occurrences.to_adl(bars=False) if node.occurrences is not None else "1..1"


def _label(t: OperationalTemplate, node: CObject, lang: str) -> str:
    parts = [f"[bold]{escape(node.rm_type_name)}[/]"]
    # the fixed name is in the template language; in another language the label (term) names it
    name = t.name_of(node, lang) if lang == t.default_language else t.text_of(node, lang) or t.name_of(node, lang)
    if name:
        parts.append(f"[green]{escape(name)}[/]")
    parts.append(f"[cyan]{_occ(node)}[/]")
    if isinstance(node, CArchetypeRoot):
        parts.append(escape(node.archetype_id))
    parts.append(f"[dim]{escape(node.path)}[/]")
    return "  ".join(parts)


@template_app.command("show")
def show(
    template: Annotated[Path, typer.Argument(help="A .yml, .oet or .opt template, or a shipped template's short name.")],
    archetypes: ArchetypeDirs = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of names, e.g. nb.")] = None,
) -> None:
    """Print the tree of TEMPLATE: name, RM type, occurrences and AQL path of every node."""
    t = _load(template, archetypes)
    language = lang or t.default_language
    if lang and lang not in t.languages:
        fail(f"{template}: no language {lang!r} in this template (it has {', '.join(t.languages)})")
    tree = Tree(f"[bold]{escape(t.template_id)}[/]  ({escape(language)})")
    add_constraint_tree(
        tree,
        t.definition,
        lambda node: _label(t, node, language),
        skip=lambda attr: attr.rm_attribute_name == "name" and bool(attr.children),  # shown on its node
    )
    console.print(tree)
