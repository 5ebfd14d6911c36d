"""Lint the whole CKM corpus (parse + every check) on one core, cold, and print the figures.

    PYTHONPATH=src python benchmarks/bench_lint.py [PATH]

Cold: a fresh process, no parse cache (``lint_paths`` never uses the repository cache).
Target: 15 s or less for the 689 CKM archetypes.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from strukturjournal.checks import InMemoryLookup, check_archetype, iter_adl_files, load_for_lint
from strukturjournal.rm import RMModel

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ckm"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    t0 = time.perf_counter()
    files = iter_adl_files([root])
    rm = RMModel.default()
    t1 = time.perf_counter()
    loaded = []
    syntax = 0
    for f in files:
        archetype, found = load_for_lint(f)
        if archetype is None:
            syntax += len(found)
        else:
            loaded.append(archetype)
    t2 = time.perf_counter()
    lookup = InMemoryLookup(loaded)
    counts: Counter[str] = Counter()
    for archetype in loaded:
        counts.update(d.code for d in check_archetype(archetype, lookup, rm))
    t3 = time.perf_counter()
    print(f"files: {len(files)} ({syntax} syntax errors)")
    print(f"setup (file list, RM): {t1 - t0:6.2f} s")
    print(f"parse:                 {t2 - t1:6.2f} s  ({1000 * (t2 - t1) / max(len(files), 1):.1f} ms/file)")
    print(f"checks:                {t3 - t2:6.2f} s  ({1000 * (t3 - t2) / max(len(loaded), 1):.1f} ms/archetype)")
    print(f"total:                 {t3 - t0:6.2f} s  (target 15 s)")
    print("findings: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))


if __name__ == "__main__":
    main()
