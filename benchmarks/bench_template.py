"""Benchmark: load OPTs and generate web templates (prints figures; no assertions).

Run from the repository root: ``PYTHONPATH=src python benchmarks/bench_template.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

from strukturjournal.export import to_web_template
from strukturjournal.template import load_opt, to_opt

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OPT_DIR = SHARED / "corpus" / "openehr-sdk" / "operationaltemplate"


def _ms(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    paths = sorted(p for p in OPT_DIR.glob("*") if p.suffix in (".opt", ".xml"))
    largest = max(paths, key=lambda p: p.stat().st_size)
    template = load_opt(largest)
    nodes = sum(1 for _ in template.iter_nodes())
    print(
        f"largest OPT: {largest.name} ({largest.stat().st_size / 1e6:.2f} MB, {nodes} constraint nodes)"
    )
    print(f"  load_opt:         {_ms(lambda: load_opt(largest)):8.1f} ms (best of 5)")
    print(f"  to_web_template:  {_ms(lambda: to_web_template(template)):8.1f} ms (best of 5)")
    print(f"  to_opt:           {_ms(lambda: to_opt(template)):8.1f} ms (best of 5)")

    templates = []
    start = time.perf_counter()
    for p in paths:
        templates.append(load_opt(p))
    load_all = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for t in templates:
        to_web_template(t)
    wt_all = (time.perf_counter() - start) * 1000
    total_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"all {len(paths)} SDK OPTs ({total_mb:.1f} MB):")
    print(f"  load_opt:         {load_all:8.1f} ms")
    print(f"  to_web_template:  {wt_all:8.1f} ms")


if __name__ == "__main__":
    main()
