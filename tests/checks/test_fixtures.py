"""archetypes/invalid/<CODE>_<what>.adl gives exactly <CODE>; its twin in valid/ gives nothing.

The file name is the only statement of what is expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturjournal.checks import CODES, InMemoryLookup, check_archetype, load_for_lint
from strukturjournal.diagnostics import Diagnostic

from .conftest import INVALID

INVALID_FILES = sorted(INVALID.glob("*.adl"))
VALID_FILES = sorted((INVALID / "valid").glob("*.adl"))
PARENT_FILES = sorted((INVALID / "parents").glob("*.adl"))


def expected_code(path: Path) -> str:
    return path.stem.split("_", 1)[0]


def lint(path: Path) -> list[Diagnostic]:
    lookup = InMemoryLookup(
        [a for a in (load_for_lint(p)[0] for p in PARENT_FILES) if a is not None]
    )
    archetype, found = load_for_lint(path)
    if archetype is None:
        return found
    return check_archetype(archetype, lookup)


def test_every_code_has_a_fixture_and_a_twin() -> None:
    assert {expected_code(p) for p in INVALID_FILES} == set(CODES)
    assert {p.name for p in VALID_FILES} == {p.name for p in INVALID_FILES}


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_invalid_fixture_gives_exactly_its_code(path: Path) -> None:
    found = lint(path)
    assert [d.code for d in found] == [expected_code(path)], "\n".join(map(str, found))
    assert found[0].span is not None and found[0].span.source == str(path)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_valid_twin_is_clean(path: Path) -> None:
    found = lint(path)
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("path", PARENT_FILES, ids=lambda p: p.stem)
def test_parents_are_clean(path: Path) -> None:
    assert lint(path) == []
