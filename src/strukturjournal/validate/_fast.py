"""Compiled acceptors: per template node, a quick test that a FLAT value certainly has no problem.

Compiling a template's validator compiles, for each data value node whose constraint has a
shape seen often (a quantity with its units, a coded text with its code list, a count range, an
ordinal list, a date-time, a plain text), a small function of the node's FLAT values
(``{"magnitude": 120, "unit": "mm[Hg]"}``) that answers ``True`` only when the full checks would
find nothing. Anything else (text where a number belongs, a unit not listed, a value out of range,
a ``|raw`` value, a shape not compiled) answers ``False``, and the full checks run and say what is
wrong. So the acceptors change speed, never results; ``tests/validate/test_fast_path.py`` holds
them to that on the SDK corpus and on generated values.

>>> from strukturjournal.aom import CDvQuantity, CQuantityItem
>>> from strukturjournal.base import Interval
>>> accept = compile_acceptor("DV_QUANTITY", CDvQuantity("DV_QUANTITY", list=[
...     CQuantityItem("mm[Hg]", Interval(0.0, 1000.0), Interval(0, 0))]), ())
>>> accept({"magnitude": 120, "unit": "mm[Hg]"}), accept({"magnitude": 1200, "unit": "mm[Hg]"})
(True, False)
>>> accept({"magnitude": "120", "unit": "mm[Hg]"})  # text: the full checks decide
False
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from strukturjournal.aom import (
    ArchetypeSlot,
    CBoolean,
    CCodePhrase,
    CComplexObject,
    CDate,
    CDateTime,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CInteger,
    CObject,
    CPrimitiveObject,
    CReal,
    CString,
    CTime,
)
from strukturjournal.base import Interval
from strukturjournal.template.web_tree import WtInput
from strukturjournal.validate._checks import DURATION, decimals, parse_temporal, temporal_pattern_ok
from strukturjournal.validate._flat_values import SUFFIXES

__all__ = ["Accept", "compile_acceptor"]

#: ``values -> True`` when the value certainly passes every check
Accept = Callable[[dict[str, Any]], bool]

# data value types :func:`~strukturjournal.validate._flat_values.to_canonical` gives no canonical form
_CONVERTED = frozenset({
    "DV_QUANTITY", "DV_COUNT", "DV_PROPORTION", "DV_TEXT", "DV_CODED_TEXT", "CODE_PHRASE", "DV_ORDINAL",
    "DV_SCALE", "DV_BOOLEAN", "DV_DATE", "DV_TIME", "DV_DATE_TIME", "DV_DURATION", "DV_URI", "DV_EHR_URI",
})  # fmt: skip

_TEMPORAL_KIND = {"DV_DATE": "DATE", "DV_TIME": "TIME", "DV_DATE_TIME": "DATE_TIME"}
_TEMPORAL_PRIMITIVE = {"DATE": CDate, "TIME": CTime, "DATE_TIME": CDateTime}


def _is_int(v: Any) -> bool:
    return type(v) is int


def _is_number(v: Any) -> bool:
    return (type(v) is int) or (type(v) is float and math.isfinite(v))


def _in_range(v: Any, interval: Interval[Any] | None) -> bool:
    if interval is None:
        return True
    try:
        return interval.contains(v)
    except TypeError:
        return False


def _number_ok(c: CInteger | CReal) -> Callable[[Any], bool]:
    """``_check_number`` without messages: the type, then the list or the range."""
    integer = isinstance(c, CInteger)
    listed = list(c.list)
    bounds = c.range

    def ok(v: Any) -> bool:
        if not (_is_int(v) if integer else _is_number(v)):
            return False
        if listed:
            return v in listed
        return _in_range(v, bounds)

    return ok


def _string_ok(c: CString) -> Callable[[Any], bool] | None:
    if c.pattern is not None:
        try:
            regex = re.compile(c.pattern)
        except re.error:
            return None
        pattern = c.pattern
        return lambda v: isinstance(v, str) and (v == pattern or regex.fullmatch(v) is not None)
    if c.list and not c.list_open:
        allowed = frozenset(c.list)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: isinstance(v, str)


def _primitive(attr_children: list[CObject]) -> Any:
    """The one primitive constraint of an attribute, ``None`` for none, ``False`` for a shape not compiled."""
    if not attr_children:
        return None
    if len(attr_children) != 1 or not isinstance(attr_children[0], CPrimitiveObject):
        return False
    item = attr_children[0].item
    return item if item is not None else None


def _attributes(c: CComplexObject, names: Iterable[str]) -> dict[str, Any] | None:
    """Primitive constraints of the attributes the canonical value can hold, by name; ``None``
    when one of them has a shape not compiled."""
    wanted = set(names)
    out: dict[str, Any] = {}
    for attr in c.attributes:
        if attr.rm_attribute_name not in wanted:
            continue
        if attr.is_multiple:
            return None
        item = _primitive(attr.children)
        if item is False:
            return None
        if item is not None:
            out[attr.rm_attribute_name] = item
    return out


def _code_lists(inputs: Iterable[WtInput]) -> frozenset[str] | None:
    """The codes the web template lists for ``|code`` of a node without a template constraint."""
    codes: set[str] | None = None
    for inp in inputs:
        if inp.suffix == "code" and inp.list:
            codes = (codes or set()) | {v.value for v in inp.list}
    return frozenset(codes) if codes is not None else None


def compile_acceptor(rm_type: str, constraint: CObject | None, inputs: Iterable[WtInput]) -> Accept | None:
    """The acceptor of one node (its RM type, template constraint and web template inputs), or
    ``None`` when its shape is not compiled (its values always get the full checks)."""
    allowed = SUFFIXES.get(rm_type)
    if constraint is not None and constraint.rm_type_name == "ELEMENT":
        constraint = None
    inner = _compile(rm_type, constraint, tuple(inputs))
    if inner is None:
        return None
    if allowed is None:
        return lambda values: "raw" not in values and inner(values)
    return lambda values: "raw" not in values and values.keys() <= allowed and inner(values)


def _compile(rm_type: str, c: CObject | None, inputs: tuple[WtInput, ...]) -> Accept | None:
    if rm_type not in _CONVERTED:
        return lambda values: True  # no canonical form: nothing is checked beyond the suffixes
    if c is not None and c.rm_type_name != rm_type:
        return None  # a subtype in the data or a constraint of another type: full checks
    if rm_type == "DV_QUANTITY":
        return _quantity(c)
    if rm_type == "DV_COUNT":
        return _count(c)
    if rm_type == "DV_PROPORTION":
        return _proportion(c)
    if rm_type == "DV_CODED_TEXT":
        return _coded_text(c, inputs)
    if rm_type == "CODE_PHRASE":
        return _code_phrase(c, inputs)
    if rm_type == "DV_TEXT":
        return _text(c)
    if rm_type == "DV_ORDINAL":
        return _ordinal(c)
    if rm_type in _TEMPORAL_KIND:
        return _temporal(_TEMPORAL_KIND[rm_type], c)
    if rm_type == "DV_DURATION":
        return _duration(c)
    if rm_type == "DV_BOOLEAN":
        return _boolean(c)
    return None


def _quantity(c: CObject | None) -> Accept | None:
    if not isinstance(c, CDvQuantity) or not c.list:
        return None
    units: dict[str, tuple[Interval[float] | None, int | None]] = {}
    for item in c.list:
        digits = item.precision.upper if item.precision is not None else None
        units.setdefault(item.units, (item.magnitude, digits if digits is not None and digits >= 0 else None))
    only = c.list[0].units if len(c.list) == 1 else None

    def accept(values: dict[str, Any]) -> bool:
        if "precision" in values:
            return False
        magnitude = values.get("magnitude")
        if not _is_number(magnitude):
            return False
        found = units.get(values.get("unit", values.get("units", only)))  # type: ignore[arg-type]
        if found is None:
            return False
        bounds, digits = found
        return _in_range(magnitude, bounds) and (digits is None or decimals(magnitude) <= digits)  # type: ignore[arg-type]

    return accept


def _magnitude(values: dict[str, Any]) -> Any:
    return values.get("" if "" in values else "magnitude")


def _count(c: CObject | None) -> Accept | None:
    if c is None:
        return lambda values: _is_int(_magnitude(values))
    if not isinstance(c, CComplexObject) or (prims := _attributes(c, ["magnitude"])) is None:
        return None
    item = prims.get("magnitude")
    if item is None:
        return lambda values: _is_int(_magnitude(values))
    if not isinstance(item, CInteger):
        return None
    ok = _number_ok(item)
    return lambda values: ok(_magnitude(values))


def _proportion(c: CObject | None) -> Accept | None:
    if not isinstance(c, CComplexObject):
        return None  # the RM invariants of a proportion: full checks
    names = ("numerator", "denominator", "type", "precision")
    prims = _attributes(c, names)
    if prims is None or any(not isinstance(p, CInteger | CReal) for p in prims.values()):
        return None
    checks = [(name, _number_ok(p)) for name, p in prims.items()]
    integers = ("type", "precision")

    def accept(values: dict[str, Any]) -> bool:
        if "" in values:
            return False
        for name in names:
            v = values.get(name)
            if v is not None and not (_is_int(v) if name in integers else _is_number(v)):
                return False
        return all(values.get(name) is None or ok(values[name]) for name, ok in checks)

    return accept


def _phrase(c: CCodePhrase) -> Callable[[Any, Any], bool]:
    wanted = c.terminology_id
    codes = frozenset(c.code_list)
    open_terminology = c.reference_set_uri is not None

    def ok(code: Any, terminology: Any) -> bool:
        if not isinstance(code, str):
            return False
        if wanted and terminology and terminology != wanted and not open_terminology:
            return False
        return not codes or code in codes

    return ok


def _code_phrase(c: CObject | None, inputs: tuple[WtInput, ...]) -> Accept | None:
    if c is None:
        listed = _code_lists(inputs)
        return lambda values: values.get("code") is None or listed is None or values["code"] in listed
    if not isinstance(c, CCodePhrase):
        return None
    ok = _phrase(c)
    return lambda values: ok(values.get("code"), values.get("terminology"))


def _coded_text(c: CObject | None, inputs: tuple[WtInput, ...]) -> Accept | None:
    def text_ok(values: dict[str, Any]) -> bool:
        code = values.get("code")
        return code is not None and "other" not in values and isinstance(values.get("value", code), str)

    if c is None:
        listed = _code_lists(inputs)
        return lambda values: text_ok(values) and (listed is None or values["code"] in listed)
    if not isinstance(c, CComplexObject) or any(a.rm_attribute_name not in ("defining_code", "name")
                                                for a in c.attributes):
        return None
    attr = c.attribute("defining_code")
    if attr is None or not attr.children:
        return text_ok
    child = attr.children[0]
    if len(attr.children) != 1 or not isinstance(child, CCodePhrase) or child.is_prohibited \
            or child.rm_type_name != "CODE_PHRASE" or isinstance(child, ArchetypeSlot):
        return None
    ok = _phrase(child)
    return lambda values: text_ok(values) and ok(values["code"], values.get("terminology"))


def _text(c: CObject | None) -> Accept | None:
    def plain(values: dict[str, Any]) -> Any:
        return values.get("", values.get("value"))

    if c is None:
        return lambda values: "code" not in values and "other" not in values and (
            plain(values) is None or isinstance(plain(values), str))
    if not isinstance(c, CComplexObject) or (prims := _attributes(c, ["value"])) is None:
        return None
    item = prims.get("value")
    if item is not None and not isinstance(item, CString):
        return None
    string_ok = _string_ok(item) if item is not None else (lambda v: isinstance(v, str))
    if string_ok is None:
        return None
    return lambda values: "code" not in values and "other" not in values and string_ok(plain(values))


def _ordinal(c: CObject | None) -> Accept | None:
    if not isinstance(c, CDvOrdinal) or not c.list:
        return None
    by_code: dict[str, tuple[Any, str]] = {}
    for o in c.list:
        by_code.setdefault(o.symbol.code_string, (o.value, o.symbol.terminology_id))

    def accept(values: dict[str, Any]) -> bool:
        code = values.get("code")
        if not isinstance(code, str) or code not in by_code:
            return False
        ordinal, terminology = by_code[code]
        given = values.get("terminology")
        if given is not None and given != "undefined" and given != terminology:
            return False
        number = values.get("ordinal")
        return number is None or (_is_int(number) and number == ordinal)

    return accept


def _value_item(c: CObject | None, kind: type) -> Any:
    """The primitive constraint on ``value`` of a complex object (``None``: none; ``False``: not compiled)."""
    if c is None:
        return None
    if not isinstance(c, CComplexObject) or (prims := _attributes(c, ["value"])) is None:
        return False
    item = prims.get("value")
    return item if item is None or isinstance(item, kind) else False


#: the common full extended date-time: a strict subset of what ``parse_temporal`` accepts
_FULL_DATE_TIME = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-4]):[0-5]\d"
    r"(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)


def _temporal(kind: str, c: CObject | None) -> Accept | None:
    item = _value_item(c, _TEMPORAL_PRIMITIVE[kind])
    if item is False or (item is not None and (item.list or item.range is not None)):
        return None
    pattern = item.pattern if item is not None else None
    full = _FULL_DATE_TIME.fullmatch if kind == "DATE_TIME" and not pattern else None

    def accept(values: dict[str, Any]) -> bool:
        v = values.get("", values.get("value"))
        if not isinstance(v, str):
            return False
        if full is not None and full(v) is not None:
            return True
        parts = parse_temporal(kind, v)
        return parts is not None and (not pattern or temporal_pattern_ok(kind, parts, pattern))

    return accept


def _duration(c: CObject | None) -> Accept | None:
    item = _value_item(c, CDuration)
    if item is False or (item is not None and (item.list or item.range is not None or item.pattern)):
        return None

    def accept(values: dict[str, Any]) -> bool:
        v = values.get("", values.get("value"))
        if v is None:
            return True  # given as |year, |month... fields: no canonical value to check
        return isinstance(v, str) and DURATION.match(v) is not None

    return accept


def _boolean(c: CObject | None) -> Accept | None:
    item = _value_item(c, CBoolean)
    if item is False:
        return None

    def accept(values: dict[str, Any]) -> bool:
        v = values.get("", values.get("value"))
        return isinstance(v, bool) and (item is None or item.is_valid(v))

    return accept
