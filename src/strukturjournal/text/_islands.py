"""Island parsing: find trigger labels with one regex, parse from each with lark LALR.

The note is never parsed as a whole. A compiled regex built from the grammar's
``*_LABEL`` terminals finds where a finding may start; from there lark's LALR
parser is fed token by token (``parse_interactive``) until the text stops
fitting the grammar, a label of another finding follows, or a fixed window
ends. The longest prefix after which the grammar could end is the finding.
Each finding is parsed over a bounded window and the search resumes after it,
so the work is linear in the length of the note.

>>> from strukturjournal.text._grammars import load_grammar_set
>>> islands = list(find_islands("Målt BT 120/80 i dag.", load_grammar_set()))
>>> [(i.start, i.end) for i in islands]
[(5, 20)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lark import Tree

from strukturjournal.text._grammars import CONNECTIVES, POSTFIX, TRIGGER_SUFFIX, GrammarSet

__all__ = ["WINDOW", "Island", "find_islands"]

# The longest stretch of text one finding may span (characters).
WINDOW = 240
# How far after a trigger its number must begin.
_DIGIT_REACH = 120
_DIGIT = re.compile(r"\d")
# Unit spellings that are also everyday words ("in", "m"): never evidence on their own.
_WORDLIKE_UNITS = frozenset({"", "in", "m", "g", "l", "f", "c", "e", "h", "s", "x", "'", '"'})
_SEPARATORS = frozenset({"COMMA", "SEMI", "AND", "REMEASURE", "NEXT_TIME"})


@dataclass(frozen=True, slots=True)
class Island:
    """A parsed finding: its tree (token positions relative to ``offset``) and its extent."""

    tree: Tree
    offset: int
    start: int
    end: int


def find_islands(text: str, grammar: GrammarSet) -> Iterator[Island]:
    """Every finding in ``text``, left to right, never overlapping."""
    pos = 0
    search = grammar.finder.search
    digit = _DIGIT.search
    words = grammar.word_triggers
    while True:
        found = search(text, pos)
        if found is None:
            return
        start = found.start()
        # A finding holds a number unless its trigger says otherwise: skip hopeless starts cheaply.
        if found.lastgroup not in words and digit(text, start, start + _DIGIT_REACH) is None:
            pos = found.end()
            continue
        rule = POSTFIX if found.lastgroup == POSTFIX else "start"
        island = _parse_at(text, start, grammar, rule)
        if island is None:
            pos = max(found.end(), start + 1)
            continue
        yield island
        pos = island.end


def _parse_at(text: str, start: int, grammar: GrammarSet, rule: str = "start") -> Island | None:
    window = text[start : start + WINDOW]
    driver = grammar.driver
    scan = driver.scan(window, rule, grammar.stops, CONNECTIVES, _SEPARATORS, TRIGGER_SUFFIX)
    # Points after which the grammar may end: LALR tables can list $END where a reduction
    # would still fail, so each is only tried, latest first.
    candidates = scan.candidates
    refused = scan.refused
    if refused >= 0 and candidates:
        glued = _glued(window, candidates[-1][1], refused, grammar)
        if glued == "unit":
            # "Pain ... 1% epinephrine": a unit the grammar refused; that value is not ours.
            last = candidates[-1][1]
            candidates = [c for c in candidates if c[1] < last]
        elif glued == "label" and 0 <= scan.cut < len(candidates):
            # "Pulse 156, 56 respiratory rate": the last value belongs to what follows it.
            candidates = candidates[: scan.cut]
    for count, end in reversed(candidates):
        tree = driver.tree(rule, scan.fed, count)
        if isinstance(tree, Tree):
            return Island(tree, start, start, start + end)
    return None


def _glued(window: str, end: int, refused: int, grammar: GrammarSet) -> str | None:
    """What stopped the parse right after the last value: a ``"label"``, a ``"unit"``
    the grammar did not take there, or ``None``."""
    if refused < end or window[end:refused].strip():
        return None
    if refused != end and grammar.triggers.match(window, refused):
        return "label"
    found = grammar.units.match(window, refused)
    if found is None or found.group().strip().lower() in _WORDLIKE_UNITS:
        return None
    return "unit"
