"""Findings as text: JSON, SARIF 2.1.0 and GitHub Actions annotations. Pure functions.

>>> from strukturjournal.diagnostics import Diagnostic, Span
>>> d = Diagnostic("VCARM", "'dta' is not an attribute of OBSERVATION", span=Span(12, 3, source="bp.adl"))
>>> print(to_github({"bp.adl": [d]}))
::error file=bp.adl,line=12,col=3,title=VCARM::'dta' is not an attribute of OBSERVATION
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from strukturjournal._version import __version__
from strukturjournal.checks._codes import CODES, rule_url
from strukturjournal.diagnostics import Diagnostic, Severity

__all__ = [
    "SARIF_SCHEMA",
    "count_by_code",
    "summary",
    "to_github",
    "to_json",
    "to_sarif",
    "to_sarif_json",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
"""The ``$schema`` written into SARIF logs."""

Findings = Mapping[str, Sequence[Diagnostic]]

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def count_by_code(findings: Findings) -> dict[str, int]:
    """How many findings each code has, sorted by code.

    >>> count_by_code({"a.adl": [Diagnostic("VCARM", "x"), Diagnostic("VCARM", "y")]})
    {'VCARM': 2}
    """
    counts: dict[str, int] = {}
    for ds in findings.values():
        for d in ds:
            counts[d.code] = counts.get(d.code, 0) + 1
    return dict(sorted(counts.items()))


def summary(findings: Findings) -> dict[str, int]:
    """Files, errors and warnings.

    >>> summary({"a.adl": [Diagnostic("VCARM", "x")], "b.adl": []})
    {'files': 2, 'errors': 1, 'warnings': 0}
    """
    every = [d for ds in findings.values() for d in ds]
    return {
        "files": len(findings),
        "errors": sum(d.severity >= Severity.ERROR for d in every),
        "warnings": sum(d.severity == Severity.WARNING for d in every),
    }


def to_json(findings: Findings) -> str:
    """A JSON document: ``{"files": {path: [diagnostic...]}, "summary": {...}}``.

    >>> json.loads(to_json({"a.adl": [Diagnostic("VCARM", "x")]}))["summary"]["errors"]
    1
    """
    doc = {
        "files": {f: [d.to_dict() for d in ds] for f, ds in findings.items()},
        "summary": summary(findings),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def to_sarif(findings: Findings, *, tool_name: str = "strukturjournal") -> dict[str, Any]:
    """A SARIF 2.1.0 log (as a dict) with one run; the rules are the codes that occur.

    >>> from strukturjournal.diagnostics import Span
    >>> log = to_sarif({"a.adl": [Diagnostic("VCARM", "x", span=Span(3, 5, source="a.adl"))]})
    >>> log["version"], log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    ('2.1.0', {'startLine': 3, 'startColumn': 5})
    """
    codes = sorted({d.code for ds in findings.values() for d in ds})
    rules = []
    for code in codes:
        rule = CODES.get(code)
        text = rule.summary if rule else code
        level = _LEVEL[rule.severity] if rule else "warning"
        rules.append(
            {
                "id": code,
                "name": code.replace("-", "_"),
                "shortDescription": {"text": text},
                "helpUri": rule_url(code),
                "defaultConfiguration": {"level": level},
            }
        )
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for path, ds in findings.items():
        for d in ds:
            location: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
            if d.span is not None and d.span.line is not None and d.span.line >= 1:
                region = {"startLine": d.span.line}
                if d.span.column is not None and d.span.column >= 1:
                    region["startColumn"] = d.span.column
                location["region"] = region
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity],
                "message": {
                    "text": d.message + (f" (at {d.archetype_path})" if d.archetype_path else "")
                },
                "locations": [{"physicalLocation": location}],
            }
            if d.archetype_path:
                result["locations"][0]["logicalLocations"] = [
                    {
                        "fullyQualifiedName": f"{d.archetype_id or ''}{d.archetype_path}",
                        "kind": "member",
                    }
                ]
            results.append(result)
    return {
        "version": "2.1.0",
        "$schema": SARIF_SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool_name,
                        "version": __version__,
                        "informationUri": "https://strukturjournal.readthedocs.io/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def to_sarif_json(findings: Findings) -> str:
    """:func:`to_sarif` as indented JSON text.

    >>> json.loads(to_sarif_json({}))["runs"][0]["results"]
    []
    """
    return json.dumps(to_sarif(findings), ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Findings) -> str:
    """GitHub Actions workflow commands, one ``::error``/``::warning``/``::notice`` line per finding.

    >>> to_github({"a,b.adl": [Diagnostic("W-UCUM", "unit 'x' is not valid UCUM", severity=Severity.WARNING)]})
    "::warning file=a%2Cb.adl,title=W-UCUM::unit 'x' is not valid UCUM"
    """
    kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for path, ds in findings.items():
        for d in ds:
            props = [f"file={_escape_property(path)}"]
            if d.span is not None and d.span.line is not None:
                props.append(f"line={d.span.line}")
                if d.span.column is not None:
                    props.append(f"col={d.span.column}")
            props.append(f"title={_escape_property(d.code)}")
            message = d.message + (f" (at {d.archetype_path})" if d.archetype_path else "")
            lines.append(f"::{kind[d.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)
