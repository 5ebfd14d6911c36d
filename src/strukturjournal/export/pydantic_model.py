"""A pydantic model of a template's FLAT compositions.

Paths without a repeating node become fields (alias = FLAT path, title and description from
the archetype terms, the AQL path in ``json_schema_extra``); paths through a repeating node
(``:0``, ``:1``) cannot be field names, so the model checks them against their pattern and
schema in a validator, and refuses any other key. A quantity's magnitude is also checked
against the range its unit has in the template.

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
>>> Model = to_pydantic_model(t)
>>> Model.model_validate({"composition/language|code": "en"}).model_dump(by_alias=True, exclude_none=True)
{'composition/language|code': 'en'}
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pydantic

from strukturjournal.export.json_schema import flat_fields
from strukturjournal.template import OperationalTemplate

__all__ = ["to_pydantic_model"]

_PY = {"string": str, "integer": int, "number": float, "boolean": bool}


def _annotation(schema: dict[str, Any]) -> Any:
    if "enum" in schema:
        return bool if schema["enum"] and isinstance(schema["enum"][0], bool) else str
    json_type = schema.get("type")
    return _PY.get(json_type, Any) if isinstance(json_type, str) else Any


def _field_name(i: int) -> str:
    return f"f{i}"


def to_pydantic_model(template: OperationalTemplate, lang: str = "en") -> type[pydantic.BaseModel]:
    """A pydantic model class validating FLAT compositions of ``template``.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> to_pydantic_model(t).model_validate({"composition/nothing": 1})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for t.v1
    ...
    """
    fields: dict[str, Any] = {}
    patterns: list[tuple[re.Pattern[str], jsonschema.protocols.Validator]] = [(re.compile(r"^ctx/.+$"), jsonschema.Draft202012Validator({}))]
    unit_ranges: list[tuple[re.Pattern[str], dict[str, Any]]] = []
    for i, f in enumerate(flat_fields(template, lang)):
        if "unit_ranges" in f:
            ranges = {u: jsonschema.Draft202012Validator(r) for u, r in f["unit_ranges"].items()}
            unit_ranges.append((re.compile(f["pattern"]), ranges))
            continue
        schema = f["schema"]
        if f["key"] is None:
            patterns.append((re.compile(f["pattern"]), jsonschema.Draft202012Validator(schema)))
            continue
        if f["key"] in {field.alias for _, field in fields.values()}:
            continue
        constraints = {k: schema[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in schema}
        kwargs: dict[str, Any] = {
            "alias": f["key"],
            "title": f["title"],
            "description": f["description"] or None,
            "json_schema_extra": {"aql": f["aql"], "rm_type": f["rm_type"], **({"enum": schema["enum"]} if "enum" in schema else {})},
            "ge": constraints.get("minimum"),
            "le": constraints.get("maximum"),
            "gt": constraints.get("exclusiveMinimum"),
            "lt": constraints.get("exclusiveMaximum"),
        }
        if "pattern" in schema:
            kwargs["pattern"] = schema["pattern"]
        annotation = _annotation(schema)
        default: Any = ... if f["required"] else None
        fields[_field_name(i)] = (annotation if f["required"] else annotation | None, pydantic.Field(default, **kwargs))
    enums = {f["key"]: f["schema"]["enum"] for f in flat_fields(template, lang) if f["key"] and "enum" in f["schema"]}

    def check(cls: type[pydantic.BaseModel], data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        aliases = {field.alias for field in cls.model_fields.values()}
        for key, value in data.items():
            if key in aliases:
                if key in enums and value not in enums[key]:
                    raise ValueError(f"{key}: {value!r} is not one of {enums[key]}")
                continue
            for regex, validator in patterns:
                if regex.match(key):
                    errors = list(validator.iter_errors(value))
                    if errors:
                        raise ValueError(f"{key}: {errors[0].message}")
                    break
            else:
                raise ValueError(f"{key}: no such FLAT path in template {template.template_id}")
            if key.endswith("|magnitude"):
                prefix = key[: -len("|magnitude")]
                for regex, ranges in unit_ranges:
                    validator = ranges.get(data.get(prefix + "|unit"))  # type: ignore[arg-type]
                    if regex.match(prefix) and validator is not None:
                        errors = list(validator.iter_errors(value))
                        if errors:
                            raise ValueError(f"{key}: {errors[0].message} (unit {data[prefix + '|unit']})")
        return data

    validator: Any = pydantic.model_validator(mode="before")(classmethod(check))  # type: ignore[arg-type]
    model = pydantic.create_model(
        template.template_id,
        __config__=pydantic.ConfigDict(populate_by_name=True, extra="allow", title=template.template_id),
        __validators__={"_check_keys": validator},
        **fields,
    )
    return model
