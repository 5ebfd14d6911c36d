"""Checks of RM attributes coded from the openEHR terminology: a participation's mode, a
context's setting (:mod:`strukturjournal.rm.terminology` has the groups).

In canonical JSON the code is checked (when the terminology is ``openehr``); in FLAT data a
mode is often given by its rubric alone (``|mode``: ``face-to-face communication``), which
must then be a rubric of the group, since the code is looked up from it.

>>> w = Where("/context/participations/0", "/context/participations")
>>> value = {"mode": {"value": "video", "defining_code": {"terminology_id": {"value": "openehr"}, "code_string": "999"}}}
>>> [(d.code, d.path) for d in check_participation(value, None, w)]
[('code-not-allowed', '/context/participations/0/mode/defining_code/code_string')]
>>> [d.code for d in check_mode_text("videoconferencing", Where("c/_participation:0|mode", "", flat=True))]
[]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.rm.terminology import PARTICIPATION_MODES, SETTINGS, code_for
from strukturjournal.validate._report import Where, report

__all__ = [
    "MODE_LABELS", "check_event_context", "check_mode_code", "check_mode_text", "check_participation", "code_of",
]

#: how messages name a participation's mode
MODE_LABELS = {"en": "Participation mode", "nb": "Deltakelsesmåte"}
_SETTING_LABELS = {"en": "Setting", "nb": "Omsorgsmiljø"}


def _shown(group: dict[str, str], codes: bool) -> str:
    items = list(group.items())[:4]
    listed = ", ".join(f"{c} {t}" if codes else t for c, t in items)
    return f"{listed}, … ({len(group)} in the openEHR terminology)"


def code_of(value: Any) -> tuple[str | None, str | None]:
    """``(terminology, code)`` of a canonical ``CODE_PHRASE`` (``None`` for what is missing).

    >>> code_of({"terminology_id": {"value": "openehr"}, "code_string": "216"})
    ('openehr', '216')
    """
    if not isinstance(value, dict):
        return None, None
    tid = value.get("terminology_id")
    terminology = tid.get("value") if isinstance(tid, dict) else tid if isinstance(tid, str) else None
    code = value.get("code_string")
    return terminology, code if isinstance(code, str) else None


def _openehr_code(coded: Any) -> str | None:
    """The code of a coded text from the openEHR terminology (``None`` for any other terminology)."""
    terminology, code = code_of(coded.get("defining_code") if isinstance(coded, dict) else None)
    return code if terminology == "openehr" else None


def check_participation(value: dict[str, Any], _c: Any, w: Where) -> Iterator[Diagnostic]:
    """``PARTICIPATION.mode`` coded from the openEHR vocabulary "participation mode"."""
    code = _openehr_code(value.get("mode"))
    if code is not None and code not in PARTICIPATION_MODES:
        where = Where(f"{w.path}/mode/defining_code/code_string", f"{w.aql}/mode", MODE_LABELS)
        yield report("code-not-allowed", where, value=code, allowed=_shown(PARTICIPATION_MODES, True))


def check_event_context(value: dict[str, Any], c: Any, w: Where) -> Iterator[Diagnostic]:
    """``EVENT_CONTEXT.setting`` coded from the openEHR vocabulary "setting" (when the template
    does not constrain it: then its own check speaks)."""
    attribute = getattr(c, "attribute", None)
    if attribute is not None and (found := attribute("setting")) is not None and found.children:
        return
    code = _openehr_code(value.get("setting"))
    if code is not None and code not in SETTINGS:
        where = Where(f"{w.path}/setting/defining_code/code_string", f"{w.aql.rstrip('/')}/setting", _SETTING_LABELS)
        yield report("code-not-allowed", where, value=code, allowed=_shown(SETTINGS, True))


def check_mode_text(text: Any, w: Where) -> Iterator[Diagnostic]:
    """A FLAT ``|mode`` given without ``|mode_code``: a rubric of the group (its code is looked up)."""
    if not isinstance(text, str) or code_for(PARTICIPATION_MODES, text) is None:
        yield report("code-not-allowed", Where(w.path, w.aql, MODE_LABELS, True), value=text,
                     allowed=_shown(PARTICIPATION_MODES, False))


def check_mode_code(code: Any, w: Where) -> Iterator[Diagnostic]:
    """A FLAT ``|mode_code``: a code of the group."""
    if str(code) not in PARTICIPATION_MODES:
        yield report("code-not-allowed", Where(w.path, w.aql, MODE_LABELS, True), value=code,
                     allowed=_shown(PARTICIPATION_MODES, True))
