"""STRUCTURED ↔ FLAT over the SDK corpus, and STRUCTURED entries validated like FLAT ones."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CORPUS, case_id, corpus_files
from tests.validate.test_corpus import _opt_for

from strukturjournal.template import OperationalTemplate, load_opt
from strukturjournal.template.simplified import (
    StructuredFormatError,
    flat_to_structured,
    structured_to_flat,
)
from strukturjournal.template.web_tree import build_web_tree
from strukturjournal.validate import EntryValidator, entry_format

SDK = CORPUS / "openehr-sdk"
FLATS = corpus_files("openehr-sdk/composition/flat/simSDT", "*.json")
#: the deliberately invalid FLAT file writes a repeating node without its index; STRUCTURED has no
#: way to leave an index out, so the FLAT written back has ``:0`` there
INDEX_ADDED = {"flat_with_missing_count.json"}


@cache
def _template(name: str) -> OperationalTemplate:
    return load_opt(SDK / "operationaltemplate" / name)


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def test_the_sdk_structured_composition_is_its_flat_twin() -> None:
    structured = _load(SDK / "composition" / "flat" / "structured" / "multi_list.json")
    flat = _load(SDK / "composition" / "flat" / "simSDT" / "multi_list.json")
    tree = build_web_tree(_template("Multi_list.opt")).root
    assert structured_to_flat(structured, tree) == flat
    assert flat_to_structured(flat) == structured
    assert entry_format(structured) == "structured"
    assert list(EntryValidator(_template("Multi_list.opt")).iter_errors(structured)) == []


@pytest.mark.parametrize("path", FLATS, ids=case_id)
def test_every_sdk_flat_composition_survives_structured_and_back(path: Path) -> None:
    flat = _load(path)
    name = _opt_for(path, flat)
    assert name is not None
    back = structured_to_flat(flat_to_structured(flat), build_web_tree(_template(name)).root)
    if path.name in INDEX_ADDED:
        def no_zero(keys: Any) -> set[str]:
            return {re.sub(r":0(?=/|\||$)", "", k) for k in keys}

        assert back != flat and len(back) == len(flat) and no_zero(back) == no_zero(flat)
        return
    assert back == flat
    # and the validator says the same of both forms
    validator = EntryValidator(_template(name))
    assert [(d.code, d.path) for d in validator.iter_errors(flat_to_structured(flat))] == [
        (d.code, d.path) for d in validator.iter_errors(flat)
    ]


def test_without_a_template_every_occurrence_is_indexed_and_still_valid() -> None:
    flat = _load(SDK / "composition" / "flat" / "simSDT" / "Vitalsigns.json")
    indexed = structured_to_flat(flat_to_structured(flat))
    assert "ehrn_vital_signs.v2/language:0|code" in indexed
    assert list(EntryValidator(_template("EHRN Vital signs.v2.opt")).iter_errors(indexed)) == []


def test_a_wrong_value_in_structured_data_is_reported_at_its_flat_path() -> None:
    flat = _load(SDK / "composition" / "flat" / "simSDT" / "Vitalsigns.json")
    structured = flat_to_structured(flat)
    event = structured["ehrn_vital_signs.v2"]["vital_signs"][0]["blood_pressure"][0]["any_event"][0]
    event["systolic"][0]["|magnitude"] = 1200.0
    found = [(d.code, d.path) for d in EntryValidator(_template("EHRN Vital signs.v2.opt")).iter_errors(structured)]
    assert found == [("out-of-range", "ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|magnitude")]


@pytest.mark.parametrize(("structured", "message"), [
    ({"c": {"a": [[1]]}}, "c/a:0: expected a value or an object of parts and children, got a list"),
    ({"c": {"a": [1]}, "ctx": [1]}, "ctx: expected an object of ctx entries, got list"),
    ([1], "a STRUCTURED composition is an object, got list"),
])  # fmt: skip
def test_malformed_structured_data_says_where(structured: Any, message: str) -> None:
    with pytest.raises(StructuredFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        structured_to_flat(structured)


def test_malformed_structured_entry_is_one_diagnostic() -> None:
    validator = EntryValidator(_template("EHRN Vital signs.v2.opt"))
    found = list(validator.iter_errors({"ehrn_vital_signs.v2": {"vital_signs": [[1]]}}))
    assert [d.code for d in found] == ["invalid-format"]
    assert "ehrn_vital_signs.v2/vital_signs:0" in found[0].message


def test_deep_structured_data_is_stopped_before_conversion() -> None:
    deep: Any = 1
    for _ in range(10_000):
        deep = [deep]
    found = list(EntryValidator(_template("EHRN Vital signs.v2.opt")).iter_errors({"ehrn_vital_signs.v2": {"x": deep}}))
    assert [d.code for d in found] == ["too-deep"]
