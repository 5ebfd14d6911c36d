"""Validate FLAT vital-sign compositions against their template, compiled once.

Prints figures, asserts nothing. Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_validate.py [--corpus ../shared/corpus] [-n 2000]

The compositions are the SDK's ``Vitalsigns.json`` (template ``EHRN Vital signs.v2``) with
its measurements varied, and a larger one with all five vital-sign observations repeated;
the baseline is ``json.loads`` of the same text, the least any JSON-based check must pay.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from strukturjournal.template import load_opt
from strukturjournal.validate import EntryValidator

_BP = "ehrn_vital_signs.v2/vital_signs:{s}/blood_pressure:{o}/any_event:{e}/"


def _large(base: dict[str, Any], events: int) -> dict[str, Any]:
    """The SDK composition plus ``events`` blood pressure events and body temperatures."""
    out = dict(base)
    for e in range(events):
        bp = _BP.format(s=0, o=0, e=e)
        out[bp + "systolic|magnitude"] = 110 + e % 40
        out[bp + "systolic|unit"] = "mm[Hg]"
        out[bp + "diastolic|magnitude"] = 70 + e % 20
        out[bp + "diastolic|unit"] = "mm[Hg]"
        out[bp + "time"] = f"2024-05-02T{e % 24:02d}:00:00+02:00"
        bt = f"ehrn_vital_signs.v2/vital_signs:0/body_temperature:0/any_event:{e}/"
        out[bt + "temperature|magnitude"] = 36.5 + (e % 10) / 10
        out[bt + "temperature|unit"] = "Cel"
        out[bt + "time"] = f"2024-05-02T{e % 24:02d}:00:00+02:00"
    return out


def _time(fn: Any, items: list[Any]) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def _row(name: str, times: list[float]) -> None:
    total = sum(times)
    print(f"  {name:<34} median {statistics.median(times) * 1e6:8.1f} µs   total {total * 1e3:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared/corpus")
    parser.add_argument("-n", type=int, default=2000, help="compositions per run")
    args = parser.parse_args()
    sdk = args.corpus / "openehr-sdk"
    template = load_opt(sdk / "operationaltemplate" / "EHRN Vital signs.v2.opt")
    base = json.loads((sdk / "composition" / "flat" / "simSDT" / "Vitalsigns.json").read_text("utf-8"))

    t = time.perf_counter()
    validator = EntryValidator(template)
    compile_s = time.perf_counter() - t
    print(f"template: {template.template_id}; compiled once in {compile_s * 1e3:.1f} ms "
          f"({len(validator.flat.nodes)} FLAT paths)")

    rng = random.Random(5)
    key = _BP.format(s=0, o=0, e=0) + "systolic|magnitude"
    small = []
    for _ in range(args.n):
        entry = dict(base)
        entry[key] = rng.choice([rng.randint(60, 220), 1200])  # about half out of range
        small.append(json.dumps(entry))
    large = [json.dumps(_large(base, 24)) for _ in range(max(args.n // 20, 1))]

    for title, texts in ((f"{len(small)} compositions of {len(base)} values", small),
                         (f"{len(large)} compositions of {len(json.loads(large[0]))} values", large)):
        data = [json.loads(x) for x in texts]
        print(title)
        loads = _time(json.loads, texts)
        ours = _time(lambda d: list(validator.iter_errors(d)), data)
        quick = _time(validator.is_valid, data)
        _row("json.loads of the text", loads)
        _row("iter_errors (all diagnostics)", ours)
        _row("is_valid (stops at the first)", quick)
        print(f"  iter_errors / json.loads: {statistics.median(ours) / statistics.median(loads):.1f}x (medians)")
        invalid = sum(1 for d in data if not validator.is_valid(d))
        print(f"  invalid: {invalid} of {len(data)}")

    if not (here / "src" / "strukturjournal" / "export" / "json_schema.py").exists():
        print("jsonschema / fastjsonschema: the comparison comes with the JSON Schema export "
              "(strukturjournal.export.json_schema, built by another helper); not measured here.")


if __name__ == "__main__":
    main()
