"""The compiled FLAT view of a template: every index-free FLAT path to its node, with the node's
labels, its compiled acceptor, and the children that must be present once it is.

>>> from strukturjournal.aom import CArchetypeRoot
>>> idx = FlatIndex(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
>>> sorted(idx.nodes)[:2]
['composition', 'composition/category']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strukturjournal.aom import CAttribute, CComplexObject, CObject
from strukturjournal.errors import TemplateError
from strukturjournal.rm import RMModel
from strukturjournal.template import OperationalTemplate
from strukturjournal.template.model import split_aql_path
from strukturjournal.template.web_tree import WtNode, build_web_tree
from strukturjournal.validate._canonical import LABEL_LANGUAGES
from strukturjournal.validate._fast import Accept, compile_acceptor

__all__ = ["FlatIndex", "FlatNode", "Mandatory"]


@dataclass(frozen=True, slots=True)
class Mandatory:
    """Children of a node one of which must be present (a choice of types is one group).

    ``unless_absent``: when the group sits below a structure the web template hides and the
    template lets be absent (an observation's ``protocol``), the ids of the siblings below that
    structure: the group is required only once one of them is present (the structure exists).
    """

    group: tuple[FlatNode, ...]
    unless_absent: tuple[str, ...] | None = None


@dataclass(eq=False, slots=True)
class FlatNode:
    """A compiled web template node: its id, web template node, parent, children by id, labels."""

    id: str
    wt: WtNode
    parent: FlatNode | None
    pattern: str
    labels: dict[str, str]
    children: dict[str, FlatNode] = field(default_factory=dict)
    aql: str = ""
    #: children that must be present once this node is, grouped by AQL path (a choice of types is one group)
    mandatory: list[Mandatory] = field(default_factory=list)
    #: the compiled quick test of this node's values (:mod:`~strukturjournal.validate._fast`)
    accept: Accept | None = None
    #: ``lower``/``upper`` of an interval, or the ``current_state`` of an ISM transition
    special: bool = False

    @property
    def multiple(self) -> bool:
        """May repeat (``max`` other than 1)."""
        return self.wt.max != 1

    @property
    def constraint(self) -> CObject | None:
        """The template constraint of the node (``None`` for RM attributes the template does not constrain)."""
        c = self.wt.constraint
        return c if isinstance(c, CObject) else None



_NULL_FLAVOUR_AQL = ("/null_flavour", "/null_flavor")  # some OPTs (RIPPLE) spell the attribute the US way


def _join_null_flavour(groups: dict[str, list[FlatNode]]) -> None:
    """An ELEMENT holds a value or a null flavour, never both (RM ``ELEMENT`` invariants
    ``Inv_null_flavour_indicated``/``not_indicated``): a constrained null flavour is one more
    alternative of the value, never mandatory on its own (its attribute's existence is 0..1)."""
    flavours = [aql for aql in groups if aql.endswith(_NULL_FLAVOUR_AQL)]
    values = [aql for aql in groups if aql.endswith("/value")]
    for aql in flavours:
        group = groups.pop(aql)
        if values:
            groups[values[0]].extend(group)


class FlatIndex:
    """The compiled FLAT view of a template: every index-free FLAT path to its :class:`FlatNode`.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> idx = FlatIndex(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
    >>> sorted(idx.nodes)[:2]
    ['composition', 'composition/category']
    """

    def __init__(self, template: OperationalTemplate, rm: RMModel | None = None) -> None:
        self.template = template
        self.rm = rm or RMModel.default()
        try:
            tree = build_web_tree(template)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise TemplateError(f"template {template.template_id}: cannot build its FLAT paths ({exc})") from exc
        self.root = self._compile(tree.root)
        self.nodes: dict[str, FlatNode] = {}
        #: FLAT keys already worked out (bounded by ``max_cached_keys``)
        self.keys: dict[str, Any] = {}  # key -> what it means (``_flat._Key``)
        self.max_cached_keys = 200_000
        stack = [self.root]
        while stack:
            node = stack.pop()
            self.nodes[node.pattern] = node
            stack.extend(node.children.values())

    @staticmethod
    def _compile(root: WtNode) -> FlatNode:
        def labels(wt: WtNode) -> dict[str, str]:
            out = {lang: wt.localized_names[lang] for lang in LABEL_LANGUAGES if wt.localized_names.get(lang)}
            if not out and wt.localized_name:
                out["en"] = wt.localized_name
            return out

        top = FlatNode(root.full_id(), root, None, root.full_id(), labels(root), aql=root.aql.format() or "/")
        stack: list[FlatNode] = [top]
        while stack:
            parent = stack.pop()
            groups: dict[str, list[FlatNode]] = {}
            for wt in parent.wt.children:
                ident = wt.full_id()
                node = FlatNode(ident, wt, parent, f"{parent.pattern}/{ident}", labels(wt) or parent.labels,
                                aql=wt.aql.format() or "/")
                parent.children.setdefault(ident, node)
                node.accept = compile_acceptor(wt.rm_type, node.constraint, wt.inputs)
                node.special = ident == "current_state" or (
                    ident in ("lower", "upper") and parent.wt.rm_type.startswith("DV_INTERVAL"))
                groups.setdefault(node.aql, []).append(node)
                stack.append(node)
            if parent.wt.rm_type == "ELEMENT":
                _join_null_flavour(groups)
            for group in groups.values():
                first = group[0]
                wt = first.wt
                if wt.min >= 1 and not wt.in_context and wt.node_id and first.constraint is not None:
                    parent.mandatory.append(Mandatory(tuple(group), _unless_absent(parent, group)))
        return top

    def rm_attribute_ok(self, node: FlatNode, name: str) -> bool:
        """Whether ``name`` (``_name`` in the data) may follow ``node``: an RM attribute of its type,
        of a subtype (``width`` of an interval event under an ``EVENT``) or of its ELEMENT."""
        rm_type = node.wt.rm_type
        if not self.rm.has_class(rm_type):
            return True
        types = [rm_type, *self.rm.descendants_of(rm_type)]
        if rm_type.startswith("DV_") or rm_type == "ELEMENT":
            types.append("ELEMENT")
        wanted = {name, name + "s", _RM_ALIASES.get(name, name)}
        return any(not wanted.isdisjoint(self.rm.all_properties(t)) for t in types)


# FLAT attribute names that differ from RM 1.1 names
_RM_ALIASES = {"work_flow_id": "workflow_id", "history_origin": "data", "wf_definition": "wf_definition"}


def _relative(parent: FlatNode, child: FlatNode) -> list[tuple[str, str | None, str | None]]:
    """The AQL steps from ``parent`` to the archetyped node ``child`` stands for (a value node's
    trailing ``/value`` left out)."""
    base = "" if parent.aql == "/" else parent.aql
    if not child.aql.startswith(base):
        return []
    steps = split_aql_path(child.aql[len(base):])
    if steps and steps[-1][0] == "value" and steps[-1][1] is None:
        steps = steps[:-1]
    return steps


def _unless_absent(parent: FlatNode, group: list[FlatNode]) -> tuple[str, ...] | None:
    """For a mandatory group below hidden structure that may be absent, the ids of the other
    children below that structure (see :class:`Mandatory`); ``None`` when it is always required."""
    steps = _relative(parent, group[0])
    obj: CObject | None = parent.constraint
    for depth, (attr_name, key, _name) in enumerate(steps[:-1], start=1):
        attr = obj.attribute(attr_name) if isinstance(obj, CComplexObject) else None
        nxt = next((c for c in attr.children if c.node_id == key), None) if attr is not None and key else None
        if _optional(obj, attr, attr_name) or (nxt is not None and nxt.occurrences is not None
                                                and (nxt.occurrences.lower or 0) == 0):
            prefix = steps[:depth]
            members = {id(n) for n in group}
            return tuple(c.id for c in parent.children.values()
                         if id(c) not in members and _relative(parent, c)[:depth] == prefix)
        obj = nxt
    return None


def _optional(owner: CObject | None, attr: CAttribute | None, name: str) -> bool:
    """Whether attribute ``name`` of ``owner`` may be absent (its existence, else the RM's)."""
    if attr is not None and attr.existence is not None:
        return (attr.existence.lower or 0) == 0
    if owner is None:
        return False
    prop = RMModel.default().property_of(owner.rm_type_name, name)
    return prop is not None and not prop.is_mandatory
