"""Raised errors. One root, :class:`StrukturjournalError`; findings are :mod:`diagnostics`.

>>> issubclass(ADLSyntaxError, ValueError)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from strukturjournal.diagnostics import Diagnostic

__all__ = [
    "ADLSyntaxError",
    "EntryValidationError",
    "SourceSyntaxError",
    "StrukturjournalError",
    "TemplateError",
    "UnknownArchetypeError",
]


class StrukturjournalError(Exception):
    """Root of every error this library raises."""


class SourceSyntaxError(StrukturjournalError, ValueError):
    """A text that does not follow its grammar, with where and what was expected.

    Attributes:
        line: 1-based line of the problem.
        column: 1-based column of the problem.
        source: file name (or ``None`` for a string).
        expected: what would have been accepted there, in words.
        text: the whole source text, for :meth:`get_context`.
        diagnostics: every problem found (the first one is the headline).

    >>> e = SourceSyntaxError("unexpected '}'", line=2, column=3, text="a {\\n  }}\\n", expected=["a node"])
    >>> print(e.get_context())
      }}
      ^
    """

    kind = "syntax"

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        source: str | None = None,
        text: str = "",
        expected: Sequence[str] = (),
        diagnostics: Sequence[Diagnostic] = (),
        partial: Any = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        self.text = text
        self.expected = list(expected)
        self.diagnostics = list(diagnostics)
        self.partial = partial
        super().__init__(str(self))

    def get_context(self, span: int = 60) -> str:
        """The offending line with a caret under the column (like lark's ``get_context``)."""
        lines = self.text.splitlines()
        if not 1 <= self.line <= len(lines):
            return ""
        line = lines[self.line - 1]
        col = max(self.column - 1, 0)
        start = max(col - span, 0)
        shown = line[start : col + span].expandtabs(1) if "\t" in line else line[start : col + span]
        caret_col = len(line[start:col].expandtabs(1)) if "\t" in line else col - start
        return f"{shown}\n{' ' * caret_col}^"

    def __str__(self) -> str:
        where = f"{self.source or '<string>'}:{self.line}:{self.column}"
        out = f"{where}: {self.message}"
        if self.expected:
            out += "; expected " + _words(self.expected)
        context = self.get_context()
        if context:
            out += "\n" + context
        return out


class ADLSyntaxError(SourceSyntaxError):
    """ADL or ODIN text that cannot be read as an archetype.

    >>> from strukturjournal.adl import parse_adl
    >>> try:
    ...     parse_adl("archetype (adl_version=1.4)\\n  openEHR-EHR-OBSERVATION.x.v1\\nconcept\\n  [at0000\\n")
    ... except ADLSyntaxError as e:
    ...     (e.line, e.column)
    (4, 3)
    """


class UnknownArchetypeError(StrukturjournalError, LookupError):
    """An archetype id that the repository does not hold.

    >>> str(UnknownArchetypeError("openEHR-EHR-OBSERVATION.nope.v1"))
    "no archetype 'openEHR-EHR-OBSERVATION.nope.v1' in the repository"
    """

    def __init__(self, archetype_id: str) -> None:
        self.archetype_id = archetype_id
        super().__init__(f"no archetype {archetype_id!r} in the repository")


class TemplateError(StrukturjournalError, ValueError):
    """A template that cannot be built; carries its diagnostics."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__(message)


class EntryValidationError(StrukturjournalError, ValueError):
    """An entry that does not conform to its template; headlined by the best match."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        from strukturjournal.diagnostics import best_match

        self.diagnostics = list(diagnostics)
        best = best_match(self.diagnostics)
        headline = str(best) if best else "invalid entry"
        more = len(self.diagnostics) - 1
        super().__init__(headline + (f" (and {more} more)" if more > 0 else ""))


def _words(items: Sequence[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
