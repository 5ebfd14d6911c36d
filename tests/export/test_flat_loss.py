"""canonical → FLAT never drops data silently: what has no FLAT form is refused, by path.

Built on the SDK's vital signs composition (FLAT → canonical), changed one way per test.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import pytest
from tests.conftest import CORPUS

from strukturjournal.export.flat import FlatEncodeError, canonical_to_flat, flat_to_canonical
from strukturjournal.template import OperationalTemplate, load_opt

SDK = CORPUS / "openehr-sdk"
ITEMS = "/content/0/items/0/data/events/0/data/items"


@cache
def _template() -> OperationalTemplate:
    return load_opt(SDK / "operationaltemplate" / "EHRN Vital signs.v2.opt")


def _composition() -> dict[str, Any]:
    flat = json.loads((SDK / "composition" / "flat" / "simSDT" / "Vitalsigns.json").read_text("utf-8"))
    return flat_to_canonical(flat, _template())


def _items(comp: dict[str, Any]) -> list[dict[str, Any]]:
    return comp["content"][0]["items"][0]["data"]["events"][0]["data"]["items"]


def _refused(comp: dict[str, Any]) -> FlatEncodeError:
    with pytest.raises(FlatEncodeError) as info:
        canonical_to_flat(comp, _template())
    return info.value


def test_the_unchanged_composition_is_written_whole() -> None:
    comp = _composition()
    assert flat_to_canonical(canonical_to_flat(comp, _template()), _template())["content"] == comp["content"]


def test_an_element_at_a_node_id_the_template_lacks_is_refused_with_its_path() -> None:
    comp = _composition()
    stray = copy.deepcopy(_items(comp)[0])
    stray["archetype_node_id"] = "at0004.1"
    _items(comp).append(stray)
    error = _refused(comp)
    assert [(d.code, d.path) for d in error.diagnostics] == [("no-flat-form", f"{ITEMS}/1")]
    assert error.diagnostics[0].context["why"] == "no node of the template has node id at0004.1"
    assert "at0004.1" in str(error) and f"{ITEMS}/1" in error.diagnostics[0].messages["nb"]
    # everything else was written: the systolic pressure is in the partial result
    assert any(k.endswith("/systolic|magnitude") and v == 120.0 for k, v in error.flat.items())


def test_a_second_instance_of_a_node_that_may_occur_once_is_refused() -> None:
    comp = _composition()
    second = copy.deepcopy(_items(comp)[0])
    second["value"]["magnitude"] = 135.0
    _items(comp).append(second)
    error = _refused(comp)
    assert [d.path for d in error.diagnostics] == [f"{ITEMS}/1"]
    assert error.diagnostics[0].context["why"] == "the template allows only one here"


def test_an_attribute_the_rm_does_not_have_is_refused() -> None:
    comp = _composition()
    _items(comp)[0]["value"]["colour"] = "red"
    error = _refused(comp)
    assert [d.path for d in error.diagnostics] == [f"{ITEMS}/0/value/colour"]
    assert error.diagnostics[0].context["why"] == "not an attribute of DV_QUANTITY in the RM"


def test_an_rm_attribute_flat_has_no_place_for_is_refused() -> None:
    comp = _composition()
    audit = {"_type": "FEEDER_AUDIT", "originating_system_audit": {"_type": "FEEDER_AUDIT_DETAILS", "system_id": "lab",
             "other_details": {"_type": "ITEM_TREE", "archetype_node_id": "openEHR-EHR-ITEM_TREE.generic.v1",
                               "name": {"_type": "DV_TEXT", "value": "Tree"},
                               "items": [{"_type": "ELEMENT", "archetype_node_id": "at0001",
                                          "name": {"_type": "DV_TEXT", "value": "Id"},
                                          "value": {"_type": "DV_TEXT", "value": "42"}}]}}}
    _items(comp)[0]["feeder_audit"] = audit
    error = _refused(comp)
    assert [d.path for d in error.diagnostics] == [f"{ITEMS}/0/feeder_audit/originating_system_audit/other_details"]
    # the rest of the feeder audit is written
    assert any(k.endswith("/systolic/_feeder_audit/originating_system_audit|system_id") for k in error.flat)


def test_a_renamed_node_is_written_with_its_name_and_comes_back() -> None:
    comp = _composition()
    _items(comp)[0]["name"]["value"] = "Systolisk"
    flat = canonical_to_flat(comp, _template())
    back = flat_to_canonical(flat, _template())
    assert _items(back)[0]["name"]["value"] == "Systolisk"
    assert _items(back)[0]["value"]["magnitude"] == 120.0


def test_an_object_without_data_is_left_out_without_error() -> None:
    comp = _composition()
    empty = {"_type": "ELEMENT", "archetype_node_id": "at0005", "name": {"_type": "DV_TEXT", "value": "Diastolic"}}
    _items(comp).append(empty)
    flat = canonical_to_flat(comp, _template())
    assert not any("/diastolic" in k for k in flat)
