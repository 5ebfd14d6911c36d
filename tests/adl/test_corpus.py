"""Every ADL 1.4 archetype of the shared corpora parses, keeps every node id, and round-trips.

One test case per file: 689 CKM archetypes and the 593 ``.adl`` files of openEHR's
adl-archetypes test set. None of those files is excluded: all are valid ADL 1.4 syntax
(semantic problems some of them carry on purpose are for the checks, not the parser).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from strukturjournal.adl import load_archetype, parse_adl, read_adl_text, to_adl
from tests.conftest import case_id, corpus_files

CKM = corpus_files("ckm", "*.adl")
ADL_TESTS = corpus_files("adl-archetypes", "*.adl")

# Independent of the grammar: an object node is an RM type name followed by [atNNNN].
_NODE = re.compile(r"\b[A-Z][A-Za-z0-9_]*(?:<[A-Z0-9_, <>]+>)?\s*\[(at[0-9]+(?:\.[0-9]+)*)\]")
_TERM_KEY = re.compile(r'\[\s*"(at[0-9]+(?:\.[0-9]+)*)"\s*\]\s*=')


def _sections(text: str) -> tuple[str, str]:
    """The definition text and the ontology text, cut at section keywords at line start."""
    definition = re.search(r"(?m)^definition\b(.*?)(?=^(?:invariant|ontology|terminology)\b)", text, re.S)
    ontology = re.search(r"(?m)^(?:ontology|terminology)\b(.*?)(?=^term_binding|\Z)", text, re.S)
    return (definition.group(1) if definition else "", ontology.group(1) if ontology else "")


def _strip_comments(text: str) -> str:
    return re.sub(r'--[^\n"]*$', "", text, flags=re.M)


def test_corpus_sizes() -> None:
    assert len(CKM) == 689
    assert len(ADL_TESTS) == 593


@pytest.mark.corpus
@pytest.mark.parametrize("path", CKM + ADL_TESTS, ids=case_id)
def test_parses_keeps_node_ids_and_round_trips(path: Path) -> None:
    archetype = load_archetype(path)
    text, _ = read_adl_text(path.read_bytes())
    definition, ontology = _sections(text)

    expected_nodes = set(_NODE.findall(_strip_comments(definition)))
    assert expected_nodes, "the corpus file has a definition with node ids"
    assert archetype.node_ids() == expected_nodes

    defined_terms = set(_TERM_KEY.findall(ontology))
    assert defined_terms <= archetype.ontology.term_codes()

    again = parse_adl(to_adl(archetype))
    assert again == archetype
    assert [n.path for n in again.iter_nodes()] == [n.path for n in archetype.iter_nodes()]
