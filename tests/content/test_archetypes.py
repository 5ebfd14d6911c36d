"""The archetypes shipped in ``archetypes/``: well-formed, fully translated, RM-conformant, UCUM units.

``archetypes/invalid/`` holds deliberately broken archetypes for the linter's tests and is skipped.
Until the archetype linter lands, these tests are the check every shipped archetype must pass.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from ucumvert import parse_ucum

from strukturjournal.adl import load_archetype, parse_adl, to_adl
from strukturjournal.aom.archetype import Archetype
from strukturjournal.aom.constraints import (
    ArchetypeSlot,
    CCodePhrase,
    CComplexObject,
    CDvOrdinal,
    CDvQuantity,
    CPrimitiveObject,
)
from strukturjournal.base import CodePhrase
from strukturjournal.diagnostics import Severity
from strukturjournal.rm import RMModel, type_root

ROOT = Path(__file__).resolve().parents[2]
ARCHETYPES = ROOT / "archetypes"
SHARED = ROOT.parent / "shared"
LANGUAGES = ("nb", "nn", "en")

#: What we ship. A file that disappears, or one that is added without being listed, fails here.
SHIPPED = {
    "openEHR-EHR-COMPOSITION.sj_home_care_visit.v0",
    "openEHR-EHR-EVALUATION.sj_nursing_note.v0",
    "openEHR-EHR-OBSERVATION.sj_acvpu.v0",
    "openEHR-EHR-OBSERVATION.sj_blood_glucose.v0",
    "openEHR-EHR-OBSERVATION.sj_blood_pressure.v0",
    "openEHR-EHR-OBSERVATION.sj_body_temperature.v0",
    "openEHR-EHR-OBSERVATION.sj_body_weight.v0",
    "openEHR-EHR-OBSERVATION.sj_height.v0",
    "openEHR-EHR-OBSERVATION.sj_news2.v0",
    "openEHR-EHR-OBSERVATION.sj_nutrition_screening.v0",
    "openEHR-EHR-OBSERVATION.sj_pain.v0",
    "openEHR-EHR-OBSERVATION.sj_pulse.v0",
    "openEHR-EHR-OBSERVATION.sj_pulse_oximetry.v0",
    "openEHR-EHR-OBSERVATION.sj_respiration.v0",
}

#: LOINC codes bound here that are not in the shared concept vocabulary, each checked by hand.
EXTRA_LOINC = {"85354-9": "Blood pressure panel with all children optional"}


def shipped_files() -> list[Path]:
    return sorted(
        p for p in ARCHETYPES.rglob("*.adl") if "invalid" not in p.relative_to(ARCHETYPES).parts
    )


FILES = shipped_files()


@cache
def load(path: Path) -> Archetype:
    return load_archetype(path)


@cache
def rm() -> RMModel:
    return RMModel.default()


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """LOINC code -> row of ``reference/concepts.tsv``."""
    tsv = SHARED / "reference" / "concepts.tsv"
    if not tsv.is_file():
        raise RuntimeError(f"{tsv} is missing: the LOINC checks read it at run time")
    lines = [ln for ln in tsv.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {row["loinc"]: row for row in csv.DictReader(lines, delimiter="\t") if row["loinc"]}


def luhn_ok(loinc: str) -> bool:
    """LOINC's check digit is the Luhn (mod 10) digit of the number before the hyphen."""
    digits = [int(d) for d in loinc.replace("-", "")][::-1]
    total = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(digits))
    return total % 10 == 0


def local_codes(a: Archetype) -> set[str]:
    """Every at-code the definition uses: node ids, coded-text codes, ordinal symbols."""
    codes = set(a.node_ids())
    for node in a.iter_nodes():
        if isinstance(node, CCodePhrase) and node.terminology_id == "local":
            codes.update(node.code_list)
        if isinstance(node, CDvOrdinal):
            codes.update(o.symbol.code_string for o in node.list if o.symbol.terminology_id == "local")
    return codes


def quantities(a: Archetype) -> list[CDvQuantity]:
    return [n for n in a.iter_nodes() if isinstance(n, CDvQuantity)]


ids = [p.name.removesuffix(".adl") for p in FILES]


def test_shipped_set_is_exactly_the_listed_one() -> None:
    assert set(ids) == SHIPPED


def test_luhn_helper_rejects_a_wrong_check_digit() -> None:
    assert luhn_ok("8480-6") and not luhn_ok("8480-5")


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_parses_cleanly_with_id_matching_file_and_folder(path: Path) -> None:
    a = load(path)
    assert not [d for d in a.diagnostics if d.severity >= Severity.WARNING]
    aid = a.archetype_id
    assert str(aid) == path.name.removesuffix(".adl")
    assert aid.concept_name.startswith("sj_") and aid.rm_originator == "openEHR"
    assert aid.major_version == 0
    assert path.parent.name == aid.rm_type.lower()
    assert a.definition.rm_type_name == aid.rm_type and a.definition.node_id == "at0000"


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_round_trips(path: Path) -> None:
    a = load(path)
    text = to_adl(a)
    again = parse_adl(text)
    assert again == a
    assert to_adl(again) == text


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_languages_and_descriptions(path: Path) -> None:
    a = load(path)
    assert a.original_language == CodePhrase("ISO_639-1", "nb")
    assert tuple(a.languages) == LANGUAGES
    assert tuple(a.ontology.languages) == LANGUAGES
    details = a.description["details"]
    for lang in LANGUAGES:
        assert details[lang]["language"] == CodePhrase("ISO_639-1", lang)
        assert details[lang]["purpose"].strip() and details[lang]["use"].strip(), lang
    assert a.description["lifecycle_state"] == "Draft"


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_every_code_has_a_term_in_every_language_and_every_term_is_used(path: Path) -> None:
    a = load(path)
    used = local_codes(a)
    for lang in LANGUAGES:
        defined = a.ontology.term_definitions[lang]
        missing = sorted(used - set(defined))
        assert not missing, f"{lang}: {missing}"
        unused = sorted(set(defined) - used)
        assert not unused, f"{lang}: defined but not used: {unused}"
        for code in used:
            term = defined[code]
            assert term.text.strip() and term.description.strip(), f"{lang} {code}"
    # a translation is a translation: the term texts are not all identical to the original
    assert any(
        a.text_of(c, "en") != a.text_of(c, "nb") for c in used
    ), "English terms are a copy of the bokmål ones"


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_every_attribute_exists_in_the_rm_and_children_conform(path: Path) -> None:
    a = load(path)
    model = rm()
    for node in a.iter_nodes():
        if not isinstance(node, CComplexObject):
            continue
        assert model.has_class(node.rm_type_name), node.path
        for attr in node.attributes:
            prop = model.property_of(node.rm_type_name, attr.rm_attribute_name)
            assert prop is not None, f"{node.rm_type_name}.{attr.rm_attribute_name} at {node.path}"
            assert attr.is_multiple == prop.is_container, attr.path
            for child in attr.children:
                if isinstance(child, CPrimitiveObject):
                    continue
                assert model.is_descendant_of(child.rm_type_name, type_root(prop.type_name)), (
                    f"{child.rm_type_name} under {attr.path} (expects {prop.type_name})"
                )


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_units_are_valid_ucum_with_ranges_and_precision(path: Path) -> None:
    a = load(path)
    for q in quantities(a):
        assert q.property is not None and q.property.terminology_id == "openehr", q.path
        assert q.list, q.path
        for item in q.list:
            parse_ucum(item.units)  # raises on anything that is not UCUM
            assert item.magnitude is not None and item.precision is not None, (q.path, item.units)
            lo, hi = item.magnitude.lower, item.magnitude.upper
            assert lo is not None and hi is not None and 0 <= lo < hi, (q.path, item.units)


def test_ucum_check_would_catch_a_bad_unit() -> None:
    with pytest.raises(Exception):  # noqa: B017 - ucumvert raises lark's errors
        parse_ucum("mmHg!")


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_loinc_bindings_are_real_codes_on_defined_nodes_with_matching_units(path: Path) -> None:
    a = load(path)
    bindings = a.ontology.term_bindings.get("LOINC", {})
    assert set(a.ontology.term_bindings) <= {"LOINC"}
    if bindings:
        assert "LOINC" in a.ontology.terminologies_available
    known = vocabulary()
    for code, phrase in bindings.items():
        assert code in a.node_ids(), code
        loinc = phrase.code_string
        assert re.fullmatch(r"\d{1,7}-\d", loinc) and luhn_ok(loinc), loinc
        assert loinc in known or loinc in EXTRA_LOINC, f"{code}: {loinc} is not a known code"
        row = known.get(loinc)
        node = a.node_at(next(n.path for n in a.iter_nodes() if n.node_id == code))
        values = [q for q in quantities(a) if q.path.startswith(f"{node.path}/")] if node else []
        if row and row["value_type"] == "quantity" and values:
            allowed = {row["canonical_unit"], *row["also_seen_units"].split()}
            units = [i.units for q in values for i in q.list]
            assert units[0] == row["canonical_unit"], f"{loinc}: first unit {units[0]}"
            assert set(units) <= allowed, f"{loinc}: {units} not in {allowed}"


def test_every_observation_with_a_measured_value_binds_loinc_where_the_vocabulary_has_one() -> None:
    names = {"sj_pulse": "8867-4", "sj_respiration": "9279-1", "sj_body_temperature": "8310-5",
             "sj_pulse_oximetry": "59408-5", "sj_body_weight": "29463-7", "sj_height": "8302-2",
             "sj_blood_glucose": "15074-8", "sj_pain": "72514-3", "sj_blood_pressure": "8480-6"}
    by_concept = {load(p).archetype_id.concept_name: load(p) for p in FILES}
    for concept, loinc in names.items():
        bound = {b.code_string for b in by_concept[concept].ontology.term_bindings["LOINC"].values()}
        assert loinc in bound, concept


def test_home_care_visit_slots_admit_every_shipped_entry_and_nothing_else() -> None:
    comp = load(ARCHETYPES / "composition/openEHR-EHR-COMPOSITION.sj_home_care_visit.v0.adl")
    slots = [n for n in comp.iter_nodes() if isinstance(n, ArchetypeSlot)]
    assert {s.rm_type_name for s in slots} == {"OBSERVATION", "EVALUATION"}
    for aid in SHIPPED:
        rm_name = aid.split(".")[0].rsplit("-", 1)[1]
        if rm_name == "COMPOSITION":
            continue
        assert [s.rm_type_name for s in slots if s.allows(aid)] == [rm_name], aid
    for foreign in ("openEHR-EHR-OBSERVATION.blood_pressure.v2", "openEHR-EHR-OBSERVATION.sj_pulse.v1",
                    "openEHR-EHR-EVALUATION.clinical_synopsis.v1"):
        assert not any(s.allows(foreign) for s in slots), foreign
    code = comp.node_at("/category/defining_code")
    assert isinstance(code, CCodePhrase) and code.code_list == ["433"]  # openehr::433 = event


def test_news2_sub_scores_add_up_to_the_total_range() -> None:
    news = load(ARCHETYPES / "observation/openEHR-EHR-OBSERVATION.sj_news2.v0.adl")
    ordinals = {n.path: n for n in news.iter_nodes() if isinstance(n, CDvOrdinal)}
    assert len(ordinals) == 8  # seven parameters, SpO2 written twice (scale 1 and scale 2)
    for o in ordinals.values():
        assert set(o.values()) <= {0, 1, 2, 3} and 0 in o.values()
    best = {p: max(o.values()) for p, o in ordinals.items()}
    spo2 = [p for p in best if p.endswith(("items[at0005]/value", "items[at0006]/value"))]
    assert len(spo2) == 2 and best[spo2[0]] == best[spo2[1]]
    top = sum(v for p, v in best.items() if p != spo2[1])
    count = news.node_at("/data[at0001]/events[at0002]/data[at0003]/items[at0013]/value/magnitude")
    assert isinstance(count, CPrimitiveObject) and count.item is not None
    assert (count.item.range.lower, count.item.range.upper) == (0, top) == (0, 20)  # type: ignore[attr-defined]


def test_the_reference_page_lists_every_shipped_archetype_with_its_names_and_loinc() -> None:
    page = (ROOT / "docs" / "reference" / "archetypes.md").read_text("utf-8")
    rows = {
        m.group(1): [cell.strip() for cell in m.group(2).split("|")]
        for m in re.finditer(r"^\| `([^`]+)` \|(.*)\|$", page, re.MULTILINE)
    }
    assert set(rows) == SHIPPED
    for path in FILES:
        a = load(path)
        nb, en, loinc = rows[str(a.archetype_id)]
        assert (nb, en) == (a.text_of("at0000", "nb"), a.text_of("at0000", "en"))
        bound = [b.code_string for b in a.ontology.term_bindings.get("LOINC", {}).values()]
        assert loinc == (", ".join(bound) or "–"), a.archetype_id
