"""JSON Schema (2020-12) of a template's FLAT compositions.

One property per FLAT path of the web template (a ``patternProperties`` regex when the path
crosses a repeating node, ``:0``, ``:1``...; paths with the same constraints share one), typed from the node's inputs: ``enum`` for coded
lists and units, ``minimum``/``maximum`` for ranges, ``pattern`` for constrained strings.
Mandatory values on a mandatory branch are ``required``; anything else is refused
(``additionalProperties: false``) except the RM extras FLAT allows under any node
(``/_uid``, ``/_link:0|type``, ``/_feeder_audit/...``, ``/_normal_range/...``) and ``ctx/...``.

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
>>> schema = to_json_schema(t)
>>> schema["$schema"], schema["additionalProperties"], "composition/language|code" in schema["properties"]
('https://json-schema.org/draft/2020-12/schema', False, True)
"""

from __future__ import annotations

import json
import re
from typing import Any

from strukturjournal.export._flat_codec import spec_of
from strukturjournal.export._wt_cache import web_template
from strukturjournal.template import OperationalTemplate

__all__ = ["flat_fields", "to_json_schema"]

_JSON_TYPES = {
    "DECIMAL": "number", "INTEGER": "integer", "BOOLEAN": "boolean", "TEXT": "string",
    "CODED_TEXT": "string", "DATE": "string", "DATETIME": "string", "TIME": "string",
}  # fmt: skip
_BARE_TYPES: dict[str, dict[str, Any]] = {
    "DV_COUNT": {"type": "integer"},
    "DV_BOOLEAN": {"type": "boolean"},
    "DV_DURATION": {"type": "string", "pattern": r"^-?P"},
    "DV_PROPORTION": {"type": "number"},
}
_VARIANTS = {
    "DV_TEXT": ("DV_TEXT", "DV_CODED_TEXT"),
    "DV_CODED_TEXT": ("DV_CODED_TEXT", "DV_TEXT"),
    "PARTY_PROXY": ("PARTY_SELF", "PARTY_IDENTIFIED", "PARTY_RELATED"),
    "EVENT": ("POINT_EVENT", "INTERVAL_EVENT"),
}
_BARE_OK = {"DV_CODED_TEXT", "DV_ORDINAL", "DV_SCALE", "DV_PROPORTION"}


def _range(validation: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rng = (validation or {}).get("range") or {}
    if "min" in rng:
        out["exclusiveMinimum" if rng.get("minOp") == ">" else "minimum"] = rng["min"]
    if "max" in rng:
        out["exclusiveMaximum" if rng.get("maxOp") == "<" else "maximum"] = rng["max"]
    return out


def _input_schema(inp: dict[str, Any]) -> dict[str, Any]:
    json_type = _JSON_TYPES.get(inp.get("type", "TEXT"), "string")
    schema: dict[str, Any] = {"type": json_type}
    if inp.get("list") and not inp.get("listOpen"):
        values: list[Any] = [v["value"] for v in inp["list"]]
        if json_type == "boolean":
            values = [v == "true" for v in values]
        schema = {"enum": values}
    schema.update(_range(inp.get("validation")))
    pattern = (inp.get("validation") or {}).get("pattern")
    if pattern and json_type == "string" and inp.get("type") == "TEXT":
        schema["pattern"] = pattern  # date and time inputs carry openEHR patterns, not regexes
    return schema


def flat_fields(template: OperationalTemplate, lang: str = "en") -> list[dict[str, Any]]:
    """Every FLAT field of ``template``: key (or regex), schema, required, title, AQL path.

    Each item has ``key`` (a literal FLAT path, or ``None`` when the path crosses a repeating
    node), ``pattern`` (an anchored regex for the path), ``schema``, ``required``, ``title``,
    ``description``, ``aql``, ``rm_type``. An item with ``unit_ranges`` (unit -> range schema)
    is not a path of its own: it gives the ``|magnitude`` range of a quantity per ``|unit``.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> sorted(f["key"] for f in flat_fields(t) if f["key"])[:2]
    ['composition/category', 'composition/category|code']
    """
    wt = web_template(template)  # ids (FLAT paths) come from the template language
    tree = wt["tree"]
    language = lang if lang in wt["languages"] else wt["defaultLanguage"]
    out: list[dict[str, Any]] = []

    def visit(node: dict[str, Any], literal: str | None, regex: str, mandatory: bool) -> None:
        seg_re = re.escape(node["id"]) + (r":\d+" if node["max"] != 1 else "")
        if literal is None and regex == "":
            lit: str | None = node["id"]
            rx = re.escape(node["id"])
        else:
            lit = f"{literal}/{node['id']}" if literal is not None and node["max"] == 1 else None
            rx = f"{regex}/{seg_re}"
        computed = node["aqlPath"].endswith("/offset") or "/participations" in node["aqlPath"]
        must = mandatory and node["min"] >= 1 and not node.get("inContext") and not computed
        title = (node.get("localizedNames") or {}).get(language) or node.get("localizedName") or node.get("name") or node["id"]
        desc = (node.get("localizedDescriptions") or {}).get(language, "")
        common = {"title": title, "description": desc, "aql": node["aqlPath"], "rm_type": node["rmType"]}
        children = node.get("children", [])
        if node["rmType"] == "DV_QUANTITY":
            units: dict[str, Any] = next((i for i in node.get("inputs", []) if i.get("suffix") == "unit"), {})
            ranges = {u["value"]: r for u in units.get("list", []) if (r := _range(u.get("validation")))}
            if ranges:  # magnitude ranges that depend on the unit
                out.append({"key": lit, "pattern": f"^{rx}$", "schema": {}, "required": False,
                            "unit_ranges": ranges, **common})  # fmt: skip
        if children:
            for child in children:
                visit(child, lit, rx, must)
        else:
            for suffix, schema, req in _leaf(node, must):
                key = None if lit is None else lit + suffix
                out.append({"key": key, "pattern": f"^{rx}{re.escape(suffix)}$", "schema": schema,
                            "required": req and key is not None, **common})  # fmt: skip
        extra = {"key": None, "schema": {}, "required": False, "extra": True, **common}
        out.append({**extra, "pattern": f"^{rx}/_.+$"})
        base = node["rmType"].split("<", 1)[0]
        specs = [sp for v in _VARIANTS.get(base, (base,)) if (sp := spec_of(v)) is not None]
        subs = sorted({re.escape(name) for sp in specs for name in sp.subs})
        suffixes = sorted({re.escape(name) for sp in specs for name in sp.suffixes})
        if subs:
            out.append({**extra, "pattern": f"^{rx}/({'|'.join(subs)})(:\\d+)?([/|].*)?$"})
        if suffixes and children:
            out.append({**extra, "pattern": f"^{rx}\\|({'|'.join(suffixes)})$"})

    visit(tree, None, "", True)
    return out


def _leaf(node: dict[str, Any], must: bool) -> list[tuple[str, dict[str, Any], bool]]:
    rm_type = node["rmType"]
    base = rm_type.split("<", 1)[0]
    found: dict[str, tuple[dict[str, Any], bool]] = {}
    for i, inp in enumerate(node.get("inputs", [])):
        suffix = "" if inp.get("suffix") is None else "|" + inp["suffix"]
        if base == "DV_DURATION" and suffix:
            found[suffix] = ({"type": "integer", **_range(inp.get("validation"))}, False)
            continue
        if base in ("DV_ORDINAL", "DV_SCALE") and suffix == "":
            found["|code"] = (_input_schema(inp), must)
            continue
        required = (must and i == 0 and base not in ("DV_TEXT", "DV_CODED_TEXT")) or (
            must and base == "DV_CODED_TEXT" and suffix == "|code" and not inp.get("listOpen")
        )
        found[suffix] = (_input_schema(inp), required)
    for variant in _VARIANTS.get(base, (base,)):
        spec = spec_of(variant)
        if spec is None:
            continue
        if spec.bare is not None or variant in _BARE_OK:
            found.setdefault("", (dict(_BARE_TYPES.get(variant, {})), False))
        for suffix in spec.suffixes:
            found.setdefault("|" + suffix, ({}, False))
    if base == "DV_DURATION":
        schema, _ = found.get("", ({}, False))
        found[""] = ({**_BARE_TYPES["DV_DURATION"], **schema}, must)
    if base in ("DV_CODED_TEXT", "DV_TEXT"):
        found.setdefault("|other", ({"type": "string"}, False))
    if base.startswith("PARTY") or base == "PARTICIPATION":
        found.setdefault("|_type", ({"type": "string"}, False))
    if not found:
        found[""] = ({}, False)
    return [(suffix, schema, req) for suffix, (schema, req) in found.items()]


def to_json_schema(template: OperationalTemplate, lang: str = "en") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the FLAT compositions of ``template``.

    ``lang`` picks the titles and descriptions (archetype terms); the template's language when
    it has no terms in ``lang``. The paths are always those of the template's own language,
    as FLAT compositions use them.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> to_json_schema(t)["properties"]["composition/category|code"]
    {'type': 'string', 'title': 'category'}
    """
    properties: dict[str, Any] = {}
    grouped: dict[str, tuple[dict[str, Any], list[str]]] = {"{}": ({}, ["ctx/.+"])}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    for field in flat_fields(template, lang):
        if "unit_ranges" in field:
            if field["key"] is not None:  # a repeating path cannot tie its unit to its magnitude
                unit, magnitude = field["key"] + "|unit", field["key"] + "|magnitude"
                conditions += [
                    {"if": {"properties": {unit: {"const": u}}, "required": [unit]},
                     "then": {"properties": {magnitude: rng}}}
                    for u, rng in field["unit_ranges"].items()
                ]  # fmt: skip
            continue
        schema = dict(field["schema"])
        if field["key"] is not None:
            if not field.get("extra"):
                schema.setdefault("title", field["title"])
                if field["description"]:
                    schema.setdefault("description", field["description"])
            properties[field["key"]] = schema
            if field["required"]:
                required.append(field["key"])
        else:
            # paths through repeating nodes: one regex per distinct schema (a schema with
            # hundreds of patternProperties is slow to validate), so no titles here
            key = json.dumps(schema, sort_keys=True)
            grouped.setdefault(key, (schema, []))[1].append(field["pattern"][1:-1])
    patterns = {f"^(?:{'|'.join(dict.fromkeys(parts))})$": schema for schema, parts in grouped.values()}
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:strukturjournal:flat:{template.template_id}",
        "title": template.template_id,
        "type": "object",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": False,
    }
    if required:
        out["required"] = sorted(set(required))
    if conditions:
        out["allOf"] = conditions
    return out

