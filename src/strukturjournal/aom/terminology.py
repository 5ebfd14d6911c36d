"""The ontology section of an ADL 1.4 archetype: term and constraint definitions and bindings.

>>> onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Blood pressure"})}})
>>> onto.term("at0000", "en").text
'Blood pressure'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ArchetypeOntology", "ArchetypeTerm"]


@dataclass(slots=True, eq=True)
class ArchetypeTerm:
    """A term's items in one language: ``text``, ``description``, and any others (``comment``...).

    >>> ArchetypeTerm("at0004", {"text": "Systolisk", "description": "Høyeste trykk"}).description
    'Høyeste trykk'
    """

    code: str
    items: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return str(self.items.get("text", ""))

    @property
    def description(self) -> str:
        return str(self.items.get("description", ""))

    @property
    def comment(self) -> str | None:
        value = self.items.get("comment")
        return None if value is None else str(value)


@dataclass(slots=True, eq=True)
class ArchetypeOntology:
    """Term definitions (``atNNNN``) and constraint definitions (``acNNNN``) per language, and bindings.

    ``term_bindings[terminology][code_or_path]`` is a :class:`~strukturjournal.base.CodePhrase`
    or a URI; ``extra`` keeps any ontology attribute that is not modelled.
    """

    terminologies_available: list[str] = field(default_factory=list)
    term_definitions: dict[str, dict[str, ArchetypeTerm]] = field(default_factory=dict)
    constraint_definitions: dict[str, dict[str, ArchetypeTerm]] = field(default_factory=dict)
    term_bindings: dict[str, dict[str, Any]] = field(default_factory=dict)
    constraint_bindings: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        """Languages that have term definitions."""
        return list(self.term_definitions)

    def term(self, code: str, lang: str | None = None) -> ArchetypeTerm | None:
        """The term for ``code`` in ``lang``; falls back to the first language that has it.

        >>> ArchetypeOntology().term("at0000") is None
        True
        """
        table = self.constraint_definitions if code.startswith("ac") else self.term_definitions
        if lang is not None and code in table.get(lang, {}):
            return table[lang][code]
        for terms in table.values():
            if code in terms:
                return terms[code]
        return None

    def has_term(self, code: str, lang: str | None = None) -> bool:
        table = self.constraint_definitions if code.startswith("ac") else self.term_definitions
        if lang is not None:
            return code in table.get(lang, {})
        return any(code in terms for terms in table.values())

    def term_codes(self) -> set[str]:
        """Every at-code defined in any language."""
        return {code for terms in self.term_definitions.values() for code in terms}

    def constraint_codes(self) -> set[str]:
        """Every ac-code defined in any language."""
        return {code for terms in self.constraint_definitions.values() for code in terms}

    def bindings_for(self, code_or_path: str) -> dict[str, Any]:
        """Term bindings of a code (or path), keyed by terminology.

        >>> from strukturjournal.base import CodePhrase
        >>> onto = ArchetypeOntology(term_bindings={"LOINC": {"at0004": CodePhrase("LOINC", "8480-6")}})
        >>> str(onto.bindings_for("at0004")["LOINC"])
        '[LOINC::8480-6]'
        """
        return {t: b[code_or_path] for t, b in self.term_bindings.items() if code_or_path in b}
