"""A lean driver for lark's own LALR tables and contextual lexers, for island parsing.

The island parser feeds a window token by token and keeps the longest prefix
after which the grammar could end. lark's interactive parser builds the tree
while it goes, so every abandoned prefix is paid for twice (once fed, once
replayed). This driver runs lark's parse table in two steps instead: a
*recogniser* that lexes the window with lark's per-state lexers and moves only
the state stack (no token objects, no trees), and a *builder* that feeds the
chosen prefix once more through the same table with lark's tree callbacks. The
grammar, the tables, the lexers and the tree callbacks all remain lark's; the
result is the tree ``parse_interactive`` + ``feed_eof`` gives for that prefix.

>>> from strukturjournal.text._grammars import load_grammar_set
>>> driver = load_grammar_set().driver
>>> scan = driver.scan("BT 120/80", "start", frozenset(), frozenset(), frozenset(), "_LABEL")
>>> [record[1] for record in scan.fed]
['BT', '120', '/', '80']
>>> driver.accepts("start", scan.candidates[-1][2])
True
>>> str(driver.tree("start", scan.fed, 4).data)
'bp_finding'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from strukturjournal.text._fastlex import Dispatch

__all__ = ["Driver", "Record", "Scan"]

END = "$END"
# One lexed token: (type, value or callback Token, start, line, column, end line, end column, end).
Record = tuple[str, Any, int, int, int, int, int, int]
# One table entry: (shift?, next state, reduce size, reduced rule name, rule).
_Action = tuple[bool, int, int, str, Any]
_Entry = tuple[re.Pattern[str], dict[str, str]] | None
_Lexer = tuple[
    dict[str, _Entry], Callable[[str], _Entry], frozenset[str], dict[str, Any], frozenset[str]
]
_UNSEEN: Any = object()


class Scan:
    """What the recogniser found in one window.

    ``fed`` are the tokens the parser took; ``candidates`` the points after which
    the table lists an end, as (tokens fed, end offset, state stack); ``cut`` the
    number of candidates before the last separator; ``refused`` where the text
    stopped fitting (-1: it never did).
    """

    __slots__ = ("candidates", "cut", "fed", "refused")

    def __init__(
        self,
        fed: list[Record],
        candidates: list[tuple[int, int, tuple[int, ...]]],
        cut: int,
        refused: int,
    ) -> None:
        self.fed = fed
        self.candidates = candidates
        self.cut = cut
        self.refused = refused


class Driver:
    """lark's LALR table of one parser, with plain string keys for quick look-ups."""

    def __init__(self, parser: Lark) -> None:
        frontend: Any = parser.parser
        inner = frontend.parser.parser
        table = inner.parse_table
        self.callbacks: dict[Any, Any] = inner.callbacks
        self.token_callbacks = {k: v for k, v in self.callbacks.items() if isinstance(k, str)}
        self.starts = {str(k): v for k, v in table.start_states.items()}
        self.ends = {str(k): v for k, v in table.end_states.items()}
        self.actions: dict[int, dict[str, _Action]] = {
            state: {
                sys.intern(str(key)): _action(action, arg) for key, (action, arg) in row.items()
            }
            for state, row in table.states.items()
        }
        self.state_lexers: dict[int, Any] = frontend.lexer.lexers
        self._lexers: dict[int, _Lexer] = {}
        self._by_lexer: dict[int, _Lexer] = {}

    def _lexer(self, state: int) -> _Lexer:
        basic = self.state_lexers[state]
        found = self._by_lexer.get(id(basic))
        if found is None:
            scanner = basic.scanner  # also builds lark's token callbacks
            dispatch = Dispatch(scanner)
            found = (
                dispatch.by_pair,
                dispatch.pair_entry,
                frozenset(str(t) for t in basic.ignore_types),
                {str(k): v for k, v in basic.callback.items()},
                frozenset(str(t) for t in basic.newline_types),
            )
            self._by_lexer[id(basic)] = found
        self._lexers[state] = found
        return found

    def scan(
        self,
        window: str,
        rule: str,
        stops: frozenset[str],
        connectives: frozenset[str],
        separators: frozenset[str],
        trigger_suffix: str,
    ) -> Scan:
        """Lex and recognise ``window`` from ``rule`` until it stops fitting, a second
        label follows, or the window ends."""
        actions = self.actions
        lexers = self._lexers
        stack = [self.starts[rule]]
        fed: list[Record] = []
        candidates: list[tuple[int, int, tuple[int, ...]]] = []
        cut = -1
        refused = -1
        labelled = False
        pos = 0
        line = 1
        line_start = 0
        end = len(window)
        while True:
            # Lex one token with the lexer of the current state, as lark's BasicLexer does.
            lexer = lexers.get(stack[-1]) or self._lexer(stack[-1])
            by_pair, fill, ignore, callback, newline = lexer
            record: Record | None = None
            while pos < end:
                pair = window[pos : pos + 2]
                entry = by_pair.get(pair, _UNSEEN)
                if entry is _UNSEEN:
                    entry = fill(pair)
                found = None if entry is None else entry[0].match(window, pos, end)
                if found is None:
                    refused = pos
                    break
                value = found.group()
                kind = entry[1][found.lastgroup]
                start, start_line, column = pos, line, pos - line_start + 1
                if kind in newline:
                    breaks = value.count("\n")
                    if breaks:
                        line += breaks
                        line_start = pos + value.rindex("\n") + 1
                pos += len(value)
                if kind in ignore and kind not in callback:
                    continue
                item: Any = value
                if kind in callback:
                    token = Token(kind, value, start, start_line, column)
                    token.end_line, token.end_column, token.end_pos = (
                        line,
                        pos - line_start + 1,
                        pos,
                    )
                    token = callback[kind](token)
                    if kind in ignore:
                        continue
                    kind, item = sys.intern(str(token.type)), token
                record = (kind, item, start, start_line, column, line, pos - line_start + 1, pos)
                break
            if record is None:
                break
            kind = record[0]
            if labelled and kind in stops:
                refused = record[2]
                break
            labelled = labelled or kind in stops or kind.endswith(trigger_suffix)
            if kind in separators:
                cut = len(candidates)
            # Feed it: reduce as the table says, then shift.
            while True:
                act = actions[stack[-1]].get(kind)
                if act is None:
                    break
                if act[0]:
                    stack.append(act[1])
                    break
                if act[2]:
                    del stack[-act[2] :]
                stack.append(actions[stack[-1]][act[3]][1])
            if act is None:
                refused = record[2]
                break
            fed.append(record)
            if kind not in connectives and END in actions[stack[-1]]:
                candidates.append((len(fed), record[2] + len(record[1]), tuple(stack)))
        return Scan(fed, candidates, cut, refused)

    def accepts(self, rule: str, stack: tuple[int, ...]) -> bool:
        """Whether the input may end with the parser in ``stack``."""
        actions = self.actions
        end_state = self.ends[rule]
        states = list(stack)
        while True:
            act = actions[states[-1]].get(END)
            if act is None or act[0]:
                return False
            if act[2]:
                del states[-act[2] :]
            states.append(actions[states[-1]][act[3]][1])
            if states[-1] == end_state:
                return True

    def tree(self, rule: str, fed: list[Record], count: int) -> Any:
        """The value lark's parser gives for the first ``count`` tokens of ``fed`` and
        the end (``None`` when the table refuses them)."""
        actions = self.actions
        callbacks = self.callbacks
        token_callbacks = self.token_callbacks
        end_state = self.ends[rule]
        states = [self.starts[rule]]
        values: list[Any] = []
        for record in fed[:count]:
            kind, item = record[0], record[1]
            token = item if isinstance(item, Token) else Token(kind, item, *record[2:])
            while True:
                act = actions[states[-1]].get(kind)
                if act is None:
                    return None
                if act[0]:
                    states.append(act[1])
                    values.append(
                        token_callbacks[kind](token) if kind in token_callbacks else token
                    )
                    break
                size = act[2]
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                states.append(actions[states[-1]][act[3]][1])
                values.append(callbacks[act[4]](children) if callbacks else children)
        while True:
            act = actions[states[-1]].get(END)
            if act is None or act[0]:
                return None
            size = act[2]
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            states.append(actions[states[-1]][act[3]][1])
            values.append(callbacks[act[4]](children) if callbacks else children)
            if states[-1] == end_state:
                return values[-1]


def _action(action: Any, arg: Any) -> _Action:
    if action is Shift:
        return (True, arg, 0, "", None)
    return (False, 0, len(arg.expansion), sys.intern(str(arg.origin.name)), arg)
