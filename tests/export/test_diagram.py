"""to_svg: a template's tree as SVG. Well-formed, every element named, text escaped, boxes apart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import case_id, corpus_files

from strukturjournal._resources import archetypes_dir
from strukturjournal.aom import (
    ArchetypeOntology,
    ArchetypeTerm,
    CArchetypeRoot,
    CAttribute,
    CComplexObject,
    CObject,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.export import to_svg
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, build_template, load_opt

SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = sorted((archetypes_dir() / "templates").glob("*.yml"))


@pytest.fixture(scope="module")
def shipped() -> dict[str, OperationalTemplate]:
    repo = ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)
    return {p.name: build_template(p, repo) for p in SHIPPED}


def _texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def _assert_boxes_apart(svg: ET.Element) -> int:
    """Every box lies inside the picture and no two boxes overlap; returns how many there are."""
    width, height = float(svg.get("width", "0")), float(svg.get("height", "0"))
    boxes = sorted(
        tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
        for g in svg.iter(f"{SVG}g")
        for rect in g.iter(f"{SVG}rect")
    )
    for i, (x, y, w, h) in enumerate(boxes):
        assert min(x, y) >= 0 and x + w <= width and y + h <= height, (x, y, w, h)
        for x2, y2, _, h2 in boxes[i + 1 :]:
            if x2 >= x + w:
                break
            assert y2 >= y + h or y >= y2 + h2, f"boxes overlap: {(x, y)} and {(x2, y2)}"
    return len(boxes)


def _elements(template: OperationalTemplate) -> list[CObject]:
    return [
        n
        for n in template.iter_nodes()
        if n.rm_type_name == "ELEMENT" and n.node_id and not n.is_prohibited
    ]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("yml", [p.name for p in SHIPPED])
def test_shipped_template_is_well_formed_and_names_every_element(
    shipped: dict[str, OperationalTemplate], yml: str, lang: str
) -> None:
    template = shipped[yml]
    svg = ET.fromstring(to_svg(template, lang=lang))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img" and svg.get("lang") == lang
    assert template.template_id in svg.get("aria-label", "")
    assert svg[0].tag == f"{SVG}title" and svg[0].text == svg.get("aria-label")
    assert svg[1].tag == f"{SVG}desc"
    texts = set(_texts(svg))
    elements = _elements(template)
    assert elements
    for element in elements:
        assert template.name_of(element, lang) in texts, element.path
    for root in template.archetype_roots():
        assert template.name_of(root, lang) in texts, root.archetype_id
    # item containers and single-event histories are left out, as in the old mermaid tree
    hidden = ("ITEM_TREE", "ITEM_LIST", "EVENT_CONTEXT", "HISTORY", "EVENT")
    assert not [t for t in texts if t.split(" · ")[0] in hidden]
    assert _assert_boxes_apart(svg) == len(svg.findall(f"{SVG}g"))


def test_element_shows_its_type_and_occurrences(shipped: dict[str, OperationalTemplate]) -> None:
    svg = ET.fromstring(to_svg(shipped["hjemmetjeneste.yml"], lang="nb"))
    boxes = {
        tuple(_texts(g)): (g.findtext(f"{SVG}title") or "") for g in svg.iter(f"{SVG}g")
    }
    assert ("Systolisk blodtrykk", "DV_QUANTITY · 1..1") in boxes
    assert ("Stilling", "DV_CODED_TEXT · 0..1 · state") in boxes
    tip = boxes["Systolisk blodtrykk", "DV_QUANTITY · 1..1"]
    assert tip.startswith("Systolisk blodtrykk · DV_QUANTITY · 1..1\n/content[openEHR-EHR-")


def _template(names: dict[str, dict[str, str]], element_names: dict[str, str]) -> OperationalTemplate:
    """A composition holding one observation with one element, named per language."""
    terms = {lang: {"at0000": ArchetypeTerm("at0000", {"text": text})}
             for lang, text in names["observation"].items()}  # fmt: skip
    for lang, text in element_names.items():
        terms[lang]["at0004"] = ArchetypeTerm("at0004", {"text": text})
    element = CComplexObject(
        "ELEMENT", "at0004", occurrences=Interval(0, 1),
        attributes=[CAttribute("value", [CComplexObject("DV_TEXT")])],
    )  # fmt: skip
    observation = CArchetypeRoot(
        "OBSERVATION", "at0000", occurrences=Interval(0, 1),
        archetype_id="openEHR-EHR-OBSERVATION.x.v1",
        attributes=[CAttribute("data", [element])],
        ontology=ArchetypeOntology(term_definitions=terms),
    )  # fmt: skip
    composition = CArchetypeRoot(
        "COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1",
        attributes=[CAttribute("content", [observation])],
        ontology=ArchetypeOntology(term_definitions={
            lang: {"at0000": ArchetypeTerm("at0000", {"text": text})}
            for lang, text in names["composition"].items()
        }),
    )  # fmt: skip
    return OperationalTemplate("t.v1", "T", composition, language=CodePhrase("ISO_639-1", "nb"))


def test_special_characters_are_escaped() -> None:
    label = 'Trykk <systolisk> & "diastolisk"'
    template = _template(
        {"composition": {"nb": "Måling & <notat>"}, "observation": {"nb": "Blodtrykk"}},
        {"nb": label},
    )
    text = to_svg(template)
    assert "&lt;systolisk&gt; &amp;" in text
    svg = ET.fromstring(text)  # well-formed
    texts = _texts(svg)
    assert label in texts and "Måling & <notat>" in texts
    assert "Måling & <notat>" in svg.get("aria-label", "")
    assert (svg.findtext(f"{SVG}desc") or "").count(label) == 1


def test_names_fall_back_to_english_then_the_template_language() -> None:
    template = _template(
        {"composition": {"nb": "Besøk", "en": "Visit"}, "observation": {"nb": "Puls", "en": "Pulse"}},
        {"nb": "Frekvens"},
    )
    assert {"Besøk", "Puls", "Frekvens"} <= set(_texts(ET.fromstring(to_svg(template, "nb"))))
    german = set(_texts(ET.fromstring(to_svg(template, "de"))))
    assert {"Visit", "Pulse", "Frekvens"} <= german  # no German: English, else bokmål


def test_a_long_tree_is_cut_into_columns() -> None:
    """One archetype with many elements: its tail moves to a new column under a repeat of it."""
    template = _template(
        {"composition": {"en": "C"}, "observation": {"en": "Many"}}, {"en": "E"}
    )
    observation = template.definition.attributes[0].children[0]
    assert isinstance(observation, CComplexObject)
    data = observation.attributes[0]
    data.children = [
        CComplexObject("ELEMENT", "at0004", occurrences=Interval(0, 1)) for _ in range(40)
    ]
    template.reindex()
    svg = ET.fromstring(to_svg(template, "en"))
    columns = {float(r.get("x", "0")) for g in svg.iter(f"{SVG}g") for r in g.iter(f"{SVG}rect")}
    assert len(columns) >= 4  # at least two columns: observation and element x in each
    repeats = [g for g in svg.iter(f"{SVG}g") if "continued" in (g.findtext(f"{SVG}title") or "")]
    assert repeats and all(_texts(g)[0] == "Many" for g in repeats)
    _assert_boxes_apart(svg)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", corpus_files("openehr-sdk/operationaltemplate", "*.opt"), ids=case_id
)
def test_sdk_templates_draw_without_overlap(path: Path) -> None:
    svg = ET.fromstring(to_svg(load_opt(path), lang="en"))
    assert _assert_boxes_apart(svg) >= 1
