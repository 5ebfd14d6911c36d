"""The checks: one small generator per constraint kind, found through registries.

* :data:`PRIMITIVE_CHECKS` — by primitive constraint class (``CString``, ``CReal``, ``CDate``...);
* :data:`DOMAIN_CHECKS` — by domain type constraint class (``CDvQuantity``, ``CCodePhrase``...);
* :data:`RM_CHECKS` — RM invariants by RM type (a ``DV_QUANTITY`` has units, an interval's lower
  bound is not above its upper one, a date is a date).

Each check takes ``(value, constraint, where)`` and yields diagnostics; values are in canonical
JSON form (FLAT data is brought to that form first).

>>> from strukturjournal.aom import CQuantityItem
>>> from strukturjournal.base import Interval
>>> c = CDvQuantity("DV_QUANTITY", list=[CQuantityItem("mm[Hg]", Interval(0.0, 1000.0))])
>>> [d.code for d in DOMAIN_CHECKS[CDvQuantity]({"magnitude": 1200.0, "units": "mm[Hg]"}, c, Where("/v", "/v"))]
['out-of-range']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from strukturjournal.aom import (
    CBoolean,
    CCodePhrase,
    CDate,
    CDateTime,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CDvScale,
    CInteger,
    CPrimitive,
    CReal,
    CString,
    CTime,
)
from strukturjournal.base import Interval
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm.terminology import NULL_FLAVOURS
from strukturjournal.validate._report import Where, fmt_interval, report
from strukturjournal.validate._terminology import check_event_context, check_participation, code_of

__all__ = [
    "DOMAIN_CHECKS",
    "DURATION",
    "NULL_FLAVOURS",
    "PRIMITIVE_CHECKS",
    "RM_CHECKS",
    "Check",
    "check_null_flavour",
    "decimals",
    "duration_seconds",
    "is_number",
    "parse_temporal",
    "temporal_pattern_ok",
]

Check = Callable[[Any, Any, Where], Iterator[Diagnostic]]



def is_number(value: Any) -> bool:
    """A JSON number (``bool`` is not one).

    >>> is_number(1), is_number(1.5), is_number(True), is_number("1")
    (True, True, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool)


def decimals(value: float | int) -> int:
    """Digits after the point in the shortest form of a number.

    >>> decimals(120.0), decimals(37.25), decimals(3)
    (0, 2, 0)
    """
    if isinstance(value, int):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exp = re.split("[eE]", text)
        return max(decimals(float(mantissa)) - int(exp), 0)
    frac = text.split(".", 1)[1] if "." in text else ""
    return len(frac.rstrip("0"))


# --- temporal values
_DATE = r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
_TIME = r"(?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<frac>[.,]\d+)?)?)?(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?"
_BASIC_DATE = r"(?P<year_b>\d{4})(?:(?P<month_b>\d{2})(?P<day_b>\d{2})?)?"
_BASIC_TIME = r"(?P<hour_b>\d{2})(?:(?P<minute_b>\d{2})(?:(?P<second_b>\d{2})(?P<frac_b>[.,]\d+)?)?)?(?P<tz_b>Z|[+-]\d{2}(?:\d{2})?)?"
_TEMPORAL = {
    "DATE": re.compile(f"^(?:{_DATE}|{_BASIC_DATE})$"),
    "TIME": re.compile(f"^(?:{_TIME}|{_BASIC_TIME})$"),
    "DATE_TIME": re.compile(f"^(?:{_DATE}(?:T{_TIME})?|{_BASIC_DATE}(?:T{_BASIC_TIME})?)$"),
}
#: an ISO 8601 duration, its parts as named groups
DURATION = re.compile(
    r"^-?P(?=\d|T\d)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)
_PARTS = {
    "DATE": ("year", "month", "day"),
    "TIME": ("hour", "minute", "second"),
    "DATE_TIME": ("year", "month", "day", "hour", "minute", "second"),
}


def parse_temporal(kind: str, value: str) -> dict[str, str] | None:
    """The components of an ISO 8601 (extended, possibly partial) date, time or date-time.

    Basic format (``20190114``) is read too.

    >>> parse_temporal("DATE", "2021-03").get("day"), parse_temporal("DATE", "20190114")["day"]
    (None, '14')
    >>> parse_temporal("DATE", "21.03.2021") is None
    True
    """
    m = _TEMPORAL[kind].match(value)
    if m is None:
        return None
    parts = {k.split("_", 1)[0]: v for k, v in m.groupdict().items() if v is not None}
    for name, limit in (("month", 12), ("day", 31), ("hour", 24), ("minute", 59), ("second", 60)):
        v = parts.get(name)
        if v is not None and (int(v) > limit or (name in ("month", "day") and int(v) == 0)):
            return None
    return parts


def duration_seconds(value: str) -> float | None:
    """An ISO 8601 duration in seconds (years and months of average length); ``None`` if not one.

    >>> duration_seconds("PT1H30M"), duration_seconds("P1X")
    (5400.0, None)
    """
    m = DURATION.match(value)
    if m is None:
        return None
    unit = {"Y": 31556952, "M": 2629746, "W": 604800, "D": 86400, "h": 3600, "m": 60, "s": 1}
    total = sum(float(v.replace(",", ".")) * unit[k] for k, v in m.groupdict().items() if v)
    return -total if value.startswith("-") else total


def temporal_pattern_ok(kind: str, parts: dict[str, str], pattern: str) -> bool:
    """ADL temporal patterns: ``yyyy-mm-dd`` required, ``??`` optional, ``XX`` forbidden."""
    fields = re.findall(r"[A-Za-z?]{2,4}", pattern.replace("T", " "))  # ``ddTHH``: the T separates fields
    names = _PARTS[kind]
    if len(fields) != len(names):
        return True  # a pattern this reader does not know: no judgement
    for name, spec in zip(names, fields, strict=True):
        present = parts.get(name) is not None
        if spec == "XX" and present:
            return False
        if "?" not in spec and spec != "XX" and not present:
            return False
    return True


def _temporal_key(kind: str, value: str) -> Any:
    if kind == "DURATION":
        return duration_seconds(value)
    try:
        text = value.replace("Z", "+00:00")
        if kind == "TIME":
            return datetime.fromisoformat("2000-01-01T" + text).replace(tzinfo=None)
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return value


# --- primitives
def _check_string(value: Any, c: CString, w: Where) -> Iterator[Diagnostic]:
    if not isinstance(value, str):
        yield report("wrong-type", w, value=value, expected="text", actual=type(value).__name__)
        return
    if c.pattern is not None:
        try:  # the pattern itself is accepted too: tools write it as the value (action_archetype_id)
            ok = value == c.pattern or re.fullmatch(c.pattern, value) is not None
        except re.error:
            ok = True
        if not ok:
            yield report("pattern-mismatch", w, value=value, allowed=c.pattern)
    elif c.list and not c.list_open and value not in c.list:
        yield report("value-not-allowed", w, value=value, allowed=list(c.list))


def _check_number(value: Any, c: CInteger | CReal, w: Where) -> Iterator[Diagnostic]:
    integer = isinstance(c, CInteger)
    if not is_number(value) or (integer and isinstance(value, float) and not value.is_integer()):
        yield report("wrong-type", w, value=value, expected="an integer" if integer else "a number", actual=type(value).__name__)
        return
    if isinstance(value, float) and not math.isfinite(value):
        yield report("not-finite", w, value=value)
        return
    if c.list and value not in c.list:
        yield report("value-not-allowed", w, value=value, allowed=list(c.list))
    elif c.range is not None and not c.range.contains(value):
        yield report("out-of-range", w, value=value, allowed=fmt_interval(c.range))


def _check_boolean(value: Any, c: CBoolean, w: Where) -> Iterator[Diagnostic]:
    if not isinstance(value, bool):
        yield report("wrong-type", w, value=value, expected="true or false", actual=type(value).__name__)
    elif not c.is_valid(value):
        yield report("value-not-allowed", w, value=value, allowed=[b for b in (True, False) if c.is_valid(b)])


def _temporal_check(kind: str) -> Check:
    def check(value: Any, c: Any, w: Where) -> Iterator[Diagnostic]:
        names = {"DATE": "date", "TIME": "time", "DATE_TIME": "date-time", "DURATION": "duration"}
        if not isinstance(value, str):
            yield report("wrong-type", w, value=value, expected=names[kind], actual=type(value).__name__)
            return
        if kind == "DURATION":
            m = DURATION.match(value)
            if m is None:
                yield report("invalid-format", w, value=value, expected="ISO 8601 duration")
                return
            if c.pattern:
                allowed = _duration_fields(c.pattern)
                used = {("T" + k.upper() if k.islower() else k) for k, v in m.groupdict().items() if v}
                if allowed and not used <= allowed:
                    yield report("pattern-mismatch", w, value=value, allowed=c.pattern)
        else:
            parts = parse_temporal(kind, value)
            if parts is None:
                yield report("invalid-format", w, value=value, expected=f"ISO 8601 {names[kind]}")
                return
            if c.pattern and not temporal_pattern_ok(kind, parts, c.pattern):
                yield report("pattern-mismatch", w, value=value, allowed=c.pattern)
        if c.list and value not in c.list:
            yield report("value-not-allowed", w, value=value, allowed=list(c.list))
        elif c.range is not None:
            iv = c.range
            key = _temporal_key(kind, value)
            bounds = Interval(
                None if iv.lower is None else _temporal_key(kind, iv.lower),
                None if iv.upper is None else _temporal_key(kind, iv.upper),
                iv.lower_included,
                iv.upper_included,
            )
            try:
                inside = bounds.contains(key)
            except TypeError:
                inside = True
            if not inside:
                yield report("out-of-range", w, value=value, allowed=fmt_interval(iv))

    return check


def _duration_fields(pattern: str) -> set[str]:
    fields = pattern.split("/", 1)[0].strip()
    if not fields.startswith("P"):
        return set()
    date, _, time = fields[1:].partition("T")
    return set(date) | {"T" + ch for ch in time}


PRIMITIVE_CHECKS: dict[type[CPrimitive], Check] = {
    CString: _check_string,
    CInteger: _check_number,
    CReal: _check_number,
    CBoolean: _check_boolean,
    CDate: _temporal_check("DATE"),
    CTime: _temporal_check("TIME"),
    CDateTime: _temporal_check("DATE_TIME"),
    CDuration: _temporal_check("DURATION"),
}


# --- domain types
def _check_code_phrase(value: Any, c: CCodePhrase, w: Where) -> Iterator[Diagnostic]:
    terminology, code = code_of(value)
    if code is None:
        yield report("missing-mandatory", w.attr("code_string"), value="code")
        return
    wanted = c.terminology_id
    if wanted and terminology and terminology != wanted and c.reference_set_uri is None:
        yield report("code-not-allowed", w, value=f"{terminology}::{code}", allowed=f"codes of {wanted}")
    elif c.code_list and code not in c.code_list:
        yield report("code-not-allowed", w, value=code, allowed=list(c.code_list))


def _check_quantity(value: Any, c: CDvQuantity, w: Where) -> Iterator[Diagnostic]:
    units = value.get("units")
    magnitude = value.get("magnitude")
    if not c.list or not isinstance(units, str):
        return
    item = c.item_for(units)
    if item is None:
        yield report("wrong-unit", w.attr("units"), value=units, allowed=[i.units for i in c.list])
        return
    if is_number(magnitude) and math.isfinite(magnitude):
        if item.magnitude is not None and not item.magnitude.contains(magnitude):
            yield report("out-of-range", w.attr("magnitude"), value=magnitude, unit=units,
                         allowed=fmt_interval(item.magnitude, units))
        if item.precision is not None and item.precision.upper is not None and item.precision.upper >= 0:
            if decimals(magnitude) > item.precision.upper:
                yield report("wrong-precision", w.attr("magnitude"), value=magnitude,
                             allowed=f"at most {item.precision.upper} decimals")
    precision = value.get("precision")
    if is_number(precision) and item.precision is not None and not item.precision.contains(precision):
        yield report("wrong-precision", w.attr("precision"), value=precision, allowed=fmt_interval(item.precision))


def _check_ordinal(value: Any, c: CDvOrdinal | CDvScale, w: Where) -> Iterator[Diagnostic]:
    symbol = value.get("symbol")
    terminology, code = code_of(symbol.get("defining_code") if isinstance(symbol, dict) else None)
    if code is None:
        if value.get("value") is None:
            yield report("missing-mandatory", w.attr("symbol"), value="code")
            return
        matches = [o for o in c.list if o.value == value.get("value")]
        if c.list and not matches:
            yield report("value-not-allowed", w.attr("value"), value=value.get("value"), allowed=[o.value for o in c.list])
        return
    found = [o for o in c.list if o.symbol.code_string == code and (terminology in (None, o.symbol.terminology_id))]
    if c.list and not found:
        yield report("code-not-allowed", w.attr("symbol"), value=code,
                     allowed=[o.symbol.code_string for o in c.list])
        return
    number = value.get("value")
    if found and number is not None and number != found[0].value:
        where = w.child("|ordinal", "/value") if w.flat else w.attr("value")
        yield report("ordinal-mismatch", where, value=number, expected=code, allowed=found[0].value)


DOMAIN_CHECKS: dict[type, Check] = {
    CCodePhrase: _check_code_phrase,
    CDvQuantity: _check_quantity,
    CDvOrdinal: _check_ordinal,
    CDvScale: _check_ordinal,
}


# --- RM invariants
def _needs(value: dict[str, Any], w: Where, *names: str) -> Iterator[Diagnostic]:
    for name in names:
        if value.get(name) is None:
            yield report("missing-mandatory", w.attr(name), value=name)


def _number_attr(value: dict[str, Any], w: Where, name: str, integer: bool = False) -> Iterator[Diagnostic]:
    v = value.get(name)
    if v is None:
        return
    if not is_number(v) or (integer and isinstance(v, float) and not v.is_integer()):
        yield report("wrong-type", w.attr(name), value=v, expected="an integer" if integer else "a number",
                     actual=type(v).__name__)
    elif isinstance(v, float) and not math.isfinite(v):
        yield report("not-finite", w.attr(name), value=v)


def _rm_quantity(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    yield from _needs(value, w, "magnitude", "units")
    yield from _number_attr(value, w, "magnitude")
    yield from _number_attr(value, w, "precision", integer=True)


def _rm_count(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    yield from _needs(value, w, "magnitude")
    yield from _number_attr(value, w, "magnitude", integer=True)


def _rm_proportion(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    yield from _needs(value, w, "numerator", "denominator", "type")
    for name in ("numerator", "denominator"):
        yield from _number_attr(value, w, name)
    yield from _number_attr(value, w, "type", integer=True)
    kind, num, den = value.get("type"), value.get("numerator"), value.get("denominator")
    if is_number(kind) and kind not in (0, 1, 2, 3, 4):
        yield report("value-not-allowed", w.attr("type"), value=kind, allowed=[0, 1, 2, 3, 4])
    if is_number(den):
        if den == 0 and kind != 0:
            yield report("value-not-allowed", w.attr("denominator"), value=den, allowed="a non-zero number")
        elif kind == 1 and den != 1:
            yield report("value-not-allowed", w.attr("denominator"), value=den, allowed=[1])
        elif kind == 2 and den != 100:
            yield report("value-not-allowed", w.attr("denominator"), value=den, allowed=[100])
    if kind in (3, 4):
        for name, v in (("numerator", num), ("denominator", den)):
            if is_number(v) and not float(v).is_integer():  # type: ignore[arg-type]
                yield report("wrong-type", w.attr(name), value=v, expected="an integer", actual="a fraction")


def _rm_temporal(kind: str) -> Check:
    check = PRIMITIVE_CHECKS[{"DATE": CDate, "TIME": CTime, "DATE_TIME": CDateTime, "DURATION": CDuration}[kind]]
    empty = {"DATE": CDate(), "TIME": CTime(), "DATE_TIME": CDateTime(), "DURATION": CDuration()}[kind]

    def rm_check(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
        if value.get("value") is None:
            yield report("missing-mandatory", w.attr("value"), value="value")
        else:
            yield from check(value["value"], empty, w.attr("value"))

    return rm_check


def _rm_boolean(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    v = value.get("value")
    if v is None:
        yield report("missing-mandatory", w.attr("value"), value="value")
    elif not isinstance(v, bool):
        yield report("wrong-type", w.attr("value"), value=v, expected="true or false", actual=type(v).__name__)


def _rm_text(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    v = value.get("value")
    if v is not None and not isinstance(v, str):
        yield report("wrong-type", w.attr("value"), value=v, expected="text", actual=type(v).__name__)


def _rm_ordinal(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    yield from _number_attr(value, w, "value", integer=True)


def _bound_key(bound: Any) -> tuple[str, Any] | None:
    if not isinstance(bound, dict):
        return None
    for name in ("magnitude", "value"):
        v = bound.get(name)
        if is_number(v):
            unit = bound.get("units")
            return (str(unit), v)
        if isinstance(v, str):
            kind = str(bound.get("_type", "DV_DATE_TIME"))[3:]
            key = _temporal_key(kind if kind in ("DATE", "TIME", "DATE_TIME", "DURATION") else "DATE_TIME", v)
            return ("t", key)
    return None


def _rm_interval(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    lo, hi = _bound_key(value.get("lower")), _bound_key(value.get("upper"))
    if lo is None or hi is None or lo[0] != hi[0]:
        return
    try:
        reversed_ = lo[1] > hi[1]
    except TypeError:
        return
    if reversed_:
        lower, upper = value["lower"], value["upper"]
        shown = [b.get("magnitude", b.get("value")) for b in (lower, upper)]
        yield report("interval-reversed", w, value=shown[0], allowed=shown[1])


RM_CHECKS: dict[str, Check] = {
    "DV_QUANTITY": _rm_quantity,
    "DV_COUNT": _rm_count,
    "DV_PROPORTION": _rm_proportion,
    "DV_DATE": _rm_temporal("DATE"),
    "DV_TIME": _rm_temporal("TIME"),
    "DV_DATE_TIME": _rm_temporal("DATE_TIME"),
    "DV_DURATION": _rm_temporal("DURATION"),
    "DV_BOOLEAN": _rm_boolean,
    "DV_TEXT": _rm_text,
    "DV_CODED_TEXT": _rm_text,
    "DV_ORDINAL": _rm_ordinal,
    "DV_INTERVAL": _rm_interval,
    "PARTICIPATION": check_participation,
    "EVENT_CONTEXT": check_event_context,
}


def check_null_flavour(value: Any, w: Where) -> Iterator[Diagnostic]:
    """A null flavour must be an openEHR null flavour code.

    >>> [d.code for d in check_null_flavour({"defining_code": {"code_string": "999"}}, Where("/e", "/e"))]
    ['invalid-null-flavour']
    """
    code = value.get("defining_code") if isinstance(value, dict) else None
    _, code_string = code_of(code)
    if code_string not in NULL_FLAVOURS:
        yield report("invalid-null-flavour", w, value=code_string, allowed=[f"{k} {v}" for k, v in NULL_FLAVOURS.items()])
