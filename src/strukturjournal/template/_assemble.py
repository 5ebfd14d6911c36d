"""Assembling an operational template from archetypes: the steps OET and YAML templates share.

An :class:`Assembler` copies an archetype's definition into a
:class:`~strukturjournal.aom.CArchetypeRoot`, fills slots with further archetypes, finds nodes
by path and labels them; the rules on one node (exclusion, clones, occurrences, names,
defaults, units, ranges, codes and data types) come from
:class:`~strukturjournal.template._narrow.NodeRules`. Problems become diagnostics; nothing is
raised until :meth:`Assembler.finish`.

Conventions (those of OPT 1.4 as the Ocean and Archetype Designer tools write it):

* a filled slot is replaced by its fillers at the slot's place; an unfilled slot stays;
* every node gets explicit occurrences and every attribute an explicit existence
  (ADL defaults, RM existence), so writing the template as OPT and reading it back is lossless.

>>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject
>>> from strukturjournal.repository import ArchetypeRepository
>>> repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-COMPOSITION.c.v1"),
...     definition=CComplexObject("COMPOSITION", "at0000"))])
>>> a = Assembler(repo)
>>> root = a.archetype_root("openEHR-EHR-COMPOSITION.c.v1")
>>> a.finish("t", "T", root).definition.archetype_id
'openEHR-EHR-COMPOSITION.c.v1'
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeOntology,
    ArchetypeSlot,
    ArchetypeTerm,
    CArchetypeRoot,
    Cardinality,
    CAttribute,
    CComplexObject,
    CDvQuantity,
    CObject,
    COdinDomainType,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import TemplateError
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.rm import RMModel
from strukturjournal.template._narrow import (
    DATA_TYPES,
    NodeRules,
    fixed_name,
    override_term,
    set_name,
)
from strukturjournal.template._raw import RawElement
from strukturjournal.template.model import OperationalTemplate, node_key, split_aql_path

__all__ = ["DATA_TYPES", "Assembler", "Target", "fixed_name", "set_name"]

#: A node found by :meth:`Assembler.resolve`: (the attribute holding it, the node or attribute).
Target = tuple[CAttribute | None, CObject | CAttribute]


class Assembler(NodeRules):
    """Builds one template tree; collects diagnostics in :attr:`diagnostics`.

    ``language`` is the template language: archetype roots carry their terms in it (falling
    back to the archetype's original language), and ``component_ontologies`` carry every
    language the archetypes have.

    >>> Assembler(ArchetypeRepository(), language="nb").language
    'nb'
    """

    def __init__(
        self, repository: ArchetypeRepository, *, language: str = "en", source: str | None = None
    ) -> None:
        self.repository = repository
        self.language = language
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.component_ontologies: dict[str, ArchetypeOntology] = {}
        self._filled: list[ArchetypeSlot] = []
        self._rm = RMModel.default()

    # --- diagnostics
    def report(
        self,
        code: str,
        message: str,
        span: Span | None = None,
        *,
        severity: Severity = Severity.ERROR,
        archetype_id: str | None = None,
        path: str | None = None,
        context: dict[str, str] | None = None,
    ) -> None:
        """Record a finding (``span`` defaults to the source file).

        >>> a = Assembler(ArchetypeRepository(), source="t.oet")
        >>> a.report("template-unknown-path", "no node at /x")
        >>> str(a.diagnostics[0])
        't.oet: error template-unknown-path: no node at /x'
        """
        self.diagnostics.append(
            Diagnostic(
                code,
                message,
                severity=severity,
                archetype_id=archetype_id,
                archetype_path=path,
                span=span or Span(source=self.source),
                context=context or {},
            )
        )

    # --- archetypes
    def archetype_root(self, archetype_id: str, span: Span | None = None) -> CArchetypeRoot | None:
        """A copy of the archetype's definition as an archetype root, or ``None`` (reported).

        >>> a = Assembler(ArchetypeRepository(), source="t.yml")
        >>> a.archetype_root("openEHR-EHR-OBSERVATION.nope.v1") is None, a.diagnostics[0].code
        (True, 'template-missing-archetype')
        """
        archetype = self.repository.find(archetype_id)
        if archetype is None:
            self.report(
                "template-missing-archetype",
                f"archetype {archetype_id} is not in the repository",
                span,
                archetype_id=archetype_id,
            )
            return None
        aid = str(archetype.archetype_id)
        definition = copy.deepcopy(archetype.definition)
        terms = archetype.ontology.term_definitions
        own = terms.get(self.language) or terms.get(archetype.original_language.code_string) or {}
        bindings = {
            t: {
                k: CodePhrase(v.terminology_id, v.code_string)  # OPT bindings carry no version
                for k, v in b.items()
                if isinstance(v, CodePhrase)
            }
            for t, b in archetype.ontology.term_bindings.items()
        }
        ontology = ArchetypeOntology(
            term_definitions={self.language: {c: _plain_term(t) for c, t in own.items()}},
            term_bindings={t: b for t, b in bindings.items() if b},
        )
        if aid not in self.component_ontologies:
            self.component_ontologies[aid] = ArchetypeOntology(
                term_definitions={
                    lang: {c: _plain_term(t) for c, t in table.items()}
                    for lang, table in terms.items()
                }
            )
        return CArchetypeRoot(
            definition.rm_type_name,
            definition.node_id,
            definition.occurrences or Interval(1, 1),
            attributes=definition.attributes,
            archetype_id=aid,
            ontology=ontology,
        )

    def _normalise(self, root: CObject) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node.occurrences is None:
                node.occurrences = Interval(1, 1)
            if node.node_id is None:
                node.node_id = ""
            if isinstance(node, CDvQuantity):
                node.extra = {}
                if not isinstance(node.assumed_value, RawElement):
                    node.assumed_value = None
            if not isinstance(node, CComplexObject):
                continue
            node.any_allowed = False
            for attr in node.attributes:
                attr.any_allowed = False
                if attr.existence is None:
                    prop = self._rm.property_of(node.rm_type_name, attr.rm_attribute_name)
                    attr.existence = prop.existence if prop is not None else Interval(1, 1)
                kept = []
                for child in attr.children:
                    if isinstance(child, COdinDomainType):
                        self.report(
                            "template-unsupported-constraint",
                            f"{child.type_name} at {child.path} cannot be written in an OPT; left out",
                            severity=Severity.WARNING,
                            path=child.path,
                        )
                        continue
                    kept.append(child)
                attr.children = kept
                stack.extend(kept)

    # --- finding nodes
    def resolve(self, scope: CComplexObject, path: str, *, create: bool = False) -> Target | None:
        """The (parent attribute, node or attribute) at an archetype path below ``scope``.

        Segments match by node id or archetype id; a name predicate (``[at0001 and
        name/value='X']``) picks the sibling with that fixed name, else the first one is taken.
        A path ending in an attribute gives the attribute; with ``create``, an RM attribute the
        archetype leaves open (a COMPOSITION's ``content``) is added. ``None`` when nothing matches.

        >>> obs = CComplexObject("OBSERVATION", "at0000", attributes=[CAttribute("data",
        ...     [CComplexObject("HISTORY", "at0001")])])
        >>> Assembler(ArchetypeRepository()).resolve(obs, "/data[at0001]")[1].rm_type_name
        'HISTORY'
        """
        try:
            segments = split_aql_path(path)
        except ValueError:
            return None
        node: CObject = scope
        parent: CAttribute | None = None
        for i, (attr_name, key, name) in enumerate(segments):
            attr = node.attribute(attr_name) if isinstance(node, CComplexObject) else None
            if attr is None and create and key is None and i == len(segments) - 1:
                attr = self.rm_attribute(node, attr_name)
            if attr is None:
                return None
            if key is None:
                if i == len(segments) - 1:
                    return parent, attr
                if len(attr.children) != 1:
                    return None
                parent, node = attr, attr.children[0]
                continue
            found = [c for c in attr.children if node_key(c) == key]
            if not found:
                found = self._expand_ref(scope, attr, key)
            if name is not None:
                found = [c for c in found if (fixed_name(c) or "") == name.strip()]
            if not found:
                return None
            parent, node = attr, found[0]
        return parent, node

    def _expand_ref(self, scope: CComplexObject, attr: CAttribute, key: str) -> list[CObject]:
        """Replace a ``use_node`` reference to a node ``key`` by a copy of its target."""
        for i, ref in enumerate(attr.children):
            if not isinstance(ref, ArchetypeInternalRef) or not ref.target_path.endswith(f"[{key}]"):
                continue
            found = self.resolve(scope, ref.target_path)
            if found is None or not isinstance(found[1], CObject):
                return []
            twin = copy.deepcopy(found[1])
            twin.occurrences = ref.occurrences or twin.occurrences
            attr.children[i] = twin
            return [twin]
        return []

    def rm_attribute(self, node: CObject, name: str) -> CAttribute | None:
        """Add the RM attribute ``name`` to ``node`` (existence and cardinality from the RM).

        >>> comp = CComplexObject("COMPOSITION", "at0000")
        >>> Assembler(ArchetypeRepository()).rm_attribute(comp, "content").cardinality is not None
        True
        """
        if not isinstance(node, CComplexObject):
            return None
        prop = self._rm.property_of(node.rm_type_name, name)
        if prop is None:
            return None
        card = Cardinality(Interval(0, None), is_ordered=True) if prop.is_container else None
        attr = CAttribute(name, [], prop.existence, card)
        node.attributes.append(attr)
        return attr

    # --- slots
    def fill(
        self,
        scope: CComplexObject,
        path: str,
        archetype_id: str,
        span: Span | None = None,
        *,
        name: str | None = None,
        occurrences: tuple[int | None, int | None] = (None, None),
    ) -> CArchetypeRoot | None:
        """Put the archetype ``archetype_id`` at ``path`` (a slot, or an attribute) below ``scope``.

        >>> from strukturjournal.aom import Archetype, ArchetypeId
        >>> repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"),
        ...     definition=CComplexObject("CLUSTER", "at0000"))])
        >>> tree = CComplexObject("ITEM_TREE", "at0001", attributes=[CAttribute("items",
        ...     [ArchetypeSlot("CLUSTER", "at0002", Interval(0, None))])])
        >>> a = Assembler(repo)
        >>> a.fill(tree, "/items[at0002]", "openEHR-EHR-CLUSTER.x.v1", occurrences=(None, 1)).occurrences
        Interval(lower=0, upper=1, lower_included=True, upper_included=True)
        """
        target = self.resolve(scope, path, create=True)
        if target is None:
            if self.repository.find(archetype_id) is None:
                self.archetype_root(archetype_id, span)
            self.report(
                "template-unknown-path",
                f"no slot or attribute at {path} for {archetype_id}",
                span,
                archetype_id=archetype_id,
                path=path,
                context={"parent": getattr(scope, "archetype_id", "")},
            )
            return None
        parent, node = target
        slot: ArchetypeSlot | None = None
        if isinstance(node, CAttribute):
            attr = node
            slots = [c for c in attr.children if isinstance(c, ArchetypeSlot)]
            slot = next((s for s in slots if _allows(s, archetype_id)), slots[0] if slots else None)
        elif isinstance(node, ArchetypeSlot) and parent is not None:
            attr, slot = parent, node
        else:
            self.report(
                "template-not-a-slot",
                f"{path} is a {node.rm_type_name} node, not a slot or an attribute",
                span,
                archetype_id=archetype_id,
                path=path,
            )
            return None
        if slot is not None and not _allows(slot, archetype_id):
            self.report(
                "template-slot-mismatch",
                f"the slot at {path} does not allow {archetype_id}; filled anyway",
                span,
                severity=Severity.WARNING,
                archetype_id=archetype_id,
                path=path,
            )
        root = self.archetype_root(archetype_id, span)
        if root is None:
            return None
        base = slot.occurrences if slot is not None and slot.occurrences else Interval(0, None)
        root.occurrences = Interval(base.lower, base.upper)
        self.set_occurrences(root, *occurrences)
        if name:
            set_name(root, name)
        if slot is not None:
            index = next(i for i, c in enumerate(attr.children) if c is slot)
            attr.children.insert(index, root)
            if all(s is not slot for s in self._filled):
                self._filled.append(slot)
        else:
            attr.children.append(root)
        return root

    # --- names (the rules on one node come from NodeRules)
    def label(self, owner: CArchetypeRoot, node: CComplexObject, labels: dict[str, str]) -> None:
        """Name ``node`` (a node of ``owner``'s archetype, or ``owner`` itself) per language.

        As OPTs carry it: the template language's label becomes the node's ``name`` constraint
        and its term text in ``owner``'s term definitions (this use of the archetype); another
        language's label becomes its term text in the component ontology of the archetype
        (every use). Terms are replaced by copies; the repository's archetype is not changed.

        >>> from strukturjournal.aom import Archetype, ArchetypeId
        >>> repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"),
        ...     definition=CComplexObject("CLUSTER", "at0000"))])
        >>> a = Assembler(repo, language="nb")
        >>> root = a.archetype_root("openEHR-EHR-CLUSTER.x.v1")
        >>> a.label(root, root, {"nb": "Apparat", "en": "Device"})
        >>> fixed_name(root), root.ontology.term_definitions["nb"]["at0000"].text
        ('Apparat', 'Apparat')
        >>> a.component_ontologies["openEHR-EHR-CLUSTER.x.v1"].term_definitions["en"]["at0000"].text
        'Device'
        """
        code = node.node_id
        for lang, text in labels.items():
            if lang == self.language:
                set_name(node, text)
                if code:
                    override_term(owner.ontology, lang, code, text)
            elif code:
                onto = self.component_ontologies.setdefault(owner.archetype_id, ArchetypeOntology())
                override_term(onto, lang, code, text)

    # --- the end
    def finish(
        self,
        template_id: str,
        concept: str,
        root: CArchetypeRoot,
        *,
        uid: str | None = None,
        description: RawElement | None = None,
    ) -> OperationalTemplate:
        """Drop filled slots and return the template; raise :class:`TemplateError` on errors.

        Warnings stay in the template's ``diagnostics``.

        >>> a = Assembler(ArchetypeRepository(), source="t.yml")
        >>> a.report("template-missing-archetype", "archetype X is not in the repository")
        >>> a.finish("t", "T", CArchetypeRoot("COMPOSITION", "at0000"))
        Traceback (most recent call last):
        ...
        strukturjournal.errors.TemplateError: t.yml: error template-missing-archetype: archetype X is not in the repository
        """
        errors = [d for d in self.diagnostics if d.severity >= Severity.ERROR]
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise TemplateError(str(errors[0]) + more, self.diagnostics)
        filled = {id(s) for s in self._filled}
        for node in _walk(root):
            if isinstance(node, CComplexObject):
                for attr in node.attributes:
                    attr.children = [c for c in attr.children if id(c) not in filled]
        self._normalise(root)
        template = OperationalTemplate(
            template_id,
            concept,
            root,
            language=CodePhrase("ISO_639-1", self.language),
            uid=uid,
            description=description,
            component_ontologies=self.component_ontologies,
            source=self.source,
        )
        template.diagnostics = list(self.diagnostics)
        return template


def _walk(root: CObject) -> Iterator[CObject]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CComplexObject):
            for attr in node.attributes:
                stack.extend(attr.children)


def _plain_term(term: ArchetypeTerm) -> ArchetypeTerm:
    return ArchetypeTerm(term.code, {k: str(v) for k, v in term.items.items()})


def _allows(slot: ArchetypeSlot, archetype_id: str) -> bool:
    return (not slot.includes and not slot.excludes) or slot.allows(archetype_id)
