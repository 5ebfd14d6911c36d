"""Generated FLAT compositions (example_entry, flat_entries) over every SDK template.

Each must validate against our JSON Schema and pydantic model, convert to a canonical
composition valid against the ITS JSON schema, and come back from it unchanged modulo the
listed FLAT differences.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import case_id, corpus_files
from tests.export.test_flat import _its_schema, unexplained_flat

from strukturjournal.export.examples import example_entry
from strukturjournal.export.flat import canonical_to_flat, check_rm_types, flat_to_canonical
from strukturjournal.export.json_schema import to_json_schema
from strukturjournal.export.pydantic_model import to_pydantic_model
from strukturjournal.export.strategies import flat_entries
from strukturjournal.template import OperationalTemplate, load_opt

OPTS = corpus_files("openehr-sdk/operationaltemplate", "*.opt")


@cache
def _template(path: Path) -> OperationalTemplate:
    return load_opt(path)


@cache
def _validators(path: Path) -> tuple[Any, Any]:
    template = _template(path)
    return jsonschema.Draft202012Validator(to_json_schema(template)), to_pydantic_model(template)


@cache
def _its() -> Any:
    return jsonschema.Draft7Validator({**_its_schema(), "$ref": "#/definitions/COMPOSITION"})


def _check(path: Path, flat: dict[str, Any]) -> None:
    template = _template(path)
    schema, model = _validators(path)
    assert [e.message for e in schema.iter_errors(flat)] == []
    model.model_validate(flat)
    comp = flat_to_canonical(flat, template)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in _its().iter_errors(comp)] == []
    assert check_rm_types(comp) == []
    assert unexplained_flat(flat, canonical_to_flat(comp, template)) == []


@pytest.mark.corpus
@pytest.mark.parametrize("path", OPTS, ids=case_id)
def test_example_entry(path: Path) -> None:
    first = example_entry(_template(path), seed=0)
    assert first == example_entry(_template(path), seed=0)
    _check(path, first)


@pytest.mark.corpus
@pytest.mark.parametrize("path", OPTS, ids=case_id)
def test_generated_entries(path: Path) -> None:
    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def run(data: st.DataObject) -> None:
        _check(path, data.draw(flat_entries(_template(path))))

    run()


def test_importing_strukturjournal_does_not_import_hypothesis() -> None:
    code = "import sys, strukturjournal, strukturjournal.export, strukturjournal.export.examples; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
