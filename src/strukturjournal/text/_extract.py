"""The public entry points: :func:`extract` one note, :func:`extract_jsonl` many.

>>> e = extract("BT 132/78, P 76")
>>> [(f.concept, f.value, f.unit, f.start, f.end) for f in e.fields]
[('systolic_bp', 132, 'mm[Hg]', 3, 6), ('diastolic_bp', 78, 'mm[Hg]', 7, 9), ('heart_rate', 76, '/min', 13, 15)]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import SourceSyntaxError
from strukturjournal.text._fields import Context, RawField, raw_fields
from strukturjournal.text._grammars import GrammarSet, load_grammar_set
from strukturjournal.text._islands import find_islands
from strukturjournal.text._model import CodedField, Extraction, residual_segments

__all__ = ["detect_language", "extract", "extract_jsonl"]

_NORWEGIAN = re.compile(
    r"[æøåÆØÅ]|\b(?:og|ikke|ikkje|er|har|med|kl|etter|pasient|bruker|brukar|sov|fikk|fekk|gitt|ringt|puls|blodtrykk|vekt|høyde)\b",
    re.IGNORECASE,
)
_DECIMAL_COMMA = re.compile(r"\d,\d")
_ENGLISH = re.compile(
    r"\b(?:the|and|is|was|with|patient|she|he|on|of|pounds|lbs|degrees)\b", re.IGNORECASE
)


def detect_language(text: str) -> str:
    """``"nb"`` for a Norwegian-looking note, else ``"en"`` (only used to infer units).

    >>> detect_language("Vekt 60, bruker er fornøyd"), detect_language("Weight 121.4, she is well")
    ('nb', 'en')
    """
    norwegian = len(_NORWEGIAN.findall(text))
    english = len(_ENGLISH.findall(text))
    return "nb" if norwegian > english else "en"


def extract(
    text: str, lang: str | None = None, *, grammar_dir: Path | str | None = None
) -> Extraction:
    """Find coded clinical measurements in a free-text note.

    ``lang`` (``"nb"``, ``"nn"``, ``"en"``) only matters where a unit is implied
    ("temperature 98.6", "weighs 170"); ``None`` guesses it from the text.
    ``grammar_dir`` points at another grammar folder (default: the shipped
    ``grammars/text``), e.g. one with an added concept.

    >>> [(f.concept, f.value, f.unit) for f in extract("Temp 38,2 øre. BT ikke målt.").fields]
    [('body_temperature', 38.2, 'Cel')]
    >>> [(f.concept, f.value, f.unit) for f in extract("temperature 98.6, weighs 170", lang="en").fields]
    [('body_temperature', 98.6, '[degF]'), ('body_weight', 170, '[lb_av]')]
    >>> [d.code for d in extract("Puls 8").diagnostics]
    ['implausible-value']
    """
    grammar = load_grammar_set(grammar_dir)
    language = "nb" if lang in ("nb", "nn", "no") else (lang or detect_language(text))
    context = Context()
    raws: list[RawField] = []
    for island in find_islands(text, grammar):
        raws.extend(raw_fields(island, grammar, context))
    diagnostics: list[Diagnostic] = []
    fields = _finish(text, raws, language, grammar, diagnostics)
    return Extraction(text, fields, residual_segments(text, fields), diagnostics)


def _finish(
    text: str, raws: list[RawField], lang: str, grammar: GrammarSet, diagnostics: list[Diagnostic]
) -> list[CodedField]:
    # A unit written for a concept elsewhere in the note tells the unit of its bare numbers.
    written: dict[str, str] = {}
    for raw in raws:
        if raw.unit is not None:
            written.setdefault(raw.concept.id, raw.unit)
    out: list[CodedField] = []
    for raw in raws:
        concept = raw.concept
        unit: str | None = raw.unit
        if concept.value_type in ("boolean", "code"):
            unit = None
        elif unit is None and isinstance(raw.value, int | float):
            if _thousands_follow(text, raw):
                diagnostics.append(_ambiguous(text, raw))
                continue
            comma = bool(_DECIMAL_COMMA.search(text, raw.start, raw.end))
            unit = written.get(concept.id) or concept.implied_unit(raw.value, lang, comma)
        numeric = isinstance(raw.value, int | float) and not isinstance(raw.value, bool)
        if numeric and unit is not None and not _plausible(float(raw.value), unit, raw, grammar):
            diagnostics.append(_implausible(text, raw, unit))
            continue
        value = raw.value
        if concept.value_type == "count" and isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append(
            CodedField(
                concept.id,
                concept.loinc,
                value,
                unit,
                raw.qualifiers,
                raw.start,
                raw.end,
                text[raw.start : raw.end],
            )
        )
    return out


_GROUP_AFTER = re.compile(r"[ \u00a0\u202f]\d{3}(?![\d.,])")


def _thousands_follow(text: str, raw: RawField) -> bool:
    """A bare weight of 1-3 digits followed by a space and three digits (``vekt 68 400``) may be
    68 kg or 68 400 g: with no unit to tell, it is not guessed. (Only masses: Norwegian writes
    grams with a space between thousands; other numbers in a row are lists, ``142/88 138/82``.)"""
    if raw.concept.unit not in ("kg", "g"):
        return False
    written = text[raw.start : raw.end]
    return written.isdigit() and len(written) <= 3 and _GROUP_AFTER.match(text, raw.end) is not None


def _ambiguous(text: str, raw: RawField) -> Diagnostic:
    line = text.count("\n", 0, raw.start) + 1
    column = raw.start - (text.rfind("\n", 0, raw.start) + 1) + 1
    end = raw.end + 4
    return Diagnostic(
        "ambiguous-number",
        f"{raw.concept.id}: {text[raw.start:end]!r} may be {raw.value} or {text[raw.start:end].replace(' ', '')}"
        " (a space between thousands); no unit tells which, so it is not taken as a field",
        severity=Severity.WARNING,
        span=Span(line, column, start=raw.start, end=end),
        context={"concept": raw.concept.id, "text": text[raw.start:end]},
    )


def _plausible(value: int | float, unit: str, raw: RawField, grammar: GrammarSet) -> bool:
    concept = raw.concept
    known = grammar.tables.units_by_ucum.get(unit)
    base = known.to_base(value) if known is not None and known.base == concept.unit else value
    if concept.minimum is not None and base < concept.minimum:
        return False
    return not (concept.maximum is not None and base > concept.maximum)


def _implausible(text: str, raw: RawField, unit: str) -> Diagnostic:
    line = text.count("\n", 0, raw.start) + 1
    column = raw.start - (text.rfind("\n", 0, raw.start) + 1) + 1
    return Diagnostic(
        "implausible-value",
        f"{raw.concept.id} {raw.value} {unit} is outside the plausible range; not taken as a field",
        severity=Severity.WARNING,
        span=Span(line, column, start=raw.start, end=raw.end),
        context={"concept": raw.concept.id, "value": raw.value, "unit": unit},
    )


def extract_jsonl(
    lines: Iterable[str], *, grammar_dir: Path | str | None = None
) -> Iterator[dict[str, Any]]:
    """Extract from JSONL records with ``id`` and ``text`` (and optional ``lang``).

    Yields ``{"id": ..., "fields": [...]}`` with fields in extraction format; blank
    lines are skipped. A line that is not a JSON object with ``id`` and a string ``text``
    raises :class:`~strukturjournal.errors.SourceSyntaxError` naming the line.

    >>> out = list(extract_jsonl(['{"id": "a", "text": "SpO2 95 %"}']))
    >>> out[0]["id"], [(f["concept"], f["value"]) for f in out[0]["fields"]]
    ('a', [('spo2', 95)])
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceSyntaxError(
                f"line {number} is not JSON ({exc.msg})", line=number, column=exc.colno,
                source="<jsonl>", text=line, expected=['an object such as {"id": "1", "text": "BT 120/80"}'],
            ) from None
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise SourceSyntaxError(
                f"line {number} has no 'id' and string 'text'", line=number, column=1,
                source="<jsonl>", text=line, expected=['an object such as {"id": "1", "text": "BT 120/80"}'],
            )
        result = extract(record["text"], record.get("lang"), grammar_dir=grammar_dir)
        yield {"id": record["id"], "fields": [f.to_dict() for f in result.fields]}
