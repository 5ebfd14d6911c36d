"""Groups of the openEHR terminology that RM attributes are bound to (``terminology_id`` ``openehr``).

Facts from the openEHR Terminology specification (vocabularies, English rubrics): the codes an
RM attribute coded from the openEHR terminology may take, and their rubrics. FLAT data often
gives the rubric only (``ctx/participation_mode``: ``face-to-face communication``); reading it
needs the code, and checking it needs the group.

>>> PARTICIPATION_MODES["216"], code_for(PARTICIPATION_MODES, "videoconferencing")
('face-to-face communication', '198')
>>> code_for(SETTINGS, "Home"), code_for(SETTINGS, "garden")
('225', None)
"""

from __future__ import annotations

__all__ = [
    "COMPOSITION_CATEGORIES",
    "EVENT_MATH_FUNCTIONS",
    "INSTRUCTION_STATES",
    "NULL_FLAVOURS",
    "OPENEHR_GROUPS",
    "PARTICIPATION_MODES",
    "RUBRICS",
    "SETTINGS",
    "code_for",
]

#: ``PARTICIPATION.mode``: the openEHR vocabulary "participation mode"
PARTICIPATION_MODES: dict[str, str] = {
    "193": "not specified",
    "216": "face-to-face communication",
    "223": "interpreted face-to-face communication",
    "217": "signing (face-to-face)",
    "195": "live audiovisual; videoconference; videophone",
    "198": "videoconferencing",
    "197": "videophone",
    "218": "signing over video",
    "224": "interpreted video communication",
    "194": "asynchronous audiovisual; recorded video",
    "196": "recorded video",
    "202": "live audio-only; telephone; internet phone; teleconference",
    "204": "telephone",
    "203": "teleconference",
    "205": "internet telephone",
    "222": "interpreted audio-only",
    "199": "asynchronous audio-only; dictated; voice mail",
    "200": "dictated",
    "201": "voice-mail",
    "212": "live text-only; internet chat; SMS chat; interactive written note",
    "213": "internet chat",
    "214": "SMS chat",
    "215": "interactive written note",
    "206": "asynchronous text; email; fax; letter; handwritten note; SMS message",
    "211": "handwritten note",
    "210": "printed/typed letter",
    "207": "email",
    "208": "facsimile/telefax",
    "221": "translated text",
    "209": "SMS message",
    "219": "physically present",
    "220": "physically remote",
}

#: ``EVENT_CONTEXT.setting``: the openEHR vocabulary "setting"
SETTINGS: dict[str, str] = {
    "225": "home",
    "227": "emergency care",
    "228": "primary medical care",
    "229": "primary nursing care",
    "230": "primary allied health care",
    "231": "midwifery care",
    "232": "secondary medical care",
    "233": "secondary nursing care",
    "234": "secondary allied health care",
    "235": "complementary health care",
    "236": "dental care",
    "237": "nursing home care",
    "802": "mental healthcare",
    "238": "other care",
}

#: ``COMPOSITION.category``: the openEHR vocabulary "composition category"
COMPOSITION_CATEGORIES: dict[str, str] = {"431": "persistent", "451": "episodic", "433": "event"}

#: ``INTERVAL_EVENT.math_function``: the openEHR vocabulary "event math function"
EVENT_MATH_FUNCTIONS: dict[str, str] = {
    "145": "minimum", "144": "maximum", "267": "mode", "268": "median", "146": "mean", "147": "change",
    "148": "total", "149": "variation", "521": "decrease", "522": "increase", "640": "actual",
}  # fmt: skip

#: ``ISM_TRANSITION.current_state``: the openEHR vocabulary "instruction states"
INSTRUCTION_STATES: dict[str, str] = {
    "524": "initial", "526": "planned", "527": "postponed", "528": "cancelled", "529": "scheduled",
    "245": "active", "530": "suspended", "531": "aborted", "532": "completed", "533": "expired",
}  # fmt: skip

#: ``ELEMENT.null_flavour``: the openEHR vocabulary "null flavours"
NULL_FLAVOURS: dict[str, str] = {"271": "no information", "253": "unknown", "272": "masked", "273": "not applicable"}

#: the groups above by the RM attribute they code, as ``TYPE.attribute``
OPENEHR_GROUPS: dict[str, dict[str, str]] = {
    "PARTICIPATION.mode": PARTICIPATION_MODES,
    "EVENT_CONTEXT.setting": SETTINGS,
    "COMPOSITION.category": COMPOSITION_CATEGORIES,
    "ELEMENT.null_flavour": NULL_FLAVOURS,
    "INTERVAL_EVENT.math_function": EVENT_MATH_FUNCTIONS,
    "ISM_TRANSITION.current_state": INSTRUCTION_STATES,
}

#: the English rubric of every code of these groups (labels of openEHR codes in web templates)
RUBRICS: dict[str, str] = {code: text for group in OPENEHR_GROUPS.values() for code, text in group.items()}


def code_for(group: dict[str, str], rubric: str) -> str | None:
    """The code of ``rubric`` in ``group`` (case and surrounding spaces ignored), or ``None``.

    >>> code_for(NULL_FLAVOURS, " Unknown ")
    '253'
    """
    wanted = rubric.strip().casefold()
    for code, text in group.items():
        if text.casefold() == wanted:
            return code
    return None
