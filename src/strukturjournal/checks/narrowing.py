"""VPOV: whether a redefined primitive or domain-type constraint narrows its parent's.

Ranges within ranges, lists within lists, strings within a closed list, booleans the parent
allows; quantity units and magnitudes, code lists and ordinal values within the parent's; and
dates, times, date-times and durations compared as such (see :mod:`._temporal`): ranges by
position, patterns field by field (a field the parent leaves optional may become mandatory or
forbidden), duration patterns by their designators.

>>> from strukturjournal.aom import CPrimitiveObject
>>> from strukturjournal.aom.primitives import CDuration
>>> from strukturjournal.base import Interval, IsoDuration
>>> parent = CPrimitiveObject("DURATION", item=CDuration(range=Interval(IsoDuration("PT0S"), IsoDuration("PT24H"))))
>>> child = CPrimitiveObject("DURATION", item=CDuration(range=Interval(IsoDuration("PT1H"), IsoDuration("P2D"))))
>>> narrowing_problem(child, parent)
'range |PT1H..P2D| is not within |PT0S..PT24H|'
"""

from __future__ import annotations

from typing import Any

from strukturjournal.aom import CCodePhrase, CDvOrdinal, CDvQuantity, CObject, CPrimitiveObject
from strukturjournal.aom.primitives import (
    CBoolean,
    CDate,
    CDateTime,
    CDuration,
    CInteger,
    CReal,
    CString,
    CTime,
)
from strukturjournal.checks._common import parent_code
from strukturjournal.checks._temporal import (
    interval_contains,
    interval_contains_interval,
    pattern_allows,
    pattern_narrowing,
)

__all__ = ["narrowing_problem"]


def narrowing_problem(c: CObject, p: CObject) -> str | None:
    """How the constraint ``c`` is wider than the parent constraint ``p`` it redefines, else
    ``None`` (also when the two cannot be compared).

    >>> from strukturjournal.aom.primitives import CDate
    >>> narrowing_problem(CPrimitiveObject("DATE", item=CDate(pattern="yyyy-??-??")),
    ...                   CPrimitiveObject("DATE", item=CDate(pattern="yyyy-mm-??")))
    'month is optional, where the parent makes it mandatory'
    """
    if isinstance(c, CPrimitiveObject) and isinstance(p, CPrimitiveObject):
        return _primitive(c, p)
    if isinstance(c, CDvQuantity) and isinstance(p, CDvQuantity) and p.list:
        for item in c.list:
            parent_item = p.item_for(item.units)
            if parent_item is None:
                return f"unit {item.units!r} is not allowed by the parent"
            if parent_item.magnitude is not None and (
                item.magnitude is None
                or not parent_item.magnitude.contains_interval(item.magnitude)
            ):
                return f"magnitude of {item.units!r} is wider than {parent_item.magnitude}"
        if not c.list:
            return "any unit, where the parent lists units"
    if (
        isinstance(c, CCodePhrase)
        and isinstance(p, CCodePhrase)
        and p.code_list
        and c.terminology_id == p.terminology_id
    ):
        extra = [
            code
            for code in c.code_list
            if code not in p.code_list and parent_code(code) not in p.code_list
        ]
        if extra or not c.code_list:
            return f"codes {', '.join(extra) or 'any'} are not in the parent's list"
    if isinstance(c, CDvOrdinal) and isinstance(p, CDvOrdinal) and p.list:
        extra_values: list[int | float] = sorted(set(c.values()) - set(p.values()))
        if extra_values:
            return f"ordinal values {extra_values} are not in the parent's list"
    return None


def _primitive(c: CPrimitiveObject, p: CPrimitiveObject) -> str | None:
    ci, pi = c.item, p.item
    if ci is None or pi is None or type(ci) is not type(pi):
        return None
    if isinstance(ci, CInteger | CReal) and isinstance(pi, CInteger | CReal):
        if pi.range is not None:
            if ci.range is not None and not pi.range.contains_interval(ci.range):
                return f"range {ci.range} is not within {pi.range}"
            if ci.range is None and not ci.list:
                return f"any value, where the parent allows {pi.range}"
            if any(not pi.range.contains(v) for v in ci.list):
                return f"values {ci.list} are not within {pi.range}"
        if pi.list and not set(ci.list) <= set(pi.list):
            return f"values {ci.list} are not in {pi.list}"
    if isinstance(ci, CDate | CTime | CDateTime | CDuration) and isinstance(
        pi, CDate | CTime | CDateTime | CDuration
    ):
        return _temporal(ci, pi)
    if (
        isinstance(ci, CString)
        and isinstance(pi, CString)
        and pi.list
        and not pi.list_open
        and (not ci.list or not set(ci.list) <= set(pi.list))
    ):
        return f"strings {ci.list or 'any'} are not in {pi.list}"
    if (
        isinstance(ci, CBoolean)
        and isinstance(pi, CBoolean)
        and ((ci.true_valid and not pi.true_valid) or (ci.false_valid and not pi.false_valid))
    ):
        return "a boolean value the parent excludes"
    return None


def _temporal(
    ci: CDate | CTime | CDateTime | CDuration, pi: CDate | CTime | CDateTime | CDuration
) -> str | None:
    """Dates, times, date-times and durations: pattern, range and list against the parent's.
    A comparison that cannot be made (a timezone on one side only, a partial date) is no
    finding."""
    duration = isinstance(ci, CDuration)
    unconstrained = ci.pattern is None and ci.range is None and not ci.list
    values: list[Any] = list(ci.list)
    if ci.range is not None and pi.range is None:  # with a parent range, containment decides
        values += [b for b in (ci.range.lower, ci.range.upper) if b is not None]
    if pi.pattern is not None:
        if ci.pattern is not None:
            reason = pattern_narrowing(ci.pattern, pi.pattern, duration=duration)
            if reason:
                return reason
        elif unconstrained:
            return f"any value, where the parent requires the pattern {pi.pattern}"
        for v in values:
            if pattern_allows(pi.pattern, v, duration=duration) is False:
                return f"{v} does not fit the parent's pattern {pi.pattern}"
    if pi.range is not None:
        if ci.range is not None:
            if interval_contains_interval(pi.range, ci.range) is False:
                return f"range {ci.range} is not within {pi.range}"
        elif not ci.list:
            return f"no range, where the parent allows only {pi.range}"
        for v in ci.list:
            if interval_contains(pi.range, v) is False:
                return f"{v} is not within {pi.range}"
    if pi.list and (not ci.list or not set(ci.list) <= set(pi.list)):
        return f"values {ci.list or 'any'} are not in {pi.list}"
    return None
