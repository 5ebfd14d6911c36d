"""RM facts the web template needs, as data: which RM attributes become nodes, and where.

These tables mirror what the EHRbase openEHR SDK takes from Archie's RM introspection
(``OPTParser.addRMAttributes``, ``Filter.isNonMandatoryRmAttribute``, ``OPTParser.addInContext``).
They should come from :mod:`strukturjournal.rm` (built from BMM) once that exists.

>>> is_a("POINT_EVENT", "EVENT"), is_a("OBSERVATION", "ENTRY"), is_a("EVENT_CONTEXT", "LOCATABLE")
(True, True, False)
>>> [a.name for a in rm_attributes("INTERVAL_EVENT") if not a.nullable][2:]
['time', 'width', 'math_function']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CHOICE_ANY_TYPES",
    "EVENT_TYPES",
    "IN_CONTEXT",
    "RmAttribute",
    "all_attribute_names",
    "base_type",
    "is_a",
    "is_locatable",
    "rm_attributes",
]

# type -> parent (single inheritance is all the web template needs)
_PARENT = {
    "COMPOSITION": "LOCATABLE",
    "SECTION": "CONTENT_ITEM",
    "CONTENT_ITEM": "LOCATABLE",
    "ENTRY": "CONTENT_ITEM",
    "CARE_ENTRY": "ENTRY",
    "ADMIN_ENTRY": "ENTRY",
    "OBSERVATION": "CARE_ENTRY",
    "EVALUATION": "CARE_ENTRY",
    "INSTRUCTION": "CARE_ENTRY",
    "ACTION": "CARE_ENTRY",
    "GENERIC_ENTRY": "CONTENT_ITEM",
    "ACTIVITY": "LOCATABLE",
    "HISTORY": "DATA_STRUCTURE",
    "DATA_STRUCTURE": "LOCATABLE",
    "ITEM_STRUCTURE": "DATA_STRUCTURE",
    "ITEM_TREE": "ITEM_STRUCTURE",
    "ITEM_LIST": "ITEM_STRUCTURE",
    "ITEM_SINGLE": "ITEM_STRUCTURE",
    "ITEM_TABLE": "ITEM_STRUCTURE",
    "EVENT": "LOCATABLE",
    "POINT_EVENT": "EVENT",
    "INTERVAL_EVENT": "EVENT",
    "ITEM": "LOCATABLE",
    "CLUSTER": "ITEM",
    "ELEMENT": "ITEM",
    "FOLDER": "LOCATABLE",
    "EHR_STATUS": "LOCATABLE",
    "PARTY": "LOCATABLE",
    "PERSON": "PARTY",
    "ORGANISATION": "PARTY",
    "GROUP": "PARTY",
    "AGENT": "PARTY",
    "ROLE": "PARTY",
    "ADDRESS": "LOCATABLE",
    "CONTACT": "LOCATABLE",
    "PARTY_IDENTITY": "LOCATABLE",
    "PARTY_RELATIONSHIP": "LOCATABLE",
    "CAPABILITY": "LOCATABLE",
    "LOCATABLE": "PATHABLE",
    "EVENT_CONTEXT": "PATHABLE",
    "ISM_TRANSITION": "PATHABLE",
    "INSTRUCTION_DETAILS": "PATHABLE",
    "FEEDER_AUDIT": "ANY",
    "PATHABLE": "ANY",
}

EVENT_TYPES = frozenset({"EVENT", "POINT_EVENT", "INTERVAL_EVENT"})

#: The data types an ``ELEMENT`` without a value constraint offers, in the SDK's order.
CHOICE_ANY_TYPES = (
    "DV_TEXT",
    "DV_CODED_TEXT",
    "DV_MULTIMEDIA",
    "DV_PARSABLE",
    "DV_STATE",
    "DV_BOOLEAN",
    "DV_IDENTIFIER",
    "DV_URI",
    "DV_EHR_URI",
    "DV_DURATION",
    "DV_QUANTITY",
    "DV_COUNT",
    "DV_PROPORTION",
    "DV_DATE_TIME",
    "DV_TIME",
    "DV_ORDINAL",
    "DV_DATE",
)


def base_type(rm_type: str) -> str:
    """``DV_INTERVAL<DV_COUNT>`` -> ``DV_INTERVAL``.

    >>> base_type("DV_INTERVAL<DV_COUNT>")
    'DV_INTERVAL'
    """
    return rm_type.split("<", 1)[0]


def is_a(rm_type: str, ancestor: str) -> bool:
    """Whether ``rm_type`` is ``ancestor`` or inherits from it (for the types in the table)."""
    t: str | None = base_type(rm_type)
    while t is not None:
        if t == ancestor:
            return True
        t = _PARENT.get(t)
    return False


def is_locatable(rm_type: str) -> bool:
    """Whether instances of ``rm_type`` carry an archetype node id (a LOCATABLE)."""
    return is_a(rm_type, "LOCATABLE")


@dataclass(frozen=True, slots=True)
class RmAttribute:
    """An RM attribute the web template shows as a node: name, type, multiplicity, optionality."""

    name: str
    rm_type: str
    multiple: bool = False
    nullable: bool = False


_A = RmAttribute
_LOCATABLE = [
    _A("name", "DV_TEXT"),
    _A("archetype_node_id", "STRING"),
    _A("uid", "UID_BASED_ID", nullable=True),
    _A("links", "LINK", multiple=True, nullable=True),
    _A("archetype_details", "ARCHETYPED", nullable=True),
    _A("feeder_audit", "FEEDER_AUDIT", nullable=True),
]
_ENTRY = [
    _A("language", "CODE_PHRASE"),
    _A("encoding", "CODE_PHRASE"),
    _A("subject", "PARTY_PROXY"),
    _A("provider", "PARTY_PROXY", nullable=True),
    _A("other_participations", "PARTICIPATION", multiple=True, nullable=True),
    _A("workflow_id", "OBJECT_REF", nullable=True),
]
_CARE_ENTRY = [*_ENTRY, _A("guideline_id", "OBJECT_REF", nullable=True)]
_EVENT = [_A("time", "DV_DATE_TIME")]

# Non-LOCATABLE-valued attributes per type, as the SDK adds them (value, offset and every
# attribute holding LOCATABLEs left out; ELEMENT keeps only name, feeder_audit, null_flavour).
_ATTRIBUTES: dict[str, list[RmAttribute]] = {
    "COMPOSITION": [
        *_LOCATABLE,
        _A("language", "CODE_PHRASE"),
        _A("territory", "CODE_PHRASE"),
        _A("category", "DV_CODED_TEXT"),
        _A("composer", "PARTY_PROXY"),
        _A("context", "EVENT_CONTEXT", nullable=True),
    ],
    "EVENT_CONTEXT": [
        _A("start_time", "DV_DATE_TIME"),
        _A("end_time", "DV_DATE_TIME", nullable=True),
        _A("location", "STRING", nullable=True),
        _A("setting", "DV_CODED_TEXT"),
        _A("health_care_facility", "PARTY_IDENTIFIED", nullable=True),
        _A("participations", "PARTICIPATION", multiple=True, nullable=True),
    ],
    "SECTION": _LOCATABLE,
    "OBSERVATION": [*_LOCATABLE, *_CARE_ENTRY],
    "EVALUATION": [*_LOCATABLE, *_CARE_ENTRY],
    "INSTRUCTION": [
        *_LOCATABLE,
        *_CARE_ENTRY,
        _A("narrative", "DV_TEXT"),
        _A("expiry_time", "DV_DATE_TIME", nullable=True),
        _A("wf_definition", "DV_PARSABLE", nullable=True),
    ],
    "ACTION": [
        *_LOCATABLE,
        *_CARE_ENTRY,
        _A("time", "DV_DATE_TIME"),
        _A("ism_transition", "ISM_TRANSITION"),
        _A("instruction_details", "INSTRUCTION_DETAILS", nullable=True),
    ],
    "ADMIN_ENTRY": [*_LOCATABLE, *_ENTRY],
    "GENERIC_ENTRY": _LOCATABLE,
    "ACTIVITY": [
        *_LOCATABLE,
        _A("timing", "DV_PARSABLE", nullable=True),
        _A("action_archetype_id", "STRING"),
    ],
    "ISM_TRANSITION": [
        _A("current_state", "DV_CODED_TEXT"),
        _A("transition", "DV_CODED_TEXT", nullable=True),
        _A("careflow_step", "DV_CODED_TEXT", nullable=True),
        _A("reason", "DV_TEXT", multiple=True, nullable=True),
    ],
    "INSTRUCTION_DETAILS": [
        _A("instruction_id", "LOCATABLE_REF"),
        _A("activity_id", "STRING"),
    ],
    "HISTORY": [
        *_LOCATABLE,
        _A("origin", "DV_DATE_TIME"),
        _A("period", "DV_DURATION", nullable=True),
        _A("duration", "DV_DURATION", nullable=True),
    ],
    "EVENT": [*_LOCATABLE, *_EVENT],
    "POINT_EVENT": [*_LOCATABLE, *_EVENT],
    "INTERVAL_EVENT": [
        *_LOCATABLE,
        *_EVENT,
        _A("width", "DV_DURATION"),
        _A("math_function", "DV_CODED_TEXT"),
        _A("sample_count", "INTEGER", nullable=True),
    ],
    "ITEM_TREE": _LOCATABLE,
    "ITEM_LIST": _LOCATABLE,
    "ITEM_SINGLE": _LOCATABLE,
    "ITEM_TABLE": _LOCATABLE,
    "CLUSTER": _LOCATABLE,
    "ELEMENT": [
        _A("name", "DV_TEXT"),
        _A("feeder_audit", "FEEDER_AUDIT", nullable=True),
        _A("null_flavour", "DV_CODED_TEXT", nullable=True),
    ],
}

# Attributes left out above (LOCATABLE-valued, value, offset...): still RM attributes by name.
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "COMPOSITION": ("content",),
    "EVENT_CONTEXT": ("other_context",),
    "SECTION": ("items",),
    "OBSERVATION": ("data", "state", "protocol"),
    "EVALUATION": ("data", "protocol"),
    "INSTRUCTION": ("activities", "protocol"),
    "ACTION": ("description", "protocol"),
    "ADMIN_ENTRY": ("data",),
    "GENERIC_ENTRY": ("data",),
    "ACTIVITY": ("description",),
    "HISTORY": ("events", "summary"),
    "EVENT": ("data", "state", "offset"),
    "POINT_EVENT": ("data", "state", "offset"),
    "INTERVAL_EVENT": ("data", "state", "offset"),
    "ITEM_TREE": ("items",),
    "ITEM_LIST": ("items",),
    "ITEM_SINGLE": ("item",),
    "ITEM_TABLE": ("rows",),
    "CLUSTER": ("items",),
    "ELEMENT": ("value", "null_reason", "archetype_node_id", "uid", "links", "archetype_details"),
    "INSTRUCTION_DETAILS": ("wf_details",),
    "DV_TEXT": ("value", "hyperlink", "formatting", "mappings", "language", "encoding"),
    "DV_CODED_TEXT": (
        "value",
        "defining_code",
        "hyperlink",
        "formatting",
        "mappings",
        "language",
        "encoding",
    ),
    "DV_INTERVAL": (
        "lower",
        "upper",
        "lower_included",
        "upper_included",
        "lower_unbounded",
        "upper_unbounded",
    ),
    "DV_QUANTITY": (
        "magnitude",
        "units",
        "precision",
        "normal_range",
        "other_reference_ranges",
        "accuracy",
    ),
    "DV_COUNT": ("magnitude", "normal_range", "other_reference_ranges", "accuracy"),
    "DV_PROPORTION": ("numerator", "denominator", "type", "precision", "normal_range"),
    "DV_ORDINAL": ("value", "symbol", "normal_range", "other_reference_ranges"),
    "DV_MULTIMEDIA": (
        "media_type",
        "uri",
        "data",
        "alternate_text",
        "size",
        "thumbnail",
        "compression_algorithm",
    ),
    "CODE_PHRASE": ("terminology_id", "code_string", "preferred_term"),
}


def rm_attributes(rm_type: str) -> list[RmAttribute]:
    """The RM attributes the SDK adds as nodes to a node of ``rm_type`` (empty for data values)."""
    return _ATTRIBUTES.get(base_type(rm_type), [])


def all_attribute_names(rm_type: str) -> frozenset[str] | None:
    """Every RM attribute name of ``rm_type``, or ``None`` for a type not in the table."""
    t = base_type(rm_type)
    if t not in _ATTRIBUTES and t not in _OTHER_NAMES:
        return None
    return frozenset(a.name for a in _ATTRIBUTES.get(t, [])) | frozenset(_OTHER_NAMES.get(t, ()))


#: Child ids shown "in context" (filled by the server), per RM ancestor type (``addInContext``).
IN_CONTEXT: dict[str, frozenset[str]] = {
    "LOCATABLE": frozenset({"language"}),
    "ACTION": frozenset({"time"}),
    "ACTIVITY": frozenset({"timing", "action_archetype_id"}),
    "INSTRUCTION": frozenset({"narrative"}),
    "ISM_TRANSITION": frozenset({"current_state", "careflow_step", "transition"}),
    "HISTORY": frozenset({"origin"}),
    "EVENT": frozenset({"time"}),
    "ENTRY": frozenset({"language", "provider", "other_participations", "subject", "encoding"}),
    "EVENT_CONTEXT": frozenset(
        {"start_time", "end_time", "location", "setting", "healthCareFacility", "participations"}
    ),
    "COMPOSITION": frozenset({"language", "territory", "composer", "category"}),
}
