"""NEWS2 from vital signs: every band boundary of every parameter, totals, risk edges, missing values.

The expected points are written out here from the RCP 2017 chart (``reference/news2.tsv``),
independently of the tables inside :mod:`strukturjournal.rules.news2`.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import pytest

from strukturjournal.errors import StrukturjournalError
from strukturjournal.rules import PARAMETERS, Consciousness, News2InputError, RiskBand, news2

#: A patient who scores 0 on everything (scale 1, room air).
NORMAL: dict[str, Any] = {
    "respiration_rate": 16,
    "spo2": 97,
    "on_oxygen": False,
    "systolic_bp": 125,
    "pulse": 70,
    "consciousness": "A",
    "temperature": 37.0,
}


def score(**changes: Any) -> Any:
    """news2() for the normal patient with some values changed."""
    values = {**NORMAL, **changes}
    return news2(values.pop("respiration_rate"), values.pop("spo2"), **values)


# (value, points): both sides of every boundary, plus the extremes of the plausible range.
RESPIRATION = [(0, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (60, 3)]
SPO2_SCALE1 = [(70, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)]
SPO2_SCALE2_AIR = [(70, 3), (83, 3), (84, 2), (85, 2), (86, 1), (87, 1), (88, 0), (92, 0), (93, 0),
                   (94, 0), (96, 0), (97, 0), (100, 0)]
SPO2_SCALE2_OXYGEN = [(70, 3), (83, 3), (84, 2), (85, 2), (86, 1), (87, 1), (88, 0), (92, 0), (93, 1),
                      (94, 1), (95, 2), (96, 2), (97, 3), (100, 3)]
SYSTOLIC = [(50, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3),
            (260, 3)]
PULSE = [(30, 3), (40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2),
         (131, 3), (180, 3)]
TEMPERATURE = [(33.0, 3), (35.0, 3), (35.1, 1), (36.0, 1), (36.1, 0), (38.0, 0), (38.1, 1), (39.0, 1),
               (39.1, 2), (41.5, 2)]
CONSCIOUSNESS = [("A", 0), ("C", 3), ("V", 3), ("P", 3), ("U", 3), (Consciousness.ALERT, 0),
                 (Consciousness.UNRESPONSIVE, 3), ("a", 0)]
OXYGEN = [(False, 0), (True, 2)]

BOUNDARIES = (
    [("respiration_rate", v, p, {}) for v, p in RESPIRATION]
    + [("spo2", v, p, {}) for v, p in SPO2_SCALE1]
    + [("spo2", v, p, {"scale": 2, "on_oxygen": False}) for v, p in SPO2_SCALE2_AIR]
    + [("spo2", v, p, {"scale": 2, "on_oxygen": True}) for v, p in SPO2_SCALE2_OXYGEN]
    + [("on_oxygen", v, p, {}) for v, p in OXYGEN]
    + [("on_oxygen", v, p, {"scale": 2, "spo2": 90}) for v, p in OXYGEN]
    + [("systolic_bp", v, p, {}) for v, p in SYSTOLIC]
    + [("pulse", v, p, {}) for v, p in PULSE]
    + [("temperature", v, p, {}) for v, p in TEMPERATURE]
    + [("consciousness", v, p, {}) for v, p in CONSCIOUSNESS]
)


def _id(case: tuple[str, Any, int, dict[str, Any]]) -> str:
    name, value, points, extra = case
    context = "".join(f"-{k}={v}" for k, v in extra.items())
    return f"{name}={value}{context}->{points}"


@pytest.mark.parametrize("case", BOUNDARIES, ids=[_id(c) for c in BOUNDARIES])
def test_band_boundary(case: tuple[str, Any, int, dict[str, Any]]) -> None:
    name, value, points, extra = case
    result = score(**{name: value, **extra})
    assert result.sub_scores[name] == points
    others = {p: s for p, s in result.sub_scores.items() if p != name}
    expected_others = {p: 0 for p in others}
    if name != "on_oxygen" and extra.get("on_oxygen"):
        expected_others["on_oxygen"] = 2
    assert others == expected_others
    assert result.total == points + sum(expected_others.values())


@pytest.mark.parametrize(
    ("cases", "step", "boundaries"),
    [
        (RESPIRATION, 1, 4),
        (SPO2_SCALE1, 1, 3),
        (SPO2_SCALE2_AIR, 1, 3),
        (SPO2_SCALE2_OXYGEN, 1, 6),
        (SYSTOLIC, 1, 4),
        (PULSE, 1, 5),
        (TEMPERATURE, 0.1, 4),
    ],
    ids=["rr", "spo2-1", "spo2-2-air", "spo2-2-o2", "sbp", "pulse", "temp"],
)
def test_the_cases_test_every_chart_boundary_from_both_sides(
    cases: list[tuple[float, int]], step: float, boundaries: int
) -> None:
    """A self-check of the table above: each change of points sits between neighbouring values."""
    ordered = sorted(cases)
    changes = [(a, b) for a, b in pairwise(ordered) if a[1] != b[1]]
    assert len(changes) == boundaries
    for (low, _), (high, _) in changes:
        assert round(high - low, 1) == step, (low, high)


def test_every_parameter_has_boundary_cases() -> None:
    assert {c[0] for c in BOUNDARIES} == set(PARAMETERS)


@pytest.mark.parametrize(
    ("name", "value", "points"),
    [
        ("respiration_rate", 20.4, 0),
        ("respiration_rate", 20.5, 2),  # read at the chart's precision: 21
        ("spo2", 95.5, 0),
        ("spo2", 95.4, 1),
        ("pulse", 90.5, 1),
        ("systolic_bp", 219.5, 3),
        ("temperature", 38.04, 0),
        ("temperature", 38.05, 1),  # 38.1 °C
        ("temperature", 35.05, 1),  # 35.1 °C
        ("temperature", 35.04, 3),  # 35.0 °C
    ],
)
def test_values_are_rounded_half_up_to_the_chart_precision(name: str, value: float, points: int) -> None:
    assert score(**{name: value}).sub_scores[name] == points


def test_the_example_note() -> None:
    # "BT 142/88 sittende, puls 112 uregelm., T 38,4, RF 24, SpO2 93 % u/O2, våken (A)"
    r = news2(24, 93, on_oxygen=False, systolic_bp=142, pulse=112, consciousness="A", temperature=38.4)
    assert dict(r.sub_scores) == {
        "respiration_rate": 2,
        "spo2": 2,
        "on_oxygen": 0,
        "systolic_bp": 0,
        "pulse": 2,
        "consciousness": 0,
        "temperature": 1,
    }
    assert (r.total, r.risk, r.missing, r.complete) == (7, RiskBand.HIGH, (), True)
    assert r.response("en").startswith("Emergency response.")
    assert r.response("nb").startswith("Akutt.")


@pytest.mark.parametrize(
    ("changes", "total", "band"),
    [
        ({}, 0, RiskBand.LOW),
        ({"pulse": 95, "temperature": 38.5, "respiration_rate": 22}, 4, RiskBand.LOW),  # 1+1+2
        ({"pulse": 95, "temperature": 38.5, "respiration_rate": 22, "spo2": 95}, 5, RiskBand.MEDIUM),
        ({"on_oxygen": True, "respiration_rate": 22, "pulse": 115}, 6, RiskBand.MEDIUM),  # 2+2+2
        ({"on_oxygen": True, "respiration_rate": 22, "pulse": 115, "temperature": 35.5}, 7, RiskBand.HIGH),
        ({"consciousness": "C"}, 3, RiskBand.LOW_MEDIUM),  # a single 3
        ({"systolic_bp": 220, "pulse": 95}, 4, RiskBand.LOW_MEDIUM),  # a 3 with total 4
        ({"systolic_bp": 90, "pulse": 95, "temperature": 38.5}, 5, RiskBand.MEDIUM),  # a 3, but 5
        ({"spo2": 94, "pulse": 95, "temperature": 38.5}, 3, RiskBand.LOW),  # three 1s: no 3
        ({"respiration_rate": 8, "systolic_bp": 90, "pulse": 95}, 7, RiskBand.HIGH),  # two 3s
    ],
)
def test_totals_and_risk_band_edges(changes: dict[str, Any], total: int, band: RiskBand) -> None:
    r = score(**changes)
    assert (r.total, r.risk, r.minimum_risk, r.lower_bound) == (total, band, band, total)


def test_maximum_total_is_20() -> None:
    r = news2(30, 80, on_oxygen=True, systolic_bp=80, pulse=150, consciousness="U", temperature=34.0)
    assert r.total == 20 and r.risk is RiskBand.HIGH
    r2 = news2(30, 98, scale=2, on_oxygen=True, systolic_bp=80, pulse=150, consciousness="U",
               temperature=34.0)
    assert r2.total == 20 and r2.scale == 2


def test_response_texts_follow_the_band() -> None:
    assert score().response("en").startswith("Monitor at least every 12 hours")
    assert score(pulse=95).response("en").startswith("Monitor at least every 4–6 hours")
    assert score(consciousness="V").response("en").startswith("Monitor at least every hour. The")
    assert score(pulse=115, temperature=39.5, spo2=95).response("en").startswith("Urgent response")
    texts = {score(**c).response(lang) for c in ({}, {"pulse": 95}, {"consciousness": "V"})
             for lang in ("nb", "en")}
    assert len(texts) == 6
    with pytest.raises(ValueError):
        score().response("sv")


@pytest.mark.parametrize("name", PARAMETERS)
def test_one_missing_parameter_gives_no_total(name: str) -> None:
    r = score(**{name: None})
    assert r.missing == (name,)
    assert r.total is None and r.risk is None and not r.complete
    assert r.sub_scores[name] is None
    assert all(s == 0 for p, s in r.sub_scores.items() if p != name)
    assert r.lower_bound == 0 and r.minimum_risk is RiskBand.LOW
    assert "cannot be scored" in r.response("en")


def test_missing_parameters_are_listed_in_chart_order_and_known_scores_kept() -> None:
    r = news2(None, 91, on_oxygen=True, systolic_bp=None, pulse=112, consciousness=None,
              temperature=None)
    assert r.missing == ("respiration_rate", "systolic_bp", "consciousness", "temperature")
    assert (r.sub_scores["spo2"], r.sub_scores["on_oxygen"], r.sub_scores["pulse"]) == (3, 2, 2)
    assert r.total is None and r.lower_bound == 7 and r.minimum_risk is RiskBand.HIGH
    assert r.response("en") == (
        "NEWS2 cannot be scored: respiration rate, systolic blood pressure, consciousness, "
        "temperature not recorded. Measure the missing parameters. "
        "The known sub-scores already mean at least high risk."
    )
    assert "minst høy risiko" in r.response("nb")


def test_nothing_measured() -> None:
    r = news2(None, None, on_oxygen=None, systolic_bp=None, pulse=None, consciousness=None,
              temperature=None)
    assert r.missing == PARAMETERS and r.total is None and r.lower_bound == 0


def test_a_single_three_with_a_missing_parameter_is_at_least_low_medium() -> None:
    r = score(temperature=None, pulse=35)
    assert r.total is None and r.minimum_risk is RiskBand.LOW_MEDIUM
    assert "at least low-medium risk" in r.response("en")


@pytest.mark.parametrize(("spo2", "points"), [(90, 0), (92, 0), (85, 2)])
def test_scale2_below_93_needs_no_oxygen_answer_to_score_spo2(spo2: int, points: int) -> None:
    r = score(scale=2, spo2=spo2, on_oxygen=None)
    assert r.sub_scores["spo2"] == points and r.missing == ("on_oxygen",) and r.total is None


@pytest.mark.parametrize("spo2", [93, 97])
def test_scale2_from_93_cannot_score_spo2_without_knowing_air_or_oxygen(spo2: int) -> None:
    r = score(scale=2, spo2=spo2, on_oxygen=None)
    assert r.sub_scores["spo2"] is None and r.missing == ("on_oxygen",)


def test_scale1_ignores_oxygen_for_the_spo2_points() -> None:
    assert score(spo2=97, on_oxygen=True).sub_scores["spo2"] == 0
    assert score(spo2=97, on_oxygen=True, scale=2).sub_scores["spo2"] == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scale": 3}, "scale"),
        ({"scale": True}, "scale"),
        ({"spo2": 101}, "spo2"),
        ({"respiration_rate": -1}, "respiration_rate"),
        ({"pulse": math.nan}, "pulse"),
        ({"systolic_bp": math.inf}, "systolic_bp"),
        ({"pulse": True}, "pulse"),
        ({"pulse": "80"}, "pulse"),
        ({"temperature": 100.4}, "temperature"),  # Fahrenheit by mistake
        ({"temperature": 3.84}, "temperature"),
        ({"consciousness": "X"}, "consciousness"),
        ({"consciousness": 1}, "consciousness"),
        ({"on_oxygen": "yes"}, "on_oxygen"),
        ({"on_oxygen": 1}, "on_oxygen"),
    ],
)
def test_impossible_values_raise(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(News2InputError, match=message) as info:
        score(**changes)
    assert isinstance(info.value, StrukturjournalError) and isinstance(info.value, ValueError)


def test_result_is_immutable() -> None:
    r = score()
    with pytest.raises(TypeError):
        r.sub_scores["pulse"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        r.total = 5  # type: ignore[misc]


def test_rank_orders_the_bands() -> None:
    assert sorted(RiskBand, key=lambda b: b.rank) == [
        RiskBand.LOW, RiskBand.LOW_MEDIUM, RiskBand.MEDIUM, RiskBand.HIGH]
