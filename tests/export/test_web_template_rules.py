"""Web template rules on small templates: node ids, clashes, languages, inputs, comparison."""

from __future__ import annotations

from typing import Any

import pytest

from strukturjournal.aom import (
    ArchetypeOntology,
    ArchetypeTerm,
    CArchetypeRoot,
    CAttribute,
    CComplexObject,
    CDvScale,
    CPrimitiveObject,
    CString,
    ScaleItem,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.export import to_web_template
from strukturjournal.export.web_template_diff import compare_web_templates
from strukturjournal.template import OperationalTemplate, parse_opt, to_opt
from strukturjournal.template._wt_model import build_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Blood pressure", "blood_pressure"),
        ("Blutdruck (systolisch)", "blutdruck_systolisch"),
        ("Høyde/lengde", "høyde_lengde"),
        ("Ærlig svar på spørsmål", "ærlig_svar_på_spørsmål"),
        ("24 hour average", "a24_hour_average"),
        ("  x  -  y  ", "x_-_y"),
        ("Labortest-Panel", "labortest-panel"),
        ("???", "id"),
    ],
)
def test_build_id(name: str, expected: str) -> None:
    assert build_id(name) == expected


def _terms(lang: str, **texts: str) -> ArchetypeOntology:
    return ArchetypeOntology(
        term_definitions={
            lang: {
                code: ArchetypeTerm(code, {"text": text, "description": "d"})
                for code, text in texts.items()
            }
        }
    )


def _element(code: str, rm: str = "DV_TEXT", occ: Interval[int] | None = None) -> CComplexObject:
    value = CComplexObject(rm, "", occurrences=Interval(1, 1))
    return CComplexObject(
        "ELEMENT",
        code,
        occurrences=occ or Interval(0, 1),
        attributes=[CAttribute("value", [value])],
    )


def _template(children: list[Any], lang: str = "en", **texts: str) -> OperationalTemplate:
    cluster = CArchetypeRoot(
        "CLUSTER",
        "at0000",
        occurrences=Interval(0, 1),
        archetype_id="openEHR-EHR-CLUSTER.x.v1",
        attributes=[CAttribute("items", children)],
        ontology=_terms(lang, at0000="Box", **texts),
    )
    section = CArchetypeRoot(
        "SECTION",
        "at0000",
        occurrences=Interval(0, 1),
        archetype_id="openEHR-EHR-SECTION.s.v1",
        attributes=[CAttribute("items", [cluster])],
        ontology=_terms(lang, at0000="Seksjon"),
    )
    comp = CArchetypeRoot(
        "COMPOSITION",
        "at0000",
        archetype_id="openEHR-EHR-COMPOSITION.c.v1",
        attributes=[CAttribute("content", [section])],
        ontology=_terms(lang, at0000="Notat"),
    )
    return OperationalTemplate("t.v1", "T", comp, language=CodePhrase("ISO_639-1", lang))


def _child(node: dict[str, Any], *ids: str) -> dict[str, Any]:
    for i in ids:
        node = next(c for c in node["children"] if c["id"] == i)
    return node


def test_clashing_siblings_are_numbered() -> None:
    t = _template([_element("at0001"), _element("at0002")], at0001="Puls", at0002="Puls")
    box = _child(to_web_template(t)["tree"], "seksjon", "box")
    assert [c["id"] for c in box["children"]] == ["puls", "puls2"]
    box = _child(to_web_template(t, id_separator="_")["tree"], "seksjon", "box")
    assert [c["id"] for c in box["children"]] == ["puls", "puls_2"]


def test_element_with_one_value_becomes_the_value() -> None:
    t = _template([_element("at0001")], at0001="Kommentar")
    node = _child(to_web_template(t)["tree"], "seksjon", "box", "kommentar")
    assert node["rmType"] == "DV_TEXT"
    assert node["nodeId"] == "at0001"
    assert node["aqlPath"] == (
        "/content[openEHR-EHR-SECTION.s.v1]/items[openEHR-EHR-CLUSTER.x.v1]/items[at0001]/value"
    )
    assert node["min"] == 0 and node["max"] == 1
    assert node["inputs"] == [{"type": "TEXT"}]


def test_mandatory_rm_attributes_and_context() -> None:
    wt = to_web_template(_template([_element("at0001")], at0001="x"))
    ids = {c["id"]: c for c in wt["tree"]["children"]}
    for rm_attr in ("language", "territory", "composer", "category", "context"):
        assert rm_attr in ids
    assert ids["composer"]["inContext"] is True
    assert [i["suffix"] for i in ids["composer"]["inputs"]] == [
        "id",
        "id_scheme",
        "id_namespace",
        "name",
    ]
    unfiltered = to_web_template(_template([_element("at0001")], at0001="x"), filtered=False)
    assert "uid" in {c["id"] for c in unfiltered["tree"]["children"]}


def test_language_choice() -> None:
    t = _template([_element("at0001")], lang="nb", at0001="Høyde")
    wt = to_web_template(t)
    assert wt["defaultLanguage"] == "nb" and wt["languages"] == ["nb"]
    assert _child(wt["tree"], "seksjon", "box", "høyde")["localizedNames"] == {"nb": "Høyde"}
    with pytest.raises(ValueError, match="no terms in language 'de'"):
        to_web_template(t, lang="de")


def test_string_list_becomes_input_list() -> None:
    value = CComplexObject(
        "DV_TEXT",
        "",
        attributes=[
            CAttribute("value", [CPrimitiveObject("STRING", "", item=CString(list=["A", "B"]))])
        ],
    )
    element = CComplexObject(
        "ELEMENT", "at0001", occurrences=Interval(1, 1), attributes=[CAttribute("value", [value])]
    )
    node = _child(
        to_web_template(_template([element], at0001="Valg"))["tree"], "seksjon", "box", "valg"
    )
    assert node["inputs"][0]["list"] == [{"value": "A", "label": "A"}, {"value": "B", "label": "B"}]


def test_dv_scale_is_exported_like_an_ordinal() -> None:
    scale = CDvScale("DV_SCALE", "", list=[ScaleItem(1.5, CodePhrase("local", "at0002"))])
    element = CComplexObject("ELEMENT", "at0001", attributes=[CAttribute("value", [scale])])
    t = _template([element], at0001="Skår", at0002="Litt")
    node = _child(to_web_template(t)["tree"], "seksjon", "box", "skår")
    assert node["rmType"] == "DV_SCALE"
    assert node["inputs"][0]["list"][0]["ordinal"] == 1.5
    assert node["inputs"][0]["list"][0]["label"] == "Litt"
    assert to_opt(parse_opt(to_opt(t))) == to_opt(t)  # hand-built: defaults written explicitly


def test_comparison_reports_missing_and_extra_nodes_and_inputs() -> None:
    base = {"id": "r", "rmType": "COMPOSITION", "min": 1, "max": 1, "aqlPath": ""}
    a = {"tree": {**base, "children": [{"id": "x", "rmType": "DV_TEXT", "min": 0, "max": 1, "aqlPath": "/x",
                                        "inputs": [{"type": "TEXT"}]}]}}  # fmt: skip
    e = {
        "tree": {
            **base,
            "children": [{"id": "y", "rmType": "DV_TEXT", "min": 0, "max": 1, "aqlPath": "/y"}],
        }
    }
    keys = [d.key for d in compare_web_templates(a, e).differences]
    assert keys == ["extra-node r/x", "missing-node r/y"]
    e2 = {"tree": {**base, "children": [{"id": "x", "rmType": "DV_TEXT", "min": 0, "max": 1, "aqlPath": "/x",
                                         "inputs": [{"type": "TEXT", "list": [{"value": "a"}]}]}]}}  # fmt: skip
    result = compare_web_templates(a, e2)
    assert [d.kind for d in result.differences] == ["input-list"]
    assert (result.nodes_compared, result.nodes_equal) == (2, 1)
