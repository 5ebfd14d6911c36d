"""Regenerate ``src/strukturjournal/rm/openehr_rm_1.1.0.json`` from the BMM corpus.

Reads every ``*.bmm`` in ``../shared/corpus/bmm`` (or the folder given as the
first argument) with :func:`strukturjournal.rm.load_bmm` and writes the model's
facts deterministically (sorted keys, one class per line). Run from the
repository root::

    PYTHONPATH=src python tools/gen_rm_facts.py [BMM_DIR] [--check]

``--check`` writes nothing and exits 1 when the shipped file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from strukturjournal.rm import load_bmm  # noqa: E402

DEFAULT_BMM_DIR = ROOT.parent / "shared" / "corpus" / "bmm"
OUTPUT = ROOT / "src" / "strukturjournal" / "rm" / "openehr_rm_1.1.0.json"


def generate(bmm_dir: Path = DEFAULT_BMM_DIR) -> str:
    """The facts JSON text for every BMM file in ``bmm_dir``."""
    model = load_bmm(sorted(bmm_dir.glob("*.bmm")))
    for diag in model.diagnostics:
        print(f"note: {diag}", file=sys.stderr)
    return model.to_facts_json()


def main(argv: list[str]) -> int:
    """Write (or with ``--check`` compare) the shipped facts file."""
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    text = generate(Path(args[0]) if args else DEFAULT_BMM_DIR)
    if check:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; rerun tools/gen_rm_facts.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, "utf-8")
    print(f"wrote {OUTPUT} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
