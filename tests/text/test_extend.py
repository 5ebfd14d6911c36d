"""The how-to in docs/howto/add-free-text-concept.md, followed step by step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from strukturjournal.text import default_folder, extract, extract_jsonl

HOWTO = Path(__file__).resolve().parents[2] / "docs" / "howto" / "add-free-text-concept.md"


def _blocks(markdown: str) -> list[str]:
    return re.findall(r"```\w*\n(.*?)```", markdown, flags=re.S)


def _folder_from_howto(tmp_path: Path) -> Path:
    folder = tmp_path / "text"
    shutil.copytree(default_folder(), folder)
    row, grammar = _blocks(HOWTO.read_text(encoding="utf-8"))[:2]
    with (folder / "concepts.tsv").open("a", encoding="utf-8") as handle:
        handle.write(row.strip("\n") + "\n")
    with (folder / "vitals.lark").open("a", encoding="utf-8") as handle:
        handle.write("\n" + grammar)
    return folder


def test_howto_adds_head_circumference(tmp_path: Path) -> None:
    folder = _folder_from_howto(tmp_path)
    result = extract(
        "Hodeomkrets 45,1. Weight 12.68kg, head circumference is 44.75 cm.", grammar_dir=folder
    )
    got = [(f.concept, f.value, f.unit) for f in result.fields]
    assert got == [
        ("head_circumference", 45.1, "cm"),
        ("body_weight", 12.68, "kg"),
        ("head_circumference", 44.75, "cm"),
    ]
    assert result.fields[0].loinc == "9843-4"
    assert result.reconstruct() == result.text


def test_howto_concept_respects_not_measured_and_range(tmp_path: Path) -> None:
    folder = _folder_from_howto(tmp_path)
    assert extract("Hodeomkrets ikke målt.", grammar_dir=folder).fields == []
    assert extract("Head circumference 4 cm.", grammar_dir=folder).fields == []


def test_shipped_folder_does_not_know_it(tmp_path: Path) -> None:
    folder = _folder_from_howto(tmp_path)
    text = "Head circumference 44 cm"
    assert extract(text).fields == []
    [record] = extract_jsonl([f'{{"id": "x", "text": "{text}"}}'], grammar_dir=folder)
    assert [f["concept"] for f in record["fields"]] == ["head_circumference"]
