"""``strukturjournal validate``: output, languages, exit status; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from strukturjournal.cli import main
from tests.conftest import CORPUS

OPT = CORPUS / "openehr-sdk" / "operationaltemplate" / "EHRN Vital signs.v2.opt"
VITALS = CORPUS / "openehr-sdk" / "composition" / "flat" / "simSDT" / "Vitalsigns.json"
BP = "ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/"

pytestmark = pytest.mark.corpus


def _vitals(**changes: Any) -> dict[str, Any]:
    data = json.loads(VITALS.read_text("utf-8"))
    data.update({BP + k.replace("__", "|"): v for k, v in changes.items()})
    return data


def _write(tmp_path: Path, data: object, name: str = "entry.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_valid_entry_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(OPT), str(VITALS)]) == 0
    assert "gyldig (mal EHRN Vital signs.v2)" in capsys.readouterr().out
    assert main(["validate", str(OPT), str(VITALS), "--lang", "en"]) == 0
    assert "valid (template EHRN Vital signs.v2)" in capsys.readouterr().out


def test_invalid_entry_exits_1_with_paths_and_norwegian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _write(tmp_path, _vitals(systolic__magnitude=1200))
    assert main(["validate", str(OPT), str(entry)]) == 1
    out = capsys.readouterr().out
    assert "error out-of-range  " + BP + "systolic|magnitude" in out
    assert "Systolic: 1200 mm[Hg] er utenfor tillatt område 0–<1000 mm[Hg]" in out
    assert "/items[at0004]/value/magnitude" in out
    assert "ugyldig (1 problem; mal EHRN Vital signs.v2)" in out


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _write(tmp_path, _vitals(diastolic__magnitude=80, diastolic__unit="cm"))
    assert main(["validate", str(OPT), str(entry), "--lang", "en"]) == 1
    assert "Diastolic: unit cm is not allowed (allowed: mm[Hg])" in capsys.readouterr().out


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _write(tmp_path, _vitals(systolic__magnitude=-5, nope=1))
    assert main(["validate", str(OPT), str(entry), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is False and out["format"] == "flat" and out["template_id"] == "EHRN Vital signs.v2"
    assert {(d["code"], d["path"]) for d in out["diagnostics"]} == {
        ("out-of-range", BP + "systolic|magnitude"), ("unknown-path", BP + "nope")}
    assert all("nb" in d["messages"] for d in out["diagnostics"])


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{not json", "er ikke en gyldig JSON text"),
        (b"\xff\xfe\x00garbage", "error"),
        (("[" * 100_000).encode(), "200"),
        (b'{"a": {"b": 1}}', "not a composition (canonical JSON, FLAT or STRUCTURED)"),
    ],
    ids=["bad-json", "not-utf8", "deep", "not-an-entry"],
)
def test_unreadable_entry_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    entry = tmp_path / "bad.json"
    entry.write_bytes(content)
    assert main(["validate", str(OPT), str(entry)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_missing_or_bad_template_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "none.opt"), str(VITALS)]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.opt"
    bad.write_text("<template>", "utf-8")
    assert main(["validate", str(bad), str(VITALS)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_bad_option_exits_2() -> None:
    assert main(["validate", str(OPT), str(VITALS), "--lang", "de"]) == 2


def test_names_option_checks_fixed_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import CORPUS

    sdk = CORPUS / "openehr-sdk"
    composition = json.loads((sdk / "composition" / "canonical_json" /
                              "virology_finding_with_specimen_no_update.json").read_text("utf-8"))
    items = composition["content"][0]["data"]["events"][0]["data"]["items"]
    next(i for i in items if i["name"]["value"] == "Kultur")["name"]["value"] = "Test Panel"
    entry = tmp_path / "renamed.json"
    entry.write_text(json.dumps(composition), "utf-8")
    opt = next(p for p in (sdk / "operationaltemplate").glob("*.opt")
               if "virologischer_befund" in p.read_text("utf-8").lower() or "Virologischer" in p.read_text("utf-8"))
    assert main(["validate", str(opt), str(entry)]) == 0
    capsys.readouterr()
    assert main(["validate", str(opt), str(entry), "--names", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "value-not-allowed" in out and "Test Panel" in out and "/content/0/data/events/0/data/items/2/name/value" in out
