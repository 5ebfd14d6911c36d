"""RM attributes coded from the openEHR terminology: participation modes, the setting, and the
context start time the RM requires; in FLAT and canonical data, and when converting.

Built on the SDK's ``wordwithandin_test`` FLAT composition (participations in its context).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from strukturjournal.export.flat import FlatDecodeError, flat_to_canonical
from strukturjournal.rm.terminology import PARTICIPATION_MODES, code_for
from strukturjournal.template import OperationalTemplate, load_opt
from strukturjournal.validate import EntryValidator
from tests.conftest import CORPUS

SDK = CORPUS / "openehr-sdk"
ROOT = "wordwithandin_test.v0"
MODE = f"{ROOT}/context/_participation:0|mode"


@cache
def _template() -> OperationalTemplate:
    return load_opt(SDK / "operationaltemplate" / "wordwithandin_test.v0.opt")


@cache
def _validator() -> EntryValidator:
    return EntryValidator(_template())


def _flat() -> dict[str, Any]:
    return json.loads((SDK / "composition" / "flat" / "simSDT" / "wordwithandin_test.json").read_text("utf-8"))


def _found(entry: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(d.code, d.path) for d in _validator().iter_errors(entry)]


def test_the_sdk_composition_is_valid() -> None:
    assert _found(_flat()) == []


def test_a_mode_that_is_no_rubric_of_the_terminology_is_named() -> None:
    entry = {**_flat(), MODE: "videokonferanse"}
    assert _found(entry) == [("code-not-allowed", MODE)]
    message = next(iter(_validator().iter_errors(entry))).messages["nb"]
    assert message.startswith("Deltakelsesmåte: koden videokonferanse er ikke tillatt") and "videoconferencing" not in message
    with pytest.raises(FlatDecodeError, match="'videokonferanse' is not a mode of the openEHR terminology"):
        flat_to_canonical(entry, _template())


@pytest.mark.parametrize(("text", "code"), [
    ("face-to-face communication", "216"), ("interpreted face-to-face communication", "223"),
    ("signing (face-to-face)", "217"), ("telephone", "204"), ("videoconferencing", "198"),
    ("not specified", "193"), ("Telephone", "204"),
])  # fmt: skip
def test_every_rubric_is_read_to_its_own_code(text: str, code: str) -> None:
    entry = {**_flat(), MODE: text}
    assert _found(entry) == []
    comp = flat_to_canonical(entry, _template())
    mode = comp["context"]["participations"][0]["mode"]
    assert mode["defining_code"]["code_string"] == code
    assert mode["defining_code"]["terminology_id"]["value"] == "openehr"


def test_the_rubrics_of_the_group_are_distinct() -> None:
    assert all(code_for(PARTICIPATION_MODES, text) == code for code, text in PARTICIPATION_MODES.items())


def test_a_mode_code_must_be_a_code_of_the_group() -> None:
    entry = {**_flat(), f"{MODE}_code": "999"}
    assert _found(entry) == [("code-not-allowed", f"{MODE}_code")]
    assert _found({**_flat(), f"{MODE}_code": "204", MODE: "phone call"}) == []


def test_canonical_mode_and_setting_codes_are_checked() -> None:
    comp = flat_to_canonical(_flat(), _template())
    assert _found(comp) == []
    comp["context"]["participations"][0]["mode"]["defining_code"]["code_string"] = "999"
    comp["context"]["setting"]["defining_code"]["code_string"] = "998"
    assert sorted(_found(comp)) == [
        ("code-not-allowed", "/context/participations/0/mode/defining_code/code_string"),
        ("code-not-allowed", "/context/setting/defining_code/code_string"),
    ]


def test_a_context_needs_its_start_time() -> None:
    entry = {k: v for k, v in _flat().items() if k not in ("ctx/time", f"{ROOT}/context/start_time")}
    assert _found(entry) == [("missing-mandatory", f"{ROOT}/context/start_time")]
    with pytest.raises(FlatDecodeError, match="context but no start time"):
        flat_to_canonical(entry, _template())


def test_a_participation_without_performer_is_the_subject() -> None:
    entry = {k: v for k, v in _flat().items() if not k.startswith(f"{ROOT}/context/_participation:0|") or
             k.endswith(("|function", "|mode"))}
    comp = flat_to_canonical(entry, _template())
    assert comp["context"]["participations"][0]["performer"] == {"_type": "PARTY_SELF"}
