"""The pydantic FLAT model: SDK FLAT compositions validate; an out-of-range value does not."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
from tests.conftest import case_id, corpus_files
from tests.export.test_flat import FLAT_CASES, _load, template_for_flat
from tests.export.test_json_schema import SCHEMA_EXCEPTIONS

from strukturjournal.export.pydantic_model import to_pydantic_model
from strukturjournal.template import load_opt


@pytest.mark.corpus
@pytest.mark.parametrize("path", FLAT_CASES, ids=case_id)
def test_sdk_flat_compositions_validate(path: Path) -> None:
    flat = _load(path)
    template = template_for_flat(flat)
    assert template is not None
    model = to_pydantic_model(template)
    if case_id(path) in SCHEMA_EXCEPTIONS:
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(flat)
    else:
        model.model_validate(flat)


def test_out_of_range_is_refused() -> None:
    path = next(p for p in corpus_files("openehr-sdk/operationaltemplate", "*.opt") if p.name == "EHRN Vital signs.v2.opt")
    model = to_pydantic_model(load_opt(path))
    key = "ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|magnitude"
    model.model_validate({key: 120.0})
    with pytest.raises(pydantic.ValidationError):
        model.model_validate({key: 1000.0})
    field = next(f for f in model.model_fields.values() if f.alias == "ehrn_vital_signs.v2/context/start_time")
    assert field.json_schema_extra is not None and field.json_schema_extra["aql"] == "/context/start_time"


def test_magnitude_range_follows_the_unit() -> None:
    path = next(p for p in corpus_files("openehr-sdk/operationaltemplate", "*.opt") if p.name == "EHRN Vital signs.v2.opt")
    model = to_pydantic_model(load_opt(path))
    key = "ehrn_vital_signs.v2/vital_signs:0/body_temperature:0/any_event:0/temperature"
    model.model_validate({f"{key}|magnitude": 150.0, f"{key}|unit": "[degF]"})
    with pytest.raises(pydantic.ValidationError, match="Cel"):
        model.model_validate({f"{key}|magnitude": 150.0, f"{key}|unit": "Cel"})
