"""RM classes and their properties, and how they are written as facts (JSON-ready dicts).

>>> p = RMProperty("items", "ITEM", is_container=True, cardinality=Interval(1, None), container_type="List")
>>> property_facts(p)
{'type': 'ITEM', 'container': 'List', 'cardinality': [1, None]}
>>> property_from_facts("items", property_facts(p)) == p
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.base import Interval

__all__ = [
    "RMClass",
    "RMProperty",
    "class_facts",
    "class_from_facts",
    "compact_json",
    "property_facts",
    "property_from_facts",
]


@dataclass(frozen=True, slots=True)
class RMProperty:
    """One attribute of an RM class, as declared (own properties keep formal ``T`` types).

    For a container ``type_name`` is the type of the items (what archetype
    children constrain) and ``container_type`` the container (``List``...).

    >>> from strukturjournal.rm import RMModel
    >>> p = RMModel.default().property_of("CLUSTER", "items")
    >>> p.type_name, p.container_type, str(p.cardinality), p.full_type
    ('ITEM', 'List', '|>=1|', 'List<ITEM>')
    """

    name: str
    type_name: str
    is_mandatory: bool = False
    is_container: bool = False
    cardinality: Interval[int] | None = None
    container_type: str | None = None

    @property
    def existence(self) -> Interval[int]:
        """``1..1`` for a mandatory attribute, ``0..1`` otherwise.

        >>> from strukturjournal.rm import RMModel
        >>> str(RMModel.default().property_of("OBSERVATION", "state").existence)
        '|0..1|'
        """
        return Interval(1 if self.is_mandatory else 0, 1)

    @property
    def full_type(self) -> str:
        """The whole static type, container included (``List<ITEM>``).

        >>> from strukturjournal.rm import RMModel
        >>> RMModel.default().property_of("DV_QUANTITY", "magnitude").full_type
        'Real'
        """
        if self.container_type:
            return f"{self.container_type}<{self.type_name}>"
        return self.type_name


@dataclass(frozen=True, slots=True, eq=True)
class RMClass:
    """An RM (or BMM primitive) class: direct ancestors and own properties only.

    ``generic_parameters`` maps each formal parameter, in order, to the type it
    must conform to (``None`` when the class itself does not say).

    >>> from strukturjournal.rm import RMModel
    >>> event = RMModel.default().get_class("EVENT")
    >>> event.is_abstract, event.ancestors, event.generic_parameters
    (True, ('LOCATABLE',), {'T': 'ITEM_STRUCTURE'})
    """

    name: str
    ancestors: tuple[str, ...] = ()
    properties: dict[str, RMProperty] = field(default_factory=dict)
    is_abstract: bool = False
    generic_parameters: dict[str, str | None] = field(default_factory=dict)
    is_primitive: bool = False

    __hash__ = None  # type: ignore[assignment]


def compact_json(value: Any) -> str:
    """One-line JSON with sorted keys (one class per line in the facts file).

    >>> compact_json({"type": "ITEM", "mandatory": True})
    '{"mandatory":true,"type":"ITEM"}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def class_facts(c: RMClass) -> dict[str, Any]:
    """The facts of one class; defaults (not abstract, no properties...) are left out.

    >>> class_facts(RMClass("EVENT", ("LOCATABLE",), is_abstract=True, generic_parameters={"T": "ITEM_STRUCTURE"}))
    {'ancestors': ['LOCATABLE'], 'abstract': True, 'generic': [['T', 'ITEM_STRUCTURE']]}
    """
    out: dict[str, Any] = {"ancestors": list(c.ancestors)}
    if c.is_abstract:
        out["abstract"] = True
    if c.is_primitive:
        out["primitive"] = True
    if c.generic_parameters:
        out["generic"] = [[p, b] for p, b in c.generic_parameters.items()]
    if c.properties:
        out["properties"] = {n: property_facts(p) for n, p in sorted(c.properties.items())}
    return out


def property_facts(p: RMProperty) -> dict[str, Any]:
    """The facts of one property; a cardinality is ``[lower, upper]`` (``None`` for ``*``).

    >>> property_facts(RMProperty("value", "DATA_VALUE"))
    {'type': 'DATA_VALUE'}
    """
    out: dict[str, Any] = {"type": p.type_name}
    if p.is_mandatory:
        out["mandatory"] = True
    if p.is_container:
        out["container"] = p.container_type
        card = p.cardinality
        out["cardinality"] = None if card is None else [card.lower, card.upper]
    return out


def class_from_facts(name: str, c: Mapping[str, Any]) -> RMClass:
    """Rebuild a class from :func:`class_facts` output.

    >>> class_from_facts("ITEM", {"ancestors": ["LOCATABLE"], "abstract": True})
    RMClass(name='ITEM', ancestors=('LOCATABLE',), properties={}, is_abstract=True, generic_parameters={}, is_primitive=False)
    """
    props = {n: property_from_facts(n, p) for n, p in c.get("properties", {}).items()}
    generic: Iterable[tuple[str, str | None]] = (tuple(g) for g in c.get("generic", ()))
    return RMClass(
        name=name,
        ancestors=tuple(c.get("ancestors", ())),
        properties=props,
        is_abstract=bool(c.get("abstract", False)),
        generic_parameters=dict(generic),
        is_primitive=bool(c.get("primitive", False)),
    )


def property_from_facts(name: str, p: Mapping[str, Any]) -> RMProperty:
    """Rebuild a property from :func:`property_facts` output.

    >>> property_from_facts("units", {"type": "String", "mandatory": True}).is_mandatory
    True
    """
    card = p.get("cardinality")
    return RMProperty(
        name=name,
        type_name=p["type"],
        is_mandatory=bool(p.get("mandatory", False)),
        is_container="container" in p,
        cardinality=None if card is None else Interval(card[0], card[1]),
        container_type=p.get("container"),
    )
