"""The compiled acceptors (``validate/_fast.py``) change speed, never results.

Two validators per SDK template, one with the acceptors and one with every acceptor removed,
must give the same diagnostics in the same order: on every SDK FLAT composition, on example
entries, and on example entries with one value swapped for something awkward (text for a
number, a number out of range, another unit or code, a broken date, a missing value). And the
acceptors must take most values of a valid entry, or they are dead weight.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strukturjournal.errors import TemplateError
from strukturjournal.export.examples import example_entry
from strukturjournal.template import OperationalTemplate, load_opt
from strukturjournal.validate import EntryValidator
from strukturjournal.validate._flat import check_flat
from tests.conftest import CORPUS, case_id, corpus_files
from tests.validate.test_corpus import _opt_for

OPTS = CORPUS / "openehr-sdk" / "operationaltemplate"
FLATS = corpus_files("openehr-sdk/composition/flat", "*.json")


@cache
def _pair(name: str) -> tuple[OperationalTemplate, EntryValidator, EntryValidator]:
    template = load_opt(OPTS / name)
    fast, full = EntryValidator(template), EntryValidator(template)
    for node in full.flat.nodes.values():
        node.accept = None
    return template, fast, full


def _shown(validator: EntryValidator, entry: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (d.code, d.path, d.messages["en"], d.messages["nb"]) for d in validator.iter_errors(entry)
    ]


@pytest.mark.parametrize("path", FLATS, ids=case_id)
def test_sdk_flat_composition_same_diagnostics_with_and_without_acceptors(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    name = _opt_for(path, data)
    assert name is not None, path
    _template, fast, full = _pair(name)
    assert _shown(fast, data) == _shown(full, data)


# awkward replacements for one FLAT value: what typing on a phone produces, and worse
AWKWARD: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    3,
    2.5,
    1.23456789,
    1e9,
    -1e9,
    10**20,
    "",
    "abc",
    "120",
    "37,5",
    "mm[Hg]",
    "kg",
    "/min",
    "%",
    "at0001",
    "at9999",
    "local",
    "openehr",
    "SNOMED-CT",
    "433",
    "271",
    "2021-13-01",
    "2021-02-03T25:61:00",
    "2024-01-01T08:00:00Z",
    "2024-01-01",
    "10:30",
    "P1X",
    "PT1H",
    "P2D",
]


@cache
def _examples(name: str) -> list[dict[str, Any]]:
    template = _pair(name)[0]
    return [example_entry(template, seed) for seed in range(3)]


def _templates() -> list[str]:
    names = []
    for path in corpus_files("openehr-sdk/operationaltemplate", "*.opt"):
        try:
            _pair(path.name)
        except TemplateError:
            continue  # no FLAT form (tests/export says which and why)
        names.append(path.name)
    return names


TEMPLATES = _templates()


@pytest.mark.parametrize("name", TEMPLATES)
@settings(
    max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
@given(data=st.data())
def test_one_awkward_value_same_diagnostics_with_and_without_acceptors(
    name: str, data: st.DataObject
) -> None:
    _template, fast, full = _pair(name)
    entry = dict(data.draw(st.sampled_from(_examples(name))))
    key = data.draw(st.sampled_from(sorted(entry)))
    action = data.draw(st.sampled_from(["replace", "replace", "number", "drop"]))
    if action == "drop":
        del entry[key]
    elif action == "number":
        entry[key] = data.draw(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False))
    else:
        entry[key] = data.draw(st.sampled_from(AWKWARD))
    assert _shown(fast, entry) == _shown(full, entry)


def test_acceptors_take_most_values_of_valid_vital_signs() -> None:
    _template, fast, _full = _pair("EHRN Vital signs.v2.opt")
    taken = total = 0
    for entry in _examples("EHRN Vital signs.v2.opt"):
        assert list(check_flat(entry, fast.flat, fast.walker)) == []
        for key in entry:
            resolved = fast.flat.keys.get(key)
            if resolved is None or not resolved.leaf or not resolved.steps:
                continue
            node = resolved.steps[-1].node
            values = {
                k.partition("|")[2]: v
                for k, v in entry.items()
                if k.partition("|")[0] == key.partition("|")[0]
            }
            total += 1
            taken += node.accept is not None and node.accept(values)
    assert total > 50
    assert taken / total > 0.9, (taken, total)


def test_templates_with_flat_form_are_the_many() -> None:
    assert len(TEMPLATES) >= 40, TEMPLATES


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.text(alphabet="0123456789-:T+Z.,", min_size=10, max_size=32)
       | st.sampled_from(["2024-05-02T08:00:00+02:00", "2024-02-31T24:59:60.5Z", "2024-13-02T08:00"]))
def test_the_quick_date_time_form_is_a_subset_of_the_full_reading(text: str) -> None:
    from strukturjournal.validate._checks import parse_temporal
    from strukturjournal.validate._fast import _FULL_DATE_TIME

    if _FULL_DATE_TIME.fullmatch(text):
        assert parse_temporal("DATE_TIME", text) is not None
