"""Cases where the example generator and the validator disagreed (tests/properties), decided by the RM."""

from __future__ import annotations

import copy
from typing import Any

from strukturjournal.aom import CAttribute, CCodePhrase, CComplexObject
from strukturjournal.base import Interval
from strukturjournal.template import OperationalTemplate
from strukturjournal.validate import EntryValidator
from tests.validate.small import FLAT, small_template


def _walk(obj: Any) -> Any:
    yield obj
    for attr in getattr(obj, "attributes", []) or []:
        for child in attr.children:
            yield from _walk(child)


def _with_null_flavour(spelling: str) -> OperationalTemplate:
    """The small template with a constrained null flavour on the ``score`` (ordinal) element."""
    template = copy.deepcopy(small_template())
    element = next(o for o in _walk(template.definition) if getattr(o, "node_id", None) == "at0006"
                   and o.rm_type_name == "ELEMENT")
    flavour = CComplexObject("DV_CODED_TEXT", occurrences=Interval(1, 1), attributes=[CAttribute(
        "defining_code", [CCodePhrase("CODE_PHRASE", terminology_id="openehr", code_list=["271", "273"])],
        existence=Interval(1, 1))])
    element.attributes.append(CAttribute(spelling, [flavour], existence=Interval(0, 1)))
    return template


def test_constrained_null_flavour_is_an_alternative_of_the_value_not_mandatory() -> None:
    # RM ELEMENT: a value or a null flavour, never both; the null flavour's existence is 0..1
    for spelling in ("null_flavour", "null_flavor"):
        validator = EntryValidator(_with_null_flavour(spelling))
        entry = {k.replace("/score|", "/score/ordinal_value|"): v for k, v in FLAT.items()}
        errors = [(d.code, d.path) for d in validator.iter_errors(entry)]
        assert errors == [], (spelling, errors)


def test_date_time_pattern_fields_are_judged() -> None:
    # ADL "yyyy-mm-ddTHH:MM:XX": the T separates the day from the hour (it was read as one field "ddTH",
    # so no date-time pattern was ever checked)
    from strukturjournal.validate._checks import parse_temporal, temporal_pattern_ok

    full = parse_temporal("DATE_TIME", "2026-03-10T08:15:00+01:00")
    no_seconds = parse_temporal("DATE_TIME", "2026-03-10T08:15+01:00")
    date_only = parse_temporal("DATE_TIME", "2026-03-10")
    assert full is not None and no_seconds is not None and date_only is not None
    assert not temporal_pattern_ok("DATE_TIME", full, "yyyy-mm-ddTHH:MM:XX")
    assert temporal_pattern_ok("DATE_TIME", no_seconds, "yyyy-mm-ddTHH:MM:XX")
    assert not temporal_pattern_ok("DATE_TIME", date_only, "yyyy-mm-ddTHH:MM:SS")
    assert temporal_pattern_ok("DATE_TIME", date_only, "yyyy-mm-ddT??:??:??")
