"""Differential tests of the fast paths: the same trees and fields as the plain way.

* ``Driver.tree`` against lark's own interactive parser fed the same tokens;
* field plans (:mod:`strukturjournal.text._plan`) against a walk of the tree
  (``_reference_fields`` below: the tree walk the extractor used before plans).

Every finding of the dev notes, of the mtsamples documents and of a few odd
notes is checked.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from _corpus import MTSAMPLES_TXT, dev_cases
from lark import Token, Tree

from strukturjournal.text._fields import Context, RawField, _compound, _share_units, raw_fields
from strukturjournal.text._grammars import GrammarSet, load_grammar_set
from strukturjournal.text._islands import Island, find_islands
from strukturjournal.text._tables import Concept, Tables, parse_number

pytestmark = pytest.mark.corpus

ODD = [
    "Målt på nytt: 21,8. Ny måling etter 15 min: 5,6 mmol/l",
    "He is 5 feet 1 inch, 16 pounds 9 ounces, 75 inches tall",
    "SpO2 93 % u/O2, 2 l O2 på nesekateter, ACVPU: V, forvirret (C)",
    "BT 146/88 sittende h.arm, 142/86 og 140/84 liggende kl 14:30: puls 88 reg",
    "Temp 38,4 rektalt i går, T 37,9 øre i dag, 35.5C, 96 degrees Fahrenheit",
    "Smerte 5/10 ved bevegelse, NRS 3 av 10, GCS 14 (E4 V4 M6), NEWS2-skår 7",
    "Fødselsvekt: 3 450 g, vekt 68\u202f400 g i dag, BT 16/10 kPa, puls er 88 100 g",
]


def _notes() -> list[str]:
    notes = [record["text"] for _, record in dev_cases()] + ODD
    if MTSAMPLES_TXT.is_dir():
        for path in sorted(MTSAMPLES_TXT.glob("*.txt")):
            notes.append(path.read_text(encoding="utf-8", errors="replace"))
    return notes


def _islands(grammar: GrammarSet) -> list[Island]:
    return [island for note in _notes() for island in find_islands(note, grammar)]


def test_driver_trees_are_lark_trees() -> None:
    grammar = load_grammar_set()
    islands = _islands(grammar)
    assert len(islands) > 1000
    for island in islands:
        interactive = grammar.parser.parse_interactive("", start=island.rule)
        for record in island.fed[: island.count]:
            item = record[1]
            interactive.feed_token(item if isinstance(item, Token) else Token(record[0], *record[1:]))
        assert island.tree == interactive.feed_eof(), island


def test_plans_give_the_fields_of_the_tree_walk() -> None:
    grammar = load_grammar_set()
    checked = 0
    for note in _notes():
        planned, walked = Context(), Context()
        for island in find_islands(note, grammar):
            expected = _reference_fields(island, grammar, walked)
            got = raw_fields(island, grammar, planned)
            assert [_key(r) for r in got] == [_key(r) for r in expected], note
            checked += len(got)
    assert checked > 1000


def _key(raw: RawField) -> tuple[Any, ...]:
    return (
        raw.concept.id,
        type(raw.value).__name__,
        raw.value,
        raw.unit,
        list(raw.qualifiers.items()),
        raw.start,
        raw.end,
    )


# ---- the reference: fields read by walking lark's tree -------------------------------

_NUMBER_IN = re.compile(r"\d+(?:[.,]\d+)?")
_NUMBER_TYPES = frozenset({"NUMBER", "GROUPED_NUMBER", "NUMBER_WORD", "MIXED_FRACTION"})
_SUFFIXES = ("_yes", "_no", "_by_unit")


def _reference_fields(island: Island, grammar: GrammarSet, context: Context) -> list[RawField]:
    tables = grammar.tables
    out: list[RawField] = []
    _walk(island.tree, {}, island.offset, tables, context, out)
    _share_units(out, tables)
    for raw in list(out):
        implied = raw.concept.implies
        if implied and not any(o.concept.id == implied[0] for o in out):
            target = tables.concepts.get(implied[0])
            if target is not None:
                value: int | float | bool | str = implied[1]
                if target.value_type == "boolean":
                    value = implied[1].lower() == "true"
                out.append(RawField(target, value, None, {}, raw.start, raw.end))
    return out


def _tokens(tree: Tree | Token) -> list[Token]:
    if isinstance(tree, Token):
        return [tree]
    return [t for child in tree.children for t in _tokens(child)]


def _concept_of(name: str, tables: Tables) -> tuple[Concept, str] | None:
    if name in tables.concepts:
        return tables.concepts[name], ""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in tables.concepts:
            return tables.concepts[name[: -len(suffix)]], suffix[1:]
    return None


def _qualifiers(tree: Tree, tables: Tables) -> tuple[dict[str, str], bool]:
    quals: dict[str, str] = {}
    void = False
    for child in tree.children:
        tokens: list[Token] = []
        if isinstance(child, Tree) and child.data == "qual":
            tokens = _tokens(child)
        elif isinstance(child, Token):
            tokens = [child]
        for tok in tokens:
            entry = tables.qualifiers.get(tok.type)
            if entry is None:
                continue
            key, value = entry
            if key == "void":
                void = True
            else:
                quals[key] = " ".join(str(tok).split()) if value == "*" else value
    return quals, void


def _walk(
    tree: Tree,
    inherited: dict[str, str],
    offset: int,
    tables: Tables,
    context: Context,
    out: list[RawField],
) -> None:
    name = str(tree.data)
    if name.startswith("not_measured"):
        return
    quals, void = _qualifiers(tree, tables)
    if void:
        return
    merged = {**inherited, **quals}
    if name == "same_as_previous":
        if context.last_concept is not None:
            _emit(tree, context.last_concept, "", merged, offset, tables, context, out)
        return
    found = _concept_of(name, tables)
    if found is not None:
        _emit(tree, found[0], found[1], merged, offset, tables, context, out)
        return
    group: list[RawField] = []
    for child in tree.children:
        if isinstance(child, Tree) and child.data != "qual":
            _walk(child, merged, offset, tables, context, group)
    out.extend(group)


def _emit(
    tree: Tree,
    concept: Concept,
    suffix: str,
    quals: dict[str, str],
    offset: int,
    tables: Tables,
    context: Context,
    out: list[RawField],
) -> None:
    tokens = _tokens(tree)
    if not tokens:
        return
    start = offset + min(t.start_pos or 0 for t in tokens)
    end = offset + max((t.start_pos or 0) + len(t) for t in tokens)
    value: int | float | bool | str | None
    unit: str | None = None
    if concept.value_type == "boolean":
        value = suffix != "no"
    elif concept.value_type == "code":
        value = str(tokens[-1]).strip().upper()
    else:
        value, unit = _quantity(tree, tokens, tables)
    if value is None:
        return
    device = next(
        (str(t) for t in tokens if (tables.qualifiers.get(t.type) or ("",))[0] == "device"), None
    )
    if device:
        quals = {**quals, "device": " ".join(device.split())}
    out.append(RawField(concept, value, unit, quals, start, end))
    context.last_concept = concept


def _quantity(
    tree: Tree, tokens: list[Token], tables: Tables
) -> tuple[int | float | None, str | None]:
    parts: list[tuple[int | float, str | None]] = []
    for child in tree.children:
        if isinstance(child, Tree) and child.data == "number":
            child = _tokens(child)[0]
        if not isinstance(child, Token):
            continue
        if child.type in _NUMBER_TYPES:
            number = parse_number(str(child), tables.number_words)
            if number is None:
                return None, None
            parts.append((number, None))
        elif child.type in tables.units and parts and parts[-1][1] is None:
            parts[-1] = (parts[-1][0], tables.units[child.type].ucum or None)
    if not parts:
        head = tokens[0]
        found = _NUMBER_IN.search(str(head))
        if found is None:
            return None, None
        unit = tables.units.get(head.type)
        return parse_number(found.group(), tables.number_words), unit.ucum if unit and unit.ucum else None
    if len(parts) == 1:
        return parts[0]
    return _compound(parts, tables)
