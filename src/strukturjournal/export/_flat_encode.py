"""Canonical → FLAT: the composition read along the template's web template, with an account of
everything it held (:mod:`~strukturjournal.export._flat_loss`) so that nothing is dropped
silently. The public entry point is :func:`strukturjournal.export.flat.canonical_to_flat`.
"""

from __future__ import annotations

from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.export._flat_codec import FlatNode, encode
from strukturjournal.export._flat_loss import (
    FlatEncodeError,
    foreign_attributes,
    json_paths,
    no_flat_form,
    uncovered,
    unplaced,
)
from strukturjournal.export._flat_tree import (
    NAME_PREDICATE,
    STRUCTURES,
    is_collapsed,
    occurrence,
    relative_steps,
    skip_child,
    template_tree,
)
from strukturjournal.rm import RMModel
from strukturjournal.template import OperationalTemplate

__all__ = ['canonical_to_flat']

def _compatible(wt_type: str, value: Any, choice_types: set[str]) -> bool:
    if not isinstance(value, dict):
        return True
    actual = value.get("_type", "")
    base = wt_type.split("<", 1)[0]
    if actual == base:
        return True
    if base == "DV_TEXT" and actual == "DV_CODED_TEXT":
        return "DV_CODED_TEXT" not in choice_types
    if base == "DV_CODED_TEXT" and actual == "DV_TEXT":
        return "DV_TEXT" not in choice_types
    abstract = {"EVENT": ("POINT_EVENT", "INTERVAL_EVENT"), "PARTY_PROXY": ("PARTY_SELF", "PARTY_IDENTIFIED", "PARTY_RELATED")}
    return actual in abstract.get(base, ())


class _Encoder:
    def __init__(self, root: dict[str, Any]) -> None:
        self.paths = json_paths(root)
        self.placed: set[int] = set()  # ids of the objects matched to a template node
        self.overflow: set[int] = set()  # ids of further instances of a node that may occur once
        self.lost: list[Diagnostic] = []

    def path(self, obj: Any) -> str:
        return self.paths[id(obj)][0] if id(obj) in self.paths else "?"

    def account(self, obj: Any, rm_type: str) -> None:
        """Attributes of a written value that no FLAT table has a place for."""
        for attr in uncovered(obj, rm_type):
            what = f"{obj.get('_type') or rm_type} attribute {attr.split('.')[-1]}" if isinstance(obj, dict) else attr
            self.lost.append(no_flat_form(f"{self.path(obj)}/{attr.replace('.', '/')}", what,
                                          "FLAT has no place for this attribute"))

    def structure(self, wt: dict[str, Any], obj: dict[str, Any]) -> FlatNode:
        node = FlatNode()
        children = wt.get("children", [])
        by_path: dict[str, set[str]] = {}
        same_path: dict[tuple[str, str], int] = {}
        taken: dict[str, int] = {}
        nameless: dict[str, int] = {}  # AQL paths without name predicates: a name that tells no siblings apart
        for child in children:
            key = _nameless(child["aqlPath"])
            nameless[key] = nameless.get(key, 0) + 1
            by_path.setdefault(child["aqlPath"], set()).add(child["rmType"].split("<", 1)[0])
            same_path[(child["aqlPath"], child["rmType"])] = same_path.get((child["aqlPath"], child["rmType"]), 0) + 1
        rm_type = obj.get("_type") or wt["rmType"]
        in_tree: set[str] = set()  # attributes with a web template node (``expiry_time``)
        for child in children:
            rel = relative_steps(wt, child)
            if skip_child(rel):
                continue
            if len(rel) == 1 and rel[0][1] is None:
                in_tree.add(rel[0][0])
            choice = by_path[child["aqlPath"]] if len(by_path[child["aqlPath"]]) > 1 else set()
            if nameless[_nameless(child["aqlPath"])] == 1:
                rel = [(attr, code, None) for attr, code, _ in rel]  # data renamed the node: still this node
            matches = self.resolve(obj, rel)
            if choice:
                first = next(c for c in children if c["aqlPath"] == child["aqlPath"])
                matches = [
                    (owner, v) for owner, v in matches
                    if (v is None and child is first) or (v is not None and _compatible(child["rmType"], v, choice))
                ]  # fmt: skip
            many = child["max"] != 1
            twins = same_path.get((child["aqlPath"], child["rmType"]), 0)
            if twins > 1:  # siblings the path cannot tell apart: shared out in order
                start = taken.get(child["aqlPath"], 0)
                matches = matches[start : None if many else start + 1]
                taken[child["aqlPath"]] = start + len(matches)
            collapsed = is_collapsed(child, rel)
            for i, (owner, value) in enumerate(matches):
                if not many and i > 0:
                    self.overflow.update(id(v) for pair in matches[1:] for v in pair if v is not None)
                    break
                self.placed.add(id(value))
                if collapsed and owner is not None:
                    self.placed.add(id(owner))
                sub = self.value(child, value)
                if collapsed and owner is not None:
                    extras = encode(owner, "ELEMENT")
                    self.drop_default_name(extras, owner, child)
                    for seg, occ in extras.children.items():
                        sub.children[seg] = occ
                if sub.is_empty() and not collapsed:
                    continue
                node.children.setdefault(child["id"], {})[i if many else None] = sub
        own = encode(obj, rm_type, skip=frozenset(in_tree))
        if "nodeId" in wt:
            self.drop_default_name(own, obj, wt)
        else:
            own.children.pop("_name", None)
        if obj.get("_type") == "OBSERVATION":
            history = obj.get("data") or {}
            if history.get("origin") == self.first_event_time(wt, obj):
                own.children.pop("history_origin", None)
        for seg, occ in own.children.items():
            node.children.setdefault(seg, occ)
        node.values.update(own.values)
        return node

    def first_event_time(self, wt: dict[str, Any], obj: dict[str, Any]) -> Any:
        """The time of the event FLAT → canonical puts first (template order): the default origin."""
        for child in wt.get("children", []):
            rel = relative_steps(wt, child)
            if [a for a, _, _ in rel][:2] != ["data", "events"]:
                continue
            for _, event in self.resolve(obj, rel[:2]):
                if isinstance(event, dict) and "time" in event:
                    return event["time"]
        return None

    @staticmethod
    def drop_default_name(node: FlatNode, obj: dict[str, Any], wt: dict[str, Any]) -> None:
        name = obj.get("name")
        if isinstance(name, dict) and name.get("_type") == "DV_TEXT" and name.get("value") == wt.get("name"):
            node.children.pop("_name", None)

    def value(self, wt: dict[str, Any], value: Any) -> FlatNode:
        if value is None:
            return FlatNode()
        if wt["rmType"] in STRUCTURES:
            return self.structure(wt, value)
        node = encode(value, wt["rmType"])
        self.account(value, wt["rmType"])
        if isinstance(value, dict) and not _compatible(wt["rmType"], value, set()):
            node.values["_type"] = value.get("_type")  # not the type the template expects
        if set(node.values) == {"_type"} and not node.children and wt["rmType"] == "PARTY_PROXY":
            node.values.clear()  # PARTY_SELF, the default
        if wt["rmType"] == "DV_CODED_TEXT" and isinstance(value, dict) and value.get("_type") == "DV_TEXT":
            if None in node.values:
                node.values["other"] = node.values.pop(None)
        return node

    @staticmethod
    def resolve(
        obj: dict[str, Any], rel: list[tuple[str, str | None, str | None]]
    ) -> list[tuple[dict[str, Any] | None, Any]]:
        occ = occurrence(rel)
        cands: list[tuple[dict[str, Any] | None, Any]] = [(None, obj)]
        for i, (attr, code, name) in enumerate(rel):
            nxt: list[tuple[dict[str, Any] | None, Any]] = []
            for owner, cur in cands:
                if not isinstance(cur, dict):
                    continue
                got = cur.get(attr)
                if got is None and i == len(rel) - 1 and owner is cur and code is None:
                    nxt.append((owner, None))  # an element without a value (null flavour)
                    continue
                items = got if isinstance(got, list) else [got] if got is not None else []
                for item in items:
                    if code is not None and (not isinstance(item, dict) or item.get("archetype_node_id") != code):
                        continue
                    if name is not None and ((item.get("name") or {}).get("value") != name):
                        continue
                    nxt.append((item if i == occ else owner, item))
            cands = nxt
        return cands


def _nameless(aql_path: str) -> str:
    """The path of the archetyped node a web template node stands for, without name predicates:
    ``.../items[at0001,'Nachweis']/value`` → ``.../items[at0001]``."""
    path = NAME_PREDICATE.sub("]", aql_path)
    return path[: path.rfind("]") + 1]


def canonical_to_flat(composition: dict[str, Any], template: OperationalTemplate) -> dict[str, Any]:
    """The FLAT form of a canonical JSON composition of ``template``.

    RM attributes FLAT has a place for (``_uid``, ``_link``, ``_feeder_audit``,
    ``_other_participation``...) are written with the data. Nothing is dropped silently: data
    FLAT cannot carry — an object at a node id the template lacks, a second instance of a node
    that may occur once, an empty section, an attribute no FLAT table has — raises
    :class:`FlatEncodeError` with a ``no-flat-form`` diagnostic per part (its JSON path); the
    error's ``flat`` holds everything else, for a caller who accepts the loss explicitly. The
    deliberate differences of a round trip are listed in ``docs/reference/flat-differences.md``.

    >>> from strukturjournal.template import OperationalTemplate
    >>> from strukturjournal.aom import CArchetypeRoot
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> canonical_to_flat({"_type": "COMPOSITION", "uid": {"_type": "OBJECT_VERSION_ID", "value": "x::y::1"}}, t)
    {'composition/_uid': 'x::y::1'}
    >>> try:
    ...     canonical_to_flat({"_type": "COMPOSITION", "content": [{"_type": "OBSERVATION",
    ...         "archetype_node_id": "openEHR-EHR-OBSERVATION.pulse.v2", "name": {"value": "Puls"},
    ...         "data": {"events": [{"time": {"value": "2026-11-25T08:00:00Z"}}]}}]}, t)
    ... except FlatEncodeError as e:
    ...     print(e.diagnostics[0].path, "-", e.diagnostics[0].context["why"])
    /content/0 - no node of the template has node id openEHR-EHR-OBSERVATION.pulse.v2
    """
    tree = template_tree(template)
    encoder = _Encoder(composition)
    node = encoder.structure(tree, composition)
    out: dict[str, Any] = {}
    node.flatten(tree["id"], out)
    lost = [no_flat_form(path, repr(path.rsplit("/", 1)[-1]), why)
            for path, why in foreign_attributes(composition, RMModel.default())]
    lost += encoder.lost
    node_ids = _node_ids(tree)
    for path, obj in unplaced(composition, encoder.placed | {id(composition)}, encoder.paths, node_ids):
        code = obj.get("archetype_node_id")
        what = f"{obj.get('_type', 'object')} [{code}]"
        if code not in node_ids:
            why = f"no node of the template has node id {code}"
        elif id(obj) in encoder.overflow:
            why = "the template allows only one here"
        else:
            why = f"no node of the template here has node id {code}"
        lost.append(no_flat_form(path, what, why))
    if lost:
        first = {d.path: d for d in reversed(lost)}  # one per part: the RM's reason before the tables'
        lost = sorted(first.values(), key=lambda d: _path_key(d.path or ""))
        topmost = [d for d in lost if not any((d.path or "").startswith(f"{o.path}/") for o in lost)]
        raise FlatEncodeError(topmost, out)
    return out


def _node_ids(tree: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if "nodeId" in node:
            ids.add(node["nodeId"])
        stack.extend(node.get("children", []))
    return ids


def _path_key(path: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in path.split("/")]
