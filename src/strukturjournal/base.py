"""openEHR BASE foundation types shared by every layer: intervals, coded terms, ISO 8601 values.

>>> Interval(0.0, 1000.0, upper_included=False).contains(120)
True
>>> str(CodePhrase("local", "at0001"))
'[local::at0001]'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = [
    "CodePhrase",
    "Interval",
    "IsoDate",
    "IsoDateTime",
    "IsoDuration",
    "IsoTime",
    "OdinChar",
    "Uri",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Interval(Generic[T]):
    """An interval with optional (unbounded) ends and open or closed bounds.

    ``None`` for ``lower``/``upper`` means unbounded (``*`` in ADL).

    >>> occ = Interval(0, None)
    >>> str(occ), occ.contains(7), occ.is_upper_unbounded
    ('|>=0|', True, True)
    >>> Interval(1, 1).is_point
    True
    """

    lower: T | None = None
    upper: T | None = None
    lower_included: bool = True
    upper_included: bool = True

    @property
    def is_lower_unbounded(self) -> bool:
        return self.lower is None

    @property
    def is_upper_unbounded(self) -> bool:
        return self.upper is None

    @property
    def is_point(self) -> bool:
        return self.lower is not None and self.lower == self.upper

    def contains(self, value: Any) -> bool:
        """Whether ``value`` lies inside the interval.

        >>> Interval(0, 10, lower_included=False).contains(0)
        False
        """
        if isinstance(value, float) and math.isnan(value):
            return False
        if self.lower is not None:
            if value < self.lower or (value == self.lower and not self.lower_included):
                return False
        if self.upper is not None:
            if value > self.upper or (value == self.upper and not self.upper_included):
                return False
        return True

    def contains_interval(self, other: Interval[Any]) -> bool:
        """Whether ``other`` lies wholly inside this interval (used to check narrowing).

        >>> Interval(0, None).contains_interval(Interval(1, 5))
        True
        >>> Interval(0, 1).contains_interval(Interval(0, None))
        False
        """
        if self.lower is not None:
            if other.lower is None or other.lower < self.lower:
                return False
            if other.lower == self.lower and other.lower_included and not self.lower_included:
                return False
        if self.upper is not None:
            if other.upper is None or other.upper > self.upper:
                return False
            if other.upper == self.upper and other.upper_included and not self.upper_included:
                return False
        return True

    def is_valid(self) -> bool:
        """False when the lower bound lies above the upper one.

        >>> Interval(5, 2).is_valid()
        False
        """
        if self.lower is None or self.upper is None:
            return True
        try:
            if self.lower > self.upper:  # type: ignore[operator]
                return False
        except TypeError:
            return False
        return not (self.lower == self.upper and not (self.lower_included and self.upper_included))

    def to_adl(self, *, bars: bool = True) -> str:
        """ADL text of the interval, with the ``|`` bars (ODIN) or without (occurrences).

        >>> Interval(0.0, 1000.0, upper_included=False).to_adl()
        '|0.0..<1000.0|'
        >>> Interval(1, None).to_adl(bars=False), Interval(0, None).to_adl()
        ('1..*', '|>=0|')
        """
        lo, hi = self.lower, self.upper
        if lo is not None and lo == hi and self.lower_included and self.upper_included:
            body = _fmt(lo)
        elif bars and lo is None and hi is not None:
            body = ("<=" if self.upper_included else "<") + _fmt(hi)
        elif bars and hi is None and lo is not None:
            body = (">=" if self.lower_included else ">") + _fmt(lo)
        else:
            left = "*" if lo is None else ("" if self.lower_included else ">") + _fmt(lo)
            right = "*" if hi is None else ("" if self.upper_included else "<") + _fmt(hi)
            body = f"{left}..{right}"
        return f"|{body}|" if bars else body

    def __str__(self) -> str:
        return self.to_adl()


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        text = repr(value)
        return text if ("." in text or "e" in text or "inf" in text) else text + ".0"
    return str(value)


_CODE_PHRASE = re.compile(r"^\[?([^:\[\]]+?)(?:\(([^)]*)\))?::([^\]]*)\]?$")


@dataclass(frozen=True, slots=True)
class CodePhrase:
    """A coded term: terminology id (with optional version) and code string.

    >>> CodePhrase.parse("[SNOMED-CT(2003)::163020007]")
    CodePhrase(terminology_id='SNOMED-CT', code_string='163020007', terminology_version='2003')
    >>> CodePhrase.parse("[ISO_639-1::nb]").code_string
    'nb'
    """

    terminology_id: str
    code_string: str
    terminology_version: str | None = None

    @classmethod
    def parse(cls, text: str) -> CodePhrase:
        m = _CODE_PHRASE.match(text.strip())
        if not m:
            raise ValueError(f"not a coded term: {text!r} (expected [terminology::code])")
        return cls(m.group(1).strip(), m.group(3).strip(), m.group(2))

    def __str__(self) -> str:
        version = f"({self.terminology_version})" if self.terminology_version is not None else ""
        return f"[{self.terminology_id}{version}::{self.code_string}]"


class IsoDate(str):
    """An ISO 8601 date as written (``2004-08-12`` or a partial ``2004-08``)."""

    __slots__ = ()


class IsoTime(str):
    """An ISO 8601 time as written (``12:30:00``)."""

    __slots__ = ()


class IsoDateTime(str):
    """An ISO 8601 date-time as written (``2004-08-12T12:30:00Z``)."""

    __slots__ = ()


_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$",
    re.IGNORECASE,
)
# Nominal lengths used to order durations (a year is 365.25 days, a month 1/12 of that).
_SECONDS = (365.25 * 86400, 365.25 * 86400 / 12, 7 * 86400, 86400, 3600, 60, 1)


class IsoDuration(str):
    """An ISO 8601 duration as written (``P1Y2M``, ``PT30M``); ordered by length, not by text.

    >>> IsoDuration("PT0S") < IsoDuration("P200Y"), IsoDuration("PT90M") > IsoDuration("PT1H")
    (True, True)
    >>> IsoDuration("P1D").seconds
    86400.0
    """

    __slots__ = ()

    @property
    def seconds(self) -> float:
        """Nominal length in seconds (``nan`` when the text is not an ISO 8601 duration)."""
        m = _DURATION.match(self)
        if m is None:
            return math.nan
        total = sum(float(v.replace(",", ".")) * f for v, f in zip(m.groups()[1:], _SECONDS, strict=True) if v)
        return -total if m.group(1) else total

    def _key(self, other: object) -> tuple[float, float] | None:
        if isinstance(other, IsoDuration):
            return self.seconds, other.seconds
        return None

    def __lt__(self, other: object) -> bool:
        k = self._key(other)
        return k[0] < k[1] if k else str.__lt__(self, other)  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        k = self._key(other)
        return k[0] <= k[1] if k else str.__le__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        k = self._key(other)
        return k[0] > k[1] if k else str.__gt__(self, other)  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        k = self._key(other)
        return k[0] >= k[1] if k else str.__ge__(self, other)  # type: ignore[operator]

    __hash__ = str.__hash__


class Uri(str):
    """A URI written bare in ODIN (``http://snomed.info/id/123``)."""

    __slots__ = ()


class OdinChar(str):
    """A single character written in single quotes in ODIN."""

    __slots__ = ()
