"""Concept bindings of a template: which node records a concept, by concept id or LOINC code.

Two kinds, both as AQL paths, so that a free-text extractor can put a value it found into the
right field:

* **concept bindings** (:func:`concept_bindings`, ``OperationalTemplate.bindings``): concept id
  -> path, from the YAML template's ``bindings:`` (resolved when the template is built);
* **LOINC paths** (:func:`loinc_paths`, ``OperationalTemplate.loinc_paths()``): LOINC code ->
  paths, from the ``LOINC`` term bindings of the archetypes used in the template.

In an OPT a concept binding is a template annotation (``<annotations path="...">``) at the
node's path, with an item whose id is ``binding:`` and the concept id (its value is the
concept id again)::

    <annotations path="[openEHR-EHR-COMPOSITION.t_visit.v0]/content[openEHR-EHR-OBSERVATION.t_weight.v0]/...">
      <items id="binding:body_weight">body_weight</items>
    </annotations>

A node bound to several concepts has one item per concept. Paths are AQL paths from the
template's root; a node with a name the template fixed (a renamed or cloned sibling) carries
it as ``[at0004 and name/value='Name']``. LOINC term bindings travel in the OPT's term
bindings of each archetype root, as archetypes have them.

>>> from strukturjournal.template.model import Annotation, _example
>>> t = _example()
>>> t.annotations.append(Annotation("[openEHR-EHR-COMPOSITION.c.v1]/content[openEHR-EHR-OBSERVATION.x.v1]",
...     {"binding:x": "x"}))
>>> concept_bindings(t)
{'x': '/content[openEHR-EHR-OBSERVATION.x.v1]'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturjournal.aom import CArchetypeRoot, CComplexObject, CObject
from strukturjournal.base import CodePhrase
from strukturjournal.template._narrow import fixed_name

if TYPE_CHECKING:
    from strukturjournal.template.model import OperationalTemplate

__all__ = ["BINDING_PREFIX", "aql_paths", "concept_bindings", "loinc_paths"]

#: The id prefix of a concept binding's annotation item: ``binding:<concept id>``.
BINDING_PREFIX = "binding:"


def aql_paths(root: CObject, base: str | None = None) -> dict[int, str]:
    """AQL paths of every node below ``root``, by ``id(node)`` (``base`` ``""``: relative to it).

    An archetype root is addressed by its archetype id, any other node by its node id; a node
    with a name the template fixed gets a name predicate too.

    >>> from strukturjournal.aom import CAttribute
    >>> from strukturjournal.template._narrow import set_name
    >>> el = CComplexObject("ELEMENT", "at0004")
    >>> set_name(el, "Vekt")
    >>> tree = CComplexObject("ITEM_TREE", "at0003", attributes=[CAttribute("items", [el])])
    >>> aql_paths(tree)[id(el)]
    "/items[at0004 and name/value='Vekt']"
    """
    out: dict[int, str] = {id(root): "/" if base is None else base}
    stack: list[tuple[CObject, str]] = [(root, "" if base is None else base)]
    while stack:
        node, prefix = stack.pop()
        if not isinstance(node, CComplexObject):
            continue
        for attr in node.attributes:
            for child in attr.children:
                key = child.archetype_id if isinstance(child, CArchetypeRoot) else child.node_id
                name = fixed_name(child)
                if key and name:
                    pred = f"[{key} and name/value='{name}']"
                else:
                    pred = f"[{key}]" if key else ""
                path = f"{prefix}/{attr.rm_attribute_name}{pred}"
                out[id(child)] = path
                stack.append((child, path))
    return out


def concept_bindings(template: OperationalTemplate) -> dict[str, str]:
    """Concept id -> AQL path, from the template's ``binding:`` annotations.

    >>> from strukturjournal.template.model import _example
    >>> concept_bindings(_example())
    {}
    """
    out: dict[str, str] = {}
    for ann in template.annotations:
        for key in ann.items:
            if key.startswith(BINDING_PREFIX) and len(key) > len(BINDING_PREFIX):
                out[key[len(BINDING_PREFIX):]] = ann.node_path or "/"
    return out


def loinc_paths(template: OperationalTemplate) -> dict[str, list[str]]:
    """LOINC code -> AQL paths of the nodes the archetypes' LOINC term bindings name.

    A binding keyed by an at-code names every node with that id in the archetype; one keyed
    by an archetype path names the node at that path. An archetype used twice gives two paths.

    >>> from strukturjournal.template.model import _example
    >>> t = _example()
    >>> obs = t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]")
    >>> obs.ontology.term_bindings["LOINC"] = {"at0000": CodePhrase("LOINC", "85354-9"),
    ...     "/data[at0001]": CodePhrase("LOINC", "1-8")}
    >>> loinc_paths(t)
    {'85354-9': ['/content[openEHR-EHR-OBSERVATION.x.v1]'], '1-8': ['/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]']}
    """
    paths = aql_paths(template.definition)
    out: dict[str, list[str]] = {}
    for node in template.iter_nodes():
        owner = template.archetype_root_of(node)
        if owner is None:
            continue
        relative = node.path[len(owner.path):] if owner.path != "/" else node.path
        keys = {node.node_id, relative or "/"} if node.node_id else {relative or "/"}
        for terminology, table in owner.ontology.term_bindings.items():
            if not terminology.upper().startswith("LOINC"):
                continue
            for key in sorted(keys & set(table)):
                value = table[key]
                if isinstance(value, CodePhrase):
                    found = out.setdefault(value.code_string, [])
                    if paths[id(node)] not in found:
                        found.append(paths[id(node)])
    return out
