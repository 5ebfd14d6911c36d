"""YAML templates: labels in every language, and concept and LOINC bindings, through OPT and web template."""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import Any

import pytest

from strukturjournal.aom import CComplexObject
from strukturjournal.errors import TemplateError
from strukturjournal.export import to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, parse_opt, to_opt
from strukturjournal.template.yaml_build import build_template_text

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "docs" / "howto" / "write-a-template.md"
WEIGHT_OBS = "/content[openEHR-EHR-OBSERVATION.t_weight.v0]"
WEIGHT = WEIGHT_OBS + "/data[at0001]/events[at0002]/data[at0003]/items[at0004]"
CLOTHING = WEIGHT_OBS + "/data[at0001]/events[at0002]/state[at0006]/items[at0007]"
DEVICE_NAME = (WEIGHT_OBS + "/data[at0001]/events[at0002]/data[at0003]"
               "/items[openEHR-EHR-CLUSTER.t_device.v0]/items[at0001]")

LABELS = """\
id: t.labels.v0
name: {nb: Veiing, nn: Vegingar, en: Weighing}
languages: [nb, nn, en]
root: openEHR-EHR-COMPOSITION.t_visit.v0
slots:
  - at: /content
    archetype: openEHR-EHR-OBSERVATION.t_weight.v0
    label: {nb: Ukentlig vekt, nn: Vekevis vekt, en: Weekly weight}
    slots:
      - at: Apparatdetaljer
        archetype: openEHR-EHR-CLUSTER.t_device.v0
    labels:
      Weight: {nb: Kroppsvekt, nn: Kroppsvekt målt, en: Body mass}
labels:
  Apparatnavn: {nb: Vekttype, nn: Vekttype (nn), en: Scale type}
bindings:
  body_weight: Body mass
  weight_kg: Vekt
  clothing: /content[openEHR-EHR-OBSERVATION.t_weight.v0]/data[at0001]/events[at0002]/state[at0006]/items[at0007]
"""


@pytest.fixture(scope="module")
def repo() -> ArchetypeRepository:
    r = ArchetypeRepository.from_directory(DATA, cache=False)
    assert not r.failures
    return r


@pytest.fixture(scope="module")
def template(repo: ArchetypeRepository) -> OperationalTemplate:
    return build_template_text(LABELS, repo, source="labels.yml")


def _node(t: OperationalTemplate, path: str) -> CComplexObject:
    node = t.node_at(path)
    assert isinstance(node, CComplexObject), path
    return node


def _texts(t: OperationalTemplate, path: str) -> dict[str, str]:
    node = _node(t, path)
    return {lang: t.text_of(node, lang) for lang in ("nb", "nn", "en")}


def _wt_nodes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    out = [tree]
    for child in tree.get("children", []):
        out += _wt_nodes(child)
    return out


def test_labels_are_term_texts_in_every_language(template: OperationalTemplate) -> None:
    assert _texts(template, WEIGHT) == {"nb": "Kroppsvekt", "nn": "Kroppsvekt målt", "en": "Body mass"}
    assert _texts(template, DEVICE_NAME) == {"nb": "Vekttype", "nn": "Vekttype (nn)", "en": "Scale type"}
    # a slot's label names the archetype root of that use
    assert _texts(template, WEIGHT_OBS) == {"nb": "Ukentlig vekt", "nn": "Vekevis vekt", "en": "Weekly weight"}
    assert _texts(template, "/") == {"nb": "Veiing", "nn": "Vegingar", "en": "Weighing"}
    # the template language is also the name constraint
    assert template.fixed_name(_node(template, WEIGHT)) == "Kroppsvekt"
    assert template.name_of(_node(template, WEIGHT), "en") == "Kroppsvekt"
    # a node without a label keeps the archetype's texts
    assert _texts(template, CLOTHING) == {"nb": "Påkledning", "nn": "Påkledning", "en": "Clothing"}
    assert template.languages == ["nb", "nn", "en"]


def test_labels_do_not_change_the_repository(repo: ArchetypeRepository, template: OperationalTemplate) -> None:
    archetype = repo.find("openEHR-EHR-OBSERVATION.t_weight.v0")
    assert archetype is not None
    terms = archetype.ontology.term_definitions
    assert (terms["nb"]["at0004"].text, terms["en"]["at0004"].text) == ("Vekt", "Weight")
    assert "nn" not in terms
    # a second build starts from the archetype again, not from the first build's labels
    again = build_template_text(LABELS.replace("Body mass", "Mass"), repo, source="labels.yml")
    assert again.text_of(_node(again, WEIGHT), "en") == "Mass"


def test_web_template_localized_names(template: OperationalTemplate) -> None:
    wt = to_web_template(template, lang="nb")
    nodes = _wt_nodes(wt["tree"])
    weight = next(n for n in nodes if n.get("nodeId") == "at0004")
    assert weight["localizedName"] == "Kroppsvekt"
    assert weight["localizedNames"] == {"nb": "Kroppsvekt", "nn": "Kroppsvekt målt", "en": "Body mass"}
    obs = next(n for n in nodes if n.get("nodeId") == "openEHR-EHR-OBSERVATION.t_weight.v0")
    assert obs["localizedNames"] == {"nb": "Ukentlig vekt", "nn": "Vekevis vekt", "en": "Weekly weight"}
    assert wt["tree"]["localizedNames"] == {"nb": "Veiing", "nn": "Vegingar", "en": "Weighing"}
    # in another language the label translates the name; the AQL path keeps the fixed name
    en = next(n for n in _wt_nodes(to_web_template(template, lang="en")["tree"]) if n.get("nodeId") == "at0004")
    assert (en["id"], en["localizedName"]) == ("body_mass", "Body mass")
    assert en["localizedNames"] == weight["localizedNames"] and en["aqlPath"] == weight["aqlPath"]
    assert "name/value" not in en["aqlPath"] and "'Kroppsvekt'" in en["aqlPath"]
    # binding annotations reach the web template's node
    assert weight["annotations"] == {"binding:body_weight": "body_weight", "binding:weight_kg": "weight_kg"}


def test_labels_and_bindings_survive_the_opt(template: OperationalTemplate) -> None:
    xml = to_opt(template)
    assert '<items id="binding:body_weight">body_weight</items>' in xml
    back = parse_opt(xml)
    assert back == template
    for path in (WEIGHT, DEVICE_NAME, WEIGHT_OBS, "/"):
        assert _texts(back, path) == _texts(template, path)
    assert back.bindings == template.bindings
    assert back.loinc_paths() == template.loinc_paths()
    assert to_web_template(back, lang="nb") == to_web_template(template, lang="nb")


def test_bindings(template: OperationalTemplate) -> None:
    # paths carry the names the template fixed, as web template aqlPaths do
    obs = "/content[openEHR-EHR-OBSERVATION.t_weight.v0 and name/value='Ukentlig vekt']"
    weight = obs + "/data[at0001]/events[at0002]/data[at0003]/items[at0004 and name/value='Kroppsvekt']"
    clothing = CLOTHING.replace(WEIGHT_OBS, obs)
    assert template.bindings == {"body_weight": weight, "weight_kg": weight, "clothing": clothing}
    # both concepts of one node in one annotation
    ann = [a for a in template.annotations if a.node_path == weight]
    assert len(ann) == 1 and set(ann[0].items) == {"binding:body_weight", "binding:weight_kg"}
    assert template.node_at(weight) is _node(template, WEIGHT)
    assert template.node_at(clothing) is _node(template, CLOTHING)
    # from the archetype's LOINC term bindings: by at-code and by archetype path
    assert template.loinc_paths() == {"29463-7": [weight], "8352-7": [clothing]}


def test_loinc_paths_of_an_archetype_used_twice(repo: ArchetypeRepository) -> None:
    text = ("id: t.v0\nname: {nb: T}\nroot: openEHR-EHR-COMPOSITION.t_visit.v0\nslots:\n"
            "  - {at: /content, archetype: openEHR-EHR-OBSERVATION.t_weight.v0}\n"
            "  - {at: /content, archetype: openEHR-EHR-OBSERVATION.t_weight.v0, label: {nb: Andre}}\n")
    t = build_template_text(text, repo, source="t.yml")
    first, second = t.loinc_paths()["29463-7"]
    assert first == WEIGHT and "name/value='Andre'" in second
    assert t.node_at(second) is not t.node_at(first)
    assert t.bindings == {}


def _error(text: str, repo: ArchetypeRepository) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        build_template_text(text, repo, source="t.yml")
    return info.value


def test_binding_to_an_unknown_node_points_at_the_line(repo: ArchetypeRepository) -> None:
    err = _error(LABELS.replace("  weight_kg: Vekt", "  weight_kg: Vekkt"), repo)
    (d,) = err.diagnostics
    assert d.code == "template-unknown-name" and "'vekt'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (18, 3)


def test_binding_to_an_excluded_node(repo: ArchetypeRepository) -> None:
    err = _error(LABELS + "exclude: [Påkledning]\n", repo)
    (d,) = err.diagnostics
    assert d.code == "template-binding-excluded" and "'clothing'" in d.message
    assert d.span is not None and d.span.line == 19


def test_other_language_label_must_agree_across_uses(repo: ArchetypeRepository) -> None:
    text = ("id: t.v0\nname: {nb: T}\nlanguages: [nb, en]\nroot: openEHR-EHR-COMPOSITION.t_visit.v0\nslots:\n"
            "  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
            "    label: {nb: Første, en: First}\n"
            "  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
            "    label: {nb: Andre}\n")
    err = _error(text, repo)
    (d,) = err.diagnostics
    assert d.code == "template-label-conflict" and "'en'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (8, 29)
    # the template language is per use: different names there are fine
    ok = build_template_text(text.replace(", en: First", ""), repo, source="t.yml")
    roots = [r for r in ok.archetype_roots() if r.archetype_id.endswith("t_weight.v0")]
    assert [ok.text_of(r, "nb") for r in roots] == ["Første", "Andre"]


def test_howto_examples_print_what_the_page_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"^```pycon\n(.*?)^```", HOWTO.read_text("utf-8"), re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 4
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, HOWTO.name, str(HOWTO), 0)
    runner = doctest.DocTestRunner(verbose=False)
    runner.run(test)
    assert runner.tries >= 15 and runner.failures == 0
