"""From a parsed finding (a lark tree) to coded fields, driven by the tables.

The rules, all generic:

* a tree named after a concept id (or ``<concept>_yes``, ``<concept>_no``,
  ``<concept>_by_unit``) is a field; ``_yes``/``_no`` give a boolean value;
* its value is the ``number`` inside it (a compound such as ``5 feet 1 inch`` is
  summed into the smaller unit), its unit the unit terminal inside it, else a unit
  written beside it in the same reading, else the implied unit of ``concepts.tsv``;
* a tree named ``not_measured...`` and a reading holding a ``void`` qualifier
  (``qualifiers.tsv``) give nothing;
* ``qual`` trees give qualifiers to the fields of the tree they are in;
* ``same_as_previous`` takes the concept of the field found before it.

>>> from strukturjournal.text._grammars import load_grammar_set
>>> from strukturjournal.text._islands import find_islands
>>> g = load_grammar_set()
>>> [island] = find_islands("P 76 reg", g)
>>> [(r.concept.id, r.value, r.unit, r.qualifiers) for r in raw_fields(island, g, Context())]
[('heart_rate', 76, None, {'rhythm': 'regular'})]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Tree

from strukturjournal.text._grammars import GrammarSet
from strukturjournal.text._islands import Island
from strukturjournal.text._tables import Concept, Tables, parse_number

__all__ = ["Context", "RawField", "raw_fields"]

_VOID_PREFIX = "not_measured"
_SAME = "same_as_previous"
_NUMBER_IN = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(slots=True)
class RawField:
    """A field before unit inference: ``unit`` is None where the text gives none."""

    concept: Concept
    value: int | float | bool | str
    unit: str | None
    qualifiers: dict[str, str]
    start: int
    end: int


@dataclass(slots=True)
class Context:
    """What the fields of earlier findings in the same note tell later ones."""

    last_concept: Concept | None = None
    fields: list[RawField] = field(default_factory=list)


def _tokens(tree: Tree | Token) -> list[Token]:
    if isinstance(tree, Token):
        return [tree]
    return [t for child in tree.children for t in _tokens(child)]


_SUFFIXES = ("_yes", "_no", "_by_unit")


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
        if isinstance(child, Tree) and str.__eq__(child.data, "qual"):
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


def raw_fields(island: Island, grammar: GrammarSet, context: Context) -> list[RawField]:
    """The fields of one finding, in text order."""
    out: list[RawField] = []
    _walk(island.tree, {}, island.offset, grammar.tables, context, out)
    # A unit written once in a reading serves its siblings ("140/90 mmHg").
    _share_units(out, grammar.tables)
    for raw in list(out):
        implied = raw.concept.implies
        if implied and not any(o.concept.id == implied[0] for o in out):
            target = grammar.tables.concepts.get(implied[0])
            if target is not None:
                value: int | float | bool | str = implied[1]
                if target.value_type == "boolean":
                    value = implied[1].lower() == "true"
                out.append(RawField(target, value, None, {}, raw.start, raw.end))
    return out


def _walk(
    tree: Tree,
    inherited: dict[str, str],
    offset: int,
    tables: Tables,
    context: Context,
    out: list[RawField],
) -> None:
    name = str(tree.data)
    if name.startswith(_VOID_PREFIX):
        return
    quals, void = _qualifiers(tree, tables)
    if void:
        return
    merged = {**inherited, **quals}
    if name == _SAME:
        if context.last_concept is not None:
            _emit(tree, context.last_concept, "", merged, offset, tables, context, out)
        return
    found = _concept_of(name, tables)
    if found is not None:
        _emit(tree, found[0], found[1], merged, offset, tables, context, out)
        return
    group: list[RawField] = []
    for child in tree.children:
        if isinstance(child, Tree) and not str.__eq__(child.data, "qual"):
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
    device = None
    qualifiers = tables.qualifiers
    for t in tokens:
        entry = qualifiers.get(t.type)
        if entry is not None and entry[0] == "device":
            device = str(t)
            break
    if device:
        quals = {**quals, "device": " ".join(device.split())}
    raw = RawField(concept, value, unit, quals, start, end)
    out.append(raw)
    context.last_concept = concept


_NUMBER_TYPES = frozenset({"NUMBER", "NUMBER_WORD", "MIXED_FRACTION"})


def _quantity(
    tree: Tree, tokens: list[Token], tables: Tables
) -> tuple[int | float | None, str | None]:
    parts: list[tuple[int | float, str | None]] = []
    for child in tree.children:
        if isinstance(child, Tree) and str.__eq__(child.data, "number"):
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
        # A label that holds its number ("35.5C", "5/10").
        head = tokens[0]
        found = _NUMBER_IN.search(str(head))
        if found is None:
            return None, None
        unit = tables.units.get(head.type)
        return parse_number(
            found.group(), tables.number_words
        ), unit.ucum if unit and unit.ucum else None
    if len(parts) == 1:
        return parts[0]
    return _compound(parts, tables)


def _compound(
    parts: list[tuple[int | float, str | None]], tables: Tables
) -> tuple[int | float | None, str | None]:
    """``5 feet 1 inch`` = 61 [in_i]; ``16 pounds 9 ounces`` = 16.5625 [lb_av]."""
    first_unit = parts[0][1]
    major = tables.units_by_ucum.get(first_unit or "")
    if major is None:
        return parts[0]
    resolved = [(v, u or (major.minor if i else first_unit)) for i, (v, u) in enumerate(parts)]
    units = [tables.units_by_ucum.get(u or "") for _, u in resolved]
    if any(u is None or u.base != major.base for u in units):
        return parts[0]
    total = sum(u.to_base(v) for (v, _), u in zip(resolved, units, strict=True) if u is not None)
    # Report in the smaller unit when it is a usual one for heights (inches), else the larger.
    target = units[-1] if units[-1] is not None and units[-1].ucum in ("[in_i]", "cm") else major
    value = (total - target.offset) / target.factor
    return round(value, 4), target.ucum


def _share_units(fields: list[RawField], tables: Tables) -> None:
    for raw in fields:
        if raw.unit is not None or raw.concept.value_type != "quantity":
            continue
        for other in fields:
            if other is raw or other.unit is None:
                continue
            unit = tables.units_by_ucum.get(other.unit)
            if unit is not None and unit.base == raw.concept.unit:
                raw.unit = other.unit
                break
