"""The FLAT JSON Schema: a valid 2020-12 schema for every SDK template; SDK FLAT compositions validate."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from tests.conftest import case_id, corpus_files
from tests.export.test_flat import FLAT_CASES, _load, template_for_flat

from strukturjournal.export.json_schema import to_json_schema
from strukturjournal.template import load_opt

OPTS = corpus_files("openehr-sdk/operationaltemplate", "*.opt")
_S = "openehr-sdk/composition/flat/simSDT/"
# SDK compositions our schema refuses, and why (each must still be refused)
SCHEMA_EXCEPTIONS = {
    _S + "flat_with_missing_count.json": "written without the :0 index our schema requires on repeating nodes",
    _S + "test_all_types.json": "the SDK file lacks the mandatory context_coded_text",
}


@pytest.mark.corpus
@pytest.mark.parametrize("path", OPTS, ids=case_id)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = to_json_schema(load_opt(path))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]


@pytest.mark.corpus
@pytest.mark.parametrize("path", FLAT_CASES, ids=case_id)
def test_sdk_flat_compositions_validate(path: Path) -> None:
    flat = _load(path)
    template = template_for_flat(flat)
    assert template is not None
    validator = jsonschema.Draft202012Validator(to_json_schema(template))
    errors = [e.message[:200] for e in validator.iter_errors(flat)]
    if case_id(path) in SCHEMA_EXCEPTIONS:
        assert errors, "now valid: remove it from SCHEMA_EXCEPTIONS"
    else:
        assert errors == []


def test_out_of_range_and_unknown_path_are_refused() -> None:
    path = next(p for p in OPTS if p.name == "EHRN Vital signs.v2.opt")
    schema = to_json_schema(load_opt(path))
    key = "ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|magnitude"
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({key: 120.0})
    assert not validator.is_valid({key: 1000.0})
    assert not validator.is_valid({"ehrn_vital_signs.v2/no_such_node": 1})


def test_magnitude_range_follows_the_unit_on_literal_paths() -> None:
    path = next(p for p in OPTS if p.name == "NCD.opt")
    validator = jsonschema.Draft202012Validator(to_json_schema(load_opt(path)))
    key = "ncd/hip_circumference/hip_circumference"

    def range_errors(unit: str) -> list[str]:
        doc = {f"{key}|magnitude": 300.0, f"{key}|unit": unit}
        return [e.message for e in validator.iter_errors(doc) if e.validator == "maximum"]

    assert range_errors("cm") == []
    assert range_errors("[in_i]") == ["300.0 is greater than the maximum of 150.0"]
