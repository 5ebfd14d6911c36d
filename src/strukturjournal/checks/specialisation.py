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
    CCodePhrase,
    CComplexObject,
    CDvOrdinal,
    CDvQuantity,
    CObject,
    CPrimitiveObject,
)
from strukturjournal.aom.primitives import CBoolean, CInteger, CReal, CString
from strukturjournal.base import Interval
from strukturjournal.checks._common import Context, is_new_code, parent_code, specialisation_depth
from strukturjournal.checks.flatten import flatten, redefined_in_parent
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.errors import UnknownArchetypeError

__all__ = ["check_specialisation"]

_ONE = Interval(1, 1)


def check_specialisation(ctx: Context) -> Iterator[Diagnostic]:
    """W-PARENT-MISSING, VASID, VACSD, VSONIN, VSONCT, VSONCO, VSANCE and VPOV.

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
                    continue
                groups.setdefault(id(p), (p, []))[1].append(c)
                yield from _redefinition(ctx, c, p)
                if isinstance(c, CComplexObject) and isinstance(p, CComplexObject):
                    stack.append((c, p))
            for p, redefining in groups.values():
                yield from _occurrences(ctx, p, redefining)


def _existence(ctx: Context, c_attr: CAttribute, p_attr: CAttribute) -> Iterator[Diagnostic]:
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
    reason = _narrowing(c, p)
    if reason:
        yield ctx.diag("VPOV", f"the constraint widens the parent's: {reason}", c)


def _narrowing(c: CObject, p: CObject) -> str | None:
    if isinstance(c, CPrimitiveObject) and isinstance(p, CPrimitiveObject):
        return _primitive(c, p)
    if isinstance(c, CDvQuantity) and isinstance(p, CDvQuantity) and p.list:
        for item in c.list:
            parent_item = p.item_for(item.units)
            if parent_item is None:
                return f"unit {item.units!r} is not allowed by the parent"
            if parent_item.magnitude is not None and (
                item.magnitude is None
                or not parent_item.magnitude.contains_interval(item.magnitude)
            ):
                return f"magnitude of {item.units!r} is wider than {parent_item.magnitude}"
        if not c.list:
            return "any unit, where the parent lists units"
    if (
        isinstance(c, CCodePhrase)
        and isinstance(p, CCodePhrase)
        and p.code_list
        and c.terminology_id == p.terminology_id
    ):
        extra = [
            code
            for code in c.code_list
            if code not in p.code_list and parent_code(code) not in p.code_list
        ]
        if extra or not c.code_list:
            return f"codes {', '.join(extra) or 'any'} are not in the parent's list"
    if isinstance(c, CDvOrdinal) and isinstance(p, CDvOrdinal) and p.list:
        extra_values: list[int | float] = sorted(set(c.values()) - set(p.values()))
        if extra_values:
            return f"ordinal values {extra_values} are not in the parent's list"
    return None


def _primitive(c: CPrimitiveObject, p: CPrimitiveObject) -> str | None:
    ci, pi = c.item, p.item
    if ci is None or pi is None or type(ci) is not type(pi):
        return None
    if isinstance(ci, CInteger | CReal) and isinstance(pi, CInteger | CReal):
        if pi.range is not None:
            if ci.range is not None and not pi.range.contains_interval(ci.range):
                return f"range {ci.range} is not within {pi.range}"
            if ci.range is None and not ci.list:
                return f"any value, where the parent allows {pi.range}"
            if any(not pi.range.contains(v) for v in ci.list):
                return f"values {ci.list} are not within {pi.range}"
        if pi.list and not set(ci.list) <= set(pi.list):
            return f"values {ci.list} are not in {pi.list}"
    if (
        isinstance(ci, CString)
        and isinstance(pi, CString)
        and pi.list
        and not pi.list_open
        and (not ci.list or not set(ci.list) <= set(pi.list))
    ):
        return f"strings {ci.list or 'any'} are not in {pi.list}"
    if (
        isinstance(ci, CBoolean)
        and isinstance(pi, CBoolean)
        and ((ci.true_valid and not pi.true_valid) or (ci.false_valid and not pi.false_valid))
    ):
        return "a boolean value the parent excludes"
    return None
