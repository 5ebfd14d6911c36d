"""``strukturjournal show ARCHETYPE``: the node tree of an archetype."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.tree import Tree

from strukturjournal.adl import load_archetype
from strukturjournal.adl.serialize import primitive_to_adl
from strukturjournal.aom import (
    Archetype,
    ArchetypeSlot,
    CCodePhrase,
    CDvOrdinal,
    CDvQuantity,
    CObject,
    CPrimitiveObject,
)
from strukturjournal.cli._common import add_constraint_tree, console, fail

__all__ = ["show"]


def _occ(node: CObject) -> str:
    return node.occurrences.to_adl(bars=False) if node.occurrences is not None else "1..1"


def _label(node: CObject, archetype: Archetype, lang: str) -> str:
    text = archetype.text_of(node, lang)
    parts = [f"[bold]{escape(node.rm_type_name)}[/]"]
    if text:
        parts.append(f"[green]{escape(text)}[/]")
    parts.append(f"[cyan]{_occ(node)}[/]")
    detail = _detail(node, archetype, lang)
    if detail:
        parts.append(escape(detail))
    parts.append(f"[dim]{escape(node.path)}[/]")
    if isinstance(node, ArchetypeSlot):
        allowed = ", ".join(a.pattern or "*" for a in node.includes) or "any"
        parts.append(escape(f"slot → {allowed}"))
    return "  ".join(parts)


def _detail(node: CObject, archetype: Archetype, lang: str) -> str:
    if isinstance(node, CCodePhrase):
        codes = [f"{c} {archetype.text_of(c, lang)}".strip() for c in node.code_list]
        return f"[{node.terminology_id}:: " + " | ".join(codes) + "]"
    if isinstance(node, CDvQuantity):
        return ", ".join(
            item.units + (f" {item.magnitude}" if item.magnitude is not None else "") for item in node.list
        )
    if isinstance(node, CDvOrdinal):
        return " | ".join(f"{o.value}: {archetype.text_of(o.symbol.code_string, lang)}" for o in node.list)
    if isinstance(node, CPrimitiveObject) and node.item is not None:
        return primitive_to_adl(node.item)
    return ""


def show(
    archetype: Annotated[Path, typer.Argument(help="An .adl file.", exists=False)],
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language of the term texts, e.g. nb.")] = None,
) -> None:
    """Print the node tree of ARCHETYPE: path, RM type, occurrences and term text."""
    if not archetype.is_file():
        fail(f"{archetype}: no such file")
    a = load_archetype(archetype)
    language = lang or a.original_language.code_string
    if lang and lang not in a.languages:
        fail(f"{archetype}: no language {lang!r} in this archetype (it has {', '.join(a.languages)})")
    root = Tree(f"[bold]{escape(str(a.archetype_id))}[/]  ({escape(language)})")
    add_constraint_tree(root, a.definition, lambda node: _label(node, a, language))
    console.print(root)
    for d in a.diagnostics:
        console.print(f"[yellow]{escape(str(d))}[/]")
