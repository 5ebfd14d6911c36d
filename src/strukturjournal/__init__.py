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
from strukturjournal.checks import check_archetype, flatten
from strukturjournal.diagnostics import Diagnostic, Severity, Span, best_match
from strukturjournal.errors import (
    ADLSyntaxError,
    EntryValidationError,
    SourceSyntaxError,
    StrukturjournalError,
    TemplateError,
    UnknownArchetypeError,
)
from strukturjournal.export import (
    canonical_to_flat,
    example_entry,
    flat_to_canonical,
    to_json_schema,
    to_svg,
    to_web_template,
)
from strukturjournal.odin import parse_odin, to_odin
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.rm import RMModel, load_bmm
from strukturjournal.rules.news2 import news2
from strukturjournal.template import (
    OperationalTemplate,
    build_template,
    compile_oet,
    load_opt,
    to_opt,
)
from strukturjournal.text import extract, to_entry
from strukturjournal.validate import EntryValidator, is_valid, iter_errors, validate


def shipped_archetypes() -> Iterator[Path]:
    """The ``.adl`` files shipped with the library (in the wheel or the checkout), without the
    deliberately invalid fixtures under ``invalid/``.

    >>> any(p.name.endswith(".adl") for p in shipped_archetypes())
    True
    """
    root = archetypes_dir()
    return iter(sorted(p for p in root.rglob("*.adl") if "invalid" not in p.relative_to(root).parts))


__all__ = [  # noqa: RUF022 - grouped by task, as the docs present them
    # archetypes
    "ADLSyntaxError",
    "Archetype",
    "ArchetypeId",
    "ArchetypeRepository",
    "check_archetype",
    "flatten",
    "load_archetype",
    "parse_adl",
    "shipped_archetypes",
    "to_adl",
    # reference model and ODIN
    "RMModel",
    "load_bmm",
    "parse_odin",
    "to_odin",
    # templates and exports
    "OperationalTemplate",
    "build_template",
    "canonical_to_flat",
    "compile_oet",
    "example_entry",
    "flat_to_canonical",
    "load_opt",
    "to_json_schema",
    "to_opt",
    "to_svg",
    "to_web_template",
    # entries
    "EntryValidator",
    "is_valid",
    "iter_errors",
    "validate",
    # free text and rules
    "extract",
    "news2",
    "to_entry",
    # findings and errors
    "Diagnostic",
    "EntryValidationError",
    "Severity",
    "SourceSyntaxError",
    "Span",
    "StrukturjournalError",
    "TemplateError",
    "UnknownArchetypeError",
    "best_match",
    "__version__",
]
