"""FLAT <-> canonical round trips over the openEHR SDK compositions, with the listed differences.

Every difference between what went in and what came back must match one rule of
``FLAT_DIFFERENCES`` / ``CANONICAL_DIFFERENCES`` (each documented in
``docs/reference/flat-differences.md``); anything else fails. Files in ``KNOWN_FAILURES`` must
still fail (so the list shrinks when they are fixed). Compositions whose data FLAT (or the RM)
cannot carry are refused, part by part (``REFUSED``, ``FLAT_REFUSED``), never written with a loss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import CORPUS, case_id, corpus_files

from strukturjournal.export import to_web_template
from strukturjournal.export.flat import (
    FlatDecodeError,
    FlatEncodeError,
    canonical_to_flat,
    check_rm_types,
    flat_to_canonical,
)
from strukturjournal.template import OperationalTemplate, load_opt

SDK = "openehr-sdk"
FLAT_FILES = corpus_files(f"{SDK}/composition/flat/simSDT", "*.json")  # flat/structured is another format
CANONICAL_FILES = corpus_files(f"{SDK}/composition/canonical_json", "*.json")
MISSING = object()


@cache
def templates() -> list[OperationalTemplate]:
    return [load_opt(p) for p in corpus_files(f"{SDK}/operationaltemplate", "*.opt")]


@cache
def by_root_id() -> dict[str, list[OperationalTemplate]]:
    out: dict[str, list[OperationalTemplate]] = {}
    for t in templates():
        out.setdefault(to_web_template(t)["tree"]["id"], []).append(t)
    return out


def template_for_flat(flat: dict[str, Any]) -> OperationalTemplate | None:
    """The corpus template whose web template explains every path (several share a root id)."""
    roots = {k.split("/", 1)[0] for k in flat} - {"ctx"}
    candidates = by_root_id().get(roots.pop(), []) if len(roots) == 1 else []
    for t in candidates:
        try:
            flat_to_canonical(flat, t)
        except FlatDecodeError:
            continue
        return t
    return candidates[0] if candidates else None


def template_for_canonical(comp: Any) -> OperationalTemplate | None:
    if not isinstance(comp, dict) or comp.get("_type") != "COMPOSITION":
        return None
    tid = comp.get("archetype_details", {}).get("template_id", {}).get("value")
    return next((t for t in templates() if t.template_id == tid), None)


# ------------------------------------------------------------------ FLAT side differences

_CTX_PARTS = ("language", "territory", "composer", "context/start_time", "context/setting",
              "context/_health_care_facility", "context/_participation", "context/_end_time")  # fmt: skip
_INTERVAL_FLAGS = ("|lower_included", "|upper_included", "|lower_unbounded", "|upper_unbounded")

FlatRule = Callable[[str, Any, Any, dict[str, Any], dict[str, Any]], bool]


def _ctx(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    if key.startswith("ctx/"):
        return b is MISSING
    rest = key.split("/", 1)[1] if "/" in key else ""
    return a is MISSING and any(k.startswith("ctx/") for k in inp) and rest.startswith(_CTX_PARTS)


def _coded_defaults(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return a is MISSING and key.endswith(("|terminology", "|value"))


def _interval_flags(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return b is MISSING and key.endswith(_INTERVAL_FLAGS)


def _identifier_id(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    if key.endswith("|id"):
        return a is MISSING and inp.get(key[:-3], MISSING) == b
    return b is MISSING and out.get(key + "|id", MISSING) == a


def _proportion_bare(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return a is MISSING and "|" not in key.rsplit("/", 1)[-1] and f"{key}|numerator" in out


def _parsable_value(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    if key.endswith("|value"):
        return b is MISSING and out.get(key[:-6], MISSING) == a and f"{key[:-6]}|code" not in inp
    return a is MISSING and inp.get(key + "|value", MISSING) == b


def _no_zero(key: str) -> str:
    return re.sub(r":0(?=/|\||$)", "", key)


def _index_zero(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    other = inp if a is MISSING else out
    return (a is MISSING or b is MISSING) and any(_no_zero(key) == _no_zero(k) for k in other if k != key)


def _no_twin_number(key: str) -> str:
    return re.sub(r"(?<=[^\d/])\d+(?=[/:|]|$)", "", key)


def _twins(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    """Siblings with the same AQL path and name (``x``, ``x2``): canonical JSON cannot tell them
    apart, so their data comes back under the first."""
    other, value = (inp, b) if a is MISSING else (out, a)
    return (a is MISSING or b is MISSING) and any(
        k != key and _no_twin_number(k) == _no_twin_number(key) and other[k] == value for k in other
    )


def _party_ref_type(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return a is MISSING and key.endswith(
        ("|id_type", "|id_namespace", "|mediatype_terminology", "|mode_code", "|mode_terminology",
         "|normal_status_terminology", "|instruction_namespace", "|instruction_type", "|is_terminal")
    )  # fmt: skip


def _decimal_comma(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.replace(",", ".") == b.replace(",", ".")


def _entry_defaults(key: str, a: Any, b: Any, inp: dict[str, Any], out: dict[str, Any]) -> bool:
    return (a is MISSING and key.count("/") == 1 and "/category|" in key) or (a is MISSING and key.endswith(("/encoding|code", "/encoding|terminology", "/language|code", "/language|terminology")))


FLAT_DIFFERENCES: dict[str, FlatRule] = {
    "entry-defaults-added": _entry_defaults,
    "ctx-expanded": _ctx,
    "coded-value-filled": _coded_defaults,
    "interval-flag-defaults": _interval_flags,
    "identifier-id-suffix": _identifier_id,
    "proportion-bare-value": _proportion_bare,
    "parsable-bare-value": _parsable_value,
    "missing-index-is-0": _index_zero,
    "party-ref-type-written": _party_ref_type,
    "decimal-comma-kept": _decimal_comma,
    "twin-siblings-merge": _twins,
    "history-origin-written": lambda key, a, b, inp, out: a is MISSING and key.endswith("/history_origin"),
    "undefined-terminology-read": lambda key, a, b, inp, out: key.endswith("|terminology") and a == "undefined"
    and isinstance(b, str),
}

# ------------------------------------------------------------------ canonical side differences

_HIDDEN = {"HISTORY", "ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE"}
_HIDDEN_KEEP = {"items", "events", "rows", "item", "_type", "archetype_node_id", "origin"}


def _at(doc: Any, parts: list[str]) -> Any:
    for p in parts:
        if isinstance(doc, list):
            doc = doc[int(p)] if p.isdigit() and int(p) < len(doc) else None
        elif isinstance(doc, dict):
            doc = doc.get(p)
        else:
            return None
    return doc


CanRule = Callable[[str, Any, Any, Any, Any], bool]


def _archetype_details(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    return "/archetype_details" in path


def _always_typed(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    return path.endswith("/_type") and a is MISSING


def _hidden_structure(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    parts = path.strip("/").split("/")
    for i in range(len(parts)):
        obj = _at(out, parts[:i]) if i else out
        if isinstance(obj, dict) and obj.get("_type") in _HIDDEN and parts[i] not in _HIDDEN_KEEP:
            return True
    return False


def _uid_type(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    return path.endswith("uid/_type")


def _interval_defaults(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    return a is MISSING and path.endswith(("lower_included", "upper_included", "lower_unbounded", "upper_unbounded"))


def _template_defaults(path: str, a: Any, b: Any, inp: Any, out: Any) -> bool:
    return a is MISSING and (
        path.endswith(("/terminology_id", "/encoding", "/language", "/subject", "/origin", "/defining_code"))
        or path.endswith(("external_ref/type", "external_ref/namespace", "instruction_id/type", "instruction_id/namespace"))
        or (path.endswith("/value") and path.rsplit("/", 2)[-2] in ("symbol", "mode"))
    )


CANONICAL_DIFFERENCES: dict[str, CanRule] = {
    "archetype-details-generated": _archetype_details,
    "type-always-written": _always_typed,
    "hidden-structure-from-template": _hidden_structure,
    "uid-type-from-value": _uid_type,
    "interval-flag-defaults": _interval_defaults,
    "rm-defaults-added": _template_defaults,
}

_C = "openehr-sdk/composition/canonical_json/"
_FA = "/feeder_audit/feeder_system_audit/other_details"
_ITEMS = "/content/0/data/events/0/data/items"

#: canonical compositions that hold data the template has no place for (each is invalid against
#: its template: tests/validate/test_corpus.py says why): canonical_to_flat refuses exactly these
#: parts, by JSON path, and everything else survives the round trip
REFUSED: dict[str, list[str]] = {
    _C + "all_types_systematic_tests_feeder_audit.json": [
        f"/content/0{_FA}", f"/content/1{_FA}", "/content/2/items/0/items/0/items/0/feeder_system_audit",
        "/content/2/items/0/items/1/feeder_system_audit", _FA,
    ],
    _C + "compo_feeder_audit_details.json": [f"/content/0{_FA}", _FA],
    _C + "datetime_tests.json": [f"{_ITEMS}/{i}" for i in (0, 1, 2, 3, 4, 6, 7, 8, 9, 10)],
    _C + "duration_tests.json": [f"{_ITEMS}/{i}" for i in (0, 1, 2)],
    _C + "rawdb_composition.json": ["/content", "/context/_time"],
    _C + "virology_finding_with_specimen.json": [f"{_ITEMS}/2/items/0/items/0", "/context/other_context"],
}

#: round trips that do not come back whole yet; each must still fail (so the list shrinks)
KNOWN_FAILURES: dict[str, str] = {}

#: FLAT compositions flat_to_canonical refuses: the RM requires what they lack (message fragment)
FLAT_REFUSED: dict[str, str] = {
    "openehr-sdk/composition/flat/simSDT/ReSPECT.json": "respect-3/context/start_time: the composition has a "
    "context but no start time",
}


def _without(doc: Any, paths: list[str]) -> Any:
    """``doc`` with the parts at ``paths`` (JSON paths) taken out; later list items move up."""
    doc = json.loads(json.dumps(doc))
    for path in sorted(paths, key=lambda p: [int(x) if x.isdigit() else -1 for x in p.split("/")], reverse=True):
        parts = path.strip("/").split("/")
        owner = _at(doc, parts[:-1]) if len(parts) > 1 else doc
        if isinstance(owner, list):
            del owner[int(parts[-1])]
        elif isinstance(owner, dict):
            owner.pop(parts[-1], None)
    return doc


def _diff(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in {**a, **b}:
            yield from _diff(a.get(k, MISSING), b.get(k, MISSING), f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}/{i}")
    elif isinstance(a, dict) and b is MISSING:
        for k, v in a.items():
            yield from _diff(v, MISSING, f"{path}/{k}")
    elif isinstance(b, dict) and a is MISSING:
        for k, v in b.items():
            yield from _diff(MISSING, v, f"{path}/{k}")
    elif a != b or (type(a) is not type(b) and not (isinstance(a, int | float) and isinstance(b, int | float))):
        yield path, a, b


def unexplained_flat(inp: dict[str, Any], out: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    bad = []
    for key in {**inp, **out}:
        a, b = inp.get(key, MISSING), out.get(key, MISSING)
        if a == b:
            continue
        if not any(rule(key, a, b, inp, out) for rule in FLAT_DIFFERENCES.values()):
            bad.append((key, a, b))
    return sorted(bad, key=lambda x: x[0])


def _holds_data(value: Any) -> bool:
    """Anything below is data (a value, a null flavour, a time)."""
    if isinstance(value, dict):
        if any(value.get(k) is not None for k in ("value", "null_flavour", "time")):
            return True
        return any(_holds_data(v) for k, v in value.items() if k not in ("name", "archetype_details", "uid"))
    if isinstance(value, list):
        return any(_holds_data(v) for v in value)
    return False


def _is_empty_structure(value: Any) -> bool:
    return isinstance(value, dict) and "archetype_node_id" in value and not _holds_data(value)


def _template_order(doc: Any) -> Any:
    """Siblings with different node ids sorted by node id (same-id siblings keep their order);
    archetyped objects without data (an element with neither value nor null flavour, an empty
    section: no FLAT form) and the lists they leave empty are left out."""
    if isinstance(doc, dict):
        out = {k: _template_order(v) for k, v in doc.items() if not _is_empty_structure(v)}
        return {k: v for k, v in out.items() if not (v == [] and doc[k] != [])}
    if isinstance(doc, list):
        items = [_template_order(v) for v in doc if not _is_empty_structure(v)]
        if all(isinstance(v, dict) and "archetype_node_id" in v for v in items):
            items.sort(key=lambda v: str(v["archetype_node_id"]))
        return items
    return doc


def unexplained_canonical(inp: Any, out: Any) -> list[tuple[str, Any, Any]]:
    """Differences no rule explains; ``sibling-order``: FLAT → canonical writes siblings with
    different node ids in template order, so both sides are compared in node id order."""
    inp, out = _template_order(inp), _template_order(out)
    return [
        d for d in _diff(inp, out)
        if not any(rule(d[0], d[1], d[2], inp, out) for rule in CANONICAL_DIFFERENCES.values())
    ]  # fmt: skip


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


FLAT_CASES = [p for p in FLAT_FILES if template_for_flat(_load(p)) is not None]
CANONICAL_CASES = [p for p in CANONICAL_FILES if template_for_canonical(_load(p)) is not None]


def test_corpus_has_cases() -> None:
    assert len(FLAT_CASES) >= 50, len(FLAT_CASES)
    assert len(CANONICAL_CASES) >= 25, len(CANONICAL_CASES)


@pytest.mark.corpus
@pytest.mark.parametrize("path", FLAT_CASES, ids=case_id)
def test_flat_round_trip(path: Path) -> None:
    flat = _load(path)
    template = template_for_flat(flat)
    assert template is not None
    refused = FLAT_REFUSED.get(case_id(path))
    if refused:
        with pytest.raises(FlatDecodeError, match=re.escape(refused)):
            flat_to_canonical(flat, template)
        return
    back = canonical_to_flat(flat_to_canonical(flat, template), template)
    assert unexplained_flat(flat, back) == []


@pytest.mark.corpus
@pytest.mark.parametrize("path", CANONICAL_CASES, ids=case_id)
def test_canonical_round_trip(path: Path) -> None:
    comp = _load(path)
    template = template_for_canonical(comp)
    assert template is not None
    refused = REFUSED.get(case_id(path))
    if refused is not None:
        with pytest.raises(FlatEncodeError) as info:
            canonical_to_flat(comp, template)
        assert [d.path for d in info.value.diagnostics] == refused
        assert {d.code for d in info.value.diagnostics} == {"no-flat-form"}
        back = flat_to_canonical(info.value.flat, template)
        if case_id(path).endswith("rawdb_composition.json"):
            return  # a database form: what is left is not canonical JSON either
        assert unexplained_canonical(_without(comp, refused), back) == []
        return
    back = flat_to_canonical(canonical_to_flat(comp, template), template)
    bad = unexplained_canonical(comp, back)
    if case_id(path) in KNOWN_FAILURES:
        assert bad, "a known failure now passes: remove it from KNOWN_FAILURES"
        return
    assert bad == []


# FLAT and canonical files of the same data (nested.en.v1 shares a name but not the data:
# the FLAT one has one link and other texts)
SAME_DATA = ("ehrb_adbm_op_consult_record", "multi_occurrence")


def _pairs() -> list[tuple[Path, Path]]:
    flat_by_name = {p.stem: p for p in FLAT_FILES}
    can_by_name = {p.stem: p for p in CANONICAL_CASES}
    return [(flat_by_name[n], can_by_name[n]) for n in SAME_DATA]


@pytest.mark.corpus
@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: p[0].stem)
def test_canonical_to_flat_matches_sdk_flat(pair: tuple[Path, Path]) -> None:
    """Where the SDK has both forms of the same data, ours agrees modulo the listed differences."""
    flat, can = (_load(p) for p in pair)
    template = template_for_canonical(can)
    assert template is not None
    ours = canonical_to_flat(can, template)
    bad = unexplained_flat(flat, ours)
    assert bad == [], bad[:10]


#: canonical output the ITS JSON schema refuses; each must still fail (so the list shrinks)
KNOWN_SCHEMA_FAILURES: dict[str, str] = {}


@cache
def _its_schema() -> dict[str, Any]:
    return _load(CORPUS / "its-json" / "openehr_rm_1.1.0_all.json")


@pytest.mark.corpus
@pytest.mark.parametrize("path", FLAT_CASES, ids=case_id)
def test_canonical_output_validates_against_its_json_schema(path: Path) -> None:
    flat = _load(path)
    template = template_for_flat(flat)
    assert template is not None
    if case_id(path) in FLAT_REFUSED:
        with pytest.raises(FlatDecodeError):
            flat_to_canonical(flat, template)
        return
    comp = flat_to_canonical(flat, template)
    if case_id(path) in KNOWN_SCHEMA_FAILURES:
        validator = jsonschema.Draft7Validator({**_its_schema(), "$ref": "#/definitions/COMPOSITION"})
        assert not validator.is_valid(comp), "a known failure now passes: remove it from KNOWN_SCHEMA_FAILURES"
        return
    schema = _its_schema()
    validator = jsonschema.Draft7Validator({**schema, "$ref": "#/definitions/COMPOSITION"})
    errors = sorted(validator.iter_errors(comp), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]] == []
    assert check_rm_types(comp) == []


def test_check_rm_types_rejects_what_the_schema_lets_pass() -> None:
    comp = {"_type": "COMPOSITION", "content": [{"_type": "OBSERVATON"}]}
    found = check_rm_types(comp)
    assert [(d.code, d.path) for d in found] == [("unknown-rm-type", "/content/0")]


def test_strings_for_numbers_and_duration_parts_are_read() -> None:
    template = next(t for t in templates() if t.template_id == "EHRN Vital signs.v2")
    root = "ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0"
    flat = {
        "ehrn_vital_signs.v2/language|code": "en",
        f"{root}/any_event:0/systolic|magnitude": "120",
        f"{root}/any_event:0/systolic|unit": "mm[Hg]",
        f"{root}/any_event:0/time": "2026-03-10T08:15:00+01:00",
        f"{root}/a24_hour_average/width|hour": 24,
        f"{root}/a24_hour_average/time": "2026-03-10T08:15:00+01:00",
    }
    comp = flat_to_canonical(flat, template)
    events = comp["content"][0]["items"][0]["data"]["events"]
    assert events[0]["data"]["items"][0]["value"]["magnitude"] == 120.0
    assert events[1]["_type"] == "INTERVAL_EVENT"
    assert events[1]["width"] == {"_type": "DV_DURATION", "value": "PT24H"}


def test_a_value_given_raw_is_read_whole_and_checked_like_any_other() -> None:
    template = next(t for t in templates() if t.template_id == "EHRN Vital signs.v2")
    flat = _load(CORPUS / SDK / "composition" / "flat" / "simSDT" / "Vitalsigns.json")
    key = next(k for k in flat if k.endswith("/systolic|magnitude"))
    base = key[: -len("|magnitude")]
    raw = {"_type": "DV_QUANTITY", "magnitude": 131.0, "units": "mm[Hg]", "precision": 0}
    given = {k: v for k, v in flat.items() if not k.startswith(base + "|")}
    for form in (raw, json.dumps(raw)):
        comp = flat_to_canonical({**given, base + "|raw": form}, template)
        back = canonical_to_flat(comp, template)
        assert back[base + "|magnitude"] == 131.0 and back[base + "|unit"] == "mm[Hg]" and back[base + "|precision"] == 0
    with pytest.raises(FlatDecodeError, match=r"systolic\|raw is not JSON text"):
        flat_to_canonical({**given, base + "|raw": "{magnitude: 1"}, template)
    with pytest.raises(FlatDecodeError, match="comes with other parts of the same value"):
        flat_to_canonical({**given, base + "|raw": raw, base + "|magnitude": 1.0}, template)
