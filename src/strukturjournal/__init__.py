"""strukturjournal: structured clinical documentation on openEHR.

Read ADL 1.4 archetypes into an object model, check and flatten them, build templates,
validate entries and turn free text into coded fields. The public names are re-exported
here; everything else is internal.

>>> import strukturjournal as sj
>>> bp = next(p for p in sj.shipped_archetypes() if "sj_blood_pressure" in p.name)
>>> a = sj.parse_adl(sj.to_adl(sj.load_archetype(bp)))
>>> a.archetype_id.rm_type
'OBSERVATION'
"""

from collections.abc import Iterator
from pathlib import Path

from strukturjournal._resources import archetypes_dir
from strukturjournal._version import __version__
from strukturjournal.adl import load_archetype, parse_adl, to_adl
from strukturjournal.aom import Archetype, ArchetypeId
from strukturjournal.diagnostics import Diagnostic, Severity, Span, best_match
from strukturjournal.errors import (
    ADLSyntaxError,
    EntryValidationError,
    SourceSyntaxError,
    StrukturjournalError,
    TemplateError,
    UnknownArchetypeError,
)
from strukturjournal.odin import parse_odin, to_odin
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.rm import RMModel, load_bmm


def shipped_archetypes() -> Iterator[Path]:
    """The ``.adl`` files shipped with the library (in the wheel or the checkout), without the
    deliberately invalid fixtures under ``invalid/``.

    >>> any(p.name.endswith(".adl") for p in shipped_archetypes())
    True
    """
    root = archetypes_dir()
    return iter(sorted(p for p in root.rglob("*.adl") if "invalid" not in p.relative_to(root).parts))


__all__ = [
    # archetypes
    "ADLSyntaxError",
    "Archetype",
    "ArchetypeId",
    "ArchetypeRepository",
    # findings and errors
    "Diagnostic",
    "EntryValidationError",
    # reference model
    "RMModel",
    "Severity",
    "SourceSyntaxError",
    "Span",
    "StrukturjournalError",
    "TemplateError",
    "UnknownArchetypeError",
    "__version__",
    "best_match",
    "load_archetype",
    "load_bmm",
    "parse_adl",
    "parse_odin",
    "shipped_archetypes",
    "to_adl",
    "to_odin",
]
