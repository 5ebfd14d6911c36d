"""The editable tables beside the grammars: concepts, units, qualifiers, number words.

Every table is a TSV file in the grammar folder (``grammars/text`` by default);
lines starting with ``#`` are comments, the first other line is the header.

>>> from strukturjournal._resources import grammars_dir
>>> tables = load_tables(grammars_dir() / "text")
>>> tables.concepts["heart_rate"].loinc
'8867-4'
>>> tables.units["U_MMHG"].ucum
'mm[Hg]'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Concept", "Tables", "Unit", "load_tables", "parse_number"]

_NUMBERS = 10_000  # number texts remembered (then forgotten all at once)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit terminal: its UCUM code and how to bring it to the base unit.

    >>> Unit("U_G", "g", "kg", 0.001, 0.0, "").to_base(1500)
    1.5
    """

    terminal: str
    ucum: str
    base: str
    factor: float
    offset: float
    minor: str

    def to_base(self, value: float) -> float:
        """``value`` expressed in the base unit."""
        return value * self.factor + self.offset


@dataclass(frozen=True, slots=True)
class ImpliedRule:
    """One clause of an ``implied_unit`` cell: ``UNIT if COND and COND``.

    >>> ImpliedRule.parse("[degF] if > 50").applies(98.6, "en")
    True
    """

    unit: str
    conditions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, clause: str) -> ImpliedRule:
        """Read one clause."""
        unit, _, cond = clause.partition(" if ")
        conditions: list[tuple[str, str]] = []
        for part in filter(None, (c.strip() for c in cond.split(" and "))):
            if part in ("int", "point"):
                conditions.append((part, ""))
            elif part.startswith("lang="):
                conditions.append(("lang", part[5:].strip()))
            elif part[:1] in "<>":
                conditions.append((part[0], part[1:].strip()))
            else:
                raise ValueError(f"unknown condition {part!r} in implied unit {clause!r}")
        return cls(unit.strip(), tuple(conditions))

    def applies(self, value: int | float, lang: str, comma: bool = False) -> bool:
        """Whether every condition holds (``comma``: the number was written with a decimal comma)."""
        for kind, arg in self.conditions:
            if kind == "int" and not isinstance(value, int):
                return False
            if kind == "point" and comma:
                return False
            if kind == "lang" and lang != arg:
                return False
            if kind == ">" and not value > float(arg):
                return False
            if kind == "<" and not value < float(arg):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Concept:
    """A row of ``concepts.tsv``.

    >>> c = Concept("t", "", "quantity", "Cel", (ImpliedRule("Cel"), ImpliedRule.parse("[degF] if > 50")))
    >>> c.implied_unit(98.2, "en"), c.implied_unit(37.2, "nb")
    ('[degF]', 'Cel')
    >>> w = Concept("w", "", "quantity", "kg", (ImpliedRule("kg"), ImpliedRule.parse("[lb_av] if lang=en and point")))
    >>> w.implied_unit(64.5, "en"), w.implied_unit(64.5, "en", comma=True)
    ('[lb_av]', 'kg')
    """

    id: str
    loinc: str
    value_type: str
    unit: str
    implied: tuple[ImpliedRule, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    implies: tuple[str, str] | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def implied_unit(self, value: int | float, lang: str, comma: bool = False) -> str:
        """The unit a bare number of this concept has, by the implied-unit rules."""
        if not self.implied:
            return self.unit
        for rule in self.implied[1:]:
            if rule.applies(value, lang, comma):
                return rule.unit
        return self.implied[0].unit


@dataclass(frozen=True, slots=True)
class Tables:
    """All tables of one grammar folder (and the numbers read so far, see :meth:`number`)."""

    concepts: dict[str, Concept]
    units: dict[str, Unit]
    units_by_ucum: dict[str, Unit]
    qualifiers: dict[str, tuple[str, str]]
    number_words: dict[str, float]
    numbers: dict[str, int | float | None] = field(default_factory=dict, compare=False, repr=False)

    def number(self, text: str) -> int | float | None:
        """:func:`parse_number` with these number words, remembered per text.

        >>> Tables({}, {}, {}, {}, {"tre": 3.0}).number("Tre")
        3
        """
        numbers = self.numbers
        try:
            return numbers[text]
        except KeyError:
            if len(numbers) >= _NUMBERS:
                numbers.clear()
            value = numbers[text] = parse_number(text, self.number_words)
            return value


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    reader = csv.DictReader(lines, delimiter="\t")
    return [{k: (v or "").strip() for k, v in row.items() if isinstance(k, str)} for row in reader]


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def load_tables(folder: Path) -> Tables:
    """Read ``concepts.tsv``, ``units.tsv``, ``qualifiers.tsv`` and ``numbers.tsv`` from ``folder``."""
    concepts: dict[str, Concept] = {}
    for row in _rows(folder / "concepts.tsv"):
        implied = tuple(
            ImpliedRule.parse(c) for c in row.get("implied_unit", "").split(";") if c.strip()
        )
        implies = None
        if row.get("implies"):
            name, _, value = row["implies"].partition("=")
            implies = (name.strip(), value.strip())
        labels = {k: v for k, v in row.items() if len(k) == 2 and v}
        concepts[row["concept"]] = Concept(
            row["concept"],
            row.get("loinc", ""),
            row["value_type"],
            row.get("unit", ""),
            implied,
            _float(row.get("min", "")),
            _float(row.get("max", "")),
            implies,
            labels,
        )
    units: dict[str, Unit] = {}
    by_ucum: dict[str, Unit] = {}
    for row in _rows(folder / "units.tsv"):
        unit = Unit(
            row["terminal"],
            row["ucum"],
            row["base"],
            float(row["factor"] or 1),
            float(row["offset"] or 0),
            row["minor"],
        )
        units[unit.terminal] = unit
        if unit.ucum:
            by_ucum.setdefault(unit.ucum, unit)
    qualifiers = {r["terminal"]: (r["key"], r["value"]) for r in _rows(folder / "qualifiers.tsv")}
    words = {r["word"].lower(): float(r["value"]) for r in _rows(folder / "numbers.tsv")}
    return Tables(concepts, units, by_ucum, qualifiers, words)


_MIXED = re.compile(r"(\d+)[-\s](\d+)/(\d+)")
_FIRST_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Thousands separated by a space, a no-break space or a narrow no-break space ("3 450").
_GROUPED = re.compile("\\d{1,3}(?:[ \u00a0\u202f]\\d{3})+")
_GROUP_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")


def parse_number(text: str, words: dict[str, float]) -> int | float | None:
    """A number as written: decimal comma or point, mixed fraction, thousands separated
    by a space (or U+00A0, U+202F), or a number word.

    >>> parse_number("37,9", {}), parse_number("26-1/4", {}), parse_number("120", {})
    (37.9, 26.25, 120)
    >>> parse_number("3 450", {}), parse_number("68\u202f400", {}), parse_number("1\u00a0234\u00a0567", {})
    (3450, 68400, 1234567)
    >>> parse_number("Tre", {"tre": 3.0})
    3
    """
    text = text.strip()
    mixed = _MIXED.fullmatch(text)
    if mixed:
        whole, num, den = (int(g) for g in mixed.groups())
        return whole + num / den
    if _GROUPED.fullmatch(text):
        return int(text.translate(_GROUP_SEPARATORS))
    found = _FIRST_NUMBER.search(text)
    if found:
        digits = found.group().replace(",", ".")
        return float(digits) if "." in digits else int(digits)
    value = words.get(text.lower())
    if value is None:
        return None
    return int(value) if value == int(value) else value
