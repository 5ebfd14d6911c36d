"""Parse the whole CKM corpus on one core: cold (no cache) and warm (disk cache).

Prints figures, asserts nothing. Run from the repository root:

    python benchmarks/bench_adl.py [--corpus ../shared/corpus/ckm]

The GPL peer pyehr-openehr needs Python >= 3.12 and must never be a dependency, so it is run
in its own interpreter when one is given (``--peer-python /path/to/venv/bin/python`` or
``$STRUKTURJOURNAL_PEER_PYTHON``; set one up with ``python3.12 -m venv peer && peer/bin/pip
install pyehr-openehr``): both parsers then read the same sample of files in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from strukturjournal.adl import parse_adl, read_adl_text
from strukturjournal.repository import ArchetypeRepository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared/corpus/ckm")
    parser.add_argument("--peer-python", default=os.environ.get("STRUKTURJOURNAL_PEER_PYTHON"),
                        help="a Python with pyehr-openehr installed, to measure the peer too")
    parser.add_argument("--peer-sample", type=int, default=100, help="files for the peer (it is slow)")
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
    if not args.peer_python:
        print("peer pyehr-openehr: not measured (give --peer-python); its published figure: 122 s, median 103 ms")
        return
    step = max(len(files) // args.peer_sample, 1)
    sample = files[::step][: args.peer_sample]
    ours = []
    for path in sample:
        text = read_adl_text(path.read_bytes(), str(path))[0]
        t = time.perf_counter()
        parse_adl(text, source=str(path))
        ours.append(time.perf_counter() - t)
    script = Path(__file__).with_name("_peer_pyehr.py")
    run = subprocess.run([args.peer_python, str(script)], input="\n".join(map(str, sample)),
                         capture_output=True, text=True, check=True)
    peer = json.loads(run.stdout.strip().splitlines()[-1])
    mine_median = statistics.median(ours) * 1000
    print(f"same run, {len(sample)} files (every {step}th): ours total {sum(ours):.2f} s, median {mine_median:.2f} ms;"
          f" pyehr-openehr total {peer['total_s']:.2f} s, median {peer['median_ms']:.2f} ms,"
          f" {peer['failed']} failed")
    print(f"ratio: total {peer['total_s'] / sum(ours):.1f}x, median {peer['median_ms'] / mine_median:.1f}x faster")


if __name__ == "__main__":
    main()
