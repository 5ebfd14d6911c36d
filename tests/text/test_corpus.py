"""Corpus-driven tests: every dev note is a case; the scorer must report F1 >= 0.95."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _corpus import DEV_SETS, SCORER, dev_cases, read_jsonl

from strukturjournal.text import extract, extract_jsonl

pytestmark = pytest.mark.corpus
CASES = dev_cases()


def test_dev_sets_are_present() -> None:
    assert all(path.is_file() for path in DEV_SETS.values()), DEV_SETS
    assert SCORER.is_file(), SCORER
    assert len(CASES) >= 200


@pytest.mark.parametrize(("dataset", "record"), CASES, ids=[r["id"] for _, r in CASES])
def test_dev_note(dataset: str, record: dict[str, Any]) -> None:
    text = record["text"]
    result = extract(text, record.get("lang"))
    assert result.reconstruct() == text
    gold = record["fields"]
    if not gold:
        assert result.fields == [], f"{dataset}: fields on a note whose gold has none"
    for field in result.fields:
        assert text[field.start : field.end] == field.text
        assert field.concept, field
        data = field.to_dict()
        assert {"concept", "value", "unit", "start", "end"} <= data.keys()
        if isinstance(field.value, int | float) and not isinstance(field.value, bool):
            assert re.search(r"\d", field.text), field
    # Never a concept the note does not have.
    gold_concepts = {g["concept"] for g in gold}
    assert {f.concept for f in result.fields} <= gold_concepts, result.fields


def _score(gold: Path, predictions: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(predictions), "--per-concept"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    summary = out.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", summary)}


@pytest.mark.parametrize("dataset", sorted(DEV_SETS))
def test_scorer_f1(dataset: str, tmp_path: Path) -> None:
    gold = DEV_SETS[dataset]
    lines = gold.read_text(encoding="utf-8").splitlines()
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(
        "\n".join(json.dumps(rec, ensure_ascii=False) for rec in extract_jsonl(lines)) + "\n",
        encoding="utf-8",
    )
    scores = _score(gold, predictions)
    assert scores["F1"] >= 0.95, scores


@pytest.mark.parametrize("dataset", sorted(DEV_SETS))
def test_no_field_where_gold_has_none(dataset: str) -> None:
    empty = [r for r in read_jsonl(DEV_SETS[dataset]) if not r["fields"]]
    assert empty
    for record in empty:
        assert extract(record["text"], record.get("lang")).fields == [], record["id"]
