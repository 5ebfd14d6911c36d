"""FLAT data values to canonical JSON: the suffixes of one instance become one RM value.

``{"magnitude": 120, "unit": "mm[Hg]"}`` of a ``DV_QUANTITY`` node becomes
``{"_type": "DV_QUANTITY", "magnitude": 120, "units": "mm[Hg]"}``, so FLAT and canonical data
meet the same checks. What FLAT leaves out and the template implies (a coded text's
terminology, the only unit allowed) is taken from the template constraint.

>>> to_canonical("DV_QUANTITY", {"magnitude": "120", "unit": "mm[Hg]"}, None, Where("p", "", flat=True), [])
{'_type': 'DV_QUANTITY', 'magnitude': 120, 'units': 'mm[Hg]'}
"""

from __future__ import annotations

from typing import Any

from strukturjournal.aom import CCodePhrase, CComplexObject, CDvQuantity, CObject
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.validate._checks import is_number
from strukturjournal.validate._report import Where, report

__all__ = ["SUFFIXES", "to_canonical"]

_TEXT = {"", "value", "formatting", "language", "encoding", "mappings", "raw"}
_CODED = _TEXT | {"code", "terminology", "preferred_term", "other"}
_ORDERED = {"normal_status", "raw"}
_QUANTIFIED = _ORDERED | {"magnitude_status", "accuracy", "accuracy_is_percent"}
#: suffixes each data value type takes in FLAT data (types not listed take any)
SUFFIXES: dict[str, frozenset[str]] = {
    "DV_QUANTITY": frozenset(_QUANTIFIED | {"magnitude", "unit", "units", "precision", "units_system",
                                            "units_display_name"}),
    "DV_COUNT": frozenset(_QUANTIFIED | {"", "magnitude"}),
    "DV_TEXT": frozenset(_CODED),  # a coded text may stand where a text is constrained
    "DV_CODED_TEXT": frozenset(_CODED),
    "DV_ORDINAL": frozenset(_ORDERED | {"", "code", "value", "ordinal", "terminology"}),
    "DV_SCALE": frozenset(_ORDERED | {"", "code", "value", "ordinal", "terminology"}),
    "DV_BOOLEAN": frozenset({"", "value", "raw"}),
    "DV_DATE": frozenset(_QUANTIFIED | {"", "value"}),
    "DV_TIME": frozenset(_QUANTIFIED | {"", "value"}),
    "DV_DATE_TIME": frozenset(_QUANTIFIED | {"", "value"}),
    "DV_DURATION": frozenset(_QUANTIFIED | {"", "value", "year", "month", "week", "day", "hour", "minute", "second"}),
    "DV_PROPORTION": frozenset(_QUANTIFIED | {"", "numerator", "denominator", "type", "precision"}),
}

_SIMPLE = {"DV_BOOLEAN", "DV_DATE", "DV_TIME", "DV_DATE_TIME", "DV_DURATION", "DV_URI", "DV_EHR_URI"}


def _number(values: dict[str, Any], suffix: str, where: Where, problems: list[Diagnostic], integer: bool = False) -> Any:
    v = values.get(suffix)
    if isinstance(v, str):
        try:
            v = int(v) if v.strip().lstrip("+-").isdigit() else float(v)
        except ValueError:
            problems.append(report("wrong-type", where.child(f"|{suffix}" if suffix else ""), value=v,
                                   expected="a number", actual="text"))
            return None
    elif v is not None and not is_number(v):
        problems.append(report("wrong-type", where.child(f"|{suffix}" if suffix else ""), value=v,
                               expected="a number", actual=type(v).__name__))
        return None
    if integer and isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _terminology(constraint: CObject | None) -> str | None:
    if isinstance(constraint, CComplexObject):
        attr = constraint.attribute("defining_code")
        if attr is not None and attr.children and isinstance(attr.children[0], CCodePhrase):
            return attr.children[0].terminology_id
    if isinstance(constraint, CCodePhrase):
        return constraint.terminology_id
    return None


def to_canonical(
    rm_type: str, values: dict[str, Any], constraint: CObject | None, where: Where, problems: list[Diagnostic]
) -> dict[str, Any] | None:
    """The canonical form of one FLAT value; wrong number text goes to ``problems``; ``None`` when
    the type has no canonical form here (parties, links and other structures checked elsewhere)."""
    plain = values.get("", values.get("value"))
    if rm_type == "DV_QUANTITY":
        out: dict[str, Any] = {"_type": rm_type}
        magnitude = _number(values, "magnitude", where, problems)
        if magnitude is not None:
            out["magnitude"] = magnitude
        units = values.get("unit", values.get("units"))
        if units is None and isinstance(constraint, CDvQuantity) and len(constraint.list) == 1:
            units = constraint.list[0].units
        if units is not None:
            out["units"] = units
        precision = _number(values, "precision", where, problems, integer=True)
        if precision is not None:
            out["precision"] = precision
        return out
    if rm_type == "DV_COUNT":
        key = "" if "" in values else "magnitude"
        magnitude = _number(values, key, where, problems, integer=True)
        return {"_type": rm_type, "magnitude": magnitude}
    if rm_type == "DV_PROPORTION":
        out = {"_type": rm_type}
        if "" in values:  # a plain number: the ratio itself
            _number(values, "", where, problems)
            return None
        for name in ("numerator", "denominator", "type", "precision"):
            v = _number(values, name, where, problems, integer=name in ("type", "precision"))
            if v is not None:
                out[name] = v
        return out
    if rm_type == "DV_TEXT" and "code" in values:
        rm_type = "DV_CODED_TEXT"
    if rm_type in ("DV_CODED_TEXT", "CODE_PHRASE"):
        if "other" in values:
            return {"_type": "DV_TEXT", "value": values["other"]}
        code = values.get("code")
        if code is None:
            return {"_type": "DV_TEXT", "value": plain} if rm_type == "DV_CODED_TEXT" and plain is not None else None
        phrase = {"_type": "CODE_PHRASE", "terminology_id": {"value": values.get("terminology") or _terminology(constraint)},
                  "code_string": code}
        if rm_type == "CODE_PHRASE":
            return phrase
        return {"_type": rm_type, "value": values.get("value", code), "defining_code": phrase}
    if rm_type in ("DV_ORDINAL", "DV_SCALE"):
        out = {"_type": rm_type}
        ordinal = _number(values, "ordinal", where, problems, integer=rm_type == "DV_ORDINAL")
        if ordinal is not None:
            out["value"] = ordinal
        if "code" in values:
            terminology = values.get("terminology")
            if terminology == "undefined":  # what the SDK writes for "not given": the template's applies
                terminology = None
            out["symbol"] = {"value": values.get("value"), "defining_code": {
                "terminology_id": {"value": terminology}, "code_string": values["code"]}}
        return out
    if rm_type == "DV_TEXT":
        return {"_type": rm_type, "value": plain}
    if rm_type in _SIMPLE:
        if rm_type == "DV_DURATION" and plain is None:
            return None  # given as |year, |month... fields
        return {"_type": rm_type, "value": plain}
    return None
