"""Hostile input: a clear diagnostic, no crash, no hang."""

from __future__ import annotations

import contextlib
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.validate import EntryValidator, Limits, load_entry
from tests.validate.small import FLAT, P, canonical, small_template

VALIDATOR = EntryValidator(small_template())


def codes(entry: object, validator: EntryValidator = VALIDATOR) -> list[str]:
    return [d.code for d in validator.iter_errors(entry)]


def test_json_text_nested_100000_deep() -> None:
    text = '{"a": ' * 100_000 + "1" + "}" * 100_000
    data, problem = load_entry(text)
    assert data is None and problem is not None and problem.code == "too-deep"
    data, problem = load_entry("[" * 100_000 + "]" * 100_000)
    assert problem is not None and problem.code == "too-deep"


def test_data_nested_100000_deep_is_walked_without_recursion() -> None:
    deep: dict[str, object] = {}
    inner = deep
    for _ in range(100_000):
        inner["x"] = {}
        inner = inner["x"]  # type: ignore[assignment]
    entry = canonical()
    entry["content"][0]["data"]["events"][0]["data"]["items"][7]["value"]["deep"] = deep
    assert codes(entry) == ["too-deep"]
    flat = {**FLAT, P + "comment|raw": deep}
    assert codes(flat) == ["too-deep"]


def test_a_50_mb_string_value() -> None:
    huge = "x" * 50_000_000
    result = codes({**FLAT, P + "comment": huge})
    assert result == ["too-large"]
    entry = canonical()
    entry["content"][0]["data"]["events"][0]["data"]["items"][7]["value"]["value"] = huge
    assert codes(entry) == ["too-large"]


def test_a_50_mb_string_in_json_text() -> None:
    text = json.dumps({**FLAT, P + "comment": "y" * 50_000_000})
    data, problem = load_entry(text)
    assert problem is None
    assert codes(data) == ["too-large"]


def test_numbers_1e400_and_nan() -> None:
    data, problem = load_entry(json.dumps(FLAT).replace('/count": 3', '/count": 1e400')[:-1] + ', "x": NaN}')
    assert problem is None
    assert math.isinf(data[P + "count"])
    result = VALIDATOR.iter_errors(data)
    assert [d.code for d in result] == ["not-finite", "not-finite"]
    entry = canonical()
    entry["content"][0]["data"]["events"][0]["data"]["items"][0]["value"]["magnitude"] = float("inf")
    assert codes(entry) == ["not-finite"]


def test_keys_with_control_characters() -> None:
    bad = P + "comment\x00\x1b[31m"
    (d,) = VALIDATOR.iter_errors({**FLAT, bad: "x"})
    assert d.code == "invalid-key"
    assert "\\x00" in d.message and "\x00" not in d.message
    entry = canonical()
    entry["content"][0]["bad\nkey"] = 1
    assert codes(entry) == ["invalid-key"]


def test_limits_are_parameters() -> None:
    strict = EntryValidator(small_template(), limits=Limits(max_string=30))
    assert codes({**FLAT, P + "comment": "A" * 31}, strict) == ["too-large"]
    assert codes({**FLAT, P + "comment": "A" * 30}, strict) == []
    many = {f"k{i}": i for i in range(20)}
    assert codes(many, EntryValidator(small_template(), limits=Limits(max_nodes=10))) == ["too-large"]


def test_not_an_entry() -> None:
    assert codes(None) == ["not-an-entry"]
    assert codes([FLAT]) == ["not-an-entry"]
    assert codes({"a": {"b": 1}}) == ["not-an-entry"]
    assert codes({}) == ["not-an-entry"]


def test_bad_json_text() -> None:
    data, problem = load_entry('{"a": ')
    assert data is None and problem is not None and problem.code == "invalid-format"


# --- any JSON anywhere: diagnostics, never an exception
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_FLAT_KEYS = st.sampled_from(sorted(FLAT)) | st.builds(lambda k, s: k + s, st.sampled_from(sorted(FLAT)),
                                                     st.sampled_from(["", "|raw", "|code", ":1", "/_null_flavour|code", "/x"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_FLAT_KEYS, _JSON, max_size=6))
def test_any_values_at_flat_paths(changes: dict[str, object]) -> None:
    found = list(VALIDATOR.iter_errors({**FLAT, **changes}))
    assert all(isinstance(d, Diagnostic) and d.code and d.messages["nb"] for d in found)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


_CANONICAL_PATHS = [p for p in _paths(canonical()) if p]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_CANONICAL_PATHS), _JSON), min_size=1, max_size=3))
def test_any_values_in_canonical_data(replacements: list[tuple[tuple[object, ...], object]]) -> None:
    entry = canonical()
    for path, value in replacements:
        target: object = entry
        for step in path[:-1]:
            try:
                target = target[step]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                break
        else:
            with contextlib.suppress(IndexError, TypeError):
                target[path[-1]] = value  # type: ignore[index]
    found = list(VALIDATOR.iter_errors(entry))
    assert all(isinstance(d, Diagnostic) and d.code and d.messages["nb"] for d in found)
