"""Run by the peer's own interpreter (Python >= 3.12 with pyehr-openehr installed): parse the
ADL files named on standard input with pyehr and print one JSON line of timings.

Not part of strukturjournal and not imported by it: ``benchmarks/bench_adl.py`` runs it in a
subprocess so that the GPL peer is measured in the same run but never becomes a dependency.
"""

import json
import statistics
import sys
import time

from pyehr.core.its.adl14 import decode_adl14  # the peer's ADL 1.4 entry point

times, failed = [], 0
for line in sys.stdin:
    path = line.strip()
    if not path:
        continue
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        text = fh.read()
    start = time.perf_counter()
    try:
        decode_adl14(text)
    except Exception:
        failed += 1
    times.append(time.perf_counter() - start)
print(json.dumps({"files": len(times), "failed": failed, "total_s": sum(times),
                  "median_ms": statistics.median(times) * 1000 if times else None}))
