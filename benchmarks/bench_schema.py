"""FLAT vital-sign compositions: our validator vs jsonschema and fastjsonschema on our exported
JSON Schema, against the cost of ``json.loads`` of the same text (one run, same data).

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
from strukturjournal.validate import EntryValidator

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
    start = time.perf_counter()
    ours = EntryValidator(template)
    ours_compile_ms = (time.perf_counter() - start) * 1000
    for flat in flats:  # all valid: a benchmark of failures would measure something else
        validator.validate(flat)
        compiled(flat)
        assert not list(ours.iter_errors(flat)), "a generated entry must be valid"

    def ours_all(flat: Any) -> None:
        for _ in ours.iter_errors(flat):  # every check, as jsonschema's validate does
            pass

    sizes = sorted(len(f) for f in flats)
    print(f"{len(flats)} compositions, {sizes[0]}-{sizes[-1]} FLAT entries; schema: "
          f"{len(schema['properties'])} properties, {len(schema['patternProperties'])} patterns")  # fmt: skip
    loads = per_composition_ms(json.loads, texts)
    js = per_composition_ms(validator.validate, flats)
    fast = per_composition_ms(compiled, flats)
    mine = per_composition_ms(ours_all, flats)
    print(f"json.loads                         {loads:8.3f} ms/composition")
    print(f"jsonschema Draft202012Validator    {js:8.3f} ms/composition")
    print(f"fastjsonschema (compiled once)     {fast:8.3f} ms/composition  (compile: {compile_ms:.0f} ms)")
    print(f"strukturjournal EntryValidator     {mine:8.3f} ms/composition  (compile: {ours_compile_ms:.0f} ms)")
    print(f"ours vs jsonschema: {js / mine:.1f}x faster; vs fastjsonschema: {mine / fast:.2f}x its time;"
          f" vs json.loads: {mine / loads:.0f}x its time")
    print("targets: >= 10x faster than jsonschema, within 2x of fastjsonschema")
    show_errors(json.loads(sdk), validator, compiled, ours)


def show_errors(flat: dict[str, Any], validator: Any, compiled: Any, ours: EntryValidator) -> None:
    """What each one says about the same mistake: a systolic pressure of 1200 mm[Hg]."""
    key = next(k for k in flat if k.endswith("/systolic|magnitude"))
    bad = {**flat, key: 1200.0}
    print(f"\nthe same mistake ({key} = 1200.0):")
    best = jsonschema.exceptions.best_match(validator.iter_errors(bad))
    print(f"  jsonschema:     {best.message if best else '(valid)'} at {list(best.absolute_path) if best else ''}")
    try:
        compiled(bad)
        print("  fastjsonschema: (valid)")
    except fastjsonschema.JsonSchemaValueException as exc:
        print(f"  fastjsonschema: {exc.message}")
    for d in ours.iter_errors(bad):
        print(f"  strukturjournal [{d.code}] {d.path}  (AQL {d.archetype_path})")
        print(f"    nb: {d.messages['nb']}")
        print(f"    en: {d.messages['en']}")


if __name__ == "__main__":
    main()
