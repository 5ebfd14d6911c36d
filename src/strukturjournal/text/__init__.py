"""Free text to coded fields: vital signs and scores in Norwegian and English notes.

The vocabulary lives in the grammar folder ``grammars/text``: lark grammars for
labels, numbers and units, and TSV tables for concepts, units and qualifiers.
See ``docs/howto/add-free-text-concept.md`` to add a concept without Python.

>>> from strukturjournal.text import extract
>>> [(f.concept, f.value, f.unit) for f in extract("Puls 88 spm, SpO2 97 % på romluft").fields]
[('heart_rate', 88, '/min'), ('spo2', 97, '%'), ('supplemental_oxygen', False, None)]
"""

from __future__ import annotations

from strukturjournal.text._extract import detect_language, extract, extract_jsonl
from strukturjournal.text._grammars import default_folder
from strukturjournal.text._model import CodedField, Extraction, Segment
from strukturjournal.text.to_entry import Entry, to_entry

__all__ = [
    "CodedField",
    "Entry",
    "Extraction",
    "Segment",
    "default_folder",
    "detect_language",
    "extract",
    "extract_jsonl",
    "to_entry",
]
