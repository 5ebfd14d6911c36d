"""ArchetypeRepository over the CKM corpus: lookup rules, parents, slots, the disk cache, failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturjournal.aom import ArchetypeSlot
from strukturjournal.errors import UnknownArchetypeError
from strukturjournal.repository import ArchetypeRepository
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def ckm(tmp_path_factory: pytest.TempPathFactory) -> ArchetypeRepository:
    return ArchetypeRepository.from_directory(CORPUS / "ckm", cache_dir=tmp_path_factory.mktemp("cache"))


def test_loads_every_ckm_archetype(ckm: ArchetypeRepository) -> None:
    assert len(ckm) == 689
    assert ckm.failures == []


def test_lookup_exact_major_and_semantic(ckm: ArchetypeRepository) -> None:
    exact = ckm.get("openEHR-EHR-OBSERVATION.blood_pressure.v2")
    assert str(exact.archetype_id) == "openEHR-EHR-OBSERVATION.blood_pressure.v2"
    assert "openEHR-EHR-OBSERVATION.blood_pressure.v2" in ckm
    assert ckm.find("openEHR-EHR-OBSERVATION.no_such_thing.v1") is None
    with pytest.raises(UnknownArchetypeError, match="no_such_thing"):
        ckm.get("openEHR-EHR-OBSERVATION.no_such_thing.v1")


def test_specialisation_parents_resolve(ckm: ArchetypeRepository) -> None:
    specialised = [a for a in ckm if a.parent_archetype_id is not None]
    assert specialised
    resolved = [a for a in specialised if ckm.parent_of(a) is not None]
    assert len(resolved) >= len(specialised) * 0.9
    for child in resolved:
        parent = ckm.parent_of(child)
        assert parent is not None
        assert child.archetype_id.concept_name == parent.archetype_id.concept_name
        assert child in ckm.specialisations_of(parent.archetype_id)
        assert ckm.lineage(child)[1] is parent


def test_slot_fillers_follow_include_patterns(ckm: ArchetypeRepository) -> None:
    slots = [(a, n) for a in ckm for n in a.iter_nodes() if isinstance(n, ArchetypeSlot) and n.includes]
    assert slots
    filled = 0
    for _, slot in slots:
        for filler in ckm.slot_fillers(slot):
            assert slot.allows(filler)
            filled += 1
    assert filled > 100


def test_warm_load_reads_the_cache(tmp_path: Path) -> None:
    folder = CORPUS / "ckm" / "local" / "archetypes" / "cluster"
    first = ArchetypeRepository.from_directory(folder, cache_dir=tmp_path)
    entries = list(tmp_path.rglob("*.pickle"))
    assert len(entries) == len(first)
    second = ArchetypeRepository.from_directory(folder, cache_dir=tmp_path)
    assert [a for a in second] == [a for a in first]


def test_every_failure_is_reported_and_loading_goes_on(tmp_path: Path) -> None:
    good = next((CORPUS / "ckm").rglob("*.adl"))
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / "broken.adl").write_text("archetype\n\topenEHR-EHR-CLUSTER.x.v1\nconcept\n\t[at0000\n")
    (tmp_path / "empty.adl").write_text("")
    repo = ArchetypeRepository.from_directory(tmp_path, cache=False)
    assert len(repo) == 1
    assert sorted(Path(d.span.source).name for d in repo.failures if d.span) == ["broken.adl", "empty.adl"]
    broken = next(d for d in repo.failures if d.span and d.span.source.endswith("broken.adl"))
    assert (broken.span.line, broken.span.column) == (4, 2)
