"""The example generator honours the constraints the validator checks (found by tests/properties)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from tests.validate.small import P, small_template

from strukturjournal.aom import CDate, CDuration, CPrimitiveObject
from strukturjournal.diagnostics import Severity
from strukturjournal.export.examples import RandomChooser, generate_flat
from strukturjournal.template import OperationalTemplate
from strukturjournal.validate import EntryValidator


def _walk(obj: Any) -> Iterator[Any]:
    yield obj
    for attr in getattr(obj, "attributes", []) or []:
        for child in attr.children:
            yield from _walk(child)


def _variant(item_type: type, **changes: Any) -> OperationalTemplate:
    """The small template with the first primitive constraint of ``item_type`` changed."""
    template = copy.deepcopy(small_template())
    item = next(o.item for o in _walk(template.definition)
                if isinstance(o, CPrimitiveObject) and isinstance(o.item, item_type))
    for name, value in changes.items():
        setattr(item, name, value)
    return template


def _full(template: OperationalTemplate, seed: int = 0) -> dict[str, Any]:
    """An example entry with every optional node filled."""
    return generate_flat(template, RandomChooser(seed, p=1.0))


def _errors(template: OperationalTemplate, seeds: int = 8) -> list[tuple[str, str | None]]:
    validator = EntryValidator(template)
    return [(d.code, d.path) for seed in range(seeds) for d in validator.iter_errors(_full(template, seed))
            if d.severity >= Severity.ERROR]


def test_small_template_examples_validate() -> None:
    assert _errors(small_template()) == []


@pytest.mark.parametrize("pattern", ["yyyy-??-XX", "yyyy-mm-XX", "yyyy-XX-XX", "yyyy-mm-dd"])
def test_date_pattern_is_honoured(pattern: str) -> None:
    # ADL: XX = the field must not be there, ?? = it may be
    template = _variant(CDate, pattern=pattern)
    assert _errors(template) == []
    if "XX" in pattern:
        assert _full(template)[P + "onset_date"].count("-") == pattern.split("-").index("XX") - 1


@pytest.mark.parametrize("pattern", ["PTM", "PYM", "PDTH"])
def test_duration_pattern_is_honoured(pattern: str) -> None:
    # the web template's duration inputs do not carry the pattern; the generator reads it from the constraint
    template = _variant(CDuration, pattern=pattern, range=None)
    assert _errors(template) == []


@pytest.mark.parametrize("kinds", [[3, 4], [1], [0, 2], [3]])
def test_proportion_type_from_the_allowed_list(kinds: list[int]) -> None:
    template = _proportion_types(kinds)
    assert _errors(template) == []
    types = {_full(template, seed)[P + "saturation|type"] for seed in range(8)}
    assert types <= set(kinds)


def _proportion_types(kinds: list[int]) -> OperationalTemplate:
    template = copy.deepcopy(small_template())
    proportion = next(o for o in _walk(template.definition) if getattr(o, "rm_type_name", "") == "DV_PROPORTION")
    attr = next(a for a in proportion.attributes if a.rm_attribute_name == "type")
    attr.children[0].item.list = kinds
    return template


def test_mandatory_empty_section_is_written_by_its_uid() -> None:
    # RM: a SECTION without items is valid; the template demands two, FLAT has no leaf for them
    from strukturjournal.aom import ArchetypeOntology, ArchetypeTerm, CArchetypeRoot
    from strukturjournal.base import Interval

    template = copy.deepcopy(small_template())
    onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Empty"})},
                                               "nb": {"at0000": ArchetypeTerm("at0000", {"text": "Tom"})}})
    section = CArchetypeRoot("SECTION", "at0000", archetype_id="openEHR-EHR-SECTION.empty.v0",
                             occurrences=Interval(2, 2), ontology=onto)
    content = next(a for a in template.definition.attributes if a.rm_attribute_name == "content")
    content.children.append(section)
    assert _errors(template) == []
    entry = _full(template)
    assert sorted(k for k in entry if k.endswith("/_uid")) == ["encounter/empty:0/_uid", "encounter/empty:1/_uid"]


def test_interval_bounds_in_order() -> None:
    # RM DV_INTERVAL: lower is not above upper; the bounds are drawn independently, so they are ordered
    from strukturjournal.aom import CAttribute, CComplexObject, CInteger
    from strukturjournal.base import Interval

    template = copy.deepcopy(small_template())
    element = next(o for o in _walk(template.definition) if getattr(o, "node_id", None) == "at0016")

    def count() -> CComplexObject:
        return CComplexObject("DV_COUNT", occurrences=Interval(1, 1), attributes=[CAttribute(
            "magnitude", [CPrimitiveObject("INTEGER", item=CInteger(range=Interval(0, 10)))], existence=Interval(1, 1))])

    element.attributes[0].children = [CComplexObject("DV_INTERVAL<DV_COUNT>", occurrences=Interval(1, 1), attributes=[
        CAttribute("lower", [count()]), CAttribute("upper", [count()])])]
    validator = EntryValidator(template)
    for seed in range(30):
        entry = _full(template, seed)
        lower, upper = entry[P + "range/lower"], entry[P + "range/upper"]
        assert lower <= upper, (seed, lower, upper)
        assert [d.code for d in validator.iter_errors(entry)] == []


def test_interval_bounds_constrained_differently_in_order() -> None:
    # Testing_Template_N: lower 0..200 kg, upper 0..300 kg; swapping is not allowed, both are drawn again
    from strukturjournal.aom import CAttribute, CComplexObject, CInteger
    from strukturjournal.base import Interval

    template = copy.deepcopy(small_template())
    element = next(o for o in _walk(template.definition) if getattr(o, "node_id", None) == "at0016")

    def count(high: int) -> CComplexObject:
        return CComplexObject("DV_COUNT", occurrences=Interval(1, 1), attributes=[CAttribute(
            "magnitude", [CPrimitiveObject("INTEGER", item=CInteger(range=Interval(0, high)))], existence=Interval(1, 1))])

    element.attributes[0].children = [CComplexObject("DV_INTERVAL<DV_COUNT>", occurrences=Interval(1, 1), attributes=[
        CAttribute("lower", [count(200)]), CAttribute("upper", [count(20)])])]
    validator = EntryValidator(template)
    for seed in range(30):
        entry = _full(template, seed)
        assert entry[P + "range/lower"] <= entry[P + "range/upper"], seed
        assert [d.code for d in validator.iter_errors(entry)] == []
