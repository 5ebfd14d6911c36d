"""Shared test fixtures: where the shared corpora are, and helpers to list their files.

The corpora live in ``../shared`` beside the repository (CI lays them there too). A test
that needs them fails loudly when they are missing: a corpus-driven suite that silently
runs on nothing would prove nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()
CORPUS = SHARED / "corpus"


def corpus_files(relative: str, pattern: str) -> list[Path]:
    """Sorted files below ``../shared/corpus/<relative>`` matching ``pattern`` (recursive)."""
    folder = CORPUS / relative
    if not folder.is_dir():
        raise RuntimeError(f"the shared corpus {folder} is missing: tests read it at run time")
    return sorted(folder.rglob(pattern))


def case_id(path: Path) -> str:
    """A short, stable test id for a corpus file."""
    return str(path.relative_to(CORPUS))


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED


REPO_ROOT = ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; the corpus tests need it."""
    assert SHARED.is_dir(), f"shared data folder missing: {SHARED}"
    return SHARED
