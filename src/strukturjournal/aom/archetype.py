"""The archetype: identification, languages, description, definition and ontology.

>>> from strukturjournal.aom.constraints import CComplexObject
>>> a = Archetype(ArchetypeId.parse("openEHR-EHR-OBSERVATION.blood_pressure.v2"),
...               concept="at0000", definition=CComplexObject("OBSERVATION", "at0000"))
>>> a.archetype_id.rm_type, a.archetype_id.concept_name
('OBSERVATION', 'blood_pressure')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.aom.constraints import CAttribute, CComplexObject, CObject
from strukturjournal.aom.terminology import ArchetypeOntology, ArchetypeTerm
from strukturjournal.aom.walk import assign_paths, find, iter_nodes
from strukturjournal.base import CodePhrase
from strukturjournal.diagnostics import Diagnostic

__all__ = ["Archetype", "ArchetypeId"]

_ID = re.compile(
    r"^(?P<originator>[a-zA-Z][a-zA-Z0-9_]*)-(?P<rm_name>[a-zA-Z][a-zA-Z0-9_]*)-(?P<rm_type>[a-zA-Z][a-zA-Z0-9_]*)"
    r"\.(?P<concept>[a-zA-Z0-9][a-zA-Z0-9_\-]*)"
    r"\.v(?P<version>[0-9]+(?:\.[0-9]+)*(?:-[a-zA-Z0-9.+_-]+)?)$"
)


@dataclass(frozen=True, slots=True)
class ArchetypeId:
    """An archetype id such as ``openEHR-EHR-OBSERVATION.blood_pressure-nb.v2.1.0``.

    >>> i = ArchetypeId.parse("openEHR-EHR-CLUSTER.device-implant.v1.0.3")
    >>> i.rm_type, i.concept_name, i.specialisation, i.version, i.major_version, i.semantic_id
    ('CLUSTER', 'device', 'implant', '1.0.3', 1, 'openEHR-EHR-CLUSTER.device-implant')
    >>> i.versionless_major
    'openEHR-EHR-CLUSTER.device-implant.v1'
    """

    value: str

    @classmethod
    def parse(cls, value: str) -> ArchetypeId:
        """Any string is accepted; :attr:`is_valid` tells whether it follows the openEHR form."""
        return cls(value.strip())

    @property
    def _match(self) -> re.Match[str] | None:
        return _ID.match(self.value)

    @property
    def is_valid(self) -> bool:
        return self._match is not None

    def _group(self, name: str) -> str:
        m = self._match
        return m.group(name) if m else ""

    @property
    def rm_originator(self) -> str:
        return self._group("originator")

    @property
    def rm_name(self) -> str:
        return self._group("rm_name")

    @property
    def rm_type(self) -> str:
        """The RM entity (``OBSERVATION``)."""
        return self._group("rm_type")

    @property
    def qualified_rm_entity(self) -> str:
        """``openEHR-EHR-OBSERVATION``."""
        return f"{self.rm_originator}-{self.rm_name}-{self.rm_type}"

    @property
    def domain_concept(self) -> str:
        """Concept with specialisation: ``device-implant``."""
        return self._group("concept")

    @property
    def concept_name(self) -> str:
        """Concept without specialisation: ``device``."""
        return self.domain_concept.split("-")[0]

    @property
    def specialisation(self) -> str | None:
        parts = self.domain_concept.split("-", 1)
        return parts[1] if len(parts) == 2 else None

    @property
    def specialisation_depth(self) -> int:
        return self.domain_concept.count("-")

    @property
    def version(self) -> str:
        return self._group("version")

    @property
    def major_version(self) -> int:
        v = self.version
        return int(v.split(".")[0].split("-")[0]) if v else 0

    @property
    def semantic_id(self) -> str:
        """Without the version: ``openEHR-EHR-CLUSTER.device-implant``."""
        if not self.is_valid:
            return self.value
        return f"{self.qualified_rm_entity}.{self.domain_concept}"

    @property
    def versionless_major(self) -> str:
        """With the major version only: ``....v1`` (how ADL 1.4 ids are usually written)."""
        if not self.is_valid:
            return self.value
        return f"{self.semantic_id}.v{self.major_version}"

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True, eq=True)
class Archetype:
    """An ADL 1.4 archetype as an object model.

    ``description`` and ``translations`` are kept as parsed ODIN (dicts) so nothing is lost;
    ``diagnostics`` holds what was noticed while reading (encoding fallbacks, duplicate ids...).
    """

    archetype_id: ArchetypeId
    concept: str = "at0000"
    definition: CComplexObject = field(default_factory=lambda: CComplexObject("UNKNOWN"))
    adl_version: str | None = "1.4"
    parent_archetype_id: ArchetypeId | None = None
    original_language: CodePhrase = field(default_factory=lambda: CodePhrase("ISO_639-1", "en"))
    translations: dict[str, Any] = field(default_factory=dict)
    description: dict[str, Any] = field(default_factory=dict)
    invariants: list[Any] = field(default_factory=list)
    ontology: ArchetypeOntology = field(default_factory=ArchetypeOntology)
    header: dict[str, Any] = field(default_factory=dict)
    source: str | None = field(default=None, compare=False, repr=False)
    diagnostics: list[Diagnostic] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        assign_paths(self.definition)

    # --- identity and languages
    @property
    def is_specialised(self) -> bool:
        return self.parent_archetype_id is not None

    @property
    def uid(self) -> str | None:
        value = self.header.get("uid")
        return None if value is None else str(value)

    @property
    def languages(self) -> list[str]:
        """Original language first, then translations."""
        langs = [self.original_language.code_string]
        langs += [lang for lang in self.translations if lang not in langs]
        return langs

    # --- nodes and terms
    def iter_nodes(self) -> Iterator[CObject]:
        """Every constraint node, depth first."""
        return iter_nodes(self.definition)

    def node_at(self, path: str) -> CObject | CAttribute | None:
        """The node at an archetype path such as ``/data[at0001]/events[at0006]``.

        >>> from strukturjournal.aom.constraints import CComplexObject
        >>> Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1")).node_at("/") is not None
        True
        """
        return find(self.definition, path)

    def node_ids(self) -> set[str]:
        """Every node id used in the definition."""
        return {n.node_id for n in self.iter_nodes() if n.node_id}

    def term(self, code: str, lang: str | None = None) -> ArchetypeTerm | None:
        """The term for ``code`` in ``lang`` (default: the original language)."""
        return self.ontology.term(code, lang or self.original_language.code_string)

    def text_of(self, node_or_code: CObject | str, lang: str | None = None) -> str:
        """The term text of a node or code in ``lang`` ('' when the node has no term).

        >>> from strukturjournal.aom.terminology import ArchetypeOntology, ArchetypeTerm
        >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), ontology=ArchetypeOntology(
        ...     term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "X"})},
        ...                       "nb": {"at0000": ArchetypeTerm("at0000", {"text": "Iks"})}}))
        >>> a.text_of("at0000", "nb"), a.text_of("at0000")
        ('Iks', 'X')
        """
        code = node_or_code if isinstance(node_or_code, str) else node_or_code.node_id
        if not code:
            return ""
        term = self.term(code, lang)
        return term.text if term else ""

    def description_of(self, node_or_code: CObject | str, lang: str | None = None) -> str:
        """The term description of a node or code in ``lang``."""
        code = node_or_code if isinstance(node_or_code, str) else node_or_code.node_id
        term = self.term(code, lang) if code else None
        return term.description if term else ""
