"""A faster scanner for lark's contextual lexer: dispatch on the first character.

lark matches one big alternation of every terminal allowed in a parser state, and
Python's ``re`` tries the alternatives one by one. Most cannot start with the
character at hand, so each state's scanner is given a table from first character
to a smaller alternation holding only the terminals that can start with it (in
lark's own order, so the same terminal wins). First characters are read from the
regex syntax tree; where they cannot be known the terminal is always kept.

>>> sorted(first_chars(r"(?i:bt|p)") or [])
['B', 'P', 'b', 'p']
>>> first_chars(r"\\w+") is None
True
"""

from __future__ import annotations

import re
import sys
from functools import cache
from re import _constants as _c  # Python >= 3.11: the regex syntax tree
from re import _parser as _p
from typing import Any

from strukturjournal.text._prefixes import prefixes

__all__ = ["Dispatch", "Entry", "first_chars", "speed_up"]

# The regex of the terminals that can begin at a place, their names by group name and
# by group number.
Entry = tuple[re.Pattern[str], dict[str, str], tuple[str | None, ...]]

_DIGITS = frozenset("0123456789")
_MAX_RANGE = 400


@cache
def first_chars(regex: str) -> frozenset[str] | None:
    """The characters a match of ``regex`` can start with; None when any may."""
    try:
        parsed = _p.parse(regex)
    except re.error:
        return None
    chars, nullable = _first(list(parsed), False)
    if chars is None or nullable:
        return None
    return frozenset(chars)


def _add(out: set[str], char: str, icase: bool) -> None:
    out.add(char)
    if icase:
        out.add(char.lower())
        out.add(char.upper())


def _first(items: list[Any], icase: bool) -> tuple[set[str] | None, bool]:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            _add(out, chr(av), icase)
            return out, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    _add(out, chr(value), icase)
                elif kind is _c.RANGE and value[1] - value[0] <= _MAX_RANGE:
                    for code in range(value[0], value[1] + 1):
                        _add(out, chr(code), icase)
                elif kind is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
                    out |= _DIGITS
                else:
                    return None, False
            return out, False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                chars, alt_nullable = _first(list(alternative), icase)
                if chars is None:
                    return None, False
                out |= chars
                nullable = nullable or alt_nullable
            if not nullable:
                return out, False
            continue
        if op is _c.SUBPATTERN:
            add_flags, del_flags, pattern = av[1], av[2], av[3]
            sub_icase = (
                icase or bool(add_flags & _c.SRE_FLAG_IGNORECASE)
            ) and not del_flags & _c.SRE_FLAG_IGNORECASE
            chars, nullable = _first(list(pattern), sub_icase)
            if chars is None:
                return None, False
            out |= chars
            if not nullable:
                return out, False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
            low, _high, pattern = av
            chars, nullable = _first(list(pattern), icase)
            if chars is None:
                return None, False
            out |= chars
            if low > 0 and not nullable:
                return out, False
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: look at what follows
        return None, False
    return out, True


class Dispatch:
    """Replaces ``Scanner.match`` for one lark scanner: the terminals that can start
    with the character at hand are tried one by one, in lark's order."""

    def __init__(self, scanner: Any) -> None:
        self.terminals = [
            (sys.intern(str(t.name)), _compiled(t.pattern.to_regexp(), scanner.g_regex_flags))
            for t in scanner.terminals
        ]
        self.firsts = [first_chars(t.pattern.to_regexp()) for t in scanner.terminals]
        self.flags = scanner.g_regex_flags
        self.by_char: dict[str, Entry | None] = {}
        icase = bool(self.flags & re.IGNORECASE)
        self.prefixes = [
            None if icase else prefixes(t.pattern.to_regexp()) for t in scanner.terminals
        ]
        self.by_pair: dict[str, Entry | None] = {}

    def pair_entry(self, pair: str) -> Entry | None:
        """The regex of the terminals that can begin with ``pair`` (the next one or two
        characters of the text), in lark's order; None when none can."""
        if not pair.isascii():
            entry = self.by_char.get(pair[0]) or self.entry(pair[0])
        else:
            found = tuple(
                (name, pattern.pattern)
                for (name, pattern), starts in zip(self.terminals, self.prefixes, strict=True)
                if starts is None or any(pair.startswith(p) for p in starts)
            )
            entry = _alternation(found, self.flags) if found else None
        self.by_pair[pair] = entry
        return entry

    def entry(self, char: str) -> Entry | None:
        found = tuple(
            (name, pattern.pattern)
            for (name, pattern), first in zip(self.terminals, self.firsts, strict=True)
            if first is None or char in first
        )
        entry = _alternation(found, self.flags) if found else None
        self.by_char[char] = entry
        return entry

    def match(self, text: Any, pos: int) -> tuple[str, str] | None:
        return self.scan(text.text, pos, text.end)

    def scan(self, source: str, pos: int, end: int) -> tuple[str, str] | None:
        """The first terminal (in lark's order) matching ``source`` at ``pos``."""
        if pos >= end:
            return None
        char = source[pos]
        try:
            entry = self.by_char[char]
        except KeyError:
            entry = self.entry(char)
        if entry is None:
            return None
        found = entry[0].match(source, pos, end)
        if found is None:
            return None
        return found.group(0), entry[1][found.lastgroup]  # type: ignore[index]


@cache
def _alternation(terminals: tuple[tuple[str, str], ...], flags: int) -> Entry:
    """One regex trying ``terminals`` in order (as lark's scanner does), the terminal
    name of each of its named groups, and the same by group number (``lastindex``)."""
    groups = {f"t{i}": name for i, (name, _) in enumerate(terminals)}
    regex = "|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(terminals))
    compiled = re.compile(regex, flags)
    numbered: list[str | None] = [None] * (compiled.groups + 1)
    for group, number in compiled.groupindex.items():
        numbered[number] = groups[group]
    return compiled, groups, tuple(numbered)


@cache
def _compiled(regex: str, flags: int) -> re.Pattern[str]:
    return re.compile(regex, flags)


def speed_up(lexer: Any) -> None:
    """Give every state lexer of a lark ContextualLexer first-character dispatch,
    built the first time the state is used."""
    seen: set[int] = set()
    for basic in getattr(lexer, "lexers", {}).values():
        if id(basic) not in seen:
            seen.add(id(basic))
            basic.match = _lazy(basic)


def _lazy(basic: Any) -> Any:
    def match(text: Any, pos: int) -> tuple[str, str | None] | None:
        scanner = basic.scanner  # builds lark's scanner and the callbacks next_token needs
        fast = Dispatch(scanner).match if len(scanner._mres) == 1 else scanner.match
        basic.match = fast
        return fast(text, pos)

    return match
