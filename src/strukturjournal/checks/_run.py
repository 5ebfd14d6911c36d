"""Running the checks: the phases in order, lazily, and the eager list.

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> [d.code for d in check_archetype(parse_adl(EXAMPLE))]
['VATDF']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from strukturjournal.aom import Archetype
from strukturjournal.checks._common import ArchetypeLookup, Context
from strukturjournal.checks.rm_conformance import check_rm
from strukturjournal.checks.specialisation import check_specialisation
from strukturjournal.checks.structure import check_structure
from strukturjournal.checks.terminology import check_terminology
from strukturjournal.checks.values import check_values
from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm import RMModel

__all__ = ["PHASES", "check_archetype", "iter_archetype_errors"]

PHASES: tuple[tuple[str, Callable[[Context], Iterator[Diagnostic]]], ...] = (
    ("structure", check_structure),
    ("terminology", check_terminology),
    ("rm", check_rm),
    ("values", check_values),
    ("specialisation", check_specialisation),
)
"""The phases in the order they run: (name, check function)."""


def iter_archetype_errors(
    archetype: Archetype,
    repository: ArchetypeLookup | None = None,
    rm: RMModel | None = None,
    *,
    phases: tuple[str, ...] | None = None,
) -> Iterator[Diagnostic]:
    """Every finding about ``archetype``, lazily, phase by phase (structure, terminology,
    RM conformance, values, specialisation). Stop iterating to stop checking.

    ``repository`` (anything with ``find(id)`` and ``ids()``) enables the specialisation
    phase and the slot check; ``phases`` picks phases by name.

    >>> from strukturjournal.adl import parse_adl
    >>> from strukturjournal.checks.terminology import EXAMPLE
    >>> next(iter_archetype_errors(parse_adl(EXAMPLE))).code
    'VATDF'
    """
    ctx = Context(archetype, repository, rm if rm is not None else RMModel.default())
    for name, check in PHASES:
        if phases is None or name in phases:
            yield from check(ctx)


def check_archetype(
    archetype: Archetype, repository: ArchetypeLookup | None = None, rm: RMModel | None = None
) -> list[Diagnostic]:
    """Every finding about ``archetype`` as a list (see :func:`iter_archetype_errors`).

    >>> from strukturjournal.adl import parse_adl
    >>> from strukturjournal.checks.terminology import EXAMPLE
    >>> check_archetype(parse_adl(EXAMPLE.replace('<"Demo">>>>', '<"Demo">> ["at0001"] = <text = <"E"> description = <"E">>>>')))
    []
    """
    return list(iter_archetype_errors(archetype, repository, rm))
