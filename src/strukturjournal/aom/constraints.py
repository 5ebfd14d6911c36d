"""The constraint tree of an archetype definition (AOM 1.4).

``CComplexObject`` nodes hold ``CAttribute`` s, which hold child ``CObject`` s:
complex objects, slots, internal references, constraint references, primitive
and domain-type constraints. Every node knows its ``path`` once the archetype
is built (see :func:`strukturjournal.aom.walk.assign_paths`).

>>> element = CComplexObject("ELEMENT", "at0004", occurrences=Interval(0, 1))
>>> element.node_id, element.is_required
('at0004', False)
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.aom.primitives import CPrimitive
from strukturjournal.aom.terminology import ArchetypeOntology
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.diagnostics import Span

__all__ = [
    "ArchetypeInternalRef",
    "ArchetypeSlot",
    "Assertion",
    "CArchetypeRoot",
    "CAttribute",
    "CCodePhrase",
    "CComplexObject",
    "CDomainType",
    "CDvOrdinal",
    "CDvQuantity",
    "CDvScale",
    "CObject",
    "COdinDomainType",
    "CPrimitiveObject",
    "CQuantityItem",
    "Cardinality",
    "ConstraintRef",
    "Ordinal",
    "ScaleItem",
]


@dataclass(slots=True)
class Cardinality:
    """Cardinality of a container attribute: the interval plus ordering and uniqueness.

    >>> str(Cardinality(Interval(1, None), is_ordered=False))
    '1..*; unordered'
    """

    interval: Interval[int]
    is_ordered: bool = True
    is_unique: bool = False

    def __str__(self) -> str:
        parts = [self.interval.to_adl(bars=False)]
        parts.append("ordered" if self.is_ordered else "unordered")
        if self.is_unique:
            parts.append("unique")
        return "; ".join(parts)


@dataclass(slots=True, eq=True)
class CObject:
    """Base of every object constraint: RM type, node id, occurrences, path and source span."""

    rm_type_name: str
    node_id: str | None = None
    occurrences: Interval[int] | None = None
    path: str = field(default="", compare=False, repr=False)
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def is_required(self) -> bool:
        """True when occurrences demand at least one instance (default occurrences: 1..1)."""
        return self.occurrences is None or (self.occurrences.lower or 0) >= 1

    @property
    def is_prohibited(self) -> bool:
        """True when occurrences are ``0..0`` (removed in a template)."""
        return self.occurrences is not None and self.occurrences.upper == 0


@dataclass(slots=True, eq=True)
class CAttribute:
    """A constraint on an RM attribute: existence, cardinality (containers) and child objects.

    >>> CAttribute("items", cardinality=Cardinality(Interval(0, None))).is_multiple
    True
    """

    rm_attribute_name: str
    children: list[CObject] = field(default_factory=list)
    existence: Interval[int] | None = None
    cardinality: Cardinality | None = None
    any_allowed: bool = False
    path: str = field(default="", compare=False, repr=False)
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def is_multiple(self) -> bool:
        """A container attribute (one written with ``cardinality``)."""
        return self.cardinality is not None

    def child(self, node_id: str) -> CObject | None:
        """The child with ``node_id``, if any.

        >>> CAttribute("value", [CComplexObject("DV_TEXT", "at1")]).child("at1").rm_type_name
        'DV_TEXT'
        """
        for c in self.children:
            if c.node_id == node_id:
                return c
        return None


@dataclass(slots=True, eq=True)
class CComplexObject(CObject):
    """An RM object with attribute constraints; ``any_allowed`` for ``matches {*}``.

    >>> CComplexObject("OBSERVATION", "at0000").attribute("data") is None
    True
    """

    attributes: list[CAttribute] = field(default_factory=list)
    any_allowed: bool = False
    #: A template's default value for this object (OPT ``T_COMPLEX_OBJECT.default_value``), as read.
    default_value: Any = None

    def attribute(self, name: str) -> CAttribute | None:
        """The attribute constraint named ``name``, if present."""
        for a in self.attributes:
            if a.rm_attribute_name == name:
                return a
        return None


@dataclass(slots=True, eq=True)
class CArchetypeRoot(CComplexObject):
    """The root of an archetype used inside a template (OPT ``C_ARCHETYPE_ROOT``).

    ``ontology`` holds the archetype's term definitions and bindings as the template carries them;
    ``template_id`` is set when the root is itself an embedded template.

    >>> root = CArchetypeRoot("OBSERVATION", "at0000", archetype_id="openEHR-EHR-OBSERVATION.x.v1")
    >>> root.archetype_id, isinstance(root, CComplexObject)
    ('openEHR-EHR-OBSERVATION.x.v1', True)
    """

    archetype_id: str = ""
    template_id: str | None = None
    ontology: ArchetypeOntology = field(default_factory=ArchetypeOntology)


@dataclass(slots=True, eq=True)
class Assertion:
    """An assertion as written (slot include/exclude, invariant), with a parsed shape when simple.

    For a slot pattern ``archetype_id/value matches {/openEHR-EHR-CLUSTER\\.device\\.v1/}``:
    ``target`` is ``archetype_id/value`` and ``pattern`` the regex.

    >>> a = Assertion("archetype_id/value matches {/.*/}", target="archetype_id/value", pattern=".*")
    >>> a.matches_any
    True
    """

    text: str
    tag: str | None = None
    target: str | None = None
    pattern: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def matches_any(self) -> bool:
        return self.pattern in (".*", None) and self.target is not None


@dataclass(slots=True, eq=True)
class ArchetypeSlot(CObject):
    """``allow_archetype``: which archetypes may be used here (regexes on archetype ids).

    >>> slot = ArchetypeSlot("CLUSTER", "at1030", includes=[Assertion("x", target="archetype_id/value",
    ...        pattern=r"openEHR-EHR-CLUSTER\\.level_of_exertion(-[a-zA-Z0-9_]+)*\\.v1")])
    >>> slot.allows("openEHR-EHR-CLUSTER.level_of_exertion.v1")
    True
    """

    includes: list[Assertion] = field(default_factory=list)
    excludes: list[Assertion] = field(default_factory=list)
    is_closed: bool = False

    def allows(self, archetype_id: str) -> bool:
        """openEHR slot semantics: an id is allowed if an include matches, or if no exclude matches
        when the includes are 'any' (or empty)."""
        import re

        def matches(a: Assertion) -> bool:
            if a.pattern is None:
                return False
            try:
                return re.fullmatch(a.pattern, archetype_id) is not None
            except re.error:
                return False

        if any(matches(a) for a in self.includes if not a.matches_any):
            return True
        if self.excludes and any(matches(a) for a in self.excludes if not a.matches_any):
            return False
        includes_any = not self.includes or any(a.matches_any for a in self.includes)
        excludes_any = any(a.matches_any for a in self.excludes)
        return includes_any and not excludes_any


@dataclass(slots=True, eq=True)
class ArchetypeInternalRef(CObject):
    """``use_node TYPE /path``: reuse of another node of the same archetype."""

    target_path: str = ""


@dataclass(slots=True, eq=True)
class ConstraintRef(CObject):
    """``[acNNNN]``: a constraint defined in the ontology (usually a terminology query)."""

    reference: str = ""


@dataclass(slots=True, eq=True)
class CPrimitiveObject(CObject):
    """A constraint on a primitive RM attribute value (``magnitude matches {|0..100|}``)."""

    item: CPrimitive | None = None


@dataclass(slots=True, eq=True)
class CDomainType(CObject):
    """Base of the openEHR archetype profile types."""


@dataclass(slots=True, eq=True)
class CCodePhrase(CDomainType):
    """``[local::at0001, at0002; at0001]``: a terminology and allowed codes (assumed after ``;``).

    >>> CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at1"]).is_valid(CodePhrase("local", "at1"))
    True
    """

    terminology_id: str | None = None
    code_list: list[str] = field(default_factory=list)
    assumed_value: str | None = None
    #: ``C_CODE_REFERENCE.referenceSetUri`` (OPT): codes come from this value set.
    reference_set_uri: str | None = None

    def is_valid(self, value: CodePhrase) -> bool:
        if self.terminology_id is not None and value.terminology_id != self.terminology_id:
            return False
        return not self.code_list or value.code_string in self.code_list


@dataclass(slots=True, eq=True)
class Ordinal:
    """One ordinal symbol: ``1|[local::at0012]``."""

    value: int | float  # integers per the spec; a real is kept as written and flagged by the checks
    symbol: CodePhrase


@dataclass(slots=True, eq=True)
class CDvOrdinal(CDomainType):
    """A list of ordinals, with an optional assumed value.

    >>> o = CDvOrdinal("DV_ORDINAL", list=[Ordinal(0, CodePhrase("local", "at1"))])
    >>> o.values()
    [0]
    """

    list: list[Ordinal] = field(default_factory=list)
    assumed_value: int | None = None

    def values(self) -> builtins.list[int | float]:
        return [o.value for o in self.list]


@dataclass(slots=True, eq=True)
class ScaleItem:
    """One scale symbol with a real value (``DV_SCALE``, the real-valued ordinal)."""

    value: float
    symbol: CodePhrase


@dataclass(slots=True, eq=True)
class CDvScale(CDomainType):
    """``C_DV_SCALE``: a list of real-valued symbols, with an optional assumed value.

    >>> CDvScale("DV_SCALE", list=[ScaleItem(1.5, CodePhrase("local", "at7"))]).values()
    [1.5]
    """

    list: list[ScaleItem] = field(default_factory=list)
    assumed_value: float | None = None

    def values(self) -> builtins.list[float]:
        return [s.value for s in self.list]


@dataclass(slots=True, eq=True)
class CQuantityItem:
    """One allowed unit with its magnitude range and precision.

    >>> CQuantityItem("mm[Hg]", magnitude=Interval(0.0, 1000.0, upper_included=False)).units
    'mm[Hg]'
    """

    units: str
    magnitude: Interval[float] | None = None
    precision: Interval[int] | None = None


@dataclass(slots=True, eq=True)
class CDvQuantity(CDomainType):
    """``C_DV_QUANTITY``: a physical property and the allowed units with their ranges.

    ``extra`` keeps any ODIN attributes we do not model, so nothing written is lost.
    """

    property: CodePhrase | None = None
    list: list[CQuantityItem] = field(default_factory=list)
    assumed_value: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: written as a typed ODIN object, ``(C_DV_QUANTITY) <...>``; an empty one is invalid (SDINV)
    typed_block: bool = field(default=False, compare=False, repr=False)

    def item_for(self, units: str) -> CQuantityItem | None:
        """The list item for ``units``, if allowed.

        >>> CDvQuantity("DV_QUANTITY", list=[CQuantityItem("kg")]).item_for("kg").units
        'kg'
        """
        for item in self.list:
            if item.units == units:
                return item
        return None


@dataclass(slots=True, eq=True)
class COdinDomainType(CDomainType):
    """A domain type written in ODIN that the AOM does not model; kept whole so nothing is lost.

    >>> COdinDomainType("DV_SCALE", type_name="C_DV_SCALE", data={"list": {}}).type_name
    'C_DV_SCALE'
    """

    type_name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
