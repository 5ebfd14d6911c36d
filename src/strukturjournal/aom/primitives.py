"""Constraints on primitive values (AOM 1.4 ``C_PRIMITIVE`` and its subtypes).

>>> CString(list=["A", "B"]).is_valid("B")
True
>>> CInteger(range=Interval(0, 10)).is_valid(11)
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.base import Interval

__all__ = [
    "CBoolean",
    "CDate",
    "CDateTime",
    "CDuration",
    "CInteger",
    "CPrimitive",
    "CReal",
    "CString",
    "CTime",
]


@dataclass(slots=True)
class CPrimitive:
    """Base of primitive constraints; ``assumed_value`` is the value assumed when data is absent."""

    assumed_value: Any = None

    @property
    def rm_type_name(self) -> str:  # the RM primitive the constraint applies to
        return _RM_TYPE[type(self).__name__]

    def is_valid(self, value: Any) -> bool:  # pragma: no cover - overridden everywhere
        raise NotImplementedError

    @property
    def any_allowed(self) -> bool:
        """True when the constraint is ``*`` (anything of the type)."""
        return self.assumed_value is None


@dataclass(slots=True)
class CString(CPrimitive):
    """``{"a", "b"}`` (list) or ``{/regex/}`` (pattern); neither means any string.

    >>> CString(pattern="[0-9]+").is_valid("123"), CString(pattern="[0-9]+").is_valid("12a")
    (True, False)
    """

    pattern: str | None = None
    list: list[str] = field(default_factory=list)
    list_open: bool = False
    pattern_delimiter: str = "/"

    def is_valid(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if self.pattern is not None:
            try:
                return re.fullmatch(self.pattern, value) is not None
            except re.error:
                return False
        if self.list and not self.list_open:
            return value in self.list
        return True

    @property
    def any_allowed(self) -> bool:
        return self.pattern is None and not self.list and self.assumed_value is None


@dataclass(slots=True)
class _Ordered(CPrimitive):
    list: list[Any] = field(default_factory=list)
    range: Interval[Any] | None = None

    def is_valid(self, value: Any) -> bool:
        if self.list:
            return value in self.list
        if self.range is not None:
            try:
                return self.range.contains(value)
            except TypeError:
                return False
        return True

    @property
    def any_allowed(self) -> bool:
        return not self.list and self.range is None and getattr(self, "pattern", None) is None


@dataclass(slots=True)
class CInteger(_Ordered):
    """``{0, 1, 2}`` or ``{|0..100|}``.

    >>> CInteger(list=[1, 2]).is_valid(2)
    True
    """


@dataclass(slots=True)
class CReal(_Ordered):
    """``{|0.0..<1000.0|}`` or a list of reals.

    >>> CReal(range=Interval(0.0, 1.0)).is_valid(0.5)
    True
    """


@dataclass(slots=True)
class CBoolean(CPrimitive):
    """``{True}``, ``{False}`` or ``{True, False}``.

    >>> CBoolean(true_valid=True, false_valid=False).is_valid(False)
    False
    """

    true_valid: bool = True
    false_valid: bool = True

    def is_valid(self, value: Any) -> bool:
        if not isinstance(value, bool):
            return False
        return self.true_valid if value else self.false_valid

    @property
    def any_allowed(self) -> bool:
        return self.true_valid and self.false_valid and self.assumed_value is None


@dataclass(slots=True)
class _Temporal(_Ordered):
    """Date/time constraints keep ISO 8601 text: a pattern such as ``yyyy-mm-dd``, a list or a range."""

    pattern: str | None = None


@dataclass(slots=True)
class CDate(_Temporal):
    """``{yyyy-mm-??}``, ``{|2000-01-01..2010-12-31|}``.

    >>> CDate(pattern="yyyy-mm-dd").pattern
    'yyyy-mm-dd'
    """


@dataclass(slots=True)
class CTime(_Temporal):
    """``{hh:mm:ss}`` or a range of times.

    >>> CTime(pattern="hh:mm:??").pattern
    'hh:mm:??'
    """


@dataclass(slots=True)
class CDateTime(_Temporal):
    """``{yyyy-mm-ddThh:mm:ss}`` or a range of date-times.

    >>> CDateTime(pattern="yyyy-mm-ddTHH:MM:SS").pattern
    'yyyy-mm-ddTHH:MM:SS'
    """


@dataclass(slots=True)
class CDuration(_Temporal):
    """``{PDTH}`` (allowed fields), ``{|PT0S..PT24H|}``, or both (``{PYMD/|P0Y..P10Y|}``).

    >>> CDuration(pattern="PYMWD").pattern
    'PYMWD'
    """


_RM_TYPE = {
    "CString": "STRING",
    "CInteger": "INTEGER",
    "CReal": "REAL",
    "CBoolean": "BOOLEAN",
    "CDate": "DATE",
    "CTime": "TIME",
    "CDateTime": "DATE_TIME",
    "CDuration": "DURATION",
}
