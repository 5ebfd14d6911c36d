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
from typing import Any

from strukturjournal.text._grammars import CONNECTIVES, POSTFIX, TRIGGER_SUFFIX, GrammarSet
from strukturjournal.text._lalr import Driver, Record
from strukturjournal.text._plan import Plan

__all__ = ["WINDOW", "Island", "find_islands"]

# The longest stretch of text one finding may span (characters).
WINDOW = 240
# How far after a trigger its number must begin.
_DIGIT_REACH = 120
_DIGIT = re.compile(r"\d")
# Unit spellings that are also everyday words ("in", "m"): never evidence on their own.
_WORDLIKE_UNITS = frozenset({"", "in", "m", "g", "l", "f", "c", "e", "h", "s", "x", "'", '"'})
_SEPARATORS = frozenset({"COMMA", "SEMI", "AND", "REMEASURE", "NEXT_TIME"})


@dataclass(slots=True)
class Island:
    """A parsed finding: its tokens (``fed[:count]``, positions relative to ``offset``),
    the plan of its fields and its extent; ``tree`` builds lark's tree for it."""

    fed: list[Record]
    count: int
    plan: Plan
    offset: int
    start: int
    end: int
    rule: str
    driver: Driver

    @property
    def tree(self) -> Any:
        """The tree lark's parser gives for the finding.

        >>> from strukturjournal.text._grammars import load_grammar_set
        >>> [island] = find_islands("P 76 reg", load_grammar_set())
        >>> str(island.tree.data), [str(t) for t in island.tree.scan_values(lambda v: True)]
        ('hr_finding', ['P', '76', 'reg'])
        """
        return self.driver.tree(self.rule, self.fed, self.count)


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
    plan = grammar.planner.plan
    fed = scan.fed
    for count, end in reversed(candidates):
        found = plan(rule, fed, count)
        if found is not None:
            return Island(fed, count, found, start, start, start + end, rule, driver)
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
