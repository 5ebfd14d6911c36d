"""What reading and writing FLAT share: a template's web template tree, the AQL steps from a
node to its child, value nodes that stand for their element, the structure types.

>>> occurrence([("data", "at0001", None), ("events", "at0002", None), ("time", None, None)])
1
"""

from __future__ import annotations

import re
from typing import Any

from strukturjournal.export._wt_cache import web_template
from strukturjournal.template import OperationalTemplate
from strukturjournal.template.model import split_aql_path

__all__ = [
    "ELEMENT_EXTRAS", "ENTRIES", "INDEX", "NAME_PREDICATE", "RM_VERSION", "STRUCTURES", "dv_text", "is_collapsed",
    "occurrence", "relative_steps", "skip_child", "template_tree",
]

RM_VERSION = "1.1.0"
"""The ``archetype_details.rm_version`` written on archetype roots."""

INDEX = re.compile(r"^(.*?)(?::(\d+))?$")
NAME_PREDICATE = re.compile(r",\s*'(?:[^'\\]|\\.)*'\]")
ENTRIES = {"OBSERVATION", "EVALUATION", "INSTRUCTION", "ACTION", "ADMIN_ENTRY"}
STRUCTURES = {
    "COMPOSITION", "SECTION", "OBSERVATION", "EVALUATION", "INSTRUCTION", "ACTION", "ADMIN_ENTRY",
    "GENERIC_ENTRY", "ACTIVITY", "EVENT", "POINT_EVENT", "INTERVAL_EVENT", "CLUSTER", "ELEMENT",
    "EVENT_CONTEXT", "ISM_TRANSITION", "ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE",
    "HISTORY",
}  # fmt: skip
ELEMENT_EXTRAS = {"_uid", "_link", "_feeder_audit", "_null_flavour", "_null_reason", "_name"}


def template_tree(template: OperationalTemplate) -> dict[str, Any]:
    return web_template(template)["tree"]


def relative_steps(parent: dict[str, Any], child: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    base = [] if parent["aqlPath"] == "/" else split_aql_path(parent["aqlPath"])
    segs = split_aql_path(child["aqlPath"])[len(base) :]
    return [(a, c, n.replace("\\'", "'").replace("\\\\", "\\") if n else n) for a, c, n in segs]


def occurrence(rel: list[tuple[str, str | None, str | None]]) -> int:
    for i in range(len(rel) - 1, -1, -1):
        if rel[i][1] is not None:
            return i
    return -1


def is_collapsed(child: dict[str, Any], rel: list[tuple[str, str | None, str | None]]) -> bool:
    """A value node standing for its element (``.../items[at0004]/value``)."""
    occ = occurrence(rel)
    return child["rmType"] not in STRUCTURES and occ >= 0 and occ == len(rel) - 2 and rel[-1][0] == "value"


def skip_child(rel: list[tuple[str, str | None, str | None]]) -> bool:
    # ACTION/instruction_details is written as /_instruction_details (the spec's FLAT form)
    return bool(rel) and rel[0][0] == "instruction_details"


def dv_text(value: str) -> dict[str, Any]:
    return {"_type": "DV_TEXT", "value": value}
