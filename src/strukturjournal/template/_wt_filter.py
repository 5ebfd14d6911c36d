"""Filtering the built tree into the published web template (the SDK's ``Filter``).

Structural nodes (HISTORY, ITEM_TREE..., a lone EVENT, an ELEMENT with one value, slots,
optional RM attributes) are dropped and their children lifted into the parent.

>>> from strukturjournal.template._wt_model import WtNode
>>> root = WtNode(id="c", rm_type="COMPOSITION", children=[WtNode(id="t", rm_type="ITEM_TREE",
...     children=[WtNode(id="x", rm_type="CLUSTER")])])
>>> [c.id for c in filter_tree(root, ["en"]).children]
['x']
"""

from __future__ import annotations

from strukturjournal.template import _rm_facts as rm
from strukturjournal.template._wt_model import WtInput, WtNode, make_id_unique

__all__ = ["HIDDEN_STRUCTURES", "filter_tree"]

#: structure types the web template hides (their children stand in for them)
HIDDEN_STRUCTURES = frozenset(
    {"HISTORY", "ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE", "ITEM_STRUCTURE"}
)
_STRUCTURES = HIDDEN_STRUCTURES
_HIDDEN = frozenset(
    {"name", "archetype_node_id", "origin", "media_type", "upper_included", "lower_included",
     "upper_unbounded", "lower_unbounded"}
)  # fmt: skip
_SHOWN = frozenset(
    {("ACTIVITY", "timing"), ("INSTRUCTION", "expiry_time"), ("ISM_TRANSITION", "transition"),
     ("COMPOSITION", "context")}
)  # fmt: skip


def filter_tree(root: WtNode, languages: list[str], id_separator: str = "") -> WtNode:
    """The published form of ``root`` (modified in place and returned)."""
    nodes = _filter(root, None, languages, id_separator)
    return nodes[0] if nodes else root


def _filter(node: WtNode, parent: WtNode | None, languages: list[str], sep: str) -> list[WtNode]:
    _pre_handle(node, languages)
    kept: list[WtNode] = []
    for child in node.children:
        kept += _filter(child, node, languages, sep)
    node.children = kept
    out = [node]
    if _skip(node, parent):
        out = kept
        if node.rm_type == "ELEMENT":
            for c in kept:
                c.min, c.max = node.min, node.max
    make_id_unique(node, sep)
    return out


def _true_children(node: WtNode) -> list[WtNode]:
    return [
        c
        for c in node.children
        if c.name != "name" and not (c.name in ("null_flavour", "feeder_audit") and c.min == 0)
    ]


def _pre_handle(node: WtNode, languages: list[str]) -> None:
    if node.rm_type == "ACTION":
        isms = [c for c in node.children if c.rm_type == "ISM_TRANSITION"]
        if isms:
            node.children = [c for c in node.children if c.rm_type != "ISM_TRANSITION"] + [isms[0]]
    elif node.rm_type == "ELEMENT":
        true_children = _true_children(node)
        ids = [c.full_id() for c in true_children]
        if len(ids) == 2 and set(ids) == {"coded_text_value", "text_value"} and node.choices():
            merged = _merge_text(node)
            merged.id = node.full_id()
            node.children = [merged]
        elif len(true_children) == 1:
            true_children[0].id = node.id  # its number, if it still needs one, comes after filtering
            true_children[0].optional_id_number = node.optional_id_number
            true_children[0].id_separator = node.id_separator
    elif node.rm_type == "DV_ORDINAL":
        for inp in node.inputs:
            if inp.type == "CODED_TEXT":
                inp.terminology = None
    elif node.rm_type == "DV_CODED_TEXT" and "en" not in languages:
        for inp in node.inputs:
            if inp.type == "CODED_TEXT" and inp.terminology == "openehr":
                for v in inp.list:
                    v.localized_labels.pop("en", None)


def _merge_text(node: WtNode) -> WtNode:
    coded = next(c for c in node.children if c.full_id() == "coded_text_value")
    merged = WtNode(id="value", rm_type="DV_CODED_TEXT", name=node.name, min=node.min, max=node.max,
                    constraint=coded.constraint)
    merged.inputs = [*coded.inputs, WtInput("TEXT", "other")]
    merged.aql = coded.aql
    merged.localized_descriptions = dict(node.localized_descriptions)
    merged.localized_names = dict(node.localized_names)
    merged.localized_name, merged.annotations = node.localized_name, node.annotations
    for inp in merged.inputs:
        if inp.suffix == "code":
            inp.list_open = True
            break
    return merged


def _skip(node: WtNode, parent: WtNode | None) -> bool:
    if node.archetype_slot:
        return True
    if parent is not None and _optional_rm_attribute(node, parent):
        return True
    if node.rm_type in _STRUCTURES:
        return True
    if parent is not None and node.rm_type in rm.EVENT_TYPES:
        events = sum(1 for c in parent.children if c.rm_type in rm.EVENT_TYPES)
        return events == 1 and node.max == 1
    if node.rm_type == "ELEMENT":
        return len(node.children) == 1
    return (
        node.rm_type == "CODE_PHRASE" and parent is not None and parent.rm_type == "DV_CODED_TEXT"
    )


def _optional_rm_attribute(node: WtNode, parent: WtNode) -> bool:
    names = rm.all_attribute_names(parent.rm_type)
    if names is None:
        return False
    optional = node.name in names and node.min == 0
    hidden = node.name in _HIDDEN
    shown = (rm.base_type(parent.rm_type), node.name) in _SHOWN
    return (optional or hidden) and not shown
