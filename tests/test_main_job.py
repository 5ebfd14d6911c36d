"""The main job: a nurse's note becomes coded fields, a validated FLAT entry and NEWS2.

Driven by the Norwegian dev notes too: every note of ``freetext-nb/dev.jsonl`` goes through
the shipped home-care template; the entry must validate and keep the note whole, and every
field must land in the entry or be reported (never dropped silently).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strukturjournal.cli import main
from strukturjournal.cli._templates import resolve_template
from strukturjournal.diagnostics import Severity
from strukturjournal.text import extract, to_entry
from strukturjournal.validate import iter_errors
from tests.conftest import CORPUS

NOTE = "BT 142/88 sittende, puls 112 uregelm., T 38,4, RF 24, SpO2 93 % u/O2, våken (A)"
TIME = "2026-11-25T10:00:00+01:00"
DEV = [json.loads(line) for line in (CORPUS / "freetext-nb/dev.jsonl").read_text("utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return resolve_template("hjemmetjeneste", [])


def test_the_readme_note_gives_a_valid_entry_with_news2_7_high(template) -> None:  # type: ignore[no-untyped-def]
    entry = to_entry(extract(NOTE), template, time=TIME)
    assert entry.diagnostics == []
    assert list(iter_errors(entry.flat, template)) == []
    assert entry.news2 is not None and entry.news2.total == 7 and entry.news2.risk.value == "high"
    flat = entry.flat
    assert flat["hjemmebesøk_vitale_tegn/blodtrykk/måling:0/systolisk_blodtrykk|magnitude"] == 142
    assert flat["hjemmebesøk_vitale_tegn/blodtrykk/måling:0/stilling|value"] == "Sittende"
    assert flat["hjemmebesøk_vitale_tegn/puls/måling:0/rytme|value"] == "Uregelmessig"
    assert flat["hjemmebesøk_vitale_tegn/news2/måling:0/totalskår"] == 7
    assert flat["hjemmebesøk_vitale_tegn/news2/måling:0/puls|value"] == "111–130 /min"
    assert flat["hjemmebesøk_vitale_tegn/sykepleiernotat/notat"] == NOTE


def test_a_value_the_template_rejects_is_reported_not_dropped(template) -> None:  # type: ignore[no-untyped-def]
    extraction = extract("Temp 101,3 F, BT 330/80")
    # 330 mmHg is no plausible systolic pressure: not a field, but a warning with its span
    (implausible,) = extraction.diagnostics
    assert implausible.code == "implausible-value" and implausible.severity == Severity.WARNING
    assert (implausible.span.start, implausible.span.end) == (17, 20)
    entry = to_entry(extraction, template, time=TIME)
    errors = {d.code: d for d in iter_errors(entry.flat, template)}
    # the template takes Cel only: the Fahrenheit value is kept as written and rejected
    assert entry.flat["hjemmebesøk_vitale_tegn/kroppstemperatur/måling:0/temperatur|unit"] == "[degF]"
    assert errors["wrong-unit"].path.endswith("temperatur|unit")
    assert "[degF]" in errors["wrong-unit"].message_in("nb") and "Cel" in errors["wrong-unit"].message_in("nb")
    # and the template's mandatory systolic pressure is missing, by name
    assert "Systolisk blodtrykk" in errors["missing-mandatory"].message_in("nb")


@pytest.mark.parametrize("record", DEV, ids=[r["id"] for r in DEV])
def test_every_dev_note_becomes_a_valid_entry(template, record) -> None:  # type: ignore[no-untyped-def]
    extraction = extract(record["text"], record.get("lang"))
    entry = to_entry(extraction, template, time=TIME)
    assert entry.flat["hjemmebesøk_vitale_tegn/sykepleiernotat/notat"] == record["text"]
    reported = {(d.span.start, d.span.end) for d in entry.diagnostics if d.span is not None}
    for index, f in enumerate(extraction.fields):
        assert index in entry.placed or (f.start, f.end) in reported, f
    errors = [d for d in iter_errors(entry.flat, template) if d.severity >= Severity.ERROR]
    # a note may carry a value outside the template's range or in a unit it does not take:
    # that must be an error naming the field's node, and nothing else may be wrong
    assert all(d.code in {"out-of-range", "wrong-unit", "too-many"} for d in errors), errors


def test_cli_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--template", "hjemmetjeneste", NOTE, "--time", TIME, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is True and out["diagnostics"] == []
    assert out["news2"]["total"] == 7 and out["news2"]["risk"] == "high"
    assert [f["concept"] for f in out["fields"]][:2] == ["systolic_bp", "diastolic_bp"]


def test_cli_main_job_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--template", "hjemmetjeneste", NOTE, "--time", TIME]) == 0
    out = capsys.readouterr().out
    assert "gyldig / valid" in out and "total 7: high risk" in out and "systolisk_blodtrykk|magnitude" in out


def test_cli_invalid_entry_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "-t", "hjemmetjeneste", "BT 140/80, temp 101,3 F", "--time", TIME]) == 1
    out = capsys.readouterr().out
    assert "wrong-unit" in out and "ugyldig / invalid" in out


def test_cli_unknown_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "-t", "nope", NOTE]) == 2
    err = capsys.readouterr().err
    assert "no template 'nope'" in err and "hjemmetjeneste" in err and "Traceback" not in err


def test_cli_template_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[1] / "archetypes/templates/sykehjem_vekt.yml"
    assert main(["extract", "-t", str(path), "Vekt 68,4 kg", "--time", TIME, "-f", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any(k.endswith("|magnitude") and v == 68.4 for k, v in out["composition"].items())


def test_placed_names_the_fields_own_node_not_its_qualifiers(template) -> None:  # type: ignore[no-untyped-def]
    extraction = extract("BT 142/88 sittende")
    entry = to_entry(extraction, template, time=TIME)
    assert entry.placed[0].endswith("/systolisk_blodtrykk")
    assert entry.placed[1].endswith("/diastolisk_blodtrykk")
    assert entry.flat[entry.placed[0].rsplit("/", 1)[0] + "/stilling|code"] == "at0008"


def test_template_commands_take_a_shipped_short_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "show", "hjemmetjeneste", "--lang", "en"]) == 0
    assert "Home care visit – vital signs" in capsys.readouterr().out


def test_extract_rejects_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "BT 120/80", "--lang", "xx"]) == 2
    assert "use one of nb, nn, en" in capsys.readouterr().err


def test_fields_table_shows_bracketed_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "temp 101,3 F"]) == 0
    out = capsys.readouterr().out
    assert "[degF]" in out and "text [span]" in out
