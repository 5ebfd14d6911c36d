"""FLAT vital-sign compositions against our exported JSON Schema: jsonschema vs fastjsonschema.

Prints milliseconds per composition (no assertions). Run from the repository root:
``PYTHONPATH=src:. python benchmarks/bench_schema.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema

from strukturjournal.export.examples import example_entry
from strukturjournal.export.json_schema import to_json_schema
from strukturjournal.template import load_opt

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "openehr-sdk"
ROUNDS = 50


def per_composition_ms(fn: Any, items: list[Any], rounds: int = ROUNDS) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            fn(item)
    return (time.perf_counter() - start) * 1000 / (rounds * len(items))


def main() -> None:
    template = load_opt(CORPUS / "operationaltemplate" / "EHRN Vital signs.v2.opt")
    sdk = (CORPUS / "composition" / "flat" / "simSDT" / "Vitalsigns.json").read_text("utf-8")
    # the SDK's vital signs composition and 20 generated ones (every mandatory node, some optional)
    texts = [sdk] + [json.dumps(example_entry(template, seed)) for seed in range(20)]
    flats = [json.loads(t) for t in texts]
    schema = to_json_schema(template)
    validator = jsonschema.Draft202012Validator(schema)
    start = time.perf_counter()
    compiled = fastjsonschema.compile(schema)
    compile_ms = (time.perf_counter() - start) * 1000
    for flat in flats:  # all valid: a benchmark of failures would measure something else
        validator.validate(flat)
        compiled(flat)
    sizes = sorted(len(f) for f in flats)
    print(f"{len(flats)} compositions, {sizes[0]}-{sizes[-1]} FLAT entries; schema: "
          f"{len(schema['properties'])} properties, {len(schema['patternProperties'])} patterns")  # fmt: skip
    print(f"json.loads                         {per_composition_ms(json.loads, texts):8.3f} ms/composition")
    print(f"jsonschema Draft202012Validator    {per_composition_ms(validator.validate, flats):8.3f} ms/composition")
    print(f"fastjsonschema (compiled once)     {per_composition_ms(compiled, flats):8.3f} ms/composition"
          f"  (compile: {compile_ms:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
