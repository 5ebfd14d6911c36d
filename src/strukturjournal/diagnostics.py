"""One record for every finding: archetype checks, entry validation and text extraction.

A :class:`Diagnostic` is data, not an exception. ``path`` says where in the
thing being checked (a line of ADL, a FLAT path of an entry, a span of a note);
``archetype_path`` says which constraint it broke.

Example:
    >>> d = Diagnostic("VCARM", "attribute 'dta' is not in the RM for OBSERVATION",
    ...                severity=Severity.ERROR, archetype_path="/dta",
    ...                span=Span(12, 3, source="blood_pressure.adl"))
    >>> print(d)
    blood_pressure.adl:12:3: error VCARM: attribute 'dta' is not in the RM for OBSERVATION (at /dta)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DOCS_URL", "Diagnostic", "Severity", "Span", "best_match", "has_errors"]

DOCS_URL = "https://strukturjournal.readthedocs.io/en/latest/reference/codes/"


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so ``max()`` gives the worst.

    >>> max([Severity.INFO, Severity.ERROR, Severity.WARNING]).name
    'ERROR'
    """

    INFO = 10
    WARNING = 20
    ERROR = 30

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a source text: 1-based ``line``/``column``; optional character offsets.

    ``start``/``end`` are 0-based character offsets (end exclusive) when known,
    as used by free-text extraction.

    >>> Span(3, 7, source="a.adl")
    Span(line=3, column=7, source='a.adl', start=None, end=None)
    """

    line: int | None = None
    column: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding with a stable ``code``, a human message and where it is.

    Attributes:
        code: an openEHR validity code (``VCARM``), a project warning code
            (``W-UNUSED-TERM``) or a kebab-case slug for entry data (``out-of-range``).
        message: one sentence in English.
        severity: :class:`Severity`.
        path: where in the checked data (FLAT path, JSON path); ``None`` for archetypes.
        archetype_path: the constraint's path in the archetype or template.
        archetype_id: the archetype the finding is about.
        span: position in a source text.
        messages: the message in other languages, keyed by language code (``{"nb": ...}``).
        context: extra machine-readable facts (offending value, allowed values...).

    >>> Diagnostic("VUNP", "no such path").severity
    <Severity.ERROR: 30>
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str | None = None
    archetype_path: str | None = None
    archetype_id: str | None = None
    span: Span | None = None
    messages: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        """Documentation page for this code.

        >>> Diagnostic("VCARM", "x").url.endswith("#vcarm")
        True
        """
        return DOCS_URL + "#" + self.code.lower()

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` if the diagnostic has it, else the English one.

        >>> Diagnostic("x", "too high", messages={"nb": "for høy"}).message_in("nb")
        'for høy'
        """
        return self.messages.get(lang, self.message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``None`` fields left out).

        >>> Diagnostic("VUNP", "no such path", path="/a").to_dict()["severity"]
        'error'
        """
        out: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }
        for key in ("path", "archetype_path", "archetype_id"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.span is not None:
            out["span"] = {k: v for k in Span.__slots__ if (v := getattr(self.span, k)) is not None}
        if self.messages:
            out["messages"] = dict(self.messages)
        if self.context:
            out["context"] = dict(self.context)
        return out

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span is not None else ""
        at = self.path or self.archetype_path
        suffix = f" (at {at})" if at else ""
        return f"{where}{self.severity} {self.code}: {self.message}{suffix}"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error.

    >>> has_errors([Diagnostic("W", "w", severity=Severity.WARNING)])
    False
    """
    return any(d.severity >= Severity.ERROR for d in diagnostics)


def best_match(diagnostics: Iterable[Diagnostic]) -> Diagnostic | None:
    """The most relevant diagnostic: the worst severity, then the deepest path.

    Mirrors ``jsonschema.exceptions.best_match``: a short path is usually a
    symptom of a deeper cause, so the deepest of the worst wins.

    >>> best_match([Diagnostic("a", "x", path="/a"), Diagnostic("b", "y", path="/a/b")]).code
    'b'
    """
    best: Diagnostic | None = None
    best_key: tuple[int, int] = (-1, -1)
    for d in diagnostics:
        depth = (d.path or d.archetype_path or "").count("/")
        key = (int(d.severity), depth)
        if key > best_key:
            best, best_key = d, key
    return best
