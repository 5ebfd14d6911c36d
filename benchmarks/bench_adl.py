"""Parse the whole CKM corpus on one core: cold (no cache) and warm (disk cache).

Prints figures, asserts nothing. Run from the repository root:

    python benchmarks/bench_adl.py [--corpus ../shared/corpus/ckm]

The GPL peer pyehr-openehr needs Python >= 3.12 and cannot be installed beside this
3.11 environment, so it is not measured here; its published figure on this kind of machine
(122 s total, 103 ms median for the same corpus) is quoted for comparison only.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from strukturjournal.adl import parse_adl, read_adl_text
from strukturjournal.repository import ArchetypeRepository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared/corpus/ckm")
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.adl"))
    texts = [read_adl_text(p.read_bytes(), str(p))[0] for p in files]
    parse_adl(texts[0])  # build the grammar once; not part of the per-file figures

    per_file = []
    start = time.perf_counter()
    for path, text in zip(files, texts, strict=True):
        t = time.perf_counter()
        parse_adl(text, source=str(path))
        per_file.append(time.perf_counter() - t)
    cold_parse = time.perf_counter() - start
    print(f"files: {len(files)}  ({sum(len(t) for t in texts) / 1e6:.1f} MB of ADL)")
    print(f"cold parse (text in memory): total {cold_parse:.2f} s, median {statistics.median(per_file) * 1000:.2f} ms,"
          f" p95 {sorted(per_file)[int(len(per_file) * 0.95)] * 1000:.2f} ms per archetype")

    with tempfile.TemporaryDirectory() as cache:
        t = time.perf_counter()
        repo = ArchetypeRepository.from_directory(args.corpus, cache=True, cache_dir=cache)
        cold_repo = time.perf_counter() - t
        t = time.perf_counter()
        ArchetypeRepository.from_directory(args.corpus, cache=True, cache_dir=cache)
        warm_repo = time.perf_counter() - t
    print(f"repository load from disk, cold (parse + write cache): {cold_repo:.2f} s; failures: {len(repo.failures)}")
    print(f"repository load from disk, warm (cache): {warm_repo:.2f} s")
    print("targets: cold <= 10 s total and <= 8 ms median; warm <= 1 s")
    print("peer pyehr-openehr (quoted, not measured here): 122 s total, median 103 ms")
    print(f"ratio vs quoted peer: total {122 / cold_parse:.1f}x, median {103 / (statistics.median(per_file) * 1000):.1f}x")


if __name__ == "__main__":
    main()
