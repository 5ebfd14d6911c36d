"""Diagnostics of entry validation: stable codes and their messages in English and Norwegian.

Every message names the node by its clinical label, in the language of the message:

>>> w = Where("v/systolic|magnitude", "/data[at0001]", {"en": "Systolic", "nb": "Systolisk"})
>>> d = report("out-of-range", w, value=1200.0, unit="mm[Hg]", allowed="0–1000 mm[Hg]")
>>> d.messages["nb"]
'Systolisk: 1200 mm[Hg] er utenfor tillatt område 0–1000 mm[Hg]'
>>> d.message
'Systolic: 1200 mm[Hg] is outside the allowed range 0–1000 mm[Hg]'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.base import Interval
from strukturjournal.diagnostics import Diagnostic, Severity

__all__ = ["MESSAGES", "Where", "fmt_interval", "fmt_value", "report"]


@dataclass(frozen=True, slots=True)
class Where:
    """Where a check looks: the data path, the template (AQL) path and the node's labels by language.

    >>> Where("a/b", "/content", {"en": "B"}).child("|code", "/defining_code").path
    'a/b|code'
    """

    path: str
    aql: str
    labels: dict[str, str] = field(default_factory=dict)
    flat: bool = False
    #: FLAT only: the suffixes the data gave for this value (``""`` for a bare key)
    given: frozenset[str] = frozenset()

    def child(self, path_suffix: str, aql_suffix: str = "", labels: dict[str, str] | None = None) -> Where:
        """A place below this one (paths extended, labels kept unless given)."""
        return Where(
            self.path + path_suffix, self.aql + aql_suffix, labels if labels is not None else self.labels, self.flat
        )

    def attr(self, name: str) -> Where:
        """The place of RM attribute ``name``: ``|suffix`` in FLAT data, ``/name`` in canonical data.

        >>> Where("v/weight", "/value", flat=True).attr("units").path, Where("/value", "/value").attr("units").path
        ('v/weight|unit', '/value/units')
        """
        if self.flat:
            suffix = _FLAT_SUFFIX.get(name, name)
            if "|" in self.path or (suffix not in self.given and ("" in self.given or name == "value")):
                return self.child("", "/" + name)  # the value itself is the key without a suffix
            return self.child("|" + suffix, "/" + name)
        return self.child("/" + name, "/" + name)

    def label(self, lang: str) -> str:
        """The node's label in ``lang`` (English, then any, then the path's last segment)."""
        text = self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), "")
        return text or self.path.rsplit("/", 1)[-1] or "entry"


_FLAT_SUFFIX = {"units": "unit", "defining_code": "code", "code_string": "code", "symbol": "code"}

# code -> (English, Norwegian bokmål); fields: label, value, allowed, unit, expected, actual, limit
MESSAGES: dict[str, tuple[str, str]] = {
    "unknown-path": (
        "{label}: {value} is not a path of the template",
        "{label}: {value} er ikke en sti i malen",
    ),
    "unknown-attribute": (
        "{label}: {value} is not an attribute of {expected}",
        "{label}: {value} er ikke et attributt i {expected}",
    ),
    "wrong-type": (
        "{label}: expected {expected}, got {actual}",
        "{label}: forventet {expected}, fikk {actual}",
    ),
    "missing-mandatory": (
        "{label}: mandatory {value} is missing",
        "{label}: obligatorisk {value} mangler",
    ),
    "too-many": (
        "{label}: {value} occurrences, at most {allowed} allowed",
        "{label}: {value} forekomster, høyst {allowed} tillatt",
    ),
    "too-few": (
        "{label}: {value} occurrences, at least {allowed} required",
        "{label}: {value} forekomster, minst {allowed} påkrevd",
    ),
    "missing-index": (
        "{label}: the repeating node needs an index (:0, :1 ...) in {value}",
        "{label}: noden kan gjentas og trenger en indeks (:0, :1 ...) i {value}",
    ),
    "out-of-range": (
        "{label}: {value}{unit} is outside the allowed range {allowed}",
        "{label}: {value}{unit} er utenfor tillatt område {allowed}",
    ),
    "wrong-unit": (
        "{label}: unit {value} is not allowed (allowed: {allowed})",
        "{label}: enheten {value} er ikke tillatt (tillatt: {allowed})",
    ),
    "wrong-precision": (
        "{label}: {value} has more decimals than allowed ({allowed})",
        "{label}: {value} har flere desimaler enn tillatt ({allowed})",
    ),
    "code-not-allowed": (
        "{label}: code {value} is not allowed (allowed: {allowed})",
        "{label}: koden {value} er ikke tillatt (tillatt: {allowed})",
    ),
    "ordinal-mismatch": (
        "{label}: ordinal {value} does not belong to code {expected} (it has {allowed})",
        "{label}: ordinal {value} hører ikke til koden {expected} (den har {allowed})",
    ),
    "value-not-allowed": (
        "{label}: {value} is not one of the allowed values ({allowed})",
        "{label}: {value} er ikke en av de tillatte verdiene ({allowed})",
    ),
    "pattern-mismatch": (
        "{label}: {value} does not match the pattern {allowed}",
        "{label}: {value} passer ikke med mønsteret {allowed}",
    ),
    "invalid-format": (
        "{label}: {value} is not a valid {expected}",
        "{label}: {value} er ikke en gyldig {expected}",
    ),
    "not-finite": (
        "{label}: {value} is not a finite number",
        "{label}: {value} er ikke et endelig tall",
    ),
    "invalid-null-flavour": (
        "{label}: null flavour {value} is not allowed here (allowed: {allowed})",
        "{label}: nullverdi-årsak {value} er ikke tillatt her (tillatt: {allowed})",
    ),
    "interval-reversed": (
        "{label}: lower bound {value} is above upper bound {allowed}",
        "{label}: nedre grense {value} er over øvre grense {allowed}",
    ),
    "too-deep": (
        "{label}: nested deeper than {limit} levels",
        "{label}: nøstet dypere enn {limit} nivåer",
    ),
    "too-large": (
        "{label}: {value} is larger than the limit {limit}",
        "{label}: {value} er større enn grensen {limit}",
    ),
    "invalid-key": (
        "{label}: key {value} contains control characters",
        "{label}: nøkkelen {value} inneholder kontrolltegn",
    ),
    "not-an-entry": (
        "{label}: {value} is not a composition (canonical JSON, FLAT or STRUCTURED)",
        "{label}: {value} er ikke en komposisjon (kanonisk JSON, FLAT eller STRUCTURED)",
    ),
    "wrong-template": (
        "{label}: the entry is for template {value}, not {expected}",
        "{label}: oppføringen er for malen {value}, ikke {expected}",
    ),
}


def fmt_value(value: Any, limit: int = 60) -> str:
    """A short display form of a value: whole numbers without ``.0``, long text cut.

    >>> fmt_value(1200.0), fmt_value(0.25), fmt_value("x" * 100)[-3:], fmt_value(True)
    ('1200', '0.25', '...', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


def fmt_interval(interval: Interval[Any], unit: str = "") -> str:
    """``0–1000 mm[Hg]``, ``0–<1000`` (upper bound excluded), ``≥ 0``, ``< 10`` and so on.

    >>> fmt_interval(Interval(0.0, 1000.0), "mm[Hg]"), fmt_interval(Interval(0, None))
    ('0–1000 mm[Hg]', '≥ 0')
    >>> fmt_interval(Interval(0.0, 1000.0, upper_included=False))
    '0–<1000'
    """
    lo, hi = interval.lower, interval.upper
    suffix = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        left = "" if interval.lower_included else ">"
        right = "" if interval.upper_included else "<"
        return f"{left}{fmt_value(lo)}–{right}{fmt_value(hi)}{suffix}"
    if lo is not None:
        return f"{'≥' if interval.lower_included else '>'} {fmt_value(lo)}{suffix}"
    if hi is not None:
        return f"{'≤' if interval.upper_included else '<'} {fmt_value(hi)}{suffix}"
    return "any"


def report(
    code: str,
    where: Where,
    *,
    value: Any = None,
    allowed: Any = None,
    severity: Severity = Severity.ERROR,
    **facts: Any,
) -> Diagnostic:
    """The diagnostic ``code`` at ``where``, with its English and Norwegian messages.

    ``value`` and ``allowed`` go to ``context`` as given; message fields are shown with
    :func:`fmt_value` (lists joined with commas). Other ``facts`` fill the message and go to
    ``context`` too.

    >>> report("too-many", Where("a/b", "/b", {"en": "B"}), value=3, allowed=2).context
    {'value': 3, 'allowed': 2}
    """
    en, nb = MESSAGES[code]
    fields = {k: _show(v) for k, v in facts.items()}
    fields["value"] = _show(value)
    fields["allowed"] = _show(allowed)
    unit = facts.get("unit")
    fields["unit"] = f" {unit}" if unit else ""
    for key in ("expected", "actual", "limit"):
        fields.setdefault(key, "")
    context: dict[str, Any] = {"value": value, "allowed": allowed}
    context.update({k: v for k, v in facts.items() if v is not None})
    return Diagnostic(
        code,
        en.format(label=where.label("en"), **fields),
        severity=severity,
        path=where.path,
        archetype_path=where.aql or None,
        messages={"en": en.format(label=where.label("en"), **fields), "nb": nb.format(label=where.label("nb"), **fields)},
        context=context,
    )


def _show(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(fmt_value(v) for v in value) or "none"
    if isinstance(value, Interval):
        return fmt_interval(value)
    return "" if value is None else fmt_value(value)
