"""From a parsed finding to coded fields, by its plan (see :mod:`._plan` for the rules).

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

from lark import Token

from strukturjournal.text._grammars import GrammarSet
from strukturjournal.text._islands import Island
from strukturjournal.text._lalr import Record
from strukturjournal.text._plan import Step
from strukturjournal.text._tables import Concept, Tables

__all__ = ["Context", "RawField", "raw_fields"]

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


def raw_fields(island: Island, grammar: GrammarSet, context: Context) -> list[RawField]:
    """The fields of one finding, in text order."""
    out: list[RawField] = []
    tables = grammar.tables
    for step in island.plan:
        concept = step.concept if step.concept is not None else context.last_concept
        if concept is not None:
            raw = _field(step, concept, island.fed, island.offset, tables)
            if raw is not None:
                out.append(raw)
                context.last_concept = concept
    # A unit written once in a reading serves its siblings ("140/90 mmHg").
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


def _text(record: Record) -> str:
    return str(record[1])


def _position(record: Record) -> int:
    item = record[1]
    return (item.start_pos or 0) if isinstance(item, Token) else record[2]


def _field(
    step: Step, concept: Concept, fed: list[Record], offset: int, tables: Tables
) -> RawField | None:
    first, last = fed[step.first], fed[step.last]
    start = offset + _position(first)
    end = offset + _position(last) + len(last[1])
    value: int | float | bool | str | None
    unit: str | None = None
    if concept.value_type == "boolean":
        value = step.suffix != "no"
    elif concept.value_type == "code":
        value = _text(last).strip().upper()
    else:
        value, unit = _quantity(step, fed, tables)
    if value is None:
        return None
    quals = {
        key: word if token < 0 else " ".join(_text(fed[token]).split())
        for key, word, token in step.qualifiers
    }
    if step.device >= 0:
        device = _text(fed[step.device])
        if device:
            quals = {**quals, "device": " ".join(device.split())}
    return RawField(concept, value, unit, quals, start, end)


def _quantity(
    step: Step, fed: list[Record], tables: Tables
) -> tuple[int | float | None, str | None]:
    number_of = tables.number
    if not step.numbers:
        # A label that holds its number ("35.5C", "5/10").
        found = _NUMBER_IN.search(_text(fed[step.first]))
        if found is None:
            return None, None
        return number_of(found.group()), step.head_unit
    parts: list[tuple[int | float, str | None]] = []
    for token, unit in step.numbers:
        number = number_of(_text(fed[token]))
        if number is None:
            return None, None
        parts.append((number, unit))
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
