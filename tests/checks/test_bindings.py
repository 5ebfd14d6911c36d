"""Term binding keys that are paths: through use_node, into RM attributes, into slot fillers."""

from __future__ import annotations

import pytest

from strukturjournal.adl import load_archetype, parse_adl
from strukturjournal.checks import Context
from strukturjournal.checks.bindings import path_exists

from .conftest import INVALID


@pytest.mark.parametrize(
    ("fixture", "path", "exists"),
    [
        ("VUNP_use_node_nowhere", "/items[at0001]/value/magnitude", True),
        ("VUNP_use_node_nowhere", "/items[at0001]/value/magnitud", False),
        ("VUNP_use_node_nowhere", "/items[at0001]/name/value", True),  # RM attribute
        ("VUNP_use_node_nowhere", "/items[at0009]", False),
        ("VUNP_use_node_nowhere", "/", True),
        ("VUNP_use_node_nowhere", "items[at0001]", False),  # not an absolute path
        ("W-SLOT-NO-MATCH_nothing_fills", "/items[at0002]/items", True),
        ("W-SLOT-NO-MATCH_nothing_fills", "/items[openEHR-EHR-CLUSTER.forelder.v1]/items", True),
        ("W-SLOT-NO-MATCH_nothing_fills", "/items[openEHR-EHR-CLUSTER.annen.v1]/items", False),
    ],
)
def test_path_exists(fixture: str, path: str, exists: bool) -> None:
    a = load_archetype(INVALID / "valid" / f"{fixture}.adl")
    assert path_exists(Context(a), a.definition, path) is exists


USE_NODE = """archetype (adl_version=1.4)
    openEHR-EHR-CLUSTER.x.v1
concept
    [at0000]
language
    original_language = <[ISO_639-1::en]>
definition
    CLUSTER[at0000] matches {
        items cardinality matches {1..*; unordered} matches {
            CLUSTER[at0001] occurrences matches {0..1} matches {
                items cardinality matches {1..*; unordered} matches {
                    ELEMENT[at0002] matches {*}
                }
            }
            CLUSTER[at0003] occurrences matches {0..1} matches {
                items cardinality matches {1..*; unordered} matches {
                    use_node ELEMENT /items[at0001]/items[at0002]
                }
            }
        }
    }
ontology
    term_definitions = <>
"""


@pytest.mark.parametrize(
    ("path", "exists"),
    [
        ("/items[at0003]/items[at0002]", True),  # the use_node's target has the id
        ("/items[at0003]/items[at0002]/value", True),
        ("/items[at0003]/items[at0004]", False),
    ],
)
def test_path_through_use_node(path: str, exists: bool) -> None:
    a = parse_adl(USE_NODE)
    assert path_exists(Context(a), a.definition, path) is exists
