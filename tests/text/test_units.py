"""The unit table: every UCUM code is valid UCUM (checked with ucumvert) and converts right."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from ucumvert import PintUcumRegistry, parse_ucum

from strukturjournal.text import default_folder


def _rows(name: str) -> list[dict[str, str]]:
    lines = [
        ln
        for ln in (default_folder() / name).read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


UNITS = [r for r in _rows("units.tsv") if r["ucum"]]
UREG = PintUcumRegistry()


@pytest.mark.parametrize("row", UNITS, ids=[r["terminal"] for r in UNITS])
def test_ucum_codes_parse(row: dict[str, str]) -> None:
    assert parse_ucum(row["ucum"]) is not None
    assert parse_ucum(row["base"]) is not None


@pytest.mark.parametrize(
    "row", [r for r in UNITS if r["ucum"] not in ("{score}",)], ids=lambda r: r["terminal"]
)
def test_factors_agree_with_ucum(row: dict[str, str]) -> None:
    value = 10.0
    quantity = UREG.Quantity(value, UREG.from_ucum(row["ucum"]))
    if row["ucum"] == "mg/dL":  # mass to substance concentration: glucose, 180.156 g/mol
        expected = quantity.to(UREG.from_ucum("g/L")).magnitude / 180.156 * 1000
    else:
        expected = quantity.to(UREG.from_ucum(row["base"])).magnitude
    ours = value * float(row["factor"]) + float(row["offset"])
    assert ours == pytest.approx(expected, rel=2e-3), row


def test_concept_units_are_ucum() -> None:
    for row in _rows("concepts.tsv"):
        if row["unit"]:
            assert parse_ucum(row["unit"]) is not None, row


def test_folder_has_the_grammars(tmp_path: Path) -> None:
    names = {p.name for p in default_folder().iterdir()}
    assert {"vitals.lark", "common.lark", "labels.lark", "concepts.tsv", "units.tsv"} <= names


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("BT 120/80 mmHg", "mm[Hg]"),
        ("BT 120/80 mm Hg", "mm[Hg]"),
        ("BT 17/11 kPa", "kPa"),
        ("Puls 88 slag/min", "/min"),
        ("Puls 88 spm", "/min"),
        ("Puls 88/min", "/min"),
        ("pulse 88 bpm", "/min"),
        ("Temp 38,1 °C", "Cel"),
        ("Temp 38,1 grader", "Cel"),
        ("temperature 101.2 degrees Fahrenheit", "[degF]"),
        ("Vekt 70 kg", "kg"),
        ("weight 154 lbs", "[lb_av]"),
        ("weight 1779 g", "g"),
        ("Høyde 172 cm", "cm"),
        ("Høyde 1,72 m", "m"),
        ("height 66 inches", "[in_i]"),
        ("Blodsukker 5,4 mmol/l", "mmol/L"),
        ("blood sugar 145 mg/dL", "mg/dL"),
        ("SpO2 95 %", "%"),
        ("Oksygen 2 l/min", "L/min"),
        ("BMI 24 kg/m2", "kg/m2"),
    ],
)
def test_unit_spellings_map_to_ucum(text: str, unit: str) -> None:
    from strukturjournal.text import extract

    fields = [f for f in extract(text).fields if f.unit is not None]
    assert fields, text
    assert fields[0].unit == unit
    assert parse_ucum(unit) is not None
