"""FLAT → canonical: the composition built node by node along the template's web template.

Structure nodes the web template hides (``HISTORY``, ``ITEM_TREE``) are created from the
template, with the template's names; ``ctx/`` entries fill what the composition leaves out.
The public entry point is :func:`strukturjournal.export.flat.flat_to_canonical`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from strukturjournal.export._flat_codec import FlatDecodeError, FlatNode, concrete_type, decode
from strukturjournal.export._flat_tree import (
    ELEMENT_EXTRAS,
    ENTRIES,
    INDEX,
    RM_VERSION,
    STRUCTURES,
    dv_text,
    is_collapsed,
    occurrence,
    relative_steps,
    template_tree,
)
from strukturjournal.rm import RMModel
from strukturjournal.rm.terminology import PARTICIPATION_MODES, code_for
from strukturjournal.template import OperationalTemplate
from strukturjournal.template._wt_model import Seg, openehr_rubric

__all__ = ['flat_to_canonical']

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
            m = INDEX.match(seg)
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
            obj["name"] = dv_text(wt.get("name", ""))
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
            rel = relative_steps(wt, child)
            for index in sorted(occurrences, key=lambda i: i or 0):
                self.attach(obj, wt, child, rel, occurrences[index])
        decode(rm_type, node, extra_ok=frozenset(consumed), into=obj)
        self.defaults(obj)
        return obj

    def value(self, wt: dict[str, Any], node: FlatNode) -> Any:
        if wt["rmType"] in STRUCTURES:
            return self.structure(wt, node)
        if node.is_empty():
            return None
        if "raw" in node.values:
            return _raw(wt, node)
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
        tid = code_phrase.get("terminology_id")
        if value.get("_type") in ("DV_ORDINAL", "DV_SCALE") and isinstance(tid, dict) and tid.get("value") == "undefined":
            del code_phrase["terminology_id"]  # what the SDK writes for "not given": the template's applies
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
        collapsed = is_collapsed(child, rel)
        extras = FlatNode()
        if collapsed:
            own = FlatNode(values=node.values)
            for seg, occurrences in node.children.items():
                (extras if seg in ELEMENT_EXTRAS else own).children[seg] = occurrences
            node = own
        value = self.value(child, node)
        occ = occurrence(rel)
        cur = obj
        path = "" if parent["aqlPath"] == "/" else parent["aqlPath"]
        for i, (attr, code, name) in enumerate(rel[:-1]):
            path += Seg(attr, code, name).format()
            if collapsed and i == occ:  # the element a value node stands for: one per occurrence
                element: dict[str, Any] = {
                    "_type": "ELEMENT",
                    "name": dv_text(child.get("name", "")),
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
            out["name"] = dv_text(text)
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
        if rm_type in ENTRIES:
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


def _raw(wt: dict[str, Any], node: FlatNode) -> dict[str, Any]:
    """A value given whole as canonical JSON (``.../systolic|raw``), as text or as an object."""
    raw = node.values["raw"]
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise FlatDecodeError(f"{wt['id']}|raw is not JSON text ({exc})") from exc
    if not isinstance(raw, dict):
        raise FlatDecodeError(f"{wt['id']}|raw: expected a JSON object (a {wt['rmType']}), got {type(raw).__name__}")
    others = sorted(str(k) for k in node.values if k != "raw") + sorted(node.children)
    if others:
        raise FlatDecodeError(f"{wt['id']}|raw comes with other parts of the same value ({', '.join(others)}): give one or the other")
    return {"_type": wt["rmType"], **raw}


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
    tree = template_tree(template)
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
    context = comp.get("context")
    if isinstance(context, dict) and context.get("start_time") is None:
        raise FlatDecodeError(
            f"{tree['id']}/context/start_time: the composition has a context but no start time, which the RM "
            f"requires (EVENT_CONTEXT.start_time); give ctx/time or {tree['id']}/context/start_time")
    return comp


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
        elif rm_type == "PARTICIPATION":
            if cur.get("performer") is None:
                cur["performer"] = {"_type": "PARTY_SELF"}  # no performer given: the subject, as the SDK reads it
            mode = cur.get("mode")
            if isinstance(mode, dict) and "defining_code" not in mode:
                text = mode.get("value")
                code = code_for(PARTICIPATION_MODES, text) if isinstance(text, str) else None
                if code is None:
                    raise FlatDecodeError(
                        f"participation mode {text!r} is not a mode of the openEHR terminology (give |mode_code, "
                        f"or one of: {', '.join(repr(t) for t in list(PARTICIPATION_MODES.values())[:6])}...)")
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
