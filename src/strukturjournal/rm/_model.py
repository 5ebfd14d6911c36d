"""The reference model as facts: classes, their ancestors and their typed properties.

:class:`RMModel` answers the questions an archetype or entry checker asks of the
openEHR RM: does a class exist, which attributes does it have (inherited ones
included), what is an attribute's static type, and does a type conform to it.

>>> rm = RMModel.default()
>>> rm.property_of("OBSERVATION", "data").type_name
'HISTORY<ITEM_STRUCTURE>'
>>> rm.type_conforms("DV_CODED_TEXT", rm.property_of("ELEMENT", "value").type_name)
True
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm._classes import (
    RMClass,
    RMProperty,
    class_facts,
    class_from_facts,
    compact_json,
)
from strukturjournal.rm._types import (
    ARCHETYPE_PRIMITIVE_TYPES,
    archetype_primitive,
    format_type,
    parse_type,
    substitute_type,
    type_root,
)

__all__ = ["FACTS_FORMAT", "RMClass", "RMModel", "RMProperty"]

FACTS_FORMAT = "strukturjournal-rm-facts/1"
"""The ``format`` tag of the facts JSON written by :meth:`RMModel.to_facts`."""

_DEFAULT_FACTS = "openehr_rm_1.1.0.json"


@dataclass(frozen=True, eq=True)
class RMModel:
    """A whole reference model: a class table with inheritance and type queries.

    ``diagnostics`` holds what :func:`~strukturjournal.rm.load_bmm` noticed
    (missing includes, unknown types); it does not take part in equality.

    >>> rm = RMModel.default()
    >>> rm.release, rm.has_class("OBSERVATION"), rm.has_class("DV_INTERVAL<DV_COUNT>")
    ('1.1.0', True, True)
    """

    classes: Mapping[str, RMClass]
    release: str = ""
    schemas: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)
    _lineage: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _children: dict[str, list[str]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # answers to property queries, per (type, attribute): the model never changes once built
    _memo: dict[tuple[str, str | None], Any] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    __hash__ = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        for name, cls in self.classes.items():
            for anc in cls.ancestors:
                self._children.setdefault(type_root(anc), []).append(name)
        for kids in self._children.values():
            kids.sort()

    def __repr__(self) -> str:
        return f"<RMModel release={self.release!r} classes={len(self.classes)}>"

    # ------------------------------------------------------------ loading

    @classmethod
    def default(cls) -> RMModel:
        """The openEHR RM 1.1.0 (with BASE 1.1.0) shipped with the library; cached.

        >>> RMModel.default() is RMModel.default()
        True
        """
        return _default_model()

    def to_facts(self) -> dict[str, Any]:
        """A JSON-ready dict of the model's facts (see :meth:`from_facts`).

        >>> facts = RMModel.default().to_facts()
        >>> facts["classes"]["OBSERVATION"]["ancestors"]
        ['CARE_ENTRY']
        """
        return {
            "format": FACTS_FORMAT,
            "release": self.release,
            "schemas": list(self.schemas),
            "classes": {name: class_facts(c) for name, c in sorted(self.classes.items())},
        }

    def to_facts_json(self) -> str:
        """The facts as deterministic JSON text: sorted keys, one class per line.

        >>> RMModel.default().to_facts_json().splitlines()[0]
        '{'
        """
        facts = self.to_facts()
        classes = facts.pop("classes")
        lines = [f"  {json.dumps(k)}: {compact_json(v)}" for k, v in sorted(facts.items())]
        body = ",\n".join(f"    {json.dumps(n)}: {compact_json(c)}" for n, c in classes.items())
        lines.append(f'  "classes": {{\n{body}\n  }}')
        return "{\n" + ",\n".join(lines) + "\n}\n"

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> RMModel:
        """Rebuild a model from :meth:`to_facts` output.

        >>> rm = RMModel.default()
        >>> RMModel.from_facts(rm.to_facts()) == rm
        True
        """
        if facts.get("format") != FACTS_FORMAT:
            raise ValueError(f"not RM facts of format {FACTS_FORMAT!r}: {facts.get('format')!r}")
        classes = {name: class_from_facts(name, c) for name, c in facts["classes"].items()}
        return cls(classes, str(facts.get("release", "")), tuple(facts.get("schemas", ())))

    # ------------------------------------------------------------ classes

    def has_class(self, name: str) -> bool:
        """Whether the class (the root of a generic type name) is in the model.

        >>> RMModel.default().has_class("DV_QUANTITY"), RMModel.default().has_class("DV_NOPE")
        (True, False)
        """
        return type_root(name) in self.classes

    def get_class(self, name: str) -> RMClass | None:
        """The class for a name or generic type name, ``None`` if unknown.

        >>> RMModel.default().get_class("HISTORY<ITEM_TREE>").name
        'HISTORY'
        """
        return self.classes.get(type_root(name))

    def ancestors_of(self, name: str) -> tuple[str, ...]:
        """All ancestors, transitively, nearest first (breadth first); ``KeyError`` if unknown.

        >>> RMModel.default().ancestors_of("OBSERVATION")
        ('CARE_ENTRY', 'ENTRY', 'CONTENT_ITEM', 'LOCATABLE', 'PATHABLE', 'Any')
        """
        root = type_root(name)
        found = self._lineage.get(root)
        if found is None:
            if root not in self.classes:
                raise KeyError(root)
            seen: dict[str, None] = {}
            queue = deque(type_root(a) for a in self.classes[root].ancestors)
            while queue:
                anc = queue.popleft()
                if anc in seen or anc == root:
                    continue
                seen[anc] = None
                if anc in self.classes:
                    queue.extend(type_root(a) for a in self.classes[anc].ancestors)
            found = self._lineage[root] = tuple(seen)
        return found

    def descendants_of(self, name: str) -> tuple[str, ...]:
        """All descendants, transitively, nearest first (by name within a level).

        >>> RMModel.default().descendants_of("EVENT")
        ('INTERVAL_EVENT', 'POINT_EVENT')
        """
        root = type_root(name)
        if root not in self.classes:
            raise KeyError(root)
        seen: dict[str, None] = {}
        queue = deque(self._children.get(root, ()))
        while queue:
            kid = queue.popleft()
            if kid not in seen and kid != root:
                seen[kid] = None
                queue.extend(self._children.get(kid, ()))
        return tuple(seen)

    def is_descendant_of(self, sub: str, sup: str) -> bool:
        """Whether class ``sub`` is ``sup`` or inherits from it (generic arguments ignored).

        >>> rm = RMModel.default()
        >>> rm.is_descendant_of("DV_INTERVAL<DV_QUANTITY>", "DATA_VALUE"), rm.is_descendant_of("DV_TEXT", "DV_CODED_TEXT")
        (True, False)
        """
        sub_root, sup_root = type_root(sub), type_root(sup)
        if sub_root not in self.classes:
            return False
        return sub_root == sup_root or sup_root in self.ancestors_of(sub_root)

    # ------------------------------------------------------------ properties

    def property_of(self, class_name: str, attr: str) -> RMProperty | None:
        """The attribute ``attr`` of a class or any ancestor, else ``None``.

        Formal generic parameters are resolved: to the arguments of a generic
        ``class_name`` (``EVENT<ITEM_TREE>``) or else to their constraint.

        >>> rm = RMModel.default()
        >>> rm.property_of("POINT_EVENT", "data").type_name, rm.property_of("HISTORY<ITEM_TREE>", "events").type_name
        ('ITEM_STRUCTURE', 'EVENT<ITEM_TREE>')
        >>> rm.property_of("OBSERVATION", "nope") is None
        True
        """
        key = (class_name, attr)
        if key in self._memo:
            return self._memo[key]
        found = None
        if self.has_class(class_name):
            for cls_name, bindings in self._bound_lineage(class_name):
                prop = self.classes[cls_name].properties.get(attr)
                if prop is not None:
                    found = _bind(prop, bindings)
                    break
        self._memo[key] = found
        return found

    def all_properties(self, class_name: str) -> dict[str, RMProperty]:
        """Own and inherited attributes, the nearest declaration winning; ``KeyError`` if unknown.

        >>> props = RMModel.default().all_properties("ELEMENT")
        >>> props["value"].type_name, "archetype_node_id" in props
        ('DATA_VALUE', True)
        """
        if not self.has_class(class_name):
            raise KeyError(type_root(class_name))
        key = (class_name, None)
        if key not in self._memo:
            found: dict[str, RMProperty] = {}
            for cls_name, bindings in self._bound_lineage(class_name):
                for attr, prop in self.classes[cls_name].properties.items():
                    if attr not in found:
                        found[attr] = _bind(prop, bindings)
            self._memo[key] = found
        return dict(self._memo[key])

    def _bound_lineage(self, type_name: str) -> list[tuple[str, dict[str, str]]]:
        """The class and its ancestors, nearest first, each with its generic bindings."""
        root, args = parse_type(type_name)
        out: list[tuple[str, dict[str, str]]] = []
        seen: set[str] = set()
        queue: deque[tuple[str, dict[str, str]]] = deque()
        given = dict(
            zip(self.classes[root].generic_parameters, map(format_type, args), strict=False)
        )
        queue.append((root, self._complete(root, given)))
        while queue:
            name, bindings = queue.popleft()
            if name in seen or name not in self.classes:
                continue
            seen.add(name)
            out.append((name, bindings))
            for anc in self.classes[name].ancestors:
                anc_root, anc_args = parse_type(anc)
                if anc_root not in self.classes:
                    continue
                params = list(self.classes[anc_root].generic_parameters)
                if anc_args:
                    values = [substitute_type(format_type(a), bindings) for a in anc_args]
                    anc_bind = dict(zip(params, values, strict=False))
                else:
                    anc_bind = {p: bindings[p] for p in params if p in bindings}
                queue.append((anc_root, self._complete(anc_root, anc_bind)))
        return out

    def _complete(self, name: str, bindings: dict[str, str]) -> dict[str, str]:
        for param in self.classes[name].generic_parameters:
            if param not in bindings:
                bindings[param] = self._param_bound(name, param)
        return bindings

    def _param_bound(self, name: str, param: str) -> str:
        for cls_name in (name, *self.ancestors_of(name)):
            cls = self.classes.get(cls_name)
            bound = cls.generic_parameters.get(param) if cls else None
            if bound:
                return bound
        return "Any"

    # ------------------------------------------------------------ conformance

    def type_conforms(self, type_name: str, static_type: str) -> bool:
        """Whether a (constrained) type may stand where ``static_type`` is declared.

        Same class or a descendant; archetype primitive spellings count as the
        RM types they constrain (:data:`ARCHETYPE_PRIMITIVE_TYPES`); generic
        arguments conform pairwise when both sides give them.

        >>> rm = RMModel.default()
        >>> rm.type_conforms("DV_CODED_TEXT", "DV_TEXT"), rm.type_conforms("DV_TEXT", "DV_CODED_TEXT")
        (True, False)
        >>> rm.type_conforms("ISO8601_DATE", "String"), rm.type_conforms("Integer", "Real")
        (True, False)
        >>> rm.type_conforms("HISTORY<ITEM_TREE>", "HISTORY<ITEM_STRUCTURE>"), rm.type_conforms("DV_INTERVAL<DV_TEXT>", "DV_INTERVAL<DV_ORDERED>")
        (True, False)
        >>> rm.type_conforms("Multiplicity_interval", "Interval<Integer>"), rm.type_conforms("Multiplicity_interval", "Interval<String>")
        (True, False)
        """
        t_root, t_args = parse_type(type_name)
        s_root, s_args = parse_type(static_type)
        if t_root == s_root and not t_args and not s_args:
            return True
        prim = archetype_primitive(t_root)
        candidates = [t_root] if prim is None else [t_root, *ARCHETYPE_PRIMITIVE_TYPES[prim]]
        if not any(self.is_descendant_of(c, s_root) for c in candidates):
            return False
        if not s_args or t_root not in self.classes:
            return True
        if not t_args and self.classes[t_root].generic_parameters:
            return True  # a raw generic type (ADL 1.4 ``DV_INTERVAL``) leaves its arguments open
        for cls_name, bindings in self._bound_lineage(type_name):
            if cls_name == s_root:
                actual = [bindings[p] for p in self.classes[s_root].generic_parameters]
                return all(
                    self.type_conforms(a, format_type(s))
                    for a, s in zip(actual, s_args, strict=False)
                )
        return True


def _bind(prop: RMProperty, bindings: dict[str, str]) -> RMProperty:
    bound = substitute_type(prop.type_name, bindings)
    return prop if bound == prop.type_name else replace(prop, type_name=bound)


@cache
def _default_model() -> RMModel:
    text = resources.files("strukturjournal.rm").joinpath(_DEFAULT_FACTS).read_text("utf-8")
    return RMModel.from_facts(json.loads(text))
