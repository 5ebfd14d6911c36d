"""What Get started shows for the main job is what the command does.

The page shows the main job's command, its output (fields table, FLAT rows, validation line,
NEWS2 panel), the ``--format json`` form and a rejected Fahrenheit temperature. These tests run
the commands shown on the page through ``strukturjournal.cli.main`` and check the page's claims.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from strukturjournal.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "getting-started.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")
NOTE = "BT 142/88 sittende, puls 112 uregelm., T 38,4, RF 24, SpO2 93 % u/O2, våken (A)"
BAD_NOTE = "BT 140/80, temp 101,3 F"
TIME = "2026-11-25T10:00:00+01:00"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", PAGE, re.MULTILINE | re.DOTALL)


def _commands() -> list[list[str]]:
    """Every ``strukturjournal ...`` command in the page's bash blocks, as an argument list."""
    out = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if "strukturjournal" in words:
                out.append(words[words.index("strukturjournal") + 1 :])
    return out


def _run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def _main_excerpt() -> str:
    return next(b for b in _blocks("text") if "Kodede felt / coded fields" in b and "NEWS2" in b)


def test_page_starts_with_the_readme_commands() -> None:
    readme = {line.strip() for line in re.findall(r"^(pip install .*)$", README, re.MULTILINE)}
    first_two = [b.strip() for b in _blocks("bash")[:2]]
    assert readme and set(first_two) == readme


def test_page_runs_the_main_job_with_a_fixed_time() -> None:
    shown = _commands()
    assert ["extract", "--template", "hjemmetjeneste", NOTE, "--time", TIME] in shown
    assert [
        "extract",
        "--template",
        "hjemmetjeneste",
        NOTE,
        "--time",
        TIME,
        "--format",
        "json",
    ] in shown
    assert ["extract", "--template", "hjemmetjeneste", BAD_NOTE, "--time", TIME] in shown


def test_main_job_is_what_the_page_says(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run_json(
        ["extract", "--template", "hjemmetjeneste", NOTE, "--time", TIME, "--format", "json"],
        capsys,
    )
    assert code == 0
    assert out["valid"] is True and out["diagnostics"] == []
    assert out["template"] == "sj.hjemmetjeneste.vitale_tegn.v0"
    assert out["news2"]["total"] == 7 and out["news2"]["risk"] == "high"
    assert out["composition"]["hjemmebesøk_vitale_tegn/sykepleiernotat/notat"] == NOTE

    excerpt = _main_excerpt()
    assert "Validering: gyldig / valid" in excerpt
    assert "total 7: high risk" in excerpt
    # the fields table on the page: one row per field, in order, with value and unit
    rows = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in excerpt.split("Kodede felt / coded fields")[1].split("FLAT:")[0].splitlines()
        if line.startswith("│")
    ]
    assert len(rows) == len(out["fields"]) == 8
    for row, field in zip(rows, out["fields"], strict=True):
        value = (
            json.dumps(field["value"]) if isinstance(field["value"], bool) else str(field["value"])
        )
        assert row[:4] == [field["concept"], value, field["unit"] or "", field["loinc"]]
        assert row[5] == f"{field['text']!r} [{field['start']}:{field['end']}]"
    # every FLAT row shown on the page is in the composition, with the value shown
    flat_rows = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in excerpt.split("FLAT:")[1].split("Validering")[0].splitlines()
        if line.startswith("│")
    ]
    assert len(flat_rows) >= 10
    for path, value in flat_rows:
        shown = out["composition"][path]
        assert (shown if isinstance(shown, str) else json.dumps(shown)) == value
    assert f"the FLAT table has {len(out['composition'])} rows" in PAGE
    # the NEWS2 sub-scores in the panel
    for parameter, score in out["news2"]["sub_scores"].items():
        assert re.search(rf"│ {parameter} +{score} +│", excerpt), parameter


def test_json_excerpt_matches_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run_json(
        ["extract", "--template", "hjemmetjeneste", NOTE, "--time", TIME, "--format", "json"],
        capsys,
    )
    shown = next(b for b in _blocks("json") if '"news2"' in b)
    assert out["fields"][0] == json.loads(
        re.search(r"^    (\{\n.*?^    \})", shown, re.MULTILINE | re.DOTALL).group(1)
    )
    for key in ("valid", "diagnostics", "template"):
        assert f'"{key}": {json.dumps(out[key])}' in shown
    assert json.dumps(out["news2"]["sub_scores"], indent=2).replace("\n", "\n    ") in shown


def test_bad_unit_is_kept_and_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run_json(
        ["extract", "--template", "hjemmetjeneste", BAD_NOTE, "--time", TIME, "--format", "json"],
        capsys,
    )
    assert code == 1
    assert out["valid"] is False
    temperature = next(f for f in out["fields"] if f["concept"] == "body_temperature")
    assert temperature == json.loads(next(b for b in _blocks("json") if '"101,3 F"' in b))
    (problem,) = out["diagnostics"]
    assert problem["code"] == "wrong-unit"
    shown = next(b for b in _blocks("text") if "Validering: ugyldig / invalid" in b)
    assert f"error wrong-unit: {problem['path']}: {problem['messages']['nb']}" in shown
    assert "status 1" in PAGE

    capsys.readouterr()
    assert main(["extract", "--template", "hjemmetjeneste", BAD_NOTE, "--time", TIME]) == 1
    printed = capsys.readouterr().out
    for line in shown.splitlines():
        if line != "…":
            assert line in printed, line
