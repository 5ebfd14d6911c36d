"""Shared test helpers: where the shared corpora live (the ``shared`` folder beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = (REPO_ROOT / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; the corpus tests need it."""
    assert SHARED.is_dir(), f"shared data folder missing: {SHARED}"
    return SHARED
