"""Flattening a specialised ADL 1.4 archetype onto its (flat) parent.

ADL 1.4 specialised archetypes are written in full, so the child's definition is kept as it is:
an object the child leaves out is removed, not inherited. What the child does not say is taken
from the parent: attributes a redefined object does not constrain, and the terminology (terms,
constraint definitions and bindings the child does not redefine). Parents are flattened first,
up the whole lineage.

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> parent = parse_adl(EXAMPLE)
>>> child = parse_adl(EXAMPLE.replace("CLUSTER.demo.v1", "CLUSTER.demo-child.v1\\nspecialise\\n    "
...     "openEHR-EHR-CLUSTER.demo.v1").replace("[at0000]", "[at0000.1]").replace('["at0000"]', '["at0000.1"]'))
>>> flat = flatten(child, InMemoryLookup([parent]))
>>> sorted(flat.ontology.term_codes())
['at0000', 'at0000.1']
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject, CObject
from strukturjournal.aom.terminology import ArchetypeOntology
from strukturjournal.checks._common import ArchetypeLookup, code_depth, parent_code
from strukturjournal.errors import UnknownArchetypeError

__all__ = ["InMemoryLookup", "flatten", "redefined_in_parent"]


class InMemoryLookup:
    """The smallest :class:`ArchetypeLookup`: archetypes in memory, found by full id, by id with
    the major version only, or by semantic id.

    >>> from strukturjournal.aom import Archetype, ArchetypeId
    >>> lookup = InMemoryLookup([Archetype(ArchetypeId("openEHR-EHR-CLUSTER.a.v1.0.2"))])
    >>> lookup.find("openEHR-EHR-CLUSTER.a.v1") is not None, lookup.ids()
    (True, ['openEHR-EHR-CLUSTER.a.v1.0.2'])
    """

    def __init__(self, archetypes: Iterable[Archetype]) -> None:
        self._by_key: dict[str, Archetype] = {}
        self._ids: list[str] = []
        for a in archetypes:
            i = a.archetype_id
            self._ids.append(i.value)
            for key in (i.value, i.versionless_major, i.semantic_id):
                self._by_key.setdefault(key, a)

    def find(self, archetype_id: Any) -> Archetype | None:
        """The archetype with this id (full, ``.vN`` or semantic), else ``None``.

        >>> InMemoryLookup([]).find("openEHR-EHR-CLUSTER.a.v1") is None
        True
        """
        i = (
            archetype_id
            if isinstance(archetype_id, ArchetypeId)
            else ArchetypeId.parse(str(archetype_id))
        )
        for key in (i.value, i.versionless_major, i.semantic_id):
            if key in self._by_key:
                return self._by_key[key]
        return None

    def ids(self) -> list[str]:
        """Every archetype id, in the order added.

        >>> InMemoryLookup([]).ids()
        []
        """
        return list(self._ids)


def _merge_ontology(parent: ArchetypeOntology, child: ArchetypeOntology) -> ArchetypeOntology:
    def merge(
        p: dict[str, dict[str, Any]], c: dict[str, dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        out = {k: dict(v) for k, v in p.items()}
        for k, v in c.items():
            out.setdefault(k, {}).update(v)
        return out

    return ArchetypeOntology(
        terminologies_available=list(
            dict.fromkeys([*parent.terminologies_available, *child.terminologies_available])
        ),
        term_definitions=merge(parent.term_definitions, child.term_definitions),
        constraint_definitions=merge(parent.constraint_definitions, child.constraint_definitions),
        term_bindings=merge(parent.term_bindings, child.term_bindings),
        constraint_bindings=merge(parent.constraint_bindings, child.constraint_bindings),
        extra={**parent.extra, **child.extra},
    )


def redefined_in_parent(
    child: CObject, parent_children: list[CObject], parent_depth: int
) -> CObject | None:
    """The object among ``parent_children`` that ``child`` redefines, or ``None`` for a new node.

    By node id (``at0001.1`` redefines ``at0001``); an object without a node id redefines the
    first id-less parent object of the same or an ancestor type name.

    >>> from strukturjournal.aom import CComplexObject
    >>> parents = [CComplexObject("ELEMENT", "at0001"), CComplexObject("ELEMENT", "at0002")]
    >>> redefined_in_parent(CComplexObject("ELEMENT", "at0002.1"), parents, 0).node_id
    'at0002'
    """
    if child.node_id:
        code = child.node_id
        while code_depth(code) > parent_depth:
            code = parent_code(code)
        for p in parent_children:
            if p.node_id == code:
                return p
        return None
    for p in parent_children:
        if not p.node_id and p.rm_type_name == child.rm_type_name:
            return p
    return None


def _merge_definition(parent: CComplexObject, child: CComplexObject, parent_depth: int) -> None:
    for p_attr in parent.attributes:
        c_attr = child.attribute(p_attr.rm_attribute_name)
        if c_attr is None:
            child.attributes.append(copy.deepcopy(p_attr))
            continue
        for c_obj in c_attr.children:
            p_obj = redefined_in_parent(c_obj, p_attr.children, parent_depth)
            if isinstance(p_obj, CComplexObject) and isinstance(c_obj, CComplexObject):
                _merge_definition(p_obj, c_obj, parent_depth)


def flatten(
    child: Archetype, lookup: ArchetypeLookup, *, _seen: frozenset[str] = frozenset()
) -> Archetype:
    """The flat form of ``child``: a new archetype; ``child`` itself is not changed.

    A top-level (non-specialised) archetype flattens to a copy of itself. Raises
    :class:`~strukturjournal.errors.UnknownArchetypeError` when a parent is missing.

    >>> from strukturjournal.aom import Archetype, ArchetypeId
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.a.v1"))
    >>> flatten(a, InMemoryLookup([])) == a
    True
    """
    if child.parent_archetype_id is None:
        return copy.deepcopy(child)
    key = child.archetype_id.value
    if key in _seen:
        raise UnknownArchetypeError(f"{key} (specialisation cycle)")
    parent = lookup.find(child.parent_archetype_id)
    if parent is None:
        raise UnknownArchetypeError(str(child.parent_archetype_id))
    flat_parent = flatten(parent, lookup, _seen=_seen | {key})
    definition = copy.deepcopy(child.definition)
    depth = flat_parent.archetype_id.specialisation_depth
    _merge_definition(flat_parent.definition, definition, depth)
    return replace(
        child,
        definition=definition,
        ontology=_merge_ontology(flat_parent.ontology, child.ontology),
        diagnostics=list(child.diagnostics),
    )
