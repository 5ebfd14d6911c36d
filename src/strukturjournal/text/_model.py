"""Results of free-text extraction: coded fields, residual text, the whole extraction.

>>> f = CodedField("heart_rate", "8867-4", 76, "/min", {}, 13, 15, "76")
>>> f.to_dict()["concept"], f.to_dict()["start"]
('heart_rate', 13)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strukturjournal.diagnostics import Diagnostic

__all__ = ["CodedField", "Extraction", "Segment"]

Value = int | float | bool | str


@dataclass(frozen=True, slots=True)
class CodedField:
    """One value found in a note, coded by concept id and LOINC, with its unit and place.

    ``start``/``end`` are 0-based character offsets (end exclusive) of the value and
    its written unit; ``text`` is that slice of the note.

    >>> CodedField("spo2", "59408-5", 95, "%", {}, 7, 10, "95%").to_dict()
    {'concept': 'spo2', 'value': 95, 'unit': '%', 'start': 7, 'end': 10, 'loinc': '59408-5', 'qualifiers': {}, 'text': '95%'}
    """

    concept: str
    loinc: str
    value: Value
    unit: str | None
    qualifiers: dict[str, str]
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The extraction-format keys (``concept``, ``value``, ``unit``, ``start``, ``end``) plus extras."""
        return {
            "concept": self.concept,
            "value": self.value,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "loinc": self.loinc,
            "qualifiers": dict(self.qualifiers),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the note that no field covers.

    >>> Segment(0, 3, "BT ")
    Segment(start=0, end=3, text='BT ')
    """

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Extraction:
    """The fields found in ``text`` and the ``residual`` segments between them.

    Fields and residual together cover the note exactly, so :meth:`reconstruct`
    gives the original text back. ``diagnostics`` tells what was found but not
    taken (a value outside the concept's plausible range).

    >>> e = Extraction("P 76", [CodedField("heart_rate", "8867-4", 76, "/min", {}, 2, 4, "76")],
    ...                [Segment(0, 2, "P ")])
    >>> e.reconstruct() == e.text
    True
    """

    text: str
    fields: list[CodedField] = field(default_factory=list)
    residual: list[Segment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def reconstruct(self) -> str:
        """The note rebuilt from the residual segments and the fields' matched texts.

        >>> Extraction("abc", [], [Segment(0, 3, "abc")]).reconstruct()
        'abc'
        """
        chars: list[str | None] = [None] * len(self.text)
        pieces = [(f.start, f.text) for f in self.fields] + [
            (s.start, s.text) for s in self.residual
        ]
        for start, piece in pieces:
            for offset, char in enumerate(piece):
                chars[start + offset] = char
        if any(c is None for c in chars):
            raise ValueError("fields and residual segments leave a gap in the text")
        return "".join(c for c in chars if c is not None)

    def to_dict(self) -> dict[str, Any]:
        """``{"text", "fields"}`` with each field in extraction format.

        >>> Extraction("x", [], [Segment(0, 1, "x")]).to_dict()
        {'text': 'x', 'fields': []}
        """
        return {"text": self.text, "fields": [f.to_dict() for f in self.fields]}


def residual_segments(text: str, fields: list[CodedField]) -> list[Segment]:
    """The parts of ``text`` outside every field span.

    >>> residual_segments("BT 1/2", [CodedField("x", "", 1, None, {}, 3, 4, "1")])
    [Segment(start=0, end=3, text='BT '), Segment(start=4, end=6, text='/2')]
    """
    out: list[Segment] = []
    pos = 0
    for start, end in sorted((f.start, f.end) for f in fields):
        if start > pos:
            out.append(Segment(pos, start, text[pos:start]))
        pos = max(pos, end)
    if pos < len(text):
        out.append(Segment(pos, len(text), text[pos:]))
    return out
