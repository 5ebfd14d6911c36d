"""docs/howto/validate-and-convert-entries.md: its Python runs, in order, on the files it names,
and prints what the page says it prints."""

from __future__ import annotations

import re
import shutil
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from tests.conftest import CORPUS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "howto" / "validate-and-convert-entries.md"


def test_the_howto_code_runs_and_prints_what_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sdk = CORPUS / "openehr-sdk"
    shutil.copy(sdk / "operationaltemplate" / "EHRN Vital signs.v2.opt", tmp_path / "vital_signs.opt")
    shutil.copy(sdk / "composition" / "flat" / "simSDT" / "Vitalsigns.json", tmp_path / "bp.json")
    monkeypatch.chdir(tmp_path)
    text = PAGE.read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 3
    out = StringIO()
    namespace: dict[str, object] = {}
    with redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(PAGE), "exec"), namespace)
    printed = out.getvalue().splitlines()
    promised = [m.group(1) for b in blocks for m in re.finditer(r"print\(.*\)\s+# (True|False)", b)]
    assert printed[: len(promised)] == promised
    assert printed[len(promised):] == [
        "/content/0/items/0/data/events/0/data/items/1 - no node of the template has node id at0004.1"]
    assert printed[-1] in text
