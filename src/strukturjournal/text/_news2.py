"""NEWS2 as a rule attached to a template: computed from the extracted vital signs and written
into the template's NEWS2 nodes (those bound as ``news2.<parameter>``, ``news2.total``,
``news2.risk``).

>>> from strukturjournal.text import extract
>>> result, values = news2_from_fields(extract(
...     "BT 142/88, puls 112, T 38,4, RF 24, SpO2 93 % u/O2, våken (A)").fields)
>>> result.total, result.risk.value, values["pulse"]
(7, 'high', 112)
"""

from __future__ import annotations

import re
from typing import Any

from strukturjournal.rules.news2 import News2Result, news2
from strukturjournal.text._model import CodedField

__all__ = ["CONCEPTS", "in_band", "news2_from_fields"]

#: NEWS2 parameter -> the free-text concept that measures it.
CONCEPTS = {
    "respiration_rate": "respiratory_rate",
    "spo2": "spo2",
    "on_oxygen": "supplemental_oxygen",
    "systolic_bp": "systolic_bp",
    "pulse": "heart_rate",
    "consciousness": "acvpu",
    "temperature": "body_temperature",
}


def news2_from_fields(fields: list[CodedField], *, scale: int = 1) -> tuple[News2Result, dict[str, Any]]:
    """NEWS2 from the last value of each parameter in ``fields`` (``None`` where absent).

    A temperature in [degF] is converted to Cel for scoring only (the field keeps what was
    written). Returns the result and the measured values it used, by parameter.
    """
    by_concept: dict[str, CodedField] = {}
    for f in fields:
        by_concept[f.concept] = f
    values: dict[str, Any] = {}
    for parameter, concept in CONCEPTS.items():
        found = by_concept.get(concept)
        value: Any = None if found is None else found.value
        if parameter == "temperature" and found is not None and found.unit == "[degF]":
            value = round((float(value) - 32) * 5 / 9, 1)
        values[parameter] = value
    result = news2(
        values["respiration_rate"],
        values["spo2"],
        scale=scale,
        on_oxygen=values["on_oxygen"],
        systolic_bp=values["systolic_bp"],
        pulse=values["pulse"],
        consciousness=values["consciousness"],
        temperature=values["temperature"],
    )
    return result, values


_NUMBER = r"(\d+(?:[.,]\d+)?)"


def in_band(label: str, value: float) -> bool:
    """Whether a band label such as ``"91–110 /min"``, ``"≤ 8"`` or ``"≥ 39.1 °C"`` holds ``value``.

    >>> in_band("91–110 /min", 112), in_band("111–130 /min", 112), in_band("≥ 39.1 °C", 39.1)
    (False, True, True)
    """
    text = label.replace(",", ".")
    if m := re.match(r"\s*[≤<]=?\s*" + _NUMBER, text):
        return value <= float(m.group(1))
    if m := re.match(r"\s*[≥>]=?\s*" + _NUMBER, text):
        return value >= float(m.group(1))
    if m := re.match(r"\s*" + _NUMBER + r"\s*[–-]\s*" + _NUMBER, text):
        return float(m.group(1)) <= value <= float(m.group(2))
    return False
