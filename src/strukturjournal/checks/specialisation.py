"""Specialisation rules: a specialised archetype against its flattened parent.

Needs a lookup to find the parent; without one the phase is skipped, and a parent the lookup
does not hold gives ``W-PARENT-MISSING``.

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> from strukturjournal.checks.flatten import InMemoryLookup
>>> parent = parse_adl(EXAMPLE)
>>> child = parse_adl(EXAMPLE.replace("CLUSTER.demo.v1", "CLUSTER.demo-child.v1\\nspecialise\\n    "
...     "openEHR-EHR-CLUSTER.demo.v1").replace("[at0000]", "[at0000.1]").replace('["at0000"]', '["at0000.1"]')
...     .replace("ELEMENT[at0001]", "ELEMENT[at0001] occurrences matches {0..3}"))
>>> [d.code for d in check_specialisation(Context(child, InMemoryLookup([parent])))]
['VSONCO']
"""

from __future__ import annotations

from collections.abc import Iterator

from strukturjournal.aom import (
    ArchetypeInternalRef,
    CAttribute,
    CComplexObject,
    CObject,
)
from strukturjournal.aom.walk import iter_nodes
from strukturjournal.base import Interval
from strukturjournal.checks._common import Context, is_new_code, specialisation_depth
from strukturjournal.checks.flatten import flatten, redefined_in_parent
from strukturjournal.checks.narrowing import narrowing_problem
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.errors import UnknownArchetypeError

__all__ = ["check_specialisation"]

_ONE = Interval(1, 1)


def check_specialisation(ctx: Context) -> Iterator[Diagnostic]:
    """W-PARENT-MISSING, VASID, VACSD, VSONIN, VSONPO, VSONPI, VSONCT, VSONCO, VSANCE, VSANCC
    and VPOV (see :mod:`.narrowing`).

    >>> from strukturjournal.aom import Archetype, ArchetypeId
    >>> list(check_specialisation(Context(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.a.v1")))))
    []
    """
    a = ctx.archetype
    if a.parent_archetype_id is None or ctx.lookup is None:
        return
    parent = ctx.lookup.find(a.parent_archetype_id)
    try:
        if parent is None:
            raise UnknownArchetypeError(str(a.parent_archetype_id))
        flat_parent = flatten(parent, ctx.lookup)
    except UnknownArchetypeError as exc:
        yield ctx.diag("W-PARENT-MISSING", f"specialisation not checked: {exc}", a.definition)
        return
    pid, cid = flat_parent.archetype_id, a.archetype_id
    if pid.is_valid and cid.is_valid:
        if cid.qualified_rm_entity != pid.qualified_rm_entity:
            yield ctx.diag(
                "VASID",
                f"{cid} cannot specialise {pid}: a specialisation keeps the "
                f"parent's {pid.qualified_rm_entity}",
                a.definition,
            )
        elif (
            cid.specialisation_depth
            and cid.specialisation_depth != specialisation_depth(flat_parent) + 1
        ):
            yield ctx.diag(
                "VACSD",
                f"specialisation depth {cid.specialisation_depth} is not one more "
                f"than the parent's {specialisation_depth(flat_parent)}",
                a.definition,
            )
    yield from _object(ctx, a.definition, flat_parent.definition, specialisation_depth(flat_parent))


def _object(
    ctx: Context, child: CComplexObject, parent: CComplexObject, depth: int
) -> Iterator[Diagnostic]:
    stack = [(child, parent)]
    while stack:
        c_obj, p_obj = stack.pop()
        for c_attr in c_obj.attributes:
            p_attr = p_obj.attribute(c_attr.rm_attribute_name)
            if p_attr is None:
                for c in c_attr.children:
                    yield from _new_node(ctx, c)
                continue
            yield from _existence(ctx, c_attr, p_attr)
            groups: dict[int, tuple[CObject, list[CObject]]] = {}
            for c in c_attr.children:
                p = redefined_in_parent(c, p_attr.children, depth)
                if p is None:
                    if c.node_id and not is_new_code(c.node_id):
                        yield ctx.diag(
                            "VSONIN",
                            f"node {c.node_id} is not in the parent under "
                            f"'{c_attr.rm_attribute_name}' and is not a new node id "
                            f"(at0.N)",
                            c,
                        )
                    yield from _new_node(ctx, c)
                    continue
                groups.setdefault(id(p), (p, []))[1].append(c)
                if c.is_prohibited and c.node_id != p.node_id:
                    yield ctx.diag(
                        "VSONPI",
                        f"{c.node_id or c.rm_type_name} removes (occurrences 0) the parent's "
                        f"{p.node_id or p.rm_type_name}; a removal keeps the parent's node id",
                        c,
                    )
                yield from _redefinition(ctx, c, p)
                if isinstance(c, CComplexObject) and isinstance(p, CComplexObject):
                    stack.append((c, p))
            for p, redefining in groups.values():
                yield from _occurrences(ctx, p, redefining)


def _new_node(ctx: Context, node: CObject) -> Iterator[Diagnostic]:
    """VSONPO: a node the parent does not have (nor anything below it) cannot be prohibited."""
    for n in iter_nodes(node):
        if n.is_prohibited:
            yield ctx.diag(
                "VSONPO",
                f"{n.node_id or n.rm_type_name} is new in this specialisation and has "
                "occurrences 0: only a node of the parent can be removed",
                n,
            )


def _existence(ctx: Context, c_attr: CAttribute, p_attr: CAttribute) -> Iterator[Diagnostic]:
    """VSANCE for the existence and VSANCC for the cardinality of a redefined attribute."""
    if (
        c_attr.cardinality is not None
        and p_attr.cardinality is not None
        and not p_attr.cardinality.interval.contains_interval(c_attr.cardinality.interval)
    ):
        yield ctx.diag(
            "VSANCC",
            f"cardinality {c_attr.cardinality.interval.to_adl(bars=False)} is wider than the "
            f"parent's {p_attr.cardinality.interval.to_adl(bars=False)}",
            c_attr,
        )
    if (
        c_attr.existence is not None
        and p_attr.existence is not None
        and not p_attr.existence.contains_interval(c_attr.existence)
    ):
        yield ctx.diag(
            "VSANCE",
            f"existence {c_attr.existence.to_adl(bars=False)} is wider than the "
            f"parent's {p_attr.existence.to_adl(bars=False)}",
            c_attr,
        )


def _occurrences(ctx: Context, p: CObject, redefining: list[CObject]) -> Iterator[Diagnostic]:
    lower = sum((c.occurrences or _ONE).lower or 0 for c in redefining)
    uppers = [(c.occurrences or _ONE).upper for c in redefining]
    upper = None if any(u is None for u in uppers) else sum(u for u in uppers if u is not None)
    total = Interval(lower, upper)
    allowed = p.occurrences or _ONE
    if not allowed.contains_interval(total):
        ids = ", ".join(c.node_id or c.rm_type_name for c in redefining)
        yield ctx.diag(
            "VSONCO",
            f"occurrences {total.to_adl(bars=False)} of {ids} are not within the "
            f"parent's {allowed.to_adl(bars=False)} for {p.node_id or p.rm_type_name}",
            redefining[0],
        )


def _redefinition(ctx: Context, c: CObject, p: CObject) -> Iterator[Diagnostic]:
    if isinstance(p, ArchetypeInternalRef) or isinstance(c, ArchetypeInternalRef):
        return
    same = c.rm_type_name == p.rm_type_name
    if not same and not ctx.rm.type_conforms(c.rm_type_name, p.rm_type_name):
        yield ctx.diag(
            "VSONCT", f"{c.rm_type_name} does not conform to the parent's {p.rm_type_name}", c
        )
        return
    reason = narrowing_problem(c, p)
    if reason:
        yield ctx.diag("VPOV", f"the constraint widens the parent's: {reason}", c)
