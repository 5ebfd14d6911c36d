"""SARIF, JSON and GitHub output of the findings on the invalid fixtures."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from strukturjournal.checks import CODES, lint_paths
from strukturjournal.checks.report import SARIF_SCHEMA, count_by_code, to_github, to_json, to_sarif
from strukturjournal.diagnostics import Diagnostic

from .conftest import INVALID

# What GitHub code scanning requires of an uploaded SARIF file (docs.github.com, "SARIF support
# for code scanning"); no pip package ships the full SARIF 2.1.0 JSON Schema, so this subset is
# checked with jsonschema.
GITHUB_SARIF = {
    "type": "object",
    "required": ["version", "$schema", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "pattern": "sarif"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string", "minLength": 1},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription", "helpUri"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {
                                                    "type": "object",
                                                    "required": ["text"],
                                                    "properties": {
                                                        "text": {"type": "string", "minLength": 1}
                                                    },
                                                },
                                                "helpUri": {
                                                    "type": "string",
                                                    "format": "uri",
                                                    "pattern": "^https://",
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Diagnostic]]:
    return lint_paths([INVALID])


def test_sarif_structure(findings: dict[str, list[Diagnostic]]) -> None:
    log: dict[str, Any] = json.loads(json.dumps(to_sarif(findings)))
    jsonschema.validate(log, GITHUB_SARIF)
    assert log["$schema"] == SARIF_SCHEMA
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {r["ruleId"] for r in run["results"]} == set(rule_ids)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert (
            result["level"]
            == {"ERROR": "error", "WARNING": "warning"}[CODES[result["ruleId"]].severity.name]
        )
    by_rule = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert by_rule["VCARM"]["helpUri"].endswith("#vcarm")
    syntax = next(r for r in run["results"] if r["ruleId"] == "E-SYNTAX")
    region = syntax["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] > 1 and region["startColumn"] >= 1


def test_json_has_every_file(findings: dict[str, list[Diagnostic]]) -> None:
    doc = json.loads(to_json(findings))
    assert set(doc["files"]) == set(findings)
    assert doc["summary"]["errors"] + doc["summary"]["warnings"] == sum(
        count_by_code(findings).values()
    )


def test_github_annotations(findings: dict[str, list[Diagnostic]]) -> None:
    lines = to_github(findings).splitlines()
    assert len(lines) == sum(map(len, findings.values()))
    vcarm = next(line for line in lines if "title=VCARM" in line)
    assert vcarm.startswith("::error file=") and ",line=" in vcarm and ",col=" in vcarm
    assert any(line.startswith("::warning ") for line in lines)
