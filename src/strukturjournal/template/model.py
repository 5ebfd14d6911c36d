"""The operational template: one constraint tree for a whole composition, with its terms.

The tree reuses the AOM types (:mod:`strukturjournal.aom`); archetypes used inside are
:class:`~strukturjournal.aom.CArchetypeRoot` nodes that carry their archetype id and term
definitions. Every node's ``path`` is its AQL path, archetype roots written with their
archetype id: ``/content[openEHR-EHR-OBSERVATION.blood_pressure.v2]/data[at0001]``.

>>> from strukturjournal.aom import CArchetypeRoot, CAttribute, ArchetypeOntology, ArchetypeTerm
>>> obs = CArchetypeRoot("OBSERVATION", "at0000", archetype_id="openEHR-EHR-OBSERVATION.x.v1",
...     ontology=ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "X"})}}))
>>> comp = CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1",
...     attributes=[CAttribute("content", [obs])])
>>> t = OperationalTemplate("t.v1", "T", comp)
>>> t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]") is obs, t.text_of(obs)
(True, 'X')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from strukturjournal.aom import (
    ArchetypeOntology,
    ArchetypeTerm,
    CArchetypeRoot,
    CAttribute,
    CCodePhrase,
    CComplexObject,
    CObject,
    CPrimitiveObject,
    CString,
    iter_nodes,
)
from strukturjournal.base import CodePhrase
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.template._raw import RawElement

__all__ = ["Annotation", "OperationalTemplate", "split_aql_path"]


@dataclass(slots=True, eq=True)
class Annotation:
    """Template annotations of one path: free ``id -> text`` items.

    >>> Annotation("[openEHR-EHR-COMPOSITION.c.v1]/context", {"comment": "x"}).node_path
    '/context'
    """

    path: str
    items: dict[str, str] = field(default_factory=dict)

    @property
    def node_path(self) -> str:
        """The path without the leading ``[archetype id]`` of the template root.

        >>> Annotation("[openEHR-EHR-COMPOSITION.c.v1]/content[x]").node_path
        '/content[x]'
        """
        return re.sub(r"^[^/]+", "", self.path)


_PRED = re.compile(
    r"^\s*(?P<id>[^,\s]+)\s*(?:,\s*'(?P<n1>(?:[^']|\\')*)'|\s+and\s+name/value\s*=\s*'(?P<n2>(?:[^']|\\')*)')?\s*$"
)


def split_aql_path(path: str) -> list[tuple[str, str | None, str | None]]:
    """``/a[id and name/value='x']/b`` -> ``[("a", "id", "x"), ("b", None, None)]``.

    Slashes inside ``[...]`` (archetype ids never have them, names may) do not split.

    >>> split_aql_path("/content[openEHR-EHR-SECTION.adhoc.v1,'Allgemeine Angaben']/items")
    [('content', 'openEHR-EHR-SECTION.adhoc.v1', 'Allgemeine Angaben'), ('items', None, None)]
    >>> split_aql_path("/items[at0002,'s\\\\'exprimer ?']/value")[1]
    ('value', None, None)
    """
    segments: list[str] = []
    depth, start = 0, 0
    quote = False
    escaped = False
    for i, ch in enumerate(path):
        if escaped:
            escaped = False
        elif ch == "\\" and quote:
            escaped = True  # \' inside a quoted name does not end it
        elif ch == "'" and depth:
            quote = not quote
        elif ch == "[" and not quote:
            depth += 1
        elif ch == "]" and not quote:
            depth -= 1
        elif ch == "/" and depth == 0 and not quote:
            if i > start:
                segments.append(path[start:i])
            start = i + 1
    if start < len(path):
        segments.append(path[start:])
    out: list[tuple[str, str | None, str | None]] = []
    for seg in segments:
        if "[" in seg and seg.endswith("]"):
            attr, pred = seg[:-1].split("[", 1)
            m = _PRED.match(pred)
            if m is None:
                raise ValueError(f"not an AQL path predicate: [{pred}] in {path!r}")
            out.append((attr, m.group("id"), m.group("n1") or m.group("n2")))
        else:
            out.append((seg, None, None))
    return out


def node_key(node: CObject) -> str | None:
    """The id a node is addressed by in an AQL path: archetype id for roots, else node id.

    >>> node_key(CArchetypeRoot("OBSERVATION", "at0000", archetype_id="openEHR-EHR-OBSERVATION.x.v1"))
    'openEHR-EHR-OBSERVATION.x.v1'
    """
    if isinstance(node, CArchetypeRoot) and node.archetype_id:
        return node.archetype_id
    return node.node_id or None


@dataclass(eq=True)
class OperationalTemplate:
    """An operational template (OPT 1.4): id, concept, languages, the tree and its terms.

    ``component_ontologies`` holds term definitions per archetype id in every language the
    template has (OPT ``component_ontologies``); the root ontology of an OPT that carries one
    is ``ontology`` with its ``ontology_archetype_id``. ``description``, ``constraints`` and
    ``view`` are kept as read (:class:`~strukturjournal.template._raw.RawElement`).

    >>> t = _example()
    >>> t.template_id, t.concept, [n.path for n in t.iter_nodes()][-1]
    ('t.v1', 'T', '/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]')
    """

    template_id: str
    concept: str
    definition: CComplexObject
    language: CodePhrase = field(default_factory=lambda: CodePhrase("ISO_639-1", "en"))
    uid: str | None = None
    description: RawElement | None = None
    ontology_archetype_id: str | None = None
    ontology: ArchetypeOntology | None = None
    component_ontologies: dict[str, ArchetypeOntology] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    constraints: RawElement | None = None
    view: RawElement | None = None
    source: str | None = field(default=None, compare=False, repr=False)
    diagnostics: list[Diagnostic] = field(default_factory=list, compare=False, repr=False)
    _root_of: dict[int, CArchetypeRoot] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self.reindex()

    # --- structure
    def reindex(self) -> None:
        """Recompute every node's AQL path and owning archetype root (after editing the tree).

        >>> t = _example()
        >>> t.definition.attributes[0].rm_attribute_name = "items"
        >>> t.reindex()
        >>> t.node_at("/items[openEHR-EHR-OBSERVATION.x.v1]").rm_type_name
        'OBSERVATION'
        """
        self._root_of.clear()
        root = self.definition
        root.path = "/"
        owner0 = root if isinstance(root, CArchetypeRoot) else None
        stack: list[tuple[CObject, CArchetypeRoot | None]] = [(root, owner0)]
        while stack:
            node, owner = stack.pop()
            if owner is not None:
                self._root_of[id(node)] = owner
            if not isinstance(node, CComplexObject):
                continue
            base = "" if node.path == "/" else node.path
            for attr in node.attributes:
                attr.path = f"{base}/{attr.rm_attribute_name}"
                for child in attr.children:
                    key = node_key(child)
                    child.path = f"{attr.path}[{key}]" if key else attr.path
                    stack.append((child, child if isinstance(child, CArchetypeRoot) else owner))

    @property
    def default_language(self) -> str:
        """The template's original language code.

        >>> _example().default_language
        'en'
        """
        return self.language.code_string

    @property
    def languages(self) -> list[str]:
        """Template language first, then the others the description or ontologies carry.

        >>> OperationalTemplate("t", "T", CComplexObject("COMPOSITION")).languages
        ['en']
        """
        langs = [self.default_language]
        if self.description is not None:
            for details in self.description.children:
                if details.tag == "details":
                    code = details.find_text("language", "code_string")
                    if code and code not in langs:
                        langs.append(code)
        ontologies = list(self.component_ontologies.values())
        if self.ontology is not None:
            ontologies.append(self.ontology)
        for onto in ontologies:
            langs += [lang for lang in onto.term_definitions if lang not in langs]
        return langs

    def iter_nodes(self) -> Iterator[CObject]:
        """Every constraint node, depth first in document order (root first).

        >>> [n.rm_type_name for n in _example().iter_nodes()]
        ['COMPOSITION', 'OBSERVATION', 'HISTORY']
        """
        return iter_nodes(self.definition)

    def archetype_roots(self) -> Iterator[CArchetypeRoot]:
        """Every archetype root, the template's root first.

        >>> [r.archetype_id for r in _example().archetype_roots()]
        ['openEHR-EHR-COMPOSITION.c.v1', 'openEHR-EHR-OBSERVATION.x.v1']
        """
        return (n for n in self.iter_nodes() if isinstance(n, CArchetypeRoot))

    def archetype_root_of(self, node: CObject) -> CArchetypeRoot | None:
        """The archetype root whose terms apply to ``node`` (the nearest root above or at it).

        >>> t = _example()
        >>> t.archetype_root_of(t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]")).archetype_id
        'openEHR-EHR-OBSERVATION.x.v1'
        """
        return self._root_of.get(id(node))

    def node_at(self, aql_path: str) -> CObject | CAttribute | None:
        """The node at an AQL path.

        A last segment without a predicate gives that attribute's only child, or the
        attribute itself when it has several (or none).
        Predicates may carry a name (``[at0001, 'Name']`` or ``[at0001 and name/value='Name']``)
        to pick among siblings with the same id. A leading ``[archetype id]`` is accepted.

        >>> t = _example()
        >>> t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]").rm_type_name
        'HISTORY'
        >>> t.node_at("[openEHR-EHR-COMPOSITION.c.v1]/content[openEHR-EHR-OBSERVATION.x.v1]").node_id
        'at0000'
        >>> t.node_at("/content[at9999]") is None
        True
        """
        if aql_path.startswith("["):
            aql_path = re.sub(r"^\[[^\]]*\]", "", aql_path)
        segments = split_aql_path(aql_path)
        current: list[CObject] = [self.definition]
        for i, (attr_name, key, name) in enumerate(segments):
            found: list[CObject] = []
            for node in current:
                attr = node.attribute(attr_name) if isinstance(node, CComplexObject) else None
                if attr is None:
                    continue
                if key is None and i == len(segments) - 1 and len(attr.children) != 1:
                    return attr
                if key is None:
                    found += attr.children
                else:
                    found += [c for c in attr.children if node_key(c) == key]
            if name is not None and len(found) > 1:
                found = [c for c in found if self.name_of(c) == name] or found
            if not found:
                return None
            current = found  # siblings with the same id: keep looking below each of them
        return current[0]

    # --- bindings (see strukturjournal.template.bindings)
    @property
    def bindings(self) -> dict[str, str]:
        """Concept id -> AQL path of the node that records it (``binding:`` annotations).

        >>> t = _example()
        >>> t.annotations.append(Annotation("[openEHR-EHR-COMPOSITION.c.v1]/content[openEHR-EHR-OBSERVATION.x.v1]",
        ...     {"binding:x_seen": "x_seen"}))
        >>> t.bindings
        {'x_seen': '/content[openEHR-EHR-OBSERVATION.x.v1]'}
        """
        from strukturjournal.template.bindings import concept_bindings

        return concept_bindings(self)

    def loinc_paths(self) -> dict[str, list[str]]:
        """LOINC code -> AQL paths, from the LOINC term bindings of the archetypes.

        >>> _example().loinc_paths()
        {}
        """
        from strukturjournal.template.bindings import loinc_paths

        return loinc_paths(self)

    # --- terms
    def _ontologies_for(self, node: CObject) -> list[tuple[ArchetypeOntology, bool]]:
        root = self.archetype_root_of(node)
        if root is None:
            return []
        out: list[tuple[ArchetypeOntology, bool]] = [(root.ontology, True)]
        comp = self.component_ontologies.get(root.archetype_id)
        if comp is not None:
            out.append((comp, False))
        if self.ontology is not None and self.ontology_archetype_id == root.archetype_id:
            out.append((self.ontology, False))
        return out

    def terms_of(self, node: CObject, code: str | None = None) -> dict[str, ArchetypeTerm]:
        """Every language's term for ``code`` (default: the node's id) in the node's archetype.

        >>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
        >>> r = CArchetypeRoot("COMPOSITION", "at0000", archetype_id="a", ontology=ArchetypeOntology(
        ...     term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "A"})}}))
        >>> list(OperationalTemplate("t", "T", r).terms_of(r))
        ['en']
        """
        code = code or node.node_id
        out: dict[str, ArchetypeTerm] = {}
        if not code:
            return out
        for onto, _ in self._ontologies_for(node):
            table = onto.constraint_definitions if code.startswith("ac") else onto.term_definitions
            for lang, terms in table.items():
                if code in terms and lang not in out:
                    out[lang] = terms[code]
        return out

    def term(
        self, node: CObject, lang: str | None = None, code: str | None = None
    ) -> ArchetypeTerm | None:
        """The term for ``code`` (default: the node's id) in ``lang``; falls back to the template language.

        >>> t = _example()
        >>> t.term(t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]"), "nb").text
        'Iks'
        """
        terms = self.terms_of(node, code)
        return terms.get(lang or self.default_language) or terms.get(self.default_language)

    def text_of(self, node: CObject, lang: str | None = None, code: str | None = None) -> str:
        """The term text of a node (or of ``code`` in the node's archetype) in ``lang``.

        '' when there is no such term; the template language when ``lang`` lacks it.

        >>> t = _example()
        >>> history = t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]")
        >>> t.text_of(history), t.text_of(history, "nb"), t.text_of(history, code="at0000")
        ('History', 'History', 'X')
        """
        term = self.term(node, lang, code)
        return term.text if term else ""

    def description_of(
        self, node: CObject, lang: str | None = None, code: str | None = None
    ) -> str:
        """The term description of a node (or ``code``) in ``lang``.

        >>> t = _example()
        >>> t.description_of(t.node_at("/content[openEHR-EHR-OBSERVATION.x.v1]"))
        'An x.'
        """
        term = self.term(node, lang, code)
        return term.description if term else ""

    def name_of(self, node: CObject, lang: str | None = None) -> str:
        """The node's name: the template's ``name`` constraint if it fixes one, else its term text.

        >>> OperationalTemplate("t", "T", CComplexObject("COMPOSITION")).name_of(CComplexObject("X"))
        ''
        """
        fixed = self.fixed_name(node, lang)
        return fixed if fixed is not None else self.text_of(node, lang)

    def fixed_name(self, node: CObject, lang: str | None = None) -> str | None:
        """The name a template fixes on a node (``name/value`` or a single coded name), if any.

        >>> _example().fixed_name(CComplexObject("ELEMENT", "at0004")) is None
        True
        """
        if not isinstance(node, CComplexObject):
            return None
        attr = node.attribute("name")
        if attr is None or len(attr.children) != 1:
            return None
        name = attr.children[0]
        if not isinstance(name, CComplexObject):
            return None
        value = name.attribute("value")
        if value is not None and value.children:
            prim = value.children[0]
            if (
                isinstance(prim, CPrimitiveObject)
                and isinstance(prim.item, CString)
                and len(prim.item.list) == 1
            ):
                return prim.item.list[0]
        code_attr = name.attribute("defining_code")
        if code_attr is not None and code_attr.children:
            cp = code_attr.children[0]
            if (
                isinstance(cp, CCodePhrase)
                and len(cp.code_list) == 1
                and cp.terminology_id in (None, "local")
            ):
                return self.text_of(node, lang, cp.code_list[0])
        return None


def _example() -> OperationalTemplate:
    """A two-archetype template for the examples in this module."""
    terms = {
        "en": {
            "at0000": ArchetypeTerm("at0000", {"text": "X", "description": "An x."}),
            "at0001": ArchetypeTerm("at0001", {"text": "History", "description": "@ internal @"}),
        },
        "nb": {"at0000": ArchetypeTerm("at0000", {"text": "Iks", "description": "En iks."})},
    }
    obs = CArchetypeRoot(
        "OBSERVATION",
        "at0000",
        archetype_id="openEHR-EHR-OBSERVATION.x.v1",
        attributes=[CAttribute("data", [CComplexObject("HISTORY", "at0001")])],
        ontology=ArchetypeOntology(term_definitions=terms),
    )
    comp = CArchetypeRoot(
        "COMPOSITION",
        "at0000",
        archetype_id="openEHR-EHR-COMPOSITION.c.v1",
        attributes=[CAttribute("content", [obs])],
        ontology=ArchetypeOntology(
            term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "C"})}}
        ),
    )
    return OperationalTemplate("t.v1", "T", comp)
