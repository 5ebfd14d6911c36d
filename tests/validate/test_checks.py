"""One test per check kind, on a small hand-built template, in FLAT and canonical form."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import pytest

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.errors import EntryValidationError
from strukturjournal.validate import CODES, EntryValidator, is_valid, iter_errors, validate
from tests.validate.small import FLAT, ITEMS, TERMS, P, _coded, canonical, small_template

TEMPLATE = small_template()
VALIDATOR = EntryValidator(TEMPLATE)


def flat(**changes: Any) -> dict[str, Any]:
    """The valid FLAT entry with keys below the event replaced (``None`` removes a key)."""
    out = dict(FLAT)
    for key, value in changes.items():
        full = P + key.replace("__", "|")
        if value is None:
            out.pop(full, None)
        else:
            out[full] = value
    return out


def errors(entry: Any) -> list[tuple[str, str | None]]:
    return [(d.code, d.path) for d in VALIDATOR.iter_errors(entry)]


def test_valid_entries_give_nothing() -> None:
    assert errors(FLAT) == []
    assert errors(canonical()) == []
    assert is_valid(FLAT, TEMPLATE) and is_valid(canonical(), TEMPLATE)


# --- FLAT: (changes, code, path)
FLAT_CASES = [
    ({"systolic__magnitude": 1200}, "out-of-range", P + "systolic|magnitude"),
    ({"systolic__magnitude": 200, "systolic__unit": "kPa"}, "out-of-range", P + "systolic|magnitude"),
    ({"systolic__unit": "cm"}, "wrong-unit", P + "systolic|unit"),
    ({"systolic__magnitude": 120.5}, "wrong-precision", P + "systolic|magnitude"),
    ({"systolic__magnitude": "abc"}, "wrong-type", P + "systolic|magnitude"),
    ({"systolic__magnitude": None, "systolic__unit": None}, "missing-mandatory", P + "systolic"),
    ({"position__code": "at9999"}, "code-not-allowed", P + "position|code"),
    ({"score__code": "at2009"}, "code-not-allowed", P + "score|code"),
    ({"score__ordinal": 1}, "ordinal-mismatch", P + "score|ordinal"),
    ({"count": 11}, "out-of-range", P + "count"),
    ({"count": 2.5}, "wrong-type", P + "count"),
    ({"confirmed": False}, "value-not-allowed", P + "confirmed"),
    ({"onset_date": "2024"}, "pattern-mismatch", P + "onset_date"),
    ({"onset_date": "02.05.2024"}, "invalid-format", P + "onset_date"),
    ({"duration": "P1D"}, "pattern-mismatch", P + "duration"),
    ({"duration": "PT30H"}, "out-of-range", P + "duration"),
    ({"comment": "rolig"}, "pattern-mismatch", P + "comment"),
    ({"kind": "subacute"}, "value-not-allowed", P + "kind"),
    ({"saturation__numerator": 150}, "out-of-range", P + "saturation|numerator"),
    ({"recorded": "1999-12-31T23:00:00"}, "out-of-range", P + "recorded"),
    ({"clock_time": "10:15:30"}, "pattern-mismatch", P + "clock_time"),
    ({"time": "yesterday"}, "invalid-format", P + "time"),
    ({"nope": 1}, "unknown-path", P + "nope"),
    ({"systolic__colour": "red"}, "unknown-attribute", P + "systolic|colour"),
    ({"systolic__magnitude": None, "systolic__unit": None, "systolic/_null_flavour__code": "999"},
     "invalid-null-flavour", P + "systolic/_null_flavour|code"),
]


@pytest.mark.parametrize(("changes", "code", "path"), FLAT_CASES, ids=[f"{c[1]}:{next(iter(c[0]))}" for c in FLAT_CASES])
def test_flat_check(changes: dict[str, Any], code: str, path: str) -> None:
    assert (code, path) in errors(flat(**changes))


def test_flat_null_flavour_stands_in_for_a_mandatory_value() -> None:
    entry = flat(systolic__magnitude=None, systolic__unit=None, **{"systolic/_null_flavour__code": "271"})
    assert errors(entry) == []


def test_flat_occurrences_and_indices() -> None:
    entry = dict(FLAT)
    entry["encounter/small_test:1/any_event:0/comment"] = "Andre"
    assert ("too-many", "encounter/small_test:1") in errors(entry)
    entry = dict(FLAT)
    entry["encounter/small_test/any_event/comment"] = "Uten indeks"
    assert ("missing-index", "encounter/small_test/any_event") in errors(entry)


def test_flat_interval_bounds_in_order() -> None:
    from strukturjournal.template import load_opt
    from tests.conftest import CORPUS

    sdk = CORPUS / "openehr-sdk"
    v = EntryValidator(load_opt(sdk / "operationaltemplate" / "conformance_ehrbase.de.v0.opt"))
    data = json.loads((sdk / "composition/flat/simSDT/conformance/ehrbase_conformance_data_types_interval_dv_quantity.json")
                      .read_text("utf-8"))
    assert v.is_valid(data)
    iv = "conformance-ehrbase.de.v0/conformance_section/conformance_interval/any_event:0/interval_dv_quantity"
    data[iv + "/upper|magnitude"] = 10.0
    data[iv + "/upper|unit"] = "Unit"
    assert [(d.code, d.path) for d in v.iter_errors(data)] == [("interval-reversed", iv)]


def test_flat_unknown_root_and_ctx() -> None:
    assert ("unknown-path", "other/thing") in errors({**FLAT, "other/thing": 1})
    assert ("unknown-path", "ctx/nope") in errors({**FLAT, "ctx/nope": 1})
    assert errors({**FLAT, "ctx/time": "2024-05-02T10:00:00+02:00"}) == []
    assert errors({**FLAT, "ctx/time": "i går"}) == [("invalid-format", "ctx/time")]


# --- canonical: (mutation, code, path)
def _item(i: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda c: c["content"][0]["data"]["events"][0]["data"]["items"][i]


def _set(i: int, *keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(c: dict[str, Any]) -> None:
        target = _item(i)(c)
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return mutate


def _delete_item(i: int) -> Callable[[dict[str, Any]], None]:
    return lambda c: c["content"][0]["data"]["events"][0]["data"]["items"].pop(i)


def _duplicate_item(i: int) -> Callable[[dict[str, Any]], None]:
    return lambda c: c["content"][0]["data"]["events"][0]["data"]["items"].append(_item(i)(c))


def _drop(i: int, *keys: str) -> Callable[[dict[str, Any]], None]:
    def mutate(c: dict[str, Any]) -> None:
        target = _item(i)(c)
        for k in keys[:-1]:
            target = target[k]
        del target[keys[-1]]

    return mutate


CANONICAL_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("quantity range", _set(0, "value", "magnitude", value=1200.0), "out-of-range", f"{ITEMS}/0/value/magnitude"),
    ("quantity unit", _set(0, "value", "units", value="cm"), "wrong-unit", f"{ITEMS}/0/value/units"),
    ("quantity precision", _set(0, "value", "magnitude", value=120.25), "wrong-precision", f"{ITEMS}/0/value/magnitude"),
    ("quantity has units", _drop(0, "value", "units"), "missing-mandatory", f"{ITEMS}/0/value/units"),
    ("rm type", _set(0, "value", value={"_type": "DV_TEXT", "value": "120"}), "wrong-type", f"{ITEMS}/0/value"),
    ("mandatory element", _delete_item(0), "missing-mandatory", ITEMS),
    ("coded text", _set(1, "value", "defining_code", "code_string", value="at9999"), "code-not-allowed",
     f"{ITEMS}/1/value/defining_code"),
    ("coded text terminology", _set(1, "value", "defining_code", "terminology_id", "value", value="SNOMED-CT"),
     "code-not-allowed", f"{ITEMS}/1/value/defining_code"),
    ("ordinal code", _set(2, "value", "symbol", value=_coded("x", "local", "at2009")), "code-not-allowed",
     f"{ITEMS}/2/value/symbol"),
    ("ordinal value", _set(2, "value", "value", value=1), "ordinal-mismatch", f"{ITEMS}/2/value/value"),
    ("count", _set(3, "value", "magnitude", value=11), "out-of-range", f"{ITEMS}/3/value/magnitude"),
    ("boolean", _set(4, "value", "value", value=False), "value-not-allowed", f"{ITEMS}/4/value/value"),
    ("boolean type", _set(4, "value", "value", value="yes"), "wrong-type", f"{ITEMS}/4/value/value"),
    ("date pattern", _set(5, "value", "value", value="2024"), "pattern-mismatch", f"{ITEMS}/5/value/value"),
    ("date format", _set(5, "value", "value", value="2024-13-01"), "invalid-format", f"{ITEMS}/5/value/value"),
    ("duration pattern", _set(6, "value", "value", value="P2D"), "pattern-mismatch", f"{ITEMS}/6/value/value"),
    ("duration range", _set(6, "value", "value", value="PT25H"), "out-of-range", f"{ITEMS}/6/value/value"),
    ("duration format", _set(6, "value", "value", value="2 hours"), "invalid-format", f"{ITEMS}/6/value/value"),
    ("text pattern", _set(7, "value", "value", value="rolig"), "pattern-mismatch", f"{ITEMS}/7/value/value"),
    ("text list", _set(8, "value", "value", value="subacute"), "value-not-allowed", f"{ITEMS}/8/value/value"),
    ("proportion range", _set(9, "value", "numerator", value=150.0), "out-of-range", f"{ITEMS}/9/value/numerator"),
    ("proportion kind", _set(9, "value", "type", value=1), "value-not-allowed", f"{ITEMS}/9/value/type"),
    ("proportion denominator", _set(9, "value", "denominator", value=0.0), "value-not-allowed",
     f"{ITEMS}/9/value/denominator"),
    ("date-time range", _set(10, "value", "value", value="1999-01-01T00:00:00Z"), "out-of-range",
     f"{ITEMS}/10/value/value"),
    ("time pattern", _set(11, "value", "value", value="10:15:30"), "pattern-mismatch", f"{ITEMS}/11/value/value"),
    ("interval order", _set(12, "value", "lower", "magnitude", value=95.0), "interval-reversed", f"{ITEMS}/12/value"),
    ("too many", _duplicate_item(7), "too-many", ITEMS),
    ("unknown node", _set(7, "archetype_node_id", value="at9999"), "unknown-path", f"{ITEMS}/7"),
    ("unknown attribute", _set(0, "value", "colour", value="red"), "unknown-attribute", f"{ITEMS}/0/value/colour"),
    ("null flavour code", _set(0, "null_flavour", value=_coded("x", "openehr", "999")), "invalid-null-flavour",
     f"{ITEMS}/0/null_flavour"),
    ("null flavour and value", _set(0, "null_flavour", value=_coded("unknown", "openehr", "253")),
     "invalid-null-flavour", f"{ITEMS}/0/null_flavour"),
    ("element without value", _drop(7, "value"), "missing-mandatory", f"{ITEMS}/7/value"),
    ("nan", _set(0, "value", "magnitude", value=math.nan), "not-finite", f"{ITEMS}/0/value/magnitude"),
]


@pytest.mark.parametrize(("name", "mutate", "code", "path"), CANONICAL_CASES, ids=[c[0] for c in CANONICAL_CASES])
def test_canonical_check(name: str, mutate: Callable[[dict[str, Any]], None], code: str, path: str) -> None:
    entry = canonical()
    mutate(entry)
    assert (code, path) in errors(entry)


def test_rm_mandatory_attributes() -> None:
    entry = canonical()
    del entry["language"]
    del entry["content"][0]["subject"]
    found = errors(entry)
    assert ("missing-mandatory", "/language") in found
    assert ("missing-mandatory", "/content/0/subject") in found


def test_flat_raw_value_is_checked_as_canonical_json() -> None:
    raw = {"_type": "DV_QUANTITY", "magnitude": 1200.0, "units": "mm[Hg]"}
    entry = flat(systolic__magnitude=None, systolic__unit=None, systolic__raw=raw)
    assert errors(entry) == [("out-of-range", P + "systolic|raw/magnitude")]
    entry = flat(systolic__magnitude=None, systolic__unit=None, systolic__raw='{"_type": "DV_QUANTITY"')
    assert errors(entry) == [("invalid-format", P + "systolic|raw")]


def test_canonical_null_flavour_instead_of_value() -> None:
    entry = canonical()
    element = _item(0)(entry)
    del element["value"]
    element["null_flavour"] = _coded("unknown", "openehr", "253")
    assert errors(entry) == []


def test_canonical_wrong_template_and_root() -> None:
    entry = canonical()
    entry["archetype_details"]["template_id"]["value"] = "other.v1"
    assert errors(entry) == [("wrong-template", "/archetype_details/template_id/value")]
    entry = canonical()
    entry["archetype_node_id"] = "openEHR-EHR-COMPOSITION.other.v1"
    assert errors(entry) == [("unknown-path", "/archetype_node_id")]


def test_rm_types_of_what_the_template_leaves_open() -> None:
    entry = canonical()
    entry["context"] = {"_type": "EVENT_CONTEXT", "start_time": {"_type": "DV_DATE_TIME", "value": "soon"},
                        "setting": _coded("home", "openehr", "225")}
    assert ("invalid-format", "/context/start_time/value") in errors(entry)
    entry["context"] = {"_type": "PARTY_SELF"}
    assert ("wrong-type", "/context") in errors(entry)


def test_diagnostic_carries_paths_context_and_both_languages() -> None:
    d = next(VALIDATOR.iter_errors(flat(systolic__magnitude=1200)))
    assert d.code == "out-of-range"
    assert d.archetype_path is not None and d.archetype_path.endswith("/items[at0004]/value/magnitude")
    assert d.context["value"] == 1200 and d.context["allowed"] == "0–1000 mm[Hg]"
    assert d.messages["nb"] == "Systolisk blodtrykk: 1200 mm[Hg] er utenfor tillatt område 0–1000 mm[Hg]"
    assert d.messages["en"] == d.message == "Systolic: 1200 mm[Hg] is outside the allowed range 0–1000 mm[Hg]"
    assert TERMS["at0004"][1] in d.message_in("nb")


def test_norwegian_messages_in_canonical_data() -> None:
    entry = canonical()
    _set(1, "value", "defining_code", "code_string", value="at9999")(entry)
    (d,) = VALIDATOR.iter_errors(entry)
    assert d.messages["nb"] == "Stilling: koden at9999 er ikke tillatt (tillatt: at1000, at1001)"


def test_validate_raises_headlined_by_the_best_match() -> None:
    entry = flat(systolic__magnitude=1200, nope=1)
    with pytest.raises(EntryValidationError) as info:
        validate(entry, TEMPLATE)
    assert {d.code for d in info.value.diagnostics} == {"out-of-range", "unknown-path"}
    assert "and 1 more" in str(info.value)


def test_is_valid_stops_at_the_first_problem() -> None:
    seen: list[Diagnostic] = []

    class Counting(EntryValidator):
        def iter_errors(self, entry: Any):  # type: ignore[no-untyped-def]
            for d in super().iter_errors(entry):
                seen.append(d)
                yield d

    v = Counting(TEMPLATE)
    assert not v.is_valid(flat(systolic__magnitude=1200, count=11, kind="x"))
    assert len(seen) == 1


def test_iter_errors_is_lazy_and_module_functions_cache() -> None:
    gen = iter_errors(flat(count=11), TEMPLATE)
    assert next(gen).code == "out-of-range"
    from strukturjournal.validate.validator import _validator

    assert _validator(TEMPLATE) is _validator(TEMPLATE)


def test_every_code_has_messages_in_both_languages() -> None:
    from strukturjournal.validate._report import MESSAGES

    assert set(CODES) == set(MESSAGES)
    for en, nb in MESSAGES.values():
        assert en.startswith("{label}: ") and nb.startswith("{label}: ")


def test_a_template_without_an_archetype_root_is_a_template_error() -> None:
    from strukturjournal.aom import CComplexObject
    from strukturjournal.errors import TemplateError
    from strukturjournal.template import OperationalTemplate

    with pytest.raises(TemplateError, match="cannot build its FLAT paths"):
        EntryValidator(OperationalTemplate("t", "T", CComplexObject("COMPOSITION")))
