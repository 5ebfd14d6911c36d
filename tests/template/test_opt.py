"""OPT 1.4 reading and writing, driven by the openEHR SDK corpus."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from strukturjournal.aom import CArchetypeRoot, CComplexObject
from strukturjournal.errors import TemplateError
from strukturjournal.template import OperationalTemplate, load_opt, parse_opt, to_opt

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
OPT_DIR = SHARED / "corpus" / "openehr-sdk" / "operationaltemplate"
OPTS = sorted(p for p in OPT_DIR.glob("*") if p.suffix in (".opt", ".xml"))
NS = "{http://schemas.openehr.org/v1}"

# Files of the corpus that are not valid OPT 1.4, with the reason. Every file of the SDK
# corpus currently reads: none is malformed XML or lacks a required element.
INVALID: dict[str, str] = {}

pytestmark = pytest.mark.corpus


def test_corpus_present() -> None:
    assert len(OPTS) >= 58


@pytest.mark.parametrize("path", OPTS, ids=lambda p: p.name)
def test_load(path: Path) -> None:
    if path.name in INVALID:
        with pytest.raises(TemplateError) as info:
            load_opt(path)
        assert info.value.diagnostics and info.value.diagnostics[0].span.source == str(path)
        return
    t = load_opt(path)
    assert t.template_id
    assert isinstance(t.definition, CArchetypeRoot)
    assert t.definition.rm_type_name == "COMPOSITION"
    assert t.definition.path == "/"
    assert t.text_of(t.definition)  # the root archetype names the composition
    for node in t.iter_nodes():
        assert t.node_at(node.path) is not None
        if isinstance(node, CArchetypeRoot) and node is not t.definition:
            assert node.path.endswith(f"[{node.archetype_id}]")


@pytest.mark.parametrize("path", [p for p in OPTS if p.name not in INVALID], ids=lambda p: p.name)
def test_round_trip(path: Path) -> None:
    t = load_opt(path)
    again = parse_opt(to_opt(t))
    assert again == t
    assert [n.path for n in again.iter_nodes()] == [n.path for n in t.iter_nodes()]


@pytest.mark.parametrize("path", [p for p in OPTS if p.name not in INVALID], ids=lambda p: p.name)
def test_written_xml_has_required_elements(path: Path) -> None:
    root = ET.fromstring(to_opt(load_opt(path)))
    assert root.tag == f"{NS}template"
    children = [c.tag.removeprefix(NS) for c in root]
    for required in ("language", "description", "template_id", "concept", "definition"):
        assert required in children
    # schema order: language, description, uid, template_id, concept, definition
    order = [
        c
        for c in children
        if c in ("language", "description", "uid", "template_id", "concept", "definition")
    ]
    assert order == [
        c
        for c in ("language", "description", "uid", "template_id", "concept", "definition")
        if c in order
    ]
    assert root.findtext(f"{NS}template_id/{NS}value")
    assert root.findtext(f"{NS}language/{NS}code_string")
    assert root.findtext(f"{NS}language/{NS}terminology_id/{NS}value") == "ISO_639-1"
    definition = root.find(f"{NS}definition")
    assert definition is not None
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}type"
    assert definition.get(xsi) == "C_ARCHETYPE_ROOT"
    for obj in definition.iter():
        if obj.tag in (f"{NS}definition", f"{NS}children") and obj.get(xsi) not in (
            "C_PRIMITIVE_OBJECT",
        ):
            tags = [c.tag.removeprefix(NS) for c in obj][:3]
            assert tags == ["rm_type_name", "occurrences", "node_id"], tags
        if obj.tag == f"{NS}attributes" and obj.get(xsi):
            assert obj[0].tag == f"{NS}rm_attribute_name"
            assert obj[1].tag == f"{NS}existence"
        if obj.get(xsi) == "C_MULTIPLE_ATTRIBUTE":
            assert obj.find(f"{NS}cardinality") is not None


def test_blood_pressure_paths_and_terms() -> None:
    t = load_opt(OPT_DIR / "nullid.opt")
    path = "/content[openEHR-EHR-OBSERVATION.blood_pressure.v2]/data[at0001]/events[at0006]"
    event = t.node_at(path)
    assert isinstance(event, CComplexObject)
    assert event.path == path
    assert event.node_id == "at0006"
    assert t.text_of(event)
    root = t.archetype_root_of(event)
    assert root is not None and root.archetype_id == "openEHR-EHR-OBSERVATION.blood_pressure.v2"
    systolic = t.node_at(path + "/data[at0003]/items[at0004]")
    assert isinstance(systolic, CComplexObject) and systolic.rm_type_name == "ELEMENT"
    assert t.node_at(path + "/nope") is None


def test_languages_and_translated_terms() -> None:
    t = load_opt(OPT_DIR / "Testing_Template_N.opt")
    assert t.languages == ["en", "sl"]
    obs = t.node_at("/content[openEHR-EHR-OBSERVATION.testing.v1]")
    assert isinstance(obs, CArchetypeRoot)
    assert t.text_of(obs, "en") != t.text_of(obs, "sl") or t.terms_of(obs).keys() == {"en", "sl"}
    assert set(t.terms_of(obs)) == {"en", "sl"}


def test_named_predicate_picks_sibling() -> None:
    t = load_opt(OPT_DIR / "GECCO_Diagnose.opt")
    named = [n for n in t.iter_nodes() if isinstance(n, CComplexObject) and t.fixed_name(n)]
    assert named
    node = named[0]
    assert (
        t.node_at(
            node.path.rsplit("]", 1)[0]
            + f" and name/value='{t.fixed_name(node)}']"
            + node.path.rsplit("]", 1)[1]
        )
        is node
    )


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(TemplateError) as info:
        parse_opt("<template>\n  <language>\n</template>", source="broken.opt")
    diag = info.value.diagnostics[0]
    assert diag.code == "opt-syntax"
    assert (diag.span.source, diag.span.line) == ("broken.opt", 3)
    assert "broken.opt:3" in str(info.value)


def test_missing_template_id_names_line() -> None:
    xml = (
        '<template xmlns="http://schemas.openehr.org/v1">\n'
        "<language><terminology_id><value>ISO_639-1</value></terminology_id>"
        "<code_string>en</code_string></language>\n<concept>x</concept>\n</template>"
    )
    with pytest.raises(TemplateError) as info:
        parse_opt(xml, source="x.opt")
    diag = info.value.diagnostics[0]
    assert diag.code == "opt-missing"
    assert "template_id" in diag.message
    assert diag.span.line == 1


def test_unknown_constraint_type_names_its_line() -> None:
    text = (OPT_DIR / "minimal_evaluation.opt").read_text(encoding="utf-8")
    bad = text.replace('xsi:type="C_CODE_PHRASE"', 'xsi:type="C_NONSENSE"', 1)
    with pytest.raises(TemplateError) as info:
        parse_opt(bad, source="m.opt")
    diag = info.value.diagnostics[0]
    assert diag.code == "opt-unknown-type"
    line = bad.splitlines()[diag.span.line - 1]
    assert "C_NONSENSE" in line


def test_entities_are_refused() -> None:
    xml = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><template>&a;</template>'
    with pytest.raises(TemplateError) as info:
        parse_opt(xml)
    assert info.value.diagnostics[0].code == "opt-unsafe-xml"


def test_not_a_template() -> None:
    with pytest.raises(TemplateError) as info:
        parse_opt('<archetype xmlns="http://schemas.openehr.org/v1"/>')
    assert info.value.diagnostics[0].code == "opt-not-a-template"


def test_template_model_equality_detects_change() -> None:
    t = load_opt(OPT_DIR / "minimal_evaluation.opt")
    again = parse_opt(to_opt(t))
    assert isinstance(again, OperationalTemplate)
    again.concept = again.concept + "!"
    assert again != t
