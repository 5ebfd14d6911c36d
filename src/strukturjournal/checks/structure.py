"""Structure rules: archetype id, root node, use_node references, occurrences against cardinality.

Parse-time findings (``VCOSU``, ``E-INTERVAL``, ``W-ENCODING``, ``VDEOL``) are kept in
``archetype.diagnostics`` by the reader; :func:`check_structure` passes them on.

>>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject
>>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), definition=CComplexObject("ELEMENT", "at0000"))
>>> [d.code for d in check_structure(Context(a))]
['VARDT', 'VARCN', 'VARD']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeSlot,
    CAttribute,
    CComplexObject,
    CObject,
)
from strukturjournal.aom.walk import find, iter_attributes
from strukturjournal.base import Interval
from strukturjournal.checks._common import Context, specialisation_depth
from strukturjournal.diagnostics import Diagnostic, Span

__all__ = ["check_structure"]


def check_structure(ctx: Context) -> Iterator[Diagnostic]:
    """Parse-time findings, then VARID, VARDT, VARCN, VARD, VCATU, VUNP/VUNT,
    VACSO/VACMCU/VACMCL/VACMCO and VDSEV.

    >>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject
    >>> a = Archetype(ArchetypeId("not-an-id"), definition=CComplexObject("CLUSTER", "at0000"))
    >>> [d.code for d in check_structure(Context(a))]
    ['VARID', 'VARCN', 'VARD']
    """
    a = ctx.archetype
    for d in a.diagnostics:
        if a.source is not None and (d.span is None or d.span.source is None):
            span = d.span or Span()
            d = replace(d, span=Span(span.line, span.column, source=a.source))
        yield d
    yield from _identity(ctx)
    if not a.description:
        yield ctx.diag("VARD", "the archetype has no description section", a.definition, path="/")
    for owner, attr in iter_attributes(a.definition):
        yield from _occurrences(ctx, owner, attr)
    for node in a.iter_nodes():
        if isinstance(node, ArchetypeInternalRef):
            yield from _use_node(ctx, node)
        elif isinstance(node, CComplexObject):
            yield from _unique_attributes(ctx, node)
        elif isinstance(node, ArchetypeSlot):
            yield from _slot(ctx, node)


def _identity(ctx: Context) -> Iterator[Diagnostic]:
    a = ctx.archetype
    root = a.definition
    if not a.archetype_id.is_valid:
        yield ctx.diag(
            "VARID",
            f"'{a.archetype_id}' is not a valid archetype id "
            "(originator-rm_name-RM_TYPE.concept.vN)",
            root,
        )
    elif root.rm_type_name != a.archetype_id.rm_type:
        yield ctx.diag(
            "VARDT",
            f"the definition's root type {root.rm_type_name} differs from "
            f"{a.archetype_id.rm_type} in the archetype id",
            root,
        )
    expected = "at0000" + ".1" * specialisation_depth(a)
    if root.node_id != expected or a.concept not in (None, expected):
        yield ctx.diag(
            "VARCN",
            f"the root node id and concept must be {expected} (found root "
            f"{root.node_id or 'none'}, concept {a.concept})",
            root,
        )
    elif not a.ontology.has_term(expected):
        yield ctx.diag("VARCN", f"the concept code {expected} is not in the term definitions", root)


def _upper(interval: Interval[int] | None) -> int | None:
    return 1 if interval is None else interval.upper


def _lower(interval: Interval[int] | None) -> int:
    return 1 if interval is None else (interval.lower or 0)


def _occurrences(ctx: Context, owner: CComplexObject, attr: CAttribute) -> Iterator[Diagnostic]:
    if attr.cardinality is None:
        prop = ctx.property_of(owner.rm_type_name, attr.rm_attribute_name)
        if prop is not None and prop.is_container:
            return  # ADL 1.4 may leave out the cardinality of an RM container
        for child in attr.children:
            upper = _upper(child.occurrences)
            if upper is None or upper > 1:
                yield ctx.diag(
                    "VACSO",
                    f"{child.rm_type_name} under single-valued '{attr.rm_attribute_name}' has "
                    f"occurrences {child.occurrences.to_adl(bars=False) if child.occurrences else ''}; "
                    "the upper bound cannot exceed 1",
                    child,
                )
        return
    card_upper = attr.cardinality.interval.upper
    if card_upper is None:
        return
    for child in attr.children:
        upper = _upper(child.occurrences)
        if upper is not None and upper > card_upper:
            yield ctx.diag(
                "VACMCU",
                f"occurrences upper bound {upper} exceeds the cardinality upper bound {card_upper} "
                f"of '{attr.rm_attribute_name}'",
                child,
            )
    total = sum(_lower(c.occurrences) for c in attr.children)
    if total > card_upper:
        yield ctx.diag(
            "VACMCL",
            f"the children of '{attr.rm_attribute_name}' need at least {total} objects but the "
            f"cardinality allows at most {card_upper}",
            attr,
        )
        return
    mandatory = sum(1 for c in attr.children if _lower(c.occurrences) >= 1)
    optional = [c for c in attr.children if _lower(c.occurrences) == 0 and _upper(c.occurrences) != 0]
    if optional and mandatory + 1 > card_upper:
        names = ", ".join(c.node_id or c.rm_type_name for c in optional[:5])
        yield ctx.diag(
            "VACMCO",
            f"{mandatory} mandatory {'child' if mandatory == 1 else 'children'} of "
            f"'{attr.rm_attribute_name}' fill its cardinality upper bound {card_upper}: "
            f"the optional {names} can never occur",
            attr,
        )


def _unique_attributes(ctx: Context, node: CComplexObject) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for attr in node.attributes:
        if attr.rm_attribute_name in seen:
            yield ctx.diag(
                "VCATU",
                f"{node.rm_type_name} constrains '{attr.rm_attribute_name}' twice",
                attr,
            )
        seen.add(attr.rm_attribute_name)


def _slot(ctx: Context, slot: ArchetypeSlot) -> Iterator[Diagnostic]:
    """VDSEV, the AOM 2 slot rule: with specific includes, the excludes may only be 'any'
    (and with 'any' included, they may not be 'any'). VDSIV, its twin for includes, cannot
    fire: the rule checks the includes first."""
    if not slot.includes or not slot.excludes:
        return
    includes_any = all(x.matches_any for x in slot.includes)
    excludes_any = all(x.matches_any for x in slot.excludes)
    if includes_any and excludes_any:
        yield ctx.diag(
            "VDSEV", "the slot includes any archetype and excludes any archetype", slot
        )
    elif not includes_any and not excludes_any:
        yield ctx.diag(
            "VDSEV",
            "the slot names the archetypes it includes and also those it excludes; with "
            "specific includes, the exclude must be 'any' (archetype_id/value matches {/.*/})",
            slot,
        )


def _use_node(ctx: Context, ref: ArchetypeInternalRef) -> Iterator[Diagnostic]:
    try:
        target: CObject | CAttribute | None = find(ctx.archetype.definition, ref.target_path)
    except ValueError:
        target = None
    if not isinstance(target, CObject) or isinstance(target, ArchetypeInternalRef):
        yield ctx.diag(
            "VUNP",
            f"use_node target {ref.target_path} is not an object node of this archetype",
            ref,
        )
        return
    if target.rm_type_name != ref.rm_type_name and not ctx.rm.is_descendant_of(
        target.rm_type_name, ref.rm_type_name
    ):
        yield ctx.diag(
            "VUNT",
            f"use_node type {ref.rm_type_name} is not {target.rm_type_name} or an ancestor of it",
            ref,
        )
