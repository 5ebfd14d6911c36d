"""The CKM corpus: findings by code, and every error is a known, verified defect."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from strukturjournal.checks import lint_paths
from strukturjournal.diagnostics import Diagnostic, Severity

from .conftest import CKM

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CKM.is_dir(), reason="shared CKM corpus not present"),
]

KNOWN = Path(__file__).with_name("ckm_known_errors.txt")


def known_errors() -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, code, reason = (part.strip() for part in line.split("|", 2))
        assert reason, f"no reason given for {path} {code}"
        out[(path, code)] += 1
    return out


@pytest.fixture(scope="module")
def ckm_findings() -> dict[str, list[Diagnostic]]:
    return lint_paths([CKM])


def test_ckm_counts_by_code(ckm_findings: dict[str, list[Diagnostic]]) -> None:
    counts = Counter((d.code, str(d.severity)) for ds in ckm_findings.values() for d in ds)
    print(f"\n{len(ckm_findings)} CKM archetypes")
    for (code, severity), n in sorted(counts.items()):
        print(f"{n:6d}  {severity:<8} {code}")
    assert len(ckm_findings) == len(list(CKM.rglob("*.adl")))
    assert "E-SYNTAX" not in {code for code, _ in counts}


def test_every_ckm_error_is_a_known_defect(ckm_findings: dict[str, list[Diagnostic]]) -> None:
    errors: Counter[tuple[str, str]] = Counter()
    for path, ds in ckm_findings.items():
        rel = Path(path).relative_to(CKM).as_posix()
        for d in ds:
            if d.severity >= Severity.ERROR:
                errors[(rel, d.code)] += 1
    known = known_errors()
    assert errors - known == Counter(), "errors not in ckm_known_errors.txt"
    assert known - errors == Counter(), "ckm_known_errors.txt lists errors that no longer occur"
