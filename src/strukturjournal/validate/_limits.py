"""Size limits and the hostile-input scan that runs before any template check.

The scan walks the data with an explicit stack (no recursion), so 100,000 levels of nesting,
a 50 MB string, ``NaN`` or ``1e400`` (read by :mod:`json` as infinity) or a key with control
characters each give one clear diagnostic instead of a crash or a hang.

>>> [d.code for d in scan({"a": [[[1]]]}, Limits(max_depth=3))]
['too-deep']
>>> [d.code for d in scan({"a": float("nan"), "x\\u0000": 1}, Limits())]
['not-finite', 'invalid-key']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.validate._report import Where, report

__all__ = ["Limits", "flat_is_clean", "scan", "scan_json_text"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits on what an entry may hold; anything beyond gives ``too-deep`` or ``too-large``.

    Attributes:
        max_depth: deepest nesting of objects and arrays (canonical compositions need ~30).
        max_string: longest string value, in characters.
        max_key: longest key, in characters.
        max_nodes: most objects, arrays and values in the whole entry.
        max_text: longest JSON text :func:`strukturjournal.validate.load_entry` reads, in characters.

    >>> Limits().max_depth
    200
    """

    max_depth: int = 200
    max_string: int = 1_000_000
    max_key: int = 1_000
    max_nodes: int = 2_000_000
    max_text: int = 200_000_000


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _key_path(base: str, key: Any, canonical: bool) -> str:
    shown = key if isinstance(key, str) and not _CONTROL.search(key) else repr(key)
    if canonical or base:
        return f"{base}/{shown}"
    return str(shown)


def scan(entry: Any, limits: Limits, *, canonical: bool = True) -> Iterator[Diagnostic]:
    """Diagnostics for data beyond ``limits``: depth, sizes, control characters, NaN and infinities.

    Containers deeper than ``max_depth`` are not entered, so the scan is linear in the data.
    """
    stack: list[tuple[Any, str, int]] = [(entry, "", 0)]
    nodes = 0
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            nodes += len(value)
            if nodes > limits.max_nodes:
                yield report("too-large", Where(path or "/", ""), value="entry", limit=f"{limits.max_nodes} values")
                return
            if depth >= limits.max_depth:
                yield report("too-deep", Where(path or "/", ""), limit=limits.max_depth)
                continue
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    yield report("wrong-type", Where(_key_path(path, key, canonical), ""), expected="a string key",
                                 actual=type(key).__name__)
                elif len(key) > limits.max_key:
                    yield report("too-large", Where(_key_path(path, key, canonical), ""),
                                 value=f"key of {len(key)} characters", limit=limits.max_key)
                elif _CONTROL.search(key):
                    yield report("invalid-key", Where(_key_path(path, key, canonical), ""), value=key)
                elif isinstance(item, dict | list):
                    stack.append((item, _key_path(path, key, canonical), depth + 1))
                else:
                    yield from _scalar(item, path, key, canonical, limits)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict | list):
                    stack.append((item, f"{path}/{i}" if canonical else f"{path}:{i}", depth + 1))
                else:
                    yield from _scalar(item, path, i, canonical, limits)
        else:
            yield from _scalar(value, "", "", canonical, limits)


def _scalar(value: Any, path: str, key: Any, canonical: bool, limits: Limits) -> Iterator[Diagnostic]:
    if isinstance(value, str):
        if len(value) > limits.max_string:
            where = Where(_key_path(path, key, canonical) or "/", "")
            yield report("too-large", where, value=f"string of {len(value)} characters", limit=limits.max_string)
    elif isinstance(value, float) and (value != value or value in (_INF, -_INF)):
        yield report("not-finite", Where(_key_path(path, key, canonical) or "/", ""), value=value)


_INF = float("inf")


def flat_is_clean(entry: dict[str, Any], limits: Limits) -> bool:
    """Whether ``entry`` is certainly a FLAT composition :func:`scan` has nothing to say about:
    string keys, no control characters, nothing nested (``|raw`` values get the full scan), no
    value or key beyond the limits, every number finite. ``False`` only means "scan it".

    >>> flat_is_clean({"a/b|magnitude": 1.5, "a/b|unit": "kg"}, Limits())
    True
    >>> flat_is_clean({"a/b|magnitude": float("inf")}, Limits()), flat_is_clean({"a\\tb": 1}, Limits())
    (False, False)
    """
    if len(entry) > limits.max_nodes:
        return False
    for key in entry:
        if type(key) is not str or len(key) > limits.max_key:
            return False
    if _CONTROL.search(" ".join(entry)):
        return False
    max_string = limits.max_string
    for value in entry.values():
        kind = type(value)
        if kind is str:
            if len(value) > max_string:
                return False
        elif kind is float:
            if value != value or value == _INF or value == -_INF:
                return False
        elif kind is not int and kind is not bool and value is not None:
            return False
    return True


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: linear and fast
_BRACKETS = re.compile(r"[\[\]{}]")


def scan_json_text(text: str, limits: Limits) -> Diagnostic | None:
    """A diagnostic when JSON text is too long or nested too deep to read safely, else ``None``.

    Runs before :func:`json.loads` (whose recursion would fail on deep nesting); strings are
    skipped with one regular expression, so brackets inside them do not count.

    >>> scan_json_text("[" * 300 + "]" * 300, Limits()).code
    'too-deep'
    >>> scan_json_text('{"a": "[[[["}', Limits(max_depth=2)) is None
    True
    """
    if len(text) > limits.max_text:
        return report("too-large", Where("/", ""), value=f"text of {len(text)} characters", limit=limits.max_text)
    depth = 0
    for match in _BRACKETS.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limits.max_depth:
                return report("too-deep", Where("/", ""), limit=limits.max_depth)
        else:
            depth -= 1
    return None
