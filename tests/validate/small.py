"""A small hand-built template with one element per data value kind, and entries for it.

Terms are in English and Norwegian, so messages can be checked in both.
"""

from __future__ import annotations

import copy
from typing import Any

from strukturjournal.aom import (
    ArchetypeOntology,
    ArchetypeTerm,
    CArchetypeRoot,
    Cardinality,
    CAttribute,
    CBoolean,
    CCodePhrase,
    CComplexObject,
    CDate,
    CDateTime,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CInteger,
    CObject,
    CPrimitiveObject,
    CQuantityItem,
    CReal,
    CString,
    CTime,
    Ordinal,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.template import OperationalTemplate

OBS_ID = "openEHR-EHR-OBSERVATION.small_test.v1"
COMP_ID = "openEHR-EHR-COMPOSITION.encounter.v1"

# code: (English, Norwegian)
TERMS = {
    "at0000": ("Small test", "Liten test"),
    "at0001": ("History", "Historikk"),
    "at0002": ("Any event", "Hvilken som helst hendelse"),
    "at0003": ("Tree", "Tre"),
    "at0004": ("Systolic", "Systolisk blodtrykk"),
    "at0005": ("Position", "Stilling"),
    "at0006": ("Score", "Poengsum"),
    "at0007": ("Count", "Antall"),
    "at0008": ("Confirmed", "Bekreftet"),
    "at0009": ("Onset date", "Startdato"),
    "at0010": ("Duration", "Varighet"),
    "at0011": ("Comment", "Kommentar"),
    "at0012": ("Kind", "Type"),
    "at0013": ("Saturation", "Metning"),
    "at0014": ("Recorded", "Registrert"),
    "at0015": ("Clock time", "Klokkeslett"),
    "at0016": ("Range", "Område"),
    "at1000": ("Sitting", "Sittende"),
    "at1001": ("Lying", "Liggende"),
    "at2001": ("Mild", "Mild"),
    "at2002": ("Severe", "Alvorlig"),
}

_MANY = Cardinality(Interval(0, None), is_ordered=False)


def _ontology(codes: list[str]) -> ArchetypeOntology:
    return ArchetypeOntology(
        term_definitions={
            lang: {c: ArchetypeTerm(c, {"text": TERMS[c][i], "description": TERMS[c][i]}) for c in codes}
            for i, lang in enumerate(("en", "nb"))
        }
    )


def _prim(attr: str, rm: str, item: Any) -> CAttribute:
    return CAttribute(attr, [CPrimitiveObject(rm, item=item)], existence=Interval(1, 1))


def _element(code: str, value: CObject, lower: int = 0) -> CComplexObject:
    return CComplexObject(
        "ELEMENT", code, occurrences=Interval(lower, 1), attributes=[CAttribute("value", [value])]
    )


def _dv(rm: str, *attrs: CAttribute) -> CComplexObject:
    return CComplexObject(rm, occurrences=Interval(1, 1), attributes=list(attrs))


def small_template() -> OperationalTemplate:
    """Composition > observation > event > tree with one element per data value kind."""
    quantity = CDvQuantity(
        "DV_QUANTITY",
        occurrences=Interval(1, 1),
        list=[CQuantityItem("mm[Hg]", Interval(0.0, 1000.0), Interval(0, 0)), CQuantityItem("kPa", Interval(0.0, 130.0))],
    )
    coded = _dv("DV_CODED_TEXT", CAttribute("defining_code", [CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at1000", "at1001"])]))
    ordinal = CDvOrdinal("DV_ORDINAL", occurrences=Interval(1, 1), list=[
        Ordinal(1, CodePhrase("local", "at2001")), Ordinal(2, CodePhrase("local", "at2002"))])
    elements = [
        _element("at0004", quantity, lower=1),
        _element("at0005", coded),
        _element("at0006", ordinal),
        _element("at0007", _dv("DV_COUNT", _prim("magnitude", "INTEGER", CInteger(range=Interval(0, 10))))),
        _element("at0008", _dv("DV_BOOLEAN", _prim("value", "BOOLEAN", CBoolean(true_valid=True, false_valid=False)))),
        _element("at0009", _dv("DV_DATE", _prim("value", "DATE", CDate(pattern="yyyy-mm-??")))),
        _element("at0010", _dv("DV_DURATION", _prim("value", "DURATION", CDuration(pattern="PTHM", range=Interval("PT0H", "PT24H"))))),
        _element("at0011", _dv("DV_TEXT", _prim("value", "STRING", CString(pattern="[A-Z].*")))),
        _element("at0012", _dv("DV_TEXT", _prim("value", "STRING", CString(list=["acute", "chronic"])))),
        _element("at0013", _dv("DV_PROPORTION", _prim("numerator", "REAL", CReal(range=Interval(0.0, 100.0))),
                               _prim("type", "INTEGER", CInteger(list=[2])))),
        _element("at0014", _dv("DV_DATE_TIME", _prim("value", "DATE_TIME", CDateTime(range=Interval("2000-01-01T00:00:00", None))))),
        _element("at0015", _dv("DV_TIME", _prim("value", "TIME", CTime(pattern="hh:mm:XX")))),
        _element("at0016", CComplexObject("DV_INTERVAL<DV_QUANTITY>", occurrences=Interval(1, 1))),
    ]
    tree = CComplexObject("ITEM_TREE", "at0003", occurrences=Interval(1, 1),
                          attributes=[CAttribute("items", elements, cardinality=_MANY)])
    event = CComplexObject("POINT_EVENT", "at0002", occurrences=Interval(0, None),
                           attributes=[CAttribute("data", [tree], existence=Interval(1, 1))])
    history = CComplexObject("HISTORY", "at0001", occurrences=Interval(1, 1),
                             attributes=[CAttribute("events", [event], cardinality=_MANY)])
    obs = CArchetypeRoot("OBSERVATION", "at0000", occurrences=Interval(0, 1), archetype_id=OBS_ID,
                         ontology=_ontology([c for c in TERMS if c != "at0000"] + ["at0000"]),
                         attributes=[CAttribute("data", [history], existence=Interval(1, 1))])
    comp_onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Encounter"})},
                                                    "nb": {"at0000": ArchetypeTerm("at0000", {"text": "Kontakt"})}})
    category = _dv("DV_CODED_TEXT", CAttribute("defining_code", [CCodePhrase("CODE_PHRASE", terminology_id="openehr", code_list=["433"])]))
    comp = CArchetypeRoot("COMPOSITION", "at0000", archetype_id=COMP_ID, ontology=comp_onto, occurrences=Interval(1, 1),
                          attributes=[CAttribute("category", [category], existence=Interval(1, 1)),
                                      CAttribute("content", [obs], cardinality=_MANY)])
    return OperationalTemplate("small_test.v1", "Small test", comp)


P = "encounter/small_test/any_event:0/"

#: a valid FLAT composition of :func:`small_template`
FLAT: dict[str, Any] = {
    "ctx/language": "nb",
    "ctx/territory": "NO",
    "ctx/composer_name": "Kari Nordmann",
    "encounter/category|code": "433",
    P + "systolic|magnitude": 120,
    P + "systolic|unit": "mm[Hg]",
    P + "position|code": "at1000",
    P + "score|code": "at2002",
    P + "score|ordinal": 2,
    P + "count": 3,
    P + "confirmed": True,
    P + "onset_date": "2024-05",
    P + "duration": "PT2H30M",
    P + "comment": "Rolig",
    P + "kind": "acute",
    P + "saturation|numerator": 97,
    P + "saturation|denominator": 100,
    P + "saturation|type": 2,
    P + "recorded": "2024-05-02T10:00:00+02:00",
    P + "clock_time": "10:15",
    P + "time": "2024-05-02T10:00:00+02:00",
}


def _text(value: str) -> dict[str, Any]:
    return {"_type": "DV_TEXT", "value": value}


def _coded(value: str, terminology: str, code: str) -> dict[str, Any]:
    return {"_type": "DV_CODED_TEXT", "value": value,
            "defining_code": {"_type": "CODE_PHRASE", "terminology_id": {"_type": "TERMINOLOGY_ID", "value": terminology},
                              "code_string": code}}


def _el(code: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"_type": "ELEMENT", "name": _text(TERMS[code][0]), "archetype_node_id": code, "value": value}


def canonical() -> dict[str, Any]:
    """A valid canonical composition of :func:`small_template` (a fresh copy each time)."""
    q = {"_type": "DV_QUANTITY", "magnitude": 120.0, "units": "mm[Hg]"}
    items = [
        _el("at0004", q),
        _el("at0005", _coded("Sitting", "local", "at1000")),
        _el("at0006", {"_type": "DV_ORDINAL", "value": 2, "symbol": _coded("Severe", "local", "at2002")}),
        _el("at0007", {"_type": "DV_COUNT", "magnitude": 3}),
        _el("at0008", {"_type": "DV_BOOLEAN", "value": True}),
        _el("at0009", {"_type": "DV_DATE", "value": "2024-05"}),
        _el("at0010", {"_type": "DV_DURATION", "value": "PT2H30M"}),
        _el("at0011", _text("Rolig")),
        _el("at0012", _text("acute")),
        _el("at0013", {"_type": "DV_PROPORTION", "numerator": 97.0, "denominator": 100.0, "type": 2}),
        _el("at0014", {"_type": "DV_DATE_TIME", "value": "2024-05-02T10:00:00+02:00"}),
        _el("at0015", {"_type": "DV_TIME", "value": "10:15"}),
        _el("at0016", {"_type": "DV_INTERVAL", "lower": dict(q, magnitude=80.0), "upper": dict(q, magnitude=90.0)}),
    ]
    return copy.deepcopy({
        "_type": "COMPOSITION",
        "name": _text("Encounter"),
        "archetype_node_id": COMP_ID,
        "archetype_details": {"_type": "ARCHETYPED", "archetype_id": {"_type": "ARCHETYPE_ID", "value": COMP_ID},
                              "template_id": {"_type": "TEMPLATE_ID", "value": "small_test.v1"}, "rm_version": "1.1.0"},
        "language": {"_type": "CODE_PHRASE", "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "ISO_639-1"}, "code_string": "nb"},
        "territory": {"_type": "CODE_PHRASE", "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "ISO_3166-1"}, "code_string": "NO"},
        "category": _coded("event", "openehr", "433"),
        "composer": {"_type": "PARTY_IDENTIFIED", "name": "Kari Nordmann"},
        "content": [{
            "_type": "OBSERVATION", "name": _text("Small test"), "archetype_node_id": OBS_ID,
            "language": {"_type": "CODE_PHRASE", "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "ISO_639-1"}, "code_string": "nb"},
            "encoding": {"_type": "CODE_PHRASE", "terminology_id": {"_type": "TERMINOLOGY_ID", "value": "IANA_character-sets"}, "code_string": "UTF-8"},
            "subject": {"_type": "PARTY_SELF"},
            "data": {"_type": "HISTORY", "name": _text("History"), "archetype_node_id": "at0001", "origin": {"_type": "DV_DATE_TIME", "value": "2024-05-02T10:00:00+02:00"},
                     "events": [{"_type": "POINT_EVENT", "name": _text("Any event"), "archetype_node_id": "at0002",
                                 "time": {"_type": "DV_DATE_TIME", "value": "2024-05-02T10:00:00+02:00"},
                                 "data": {"_type": "ITEM_TREE", "name": _text("Tree"), "archetype_node_id": "at0003", "items": items}}]},
        }],
    })


#: canonical path of the tree's items
ITEMS = "/content/0/data/events/0/data/items"
