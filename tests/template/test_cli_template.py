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


def test_export_json_schema_and_svg(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    import jsonschema

    schema = tmp_path / "schema.json"
    args = ["template", "export", str(DATA / "visit.yml"), *ARGS, "--format", "json-schema", "-o", str(schema)]
    assert main(args) == 0
    loaded = json.loads(schema.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    picture = tmp_path / "tree.svg"
    args = ["template", "export", str(DATA / "visit.yml"), *ARGS, "-f", "svg", "--lang", "en", "-o", str(picture)]
    assert main(args) == 0
    root = ET.fromstring(picture.read_text("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    assert "Weight" in picture.read_text("utf-8")


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
