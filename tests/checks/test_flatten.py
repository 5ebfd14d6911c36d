"""flatten() and the phased iterator on the fixtures and the CKM corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturjournal.aom import Archetype, CComplexObject
from strukturjournal.checks import InMemoryLookup, flatten, iter_archetype_errors, load_for_lint
from strukturjournal.errors import UnknownArchetypeError

from .conftest import CKM, INVALID

PARENT = INVALID / "parents" / "openEHR-EHR-CLUSTER.forelder.v1.adl"


def _load(path: Path) -> Archetype:
    archetype, found = load_for_lint(path)
    assert archetype is not None, found
    return archetype


def test_flatten_merges_terminology_and_keeps_the_child_tree() -> None:
    parent = _load(PARENT)
    child = _load(INVALID / "valid" / "VSONIN_new_node_with_old_id.adl")
    flat = flatten(child, InMemoryLookup([parent]))
    assert flat.node_at("/items[at0.1]") is not None
    assert flat.ontology.term_codes() >= parent.ontology.term_codes() | {"at0.1", "at0000.1"}
    assert child.node_at("/items[at0.1]") is not None and flat is not child


def test_flatten_takes_attributes_the_child_leaves_out() -> None:
    parent = _load(PARENT)
    child = _load(INVALID / "valid" / "VSONCT_element_becomes_cluster.adl")
    element = child.node_at("/items[at0001]")
    assert isinstance(element, CComplexObject)
    element.attributes.clear()
    flat = flatten(child, InMemoryLookup([parent]))
    assert flat.node_at("/items[at0001]/value") is not None


def test_flatten_without_parent_raises() -> None:
    child = _load(INVALID / "W-PARENT-MISSING_unknown_parent.adl")
    with pytest.raises(UnknownArchetypeError):
        flatten(child, InMemoryLookup([]))


def test_phases_run_in_order_and_lazily() -> None:
    archetype = _load(INVALID / "VCARM_unknown_attribute.adl")
    assert [d.code for d in iter_archetype_errors(archetype, phases=("structure",))] == []
    assert [d.code for d in iter_archetype_errors(archetype, phases=("rm",))] == ["VCARM"]
    iterator = iter_archetype_errors(_load(INVALID / "VATDF_node_without_term.adl"))
    assert next(iterator).code == "VATDF"


@pytest.mark.corpus
@pytest.mark.skipif(not CKM.is_dir(), reason="shared CKM corpus not present")
def test_every_ckm_specialisation_with_a_parent_flattens() -> None:
    archetypes = [
        a for a in (load_for_lint(p)[0] for p in sorted(CKM.rglob("*.adl"))) if a is not None
    ]
    lookup = InMemoryLookup(archetypes)
    flattened = missing = 0
    for a in archetypes:
        if a.parent_archetype_id is None:
            continue
        parent = lookup.find(a.parent_archetype_id)
        if parent is None:
            missing += 1
            continue
        flat = flatten(a, lookup)
        assert flat.ontology.term_codes() >= parent.ontology.term_codes(), a.archetype_id
        assert {n.path for n in a.iter_nodes()} <= {n.path for n in flat.iter_nodes()}
        flattened += 1
    print(f"\nflattened {flattened} CKM specialisations; {missing} without a parent in the corpus")
    assert flattened > 50
