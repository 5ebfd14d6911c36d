"""The EHRbase openEHR SDK compositions of the shared corpus, validated against their OPTs.

Every composition is accounted for: valid ones give no diagnostics; the ones that break their
template (on purpose, or as the SDK's fixtures happen to) are rejected for the reason named
here, code and path; the rest are excluded with the reason why.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from strukturjournal.template import OperationalTemplate, load_opt
from strukturjournal.validate import EntryValidator
from tests.conftest import CORPUS, case_id, corpus_files

pytestmark = pytest.mark.corpus

SDK = "openehr-sdk"
COMPOSITIONS = CORPUS / SDK / "composition"
OPTS = CORPUS / SDK / "operationaltemplate"

# FLAT compositions name no template id: their OPT, by file name (folder conformance/: one OPT)
FLAT_OPT = {
    "AlternativeEvents.json": "AlternativeEvents.opt",
    "AlternativeEvents2.json": "AlternativeEvents.opt",
    "EREACT - Covid status monitoring - FLAT.json": "EREACT - COVID management.v0.opt",
    "EREACT - Deterioration_assessment.json": "EREACT - Deterioriation assessment.v0.opt",
    "IDCR - Adverse Reaction List.json": "IDCR - Adverse Reaction List.v1.opt",
    "NCD.json": "NCD.opt",
    "ReSPECT.json": "ReSPECT-3.v0.opt",
    "SSIAD_PRIeSM.json": "SSIAD_PRIeSM.opt",
    "Vitalsigns.json": "EHRN Vital signs.v2.opt",
    "duration_validation.json": "duration_validation.opt",
    "ehrb_adbm_op_consult_record.json": "EHRN-ABDM-OPConsultRecord.v2.0.opt",
    "flat_with_missing_count.json": "ehrbase_multi_occurrence.de.opt",
    "multi_occurrence.json": "ehrbase_multi_occurrence.de.opt",
    "ism_invalid_current_state.json": "test-ism.vitagroup.de.v1.opt",
    "ism_missing_transition.json": "test-ism.vitagroup.de.v1.opt",
    "ism_vaild_transition.json": "test-ism.vitagroup.de.v1.opt",
    "ism_wrong_current_state.json": "test-ism.vitagroup.de.v1.opt",
    "multi_list.json": "Multi_list.opt",
    "nested.en.v1.json": "nested.en.v1.opt",
    "test_all_types.json": "Test_all_types.opt",
    "wordwithandin_test.json": "wordwithandin_test.v0.opt",
}
CONFORMANCE_OPT = "conformance_ehrbase.de.v0.opt"

_ITEMS0 = "/content/0/data/events/0/data/items"
_ACTIVITY = "/content/2/items/0/items/0/items/0/activities/0/description/items/0/value/value"
_ISM = "test-ism.vitagroup.de.v1/medication_management/ism_transition/current_state|code"

#: file -> (OPT file or None for the one its template id names, expected (code, path) list, why)
INVALID: dict[str, tuple[str | None, list[tuple[str, str]], str]] = {
    # deliberately invalid
    "flat/simSDT/flat_with_missing_count.json": (None, [("missing-index", "encounter/body_temperature:0/any_event")],
        "a repeating event without its :N index"),
    "flat/simSDT/ism_invalid_current_state.json": (None, [("code-not-allowed", _ISM)],
        "careflow step at0109 (planned) allows state 526 only, not 245 (active)"),
    "flat/simSDT/ism_wrong_current_state.json": (None, [("code-not-allowed", _ISM)],
        "careflow step at0109 (planned) allows state 526 only, not 245 (active)"),
    "flat/simSDT/ism_missing_transition.json": (None, [("code-not-allowed", _ISM)],
        "no transition, and careflow step at0109 (planned) with state 528 (cancelled)"),
    "canonical_json/invalid.json": ("minimal_evaluation.opt",
        [("wrong-type", "/content/0"), ("wrong-type", "/context"), ("missing-mandatory", "/composer")],
        "OBSERVATIONXXX... and EVENT_CONTEXT_WRONG types, no composer; it names no template, its own (minimal_observation) is "
        "not in the corpus, so it is checked against minimal_evaluation.opt, which has the same composition archetype"),
    "canonical_json/cardinality_of_section__full.json": (None, [
        ("too-many", "/content"), ("too-many", "/content"), ("missing-mandatory", "/content"),
        ("too-few", "/content"), ("too-many", "/content")],
        "the template's validation test: content 1..1 but 13 sections; #1 twice (0..1), #3 missing (1), "
        "#4 twice (>=3), #5 six times (3..5)"),
    # SDK fixtures that break their template
    "canonical_json/all_types_no_multimedia.json": (None, [("pattern-mismatch", _ACTIVITY)],
        "a day in a partial date whose pattern yyyy-??-XX forbids one"),
    "canonical_json/all_types_systematic_tests.json": (None, [
        ("missing-mandatory", "/content/1/data/items/0/value"), ("pattern-mismatch", _ACTIVITY)],
        "an ELEMENT with neither value nor null_flavour (RM invariant); the partial date above"),
    "canonical_json/all_types_systematic_tests_feeder_audit.json": (None, [
        ("missing-mandatory", "/content/1/data/items/0/value"),
        ("unknown-attribute", "/content/2/items/0/items/0/items/0/feeder_system_audit"),
        ("pattern-mismatch", _ACTIVITY),
        ("unknown-attribute", "/content/2/items/0/items/1/feeder_system_audit")],
        "feeder_system_audit directly on the entries (it belongs inside feeder_audit); as above"),
    "canonical_json/compo_feeder_audit_details.json": (None, [("missing-mandatory", f"{_ITEMS0}")],
        "the mandatory element Anforderung (1..1) is missing"),
    "canonical_json/datetime_tests.json": (None, [("unknown-path", f"{_ITEMS0}/{i}") for i in (0, 1, 2, 3, 4, 6, 7, 8, 9, 10)],
        "elements at0010.1 ... at0012.4 of a later all-types template than the corpus OPT"),
    "canonical_json/duration_tests.json": (None, [("unknown-path", f"{_ITEMS0}/{i}") for i in (0, 1, 2)],
        "elements at0010.1 ... of a later all-types template than the corpus OPT"),
    "canonical_json/simple_composition_dvinterval.json": (None, [
        ("wrong-type", "/content/0/data/items/0/value/lower"), ("wrong-type", "/content/0/data/items/1/value")],
        "a DV_DATE bound in a DV_INTERVAL<DV_DATE_TIME>; a DV_QUANTITY where a DV_IDENTIFIER is constrained"),
    "canonical_json/virology_finding_with_specimen.json": (None, [
        ("unknown-path", "/context/other_context"),
        ("missing-mandatory", "/content/0/data/events/0/data/items/2/items/0/items"),
        ("missing-mandatory", "/content/0/protocol/items/0/items")],
        "other_context the template does not have; two mandatory elements missing"),
    "canonical_json/rawdb_composition.json": (None, [
        ("wrong-type", "/content"), ("unknown-attribute", "/context/_time"),
        ("missing-mandatory", "/composer/external_ref/id/scheme")],
        "EHRbase's database form, not canonical JSON: content is an object keyed by path"),
    "flat/simSDT/ReSPECT.json": (None, [("missing-mandatory", "respect-3/context/start_time")],
        "participations make a context, and the RM requires its start time: neither ctx/time nor context/start_time"),
    "flat/simSDT/test_all_types.json": (None, [
        ("pattern-mismatch", "test_all_types/test_all_types3:0/section_2/section_3/test_all_types:0/current_activity/partial_date")],
        "a day in a yyyy-??-XX partial date (the context element is required only once other_context, "
        "optional, is there; it is not)"),
}

_NO_OPT = "its OPT is not in the shared corpus"
#: files not validated, and why
EXCLUDED = {
    "canonical_json/alternative_types.json": _NO_OPT,
    "canonical_json/demo_vitals_352.json": _NO_OPT,
    "canonical_json/gecco_laborbefund.json": _NO_OPT,
    "canonical_json/gecco_personendaten.json": _NO_OPT,
    "canonical_json/laboratory_report.json": _NO_OPT,
    "canonical_json/laboratory_report_no_content.json": _NO_OPT,
    "canonical_json/minimal_admin.json": _NO_OPT,
    "canonical_json/minimal_observation.json": _NO_OPT,
    "canonical_json/minimal_persistent.json": _NO_OPT,
    "canonical_json/obs_admin.json": _NO_OPT,
    "canonical_json/obs_admin_null_flavour.json": _NO_OPT,
    "canonical_json/obs_eva.json": _NO_OPT,
    "canonical_json/obs_inst.json": _NO_OPT,
    "canonical_json/time_series.json": _NO_OPT,
    "canonical_json/composition_with_dvinterval_composite.json": "names no template and has no _type; content is an object",
    "canonical_json/full_composition.json": "EtherCIS path-keyed form ('@class', '/content[...]' keys), not canonical JSON",
    "canonical_json/rawdb_composition_history.json": "a database fragment (a HISTORY in path-keyed form), not a composition",
    "canonical_json/rawdb_composition_observation_event.json": "a database fragment, not a composition",
    "canonical_json/rawdb_composition_observation_event_item.json": "a database fragment (a JSON array), not a composition",
    "canonical_json/rawdb_returning_array.json": "a database query result (a JSON array), not a composition",
}


def _all() -> list[Path]:
    return corpus_files(f"{SDK}/composition/canonical_json", "*.json") + corpus_files(f"{SDK}/composition/flat", "*.json")


def _rel(path: Path) -> str:
    return str(path.relative_to(COMPOSITIONS))


@cache
def _templates_by_id() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted(OPTS.glob("*.opt")):
        out.setdefault(_template(path.name).template_id, path)
    return out


@cache
def _template(name: str) -> OperationalTemplate:
    return load_opt(OPTS / name)


@cache
def _validator(name: str) -> EntryValidator:
    return EntryValidator(_template(name))


def _opt_for(path: Path, data: Any) -> str | None:
    if path.parent.name == "conformance":
        return CONFORMANCE_OPT
    if path.name in FLAT_OPT and "flat" in path.parts:
        return FLAT_OPT[path.name]
    if isinstance(data, dict):
        details = data.get("archetype_details") or {}
        tid = (details.get("template_id") or {}).get("value")
        found = _templates_by_id().get(tid)
        return found.name if found else None
    return None


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


VALID = [p for p in _all() if _rel(p) not in INVALID and _rel(p) not in EXCLUDED]


def test_every_corpus_composition_is_accounted_for() -> None:
    files = {_rel(p) for p in _all()}
    assert files, "no SDK compositions found"
    assert set(INVALID) <= files and set(EXCLUDED) <= files
    for path in VALID:
        assert _opt_for(path, _load(path)) is not None, f"{_rel(path)}: no OPT; exclude it with the reason"
    for name, reason in EXCLUDED.items():
        if reason == _NO_OPT:
            assert _opt_for(COMPOSITIONS / name, _load(COMPOSITIONS / name)) is None, name


@pytest.mark.parametrize("path", VALID, ids=case_id)
def test_valid_sdk_composition_has_no_errors(path: Path) -> None:
    data = _load(path)
    opt = _opt_for(path, data)
    assert opt is not None
    errors = [f"{d.code} {d.path}: {d.message}" for d in _validator(opt).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_sdk_composition_is_rejected_for_its_reason(name: str) -> None:
    path = COMPOSITIONS / name
    data = _load(path)
    opt, expected, _why = INVALID[name]
    opt = opt or _opt_for(path, data) or FLAT_OPT[path.name]
    found = [(d.code, d.path) for d in _validator(opt).iter_errors(data)]
    assert sorted(found) == sorted(expected)


def test_counts() -> None:
    """The figures the report gives (so they cannot drift silently)."""
    assert len(VALID) == 68
    assert len(INVALID) == 17
    assert len(EXCLUDED) == 20
