"""The NEWS2 archetype and the NEWS2 rule agree: every band written in the archetype scores, in
``strukturjournal.rules.news2``, the points the archetype gives it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strukturjournal.adl import load_archetype
from strukturjournal.aom.constraints import CDvOrdinal
from strukturjournal.rules import news2
from tests.rules.test_news2 import NORMAL

NEWS2_ADL = (
    Path(__file__).resolve().parents[2] / "archetypes/observation/openEHR-EHR-OBSERVATION.sj_news2.v0.adl"
)
ARCHETYPE = load_archetype(NEWS2_ADL)

#: element code -> (parameter, extra arguments)
ELEMENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "at0004": ("respiration_rate", {}),
    "at0005": ("spo2", {}),
    "at0006": ("spo2", {"scale": 2}),
    "at0008": ("systolic_bp", {}),
    "at0009": ("pulse", {}),
    "at0011": ("temperature", {}),
}

NUMBER = r"(\d+(?:\.\d+)?)"


def bands() -> list[tuple[str, str, int]]:
    out = []
    for code in ELEMENTS:
        ordinal = ARCHETYPE.node_at(f"/data[at0001]/events[at0002]/data[at0003]/items[{code}]/value")
        assert isinstance(ordinal, CDvOrdinal)
        for o in ordinal.list:
            out.append((code, ARCHETYPE.text_of(o.symbol.code_string, "en"), int(o.value)))
    return out


def values_in(text: str) -> list[float]:
    """Values that the band text says belong to the band (its ends), first clause only."""
    first = text.split(",")[0]
    if m := re.search(rf"≤ {NUMBER}", first):
        return [float(m.group(1))]
    if m := re.search(rf"≥ {NUMBER}", first):
        return [float(m.group(1))]
    m = re.search(rf"{NUMBER}–{NUMBER}", first)
    assert m, text
    return [float(m.group(1)), float(m.group(2))]


def outside(text: str, step: float) -> float:
    """A value just past the open end of a one-sided band (must score differently)."""
    first = text.split(",")[0]
    if m := re.search(rf"≤ {NUMBER}", first):
        return round(float(m.group(1)) + step, 1)
    m = re.search(rf"≥ {NUMBER}", first)
    assert m, text
    return round(float(m.group(1)) - step, 1)


BANDS = bands()


@pytest.mark.parametrize(("code", "text", "points"), BANDS, ids=[f"{c}:{t}" for c, t, _ in BANDS])
def test_archetype_band_scores_its_points_in_the_rule(code: str, text: str, points: int) -> None:
    name, extra = ELEMENTS[code]
    step = 0.1 if name == "temperature" else 1
    context = {**extra, "on_oxygen": "on oxygen" in text}
    for value in values_in(text):
        args = {**NORMAL, **context, name: value}
        r = news2(args.pop("respiration_rate"), args.pop("spo2"), **args)
        assert r.sub_scores[name] == points, (text, value)
    if re.search("[≤≥]", text.split(",")[0]):
        args = {**NORMAL, **context, name: outside(text, step)}
        r = news2(args.pop("respiration_rate"), args.pop("spo2"), **args)
        assert r.sub_scores[name] != points, text


def test_every_banded_parameter_is_covered() -> None:
    assert len(BANDS) == 5 + 4 + 7 + 5 + 6 + 5
