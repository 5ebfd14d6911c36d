"""YAML templates: the spec, the shipped JSON Schema, building, and errors at the YAML line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from strukturjournal.aom import CArchetypeRoot, CComplexObject, CDvQuantity
from strukturjournal.errors import TemplateError
from strukturjournal.export import to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import parse_opt, to_opt
from strukturjournal.template.yaml_build import build_template, build_template_text
from strukturjournal.template.yaml_spec import schema_text, template_json_schema

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
SCHEMA = ROOT / "src" / "strukturjournal" / "template" / "template.schema.json"
WEIGHT = "/content[openEHR-EHR-OBSERVATION.t_weight.v0]/data[at0001]/events[at0002]"


@pytest.fixture(scope="module")
def repo() -> ArchetypeRepository:
    r = ArchetypeRepository.from_directory(DATA, cache=False)
    assert not r.failures
    return r


def _error(text: str, repo: ArchetypeRepository) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        build_template_text(text, repo, source="t.yml")
    return info.value


BASE = "id: t.v0\nname: {nb: T}\nroot: openEHR-EHR-COMPOSITION.t_visit.v0\n"


def test_shipped_schema_is_generated() -> None:
    assert SCHEMA.read_text("utf-8") == schema_text()


@pytest.mark.parametrize(
    "path", sorted([*DATA.glob("*.yml"), *(ROOT / "archetypes" / "templates").glob("*.yml")]),
    ids=lambda p: p.name,
)
def test_yaml_files_follow_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), json.loads(SCHEMA.read_text("utf-8")))


def test_schema_rejects_unknown_field() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "t", "name": {"nb": "T"}, "root": "x", "oops": 1},
                            template_json_schema())


def test_example_builds(repo: ArchetypeRepository) -> None:
    t = build_template(DATA / "visit.yml", repo)
    assert t.template_id == "test.visit.v0" and t.concept == "Testbesøk"
    assert t.default_language == "nb" and t.diagnostics == []
    obs = t.node_at("/content[openEHR-EHR-OBSERVATION.t_weight.v0]")
    assert isinstance(obs, CArchetypeRoot) and obs.occurrences is not None
    assert (obs.occurrences.lower, obs.occurrences.upper) == (0, 1)
    assert t.fixed_name(obs) == "Ukentlig vekt"
    # the content slot is replaced by its filler
    content = t.node_at("/content")
    assert isinstance(content, CArchetypeRoot)
    # nested slot filled by name, inside the weight archetype
    device = t.node_at(WEIGHT + "/data[at0003]/items[openEHR-EHR-CLUSTER.t_device.v0]")
    assert isinstance(device, CArchetypeRoot)
    # excluded by English name inside the slot scope, and by path at the top
    assert t.node_at(WEIGHT + "/data[at0003]/items[at0005]") is None
    assert t.node_at("/context/other_context[at0001]/items[at0002]") is None
    # narrowed: occurrences, units, magnitude
    weight = t.node_at(WEIGHT + "/data[at0003]/items[at0004]")
    assert isinstance(weight, CComplexObject) and weight.occurrences is not None
    assert weight.occurrences.lower == 1
    q = t.node_at(WEIGHT + "/data[at0003]/items[at0004]/value")
    assert isinstance(q, CDvQuantity) and [i.units for i in q.list] == ["kg"]
    assert q.list[0].magnitude is not None and (q.list[0].magnitude.lower, q.list[0].magnitude.upper) == (20, 300)
    # codes and default
    coded = t.node_at(WEIGHT + "/state[at0006]/items[at0007]/value")
    assert isinstance(coded, CComplexObject)
    code_list = coded.attributes[0].children[0]
    assert code_list.code_list == ["at0008", "at0009"]  # type: ignore[attr-defined]
    assert coded.default_value is not None and coded.default_value.find_text("value") == "Lett påkledd"
    # label: the template-language name fixed, the term text in every language
    name = t.node_at(WEIGHT + "/data[at0003]/items[openEHR-EHR-CLUSTER.t_device.v0]/items[at0001]")
    assert isinstance(name, CComplexObject) and t.fixed_name(name) == "Vekttype"
    assert (t.text_of(name, "nb"), t.text_of(name, "en")) == ("Vekttype", "Scale type")
    assert not any(k.startswith("label:") for a in t.annotations for k in a.items)
    # binding
    named = WEIGHT.replace("v0]", "v0 and name/value='Ukentlig vekt']", 1)
    assert t.bindings == {"body_weight": named + "/data[at0003]/items[at0004]"}
    assert t.node_at(t.bindings["body_weight"]) is weight


def test_round_trip_and_web_template(repo: ArchetypeRepository) -> None:
    t = build_template(DATA / "visit.yml", repo)
    assert parse_opt(to_opt(t)) == t
    wt = to_web_template(t)
    assert wt["templateId"] == "test.visit.v0" and wt["defaultLanguage"] == "nb"
    assert wt["languages"] == ["nb", "en"]


def test_validation_error_points_at_the_line(repo: ArchetypeRepository) -> None:
    err = _error(BASE + "slots:\n  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
                 "    occurrences: one\n", repo)
    d = err.diagnostics[0]
    assert d.code == "yaml-invalid" and "slots.0.occurrences" in d.message
    assert d.span is not None and (d.span.source, d.span.line, d.span.column) == ("t.yml", 7, 18)


def test_unknown_field_points_at_the_key(repo: ArchetypeRepository) -> None:
    err = _error(BASE + "narow: {}\n", repo)
    d = err.diagnostics[0]
    assert d.code == "yaml-invalid" and "narow" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (4, 1)


def test_unknown_name_points_at_the_key_and_suggests(repo: ArchetypeRepository) -> None:
    err = _error(BASE + "slots:\n  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
                 "    narrow:\n      Vekkt: {occurrences: 1..1}\n", repo)
    (d,) = err.diagnostics
    assert d.code == "template-unknown-name" and "'vekt'" in d.message
    assert d.span is not None and (d.span.line, d.span.column) == (8, 7)


def test_unknown_path_and_missing_archetype(repo: ArchetypeRepository) -> None:
    err = _error(BASE + "exclude: [/context/nope]\nslots:\n  - at: /content\n"
                 "    archetype: openEHR-EHR-OBSERVATION.t_nope.v0\n", repo)
    codes = {d.code: d for d in err.diagnostics}
    assert codes["template-unknown-path"].span.line == 4  # type: ignore[union-attr]
    missing = codes["template-missing-archetype"]
    assert missing.archetype_id == "openEHR-EHR-OBSERVATION.t_nope.v0"
    assert missing.span is not None and (missing.span.line, missing.span.column) == (7, 16)


def test_ambiguous_name_lists_paths(repo: ArchetypeRepository) -> None:
    # "Historikk" is unique, but "@ internal @" trees share no name; make one ambiguous via labels
    text = (BASE + "slots:\n  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
            "  - at: /content\n    archetype: openEHR-EHR-OBSERVATION.t_weight.v0\n"
            "    label: {nb: Andre}\nexclude: [Vekt]\n")
    err = _error(text, repo)
    (d,) = err.diagnostics
    assert d.code == "template-ambiguous-name" and "items[at0004]" in d.message
    assert d.span is not None and d.span.line == 10


def test_narrowing_that_does_not_apply(repo: ArchetypeRepository) -> None:
    err = _error(BASE + "narrow:\n  Besøkstype: {units: [kg]}\n", repo)
    (d,) = err.diagnostics
    assert d.code == "template-not-applicable" and d.span is not None and d.span.line == 5


def test_yaml_syntax_error(repo: ArchetypeRepository) -> None:
    err = _error("id: t\nname: [\n", repo)
    assert err.diagnostics[0].code == "yaml-syntax" and err.diagnostics[0].span.line == 3  # type: ignore[union-attr]
