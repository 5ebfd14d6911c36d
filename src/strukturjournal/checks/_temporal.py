"""Dates, times, date-times and durations for the checks: ordering, and ADL 1.4 patterns.

ADL keeps these values as written (:class:`~strukturjournal.base.IsoDate` and friends are
strings; only :class:`~strukturjournal.base.IsoDuration` orders by length). Here a value becomes
a key that orders correctly: days for dates, seconds for times and date-times (in UTC when a
timezone is given), nominal seconds for durations. Two keys compare only when they are of the
same kind and agree on having a timezone (ADL 1.4: "if a timezone is used on one, it must be
used on both"); otherwise the answer is ``None``, 'cannot tell', and the checks stay silent.

>>> temporal_key("2004-05-20") < temporal_key("2004-06-02")
True
>>> temporal_key("09:30:00+02:00") < temporal_key("08:00:00Z")  # 07:30 UTC before 08:00 UTC
True
>>> interval_contains_interval(Interval(IsoDuration("PT0S"), IsoDuration("P1D")),
...                            Interval(IsoDuration("PT1H"), IsoDuration("PT36H")))
False
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from strukturjournal.base import Interval, IsoDuration

__all__ = [
    "duration_fields",
    "interval_contains",
    "interval_contains_interval",
    "pattern_allows",
    "pattern_narrowing",
    "pattern_problem",
    "temporal_key",
]

Key = tuple[str, bool, float]
"""(kind, has timezone, position): ``date`` in days, ``time``/``date_time`` in seconds,
``duration`` in nominal seconds."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIME = re.compile(
    r"^(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$"
)


def _offset(tz: str | None) -> float:
    if not tz or tz == "Z":
        return 0.0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return sign * minutes * 60.0


def _time_parts(text: str) -> tuple[list[str | None], str | None] | None:
    m = _TIME.match(text)
    if m is None:
        return None
    return [m.group(1), m.group(2), m.group(3)], m.group(5)


def _time_seconds(text: str) -> tuple[bool, float] | None:
    m = _TIME.match(text)
    if m is None:
        return None
    h, mi, s, frac, tz = m.groups()
    seconds = int(h) * 3600 + int(mi or 0) * 60 + int(s or 0) + float(f"0.{frac}" if frac else 0)
    return tz is not None, seconds - _offset(tz)


def temporal_key(value: Any) -> Key | None:
    """A key that orders a date, time, date-time or duration correctly, else ``None`` (also
    for partial dates such as ``2004-05``, which have no single position).

    >>> temporal_key("PT1H"), temporal_key("2004-05-20T10:00:00Z")[:2], temporal_key("2004-05")
    (('duration', False, 3600.0), ('date_time', True), None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text[:1] in ("P", "-") and "P" in text[:2]:
        seconds = IsoDuration(text).seconds
        return None if seconds != seconds else ("duration", False, seconds)  # nan: not ISO 8601
    day_part, sep, time_part = text.partition("T")
    d = _DATE.match(day_part)
    if d is not None:
        if d.group(3) is None:
            return None
        try:
            days = date(int(d.group(1)), int(d.group(2)), int(d.group(3))).toordinal()
        except ValueError:
            return None
        if not sep:
            return "date", False, float(days)
        t = _time_seconds(time_part)
        if t is None:
            return None
        return "date_time", t[0], days * 86400.0 + t[1]
    t = _time_seconds(text)
    return None if t is None else ("time", t[0], t[1])


def _keyed(interval: Interval[Any]) -> tuple[Interval[float], tuple[str, bool]] | None:
    """The interval with both bounds as positions, and their common kind; ``None`` if a bound
    has no key or the bounds are not comparable."""
    keys = [None if b is None else temporal_key(b) for b in (interval.lower, interval.upper)]
    bounds = [(b, k) for b, k in zip((interval.lower, interval.upper), keys, strict=True)]
    if any(b is not None and k is None for b, k in bounds):
        return None
    kinds = {k[:2] for k in keys if k is not None}
    if len(kinds) != 1:
        return None
    lo, hi = (None if k is None else k[2] for k in keys)
    return Interval(lo, hi, interval.lower_included, interval.upper_included), kinds.pop()


def interval_contains(interval: Interval[Any], value: Any) -> bool | None:
    """Whether a temporal ``value`` lies in ``interval`` (``None``: cannot tell).

    >>> interval_contains(Interval("2000-01-01", "2010-12-31"), "2011-01-01")
    False
    >>> interval_contains(Interval("09:00:00Z", "17:00:00Z"), "10:00:00") is None  # timezone on one side only
    True
    """
    keyed, key = _keyed(interval), temporal_key(value)
    if keyed is None or key is None or keyed[1] != key[:2]:
        return None
    return keyed[0].contains(key[2])


def interval_contains_interval(parent: Interval[Any], child: Interval[Any]) -> bool | None:
    """Whether the temporal interval ``child`` lies within ``parent`` (``None``: cannot tell).

    >>> interval_contains_interval(Interval("2000-01-01", None), Interval("1999-12-31", "2005-01-01"))
    False
    """
    p, c = _keyed(parent), _keyed(child)
    if p is None or c is None or p[1] != c[1]:
        return None
    return p[0].contains_interval(c[0])


# ---- patterns

_FIELDS = ("year", "month", "day", "hour", "minute", "second")


def _pattern_fields(pattern: str) -> dict[str, str]:
    """Field -> ``m`` (mandatory), ``?`` (optional) or ``x`` (not allowed), for the fields the
    pattern writes."""
    text = pattern.lower()
    day_part, sep, time_part = text.partition("t")
    out: dict[str, str] = {}
    if ":" in day_part and not sep:  # a time pattern
        day_part, time_part = "", day_part
    if day_part:
        for name, field in zip(_FIELDS[:3], day_part.split("-"), strict=False):
            out[name] = "?" if field == "??" else "x" if field == "xx" else "m"
    if time_part:
        for name, field in zip(_FIELDS[3:], time_part.split(":"), strict=False):
            out[name] = "?" if field == "??" else "x" if field == "xx" else "m"
    return out


def _value_fields(value: str) -> set[str] | None:
    """The fields a date, time or date-time value gives, else ``None``."""
    day_part, sep, time_part = value.strip().partition("T")
    present: set[str] = set()
    d = _DATE.match(day_part)
    if d is not None:
        present |= {n for n, g in zip(_FIELDS[:3], d.groups(), strict=True) if g is not None}
        if not sep:
            return present
    else:
        time_part = value.strip()
    t = _time_parts(time_part)
    if t is None:
        return None
    return present | {n for n, g in zip(_FIELDS[3:], t[0], strict=True) if g is not None}


def pattern_problem(pattern: str) -> str | None:
    """Why a date, time or date-time pattern breaks the ADL 1.4 rule "where ``??`` appears in a
    field, only ``??`` or ``XX`` can appear in fields to the right; where ``XX`` appears, only
    ``XX``", else ``None``.

    >>> pattern_problem("yyyy-??-dd"), pattern_problem("yyyy-mm-??T??:??:??")
    ('day is mandatory after an optional month', None)
    >>> pattern_problem("hh:XX:??")
    'second is optional after a forbidden minute'
    """
    fields = _pattern_fields(pattern)
    words = {"m": "mandatory", "?": "optional", "x": "forbidden"}
    before: tuple[str, str] | None = None
    for name in _FIELDS:
        status = fields.get(name)
        if status is None:
            continue
        if before is not None:
            allowed = {"?", "x"} if before[1] == "?" else {"x"} if before[1] == "x" else None
            if allowed is not None and status not in allowed:
                word = words[before[1]]
                return f"{name} is {words[status]} after {_article(word)} {word} {before[0]}"
        before = (name, status)
    return None


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def duration_fields(pattern: str) -> set[str]:
    """The designators a duration pattern allows: ``Y M W D`` and ``TH TM TS``.

    >>> sorted(duration_fields("PYMWDTHM"))
    ['D', 'M', 'TH', 'TM', 'W', 'Y']
    """
    day_part, _, time_part = pattern.upper().removeprefix("P").partition("T")
    return set(day_part) | {"T" + c for c in time_part}


_DURATION_VALUE = re.compile(r"(\d+(?:[.,]\d+)?)([YMWDHS])")


def _duration_value_fields(value: str) -> set[str]:
    """The designators a duration uses with a value other than zero (``PT0S`` is the zero
    duration under any pattern)."""
    day_part, _, time_part = value.upper().lstrip("-").removeprefix("P").partition("T")

    def used(part: str, prefix: str) -> set[str]:
        return {prefix + u for n, u in _DURATION_VALUE.findall(part) if float(n.replace(",", "."))}

    return used(day_part, "") | used(time_part, "T")


def pattern_allows(pattern: str, value: Any, *, duration: bool = False) -> bool | None:
    """Whether ``value`` has the fields the pattern demands and none it forbids (``None``:
    the value is not of the pattern's kind).

    >>> pattern_allows("yyyy-mm-dd", "2004-05"), pattern_allows("yyyy-??-XX", "2004-05")
    (False, True)
    >>> pattern_allows("PW", "P3W", duration=True), pattern_allows("PW", "P1D", duration=True)
    (True, False)
    >>> pattern_allows("PDTHM", "PT0S", duration=True)
    True
    """
    if not isinstance(value, str):
        return None
    if duration:
        return _duration_value_fields(value) <= duration_fields(pattern)
    present = _value_fields(value)
    if present is None:
        return None
    for name, status in _pattern_fields(pattern).items():
        if (status == "m" and name not in present) or (status == "x" and name in present):
            return False
    return True


def pattern_narrowing(child: str, parent: str, *, duration: bool = False) -> str | None:
    """Why the pattern ``child`` allows values the pattern ``parent`` does not, else ``None``.
    A field the parent leaves optional (``??``) may become mandatory or forbidden; a mandatory
    or forbidden field must stay as it is. A duration may only drop designators.

    >>> pattern_narrowing("yyyy-mm-??", "yyyy-mm-dd")
    'day is optional, where the parent makes it mandatory'
    >>> pattern_narrowing("yyyy-mm-dd", "yyyy-??-??") is None, pattern_narrowing("PYMD", "PYM", duration=True)
    (True, 'designators D are not in the parent pattern PYM')
    """
    if duration:
        extra = duration_fields(child) - duration_fields(parent)
        if extra:
            return f"designators {', '.join(sorted(extra))} are not in the parent pattern {parent}"
        return None
    words = {"m": "mandatory", "?": "optional", "x": "not allowed"}
    c_fields, p_fields = _pattern_fields(child), _pattern_fields(parent)
    for name in _FIELDS:
        c, p = c_fields.get(name), p_fields.get(name)
        if c is None or p is None or p == "?" or c == p:
            continue
        return f"{name} is {words[c]}, where the parent makes it {words[p]}"
    return None
