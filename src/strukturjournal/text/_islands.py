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
from lark.exceptions import UnexpectedInput

from strukturjournal.text._grammars import CONNECTIVES, GrammarSet

__all__ = ["WINDOW", "Island", "find_islands"]

# The longest stretch of text one finding may span (characters).
WINDOW = 240
# How far after a trigger its number must begin.
_DIGIT_REACH = 120
_DIGIT = re.compile(r"\d")


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
    search = grammar.triggers.search
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
        island = _parse_at(text, start, grammar)
        if island is None:
            pos = max(found.end(), start + 1)
            continue
        yield island
        pos = island.end


def _parse_at(text: str, start: int, grammar: GrammarSet) -> Island | None:
    window = text[start : start + WINDOW]
    interactive = grammar.parser.parse_interactive(window)
    states = interactive.parser_state.parse_conf.parse_table.states
    stops = grammar.stops
    best = None
    best_end = 0
    previous = None
    try:
        for token in interactive.iter_parse():
            # Here every token before `token` has been fed.
            if previous is not None:
                if previous.type not in CONNECTIVES and "$END" in states[interactive.parser_state.position]:
                    best, best_end = interactive.copy(), (previous.start_pos or 0) + len(previous)
                if token.type in stops:
                    previous = None
                    break
            previous = token
    except UnexpectedInput as exc:
        if getattr(exc, "token", None) is previous:
            previous = None  # the parser refused `previous` itself
    if (
        previous is not None
        and previous.type not in CONNECTIVES
        and "$END" in states[interactive.parser_state.position]
    ):
        best, best_end = interactive.copy(), (previous.start_pos or 0) + len(previous)
    if best is None:
        return None
    try:
        tree = best.feed_eof()
    except UnexpectedInput:
        return None
    if not isinstance(tree, Tree):
        return None
    return Island(tree, start, start, start + (best_end or 0))
