"""``strukturjournal lint``: exit codes, options and formats."""

from __future__ import annotations

import json

import pytest

from strukturjournal.cli import main

from .conftest import INVALID

ERROR_FILE = INVALID / "VCARM_unknown_attribute.adl"
WARNING_FILE = INVALID / "W-UCUM_not_ucum.adl"
SYNTAX_FILE = INVALID / "E-SYNTAX_missing_brace.adl"
VALID_FILE = INVALID / "valid" / "VCARM_unknown_attribute.adl"
ERROR_LINE = next(
    n
    for n, line in enumerate(ERROR_FILE.read_text(encoding="utf-8").splitlines(), 1)
    if "magnitud " in line
)


def test_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(VALID_FILE)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_error_exits_1_with_line_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(ERROR_FILE)]) == 1
    out = capsys.readouterr().out
    assert "VCARM" in out and str(ERROR_FILE) in out and f" {ERROR_LINE}:" in out


def test_warnings_exit_0_unless_strict() -> None:
    assert main(["lint", str(WARNING_FILE)]) == 0
    assert main(["lint", "--strict", str(WARNING_FILE)]) == 1


def test_ignore_and_min_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--ignore", "VCARM", str(ERROR_FILE)]) == 0
    assert main(["lint", "--strict", "--min-severity", "error", str(WARNING_FILE)]) == 0
    capsys.readouterr()


def test_syntax_error_is_a_finding_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", str(SYNTAX_FILE)]) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    (finding,) = doc["files"][str(SYNTAX_FILE)]
    assert finding["code"] == "E-SYNTAX" and finding["span"]["line"] > 1
    assert "Traceback" not in captured.err


def test_sarif_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "sarif", str(ERROR_FILE), str(VALID_FILE)]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["VCARM"]


def test_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "github", str(ERROR_FILE)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"::error file={ERROR_FILE},line={ERROR_LINE},col=")


def test_folder_is_searched(capsys: pytest.CaptureFixture[str]) -> None:
    folders = [INVALID / "valid", INVALID / "parents"]
    assert main(["lint", "--format", "json", *map(str, folders)]) == 0
    doc = json.loads(capsys.readouterr().out)
    files = sum(len(list(f.glob("*.adl"))) for f in folders)
    assert doc["summary"] == {"files": files, "errors": 0, "warnings": 0}


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(INVALID / "nope.adl")]) == 2
    assert "no such file" in capsys.readouterr().err
