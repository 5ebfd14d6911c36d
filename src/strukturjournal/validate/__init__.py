"""Entry validation: is this composition (canonical JSON or FLAT) what its template allows?

Findings are :class:`~strukturjournal.diagnostics.Diagnostic` records with stable kebab-case
codes (``out-of-range``, ``wrong-unit``, ``code-not-allowed``, ``missing-mandatory``...), the
data path, the template's AQL path and messages in English and Norwegian.

>>> from strukturjournal.validate import EntryValidator, Limits, is_valid, iter_errors, validate
>>> Limits().max_depth
200
"""

from strukturjournal.validate._limits import Limits
from strukturjournal.validate._report import MESSAGES
from strukturjournal.validate.validator import (
    EntryValidator,
    entry_format,
    is_valid,
    iter_errors,
    load_entry,
    validate,
)

CODES = tuple(MESSAGES)
"""Every diagnostic code entry validation emits."""

__all__ = [
    "CODES",
    "EntryValidator",
    "Limits",
    "entry_format",
    "is_valid",
    "iter_errors",
    "load_entry",
    "validate",
]
