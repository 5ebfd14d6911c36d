"""The YAML template format: a pydantic model of what an informatician writes.

A template names its root archetype (a COMPOSITION), fills slots with archetypes (nested as
deep as needed), and constrains nodes, each addressed by an archetype path (``/data[at0001]/…``)
or by its name in any language (``Systolisk blodtrykk``):

.. code-block:: yaml

    id: sj.hjemmetjeneste.v0
    short_name: hjemmetjeneste
    name: {nb: Hjemmebesøk, en: Home care visit}
    languages: [nb, en]
    root: openEHR-EHR-COMPOSITION.sj_home_care_visit.v0
    slots:
      - at: /content
        archetype: openEHR-EHR-OBSERVATION.sj_blood_pressure.v0
        occurrences: 0..1
    exclude: [Kommentar]
    narrow:
      Systolisk: {occurrences: 1..1, magnitude: {min: 0, max: 300}}
    labels:
      Systolisk: {nb: Øvre trykk}
    bindings:
      systolic_bp: Systolisk

The JSON Schema of this model ships as ``template.schema.json`` beside this module (see
:func:`template_json_schema`), for editors that check YAML against a schema.

>>> spec = TemplateSpec.model_validate({"id": "t.v0", "name": {"nb": "T"},
...     "root": "openEHR-EHR-COMPOSITION.c.v0"})
>>> spec.languages, spec.slots
(['nb'], [])
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from strukturjournal.template._assemble import DATA_TYPES

__all__ = [
    "Narrowing",
    "Range",
    "Scope",
    "SlotFill",
    "TemplateSpec",
    "parse_occurrences",
    "schema_text",
    "template_json_schema",
]

Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
ArchetypeIdText = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9][A-Za-z0-9_-]*\.v[0-9][0-9A-Za-z.+_-]*$"
    ),
]
Occurrences = Annotated[str, StringConstraints(pattern=r"^\d+\.\.(\d+|\*)$")]
NodeRef = Annotated[str, StringConstraints(min_length=1)]
Labels = dict[Language, str]
DataType = Literal[
    "Boolean", "Coded_text", "Count", "Date", "Date_Time", "Duration", "Identifier", "Interval",
    "MultiMedia", "Ordinal", "Parsable", "Proportion", "Quantity", "Scale", "Text", "Time", "URI",
]

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


assert set(DataType.__args__) == set(DATA_TYPES)  # type: ignore[attr-defined]


def parse_occurrences(text: str) -> tuple[int, int | None]:
    """``"0..1"`` -> ``(0, 1)``; ``"1..*"`` -> ``(1, None)``.

    >>> parse_occurrences("1..*")
    (1, None)
    """
    lower, upper = text.split("..")
    return int(lower), None if upper == "*" else int(upper)


class Range(BaseModel):
    """A magnitude range; a bound left out is open, bounds are included unless said otherwise.

    >>> Range(min=0, max=300).max_included
    True
    """

    model_config = _STRICT
    min: float | None = None
    max: float | None = None
    min_included: bool = True
    max_included: bool = True


class Narrowing(BaseModel):
    """Constraints that narrow one node (an ELEMENT, or any node for ``occurrences``).

    >>> Narrowing(units=["kg"], precision=1).units
    ['kg']
    """

    model_config = _STRICT
    occurrences: Occurrences | None = Field(None, description="e.g. 1..1, 0..*")
    types: list[DataType] | None = Field(None, description="Allowed data types (Quantity, Coded_text…).")
    units: list[str] | None = Field(None, description="Allowed UCUM units of a quantity.")
    magnitude: Range | None = Field(None, description="Range of the quantity, for every allowed unit.")
    precision: int | None = Field(None, ge=-1, description="Decimals of the quantity (-1: any).")
    codes: list[str] | None = Field(
        None, description="Allowed codes: at-codes of the archetype or TERMINOLOGY::code."
    )
    exclude_codes: list[str] | None = Field(None, description="Codes taken away from the list.")
    texts: list[str] | None = Field(None, description="A list of plain text values to choose from.")
    default: str | bool | None = Field(
        None, description="Default value: text, true/false, or TERMINOLOGY::code::text."
    )


class Scope(BaseModel):
    """What a template, or one archetype in it, constrains: slots, exclusions, narrowing, labels.

    Paths and names are looked up in the archetype of the scope (for the template: the root).

    >>> Scope(exclude=["Kommentar"]).exclude
    ['Kommentar']
    """

    model_config = _STRICT
    slots: list[SlotFill] = Field(default_factory=list, description="Archetypes put into slots.")
    exclude: list[NodeRef] = Field(default_factory=list, description="Nodes left out (path or name).")
    narrow: dict[NodeRef, Narrowing] = Field(
        default_factory=dict, description="Node (path or name) -> constraints that narrow it."
    )
    labels: dict[NodeRef, Labels] = Field(
        default_factory=dict,
        description="Node (path or name) -> its name per language: the node's term text in each "
        "language; the template language's also fixes the node's name.",
    )


class SlotFill(Scope):
    """One archetype put into a slot (``at``: the slot, or the attribute, by path or name).

    >>> SlotFill(at="/content", archetype="openEHR-EHR-OBSERVATION.sj_pulse.v0").occurrences is None
    True
    """

    at: NodeRef = Field(description="The slot or attribute: a path (/content) or a name.")
    archetype: ArchetypeIdText
    occurrences: Occurrences | None = None
    label: Labels | None = Field(
        None, description="Name of this use of the archetype, per language (as for labels)."
    )


class TemplateSpec(Scope):
    """A whole template. ``root`` is the COMPOSITION archetype; the first of ``languages`` is
    the template language.

    >>> TemplateSpec(id="t.v0", name={"nb": "T"}, root="openEHR-EHR-COMPOSITION.c.v0").short_name is None
    True
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "strukturjournal template",
        },
    )
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]+$")]
    short_name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]+$")] | None = None
    name: Labels
    description: Labels | None = None
    languages: list[Language] = Field(default_factory=lambda: ["nb"], min_length=1)
    root: ArchetypeIdText
    bindings: dict[str, NodeRef] = Field(
        default_factory=dict,
        description="Concept id -> path or name of the node that records it "
        "(OperationalTemplate.bindings gives concept id -> AQL path).",
    )


def template_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`TemplateSpec` (what ``template.schema.json`` holds).

    >>> template_json_schema()["title"]
    'strukturjournal template'
    """
    schema = TemplateSpec.model_json_schema()
    for part in [schema, *schema.get("$defs", {}).values()]:
        if "description" in part:  # class docstrings without their doctest examples
            part["description"] = part["description"].split("\n\n>>>")[0].strip()
    return schema


def schema_text() -> str:
    """The schema as the shipped file has it (sorted keys, two-space indent, final newline).

    >>> schema_text().endswith("}\\n")
    True
    """
    return json.dumps(template_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
