"""A lean driver for lark's own LALR tables and contextual lexers, for island parsing.

The island parser feeds a window token by token and keeps the longest prefix
after which the grammar could end. lark's interactive parser builds the tree
while it goes, so every abandoned prefix is paid for twice (once fed, once
replayed). This driver runs lark's parse table in two steps instead: a
*recogniser* that lexes the window with lark's per-state lexers and moves only
the state stack (no token objects, no trees), and a *builder* that feeds the
chosen prefix and the end once more through the same table with lark's tree
callbacks. The builder remembers the shifts and reductions the table gives for a
sequence of token types (they depend on nothing else) and replays them. The
grammar, the tables, the lexers and the tree callbacks all remain lark's; the
result is the tree ``parse_interactive`` + ``feed_eof`` gives for that prefix.

>>> from strukturjournal.text._grammars import load_grammar_set
>>> driver = load_grammar_set().driver
>>> scan = driver.scan("BT 120/80", "start", frozenset(), frozenset(), frozenset(), "_LABEL")
>>> [record[1] for record in scan.fed]
['BT', '120', '/', '80']
>>> scan.candidates[-1]
(4, 9)
>>> str(driver.tree("start", scan.fed, 4).data)
'bp_finding'
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from strukturjournal.text._fastlex import Dispatch, Entry

__all__ = ["Driver", "Record", "Scan"]

END = "$END"
# One lexed token: (type, value or callback Token, start, line, column, end line, end column, end).
Record = tuple[str, Any, int, int, int, int, int, int]
# One table entry: (shift?, next state, reduce size, reduced rule name, rule).
_Action = tuple[bool, int, int, str, Any]
_Lexer = tuple[
    dict[str, Entry | None],
    Callable[[str], Entry | None],
    frozenset[str],
    dict[str, Any],
    frozenset[str],
]
_Step = tuple[int, Any] | None
_UNSEEN: Any = object()
_PROGRAMS = 20_000  # remembered token-type sequences (then forgotten all at once)


class Scan:
    """What the recogniser found in one window.

    ``fed`` are the tokens the parser took; ``candidates`` the points after which
    the table lists an end, as (tokens fed, end offset); ``cut`` the
    number of candidates before the last separator; ``refused`` where the text
    stopped fitting (-1: it never did).
    """

    __slots__ = ("candidates", "cut", "fed", "refused")

    def __init__(
        self,
        fed: list[Record],
        candidates: list[tuple[int, int]],
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
        self._programs: dict[tuple[str, tuple[str, ...]], list[_Step] | None] = {}

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
        state = self.starts[rule]
        stack = [state]
        fed: list[Record] = []
        candidates: list[tuple[int, int]] = []
        cut = -1
        refused = -1
        labelled = False
        pos = 0
        line = 1
        line_start = 0
        end = len(window)
        lines = "\n" in window  # else every token is on line 1
        while True:
            # Lex one token with the lexer of the current state, as lark's BasicLexer does.
            by_pair, fill, ignore, callback, newline = lexers.get(state) or self._lexer(state)
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
                kind = entry[2][found.lastindex]
                start, start_line, column = pos, line, pos - line_start + 1
                pos = found.end()
                if lines and kind in newline:
                    breaks = window.count("\n", start, pos)
                    if breaks:
                        line += breaks
                        line_start = window.rindex("\n", start, pos) + 1
                if kind in ignore and kind not in callback:
                    continue
                item: Any = found.group()
                if callback and kind in callback:
                    token = Token(kind, item, start, start_line, column)
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
            if labelled:
                if kind in stops:
                    refused = start
                    break
            else:
                labelled = kind in stops or kind.endswith(trigger_suffix)
            if kind in separators:
                cut = len(candidates)
            # Feed it: reduce as the table says, then shift.
            while True:
                act = actions[state].get(kind)
                if act is None:
                    break
                if act[0]:
                    state = act[1]
                    stack.append(state)
                    break
                if act[2]:
                    del stack[-act[2] :]
                state = actions[stack[-1]][act[3]][1]
                stack.append(state)
            if act is None:
                refused = start
                break
            fed.append(record)
            if kind not in connectives and END in actions[state]:
                candidates.append((len(fed), start + len(item)))
        return Scan(fed, candidates, cut, refused)

    def tree(self, rule: str, fed: list[Record], count: int) -> Any:
        """The value lark's parser gives for the first ``count`` tokens of ``fed`` and
        the end (``None`` when the table refuses them)."""
        key = (rule, tuple([record[0] for record in fed[:count]]))
        program = self._programs.get(key, _UNSEEN)
        if program is _UNSEEN:
            if len(self._programs) >= _PROGRAMS:
                self._programs.clear()
            program = self._programs[key] = self._program(rule, key[1])
        if program is None:
            return None
        values: list[Any] = []
        records = iter(fed)
        for step in program:
            if step is None:
                record = next(records)
                item = record[1]
                values.append(item if isinstance(item, Token) else Token(record[0], *record[1:]))
            elif step[0] == -1:  # a terminal with a callback
                record = next(records)
                item = record[1]
                values.append(
                    step[1](item if isinstance(item, Token) else Token(record[0], *record[1:]))
                )
            else:
                size, callback = step
                if size:
                    children = values[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children) if callback is not None else children)
        return values[-1]

    def _program(self, rule: str, kinds: tuple[str, ...]) -> list[_Step] | None:
        """The steps lark's parser takes for tokens of ``kinds`` and the end: None for a
        shift, (size, callback) for a reduction; None when the table refuses them."""
        actions = self.actions
        callbacks = self.callbacks
        end_state = self.ends[rule]
        states = [self.starts[rule]]
        steps: list[_Step] = []
        for kind in (*kinds, END):
            while True:
                act = actions[states[-1]].get(kind)
                if act is None:
                    return None
                if act[0]:
                    if kind == END:
                        return None
                    states.append(act[1])
                    callback = self.token_callbacks.get(kind)
                    steps.append(None if callback is None else (-1, callback))
                    break
                if act[2]:
                    del states[-act[2] :]
                states.append(actions[states[-1]][act[3]][1])
                steps.append((act[2], callbacks[act[4]] if callbacks else None))
                if kind == END and states[-1] == end_state:
                    return steps
        return None


def _action(action: Any, arg: Any) -> _Action:
    if action is Shift:
        return (True, arg, 0, "", None)
    return (False, 0, len(arg.expansion), sys.intern(str(arg.origin.name)), arg)
