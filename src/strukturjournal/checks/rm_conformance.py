"""Reference-model conformance: types and attributes exist, types conform, existence and multiplicity.

Checked against :class:`strukturjournal.rm.RMModel`. Domain types (``C_DV_QUANTITY``,
``C_DV_ORDINAL``, ``C_CODE_PHRASE``) are checked as the RM types they constrain, and primitive
constraints (``STRING``, ``ISO8601_DATE``...) through their archetype primitive spelling.
An archetype whose root type the RM does not know (a test or non-openEHR RM) is skipped.

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> [d.code for d in check_rm(Context(parse_adl(EXAMPLE.replace("value matches {DV", "valu matches {DV"))))]
['VCARM']
"""

from __future__ import annotations

from collections.abc import Iterator

from strukturjournal.aom import CAttribute, CComplexObject, CObject, CPrimitiveObject
from strukturjournal.aom.walk import iter_attributes
from strukturjournal.base import Interval
from strukturjournal.checks._common import Context
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm import archetype_primitive, type_root

__all__ = ["check_rm"]


def check_rm(ctx: Context) -> Iterator[Diagnostic]:
    """VCORM, VCARM, VCORMT, VCAEX, VCAM, VCACA and W-OCCURRENCES-RM.

    >>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), definition=CComplexObject("FOO", "at0000"))
    >>> list(check_rm(Context(a)))   # an unknown root: not an openEHR RM archetype, nothing to check
    []
    """
    rm = ctx.rm
    if not rm.has_class(type_root(ctx.archetype.definition.rm_type_name)):
        return
    unknown: set[int] = set()
    for node in ctx.archetype.iter_nodes():
        if isinstance(node, CPrimitiveObject):
            continue
        if not rm.has_class(type_root(node.rm_type_name)):
            unknown.add(id(node))
            yield ctx.diag(
                "VCORM", f"{node.rm_type_name} is not a class of the reference model", node
            )
    for owner, attr in iter_attributes(ctx.archetype.definition):
        if id(owner) in unknown:
            continue
        yield from _attribute(ctx, owner, attr, unknown)


def _attribute(
    ctx: Context, owner: CComplexObject, attr: CAttribute, unknown: set[int]
) -> Iterator[Diagnostic]:
    prop = ctx.property_of(owner.rm_type_name, attr.rm_attribute_name)
    if prop is None:
        yield ctx.diag(
            "VCARM", f"'{attr.rm_attribute_name}' is not an attribute of {owner.rm_type_name}", attr
        )
        return
    if attr.existence is not None and prop.is_mandatory and (attr.existence.lower or 0) < 1:
        yield ctx.diag(
            "VCAEX",
            f"existence {attr.existence.to_adl(bars=False)} of '{attr.rm_attribute_name}' is wider "
            f"than the RM's 1..1 ({owner.rm_type_name}.{attr.rm_attribute_name} is mandatory)",
            attr,
        )
    if attr.is_multiple and not prop.is_container:
        yield ctx.diag(
            "VCAM",
            f"'{attr.rm_attribute_name}' is single-valued in the RM but has a cardinality here",
            attr,
        )
    elif attr.cardinality is not None and prop.cardinality is not None:
        yield from _cardinality(ctx, owner, attr, prop.cardinality, prop.is_mandatory)
    for child in attr.children:
        if id(child) in unknown:
            continue
        yield from _child_type(ctx, owner, attr, child, prop.type_name)
    yield from _occurrences(
        ctx, owner, attr, prop.is_mandatory, prop.is_container, prop.cardinality
    )


def _cardinality(
    ctx: Context,
    owner: CComplexObject,
    attr: CAttribute,
    rm_cardinality: Interval[int],
    mandatory: bool,
) -> Iterator[Diagnostic]:
    """VCACA: the cardinality lies within the RM's. A container the RM makes optional may be
    left out, so 0 members (no container) is within a non-empty RM list such as
    ``HISTORY.events``; a mandatory one (``CLUSTER.items``) must have the RM's minimum."""
    allowed = rm_cardinality if mandatory else Interval(0, rm_cardinality.upper)
    assert attr.cardinality is not None
    if not allowed.contains_interval(attr.cardinality.interval):
        yield ctx.diag(
            "VCACA",
            f"cardinality {attr.cardinality.interval.to_adl(bars=False)} of "
            f"'{attr.rm_attribute_name}' is wider than the RM's "
            f"{rm_cardinality.to_adl(bars=False)} ({owner.rm_type_name}.{attr.rm_attribute_name}"
            f"{' is mandatory' if mandatory else ''})",
            attr,
        )


def _primitive_conforms(ctx: Context, name: str, static: str) -> bool:
    """A primitive constraint conforms to its type, or to the primitive an RM enumeration
    type inherits from (``PROPORTION_KIND`` is an ``Integer``)."""
    if ctx.rm.type_conforms(name, static):
        return True
    cls = ctx.rm.get_class(type_root(static))
    if cls is None or cls.is_primitive:
        return False
    return any(ctx.rm.type_conforms(name, anc) for anc in cls.ancestors)


def _child_type(
    ctx: Context, owner: CComplexObject, attr: CAttribute, child: CObject, static: str
) -> Iterator[Diagnostic]:
    name = child.rm_type_name
    if isinstance(child, CPrimitiveObject):
        if archetype_primitive(name) is None or not _primitive_conforms(ctx, name, static):
            yield ctx.diag(
                "VCORMT",
                f"a {name} constraint cannot stand for {static} "
                f"({owner.rm_type_name}.{attr.rm_attribute_name})",
                child,
            )
        return
    if not ctx.rm.type_conforms(name, static):
        yield ctx.diag(
            "VCORMT",
            f"{name} does not conform to {static}, the type of {owner.rm_type_name}.{attr.rm_attribute_name}",
            child,
        )


def _occurrences(
    ctx: Context,
    owner: CComplexObject,
    attr: CAttribute,
    mandatory: bool,
    container: bool,
    cardinality: object,
) -> Iterator[Diagnostic]:
    if container:
        upper = getattr(cardinality, "upper", None)
        if upper is None:
            return
        for child in attr.children:
            occ = child.occurrences
            if occ is not None and (occ.upper is None or occ.upper > upper):
                yield ctx.diag(
                    "W-OCCURRENCES-RM",
                    f"occurrences {occ.to_adl(bars=False)} exceed the RM "
                    f"cardinality upper bound {upper} of {owner.rm_type_name}.{attr.rm_attribute_name}",
                    child,
                )
        return
    if (
        mandatory
        and len(attr.children) == 1
        and (attr.existence is None or (attr.existence.lower or 0) >= 1)
    ):
        child = attr.children[0]
        occ = child.occurrences
        if occ is not None and (occ.lower or 0) == 0:
            yield ctx.diag(
                "W-OCCURRENCES-RM",
                f"occurrences {occ.to_adl(bars=False)} allow no {child.rm_type_name}, but "
                f"{owner.rm_type_name}.{attr.rm_attribute_name} is mandatory in the RM",
                child,
            )
