"""Every code has a section in docs/reference/codes.md, and the known CKM errors are listed there."""

from __future__ import annotations

import re
from pathlib import Path

from strukturjournal.checks import CODES

DOCS = Path(__file__).resolve().parents[2] / "docs"
CODES_MD = DOCS / "reference" / "codes.md"


def test_every_code_has_a_section() -> None:
    text = CODES_MD.read_text(encoding="utf-8")
    anchors = re.findall(r"^## (\S+) \{#([^}]+)\}$", text, flags=re.M)
    documented = {code for code, anchor in anchors if anchor == code.lower()}
    assert set(CODES) <= documented
    for code in CODES:
        section = text.split(f"## {code} {{#")[1].split("\n## ")[0]
        assert "```" in section and "**Fix:**" in section, code


def test_known_ckm_errors_are_in_the_docs() -> None:
    text = CODES_MD.read_text(encoding="utf-8").split("## Findings in the CKM corpus")[1]
    known = Path(__file__).with_name("ckm_known_errors.txt").read_text(encoding="utf-8")
    for line in known.splitlines():
        if line.strip() and not line.startswith("#"):
            path, code, _ = (p.strip() for p in line.split("|", 2))
            assert Path(path).stem in text and code in text


def test_ci_howto_has_sarif_upload_and_pre_commit() -> None:
    text = (DOCS / "howto" / "lint-in-ci.md").read_text(encoding="utf-8")
    assert "--format sarif" in text and "github/codeql-action/upload-sarif" in text
    assert "id: strukturjournal-lint" in text
