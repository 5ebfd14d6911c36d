"""The RM layer, driven by the openEHR BMM corpus in ``../shared/corpus/bmm``."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from strukturjournal.base import Interval
from strukturjournal.odin import parse_odin
from strukturjournal.rm import (
    BMMError,
    RMClass,
    RMModel,
    RMProperty,
    archetype_primitive,
    format_type,
    load_bmm,
    parse_type,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BMM_DIR = SHARED / "corpus" / "bmm"
BMM_FILES = sorted(BMM_DIR.glob("*.bmm"))
SHIPPED = (
    Path(__file__).resolve().parents[2] / "src" / "strukturjournal" / "rm" / "openehr_rm_1.1.0.json"
)

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_model() -> RMModel:
    return load_bmm(BMM_FILES)


@pytest.fixture(scope="module")
def rm() -> RMModel:
    return RMModel.default()


def test_corpus_is_present() -> None:
    assert len(BMM_FILES) >= 9, f"BMM corpus missing at {BMM_DIR}"


@pytest.mark.parametrize("path", BMM_FILES, ids=lambda p: p.name)
def test_every_bmm_file_loads_on_its_own(path: Path) -> None:
    model = load_bmm([path])
    raw = parse_odin(path.read_text("utf-8"))
    names = set(raw.get("class_definitions") or {}) | set(raw.get("primitive_types") or {})
    assert set(model.classes) == names
    assert model.schemas == (f"{raw['rm_publisher']}_{raw['schema_name']}_{raw['rm_release']}",)


@pytest.mark.parametrize("path", BMM_FILES, ids=lambda p: p.name)
def test_every_class_round_trips_through_facts(path: Path, corpus_model: RMModel) -> None:
    model = load_bmm([path])
    back = RMModel.from_facts(json.loads(json.dumps(model.to_facts())))
    assert back == model
    for name, cls in model.classes.items():
        assert back.classes[name] == cls
        assert corpus_model.classes[name] == cls  # merging keeps each file's class as it is


def test_shipped_json_is_what_the_corpus_gives(corpus_model: RMModel, rm: RMModel) -> None:
    assert SHIPPED.read_text("utf-8") == corpus_model.to_facts_json()
    assert rm == corpus_model
    assert len(rm.classes) == len(corpus_model.classes) > 150


def test_generator_writes_the_shipped_file() -> None:
    tool = runpy.run_path(str(Path(__file__).resolve().parents[2] / "tools" / "gen_rm_facts.py"))
    assert tool["generate"](BMM_DIR) == SHIPPED.read_text("utf-8")
    assert tool["main"]([str(BMM_DIR), "--check"]) == 0


def test_shipped_json_holds_no_prose() -> None:
    facts = json.loads(SHIPPED.read_text("utf-8"))
    allowed_class = {"ancestors", "abstract", "primitive", "generic", "properties"}
    allowed_prop = {"type", "mandatory", "container", "cardinality"}
    strings: list[str] = []
    for cls in facts["classes"].values():
        assert set(cls) <= allowed_class
        strings += cls["ancestors"] + [b for g in cls.get("generic", ()) for b in g if b]
        for prop in cls.get("properties", {}).values():
            assert set(prop) <= allowed_prop
            strings += [prop["type"], *([prop["container"]] if "container" in prop else [])]
    assert len(strings) > 400
    for text in strings:  # type names only: no sentence can hide here
        assert format_type(parse_type(text)) == text


def test_includes_are_resolved_and_missing_ones_reported(corpus_model: RMModel) -> None:
    order = corpus_model.schemas
    assert order.index("openehr_rm_data_types_1.1.0") < order.index("openehr_rm_structures_1.1.0")
    assert order.index("openehr_rm_structures_1.1.0") < order.index("openehr_rm_ehr_1.1.0")
    assert order.index("openehr_base_1.1.0") < order.index("openehr_rm_data_types_1.1.0")
    missing = [d for d in corpus_model.diagnostics if d.code == "W-BMM-INCLUDE"]
    assert [d.span.source for d in missing if d.span] == [str(BMM_DIR / "openehr_rm_110.bmm")]
    assert "openehr_rm_ehr_extract_1.1.0" in missing[0].message
    assert not [d for d in corpus_model.diagnostics if d.code == "W-BMM-UNKNOWN-TYPE"]
    with pytest.raises(BMMError, match="ehr_extract"):
        load_bmm(BMM_FILES, strict=True)


def test_unknown_types_are_reported_when_an_include_is_left_out() -> None:
    model = load_bmm([BMM_DIR / "openehr_rm_ehr_110.bmm"])
    unknown = {d.message.split()[-1] for d in model.diagnostics if d.code == "W-BMM-UNKNOWN-TYPE"}
    assert "'LOCATABLE'" in unknown and "'DV_TEXT'" in unknown


def test_observation_data(rm: RMModel) -> None:
    assert "data" not in rm.classes["ENTRY"].properties
    assert rm.ancestors_of("OBSERVATION")[:2] == ("CARE_ENTRY", "ENTRY")
    data = rm.property_of("OBSERVATION", "data")
    assert data == RMProperty("data", "HISTORY<ITEM_STRUCTURE>", is_mandatory=True)
    assert data.existence == Interval(1, 1)
    assert rm.property_of("OBSERVATION", "state").is_mandatory is False
    # inherited through CARE_ENTRY and ENTRY
    assert rm.property_of("OBSERVATION", "protocol").type_name == "ITEM_STRUCTURE"
    assert rm.property_of("OBSERVATION", "subject").type_name == "PARTY_PROXY"
    assert rm.property_of("OBSERVATION", "archetype_node_id").is_mandatory
    assert rm.property_of("OBSERVATION", "not_an_attribute") is None
    assert rm.property_of("NO_SUCH_CLASS", "data") is None


def test_dv_quantity(rm: RMModel) -> None:
    props = rm.all_properties("DV_QUANTITY")
    assert props["magnitude"].type_name == "Real" and props["magnitude"].is_mandatory
    assert props["units"].type_name == "String" and props["units"].is_mandatory
    assert props["normal_range"].type_name == "DV_INTERVAL<DV_QUANTITY>"  # nearest wins
    assert rm.property_of("DV_ORDERED", "normal_range").type_name == "DV_INTERVAL<DV_ORDERED>"
    assert "accuracy" in props and "magnitude_status" in props
    assert rm.is_descendant_of("DV_QUANTITY", "DV_AMOUNT")


def test_element_value_and_conformance(rm: RMModel) -> None:
    value = rm.property_of("ELEMENT", "value")
    assert value is not None and value.type_name == "DATA_VALUE"
    assert rm.type_conforms("DV_CODED_TEXT", value.type_name)
    assert rm.type_conforms("DV_INTERVAL<DV_QUANTITY>", value.type_name)
    assert rm.type_conforms("DV_CODED_TEXT", "DV_TEXT")
    assert not rm.type_conforms("DV_TEXT", "DV_CODED_TEXT")
    assert not rm.type_conforms("ITEM_TREE", value.type_name)
    assert not rm.type_conforms("NOT_A_TYPE", value.type_name)
    assert rm.type_conforms("ITEM_TREE", "Any")


def test_generic_conformance(rm: RMModel) -> None:
    assert rm.type_conforms("HISTORY<ITEM_TREE>", "HISTORY<ITEM_STRUCTURE>")
    assert rm.type_conforms("HISTORY", "HISTORY<ITEM_STRUCTURE>")
    assert not rm.type_conforms("HISTORY<DV_TEXT>", "HISTORY<ITEM_STRUCTURE>")
    assert rm.type_conforms("POINT_EVENT<ITEM_LIST>", "EVENT<ITEM_STRUCTURE>")
    assert rm.type_conforms("DV_INTERVAL<DV_COUNT>", "DV_INTERVAL<DV_ORDERED>")
    assert not rm.type_conforms("DV_INTERVAL<DV_COUNT>", "DV_INTERVAL<DV_QUANTITY>")
    assert rm.type_conforms("Multiplicity_interval", "Interval<Integer>")
    assert not rm.type_conforms("Multiplicity_interval", "Interval<String>")


def test_primitive_types(rm: RMModel) -> None:
    for name in ("String", "Integer", "Real", "Boolean", "Date", "Time", "Date_time", "Duration"):
        assert rm.get_class(name) is not None and rm.classes[name].is_primitive
    assert not rm.classes["DV_TEXT"].is_primitive
    assert archetype_primitive("ISO8601_DATE") == "Date"
    assert archetype_primitive("ISO8601_DURATION") == "Duration"
    assert archetype_primitive("STRING") == "String"
    assert archetype_primitive("CODE_PHRASE") == "Terminology_code"
    assert archetype_primitive("DV_TEXT") is None
    assert rm.type_conforms("ISO8601_DATE", rm.property_of("DV_DATE", "value").type_name)
    assert rm.type_conforms("Date_time", "Iso8601_date_time")
    assert rm.type_conforms("INTEGER", "Integer64") and rm.type_conforms("Double", "Real")
    assert not rm.type_conforms("Boolean", "String")
    assert not rm.type_conforms("Integer", "Real")
    assert rm.type_conforms("Uri", "String")  # by inheritance in BASE


def test_containers(rm: RMModel) -> None:
    items = rm.property_of("CLUSTER", "items")
    assert items == RMProperty("items", "ITEM", True, True, Interval(1, None), "List")
    tree_items = rm.property_of("ITEM_TREE", "items")
    assert tree_items is not None and tree_items.is_container
    assert (tree_items.type_name, tree_items.container_type) == ("ITEM", "List")
    assert tree_items.cardinality == Interval(0, None) and not tree_items.is_mandatory
    content = rm.property_of("COMPOSITION", "content")
    assert content is not None and content.is_container and content.type_name == "CONTENT_ITEM"
    assert content.cardinality == Interval(1, None)
    assert rm.type_conforms("OBSERVATION", content.type_name)
    assert rm.type_conforms("SECTION", content.type_name)
    # no cardinality in the BMM: the BMM default 0..*
    ranges = rm.property_of("DV_QUANTITY", "other_reference_ranges")
    assert ranges is not None and ranges.cardinality == Interval(0, None)
    assert ranges.type_name == "REFERENCE_RANGE<DV_QUANTITY>"
    assert rm.property_of("ELEMENT", "value").cardinality is None  # type: ignore[union-attr]


def test_event_hierarchy(rm: RMModel) -> None:
    event = rm.classes["EVENT"]
    assert event.is_abstract and event.generic_parameters == {"T": "ITEM_STRUCTURE"}
    assert set(rm.descendants_of("EVENT")) == {"POINT_EVENT", "INTERVAL_EVENT"}
    assert not rm.classes["POINT_EVENT"].is_abstract
    assert rm.is_descendant_of("INTERVAL_EVENT<ITEM_TREE>", "EVENT")
    assert rm.is_descendant_of("EVENT", "EVENT")  # reflexive
    assert not rm.is_descendant_of("EVENT", "POINT_EVENT")
    assert rm.property_of("POINT_EVENT", "data").type_name == "ITEM_STRUCTURE"  # type: ignore[union-attr]
    assert rm.property_of("EVENT<ITEM_TREE>", "data").type_name == "ITEM_TREE"  # type: ignore[union-attr]
    assert rm.classes["EVENT"].properties["data"].type_name == "T"  # own properties stay formal
    assert rm.property_of("HISTORY", "events").type_name == "EVENT<ITEM_STRUCTURE>"  # type: ignore[union-attr]
    assert "ENTRY" in rm.descendants_of("LOCATABLE") and "OBSERVATION" in rm.descendants_of("ENTRY")


def test_ancestors_are_transitive_and_nearest_first(rm: RMModel) -> None:
    assert rm.ancestors_of("DV_CODED_TEXT") == ("DV_TEXT", "DATA_VALUE", "Any")
    assert rm.ancestors_of("OBSERVATION")[-1] == "Any"
    assert "Any" not in rm.ancestors_of("Any")
    for name in rm.classes:
        chain = rm.ancestors_of(name)
        assert name not in chain
        for direct in rm.classes[name].ancestors:
            assert direct.split("<")[0] in chain
        for anc in chain:
            assert name in rm.descendants_of(anc)
    with pytest.raises(KeyError):
        rm.ancestors_of("NO_SUCH_CLASS")


def test_oddities_of_the_corpus(rm: RMModel) -> None:
    # ancestors given as a generic type (ancestor_defs) rather than a name
    assert rm.classes["Multiplicity_interval"].ancestors == ("Interval<Integer>",)
    assert rm.property_of("Multiplicity_interval", "lower").type_name == "Integer"  # type: ignore[union-attr]
    # actual generic parameters spelt as generic_parameter_defs
    doc = rm.property_of("RESOURCE_ANNOTATIONS", "documentation")
    assert doc is not None and doc.type_name == "Hash<String, Hash<String, Hash<String, String>>>"
    # a container of a generic type
    uri = rm.property_of("RESOURCE_DESCRIPTION_ITEM", "original_resource_uri")
    assert uri is not None and uri.full_type == "List<Hash<String, String>>"
    assert rm.classes["Hash"].generic_parameters == {"K": "Ordered", "V": None}


def test_type_names() -> None:
    assert format_type(parse_type(" Hash <String,List< ITEM >> ")) == "Hash<String, List<ITEM>>"
    for bad in ("", "A<", "A<B", "A<>", "A B", "A,B", "<A>"):
        with pytest.raises(ValueError):
            parse_type(bad)


def test_load_bmm_errors(tmp_path: Path) -> None:
    head = 'rm_publisher = <"x"> schema_name = <"s"> rm_release = <"1"> '
    (tmp_path / "a.bmm").write_text(head + 'includes = <["1"] = <id = <"x_t_1">>>')
    (tmp_path / "b.bmm").write_text(
        'rm_publisher = <"x"> schema_name = <"t"> rm_release = <"1"> '
        'includes = <["1"] = <id = <"x_s_1">>>'
    )
    with pytest.raises(BMMError, match="cycle"):
        load_bmm([tmp_path / "a.bmm", tmp_path / "b.bmm"])
    with pytest.raises(BMMError, match="defined by both"):
        load_bmm([tmp_path / "a.bmm", tmp_path / "a.bmm"])
    (tmp_path / "c.bmm").write_text(
        head + 'class_definitions = <["A"] = <name = <"A"> properties = <'
        '["p"] = (P_BMM_WEIRD_PROPERTY) <name = <"p"> type = <"A">>>>>'
    )
    with pytest.raises(BMMError, match="P_BMM_WEIRD_PROPERTY"):
        load_bmm([tmp_path / "c.bmm"])


def test_redefinition_later_schema_wins(tmp_path: Path) -> None:
    (tmp_path / "base.bmm").write_text(
        'rm_publisher = <"x"> schema_name = <"base"> rm_release = <"1"> '
        'primitive_types = <["Any"] = <name = <"Any">> ["A"] = <name = <"A"> ancestors = <"Any">>>'
    )
    (tmp_path / "top.bmm").write_text(
        'rm_publisher = <"x"> schema_name = <"top"> rm_release = <"1"> '
        'includes = <["1"] = <id = <"x_base_1">>> '
        'class_definitions = <["A"] = <name = <"A"> ancestors = <"Any"> is_abstract = <True>>>'
    )
    model = load_bmm([tmp_path / "top.bmm", tmp_path / "base.bmm"])
    assert model.schemas == ("x_base_1", "x_top_1")
    assert model.classes["A"] == RMClass("A", ("Any",), {}, is_abstract=True)
    assert [d.code for d in model.diagnostics] == ["W-BMM-REDEFINED"]


def test_from_facts_rejects_other_formats() -> None:
    with pytest.raises(ValueError, match="format"):
        RMModel.from_facts({"format": "something-else", "classes": {}})


def test_default_is_cached_and_needs_no_corpus(rm: RMModel) -> None:
    assert RMModel.default() is rm
    assert rm.diagnostics == ()  # built from the shipped facts alone
    assert rm.release == "1.1.0"
