"""Working model of a web template while it is built: nodes, inputs, AQL paths, JSON output.

>>> p = AqlPath.root().add("content", "openEHR-EHR-SECTION.adhoc.v1").with_name("Befund")
>>> p.format()
"/content[openEHR-EHR-SECTION.adhoc.v1,'Befund']"
>>> build_id("Blutdruck (systolisch)"), build_id("24h Mittel"), build_id("Høyde"), build_id("SpO₂")
('blutdruck_systolisch', 'a24h_mittel', 'høyde', 'spo')
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from typing import Any

from strukturjournal.rm.terminology import RUBRICS

__all__ = ["AqlPath", "Seg", "WtInput", "WtNode", "WtValue", "build_id", "openehr_rubric"]


@dataclass(frozen=True, slots=True)
class Seg:
    """One AQL path segment: attribute, optional node id (or archetype id), optional name."""

    attr: str
    code: str | None = None
    name: str | None = None

    def format(self, with_name: bool = True) -> str:
        preds = []
        if self.code:
            preds.append(self.code)
        if with_name and self.name is not None:
            quoted = "'" + self.name.replace("\\", "\\\\").replace("'", "\\'") + "'"
            preds.append(quoted if self.code else f"name/value={quoted}")
        return f"/{self.attr}[{','.join(preds)}]" if preds else f"/{self.attr}"


@dataclass(frozen=True, slots=True)
class AqlPath:
    """An AQL path as segments; ``format()`` writes it the way web templates do."""

    segs: tuple[Seg, ...] = ()

    @classmethod
    def root(cls) -> AqlPath:
        return cls()

    def add(self, attr: str, code: str | None = None, name: str | None = None) -> AqlPath:
        return AqlPath((*self.segs, Seg(attr, code, name)))

    def extend(self, other: AqlPath) -> AqlPath:
        return AqlPath(self.segs + other.segs)

    def with_code(self, code: str) -> AqlPath:
        """The path with the last segment's node id replaced."""
        return AqlPath((*self.segs[:-1], replace(self.segs[-1], code=code))) if self.segs else self

    def with_name(self, name: str | None) -> AqlPath:
        """The path with the last segment's name predicate replaced."""
        return AqlPath((*self.segs[:-1], replace(self.segs[-1], name=name))) if self.segs else self

    def remove_start(self, base: AqlPath) -> AqlPath:
        return AqlPath(self.segs[len(base.segs) :])

    def without_names(self) -> AqlPath:
        return AqlPath(tuple(replace(s, name=None) for s in self.segs))

    @property
    def last(self) -> Seg | None:
        return self.segs[-1] if self.segs else None

    def format(self, with_name: bool = True) -> str:
        return "".join(s.format(with_name) for s in self.segs)

    def __str__(self) -> str:
        return self.format()


_NON_ALNUM_KEEP = "._-"


def build_id(term: str) -> str:
    """A web template node id from a name (the SDK's ``OPTParser.buildId``).

    Every character that is not a letter, a digit, ``.``, ``_`` or ``-`` becomes a space; runs of
    spaces become one ``_``; the result is lower case; a leading digit gets an ``a`` in front.
    """
    # isdecimal, not isdigit: "₂" (SpO₂) is no digit to Java's Character.isDigit either
    cleaned = "".join(
        c if (c.isalpha() or c.isdecimal() or c in _NON_ALNUM_KEEP) else " " for c in term
    )
    normal = "_".join(cleaned.split()).lower()
    if not normal:
        return "id"
    if normal[0].isdecimal():
        return "a" + normal
    return normal


@dataclass(slots=True)
class WtValue:
    """One allowed value of an input (a code, a unit, an ordinal)."""

    value: str
    label: str | None = None
    ordinal: int | float | None = None
    localized_labels: dict[str, str] = field(default_factory=dict)
    localized_descriptions: dict[str, str] = field(default_factory=dict)
    validation: dict[str, Any] | None = None
    current_states: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.label is not None:
            out["label"] = self.label
        if self.ordinal is not None:
            out["ordinal"] = self.ordinal
        if self.localized_labels:
            out["localizedLabels"] = dict(self.localized_labels)
        if self.localized_descriptions:
            out["localizedDescriptions"] = dict(self.localized_descriptions)
        if self.current_states:
            out["currentStates"] = list(self.current_states)
        if self.validation:
            out["validation"] = self.validation
        return out


@dataclass(slots=True)
class WtInput:
    """One input of a node: suffix, type, allowed values, validation, default."""

    type: str
    suffix: str | None = None
    list: list[WtValue] = field(default_factory=list)
    list_open: bool | None = None
    terminology: str | None = None
    validation: dict[str, Any] | None = None
    default_value: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.suffix is not None:
            out["suffix"] = self.suffix
        out["type"] = self.type
        if self.list:
            out["list"] = [v.to_json() for v in self.list]
        if self.list_open:
            out["listOpen"] = True
        if self.terminology:
            out["terminology"] = self.terminology
        if self.validation:
            out["validation"] = self.validation
        if self.default_value is not None:
            out["defaultValue"] = self.default_value
        return out


@dataclass(slots=True)
class WtNode:
    """A web template node while being built (mutable, like the SDK's ``WebTemplateNode``)."""

    id: str = ""
    rm_type: str = ""
    name: str | None = None
    localized_name: str | None = None
    node_id: str | None = None
    min: int = 0
    max: int = 0
    localized_names: dict[str, str] = field(default_factory=dict)
    localized_descriptions: dict[str, str] = field(default_factory=dict)
    aql: AqlPath = field(default_factory=AqlPath)
    children: list[WtNode] = field(default_factory=list)
    inputs: list[WtInput] = field(default_factory=list)
    in_context: bool | None = None
    term_bindings: dict[str, dict[str, str]] = field(default_factory=dict)
    annotations: dict[str, Any] | None = None
    proportion_types: list[str] = field(default_factory=list)
    cardinalities: list[dict[str, Any]] = field(default_factory=list)
    archetype_slot: bool = False
    optional_id_number: int | None = None
    id_separator: str = ""
    #: the template constraint the node was built from (``None`` for RM attribute nodes)
    constraint: Any = field(default=None, compare=False, repr=False)

    def full_id(self) -> str:
        """The id with its clash number (``time2``)."""
        if not self.optional_id_number:
            return self.id
        return f"{self.id}{self.id_separator}{self.optional_id_number}"

    def clone(self) -> WtNode:
        """A deep copy that shares the template constraints (they are not the node's to copy)."""
        memo: dict[int, Any] = {
            id(n.constraint): n.constraint for n in self.walk() if n.constraint is not None
        }
        return copy.deepcopy(self, memo)

    def child(self, node_id: str) -> WtNode | None:
        for c in self.children:
            if c.full_id() == node_id:
                return c
        return None

    def walk(self) -> list[WtNode]:
        """Children's subtrees first, then the node (the SDK's ``streamMatching`` order)."""
        out: list[WtNode] = []
        for c in self.children:
            out += c.walk()
        out.append(self)
        return out

    def choices(self) -> list[list[WtNode]]:
        """Groups of children sharing one AQL path (a choice of types)."""
        groups: dict[str, list[WtNode]] = {}
        for c in self.children:
            groups.setdefault(c.aql.format(), []).append(c)
        return [g for g in groups.values() if len(g) > 1]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.full_id()}
        if self.name is not None:
            out["name"] = self.name
        if self.localized_name is not None:
            out["localizedName"] = self.localized_name
        out["rmType"] = self.rm_type
        if self.node_id:
            out["nodeId"] = self.node_id
        out["min"] = self.min
        out["max"] = self.max
        if self.localized_names:
            out["localizedNames"] = dict(self.localized_names)
        if self.localized_descriptions:
            out["localizedDescriptions"] = dict(self.localized_descriptions)
        if self.annotations:
            out["annotations"] = self.annotations
        out["aqlPath"] = self.aql.format()
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        if self.inputs:
            out["inputs"] = [i.to_json() for i in self.inputs]
        if self.in_context:
            out["inContext"] = True
        if self.term_bindings:
            out["termBindings"] = self.term_bindings
        if self.proportion_types:
            out["proportionTypes"] = list(self.proportion_types)
        if self.cardinalities:
            out["cardinalities"] = self.cardinalities
        return out


def make_id_unique(node: WtNode, separator: str = "") -> None:
    """Number clashing sibling ids ``x``, ``x2``, ``x3``... (``OPTParser.makeIdUnique``).

    ``separator`` goes between id and number (``"_"`` gives ``x_2``).
    """
    groups: dict[str, list[WtNode]] = {}
    for c in node.children:
        groups.setdefault(c.id, []).append(c)
    for group in groups.values():
        if len(group) == 1:
            group[0].optional_id_number = None
            continue
        for i, n in enumerate(group[1:], start=2):
            n.optional_id_number = i
            n.id_separator = separator
            if n.rm_type == "ELEMENT":
                for c in n.children:
                    if c.full_id() == n.id:
                        c.optional_id_number = i
                        c.id_separator = separator


# English rubrics of the openEHR terminology codes templates use (labels only; an unknown code
# is labelled with itself, as the SDK does).
_OPENEHR = RUBRICS


def openehr_rubric(code: str) -> str | None:
    """The English rubric of an openEHR terminology code, if known.

    >>> openehr_rubric("433")
    'event'
    """
    return _OPENEHR.get(code)


_WS = re.compile(r"\s+")
