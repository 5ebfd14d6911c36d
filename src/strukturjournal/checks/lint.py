"""Linting files and folders: parse every ``.adl``, then check each against all the others.

A file that does not parse gives one ``E-SYNTAX`` finding with its line and column; linting
never stops at a bad file. The parsed archetypes form the lookup for parents and slots.

>>> import tempfile, pathlib
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.adl").write_text(EXAMPLE, encoding="utf-8")
>>> _ = (d / "b.adl").write_text("archetype\\n  oops", encoding="utf-8")
>>> {pathlib.Path(f).name: [x.code for x in ds] for f, ds in lint_paths([d]).items()}
{'a.adl': ['VATDF'], 'b.adl': ['E-SYNTAX']}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from strukturjournal.adl import load_archetype
from strukturjournal.aom import Archetype
from strukturjournal.checks._run import check_archetype
from strukturjournal.checks.flatten import InMemoryLookup
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import SourceSyntaxError
from strukturjournal.rm import RMModel

__all__ = ["filter_diagnostics", "iter_adl_files", "lint_paths", "load_for_lint"]


def iter_adl_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.adl`` files named or found (recursively, sorted) under the given paths.

    >>> iter_adl_files([])
    []
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*.adl") if f.is_file())
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def load_for_lint(path: Path) -> tuple[Archetype | None, list[Diagnostic]]:
    """The archetype in ``path``, or ``None`` and an ``E-SYNTAX`` finding.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.adl"
    >>> _ = f.write_text("archetype\\n  oops", encoding="utf-8")
    >>> load_for_lint(f)[1][0].span.line
    2
    """
    try:
        return load_archetype(path), []
    except SourceSyntaxError as exc:
        message = exc.message if hasattr(exc, "message") else str(exc)
        if exc.expected:
            message += "; expected " + ", ".join(exc.expected[:6])
        return None, [
            Diagnostic("E-SYNTAX", message, span=Span(exc.line, exc.column, source=str(path)))
        ]
    except (OSError, UnicodeError) as exc:
        return None, [
            Diagnostic("E-SYNTAX", f"cannot read the file: {exc}", span=Span(source=str(path)))
        ]


def filter_diagnostics(
    diagnostics: Iterable[Diagnostic],
    *,
    ignore: Iterable[str] = (),
    min_severity: Severity = Severity.INFO,
) -> list[Diagnostic]:
    """Drop ignored codes and findings below ``min_severity``.

    >>> ds = [Diagnostic("VCARM", "x"), Diagnostic("W-UCUM", "y", severity=Severity.WARNING)]
    >>> [d.code for d in filter_diagnostics(ds, ignore=["vcarm"])]
    ['W-UCUM']
    """
    ignored = {c.upper() for c in ignore}
    return [d for d in diagnostics if d.code.upper() not in ignored and d.severity >= min_severity]


def lint_paths(
    paths: Iterable[str | Path],
    *,
    lookup: InMemoryLookup | None = None,
    rm: RMModel | None = None,
) -> dict[str, list[Diagnostic]]:
    """Findings per file (every file gets an entry, possibly empty), in file order.

    The archetypes parsed here are the lookup for specialisation parents and slot fillers,
    unless ``lookup`` is given.

    >>> lint_paths([])
    {}
    """
    files = iter_adl_files(paths)
    model = rm if rm is not None else RMModel.default()
    loaded: dict[str, Archetype] = {}
    results: dict[str, list[Diagnostic]] = {}
    for f in files:
        archetype, found = load_for_lint(f)
        results[str(f)] = found
        if archetype is not None:
            loaded[str(f)] = archetype
    repo = lookup if lookup is not None else InMemoryLookup(loaded.values())
    for name, archetype in loaded.items():
        results[name] = check_archetype(archetype, repo, model)
    return results
