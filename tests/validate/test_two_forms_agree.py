"""The FLAT validator and the canonical one say the same of the same data.

Every SDK FLAT composition is validated as FLAT and, converted with ``flat_to_canonical``, as
canonical JSON: the diagnostic codes must be the same (paths differ by form). ``missing-index``
is FLAT's own (a repeating node written without ``:N``, read as occurrence 0 when converted).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strukturjournal.export.flat import canonical_to_flat, flat_to_canonical
from strukturjournal.template import OperationalTemplate
from strukturjournal.validate import EntryValidator
from tests.conftest import CORPUS, case_id
from tests.export.test_flat import (
    CANONICAL_CASES,
    FLAT_CASES,
    FLAT_REFUSED,
    REFUSED,
    template_for_canonical,
    template_for_flat,
)

CASES = [p for p in FLAT_CASES if case_id(p) not in FLAT_REFUSED]
FLAT_ONLY = {"missing-index"}


_VALIDATORS: dict[str, EntryValidator] = {}


def _validator(template: OperationalTemplate) -> EntryValidator:
    found = _VALIDATORS.get(template.template_id)
    if found is None:
        found = _VALIDATORS[template.template_id] = EntryValidator(template)
    return found


@pytest.mark.corpus
@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_flat_and_canonical_forms_get_the_same_diagnostics(path: Path) -> None:
    flat = json.loads(path.read_text("utf-8"))
    template = template_for_flat(flat)
    assert template is not None
    validator = _validator(template)
    as_flat = sorted(d.code for d in validator.iter_errors(flat) if d.code not in FLAT_ONLY)
    as_canonical = sorted(d.code for d in validator.iter_errors(flat_to_canonical(flat, template)))
    assert as_flat == as_canonical


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 50


CANONICAL = [p for p in CANONICAL_CASES if case_id(p) not in REFUSED]


@pytest.mark.corpus
@pytest.mark.parametrize("path", CANONICAL, ids=case_id)
def test_a_canonical_composition_and_its_flat_form_are_valid_or_invalid_together(path: Path) -> None:
    """The other way round; invalid data may be described by other codes (a date in a date-time
    interval is a wrong type in canonical JSON, a ``|_type`` the node does not take in FLAT), and
    an element with neither value nor null flavour has no FLAT form, but valid stays valid."""
    composition = json.loads(path.read_text("utf-8"))
    template = template_for_canonical(composition)
    assert template is not None
    validator = _validator(template)
    as_canonical = [d.code for d in validator.iter_errors(composition)]
    as_flat = [d.code for d in validator.iter_errors(canonical_to_flat(composition, template))]
    assert bool(as_canonical) == bool(as_flat), (as_canonical, as_flat)
    if case_id(path) not in _DESCRIBED_OTHERWISE:
        assert sorted(as_flat) == sorted(as_canonical)


#: invalid compositions whose FLAT form is described by other codes (see the docstring above)
_DESCRIBED_OTHERWISE = {
    "openehr-sdk/composition/canonical_json/all_types_systematic_tests.json",
    "openehr-sdk/composition/canonical_json/cardinality_of_section__full.json",
    "openehr-sdk/composition/canonical_json/simple_composition_dvinterval.json",
}


def test_what_hidden_optional_structure_holds_is_required_only_once_it_is_there() -> None:
    """``details_der_testanforderung`` (1..1) sits in the observation's protocol, which the web
    template hides and the template lets be absent: without any protocol data it is not missing;
    with other protocol data it is."""
    composition = json.loads((CORPUS / "openehr-sdk" / "composition" / "canonical_json" /
                              "virology_finding_with_specimen_no_update.json").read_text("utf-8"))
    template = template_for_canonical(composition)
    assert template is not None
    validator = _validator(template)
    flat = canonical_to_flat(composition, template)
    assert list(validator.iter_errors(flat)) == []
    other = {**flat, "virologischer_befund/befund/empfängerstandort/standortbeschreibung": "Labor 2"}
    assert sorted((d.code, d.path) for d in validator.iter_errors(other)) == [
        ("missing-mandatory", "virologischer_befund/befund/details_der_testanforderung"),
        ("missing-mandatory", "virologischer_befund/befund/empfängerstandort/standortschlüssel"),  # its own 1..1
    ]
