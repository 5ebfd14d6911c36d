"""Shared plumbing of the checks: the lookup protocol, the check context and diagnostic helpers.

>>> from strukturjournal.aom import Archetype, ArchetypeId
>>> ctx = Context(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), source="x.adl"))
>>> ctx.diag("VARDT", "wrong root").span.source
'x.adl'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from strukturjournal.aom import Archetype, CAttribute, CObject
from strukturjournal.checks._codes import CODES
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.rm import RMModel, RMProperty

__all__ = ["ArchetypeLookup", "Context"]


@runtime_checkable
class ArchetypeLookup(Protocol):
    """What the checks need from a repository: find by id, and every id.

    :class:`strukturjournal.repository.ArchetypeRepository` satisfies it, and so does
    :class:`strukturjournal.checks.InMemoryLookup`.

    >>> from strukturjournal.checks import InMemoryLookup
    >>> isinstance(InMemoryLookup([]), ArchetypeLookup)
    True
    """

    def find(self, archetype_id: Any) -> Archetype | None:
        """The archetype with this id, else ``None``.

        >>> from strukturjournal.checks import InMemoryLookup
        >>> InMemoryLookup([]).find("openEHR-EHR-CLUSTER.x.v1") is None
        True
        """
        ...

    def ids(self) -> list[str]:
        """Every archetype id the lookup holds.

        >>> from strukturjournal.checks import InMemoryLookup
        >>> InMemoryLookup([]).ids()
        []
        """
        ...


@dataclass
class Context:
    """One archetype under check, with the RM and (optionally) a lookup for parents and slots.

    >>> from strukturjournal.aom import Archetype, ArchetypeId
    >>> Context(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"))).rm.has_class("CLUSTER")
    True
    """

    archetype: Archetype
    lookup: ArchetypeLookup | None = None
    rm: RMModel = field(default_factory=RMModel.default)
    _props: dict[tuple[str, str], RMProperty | None] = field(default_factory=dict, repr=False)

    def diag(
        self,
        rule_code: str,
        message: str,
        where: CObject | CAttribute | None = None,
        *,
        severity: Severity | None = None,
        path: str | None = None,
        **context: Any,
    ) -> Diagnostic:
        """A diagnostic for ``rule_code`` at a node or attribute (span and archetype path from it).

        >>> from strukturjournal.aom import Archetype, ArchetypeId
        >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), source="x.adl")
        >>> Context(a).diag("VCARM", "no such attribute", a.definition).archetype_path
        '/'
        """
        sev = severity if severity is not None else CODES[rule_code].severity
        span = None
        if where is not None and where.span is not None:
            span = Span(where.span.line, where.span.column, source=self.archetype.source)
        elif self.archetype.source is not None:
            span = Span(None, None, source=self.archetype.source)
        return Diagnostic(
            rule_code,
            message,
            severity=sev,
            archetype_path=path
            if path is not None
            else (where.path if where is not None else None),
            archetype_id=str(self.archetype.archetype_id),
            span=span,
            context=context,
        )

    def property_of(self, class_name: str, attr: str) -> RMProperty | None:
        """``rm.property_of`` with a per-check cache.

        >>> from strukturjournal.aom import Archetype, ArchetypeId
        >>> Context(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"))).property_of("ELEMENT", "value").type_name
        'DATA_VALUE'
        """
        key = (class_name, attr)
        if key not in self._props:
            self._props[key] = self.rm.property_of(class_name, attr)
        return self._props[key]


def specialisation_depth(archetype: Archetype) -> int:
    """The archetype's specialisation depth: from the id's concept (``a-b-c`` is 2), and at
    least one for an archetype with a ``specialise`` clause (ADL 1.4 does not force the
    ``parent-child`` naming).

    >>> from strukturjournal.aom import ArchetypeId
    >>> specialisation_depth(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.a.v1"),
    ...     parent_archetype_id=ArchetypeId("openEHR-EHR-CLUSTER.p.v1")))
    1
    """
    i = archetype.archetype_id
    depth = i.specialisation_depth if i.is_valid else 0
    return max(depth, 1) if archetype.parent_archetype_id is not None else depth


def code_depth(code: str) -> int:
    """Specialisation depth of an at/ac code: the number of dots.

    >>> code_depth("at0001"), code_depth("at0.1"), code_depth("at0001.1.2")
    (0, 1, 2)
    """
    return code.count(".")


def parent_code(code: str) -> str:
    """The code one specialisation level up (``at0001.1`` -> ``at0001``; ``at0.1`` -> ``at0``).

    >>> parent_code("at0001.1"), parent_code("at0.1"), parent_code("at0001")
    ('at0001', 'at0', 'at0001')
    """
    return code.rsplit(".", 1)[0] if "." in code else code


def is_new_code(code: str) -> bool:
    """True for a code introduced at its own level (``at0.1``, ``at0001.0.2``).

    >>> is_new_code("at0.1"), is_new_code("at0001.0.2"), is_new_code("at0001.1")
    (True, True, False)
    """
    parts = code[2:].split(".")
    return len(parts) > 1 and parts[-2].strip("0") == ""


def is_local_code(code: str) -> bool:
    """An archetype-local term or constraint code (``at0001``, ``ac0002.1``).

    >>> is_local_code("at0001.1"), is_local_code("8480-6")
    (True, False)
    """
    if len(code) < 3 or code[:2] not in ("at", "ac"):
        return False
    return all(p.isdigit() for p in code[2:].split("."))
