"""The FLAT tables: for each RM type, where its bare value, ``|suffix`` values and ``/_segment``
sub-objects live in the canonical object. Reading and writing FLAT use the same tables
(:mod:`~strukturjournal.export._flat_codec`), so they cannot drift apart.

>>> SPECS["DV_QUANTITY"].suffixes["unit"]
'units'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SPECS", "Spec", "Sub"]


@dataclass(frozen=True, slots=True)
class Sub:
    """A sub-object written in its own FLAT segment: RM attribute, RM type, list or not.

    >>> SPECS["ELEMENT"].subs["_null_flavour"]
    Sub(attr='null_flavour', type='DV_CODED_TEXT', many=False)
    """

    attr: str
    type: str
    many: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    """Where the FLAT parts of one RM type live in its canonical object.

    Paths are dotted attribute names; a step may name the type of the object it creates
    (``defining_code:CODE_PHRASE.code_string``).

    >>> SPECS["DV_COUNT"].bare, SPECS["DV_CODED_TEXT"].suffixes["code"]
    ('magnitude', 'defining_code:CODE_PHRASE.code_string')
    """

    bare: str | None = None
    suffixes: dict[str, str] = field(default_factory=dict)
    subs: dict[str, Sub] = field(default_factory=dict)
    write_bare: bool = True


_CODE = "defining_code:CODE_PHRASE.code_string"
_TERM = "defining_code:CODE_PHRASE.terminology_id:TERMINOLOGY_ID.value"
_PREF = "defining_code:CODE_PHRASE.preferred_term"
_NORMAL = "normal_status:CODE_PHRASE.code_string"
_NORMAL_TERM = "normal_status:CODE_PHRASE.terminology_id:TERMINOLOGY_ID.value"

_TEXT_SUBS = {
    "_mapping": Sub("mappings", "TERM_MAPPING", True),
    "_language": Sub("language", "CODE_PHRASE"),
    "_encoding": Sub("encoding", "CODE_PHRASE"),
}
_ORDERED_SUBS = {
    "_normal_range": Sub("normal_range", "DV_INTERVAL<@>"),
    "_other_reference_ranges": Sub("other_reference_ranges", "REFERENCE_RANGE<@>", True),
}
_ORDERED_SUFFIXES = {"normal_status": _NORMAL, "normal_status_terminology": _NORMAL_TERM}
_QUANTIFIED = {"magnitude_status": "magnitude_status", **_ORDERED_SUFFIXES}
_PARTY = {
    "id": "external_ref:PARTY_REF.id:@ID.value",
    "id_scheme": "external_ref:PARTY_REF.id:@ID.scheme",
    "id_namespace": "external_ref:PARTY_REF.namespace",
    "id_type": "external_ref:PARTY_REF.type",
}
_PARTY_SUBS = {"_identifier": Sub("identifiers", "DV_IDENTIFIER", True)}
_RELATED_SUBS = {
    **_PARTY_SUBS,
    "relationship": Sub("relationship", "DV_CODED_TEXT"),
    "_relationship": Sub("relationship", "DV_CODED_TEXT"),
}
_TEMPORAL_SUBS = {**_ORDERED_SUBS, "_accuracy": Sub("accuracy", "DV_DURATION")}
_LOCATABLE_SUBS = {
    "_uid": Sub("uid", "UID_BASED_ID"),
    "_link": Sub("links", "LINK", True),
    "_feeder_audit": Sub("feeder_audit", "FEEDER_AUDIT"),
    "_name": Sub("name", "DV_TEXT"),
}
_ENTRY_SUBS = {
    **_LOCATABLE_SUBS,
    "_work_flow_id": Sub("workflow_id", "OBJECT_REF"),
    "_guideline_id": Sub("guideline_id", "OBJECT_REF"),
    "_other_participation": Sub("other_participations", "PARTICIPATION", True),
    "_provider": Sub("provider", "PARTY_IDENTIFIED"),
}
_INTERVAL = Spec(
    suffixes={
        "lower_included": "lower_included",
        "upper_included": "upper_included",
        "lower_unbounded": "lower_unbounded",
        "upper_unbounded": "upper_unbounded",
    },
    subs={"lower": Sub("lower", "@"), "upper": Sub("upper", "@")},
)
_AUDIT_DETAILS = Spec(
    suffixes={"system_id": "system_id", "version_id": "version_id", "time": "time:DV_DATE_TIME.value"},
    subs={
        "location": Sub("location", "PARTY_IDENTIFIED"),
        "subject": Sub("subject", "PARTY_PROXY"),
        "provider": Sub("provider", "PARTY_IDENTIFIED"),
    },
)

SPECS: dict[str, Spec] = {
    "DV_TEXT": Spec("value", {"value": "value", "formatting": "formatting"}, _TEXT_SUBS),
    "DV_CODED_TEXT": Spec(
        None,
        {"code": _CODE, "value": "value", "terminology": _TERM, "preferred_term": _PREF, "formatting": "formatting"},
        _TEXT_SUBS,
    ),
    "CODE_PHRASE": Spec(
        None,
        {"code": "code_string", "terminology": "terminology_id:TERMINOLOGY_ID.value", "preferred_term": "preferred_term"},
    ),
    "TERM_MAPPING": Spec(
        None,
        {"match": "match"},
        {"target": Sub("target", "CODE_PHRASE"), "purpose": Sub("purpose", "DV_CODED_TEXT")},
    ),
    "DV_QUANTITY": Spec(
        None,
        {
            "magnitude": "magnitude",
            "unit": "units",
            "precision": "precision",
            "units_system": "units_system",
            "units_display_name": "units_display_name",
            "accuracy": "accuracy",
            "accuracy_is_percent": "accuracy_is_percent",
            **_QUANTIFIED,
        },
        _ORDERED_SUBS,
    ),
    "DV_COUNT": Spec(
        "magnitude",
        {"magnitude": "magnitude", "accuracy": "accuracy", "accuracy_is_percent": "accuracy_is_percent", **_QUANTIFIED},
        _ORDERED_SUBS,
    ),
    "DV_PROPORTION": Spec(
        None,
        {
            "numerator": "numerator",
            "denominator": "denominator",
            "type": "type",
            "precision": "precision",
            "accuracy": "accuracy",
            "accuracy_is_percent": "accuracy_is_percent",
            **_QUANTIFIED,
        },
        _ORDERED_SUBS,
    ),
    "DV_ORDINAL": Spec(
        None,
        {
            "code": "symbol:DV_CODED_TEXT." + _CODE,
            "value": "symbol:DV_CODED_TEXT.value",
            "terminology": "symbol:DV_CODED_TEXT." + _TERM,
            "ordinal": "value",
            **_ORDERED_SUFFIXES,
        },
        _ORDERED_SUBS,
    ),
    "DV_BOOLEAN": Spec("value"),
    "DV_DATE": Spec("value", dict(_QUANTIFIED), _TEMPORAL_SUBS),
    "DV_DATE_TIME": Spec("value", dict(_QUANTIFIED), _TEMPORAL_SUBS),
    "DV_TIME": Spec("value", dict(_QUANTIFIED), _TEMPORAL_SUBS),
    "DV_DURATION": Spec(
        "value",
        {"accuracy": "accuracy", "accuracy_is_percent": "accuracy_is_percent", **_QUANTIFIED},
        _ORDERED_SUBS,
    ),
    "DV_IDENTIFIER": Spec(
        "id", {"id": "id", "issuer": "issuer", "assigner": "assigner", "type": "type"}, write_bare=False
    ),
    "DV_URI": Spec("value"),
    "DV_EHR_URI": Spec("value"),
    "DV_PARSABLE": Spec(
        "value",
        {"value": "value", "formalism": "formalism"},
        {"_charset": Sub("charset", "CODE_PHRASE"), "_language": Sub("language", "CODE_PHRASE")},
    ),
    "DV_MULTIMEDIA": Spec(
        "uri:DV_URI.value",
        {
            "mediatype": "media_type:CODE_PHRASE.code_string",
            "mediatype_terminology": "media_type:CODE_PHRASE.terminology_id:TERMINOLOGY_ID.value",
            "size": "size",
            "alternatetext": "alternate_text",
            "compression_algorithm": "compression_algorithm:CODE_PHRASE.code_string",
            "compression_algorithm_terminology": "compression_algorithm:CODE_PHRASE.terminology_id:TERMINOLOGY_ID.value",
            "integrity_check_algorithm": "integrity_check_algorithm:CODE_PHRASE.code_string",
            "integrity_check_algorithm_terminology":
                "integrity_check_algorithm:CODE_PHRASE.terminology_id:TERMINOLOGY_ID.value",
            "integrity_check": "integrity_check",
            "data": "data",
        },
        {
            "_thumbnail": Sub("thumbnail", "DV_MULTIMEDIA"),
            "_charset": Sub("charset", "CODE_PHRASE"),
            "_language": Sub("language", "CODE_PHRASE"),
        },
    ),
    "DV_STATE": Spec(
        None,
        {
            "code": "value:DV_CODED_TEXT." + _CODE,
            "value": "value:DV_CODED_TEXT.value",
            "terminology": "value:DV_CODED_TEXT." + _TERM,
            "is_terminal": "is_terminal",
        },
    ),
    "DV_INTERVAL": _INTERVAL,
    "REFERENCE_RANGE": Spec(
        None,
        {
            "lower_included": "range:DV_INTERVAL.lower_included",
            "upper_included": "range:DV_INTERVAL.upper_included",
            "lower_unbounded": "range:DV_INTERVAL.lower_unbounded",
            "upper_unbounded": "range:DV_INTERVAL.upper_unbounded",
        },
        {
            "meaning": Sub("meaning", "DV_TEXT"),
            "lower": Sub("range:DV_INTERVAL.lower", "@"),
            "upper": Sub("range:DV_INTERVAL.upper", "@"),
        },
    ),
    "STRING": Spec("value"),
    "PARTY_SELF": Spec(None, dict(_PARTY)),
    "PARTY_IDENTIFIED": Spec(None, {**_PARTY, "name": "name"}, _PARTY_SUBS),
    "PARTY_RELATED": Spec(
        None, {**_PARTY, "name": "name"}, _RELATED_SUBS
    ),
    "PARTICIPATION": Spec(
        None,
        {
            "function": "function:DV_TEXT.value",
            "mode": "mode:DV_CODED_TEXT.value",
            "mode_code": "mode:DV_CODED_TEXT." + _CODE,
            "mode_terminology": "mode:DV_CODED_TEXT." + _TERM,
            "name": "performer:PARTY_IDENTIFIED.name",
            "id": "performer:PARTY_IDENTIFIED.external_ref:PARTY_REF.id:@ID.value",
            "id_scheme": "performer:PARTY_IDENTIFIED.external_ref:PARTY_REF.id:@ID.scheme",
            "id_namespace": "performer:PARTY_IDENTIFIED.external_ref:PARTY_REF.namespace",
            "id_type": "performer:PARTY_IDENTIFIED.external_ref:PARTY_REF.type",
        },
        {
            "_time": Sub("time", "DV_INTERVAL<DV_DATE_TIME>"),
            "relationship": Sub("performer:PARTY_IDENTIFIED.relationship", "DV_CODED_TEXT"),
        },
    ),
    "OBJECT_REF": Spec(
        None,
        {
            "id": "id:@ID.value",
            "id_scheme": "id:@ID.scheme",
            "scheme": "id:@ID.scheme",
            "namespace": "namespace",
            "type": "type",
        },
    ),
    "LINK": Spec(
        None,
        {"meaning": "meaning:DV_TEXT.value", "type": "type:DV_TEXT.value", "target": "target:DV_EHR_URI.value"},
    ),
    "UID_BASED_ID": Spec("value"),
    "FEEDER_AUDIT": Spec(
        None,
        {},
        {
            "originating_system_item_id": Sub("originating_system_item_ids", "DV_IDENTIFIER", True),
            "feeder_system_item_id": Sub("feeder_system_item_ids", "DV_IDENTIFIER", True),
            "original_content": Sub("original_content", "DV_PARSABLE"),
            "original_content_multimedia": Sub("original_content", "DV_MULTIMEDIA"),
            "originating_system_audit": Sub("originating_system_audit", "FEEDER_AUDIT_DETAILS"),
            "feeder_system_audit": Sub("feeder_system_audit", "FEEDER_AUDIT_DETAILS"),
        },
    ),
    "FEEDER_AUDIT_DETAILS": _AUDIT_DETAILS,
    "INSTRUCTION_DETAILS": Spec(
        None,
        {
            "composition_uid": "instruction_id:LOCATABLE_REF.id:OBJECT_VERSION_ID.value",
            "path": "instruction_id:LOCATABLE_REF.path",
            "instruction_namespace": "instruction_id:LOCATABLE_REF.namespace",
            "instruction_type": "instruction_id:LOCATABLE_REF.type",
            "activity_id": "activity_id",
        },
    ),
    # structures with web template children: only the FLAT extras they carry themselves
    "COMPOSITION": Spec(None, {}, {**_LOCATABLE_SUBS}),
    "SECTION": Spec(None, {}, _LOCATABLE_SUBS),
    "CLUSTER": Spec(None, {}, _LOCATABLE_SUBS),
    "ELEMENT": Spec(
        None,
        {},
        {**_LOCATABLE_SUBS, "_null_flavour": Sub("null_flavour", "DV_CODED_TEXT"), "_null_reason": Sub("null_reason", "DV_TEXT")},
    ),
    "OBSERVATION": Spec(None, {}, {**_ENTRY_SUBS, "history_origin": Sub("data.origin", "DV_DATE_TIME")}),
    "EVALUATION": Spec(None, {}, _ENTRY_SUBS),
    "ADMIN_ENTRY": Spec(None, {}, _ENTRY_SUBS),
    "GENERIC_ENTRY": Spec(None, {}, _LOCATABLE_SUBS),
    "INSTRUCTION": Spec(
        None,
        {},
        {
            **_ENTRY_SUBS,
            "_expiry_time": Sub("expiry_time", "DV_DATE_TIME"),
            "_wf_definition": Sub("wf_definition", "DV_PARSABLE"),
        },
    ),
    "ACTION": Spec(None, {}, {**_ENTRY_SUBS, "_instruction_details": Sub("instruction_details", "INSTRUCTION_DETAILS")}),
    "ACTIVITY": Spec(None, {}, _LOCATABLE_SUBS),
    "ISM_TRANSITION": Spec(None, {}, {"_reason": Sub("reason", "DV_TEXT", True)}),
    "POINT_EVENT": Spec(None, {}, _LOCATABLE_SUBS),
    "INTERVAL_EVENT": Spec(
        None,
        {"sample_count": "sample_count"},
        {
            **_LOCATABLE_SUBS,
            "width": Sub("width", "DV_DURATION"),
            "math_function": Sub("math_function", "DV_CODED_TEXT"),
        },
    ),
    "EVENT_CONTEXT": Spec(
        None,
        {},
        {
            "_end_time": Sub("end_time", "DV_DATE_TIME"),
            "_health_care_facility": Sub("health_care_facility", "PARTY_IDENTIFIED"),
            "_location": Sub("location", "STRING_ATTR"),
            "_participation": Sub("participations", "PARTICIPATION", True),
        },
    ),
}
SPECS["DV_SCALE"] = SPECS["DV_ORDINAL"]  # the real-valued ordinal: the same FLAT parts
