"""Archetype validity checks (openEHR ADL/AOM 1.4 rules plus project warnings) and their reports.

:func:`check_archetype` returns every finding; :func:`iter_archetype_errors` yields them
lazily, phase by phase. Codes, severities and summaries are in :data:`CODES`; the reference
is ``docs/reference/codes.md``.

>>> from strukturjournal.adl import parse_adl
>>> from strukturjournal.checks.terminology import EXAMPLE
>>> [str(d) for d in check_archetype(parse_adl(EXAMPLE, source="demo.adl"))]
['demo.adl:14:13: error VATDF: code at0001 is not in the term definitions (at /items[at0001])']
"""

from strukturjournal.checks._codes import CODES, Rule, rule_url
from strukturjournal.checks._common import ArchetypeLookup, Context
from strukturjournal.checks._run import PHASES, check_archetype, iter_archetype_errors
from strukturjournal.checks.flatten import InMemoryLookup, flatten
from strukturjournal.checks.lint import (
    filter_diagnostics,
    iter_adl_files,
    lint_paths,
    load_for_lint,
)

__all__ = [
    "CODES",
    "PHASES",
    "ArchetypeLookup",
    "Context",
    "InMemoryLookup",
    "Rule",
    "check_archetype",
    "filter_diagnostics",
    "flatten",
    "iter_adl_files",
    "iter_archetype_errors",
    "lint_paths",
    "load_for_lint",
    "rule_url",
]
