"""Walking canonical JSON data (openEHR RM JSON) along the template's constraint tree.

The walk is iterative (an explicit stack). Data paths are JSON-pointer-like
(``/content/0/data/events/0/data/items/1/value/magnitude``); archetype paths are the
constraints' AQL paths. Items of a container attribute are matched to constraint objects by
archetype node id, then by name, then by RM type; where several constraints still fit, the one
the item satisfies wins (like JSON Schema's ``anyOf``).

>>> from strukturjournal.aom import CComplexObject, CAttribute, CPrimitiveObject, CString
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t", "T", CComplexObject("DV_TEXT", attributes=[
...     CAttribute("value", [CPrimitiveObject("STRING", item=CString(list=["a"]))])]))
>>> [d.code for d in CanonicalWalker(t).walk({"_type": "DV_TEXT", "value": "b"}, t.definition, Where("", "/"))]
['value-not-allowed']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeSlot,
    CArchetypeRoot,
    CAttribute,
    CComplexObject,
    CDomainType,
    CObject,
    ConstraintRef,
    CPrimitiveObject,
)
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm import RMModel
from strukturjournal.rm._classes import RMProperty
from strukturjournal.template import OperationalTemplate
from strukturjournal.validate._checks import (
    DOMAIN_CHECKS,
    PRIMITIVE_CHECKS,
    RM_CHECKS,
    Check,
    check_null_flavour,
)
from strukturjournal.validate._report import Where, report

__all__ = ["LABEL_LANGUAGES", "CanonicalWalker"]

#: languages every message is written in
LABEL_LANGUAGES = ("en", "nb")

_Task = tuple[Any, CObject, Where]


def _own_check(node: CObject) -> tuple[Check, Any] | None:
    """The check of a node's own constraint (a primitive or a domain type), if it has one."""
    if isinstance(node, CPrimitiveObject) and node.item is not None:
        check = PRIMITIVE_CHECKS.get(type(node.item))
        return (check, node.item) if check is not None else None
    if isinstance(node, CDomainType):
        check = DOMAIN_CHECKS.get(type(node))
        return (check, node) if check is not None else None
    return None


class CanonicalWalker:
    """Checks canonical JSON values against constraint objects of one template.

    Compiled on creation: every constraint node is indexed by its AQL path (``by_path``), its
    own check (primitive or domain type) and its labels are resolved once.
    """

    def __init__(self, template: OperationalTemplate, rm: RMModel | None = None, *, names: bool = False) -> None:
        self.template = template
        self.rm = rm or RMModel.default()
        #: check names against the template's name constraints (else they only choose among siblings)
        self.names = names
        self._skip = _NOT_CHECKED - {"name"} if names else _NOT_CHECKED
        self._labels: dict[int, dict[str, str]] = {}
        self._open: dict[str, CComplexObject] = {}  # unconstrained RM types: checked as the RM says
        self._conforms: dict[tuple[str, str], bool] = {}
        self._required: dict[str, tuple[str, ...]] = {}
        #: constraint nodes by AQL path (siblings told apart by name share a path)
        self.by_path: dict[str, list[CObject]] = {}
        self._checks: dict[int, tuple[Check, Any] | None] = {}
        for node in template.iter_nodes():
            self.by_path.setdefault(node.path or "/", []).append(node)
            self._checks[id(node)] = _own_check(node)
            if node.node_id:
                self.labels(node)

    def _mandatory(self, rm_type: str) -> tuple[str, ...]:
        """RM attributes an object of ``rm_type`` must have (``value`` of ELEMENT, computed ones left out)."""
        found = self._required.get(rm_type)
        if found is None:
            props = self.rm.all_properties(rm_type)
            found = tuple(n for n, p in props.items() if p.is_mandatory and n not in _NOT_REQUIRED)
            self._required[rm_type] = found
        return found

    def conforms(self, rm_type: str, wanted: str) -> bool:
        """``rm_type`` is ``wanted`` or a subtype (cached)."""
        key = (rm_type, wanted)
        found = self._conforms.get(key)
        if found is None:
            try:
                found = self.rm.type_conforms(rm_type, wanted)
            except (ValueError, KeyError):  # not a type name at all
                found = False
            if len(self._conforms) < 10_000:  # data chooses the names: keep the cache bounded
                self._conforms[key] = found
        return found

    def labels(self, node: CObject) -> dict[str, str]:
        """The node's clinical name in every message language (cached)."""
        key = id(node)
        found = self._labels.get(key)
        if found is None:
            found = {lang: self.template.name_of(node, lang) for lang in LABEL_LANGUAGES}
            found = {k: v for k, v in found.items() if v}
            self._labels[key] = found
        return found

    def walk(self, value: Any, cobj: CObject, where: Where) -> Iterator[Diagnostic]:
        """Every diagnostic for ``value`` against ``cobj`` and everything below it."""
        stack: list[_Task] = [(value, cobj, where)]
        while stack:
            task = stack.pop()
            children: list[_Task] = []
            yield from self._node(*task, children)
            stack.extend(reversed(children))

    def errors(self, value: Any, cobj: CObject, where: Where) -> list[Diagnostic]:
        """All diagnostics at once (used to choose among alternatives)."""
        return list(self.walk(value, cobj, where))

    # --- one node
    def _node(self, value: Any, cobj: CObject, w: Where, out: list[_Task]) -> Iterator[Diagnostic]:
        if isinstance(cobj, ArchetypeInternalRef):
            target = self.template.node_at(cobj.target_path)
            if isinstance(target, CObject):
                out.append((value, target, w))
            return
        own = self._checks[id(cobj)] if id(cobj) in self._checks else _own_check(cobj)
        if isinstance(cobj, CPrimitiveObject):
            if own is not None:
                yield from own[0](value, own[1], w)
            return
        if isinstance(cobj, ArchetypeSlot | ConstraintRef):
            return
        if not isinstance(value, dict):
            yield report("wrong-type", w, value=value, expected=cobj.rm_type_name, actual=type(value).__name__)
            return
        rm_type = value.get("_type") or cobj.rm_type_name
        if not isinstance(rm_type, str) or not self.conforms(rm_type, cobj.rm_type_name):
            yield report("wrong-type", w, value=rm_type, expected=cobj.rm_type_name, actual=rm_type)
            return
        if cobj.node_id and (labels := self.labels(cobj)):
            w = replace(w, labels=labels)
        if not w.flat and self.rm.has_class(rm_type):
            known = self.rm.all_properties(rm_type)
            for key in value:
                if key != "_type" and key not in known:
                    yield report("unknown-attribute", w.child("/" + key), value=key, expected=rm_type)
            for name in self._mandatory(rm_type):
                if value.get(name) is None:
                    yield report("missing-mandatory", w.attr(name), value=name)
        base = rm_type.split("<", 1)[0]
        rm_check = RM_CHECKS.get(base)
        if rm_check is not None and not (w.flat and base in _FLAT_LENIENT):
            yield from rm_check(value, cobj, w)
        if base == "ELEMENT":
            yield from self._element(value, w)
        if isinstance(cobj, CDomainType):
            if own is not None:
                yield from own[0](value, own[1], w)
            return
        constrained: set[str] = set()
        if isinstance(cobj, CComplexObject):
            for attr in cobj.attributes:
                constrained.add(attr.rm_attribute_name)
                yield from self._attribute(value, rm_type, attr, w, out)
        if w.flat:
            return
        for key, data in value.items():
            if key == "_type" or key in constrained or data is None:
                continue
            prop = self.rm.property_of(rm_type, key)
            if prop is not None:
                yield from self._rm_value(data, prop, Where(f"{w.path}/{key}", f"{w.aql.rstrip('/')}/{key}", w.labels), out)

    # --- what the template leaves open: RM types and invariants only
    def _rm_value(self, data: Any, prop: RMProperty, w: Where, out: list[_Task]) -> Iterator[Diagnostic]:
        if prop.type_name == "Octet" and isinstance(data, str):
            return  # bytes are written as base64 text
        if not prop.is_container:
            yield from self._rm_item(data, prop.type_name, w, out)
            return
        if not isinstance(data, list | dict):
            yield report("wrong-type", w, value=data, expected=f"a list of {prop.type_name}", actual=type(data).__name__)
            return
        items = data if isinstance(data, list) else list(data.values())
        for i, item in enumerate(items):
            yield from self._rm_item(item, prop.type_name, w.child(f"/{i}"), out)

    def _rm_item(self, item: Any, type_name: str, w: Where, out: list[_Task]) -> Iterator[Diagnostic]:
        expected = _PRIMITIVES.get(type_name)
        if expected is not None:
            if not isinstance(item, expected) or (isinstance(item, bool) and bool not in expected):
                yield report("wrong-type", w, value=item, expected=type_name, actual=type(item).__name__)
            return
        if isinstance(item, dict):
            synthetic = self._open.get(type_name)
            if synthetic is None:
                synthetic = self._open[type_name] = CComplexObject(type_name)
            out.append((item, synthetic, w))
        elif self.rm.has_class(type_name):
            yield report("wrong-type", w, value=item, expected=type_name, actual=type(item).__name__)

    def _element(self, value: dict[str, Any], w: Where) -> Iterator[Diagnostic]:
        null_flavour = value.get("null_flavour")
        if null_flavour is not None:
            yield from check_null_flavour(null_flavour, w.attr("null_flavour"))
            if value.get("value") is not None:
                yield report("invalid-null-flavour", w.attr("null_flavour"), value="null flavour and a value",
                             allowed="one of them")
        elif value.get("value") is None:
            yield report("missing-mandatory", w.attr("value"), value="value or null_flavour")

    def _attribute(
        self, value: dict[str, Any], rm_type: str, attr: CAttribute, w: Where, out: list[_Task]
    ) -> Iterator[Diagnostic]:
        name = attr.rm_attribute_name
        if name in self._skip:
            return
        data = value.get(name)
        path = w.attr(name).path if w.flat else f"{w.path}/{name}"
        aw = Where(path, attr.path or f"{w.aql}/{name}", w.labels, w.flat)
        if name == "value" and rm_type == "ELEMENT" and value.get("null_flavour") is not None:
            return
        prop = self.rm.property_of(rm_type, name)
        multiple = attr.is_multiple or (prop is not None and prop.is_container)
        if data is None:
            if w.flat:
                return
            required = attr.existence is not None and (attr.existence.lower or 0) >= 1
            if multiple:
                for child in attr.children:
                    if child.is_required and not isinstance(child, ArchetypeSlot):
                        cw = Where(aw.path, child.path or aw.aql, self.labels(child) or w.labels)
                        yield report("missing-mandatory", cw, value=self._describe(child))
            elif required and name != "value":
                yield report("missing-mandatory", aw, value=name)
            return
        if multiple:
            if not isinstance(data, list):
                yield report("wrong-type", aw, value=data, expected="a list", actual=type(data).__name__)
                return
            yield from self._container(data, attr, aw, out)
            return
        if isinstance(data, list):
            yield report("wrong-type", aw, value=data, expected="one value", actual="a list")
            return
        if not attr.children:
            return
        chosen, errors = self._choose(data, attr.children, aw)
        if chosen is None:
            yield from errors
        else:
            out.append((data, chosen, Where(aw.path, chosen.path or aw.aql, aw.labels, w.flat)))

    def _container(self, data: list[Any], attr: CAttribute, aw: Where, out: list[_Task]) -> Iterator[Diagnostic]:
        card = attr.cardinality.interval if attr.cardinality is not None else None
        if card is not None and card.upper is not None and len(data) > card.upper:
            yield report("too-many", aw, value=len(data), allowed=card.upper)
        if card is not None and card.lower is not None and len(data) < card.lower:
            yield report("too-few", aw, value=len(data), allowed=card.lower)
        counts: dict[int, int] = {}
        for i, item in enumerate(data):
            iw = Where(f"{aw.path}/{i}", aw.aql, aw.labels, aw.flat)
            chosen, errors = self._choose(item, attr.children, iw)
            if chosen is None:
                yield from errors
                continue
            counts[id(chosen)] = counts.get(id(chosen), 0) + 1
            out.append((item, chosen, Where(iw.path, chosen.path or aw.aql, iw.labels, aw.flat)))
        for child in attr.children:
            if isinstance(child, ArchetypeSlot):
                continue
            n = counts.get(id(child), 0)
            occ = child.occurrences
            cw = Where(aw.path, child.path or aw.aql, self.labels(child) or aw.labels, aw.flat)
            if occ is not None and occ.upper is not None and n > occ.upper:
                yield report("too-many", cw, value=n, allowed=occ.upper)
            lower = 1 if occ is None else (occ.lower or 0)
            if n < lower:
                if n == 0:
                    yield report("missing-mandatory", cw, value=self._describe(child))
                else:
                    yield report("too-few", cw, value=n, allowed=lower)

    def _describe(self, child: CObject) -> str:
        name = self.labels(child).get("en")
        return f"{child.rm_type_name} {name}" if name else child.rm_type_name

    # --- which constraint an item answers to
    def _choose(self, item: Any, children: list[CObject], w: Where) -> tuple[CObject | None, list[Diagnostic]]:
        """The constraint object ``item`` answers to, or ``None`` and why not."""
        if not isinstance(item, dict):
            prims = [c for c in children if isinstance(c, CPrimitiveObject)]
            if prims:
                return prims[0], []
            return None, [report("wrong-type", w, value=item, expected=children[0].rm_type_name, actual=type(item).__name__)]
        node_id = item.get("archetype_node_id")
        rm_type = item.get("_type")
        candidates = [c for c in children if not isinstance(c, ArchetypeSlot) and not c.is_prohibited]
        if isinstance(node_id, str):
            by_id = [c for c in candidates if _key(c) == node_id]
            if not by_id:
                slots = [c for c in children if isinstance(c, ArchetypeSlot) and c.allows(node_id)]
                if slots:
                    return slots[0], []
                return None, [report("unknown-path", w, value=f"{rm_type or 'object'} [{node_id}]")]
            candidates = by_id
        if isinstance(rm_type, str):
            typed = [c for c in candidates if self.conforms(rm_type, c.rm_type_name)]
            if not typed:
                allowed = sorted({c.rm_type_name for c in candidates}) or ["nothing"]
                return None, [report("wrong-type", w, value=rm_type, expected=" or ".join(allowed), actual=rm_type)]
            candidates = typed
        if len(candidates) > 1:
            name = item.get("name")
            text = name.get("value") if isinstance(name, dict) else None
            named = [c for c in candidates if text is not None and self.template.fixed_name(c) == text]
            candidates = named or candidates
        if not candidates:
            return None, [report("unknown-path", w, value=f"{rm_type or 'object'}")]
        if len(candidates) == 1:
            return candidates[0], []
        best: tuple[int, CObject, list[Diagnostic]] | None = None
        for c in candidates:
            errors = self.errors(item, c, Where(w.path, c.path or w.aql, self.labels(c) or w.labels, w.flat))
            if not errors:
                return c, []
            if best is None or len(errors) < best[0]:
                best = (len(errors), c, errors)
        assert best is not None
        return None, best[2]


_FLAT_LENIENT = frozenset({"DV_QUANTITY", "DV_COUNT", "DV_PROPORTION"})


_NUMBER = (int, float)
_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "String": (str,), "Character": (str,), "Boolean": (bool,), "Integer": (int,), "Integer64": (int,),
    "Real": _NUMBER, "Double": _NUMBER, "PROPORTION_KIND": (int,),
}  # fmt: skip

# RM-mandatory attributes not required in data: ``is_integral`` and the interval flags follow from
# other data; magnitude, units, value... are checked by the RM checks with a better message
_NOT_REQUIRED = frozenset({
    "is_integral", "magnitude", "units", "value", "numerator", "denominator", "type",
    "lower_included", "upper_included", "lower_unbounded", "upper_unbounded",  # follow from the bounds given
})

# ``name`` constraints pick among siblings but are not enforced unless asked (tools rename nodes freely);
# ``is_integral`` is computed, not stored, in RM 1.1
_NOT_CHECKED = frozenset({"name", "is_integral"})


def _key(node: CObject) -> str | None:
    if isinstance(node, CArchetypeRoot) and node.archetype_id:
        return node.archetype_id
    return node.node_id or None
