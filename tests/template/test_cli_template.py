"""``strukturjournal template build|show|export`` through ``cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strukturjournal.cli import main
from strukturjournal.template import load_opt

DATA = Path(__file__).parent / "data"
ARGS = ["-a", str(DATA)]


def test_build_writes_an_opt(tmp_path: Path) -> None:
    out = tmp_path / "visit.opt"
    assert main(["template", "build", str(DATA / "visit.yml"), *ARGS, "-o", str(out)]) == 0
    assert load_opt(out).template_id == "test.visit.v0"


def test_show_prints_names_and_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "show", str(DATA / "visit.yml"), *ARGS, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Weekly weight" in out and "Weight" in out and "Ukentlig vekt" not in out
    assert "/content[openEHR-EHR-OBSERVATION.t_weight.v0]/data[at0001]" in out


def test_export_web_template(tmp_path: Path) -> None:
    out = tmp_path / "wt.json"
    args = ["template", "export", str(DATA / "visit.yml"), *ARGS, "--format", "web-template", "-o", str(out)]
    assert main(args) == 0
    assert json.loads(out.read_text("utf-8"))["templateId"] == "test.visit.v0"


def test_show_an_opt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "visit.opt"
    assert main(["template", "export", str(DATA / "visit.yml"), *ARGS, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["template", "show", str(out)]) == 0
    assert "Testbesøk" in capsys.readouterr().out


def test_error_prints_file_line_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("id: t.v0\nname: {nb: T}\nroot: openEHR-EHR-COMPOSITION.t_visit.v0\nexclude: [Nope]\n")
    assert main(["template", "build", str(bad), *ARGS]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4:11: error template-unknown-name" in err
    assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "show", "/nonexistent.yml"]) == 2
    assert "no such file" in capsys.readouterr().err
