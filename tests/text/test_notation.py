"""Norwegian notation: thousands written with a space ("fødselsvekt 3 450 g") and blood
pressure in kPa ("BT 16/10 kPa"), with the near-misses that must keep their old reading.
Each case writes out the fields (concept, value, unit, span text) expected."""

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
        ("vekt 68 400 g", [("body_weight", 68400, "g", "68 400 g")]),
        ("fødselsvekt 3 450 g", [("body_weight", 3450, "g", "3 450 g")]),
        ("Fødselsvekt 3\u202f450 g", [("body_weight", 3450, "g", "3\u202f450 g")]),
        ("Fødselsvekt: 3\u00a0450 gram", [("body_weight", 3450, "g", "3\u00a0450 gram")]),
        ("vekt ca. 3 450g, puls 140", [("body_weight", 3450, "g", "3 450g"), ("heart_rate", 140, "/min", "140")]),
        ("Birth weight 3 450 g", [("body_weight", 3450, "g", "3 450 g")]),
    ],
)
def test_thousands_with_a_space_are_one_weight(note: str, expected: list[Field]) -> None:
    assert _fields(note) == expected


def test_thousands_span_offsets() -> None:
    [weight] = extract("vekt 68 400 g").fields
    assert (weight.start, weight.end) == (5, 13)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Two numbers stay two numbers, and groups not of three digits are never glued.
        ("BT 142 88", []),
        ("puls 88 72", [("heart_rate", 88, "/min", "88")]),
        ("vekt 3 45 g", [("body_weight", 3, "kg", "3")]),
        ("tlf 22 33 44 55", []),
        ("vekt 68,4 kg", [("body_weight", 68.4, "kg", "68,4 kg")]),
        # No weight unit after the groups: no glue, and no guess either (test below).
        ("vekt 68 400", []),
        # Only a weight is read this way: other concepts keep their number.
        ("puls er 88 100 g", [("heart_rate", 88, "/min", "88")]),
        ("temp 38 500 g", [("body_temperature", 38, "Cel", "38")]),
        ("BT 142/88 100 g", [("systolic_bp", 142, "mm[Hg]", "142"), ("diastolic_bp", 88, "mm[Hg]", "88")]),
        ("GCS er 9 100 g", [("gcs_total", 9, "{score}", "9")]),
    ],
)
def test_near_misses_are_not_glued(note: str, expected: list[Field]) -> None:
    assert _fields(note) == expected


@pytest.mark.parametrize("note", ["vekt 68 400", "vekt 10 000 mg", "fødselsvekt 3 450"])
def test_a_bare_weight_followed_by_a_thousands_group_is_reported_not_guessed(note: str) -> None:
    result = extract(note)
    assert result.fields == []
    [warning] = result.diagnostics
    assert warning.code == "ambiguous-number"
    assert warning.span is not None and note[warning.span.start : warning.span.end] in note
    assert "".join(s.text for s in result.residual) == note  # nothing of the note is lost


def test_glued_weight_of_the_past_is_not_a_field() -> None:
    assert extract("Vekt 2 000 g i går").fields == []


def test_implausible_glued_weight_is_reported() -> None:
    result = extract("vekt 3 450 kg")
    assert result.fields == []
    assert [d.code for d in result.diagnostics] == ["implausible-value"]


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
