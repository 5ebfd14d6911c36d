"""Write the JSON Schema of the YAML template format to src/strukturjournal/template/template.schema.json.

Run from the repository root: ``PYTHONPATH=src python tools/gen_template_schema.py``.
A test checks that the shipped file equals what this writes.
"""

from __future__ import annotations

from pathlib import Path

from strukturjournal.template.yaml_spec import schema_text

TARGET = Path(__file__).resolve().parents[1] / "src" / "strukturjournal" / "template" / "template.schema.json"


def main() -> None:
    TARGET.write_text(schema_text(), "utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
