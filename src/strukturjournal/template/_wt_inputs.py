"""Inputs of web template nodes: from primitive constraints, and the defaults per RM type.

Ported in behaviour from the SDK's ``InputHandler``.

>>> from strukturjournal.base import Interval
>>> interval_json(Interval(0, 10, upper_included=False), integer=True)
{'min': 0, 'minOp': '>=', 'max': 9, 'maxOp': '<='}
"""

from __future__ import annotations

from typing import Any

from strukturjournal.aom import (
    CBoolean,
    CDate,
    CDateTime,
    CDuration,
    CInteger,
    CPrimitiveObject,
    CReal,
    CString,
    CTime,
)
from strukturjournal.base import Interval
from strukturjournal.template._wt_model import WtInput, WtNode, WtValue

__all__ = ["InputHandler", "interval_json"]


def interval_json(iv: Interval[Any] | None, integer: bool = False) -> dict[str, Any] | None:
    """A web template range (``min``/``minOp``/``max``/``maxOp``); integer ranges made closed."""
    if iv is None:
        return None
    out: dict[str, Any] = {}
    if iv.lower is not None:
        lower, op = iv.lower, ">=" if iv.lower_included else ">"
        if integer and op == ">":
            lower, op = lower + 1, ">="
        out["min"], out["minOp"] = lower, op
    if iv.upper is not None:
        upper, op = iv.upper, "<=" if iv.upper_included else "<"
        if integer and op == "<":
            upper, op = upper - 1, "<="
        out["max"], out["maxOp"] = upper, op
    return out


def _duration_parts(text: str | None) -> dict[str, int]:
    """``P1Y2M3DT4H5M`` -> ``{"Y": 1, "M": 2, "D": 3, "H": 4, "MT": 5}`` (the SDK's reading)."""
    out: dict[str, int] = {}
    if not text:
        return out
    date_part = True
    digits = ""
    for ch in text:
        if ch == "T":
            date_part = False
        elif ch.isascii() and ch.isdigit():
            digits += ch
        elif ch != "P":
            key = ch + ("T" if not date_part and ch == "M" else "")
            try:
                out[key] = int(digits)
            except ValueError:
                return out
            digits = ""
    return out


_DURATION_FIELDS = (("Y", "year", "Y"), ("M", "month", "M"), ("D", "day", "D"), ("W", "week", "W"),
                    ("H", "hour", "H"), ("M", "minute", "MT"), ("S", "second", "S"))  # fmt: skip


class InputHandler:
    """Builds inputs; ``defaults`` maps ``aqlPath|suffix`` to template default values."""

    def __init__(self, defaults: dict[str, str]) -> None:
        self.defaults = defaults

    def find_default(self, node: WtNode, suffix: str) -> str | None:
        return self.defaults.get(f"{node.aql.format()}|{suffix}")

    @staticmethod
    def extract_input(obj: CPrimitiveObject) -> WtInput:
        """The input for a primitive attribute constraint (``C_STRING``, ``C_INTEGER``...)."""
        kind = obj.rm_type_name.replace("_", "")
        kind = {"REAL": "DECIMAL", "STRING": "TEXT"}.get(kind, kind)
        inp = WtInput(kind)
        item = obj.item
        if item is None:
            return inp
        if item.assumed_value is not None:
            value = item.assumed_value
            inp.default_value = (
                ("true" if value else "false") if isinstance(value, bool) else str(value)
            )
        pattern: str | None = None
        rng: dict[str, Any] | None = None
        if isinstance(item, CDateTime | CTime | CDate):
            pattern = item.pattern
        elif isinstance(item, CString):
            pattern = item.pattern
            inp.list = [WtValue(v, v) for v in item.list]
            inp.list_open = item.list_open or None
        elif isinstance(item, CDuration):
            pattern = item.pattern
            rng = interval_json(item.range)
        elif isinstance(item, CInteger):
            rng = interval_json(item.range, integer=True)
            inp.list = [WtValue(str(v)) for v in item.list]
        elif isinstance(item, CReal):
            rng = interval_json(item.range)
        elif isinstance(item, CBoolean) and item.true_valid != item.false_valid:
            text = "true" if item.true_valid else "false"
            inp.list = [WtValue(text, text)]
        validation: dict[str, Any] = {}
        if pattern:
            validation["pattern"] = pattern
        if rng is not None:
            validation["range"] = rng
        inp.validation = validation or None
        return inp

    def add_inputs(self, node: WtNode, template_inputs: dict[str, WtInput]) -> None:
        """The inputs an RM type gets when the template did not give any."""

        def make(key: str, suffix: str | None, kind: str) -> WtInput:
            given = template_inputs.get(key)
            return given if given is not None else WtInput(kind, suffix)

        inputs = node.inputs
        rm = node.rm_type
        simple = {"DV_DATE": "DATE", "DV_DATE_TIME": "DATETIME", "DV_TIME": "TIME", "DV_ORDINAL": "CODED_TEXT",
                  "DV_BOOLEAN": "BOOLEAN"}  # fmt: skip
        if rm in simple:
            inputs.append(make("value", None, simple[rm]))
        elif rm == "PARTY_PROXY":
            inputs += [WtInput("TEXT", s) for s in ("id", "id_scheme", "id_namespace", "name")]
        elif rm == "DV_PARSABLE":
            inputs += [WtInput("TEXT", "value"), WtInput("TEXT", "formalism")]
        elif rm in ("DV_TEXT", "DV_EHR_URI", "DV_URI", "DV_MULTIMEDIA", "UID_BASED_ID", "STRING"):
            inputs.append(make("value", None, "TEXT"))
        elif rm == "DV_COUNT":
            magnitude = make("magnitude", None, "INTEGER")
            magnitude.default_value = (
                self.find_default(node, "magnitude") or magnitude.default_value
            )
            inputs.append(magnitude)
        elif rm == "DV_QUANTITY":
            magnitude = make("magnitude", "magnitude", "DECIMAL")
            magnitude.default_value = (
                self.find_default(node, "magnitude") or magnitude.default_value
            )
            inputs += [magnitude, WtInput("TEXT", "unit")]
        elif rm in ("DV_STATE", "DV_CODED_TEXT"):
            inputs += [WtInput("TEXT", "code"), WtInput("TEXT", "value")]
        elif rm == "DV_PROPORTION":
            self._proportion(node, template_inputs, make)
        elif rm == "DV_IDENTIFIER":
            inputs += [WtInput("TEXT", s) for s in ("id", "type", "issuer", "assigner")]
        elif rm == "DV_DURATION":
            self._duration(node, template_inputs)
        for inp in inputs:
            default = self.defaults.get(f"{node.aql.format(False)}|{inp.suffix or 'value'}")
            if default is not None:
                inp.default_value = default

    @staticmethod
    def _proportion(node: WtNode, template_inputs: dict[str, WtInput], make: Any) -> None:
        numerator = make("numerator", "numerator", "DECIMAL")
        numerator.suffix = "numerator"
        denominator = make("denominator", "denominator", "DECIMAL")
        denominator.suffix = "denominator"
        kinds = {0: "ratio", 1: "unitary", 2: "percent", 3: "fraction", 4: "integer_fraction"}
        given = template_inputs.get("type")
        types = [kinds[int(v.value)] for v in given.list if int(v.value) in kinds] if given else []
        if not types:
            types = list(kinds.values())
        elif len(types) == 1:
            denominator_range = {"unitary": {"min": 1.0, "minOp": ">=", "max": 1.0, "maxOp": "<="},
                                 "percent": {"min": 100.0, "minOp": ">=", "max": 100.0, "maxOp": "<="}}  # fmt: skip
            if types[0] in denominator_range:
                denominator.validation = {"range": denominator_range[types[0]]}
        node.proportion_types += types
        node.inputs += [numerator, denominator]

    def _duration(self, node: WtNode, template_inputs: dict[str, WtInput]) -> None:
        given = template_inputs.get("value")
        validation = given.validation if given is not None and given.validation else {}
        pattern = validation.get("pattern")
        rng = validation.get("range") or {}
        lows = _duration_parts(rng.get("min"))
        highs = _duration_parts(rng.get("max"))
        defaults = _duration_parts(self.find_default(node, "value"))
        fallback = 0 if defaults else None
        for symbol, suffix, key in _DURATION_FIELDS:
            part = pattern or ""
            if suffix == "month":
                part = part.split("T", 1)[0] if "T" in part else part
            elif suffix == "minute":
                part = part.split("D", 1)[1] if "D" in part else ""
            if pattern and symbol not in part:
                continue
            r: dict[str, Any] = {"min": 0, "minOp": ">="}
            if key in lows:
                r = {"min": lows[key], "minOp": rng.get("minOp")}
            if key in highs:
                r.update({"max": highs[key], "maxOp": rng.get("maxOp")})
            inp = WtInput("INTEGER", suffix, validation={"range": r})
            value = defaults.get(key, fallback)
            if value is not None:
                inp.default_value = str(value)
            node.inputs.append(inp)
