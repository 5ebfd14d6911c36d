"""Building the unfiltered web template tree from an operational template.

Behaviour follows the EHRbase openEHR SDK's ``OPTParser`` (read, not copied): one node per
constraint object, names from the archetype terms (or the template's fixed names), RM attribute
nodes added per RM type (:mod:`._rm_facts`), inputs per data type (:mod:`._wt_inputs`).

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> b = Builder(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
>>> b.languages
['en']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from strukturjournal.aom import (
    ArchetypeSlot,
    CArchetypeRoot,
    CAttribute,
    CCodePhrase,
    CComplexObject,
    CDomainType,
    CDvOrdinal,
    CDvQuantity,
    CDvScale,
    CObject,
    CPrimitiveObject,
)
from strukturjournal.template import _rm_facts as rm
from strukturjournal.template._raw import RawElement
from strukturjournal.template._wt_inputs import InputHandler
from strukturjournal.template._wt_model import (
    AqlPath,
    Seg,
    WtInput,
    WtNode,
    build_id,
    make_id_unique,
)
from strukturjournal.template._wt_values import Term, Terms, code_phrase, ordinal, quantity
from strukturjournal.template.model import OperationalTemplate, split_aql_path

__all__ = ["Builder"]


@dataclass(slots=True)
class _Name:
    label: str
    localized: dict[str, str]


def _parse_path(text: str) -> AqlPath:
    text = re.sub(r"\s+", " ", text.strip())
    return AqlPath(tuple(Seg(a, c, n) for a, c, n in split_aql_path(text)))


class Builder:
    """Turns an :class:`OperationalTemplate` into the SDK's unfiltered node tree."""

    def __init__(self, template: OperationalTemplate, languages: list[str] | None = None) -> None:
        self.t = template
        self.lang = template.default_language
        self.languages = languages or template.languages
        self.annotations: dict[str, dict[str, str]] = {}
        for ann in template.annotations:
            try:
                key = _parse_path(ann.node_path).format()
            except ValueError:
                key = ann.node_path
            self.annotations.setdefault(key, {}).update(ann.items)
        self.inputs = InputHandler(self._defaults(template.constraints))
        self.id_separator = ""
        self._root: CArchetypeRoot | None = None

    # --- template defaults (OPT <constraints>)
    @staticmethod
    def _defaults(constraints: RawElement | None) -> dict[str, str]:
        out: dict[str, str] = {}
        if constraints is None:
            return out
        for attr in constraints.children:
            diff = attr.find_text("differential_path") or ""
            name = attr.find_text("rm_attribute_name") or ""
            rel = diff.split("/", 1)[1] if "/" in diff else ""
            try:
                path = _parse_path("/" + rel).add(name) if rel else AqlPath().add(name)
            except ValueError:
                continue
            for child in attr.children:
                if child.tag != "children":
                    continue
                for dv in child.children:
                    for item in dv.children:
                        if not item.children:
                            out[f"{path.format()}|{item.tag}"] = item.text
                        else:  # a coded value: the code of its defining_code child, if it has one
                            code = item.find_text("defining_code", "code_string") or ""
                            out[f"{path.format()}|defining_code"] = code
        return out

    # --- terms
    def _terms_for(self, root: CArchetypeRoot) -> Terms:
        terms: Terms = {}
        for lang, table in root.ontology.term_definitions.items():
            for code, term in table.items():
                other = {
                    k: str(v) for k, v in term.items.items() if k not in ("text", "description")
                }
                desc = term.items.get("description")
                terms.setdefault(code, {})[lang] = Term(
                    term.text, None if desc is None else str(desc), other
                )
        ontologies = [
            o for aid, o in self.t.component_ontologies.items() if aid == root.archetype_id
        ]
        if self.t.ontology is not None and self.t.ontology_archetype_id == root.archetype_id:
            ontologies.append(self.t.ontology)
        for onto in ontologies:  # the root's own terms (this use of the archetype) win
            for lang, table in onto.term_definitions.items():
                for code, term in table.items():
                    terms.setdefault(code, {}).setdefault(lang, Term(term.text, term.description))
        return terms

    # --- tree
    def build(self) -> WtNode:
        root = self.t.definition
        if not isinstance(root, CArchetypeRoot):
            raise TypeError("the template's definition is not an archetype root")
        return self._archetype_root(root, AqlPath())[0]

    def _archetype_root(self, root: CArchetypeRoot, aql: AqlPath) -> list[WtNode]:
        terms = self._terms_for(root)
        outer, self._root = self._root, root
        nodes = self._complex(root, aql, terms, None)
        self._root = outer
        for node in nodes:
            node.node_id = root.archetype_id
            self._add_rm_attributes(node, aql)
        return nodes

    @staticmethod
    def _term_bindings(node: WtNode, root: CArchetypeRoot, code: str) -> None:
        for terminology, bindings in root.ontology.term_bindings.items():
            value = bindings.get(code)
            if value is not None:
                code_string = value.code_string
                text = (
                    code_string
                    if code_string.startswith("[")
                    else f"[{value.terminology_id}::{code_string}]"
                )
                node.term_bindings[terminology] = {"value": text, "terminologyId": terminology}

    def _name_node(self, obj: CComplexObject, aql: AqlPath, terms: Terms) -> WtNode | None:
        attr = obj.attribute("name")
        if attr is None or len(attr.children) != 1:
            return None
        nodes = self._cobject(attr.children[0], aql, terms, "name")
        return nodes[0] if nodes else None

    def _complex(
        self, obj: CComplexObject, aql: AqlPath, terms: Terms, attr_name: str | None
    ) -> list[WtNode]:
        name_node = self._name_node(obj, aql, terms)
        names = [
            _Name(v.label or "", dict(v.localized_labels))
            for i in (name_node.inputs if name_node else [])
            if i.suffix in (None, "code")
            for v in i.list
        ]
        if len(names) > 1:
            out = []
            for name in names:
                node = self._node_with_name(obj, aql, terms, attr_name, name)
                local = name_node.clone() if name_node else None
                if local is not None:
                    self._set_explicit_name(name, node, local)
                self._add_annotations(node, node.aql)
                self._complex_single(obj, node.aql, terms, local, node)
                out.append(node)
            return out
        explicit = names[0] if names else None
        node = self._node_with_name(obj, aql, terms, attr_name, explicit)
        if name_node is not None:
            self._set_explicit_name(explicit, node, name_node)
        self._add_annotations(node, node.aql)
        self._complex_single(obj, node.aql, terms, name_node, node)
        return [node]

    def _add_annotations(self, node: WtNode, aql: AqlPath) -> None:
        items = self.annotations.get(aql.format()) or self.annotations.get(aql.format(False))
        if items:
            node.annotations = node.annotations or {}
            node.annotations.update(items)

    @staticmethod
    def _set_explicit_name(name: _Name | None, node: WtNode, name_node: WtNode) -> None:
        name_node.aql = node.aql.add("name")
        if name is None:
            return
        for inp in name_node.inputs:
            if inp.suffix in (None, "code"):
                inp.list = [v for v in inp.list if v.label == name.label]
                break
        coded = name_node.child("defining_code")
        if coded is not None:
            coded.inputs = [
                WtInput(**{f: getattr(i, f) for f in WtInput.__slots__}) for i in name_node.inputs
            ]

    def _node_with_name(
        self,
        obj: CComplexObject,
        aql: AqlPath,
        terms: Terms,
        attr_name: str | None,
        name: _Name | None,
    ) -> WtNode:
        node = self._node(obj, attr_name, terms, name)
        node.aql = aql
        if obj.node_id and name is not None:
            node.aql = aql.with_name(name.label)
        return node

    def _node(
        self, obj: CObject, attr_name: str | None, terms: Terms, name: _Name | None
    ) -> WtNode:
        occ = obj.occurrences
        node = WtNode(rm_type=obj.rm_type_name, constraint=obj)
        lower = 1 if occ is None else occ.lower
        upper = 1 if occ is None else occ.upper
        node.min = -1 if lower is None else lower
        node.max = -1 if upper is None else upper
        node_id = obj.node_id if rm.is_locatable(obj.rm_type_name) else None
        term = terms.get(node_id or "", {})
        if node_id and (name is not None or self.lang in term):
            label = name.label if name is not None else term[self.lang].text
            own = term.get(self.t.default_language)
            if name is not None and not name.localized and own is not None and own.text == label:
                # a label: the template-language term text fixed as the name; others translate it
                label = term[self.lang].text if self.lang in term else label
            node.name, node.id, node.node_id, node.localized_name = (
                label,
                build_id(label),
                node_id,
                label,
            )
            node.localized_names = {k: v.text for k, v in term.items()}
            if name is not None:  # a coded name's own texts; a text name only fixes this language
                node.localized_names.update(name.localized)
            node.localized_names[self.lang] = label
            node.localized_descriptions = {
                k: v.text if v.description is None else v.description for k, v in term.items()
            }
            if self._root is not None:
                self._term_bindings(node, self._root, node_id)
            own = term.get(self.lang)
            for key, value in (own.other if own else {}).items():
                node.annotations = node.annotations or {}
                node.annotations[key] = value
        else:
            label = attr_name or obj.rm_type_name
            node.id, node.name, node.localized_name = build_id(label), label, label
        return node

    def _complex_single(
        self,
        obj: CComplexObject,
        aql: AqlPath,
        terms: Terms,
        name_node: WtNode | None,
        node: WtNode,
    ) -> None:
        template_inputs: dict[str, WtInput] = {}
        cardinalities: list[tuple[CAttribute, list[WtNode]]] = []
        for attr in obj.attributes:
            path = aql.add(attr.rm_attribute_name)
            if attr.rm_attribute_name == "name":
                continue
            new: list[WtNode] = []
            for child in attr.children:
                if isinstance(child, CPrimitiveObject):
                    template_inputs[attr.rm_attribute_name] = self.inputs.extract_input(child)
                    continue
                made = self._cobject(child, path, terms, attr.rm_attribute_name)
                if isinstance(child, ArchetypeSlot):
                    for m in made:
                        m.archetype_slot = True
                new += made
            if node.rm_type == "ACTION":
                self._ism_transitions(aql, node, attr, new)
            if attr.cardinality is not None:
                cardinalities.append((attr, new))
            for c in new:
                last = c.aql.last
                if last is not None and last.name is not None:
                    continue
                if any(
                    n.aql != c.aql and n.aql.without_names() == c.aql.without_names() for n in new
                ):
                    renamed = c.aql.with_name(c.name)
                    for grand in c.children:
                        _rebase(grand, c.aql, renamed)
                    c.aql = renamed
            node.children += new
        for group in node.choices():
            for c in group:
                _choice_id(c)
        if node.rm_type == "ELEMENT":
            self._element(node, template_inputs)
        if node.rm_type == "DV_CODED_TEXT":
            phrase = next((n for n in node.walk() if n.rm_type == "CODE_PHRASE"), None)
            if phrase is None:
                node.inputs += [WtInput("TEXT", "value"), WtInput("TEXT", "code")]
            else:
                node.inputs += phrase.inputs
        if name_node is not None:
            node.children.append(name_node)
        self._add_rm_attributes(node, aql)
        if not node.inputs:
            self.inputs.add_inputs(node, template_inputs)
        make_id_unique(node, self.id_separator)
        self._cardinalities(node, cardinalities)
        in_context = {
            i for anc, ids in rm.IN_CONTEXT.items() if rm.is_a(node.rm_type, anc) for i in ids
        }
        for wt_child in node.children:
            if wt_child.full_id() in in_context:
                wt_child.in_context = True

    @staticmethod
    def _cardinalities(node: WtNode, found: list[tuple[CAttribute, list[WtNode]]]) -> None:
        for attr, children in found:
            card = attr.cardinality
            if card is None:
                continue
            lo, hi = card.interval.lower, card.interval.upper
            hi_v = -1 if hi is None else hi
            paths = {c.aql for c in children}
            ids = [n.full_id() for n in node.walk() if n.aql in paths]
            if (lo is not None and lo > 1) or (hi_v != -1 and hi_v < len(ids)):
                entry: dict[str, object] = {"max": hi_v, "ids": ids}
                if lo is not None:
                    entry = {"min": lo, **entry}
                node.cardinalities.append(entry)

    def _element(self, node: WtNode, template_inputs: dict[str, WtInput]) -> None:
        if not node.children:
            for rm_type in rm.CHOICE_ANY_TYPES:
                sub = WtNode(rm_type=rm_type, name=node.name, localized_name=node.localized_name)
                _choice_id(sub)
                sub.aql = node.aql.add("value")
                sub.in_context, sub.min, sub.max = True, 0, 1
                sub.localized_descriptions = dict(node.localized_descriptions)
                sub.localized_names = dict(node.localized_names)
                self.inputs.add_inputs(sub, template_inputs)
                node.children.append(sub)
            return
        true_children = _true_children(node)
        for c in true_children:
            c.node_id, c.annotations, c.name = node.node_id, node.annotations, node.name
            c.term_bindings = dict(node.term_bindings)
            c.localized_descriptions.update(node.localized_descriptions)
            c.localized_names.update(node.localized_names)
            c.localized_name = node.localized_name
        if len(true_children) != 1 and not node.choices():
            for c in _true_children(node):
                if _choice_id(c):
                    c.localized_descriptions.update(node.localized_descriptions)
                    c.localized_names.update(node.localized_names)

    def _ism_transitions(
        self, aql: AqlPath, node: WtNode, attr: CAttribute, new: list[WtNode]
    ) -> None:
        isms = [n for n in new if n.rm_type == "ISM_TRANSITION"]
        if not isms:
            return
        first = isms[0]
        name = attr.rm_attribute_name
        ism = WtNode(
            id=build_id(name), rm_type="ISM_TRANSITION", name=name, min=first.min, max=first.max
        )
        ism.in_context, ism.aql = True, aql.add(name)
        proto_step = first.child("careflow_step")
        proto_state = first.child("current_state")
        transition = first.child("transition")
        if proto_step is None or proto_state is None or transition is None:
            return
        step = WtNode(id="careflow_step", rm_type="DV_CODED_TEXT", name="Careflow_step")
        step.min = step.max = proto_step.min
        step.in_context, step.aql = True, aql.add(name).add("careflow_step")
        code = WtInput("CODED_TEXT", "code", terminology="local")
        states = WtInput("CODED_TEXT", "code", terminology="openehr")
        for it in isms:
            it_step, it_state = it.child("careflow_step"), it.child("current_state")
            if (
                it_step is None
                or it_state is None
                or not it_step.inputs
                or not it_step.inputs[0].list
            ):
                continue
            value = it_step.inputs[0].list[0]
            value.current_states += [
                v.value for v in (it_state.inputs[0].list if it_state.inputs else [])
            ]
            code.list.append(value)
            for i in it_state.inputs:
                states.list += i.list
        step.inputs.append(code)
        state = WtNode(id="current_state", rm_type="DV_CODED_TEXT", name="Current_state")
        state.min = state.max = proto_state.min
        state.in_context, state.aql = True, aql.add(name).add("current_state")
        state.inputs.append(states)
        transition.aql, transition.in_context = aql.add(name).add("transition"), True
        ism.children += [step, state, transition]
        node.children.append(ism)

    def _add_rm_attributes(self, node: WtNode, aql: AqlPath) -> None:
        for attr in rm.rm_attributes(node.rm_type):
            ident = build_id(attr.name)
            if any(c.id == ident for c in node.children):
                continue
            child = WtNode(id=ident, rm_type=attr.rm_type, name=attr.name, aql=aql.add(attr.name))
            child.max = -1 if attr.multiple else 1
            child.min = 0 if attr.nullable else 1
            if attr.name in ("action_archetype_id", "math_function"):
                child.min = 1
            self.inputs.add_inputs(child, {})
            self._add_rm_attributes(child, child.aql)
            node.children.append(child)

    def _cobject(self, obj: CObject, aql: AqlPath, terms: Terms, attr_name: str) -> list[WtNode]:
        if isinstance(obj, CArchetypeRoot):
            return self._archetype_root(
                obj, aql.with_code(obj.archetype_id) if obj.archetype_id else aql
            )
        locatable_id = obj.node_id if rm.is_locatable(obj.rm_type_name) else None
        path = aql.with_code(locatable_id) if locatable_id else aql
        if isinstance(obj, CComplexObject):
            return self._complex(obj, path, terms, attr_name)
        if isinstance(obj, CDomainType):
            return [self._domain(obj, path, terms, attr_name)]
        if isinstance(obj, ArchetypeSlot):
            node = self._node(obj, attr_name, terms, None)
            node.aql = aql.with_code(obj.node_id) if obj.node_id else aql
            return [node]
        return []

    def _domain(self, obj: CDomainType, aql: AqlPath, terms: Terms, attr_name: str) -> WtNode:
        node = self._node(obj, attr_name, terms, None)
        node.aql = aql
        if isinstance(obj, CDvQuantity):
            quantity(obj, node, terms, self.inputs)
        elif isinstance(obj, CDvOrdinal | CDvScale):
            ordinal(obj, node, terms, self.inputs, self.lang)
        elif isinstance(obj, CCodePhrase):
            code_phrase(obj, node, terms, self.inputs, self.lang, self.languages)
        return node


def _choice_id(node: WtNode) -> bool:
    if node.rm_type.startswith("DV_"):
        node.id = node.rm_type[3:].lower() + "_value"
        return True
    return False


def _true_children(node: WtNode) -> list[WtNode]:
    if node.rm_type != "ELEMENT":
        return []
    return [
        c
        for c in node.children
        if c.name != "name" and not (c.name in ("null_flavour", "feeder_audit") and c.min == 0)
    ]


def _rebase(node: WtNode, old: AqlPath, new: AqlPath) -> None:
    before = node.aql
    node.aql = new.extend(before.remove_start(old))
    for c in node.children:
        _rebase(c, before, node.aql)
