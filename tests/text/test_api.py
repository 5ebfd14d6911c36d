"""The public API: doctests of every text module, exports, reconstruction, JSONL."""

from __future__ import annotations

import doctest
import importlib
import json

import pytest

import strukturjournal.text as text_pkg
from strukturjournal.text import CodedField, Extraction, Segment, extract, extract_jsonl

MODULES = ["__init__", "_extract", "_fields", "_grammars", "_islands", "_model", "_tables"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(
        "strukturjournal.text" if name == "__init__" else f"strukturjournal.text.{name}"
    )
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_public_names_have_doctest_examples() -> None:
    for name in text_pkg.__all__:
        obj = getattr(text_pkg, name)
        assert obj.__doc__ and ">>>" in obj.__doc__, name


def test_reconstruct_and_residual() -> None:
    text = "Målt BT 158/92 liggende, puls 96 uregelmessig. Temp 37,9 øre."
    result = extract(text)
    assert result.reconstruct() == text
    assert "".join(s.text for s in result.residual) + "".join(f.text for f in result.fields) != ""
    assert [f.concept for f in result.fields] == [
        "systolic_bp",
        "diastolic_bp",
        "heart_rate",
        "body_temperature",
    ]
    assert result.fields[0].qualifiers["position"] == "lying"
    assert result.fields[2].qualifiers["rhythm"] == "irregular"
    assert result.fields[3].qualifiers["site"] == "ear"


def test_reconstruct_refuses_a_gap() -> None:
    with pytest.raises(ValueError):
        Extraction("abc", [], [Segment(0, 1, "a")]).reconstruct()


def test_to_dict_has_extraction_format_keys() -> None:
    field = CodedField("spo2", "59408-5", 95, "%", {}, 0, 3, "95%")
    data = field.to_dict()
    assert list(data)[:5] == ["concept", "value", "unit", "start", "end"]
    json.dumps(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BT ikke målt i dag.", []),
        ("Afebril. Normalt blodtrykk.", []),
        ("Mål BT < 140/90.", []),
        ("Gitt Paracet 1 g kl 14.10.", []),
        ("Pas. 87 år, rom 12, tlf 452 11 908.", []),
        ("A 45-year-old man on Tylenol 500 mg on 10/12/2004.", []),
        ("Vekt 68,4 kg i går, i dag 67,9 kg.", [("body_weight", 67.9)]),
        ("T 100.9-102.7, 93-98%", []),
        ("T-max 101.2", [("body_temperature", 101.2)]),
        (
            "Metning 87% u/O2, 92% etter 10 min på 2 l O2.",
            [
                ("spo2", 87),
                ("supplemental_oxygen", False),
                ("spo2", 92),
                ("o2_flow_rate", 2),
                ("supplemental_oxygen", True),
            ],
        ),
        ("GCS 11 (E3 V3 M5)", [("gcs_total", 11)]),
        ("Reagerer på tiltale (V).", [("acvpu", "V")]),
        (
            "The patient is 5 feet 1 inch and weighs 170.",
            [("body_height", 61.0), ("body_weight", 170)],
        ),
        ("She rates her pain 2/10.", [("pain_score", 2)]),
        ("Pain in the right leg since July 9, 2008.", []),
        ("Leg pain as 10, with 0 being no pain.", [("pain_score", 10)]),
        ("Blodtrykket låg på 130/80.", [("systolic_bp", 130), ("diastolic_bp", 80)]),
        ("Sat på romluft 94 %", [("supplemental_oxygen", False), ("spo2", 94)]),
        ("Temp. 36,8, P. 68", [("body_temperature", 36.8), ("heart_rate", 68)]),
        (
            "Pulse 156, 56 respiratory rate, 92% sat",
            [("heart_rate", 156), ("respiratory_rate", 56), ("spo2", 92)],
        ),
    ],
)
def test_clinical_rules(text: str, expected: list[tuple[str, object]]) -> None:
    assert [(f.concept, f.value) for f in extract(text).fields] == expected


def test_extract_jsonl_skips_blank_lines_and_keeps_ids() -> None:
    lines = ['{"id": 1, "text": "P 76"}', "", '{"id": "b", "lang": "en", "text": "temp 98.6"}']
    out = list(extract_jsonl(lines))
    assert [r["id"] for r in out] == [1, "b"]
    assert out[1]["fields"][0]["unit"] == "[degF]"


def test_implausible_values_become_diagnostics() -> None:
    result = extract("Puls 7, SpO2 130 %\nT 52")
    assert result.fields == []
    assert [d.code for d in result.diagnostics] == ["implausible-value"] * 3
    last = result.diagnostics[-1]
    assert last.span is not None and (last.span.line, last.span.column) == (2, 3)
    assert result.text[last.span.start : last.span.end] == "52"
