"""Field plans: the walk from a finding's tree to its fields, worked out once per tree shape.

lark builds the tree of a finding from the types of its tokens alone (the LALR
table and lark's tree callbacks look at nothing else), and the rules of
:mod:`._fields` read from the tree only rule names and token types, except for
the words and numbers they copy out of tokens. So the walk is done once per
sequence of token types, on the tree lark gives for it, and remembered as a
*plan*: per field, its concept, its qualifiers, and which tokens hold its
value, unit, device and extent. A finding is then turned into fields by
reading those tokens, without building its tree. The rules, all generic:

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
>>> g = load_grammar_set()
>>> scan = g.driver.scan("P 76 reg", "start", g.stops, frozenset(), frozenset(), "_LABEL")
>>> [step] = g.planner.plan("start", scan.fed, 3)
>>> step.concept.id, step.qualifiers, step.first, step.last, step.numbers
('heart_rate', (('rhythm', 'regular', -1),), 1, 1, ((1, None),))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lark import Token, Tree

from strukturjournal.text._lalr import Driver, Record
from strukturjournal.text._tables import Concept, Tables

__all__ = ["Plan", "Planner", "Step", "compile_plan"]

VOID_PREFIX = "not_measured"
SAME = "same_as_previous"
_SUFFIXES = ("_yes", "_no", "_by_unit")
_NUMBER_TYPES = frozenset({"NUMBER", "GROUPED_NUMBER", "NUMBER_WORD", "MIXED_FRACTION"})
_UNSEEN: Any = object()
_PLANS = 20_000  # remembered token-type sequences (then forgotten all at once)


@dataclass(frozen=True, slots=True)
class Step:
    """One field of a plan; token positions are indices into the finding's tokens.

    ``concept`` is None for ``same_as_previous``; ``qualifiers`` are (key, value,
    token) with the token's words taken where ``token >= 0``; ``first``/``last``
    the field's first and last token; ``numbers`` its (number token, UCUM unit)
    parts, empty when the value is read from token ``first`` (``head_unit``);
    ``device`` the token naming an oxygen device (-1: none).
    """

    concept: Concept | None
    suffix: str
    qualifiers: tuple[tuple[str, str, int], ...]
    first: int
    last: int
    numbers: tuple[tuple[int, str | None], ...]
    head_unit: str | None
    device: int


Plan = tuple[Step, ...]


class Planner:
    """The plans of one grammar set, by start rule and token types."""

    def __init__(self, driver: Driver, tables: Tables) -> None:
        self.driver = driver
        self.tables = tables
        self._plans: dict[tuple[str, tuple[str, ...]], Plan | None] = {}

    def plan(self, rule: str, fed: list[Record], count: int) -> Plan | None:
        """The plan for the first ``count`` tokens of ``fed`` parsed from ``rule`` and
        ended there; None when lark's parser refuses them or gives no tree.

        >>> from strukturjournal.text._grammars import load_grammar_set
        >>> g = load_grammar_set()
        >>> scan = g.driver.scan("BT 120/80", "start", g.stops, frozenset(), frozenset(), "_LABEL")
        >>> [step.concept.id for step in g.planner.plan("start", scan.fed, 4)]
        ['systolic_bp', 'diastolic_bp']
        >>> g.planner.plan("start", scan.fed, 3) is None  # "BT 120/" ends no finding
        True
        """
        key = (rule, tuple([record[0] for record in fed[:count]]))
        plan = self._plans.get(key, _UNSEEN)
        if plan is _UNSEEN:
            if len(self._plans) >= _PLANS:
                self._plans.clear()
            # The tree of stand-in tokens (one per token, same type and text) shows the shape.
            stand_ins = [Token(r[0], str(r[1]), r[2], r[3], r[4], r[5], r[6], r[7]) for r in fed]
            records = [(r[0], t, *r[2:]) for r, t in zip(fed, stand_ins, strict=True)]
            tree = self.driver.tree(rule, records, count)
            plan = None
            if isinstance(tree, Tree):
                plan = compile_plan(tree, {id(t): i for i, t in enumerate(stand_ins)}, self.tables)
            self._plans[key] = plan
        return plan


def compile_plan(tree: Tree, index: dict[int, int], tables: Tables) -> Plan:
    """The steps of ``tree`` whose tokens are found in ``index`` (``id(token)`` ->
    position), in text order.

    >>> from strukturjournal.text._grammars import load_grammar_set
    >>> label, value = Token("HR_ABBR_LABEL", "P"), Token("NUMBER", "76")
    >>> tree = Tree("hr_finding", [label, Tree("hr_abbr_reading", [Tree("heart_rate", [value])])])
    >>> [step] = compile_plan(tree, {id(label): 0, id(value): 1}, load_grammar_set().tables)
    >>> step.concept.id, step.first, step.last, step.numbers
    ('heart_rate', 1, 1, ((1, None),))
    """
    steps: list[Step] = []
    _walk(tree, (), index, tables, steps)
    return tuple(steps)


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


_Assignment = tuple[str, str, Token | None]


def _qualifiers(tree: Tree, tables: Tables) -> tuple[tuple[_Assignment, ...], bool]:
    """The qualifier assignments of ``tree``'s children in order (the token where its
    words are the value), and whether one of them is ``void``."""
    out: list[_Assignment] = []
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
                out.append((key, value, tok if value == "*" else None))
    return tuple(out), void


def _walk(
    tree: Tree,
    inherited: tuple[_Assignment, ...],
    index: dict[int, int],
    tables: Tables,
    steps: list[Step],
) -> None:
    name = str(tree.data)
    if name.startswith(VOID_PREFIX):
        return
    quals, void = _qualifiers(tree, tables)
    if void:
        return
    merged = inherited + quals
    if name == SAME:
        _step(tree, None, "", merged, index, tables, steps)
        return
    found = _concept_of(name, tables)
    if found is not None:
        _step(tree, found[0], found[1], merged, index, tables, steps)
        return
    for child in tree.children:
        if isinstance(child, Tree) and not str.__eq__(child.data, "qual"):
            _walk(child, merged, index, tables, steps)


def _step(
    tree: Tree,
    concept: Concept | None,
    suffix: str,
    assignments: tuple[_Assignment, ...],
    index: dict[int, int],
    tables: Tables,
    steps: list[Step],
) -> None:
    tokens = _tokens(tree)
    if not tokens:
        return
    # Later assignments of a key win; the key keeps the place of its first one.
    final: dict[str, tuple[str, int]] = {}
    for key, value, token in assignments:
        final[key] = (value, -1 if token is None else _at(token, index))
    device = next(
        (t for t in tokens if (tables.qualifiers.get(t.type) or ("",))[0] == "device"), None
    )
    numbers: list[tuple[int, str | None]] = []
    for child in tree.children:
        if isinstance(child, Tree) and str.__eq__(child.data, "number"):
            child = _tokens(child)[0]
        if not isinstance(child, Token):
            continue
        if child.type in _NUMBER_TYPES:
            numbers.append((_at(child, index), None))
        elif child.type in tables.units and numbers and numbers[-1][1] is None:
            numbers[-1] = (numbers[-1][0], tables.units[child.type].ucum or None)
    head = tables.units.get(tokens[0].type)
    steps.append(
        Step(
            concept,
            suffix,
            tuple((key, value, token) for key, (value, token) in final.items()),
            _at(tokens[0], index),
            _at(tokens[-1], index),
            tuple(numbers),
            head.ucum if head is not None and head.ucum else None,
            -1 if device is None else _at(device, index),
        )
    )


def _at(token: Token, index: dict[int, int]) -> int:
    try:
        return index[id(token)]
    except KeyError:
        raise TypeError(f"token {token!r} of the tree is none of the finding's tokens") from None
