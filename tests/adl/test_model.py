"""The object model built from ADL: paths, terms in every language, invariants, primitives."""

from __future__ import annotations

from pathlib import Path

from strukturjournal.adl import load_archetype, parse_adl, to_adl
from strukturjournal.aom import (
    CAttribute,
    CCodePhrase,
    CComplexObject,
    CDvQuantity,
    CInteger,
    CPrimitiveObject,
    CString,
)
from strukturjournal.base import Interval

BP = Path(__file__).resolve().parents[2] / "archetypes/observation/openEHR-EHR-OBSERVATION.sj_blood_pressure.v0.adl"
SYSTOLIC = "/data[at0001]/events[at0002]/data[at0003]/items[at0004]"


def test_paths_and_terms_in_every_language() -> None:
    a = load_archetype(BP)
    node = a.node_at(SYSTOLIC)
    assert isinstance(node, CComplexObject) and node.path == SYSTOLIC
    assert node.occurrences == Interval(0, 1)
    assert [a.text_of(node, lang) for lang in ("nb", "nn", "en")] == [
        "Systolisk blodtrykk", "Systolisk blodtrykk", "Systolic blood pressure"]
    assert a.description_of("at0009", "nn") == "Pasienten låg."
    assert a.languages == ["nb", "nn", "en"]
    assert str(a.ontology.bindings_for("at0004")["LOINC"]) == "[LOINC::8480-6]"
    quantity = a.node_at(SYSTOLIC + "/value")
    assert isinstance(quantity, CDvQuantity)
    assert quantity.item_for("mm[Hg]").magnitude == Interval(0.0, 1000.0, upper_included=False)
    codes = a.node_at("/data[at0001]/events[at0002]/state[at0006]/items[at0007]/value/defining_code")
    assert isinstance(codes, CCodePhrase) and codes.code_list == ["at0008", "at0009", "at0010"]
    assert node.span is not None
    assert BP.read_text(encoding="utf-8").split("\n")[node.span.line - 1].strip().startswith("ELEMENT[at0004]")


def test_invariants_keep_text_and_position() -> None:
    text = BP.read_text(encoding="utf-8").replace(
        "\nontology", "\ninvariant\n\tsystolic_above_diastolic: /data/events/data/items[at0004]/value/magnitude "
        ">= /data/events/data/items[at0005]/value/magnitude\n\nontology", 1)
    a = parse_adl(text)
    (inv,) = a.invariants
    assert inv.tag == "systolic_above_diastolic"
    assert inv.text.startswith("/data/events/data/items[at0004]/value/magnitude >=")
    assert inv.span is not None and inv.span.line == text.split("\n").index("invariant") + 2
    assert parse_adl(to_adl(a)) == a


def test_primitive_constraints() -> None:
    text = BP.read_text(encoding="utf-8").replace(
        "\t\t\t\t\t\t\t\t\tELEMENT[at0005]",
        "\t\t\t\t\t\t\t\t\tELEMENT[at0011] occurrences matches {0..1} matches {\n"
        "\t\t\t\t\t\t\t\t\t\tvalue matches {\n\t\t\t\t\t\t\t\t\t\t\tDV_COUNT matches {\n"
        "\t\t\t\t\t\t\t\t\t\t\t\tmagnitude matches {|0..10|; 0}\n\t\t\t\t\t\t\t\t\t\t\t}\n"
        "\t\t\t\t\t\t\t\t\t\t\tDV_TEXT matches {\n\t\t\t\t\t\t\t\t\t\t\t\tvalue matches {/[0-9]+ ?mmHg/}\n"
        "\t\t\t\t\t\t\t\t\t\t\t}\n\t\t\t\t\t\t\t\t\t\t}\n\t\t\t\t\t\t\t\t\t}\n"
        "\t\t\t\t\t\t\t\t\tELEMENT[at0005]", 1)
    a = parse_adl(text)
    alternatives = a.node_at("/data[at0001]/events[at0002]/data[at0003]/items[at0011]/value")
    assert isinstance(alternatives, CAttribute)
    assert [c.rm_type_name for c in alternatives.children] == ["DV_COUNT", "DV_TEXT"]
    values = [n for n in a.iter_nodes() if isinstance(n, CPrimitiveObject)]
    assert any(isinstance(n.item, CInteger) and n.item.range == Interval(0, 10) and n.item.assumed_value == 0
               for n in values)
    assert any(isinstance(n.item, CString) and n.item.pattern == "[0-9]+ ?mmHg" for n in values)
    assert parse_adl(to_adl(a)) == a


def test_semantic_problems_are_diagnostics_not_exceptions() -> None:
    text = BP.read_text(encoding="utf-8")
    twice = text.replace("ELEMENT[at0005]", "ELEMENT[at0004]", 1)
    a = parse_adl(twice, source="twice.adl")
    assert [d.code for d in a.diagnostics] == ["VCOSU"]
    assert a.diagnostics[0].span is not None and a.diagnostics[0].span.source == "twice.adl"
    inverted = text.replace("occurrences matches {0..1}", "occurrences matches {3..1}", 1)
    b = parse_adl(inverted)
    assert [d.code for d in b.diagnostics] == ["E-INTERVAL"]
    assert "3..1" in b.diagnostics[0].message or "|3..1|" in b.diagnostics[0].message
