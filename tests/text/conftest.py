"""Fixtures for the free-text extraction tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from _corpus import SHARED


@pytest.fixture(scope="session")
def text_shared() -> Path:
    """The shared folder beside the checkout (dev sets, scorer, mtsamples)."""
    assert SHARED.is_dir(), SHARED
    return SHARED
