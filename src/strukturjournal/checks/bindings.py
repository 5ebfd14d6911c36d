"""Binding keys: every term binding names a defined code or a path of the archetype (VTTBK),
every constraint binding a defined ac-code (VTCBK).

A path key may run through ``use_node`` references, and past the constrained nodes into
attributes the reference model defines (``/data[at0001]/events[at0002]/time``).

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> a = parse_adl(EXAMPLE.replace('items = <["at0000"]', 'items = <["at0001"] = <text = <"E"> '
...     'description = <"E">> ["at0000"]'))
>>> a.ontology.term_bindings = {"LOINC": {"at0009": "x", "/items[at0001]/value": "y"}}
>>> [d.message for d in check_bindings(Context(a))]
["term binding key 'at0009' (LOINC) is not a code defined in the term definitions"]
"""

from __future__ import annotations

from collections.abc import Iterator

from strukturjournal.aom import (
    Archetype,
    ArchetypeInternalRef,
    ArchetypeSlot,
    CComplexObject,
    CObject,
)
from strukturjournal.aom.walk import find, split_path
from strukturjournal.checks._common import Context, is_local_code
from strukturjournal.checks.flatten import flatten
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.errors import UnknownArchetypeError
from strukturjournal.rm import type_root

__all__ = ["check_bindings", "path_exists"]


def _rm_path_exists(ctx: Context, type_name: str, segments: list[str]) -> bool:
    """Whether the attribute names ``segments`` form a path of the RM from ``type_name``
    (an attribute of the type or of one of its descendants, as data may be of a subtype)."""
    types = {type_root(type_name)}
    for attr in segments:
        following: set[str] = set()
        for t in types:
            for cls in (t, *ctx.rm.descendants_of(t)):
                prop = ctx.property_of(cls, attr)
                if prop is not None:
                    following.add(type_root(prop.type_name))
        if not following:
            return False
        types = following
    return True


def path_exists(ctx: Context, root: CComplexObject, path: str) -> bool:
    """Whether ``path`` leads to a node or attribute of the definition under ``root``, following
    ``use_node`` references, or continues from a constrained node into attributes of the RM
    (also into an archetype a slot allows: ``/items[openEHR-EHR-CLUSTER.device.v1]/items``).

    >>> from strukturjournal.adl import parse_adl
    >>> from strukturjournal.checks.terminology import EXAMPLE
    >>> root = parse_adl(EXAMPLE).definition
    >>> ctx = Context(parse_adl(EXAMPLE))
    >>> path_exists(ctx, root, "/items[at0001]/value/value"), path_exists(ctx, root, "/items[at0001]/name/value")
    (True, True)
    >>> path_exists(ctx, root, "/items[at0002]"), path_exists(ctx, root, "/items[at0001]/valeu")
    (False, False)
    """
    try:
        segments = split_path(path)
    except ValueError:
        return False
    current: list[CObject] = [root]
    for i, (attr_name, node_id) in enumerate(segments):
        following: list[CObject] = []
        for node in current:
            attr = node.attribute(attr_name) if isinstance(node, CComplexObject) else None
            if attr is None or not attr.children:
                rest = [name for name, _ in segments[i:]]
                if _rm_path_exists(ctx, node.rm_type_name, rest):
                    return True
                continue
            for child in attr.children:
                target = _resolve(root, child)
                if target is None:
                    continue
                if node_id is None or target.node_id == node_id:
                    following.append(target)
                elif isinstance(target, ArchetypeSlot) and node_id and target.allows(node_id):
                    rest = [name for name, _ in segments[i + 1 :]]  # into the slot's filler
                    if _rm_path_exists(ctx, target.rm_type_name, rest):
                        return True
        if not following:
            return False
        current = following
    return True


def _resolve(root: CComplexObject, node: CObject) -> CObject | None:
    """The node itself, or the target of a ``use_node`` (``None`` when it leads nowhere)."""
    for _ in range(20):  # chains of references are short; a cycle leads nowhere
        if not isinstance(node, ArchetypeInternalRef):
            return node
        try:
            target = find(root, node.target_path)
        except ValueError:
            return None
        if not isinstance(target, CObject):
            return None
        node = target
    return None


class _Flat:
    """The flat parent's ontology and definition, made only when a key needs them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._flat: Archetype | None = None
        self._tried = False

    def get(self) -> Archetype | None:
        a = self.ctx.archetype
        if not self._tried:
            self._tried = True
            if a.parent_archetype_id is not None and self.ctx.lookup is not None:
                try:
                    self._flat = flatten(a, self.ctx.lookup)
                except UnknownArchetypeError:
                    self._flat = None
        return self._flat


def check_bindings(ctx: Context) -> Iterator[Diagnostic]:
    """VTTBK and VTCBK. A specialised archetype may bind codes and paths of its flat form.

    >>> from strukturjournal.aom import ArchetypeId, ArchetypeOntology
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), definition=CComplexObject("CLUSTER", "at0000"),
    ...               ontology=ArchetypeOntology(constraint_bindings={"SNOMED-CT": {"ac0001": "x"}}))
    >>> [d.code for d in check_bindings(Context(a))]
    ['VTCBK']
    """
    a = ctx.archetype
    onto = a.ontology
    flat = _Flat(ctx)
    for terminology, items in onto.term_bindings.items():
        for key in items:
            problem = _term_key_problem(ctx, key, flat)
            if problem:
                yield ctx.diag(
                    "VTTBK",
                    f"term binding key {key!r} ({terminology}) {problem}",
                    terminology=terminology,
                    key=key,
                )
    for terminology, items in onto.constraint_bindings.items():
        for key in items:
            if key.startswith("ac") and is_local_code(key):
                if onto.has_term(key):
                    continue
                found = flat.get()
                if found is not None and found.ontology.has_term(key):
                    continue
                problem = "is not defined in the constraint definitions"
            else:
                problem = "is not an ac-code"
            yield ctx.diag(
                "VTCBK",
                f"constraint binding key {key!r} ({terminology}) {problem}",
                terminology=terminology,
                key=key,
            )


def _term_key_problem(ctx: Context, key: str, flat: _Flat) -> str | None:
    a = ctx.archetype
    if is_local_code(key):
        if a.ontology.has_term(key):
            return None
        found = flat.get()
        if found is not None and found.ontology.has_term(key):
            return None
        table = "constraint" if key.startswith("ac") else "term"
        return f"is not a code defined in the {table} definitions"
    if key.startswith("/"):
        if path_exists(ctx, a.definition, key):
            return None
        found = flat.get()
        if found is not None and path_exists(ctx, found.definition, key):
            return None
        return "is not a path of the archetype"
    return "is neither a local code (at0001) nor an archetype path"
