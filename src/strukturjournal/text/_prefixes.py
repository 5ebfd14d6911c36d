"""The first few ASCII characters a regex match can begin with, from the regex syntax tree.

Used to try, at a position of an ASCII text, only the terminals that can match
there (lark tries them all, in order). The answer is a superset of the ASCII
prefixes: look-arounds are ignored, a case-insensitive class that holds other
characters brings in every ASCII letter ("K", the kelvin sign, matches "k"), and
where the prefixes are too many or cannot be read the answer is ``None``
("anything"). Characters beyond ASCII are left out, so text holding them must
not be judged by these sets.

>>> sorted(prefixes(r"(?i:bt|puls)"))
['BT', 'Bt', 'PU', 'Pu', 'bT', 'bt', 'pU', 'pu']
>>> sorted(prefixes(r"\\d{1,3}"))[:3]
['0', '00', '01']
>>> sorted(prefixes(r"\\s?[^\\W\\d_]", 1))[-3:]
['x', 'y', 'z']
>>> prefixes(r"\\S\\S") is None
True
"""

from __future__ import annotations

import re
import string
from functools import cache
from re import _constants as _c  # Python >= 3.11: the regex syntax tree
from re import _parser as _p
from typing import Any

__all__ = ["prefixes"]

_LIMIT = 5000  # more distinct prefixes than this: give up ("anything")
_MAX_RANGE = 400
_ALL = frozenset(chr(code) for code in range(128))
_CATEGORIES = {
    category: frozenset(c for c in _ALL if re.match(regex, c))
    for category, regex in (
        (_c.CATEGORY_DIGIT, r"\d"),
        (_c.CATEGORY_NOT_DIGIT, r"\D"),
        (_c.CATEGORY_SPACE, r"\s"),
        (_c.CATEGORY_NOT_SPACE, r"\S"),
        (_c.CATEGORY_WORD, r"\w"),
        (_c.CATEGORY_NOT_WORD, r"\W"),
    )
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


class _Unknown(Exception):
    pass


@cache
def prefixes(regex: str, size: int = 2) -> frozenset[str] | None:
    """Every string of ``size`` characters (or fewer, where the match ends) that a
    match of ``regex`` can begin with; None when that cannot be listed."""
    try:
        parsed = _p.parse(regex)
        return frozenset(_sequence(list(parsed), size, False))
    except (re.error, _Unknown, RecursionError):
        return None


def _sequence(items: list[Any], size: int, icase: bool) -> set[str]:
    result = {""}
    for op, av in items:
        if all(len(p) >= size for p in result):
            break
        tails: dict[int, set[str]] = {}
        extended: set[str] = set()
        for head in result:
            room = size - len(head)
            if room <= 0:
                extended.add(head)
                continue
            if room not in tails:
                tails[room] = _item(op, av, room, icase)
            extended.update(head + tail for tail in tails[room])
        if len(extended) > _LIMIT:
            raise _Unknown
        result = extended
    return result


def _item(op: Any, av: Any, size: int, icase: bool) -> set[str]:
    if op is _c.LITERAL:
        return _chars({chr(av)}, icase)
    if op is _c.NOT_LITERAL:
        return set(_ALL) if icase else set(_ALL) - {chr(av)}
    if op is _c.ANY:
        return set(_ALL)
    if op is _c.IN:
        return _class(av, icase)
    if op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _sequence(list(alternative), size, icase)
        return out
    if op is _c.SUBPATTERN:
        add_flags, del_flags, pattern = av[1], av[2], av[3]
        sub_icase = (
            icase or bool(add_flags & _c.SRE_FLAG_IGNORECASE)
        ) and not del_flags & _c.SRE_FLAG_IGNORECASE
        return _sequence(list(pattern), size, sub_icase)
    if op in _REPEATS:
        low, high, pattern = av
        out = {""} if low == 0 else set()
        for count in range(max(min(low, size), 1), min(high, size) + 1):
            out |= _sequence(list(pattern) * count, size, icase)
        return out
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}  # zero width: look at what follows
    raise _Unknown


def _class(av: Any, icase: bool) -> set[str]:
    """The ASCII characters of a character class (a superset under ``icase``)."""
    out: set[str] = set()
    negate = False
    for kind, value in av:
        if kind is _c.NEGATE:
            negate = True
        elif kind is _c.LITERAL:
            out.add(chr(value))
        elif kind is _c.RANGE:
            out.update(chr(code) for code in range(value[0], min(value[1], 127) + 1))
            if value[1] > 127:
                out.add("\x80")  # marks "something beyond ASCII"
        elif kind is _c.CATEGORY and value in _CATEGORIES:
            out |= _CATEGORIES[value]
        else:
            raise _Unknown
    if negate:
        return set(_ALL) if icase else set(_ALL) - out
    return _chars(out, icase)


def _chars(chars: set[str], icase: bool) -> set[str]:
    ascii_only = {c for c in chars if c.isascii()}
    if not icase:
        return ascii_only
    if len(ascii_only) < len(chars):
        return ascii_only | set(string.ascii_letters)  # "K" (kelvin) matches "k", "ſ" "s"
    return ascii_only | {c.lower() for c in ascii_only} | {c.upper() for c in ascii_only}
