"""Benchmark free-text extraction: strukturjournal.text against quantulum3 on the dev sets.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_text.py

Prints, for each dev set (../shared/corpus/...), notes per second, milliseconds per
note (CPU time of this process, all notes and short notes of at most 60 characters)
and the scorer's
precision/recall/F1 for both extractors. A plain script: it prints figures and
asserts nothing.

quantulum3 knows units, not clinical concepts, so its quantities are mapped to
concepts by unit alone (the simplest fair mapping, see QUANTULUM_UNITS):
mmHg -> systolic_bp, % -> spo2, degrees Celsius/Fahrenheit -> body_temperature,
kg/g/pounds -> body_weight, cm/m/inches/feet -> body_height, beats per minute ->
heart_rate, litres per minute -> o2_flow_rate, mmol/L -> blood_glucose, kg/m2 -> bmi.
Dimensionless numbers (most vital signs written without a unit) are left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
DEV_SETS = {
    "freetext-nb": SHARED / "corpus" / "freetext-nb" / "dev.jsonl",
    "mtsamples": SHARED / "corpus" / "mtsamples" / "gold-dev.jsonl",
}
SCORER = SHARED / "tools" / "score_extraction.py"
SHORT = 60  # characters: a "short note"
REPEAT = 5

# quantulum3 unit name -> (concept, UCUM unit)
QUANTULUM_UNITS: dict[str, tuple[str, str]] = {
    "millimetre of mercury": ("systolic_bp", "mm[Hg]"),
    "millimeter of mercury": ("systolic_bp", "mm[Hg]"),
    "percentage": ("spo2", "%"),
    "degree Celsius": ("body_temperature", "Cel"),
    "degree fahrenheit": ("body_temperature", "[degF]"),
    "degree Fahrenheit": ("body_temperature", "[degF]"),
    "kilogram": ("body_weight", "kg"),
    "gram": ("body_weight", "g"),
    "pound-mass": ("body_weight", "[lb_av]"),
    "centimetre": ("body_height", "cm"),
    "metre": ("body_height", "m"),
    "inch": ("body_height", "[in_i]"),
    "foot": ("body_height", "[ft_i]"),
    "beat per minute": ("heart_rate", "/min"),
    "litre per minute": ("o2_flow_rate", "L/min"),
    "standard litre per minute": ("o2_flow_rate", "L/min"),
    "millimole per litre": ("blood_glucose", "mmol/L"),
    "kilogram per square metre": ("bmi", "kg/m2"),
}


def _records(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _ours() -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from strukturjournal.text import extract

    def run(record: dict[str, Any]) -> list[dict[str, Any]]:
        return [f.to_dict() for f in extract(record["text"], record.get("lang")).fields]

    return run


def _quantulum() -> Callable[[dict[str, Any]], list[dict[str, Any]]] | None:
    try:
        import warnings

        warnings.filterwarnings("ignore")
        from quantulum3 import parser
    except ImportError:
        return None

    def run(record: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for quantity in parser.parse(record["text"]):
            mapped = QUANTULUM_UNITS.get(quantity.unit.name)
            if mapped is None:
                continue
            start, end = quantity.span
            out.append(
                {
                    "concept": mapped[0],
                    "value": quantity.value,
                    "unit": mapped[1],
                    "start": start,
                    "end": end,
                }
            )
        return out

    return run


def _time(run: Callable[[dict[str, Any]], Any], records: Iterable[dict[str, Any]]) -> float:
    items = list(records)
    if not items:
        return float("nan")
    best = float("inf")
    for _ in range(REPEAT):
        began = time.process_time()
        for record in items:
            run(record)
        best = min(best, time.process_time() - began)
    return best / len(items)


def _score(
    gold: Path, run: Callable[[dict[str, Any]], list[dict[str, Any]]], records: list[dict[str, Any]]
) -> str:
    with tempfile.NamedTemporaryFile(
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    ) as handle:
        for record in records:
            handle.write(
                json.dumps({"id": record["id"], "fields": run(record)}, ensure_ascii=False) + "\n"
            )
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), handle.name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(handle.name).unlink()
    return out.stdout.strip().splitlines()[-1].replace("extraction: ", "")


def main() -> None:
    ours = _ours()
    theirs = _quantulum()
    if theirs is None:
        print("quantulum3 is not installed; for the comparison run:  pip install quantulum3")
    for name, path in DEV_SETS.items():
        records = _records(path)
        short = [r for r in records if len(r["text"]) <= SHORT]
        print(f"\n== {name}: {len(records)} notes, {len(short)} short (<= {SHORT} chars)")
        for label, run in (("strukturjournal", ours), ("quantulum3", theirs)):
            if run is None:
                continue
            run(records[0])  # warm up: grammars, models
            per_note = _time(run, records)
            per_short = _time(run, short)
            print(
                f"{label:<16} {1 / per_note:9.0f} notes/s  {per_note * 1000:7.3f} ms/note  "
                f"{per_short * 1000:7.3f} ms/short note  {_score(path, run, records)}"
            )
        if theirs is not None:
            ratio = _time(theirs, records) / _time(ours, records)
            print(f"speed-up over quantulum3: {ratio:.1f}x")


if __name__ == "__main__":
    main()
