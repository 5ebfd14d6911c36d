"""Where the free-text tests find the shared dev sets (read at run time, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = (REPO_ROOT / ".." / "shared").resolve()
DEV_SETS = {
    "freetext-nb": SHARED / "corpus" / "freetext-nb" / "dev.jsonl",
    "mtsamples": SHARED / "corpus" / "mtsamples" / "gold-dev.jsonl",
}
SCORER = SHARED / "tools" / "score_extraction.py"
MTSAMPLES_TXT = SHARED / "corpus" / "mtsamples" / "txt"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def dev_cases() -> list[tuple[str, dict[str, Any]]]:
    """(set name, record) for every note of both dev sets; empty when the data is absent
    (the scorer test then fails loudly)."""
    cases: list[tuple[str, dict[str, Any]]] = []
    for name, path in DEV_SETS.items():
        if path.is_file():
            cases.extend((name, record) for record in read_jsonl(path))
    return cases
