"""Shared paths for the checks tests."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
INVALID = PROJECT / "archetypes" / "invalid"
CKM = SHARED / "corpus" / "ckm"
ADL_ARCHETYPES = SHARED / "corpus" / "adl-archetypes"
