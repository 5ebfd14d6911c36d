"""Generated entries against our own validator, over every SDK template.

Every entry ``example_entry`` and the hypothesis strategy produce must validate; moving one
value outside its constraint must give exactly one diagnostic, at that value's FLAT path.
(The schema and pydantic exports are checked against the same entries in tests/export.)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strukturjournal.diagnostics import Severity
from strukturjournal.export.examples import example_entry
from strukturjournal.export.strategies import flat_entries
from strukturjournal.template import OperationalTemplate, load_opt
from strukturjournal.validate import EntryValidator
from tests.conftest import case_id, corpus_files

OPTS = corpus_files("openehr-sdk/operationaltemplate", "*.opt")


@cache
def _load(path: Path) -> tuple[OperationalTemplate, EntryValidator]:
    template = load_opt(path)
    return template, EntryValidator(template)


def _errors(validator: EntryValidator, entry: dict[str, Any]) -> list[Any]:
    return [d for d in validator.iter_errors(entry) if d.severity >= Severity.ERROR]


def _break_one_magnitude(template: OperationalTemplate, entry: dict[str, Any]) -> str | None:
    """Push one |magnitude with a finite upper bound above it; the key changed, or None."""
    from strukturjournal.export._wt_cache import web_template

    bounds: dict[str, float] = {}

    def walk(node: dict[str, Any]) -> None:
        for inp in node.get("inputs", []):
            rng = (inp.get("validation") or {}).get("range") or {}
            if inp.get("suffix") == "magnitude" and rng.get("max") is not None:
                bounds[node["id"]] = float(rng["max"])
        for child in node.get("children", []):
            walk(child)

    walk(web_template(template)["tree"])
    for key in sorted(entry):
        if key.endswith("|magnitude"):
            last = key.rsplit("/", 1)[-1].split("|")[0].split(":")[0]
            if last in bounds and f"{key[: -len('|magnitude')]}|unit" not in entry:
                entry[key] = bounds[last] * 10 + 1000
                return key
    return None


def _last_id(key: str) -> str:
    return key.rsplit("/", 1)[-1].split("|")[0].split(":")[0]


def _listed_code_ids(template: OperationalTemplate) -> set[str]:
    """Ids of web template nodes whose ``|code`` input lists the allowed codes."""
    from strukturjournal.export._wt_cache import web_template

    ids: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        if any(i.get("suffix") == "code" and i.get("list") for i in node.get("inputs", [])):
            ids.add(node["id"])
        for child in node.get("children", []):
            walk(child)

    walk(web_template(template)["tree"])
    return ids


@pytest.mark.corpus
@pytest.mark.parametrize("path", OPTS, ids=case_id)
def test_example_entry_validates(path: Path) -> None:
    template, validator = _load(path)
    for seed in range(3):
        entry = example_entry(template, seed)
        assert _errors(validator, entry) == [], (seed, _errors(validator, entry)[:3])


@pytest.mark.corpus
@pytest.mark.parametrize("path", OPTS, ids=case_id)
def test_one_value_out_of_range_gives_one_diagnostic_at_its_path(path: Path) -> None:
    template, validator = _load(path)
    tried = 0
    for seed in range(6):
        entry = example_entry(template, seed)
        key = _break_one_magnitude(template, entry)
        if key is None:
            continue
        tried += 1
        errors = _errors(validator, entry)
        assert [(d.code, d.path) for d in errors] == [("out-of-range", key)], errors
    if tried == 0:  # the template has no bounded magnitude without units: break a code instead
        entry = example_entry(template, 0)
        # only a code the template lists can be broken: an open or external coded text (SNOMED,
        # no list in the web template) accepts any code
        listed = _listed_code_ids(template)
        coded = sorted(k for k in entry if k.endswith("|code") and "/category" not in k and "/language" not in k
                       and "/encoding" not in k and "/territory" not in k and "/setting" not in k
                       and _last_id(k) in listed)
        if not coded:
            entry["ctx/not_a_context_value"] = 1
            assert _errors(validator, entry), "an unknown path must be an error"
            return
        entry[coded[0]] = "no-such-code"
        errors = _errors(validator, entry)
        assert len(errors) == 1 and errors[0].path.startswith(coded[0].rsplit("|", 1)[0]), errors


SAMPLE = [p for p in OPTS if p.name in {"EHRN Vital signs.v2.opt", "Test_all_types.opt", "IDCR - Problem List.v1.opt"}]


@pytest.mark.corpus
@pytest.mark.parametrize("path", SAMPLE, ids=case_id)
def test_hypothesis_entries_validate(path: Path) -> None:
    template, validator = _load(path)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(flat_entries(template))
    def check(entry: dict[str, Any]) -> None:
        assert _errors(validator, entry) == []

    check()
    assert isinstance(st, object)
