"""Norwegian notation: blood pressure in kPa ("BT 16/10 kPa"), with the near-misses that
must keep their old reading. Each case writes out the fields (concept, value, unit, span
text) expected."""

from __future__ import annotations

import pytest

from strukturjournal.text import extract

Field = tuple[str, int | float, str, str]


def _fields(note: str) -> list[Field]:
    result = extract(note)
    assert result.reconstruct() == note
    out: list[Field] = []
    for f in result.fields:
        assert note[f.start : f.end] == f.text
        assert isinstance(f.value, int | float) and f.unit is not None
        out.append((f.concept, f.value, f.unit, f.text))
    return out


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("BT 16/10 kPa", [("systolic_bp", 16, "kPa", "16"), ("diastolic_bp", 10, "kPa", "10 kPa")]),
        (
            "blodtrykk 15,5/9,5 kPa sittende, puls 88",
            [
                ("systolic_bp", 15.5, "kPa", "15,5"),
                ("diastolic_bp", 9.5, "kPa", "9,5 kPa"),
                ("heart_rate", 88, "/min", "88"),
            ],
        ),
        ("BT 18/11 kPa", [("systolic_bp", 18, "kPa", "18"), ("diastolic_bp", 11, "kPa", "11 kPa")]),
    ],
)
def test_blood_pressure_in_kpa_keeps_the_unit(note: str, expected: list[Field]) -> None:
    assert _fields(note) == expected


def test_kpa_spans() -> None:
    systolic, diastolic = extract("BT 16/10 kPa").fields
    assert (systolic.start, systolic.end, diastolic.start, diastolic.end) == (3, 5, 6, 12)


def test_kpa_pair_without_unit_is_reported_not_guessed() -> None:
    # "16/10" with no unit is not silently turned into kPa: 16 mm[Hg] is implausible.
    result = extract("BT 16/10")
    assert result.fields == []
    assert [d.code for d in result.diagnostics] == ["implausible-value", "implausible-value"]


@pytest.mark.parametrize(
    ("note", "value"),
    [("smerte 6/10", 6), ("smerte 10/10", 10), ("NRS 7,5/10", 7.5), ("She rates her pain 2/10.", 2)],
)
def test_pain_out_of_ten_still_reads(note: str, value: float) -> None:
    [pain] = extract(note).fields
    assert (pain.concept, pain.value) == ("pain_score", value)
