"""Grammar rules added for the home-care main job: ACVPU letters after a state word, rhythm
abbreviations. Each case is a note a nurse might write; the expected fields are written out."""

from __future__ import annotations

import pytest

from strukturjournal.text import extract


@pytest.mark.parametrize(
    ("note", "letter"),
    [
        ("våken (A)", "A"),
        ("Bruker er vaken ( A ) i dag", "A"),
        ("nyoppstått forvirring (C)", "C"),
        ("forvirret (C), BT 130/80", "C"),
        ("alert (A), HR 80", "A"),
        ("bevisstløs (U)", "U"),
    ],
)
def test_state_word_with_letter_gives_acvpu(note: str, letter: str) -> None:
    acvpu = [f for f in extract(note).fields if f.concept == "acvpu"]
    assert [f.value for f in acvpu] == [letter]
    assert note[acvpu[0].start : acvpu[0].end] == letter


@pytest.mark.parametrize("note", ["våken og klar", "virket forvirret i går", "alert and oriented"])
def test_state_word_without_letter_is_a_description(note: str) -> None:
    assert [f for f in extract(note).fields if f.concept == "acvpu"] == []


@pytest.mark.parametrize(
    ("note", "rhythm"),
    [("puls 112 uregelm.", "irregular"), ("P 80 regelm.", "regular"), ("puls 88 ureg", "irregular")],
)
def test_rhythm_abbreviations(note: str, rhythm: str) -> None:
    (pulse,) = extract(note).fields
    assert pulse.concept == "heart_rate" and pulse.qualifiers == {"rhythm": rhythm}


def test_the_main_job_note() -> None:
    note = "BT 142/88 sittende, puls 112 uregelm., T 38,4, RF 24, SpO2 93 % u/O2, våken (A)"
    e = extract(note)
    assert [(f.concept, f.value) for f in e.fields] == [
        ("systolic_bp", 142), ("diastolic_bp", 88), ("heart_rate", 112), ("body_temperature", 38.4),
        ("respiratory_rate", 24), ("spo2", 93), ("supplemental_oxygen", False), ("acvpu", "A"),
    ]
    assert e.reconstruct() == note
