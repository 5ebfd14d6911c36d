"""OET compilation, driven by the 44 CKM ``.oet`` files and the 689 CKM archetypes.

Each OET either compiles, or its errors name exactly the archetypes the repository lacks
(derived from the OET and the repository, not written down here), or a slot path the
repository's version of the archetype does not have (also checked against the repository).

Figures on the shared corpus (recorded by ``test_figures``): 6 compile (all round-trip through
OPT XML to an equal model, all export a web template), 32 name missing archetypes, 6 fail
because a slot they fill is not in the archetype version the repository holds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import CORPUS, case_id, corpus_files

from strukturjournal.aom import ArchetypeSlot, CArchetypeRoot, CComplexObject, CDvQuantity
from strukturjournal.errors import TemplateError
from strukturjournal.export import to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, parse_opt, to_opt
from strukturjournal.template.oet import compile_oet, compile_oet_text

pytestmark = pytest.mark.corpus

CKM = CORPUS / "ckm"
OETS = corpus_files("ckm", "*.oet")
FILLERS = ("Content", "Item", "Items", "activityDescription")
Outcome = tuple[str, OperationalTemplate | TemplateError]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> ArchetypeRepository:
    return ArchetypeRepository.from_directory(CKM, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def outcomes(repo: ArchetypeRepository) -> dict[Path, Outcome]:
    out: dict[Path, Outcome] = {}
    for path in OETS:
        try:
            out[path] = ("compiled", compile_oet(path, repo))
        except TemplateError as exc:
            codes = {d.code for d in exc.diagnostics if d.severity >= 30}
            kind = "missing" if codes == {"template-missing-archetype"} else "failed"
            out[path] = (kind, exc)
    return out


def _fillers_below(el: ET.Element) -> list[ET.Element]:
    """Filler elements under ``el`` with no other filler between (``Context`` is looked into)."""
    out: list[ET.Element] = []
    for child in el:
        if child.tag.rsplit("}", 1)[-1] in FILLERS:
            out.append(child)
        else:
            out += _fillers_below(child)
    return out


def _expected_missing(path: Path, repo: ArchetypeRepository) -> set[str]:
    """Archetype ids the compiler must look up and the repository lacks (not below a missing one)."""
    root = ET.parse(path).getroot()
    definition = next(c for c in root if c.tag.endswith("}definition"))
    missing: set[str] = set()
    stack = [definition]
    while stack:
        el = stack.pop()
        aid = el.get("archetype_id", "")
        if aid not in repo:
            missing.add(aid)
        else:
            stack += _fillers_below(el)
    return missing


def test_corpus_present() -> None:
    assert len(OETS) == 44


@pytest.mark.parametrize("path", OETS, ids=case_id)
def test_compiles_or_names_what_is_missing(
    path: Path, repo: ArchetypeRepository, outcomes: dict[Path, Outcome]
) -> None:
    kind, result = outcomes[path]
    expected = _expected_missing(path, repo)
    if kind == "compiled":
        assert isinstance(result, OperationalTemplate)
        assert not expected
        assert isinstance(result.definition, CArchetypeRoot)
        assert result.definition.archetype_id in repo
        return
    assert isinstance(result, TemplateError)
    errors = [d for d in result.diagnostics if d.severity >= 30]
    for d in errors:
        assert d.span is not None and d.span.source == str(path) and d.span.line
    reported = {d.archetype_id for d in errors if d.code == "template-missing-archetype"}
    assert all(aid and aid in d.message for d in errors if (aid := d.archetype_id))
    unknown = [d for d in errors if d.code == "template-unknown-path"]
    if unknown:
        assert reported <= expected
    else:
        assert reported == expected and expected
    for d in unknown:  # the slot path really is not in the repository's archetype
        parent = repo.get(d.context["parent"])
        assert d.archetype_path is not None
        assert parent.node_at(d.archetype_path) is None


def test_figures(outcomes: dict[Path, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counter(kind for kind, _ in outcomes.values())
    round_trips = 0
    for kind, result in outcomes.values():
        if kind == "compiled" and isinstance(result, OperationalTemplate):
            round_trips += parse_opt(to_opt(result)) == result
    with capsys.disabled():
        print(
            f"\nOET: {counts['compiled']} compiled ({round_trips} round-trip), "
            f"{counts['missing']} with missing archetypes, {counts['failed']} failed"
        )
    assert (counts["compiled"], counts["missing"], counts["failed"]) == (6, 32, 6)
    assert round_trips == counts["compiled"]


@pytest.mark.parametrize("path", OETS, ids=case_id)
def test_round_trip_and_web_template(path: Path, outcomes: dict[Path, Outcome]) -> None:
    kind, result = outcomes[path]
    if kind != "compiled":
        assert isinstance(result, TemplateError)
        return
    assert isinstance(result, OperationalTemplate)
    again = parse_opt(to_opt(result))
    assert again == result
    assert [n.path for n in again.iter_nodes()] == [n.path for n in result.iter_nodes()]
    if result.definition.rm_type_name == "COMPOSITION":
        wt = to_web_template(result)
        assert wt["templateId"] == result.template_id
        assert wt["tree"]["rmType"] == "COMPOSITION"


def test_vital_signs_rules_applied(outcomes: dict[Path, Outcome]) -> None:
    kind, t = outcomes[CKM / "local/templates/composition/Vital signs.oet"]
    assert kind == "compiled" and isinstance(t, OperationalTemplate)
    temp = "/content[openEHR-EHR-OBSERVATION.body_temperature.v2]"
    assert isinstance(t.node_at(temp), CArchetypeRoot)
    assert t.node_at(temp).occurrences.upper == 1  # max="1" on the Content
    # excluded: max="0" nodes are gone from the tree
    assert t.node_at(temp + "/data[at0002]/events[at0003]/data[at0001]/items[at0063]") is None
    assert t.node_at(temp + "/protocol[at0020]/items[at0021]") is None
    # units narrowed: [degF] excluded, Cel with 0..<100
    value = t.node_at(temp + "/data[at0002]/events[at0003]/data[at0001]/items[at0004]/value")
    assert isinstance(value, CDvQuantity)
    assert [i.units for i in value.list] == ["Cel"]
    assert value.list[0].magnitude is not None and value.list[0].magnitude.upper == 100.0
    assert value.list[0].magnitude.upper_included is False
    # the filled content slot is gone; no slot is left where a filler sits
    content = t.node_at("/content")
    assert content is not None and not isinstance(content, CComplexObject)
    assert not any(isinstance(c, ArchetypeSlot) for c in content.children)
    # the composition's name from definition name="vital_signs2"
    assert t.fixed_name(t.definition) == "vital_signs2"


def test_clone_and_name() -> None:
    from strukturjournal.aom import Archetype, ArchetypeId, CAttribute
    from strukturjournal.base import Interval

    element = CComplexObject("ELEMENT", "at0004", Interval(0, 1))
    tree = CComplexObject("ITEM_TREE", "at0003", attributes=[CAttribute("items", [element])])
    comp = CComplexObject("COMPOSITION", "at0000", attributes=[CAttribute("context", [
        CComplexObject("EVENT_CONTEXT", attributes=[CAttribute("other_context", [tree])])])])
    repo = ArchetypeRepository.from_archetypes(
        [Archetype(ArchetypeId("openEHR-EHR-COMPOSITION.c.v1"), definition=comp)]
    )
    t = compile_oet_text(
        """<template xmlns="openEHR/v1/Template"><name>T</name>
        <definition archetype_id="openEHR-EHR-COMPOSITION.c.v1"><Context>
        <Rule path="/context/other_context[at0003]/items[at0004]" name="Id-1" max="1"/>
        <Rule path="/context/other_context[at0003]/items[at0004]" clone="true" name="Id-2"/>
        <Rule path="/context/other_context[at0003]/items[at0004 and name/value='Id-2']" min="1"/>
        </Context></definition></template>""",
        repo,
    )
    items = t.node_at("/context/other_context[at0003]/items")
    names = [t.fixed_name(c) for c in items.children]
    assert names == ["Id-1", "Id-2"]
    assert [c.occurrences.lower for c in items.children] == [0, 1]


def test_unsafe_xml_is_refused() -> None:
    text = '<!DOCTYPE t [<!ENTITY e "x">]><template xmlns="openEHR/v1/Template">&e;</template>'
    with pytest.raises(TemplateError) as info:
        compile_oet_text(text, ArchetypeRepository(), source="bomb.oet")
    assert info.value.diagnostics[0].code == "oet-unsafe-xml"


def test_duration_name_and_terminology_query_rules() -> None:
    from strukturjournal.aom import (
        Archetype,
        ArchetypeId,
        CAttribute,
        CCodePhrase,
        CDuration,
        CPrimitiveObject,
    )
    from strukturjournal.base import Interval
    from strukturjournal.export import to_web_template

    duration = CComplexObject("ELEMENT", "at0004", Interval(0, 1), attributes=[
        CAttribute("value", [CComplexObject("DV_DURATION", None, Interval(1, 1))])])
    agent = CComplexObject("ELEMENT", "at0005", Interval(0, 1), attributes=[
        CAttribute("value", [CComplexObject("DV_TEXT", None, Interval(1, 1))])])
    names = CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at0010", "at0011", "at0012"])
    coded = CComplexObject("ELEMENT", "at0006", Interval(0, 1), attributes=[
        CAttribute("name", [CComplexObject("DV_CODED_TEXT", None, Interval(1, 1), attributes=[
            CAttribute("defining_code", [names], Interval(1, 1))])], Interval(1, 1)),
        CAttribute("value", [CComplexObject("DV_BOOLEAN", None, Interval(1, 1))])])
    tree = CComplexObject("ITEM_TREE", "at0003", attributes=[CAttribute("items", [duration, agent, coded])])
    comp = CComplexObject("COMPOSITION", "at0000", attributes=[CAttribute("context", [
        CComplexObject("EVENT_CONTEXT", attributes=[CAttribute("other_context", [tree])])])])
    repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-COMPOSITION.c.v1"), definition=comp)])
    t = compile_oet_text(
        """<template xmlns="openEHR/v1/Template" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <name>T</name><definition archetype_id="openEHR-EHR-COMPOSITION.c.v1"><Context>
        <Rule path="/context/other_context[at0003]/items[at0004]">
          <constraint xsi:type="durationConstraint"><pattern>PWD</pattern><minMagnitude>P0W</minMagnitude>
            <maxMagnitude>P60W</maxMagnitude><includesMinimum>true</includesMinimum>
            <includesMaximum>false</includesMaximum></constraint></Rule>
        <Rule path="/context/other_context[at0003]/items[at0005]">
          <constraint xsi:type="textConstraint">
            <termQueryId terminologyID="WHO" terminologyLang="en-GB" queryName="ATC"/></constraint></Rule>
        <Rule path="/context/other_context[at0003]/items[at0006]">
          <nameConstraint><excludedValues>local::at0011</excludedValues></nameConstraint></Rule>
        </Context></definition></template>""",
        repo,
    )
    assert [d.code for d in t.diagnostics] == []  # every rule applied
    items = "/context/other_context[at0003]/items"
    value = t.node_at(f"{items}[at0004]/value/value")
    assert isinstance(value, CPrimitiveObject) and isinstance(value.item, CDuration)
    assert value.item.pattern == "PWD"
    assert value.item.range == Interval("P0W", "P60W", True, False)
    phrase = t.node_at(f"{items}[at0005]/value/defining_code")
    assert isinstance(phrase, CCodePhrase)
    assert (phrase.terminology_id, phrase.reference_set_uri) == ("WHO", "terminology:WHO?subset=ATC&language=en-GB")
    assert t.node_at(f"{items}[at0005]/value").rm_type_name == "DV_CODED_TEXT"
    name_codes = t.node_at(f"{items}[at0006]/name/defining_code")
    assert isinstance(name_codes, CCodePhrase) and name_codes.code_list == ["at0010", "at0012"]
    again = parse_opt(to_opt(t))  # the OPT carries all three (the hand-made archetype has no terms to compare)
    assert list(again.iter_nodes())[1:] == list(t.iter_nodes())[1:]
    assert to_web_template(t)["templateId"] == t.template_id


def test_a_name_constraint_where_the_archetype_has_no_coded_names_is_reported() -> None:
    from strukturjournal.aom import Archetype, ArchetypeId, CAttribute
    from strukturjournal.base import Interval

    element = CComplexObject("ELEMENT", "at0004", Interval(0, 1))
    comp = CComplexObject("COMPOSITION", "at0000", attributes=[CAttribute("context", [
        CComplexObject("EVENT_CONTEXT", attributes=[CAttribute("other_context", [
            CComplexObject("ITEM_TREE", "at0003", attributes=[CAttribute("items", [element])])])])])])
    repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-COMPOSITION.c.v1"), definition=comp)])
    t = compile_oet_text(
        """<template xmlns="openEHR/v1/Template"><name>T</name>
        <definition archetype_id="openEHR-EHR-COMPOSITION.c.v1"><Context>
        <Rule path="/context/other_context[at0003]/items[at0004]">
          <nameConstraint><excludedValues>local::at0011</excludedValues></nameConstraint></Rule>
        </Context></definition></template>""",
        repo,
        source="t.oet",
    )
    assert [(d.code, d.span.line if d.span else None) for d in t.diagnostics] == [("template-rule-not-applied", 4)]
    assert "nameConstraint on a ELEMENT without coded names" in t.diagnostics[0].message
