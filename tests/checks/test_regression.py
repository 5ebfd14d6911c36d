"""openEHR adl-archetypes: ADL 1.4 files whose description names an expected result.

``other_details["regression"]`` is ``PASS`` (no error may be found) or a validity code. A code
we implement must be found; codes we do not implement are listed in ``NOT_IMPLEMENTED`` and
the test fails if that list goes stale.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from strukturjournal.checks import CODES, lint_paths, load_for_lint
from strukturjournal.diagnostics import Diagnostic, Severity

from .conftest import ADL_ARCHETYPES

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not ADL_ARCHETYPES.is_dir(), reason="shared adl-archetypes corpus not present"
    ),
]

NOT_IMPLEMENTED: set[str] = set()


@cache
def regression_files() -> tuple[tuple[Path, str], ...]:
    out = []
    for f in sorted(ADL_ARCHETYPES.rglob("*.adl")):
        if b"regression" not in f.read_bytes():
            continue
        archetype, _ = load_for_lint(f)
        details = archetype.description.get("other_details") if archetype else None
        expected = details.get("regression") if isinstance(details, dict) else None
        if expected:
            out.append((f, str(expected)))
    return tuple(out)


@cache
def findings() -> dict[str, list[Diagnostic]]:
    return lint_paths(sorted({f.parent for f, _ in regression_files()}))


def test_regression_files_found() -> None:
    assert len(regression_files()) >= 10


def _cases() -> list[tuple[Path, str]]:
    return [(f, e) for f, e in regression_files() if e == "PASS" or e in CODES]


@pytest.mark.parametrize(
    ("path", "expected"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v
)
def test_regression(path: Path, expected: str) -> None:
    found = findings()[str(path)]
    errors = [d for d in found if d.severity >= Severity.ERROR]
    if expected == "PASS":
        assert errors == [], "\n".join(map(str, errors))
    else:
        assert expected in {d.code for d in found}


def test_not_implemented_codes_are_listed() -> None:
    expected = {e for _, e in regression_files() if e != "PASS"}
    assert expected - set(CODES) == NOT_IMPLEMENTED
