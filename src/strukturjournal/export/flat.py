"""FLAT compositions to canonical JSON and back, guided by the template's web template.

A FLAT path is made of web template node ids (``vital_signs/blood_pressure:0/any_event:0/
systolic|magnitude``); the web template gives each id its AQL path, so the canonical object
tree (composition, observation, history, event, item tree, element, quantity) can be built
from it, and read back. Structure nodes the web template hides (``HISTORY``, ``ITEM_TREE``)
are created from the template, with the template's names.

>>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
>>> from strukturjournal.base import CodePhrase
>>> from strukturjournal.template import OperationalTemplate
>>> onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Note"})}})
>>> t = OperationalTemplate("note.v1", "Note", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.note.v1", ontology=onto))
>>> flat = {"note/language|code": "en", "note/language|terminology": "ISO_639-1",
...         "note/territory|code": "NO", "note/territory|terminology": "ISO_3166-1",
...         "note/composer|name": "Kari"}
>>> comp = flat_to_canonical(flat, t)
>>> comp["_type"], comp["name"]["value"], comp["composer"]["name"]
('COMPOSITION', 'Note', 'Kari')
>>> back = canonical_to_flat(comp, t)
>>> {k: v for k, v in back.items() if k not in flat}  # the RM's mandatory category, defaulted
{'note/category|code': '433', 'note/category|value': 'event', 'note/category|terminology': 'openehr'}
"""

from __future__ import annotations

import copy
import re
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.export._flat_codec import (
    FlatDecodeError,
    FlatNode,
    concrete_type,
    decode,
    encode,
)
from strukturjournal.export._wt_cache import web_template
from strukturjournal.rm import RMModel
from strukturjournal.template import OperationalTemplate
from strukturjournal.template._wt_model import Seg, openehr_rubric
from strukturjournal.template.model import split_aql_path

__all__ = ["RM_VERSION", "FlatDecodeError", "canonical_to_flat", "check_rm_types", "flat_to_canonical"]

RM_VERSION = "1.1.0"
"""The ``archetype_details.rm_version`` written on archetype roots."""

_INDEX = re.compile(r"^(.*?)(?::(\d+))?$")
_ENTRIES = {"OBSERVATION", "EVALUATION", "INSTRUCTION", "ACTION", "ADMIN_ENTRY"}
_STRUCTURES = {
    "COMPOSITION", "SECTION", "OBSERVATION", "EVALUATION", "INSTRUCTION", "ACTION", "ADMIN_ENTRY",
    "GENERIC_ENTRY", "ACTIVITY", "EVENT", "POINT_EVENT", "INTERVAL_EVENT", "CLUSTER", "ELEMENT",
    "EVENT_CONTEXT", "ISM_TRANSITION", "ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE",
    "HISTORY",
}  # fmt: skip
_ELEMENT_EXTRAS = {"_uid", "_link", "_feeder_audit", "_null_flavour", "_null_reason", "_name"}


def _tree(template: OperationalTemplate) -> dict[str, Any]:
    return web_template(template)["tree"]


def _rel(parent: dict[str, Any], child: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    base = [] if parent["aqlPath"] == "/" else split_aql_path(parent["aqlPath"])
    segs = split_aql_path(child["aqlPath"])[len(base) :]
    return [(a, c, n.replace("\\'", "'").replace("\\\\", "\\") if n else n) for a, c, n in segs]


def _occurrence(rel: list[tuple[str, str | None, str | None]]) -> int:
    for i in range(len(rel) - 1, -1, -1):
        if rel[i][1] is not None:
            return i
    return -1


def _is_collapsed(child: dict[str, Any], rel: list[tuple[str, str | None, str | None]]) -> bool:
    """A value node standing for its element (``.../items[at0004]/value``)."""
    occ = _occurrence(rel)
    return child["rmType"] not in _STRUCTURES and occ >= 0 and occ == len(rel) - 2 and rel[-1][0] == "value"


def _skip_child(rel: list[tuple[str, str | None, str | None]]) -> bool:
    # ACTION/instruction_details is written as /_instruction_details (the spec's FLAT form)
    return bool(rel) and rel[0][0] == "instruction_details"


def _dv_text(value: str) -> dict[str, Any]:
    return {"_type": "DV_TEXT", "value": value}


# ---------------------------------------------------------------- FLAT -> canonical


def _parse(flat: dict[str, Any]) -> tuple[str, FlatNode, dict[str, Any]]:
    roots: dict[str, FlatNode] = {}
    ctx: dict[str, Any] = {}
    for key, value in flat.items():
        path, bar, suffix = key.partition("|")
        segs = path.split("/")
        if segs[0] == "ctx":
            ctx["/".join(segs[1:]) + (bar + suffix)] = value
            continue
        node = roots.setdefault(segs[0], FlatNode())
        for seg in segs[1:]:
            m = _INDEX.match(seg)
            assert m is not None
            node = node.child(m.group(1), int(m.group(2)) if m.group(2) is not None else None)
        node.values[suffix if bar else None] = value
    if len(roots) != 1:
        raise FlatDecodeError(f"a FLAT composition has one root, found {sorted(roots) or 'none'}")
    root_id, root = next(iter(roots.items()))
    return root_id, root, ctx


def _apply_ctx(root: FlatNode, ctx: dict[str, Any]) -> None:
    """Fill what ``ctx/...`` entries stand for where the composition does not say it itself."""

    def put(node: FlatNode, suffix: str | None, value: Any) -> None:
        node.values.setdefault(suffix, value)

    if "language" in ctx and "language" not in root.children:
        put(root.child("language"), "code", ctx["language"])
        put(root.child("language"), "terminology", "ISO_639-1")
    if "territory" in ctx and "territory" not in root.children:
        put(root.child("territory"), "code", ctx["territory"])
        put(root.child("territory"), "terminology", "ISO_3166-1")
    if "composer" not in root.children and not ctx.get("composer_self"):
        for key, suffix in (("composer_name", "name"), ("composer_id", "id"),
                            ("id_scheme", "id_scheme"), ("id_namespace", "id_namespace")):  # fmt: skip
            if key in ctx and (key not in ("id_scheme", "id_namespace") or "composer_id" in ctx):
                put(root.child("composer"), suffix, ctx[key])
    context = root.child("context")
    if "time" in ctx:
        put(context.child("start_time"), None, ctx["time"])
    if "end_time" in ctx:
        put(context.child("_end_time"), None, ctx["end_time"])
    if "setting" in ctx:
        put(context.child("setting"), "code", ctx["setting"])
    hcf = {k.split("|", 1)[1]: v for k, v in ctx.items() if k.startswith("health_care_facility|")}
    if hcf and "_health_care_facility" not in context.children:
        for k, v in hcf.items():
            put(context.child("_health_care_facility"), k, v)
    parts: dict[int, dict[str, Any]] = {}
    for key, value in ctx.items():
        if key.startswith("participation_"):
            name, _, index = key[len("participation_") :].partition(":")
            parts.setdefault(int(index or 0), {})[name] = value
    if parts and "_participation" not in context.children:
        for i, fields in sorted(parts.items()):
            node = context.child("_participation", i)
            for k, v in fields.items():
                put(node, k, v)
            for k in ("id_scheme", "id_namespace"):
                if "id" in fields and k in ctx:
                    put(node, k, ctx[k])


class _Decoder:
    def __init__(self, template: OperationalTemplate, lang_code: dict[str, Any] | None) -> None:
        self.template = template
        self.rm = RMModel.default()
        self.language = lang_code

    def aom(self, path: str) -> Any:
        try:
            return self.template.node_at(path)
        except ValueError:
            return None

    def structure(self, wt: dict[str, Any], node: FlatNode) -> dict[str, Any]:
        rm_type = concrete_type(wt["rmType"], node)
        obj: dict[str, Any] = {"_type": rm_type}
        if "nodeId" in wt:
            obj["name"] = _dv_text(wt.get("name", ""))
            obj["archetype_node_id"] = wt["nodeId"]
            if wt["nodeId"].startswith("openEHR-"):
                details: dict[str, Any] = {
                    "_type": "ARCHETYPED",
                    "archetype_id": {"_type": "ARCHETYPE_ID", "value": wt["nodeId"]},
                }
                if rm_type == "COMPOSITION":
                    details["template_id"] = {"_type": "TEMPLATE_ID", "value": self.template.template_id}
                details["rm_version"] = RM_VERSION
                obj["archetype_details"] = details
        consumed: set[str] = set()
        for child in wt.get("children", []):
            occurrences = node.children.get(child["id"])
            if not occurrences:
                continue
            consumed.add(child["id"])
            rel = _rel(wt, child)
            for index in sorted(occurrences, key=lambda i: i or 0):
                self.attach(obj, wt, child, rel, occurrences[index])
        decode(rm_type, node, extra_ok=frozenset(consumed), into=obj)
        self.defaults(obj)
        return obj

    def value(self, wt: dict[str, Any], node: FlatNode) -> Any:
        if wt["rmType"] in _STRUCTURES:
            return self.structure(wt, node)
        if node.is_empty():
            return None
        value = decode(wt["rmType"], node)
        if isinstance(value, dict) and value.get("_type") in ("DV_CODED_TEXT", "DV_ORDINAL", "DV_SCALE"):
            self.fill_code(wt, value)
        return value

    def fill_code(self, wt: dict[str, Any], value: dict[str, Any]) -> None:
        """Terminology and label of a coded value from the web template (as the SDK does)."""
        coded = value.get("symbol", value)
        code_phrase = coded.get("defining_code")
        if not isinstance(code_phrase, dict):
            return
        code = code_phrase.get("code_string")
        if wt["aqlPath"] in ("/category", "/context/setting") and "terminology_id" not in code_phrase:
            code_phrase["terminology_id"] = {"_type": "TERMINOLOGY_ID", "value": "openehr"}
            rubric = openehr_rubric(code or "")
            if "value" not in coded and rubric:
                coded["value"] = rubric
        for inp in wt.get("inputs", []):
            if inp.get("suffix") not in (None, "code"):
                continue
            if "terminology_id" not in code_phrase and inp.get("list"):
                code_phrase["terminology_id"] = {"_type": "TERMINOLOGY_ID", "value": inp.get("terminology", "local")}
            for item in inp.get("list", []):
                if item.get("value") == code:
                    if "value" not in coded and "label" in item:
                        coded["value"] = item["label"]
                    if value.get("_type") != "DV_CODED_TEXT" and "value" not in value and "ordinal" in item:
                        value["value"] = item["ordinal"]

    def attach(
        self,
        obj: dict[str, Any],
        parent: dict[str, Any],
        child: dict[str, Any],
        rel: list[tuple[str, str | None, str | None]],
        node: FlatNode,
    ) -> None:
        collapsed = _is_collapsed(child, rel)
        extras = FlatNode()
        if collapsed:
            own = FlatNode(values=node.values)
            for seg, occurrences in node.children.items():
                (extras if seg in _ELEMENT_EXTRAS else own).children[seg] = occurrences
            node = own
        value = self.value(child, node)
        occ = _occurrence(rel)
        cur = obj
        path = "" if parent["aqlPath"] == "/" else parent["aqlPath"]
        for i, (attr, code, name) in enumerate(rel[:-1]):
            path += Seg(attr, code, name).format()
            if collapsed and i == occ:  # the element a value node stands for: one per occurrence
                element: dict[str, Any] = {
                    "_type": "ELEMENT",
                    "name": _dv_text(child.get("name", "")),
                    "archetype_node_id": code,
                }
                decode("ELEMENT", extras, into=element)
                self.put(cur, attr, element)
                cur = element
                continue
            found = self.find(cur, attr, code, name)
            if found is None:
                found = self.intermediate(cur, attr, code, name, path)
                self.put(cur, attr, found)
            cur = found
        if value is not None:
            self.put(cur, rel[-1][0], value)

    @staticmethod
    def find(cur: dict[str, Any], attr: str, code: str | None, name: str | None) -> dict[str, Any] | None:
        existing = cur.get(attr)
        items = existing if isinstance(existing, list) else [existing] if existing is not None else []
        for item in items:
            if not isinstance(item, dict):
                continue
            if code is not None and item.get("archetype_node_id") != code:
                continue
            if name is not None and (item.get("name") or {}).get("value") != name:
                continue
            return item
        return None

    def intermediate(
        self, cur: dict[str, Any], attr: str, code: str | None, name: str | None, path: str
    ) -> dict[str, Any]:
        aom = self.aom(path)
        rm_type = getattr(aom, "rm_type_name", None)
        rm_type = {"EVENT": "POINT_EVENT", "ITEM_STRUCTURE": "ITEM_TREE"}.get(rm_type or "", rm_type)
        if rm_type is None:
            prop = self.rm.property_of(cur.get("_type", ""), attr)
            rm_type = prop.type_name if prop else "UNKNOWN"
        out: dict[str, Any] = {"_type": rm_type}
        if code is not None:
            text = name if name is not None else (self.template.name_of(aom) if aom is not None and hasattr(aom, "node_id") else "")
            out["name"] = _dv_text(text)
            out["archetype_node_id"] = code
        return out

    def put(self, cur: dict[str, Any], attr: str, value: Any) -> None:
        prop = self.rm.property_of(cur.get("_type", ""), attr)
        if prop is not None and prop.is_container:
            cur.setdefault(attr, []).append(value)
        else:
            cur[attr] = value

    def defaults(self, obj: dict[str, Any]) -> None:
        """What the RM requires and FLAT leaves out: entry language, encoding, subject; history origin."""
        rm_type = obj["_type"]
        if rm_type in _ENTRIES:
            if "language" not in obj and self.language is not None:
                obj["language"] = copy.deepcopy(self.language)
            obj.setdefault("encoding", {
                "_type": "CODE_PHRASE",
                "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "IANA_character-sets"},
                "code_string": "UTF-8",
            })  # fmt: skip
            obj.setdefault("subject", {"_type": "PARTY_SELF"})
        if rm_type == "OBSERVATION":
            history = obj.get("data")
            if isinstance(history, dict) and "origin" not in history:
                events = history.get("events") or []
                if events and "time" in events[0]:
                    history["origin"] = copy.deepcopy(events[0]["time"])
        if rm_type == "COMPOSITION":
            obj.setdefault("composer", {"_type": "PARTY_SELF"})
            obj.setdefault("category", {
                "_type": "DV_CODED_TEXT",
                "value": "event",
                "defining_code": {
                    "_type": "CODE_PHRASE",
                    "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "openehr"},
                    "code_string": "433",
                },
            })  # fmt: skip


def flat_to_canonical(flat: dict[str, Any], template: OperationalTemplate) -> dict[str, Any]:
    """The canonical JSON composition (as a dict) of a FLAT composition of ``template``.

    ``ctx/...`` entries fill what the composition leaves out (language, territory, composer,
    start time, setting, health care facility, participations). Entries (observations...) get
    the RM defaults FLAT may leave out: the composition's language, ``UTF-8`` encoding, subject
    ``PARTY_SELF``; an observation's history origin is its first event's time. Raises
    :class:`FlatDecodeError` for a path the template does not have.

    >>> from strukturjournal.template import OperationalTemplate
    >>> from strukturjournal.aom import CArchetypeRoot
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> flat_to_canonical({"id/nothing": 1}, t)
    Traceback (most recent call last):
    ...
    strukturjournal.export._flat_codec.FlatDecodeError: COMPOSITION has no FLAT part /nothing
    """
    _, root, ctx = _parse(flat)
    tree = _tree(template)
    if ctx:
        _apply_ctx(root, ctx)
        if ctx.get("composer_self"):
            root.child("composer").values.setdefault("_type", "PARTY_SELF")
    language = None
    lang_node = root.children.get("language", {}).get(None)
    if lang_node is not None:
        language = decode("CODE_PHRASE", lang_node)
    decoder = _Decoder(template, language)
    comp = decoder.structure(tree, root)
    _required_defaults(comp)
    return comp


_MODES = {
    "not specified": "193", "face-to-face communication": "216",
    "interpreted face-to-face communication": "217", "non-face-to-face communication": "218",
    "interpreted non-face-to-face communication": "219", "signing": "220", "telephone": "221",
}  # fmt: skip


def _required_defaults(obj: Any) -> None:
    """Values the RM requires that a FLAT composition may leave out (as the SDK fills them)."""
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, list):
            stack += cur
            continue
        if not isinstance(cur, dict):
            continue
        rm_type = cur.get("_type")
        if rm_type == "PARTY_REF":
            cur.setdefault("namespace", "DEMOGRAPHIC")
            cur.setdefault("type", "PARTY")
        elif rm_type == "LOCATABLE_REF":
            cur.setdefault("namespace", "local")
            cur.setdefault("type", "INSTRUCTION")
        elif rm_type == "PARTICIPATION" and isinstance(cur.get("mode"), dict):
            mode = cur["mode"]
            code = _MODES.get(mode.get("value", ""))
            if "defining_code" not in mode and code:
                mode["defining_code"] = {
                    "_type": "CODE_PHRASE",
                    "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "openehr"},
                    "code_string": code,
                }
        if rm_type == "DV_MULTIMEDIA" and isinstance(cur.get("media_type"), dict):
            cur["media_type"].setdefault("terminology_id", {"_type": "TERMINOLOGY_ID", "value": "IANA_media-types"})
        if rm_type == "CODE_PHRASE" and "terminology_id" not in cur:
            cur["terminology_id"] = {"_type": "TERMINOLOGY_ID", "value": "local"}
        if rm_type == "DV_STATE":
            cur.setdefault("is_terminal", False)
        normal = cur.get("normal_status")
        if isinstance(normal, dict) and "terminology_id" not in normal:
            normal["terminology_id"] = {"_type": "TERMINOLOGY_ID", "value": "openehr_normal_statuses"}
        stack += list(cur.values())


# ---------------------------------------------------------------- canonical -> FLAT


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
    def structure(self, wt: dict[str, Any], obj: dict[str, Any]) -> FlatNode:
        node = FlatNode()
        children = wt.get("children", [])
        by_path: dict[str, set[str]] = {}
        same_path: dict[tuple[str, str], int] = {}
        taken: dict[str, int] = {}
        for child in children:
            by_path.setdefault(child["aqlPath"], set()).add(child["rmType"].split("<", 1)[0])
            same_path[(child["aqlPath"], child["rmType"])] = same_path.get((child["aqlPath"], child["rmType"]), 0) + 1
        rm_type = obj.get("_type") or wt["rmType"]
        in_tree: set[str] = set()  # attributes with a web template node (``expiry_time``)
        for child in children:
            rel = _rel(wt, child)
            if _skip_child(rel):
                continue
            if len(rel) == 1 and rel[0][1] is None:
                in_tree.add(rel[0][0])
            choice = by_path[child["aqlPath"]] if len(by_path[child["aqlPath"]]) > 1 else set()
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
            collapsed = _is_collapsed(child, rel)
            for i, (owner, value) in enumerate(matches):
                if not many and i > 0:
                    break
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
            rel = _rel(wt, child)
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
        if wt["rmType"] in _STRUCTURES:
            return self.structure(wt, value)
        node = encode(value, wt["rmType"])
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
        occ = _occurrence(rel)
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


def canonical_to_flat(composition: dict[str, Any], template: OperationalTemplate) -> dict[str, Any]:
    """The FLAT form of a canonical JSON composition of ``template``.

    Data the template has no node for is not written; RM attributes FLAT has a place for
    (``_uid``, ``_link``, ``_feeder_audit``, ``_other_participation``...) are.

    >>> from strukturjournal.template import OperationalTemplate
    >>> from strukturjournal.aom import CArchetypeRoot
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> canonical_to_flat({"_type": "COMPOSITION", "uid": {"_type": "OBJECT_VERSION_ID", "value": "x::y::1"}}, t)
    {'composition/_uid': 'x::y::1'}
    """
    tree = _tree(template)
    node = _Encoder().structure(tree, composition)
    out: dict[str, Any] = {}
    node.flatten(tree["id"], out)
    return out


# ---------------------------------------------------------------- RM type check


def check_rm_types(composition: Any, path: str = "") -> list[Diagnostic]:
    """Diagnostics for every ``_type`` that is not a class of the RM.

    The ITS JSON schema lets an object with an unknown ``_type`` pass (it falls through to the
    generic object); this catches it.

    >>> check_rm_types({"_type": "COMPOSITION", "name": {"_type": "DV_TXET", "value": "x"}})[0].path
    '/name'
    """
    rm = RMModel.default()
    out: list[Diagnostic] = []
    stack: list[tuple[Any, str]] = [(composition, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            rm_type = value.get("_type")
            if isinstance(rm_type, str) and not rm.has_class(rm_type.split("<", 1)[0]):
                out.append(
                    Diagnostic(
                        "unknown-rm-type",
                        f"{rm_type!r} is not a class of the openEHR reference model",
                        path=where or "/",
                        context={"type": rm_type},
                    )
                )
            stack += [(v, f"{where}/{k}") for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, f"{where}/{i}") for i, v in reversed(list(enumerate(value)))]
    return out

