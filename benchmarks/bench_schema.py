"""FLAT vital-sign compositions against our exported JSON Schema: jsonschema vs fastjsonschema.

Prints milliseconds per composition (no assertions). Run from the repository root:
``PYTHONPATH=src:. python benchmarks/bench_schema.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import fastjsonschema
import jsonschema

from strukturjournal.export.json_schema import to_json_schema
from strukturjournal.template import load_opt

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "openehr-sdk"
ROUNDS = 200


def per_call_ms(fn: object, arg: object, rounds: int = ROUNDS) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn(arg)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000 / rounds


def main() -> None:
    template = load_opt(CORPUS / "operationaltemplate" / "EHRN Vital signs.v2.opt")
    text = (CORPUS / "composition" / "flat" / "simSDT" / "Vitalsigns.json").read_text("utf-8")
    flat = json.loads(text)
    schema = to_json_schema(template)
    validator = jsonschema.Draft202012Validator(schema)
    start = time.perf_counter()
    compiled = fastjsonschema.compile(schema)
    compile_ms = (time.perf_counter() - start) * 1000
    print(f"composition: {len(flat)} FLAT entries; schema: {len(schema['properties'])} properties, "
          f"{len(schema['patternProperties'])} patterns")  # fmt: skip
    print(f"json.loads                         {per_call_ms(json.loads, text):8.3f} ms/composition")
    print(f"jsonschema Draft202012Validator    {per_call_ms(validator.validate, flat):8.3f} ms/composition")
    print(f"fastjsonschema (compiled once)     {per_call_ms(compiled, flat):8.3f} ms/composition"
          f"  (compile: {compile_ms:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
