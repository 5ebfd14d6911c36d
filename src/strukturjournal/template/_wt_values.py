"""Inputs of the constrained data values: quantities, ordinals and scales, coded phrases.

>>> t = Term("Mild", None)
>>> t.description is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strukturjournal.aom import CCodePhrase, CDvOrdinal, CDvQuantity, CDvScale
from strukturjournal.template._raw import RawElement
from strukturjournal.template._wt_inputs import InputHandler, interval_json
from strukturjournal.template._wt_model import WtInput, WtNode, WtValue, openehr_rubric

__all__ = ["Term", "Terms", "code_phrase", "ordinal", "quantity"]


@dataclass(slots=True)
class Term:
    """A term in one language, as the web template uses it."""

    text: str = ""
    description: str | None = None  # None: the term has no description item
    other: dict[str, str] = field(default_factory=dict)


# code -> language -> term
Terms = dict[str, dict[str, Term]]


def quantity(obj: CDvQuantity, node: WtNode, terms: Terms, inputs: InputHandler) -> None:
    """Inputs of a ``C_DV_QUANTITY``: magnitude and the allowed units with their ranges."""
    magnitude = WtInput("DECIMAL", "magnitude")
    unit = WtInput("CODED_TEXT", "unit")
    if isinstance(obj.assumed_value, RawElement):
        m, u = obj.assumed_value.find_text("magnitude"), obj.assumed_value.find_text("units")
        magnitude.default_value = str(float(m)) if m else None
        unit.default_value = u or None
    magnitude.default_value = inputs.find_default(node, "magnitude") or magnitude.default_value
    unit.default_value = inputs.find_default(node, "units") or unit.default_value
    for item in obj.list:
        value = WtValue(item.units, item.units)
        validation = {}
        if item.magnitude is not None:
            validation["range"] = interval_json(item.magnitude)
        if item.precision is not None:
            validation["precision"] = interval_json(item.precision, integer=True)
        value.validation = validation or None
        value.localized_labels = {k: v.text for k, v in terms.get(item.units, {}).items()}
        unit.list.append(value)
    if len(unit.list) == 1:
        magnitude.validation = unit.list[0].validation
    node.inputs += [magnitude, unit]


def ordinal(
    obj: CDvOrdinal | CDvScale, node: WtNode, terms: Terms, inputs: InputHandler, lang: str
) -> None:
    """The coded input of a ``C_DV_ORDINAL`` (or ``C_DV_SCALE``): values with ordinals and labels."""
    code = WtInput("CODED_TEXT", default_value=inputs.find_default(node, "defining_code"))
    if obj.assumed_value is not None:
        match = [o.symbol for o in obj.list if o.value == obj.assumed_value]
        if match:
            code.terminology, code.default_value = match[0].terminology_id, match[0].code_string
    for o in obj.list:
        term = terms.get(o.symbol.code_string, {})
        value = WtValue(o.symbol.code_string, ordinal=o.value)
        value.localized_labels = {k: v.text for k, v in term.items()}
        value.localized_descriptions = {k: v.description or "" for k, v in term.items()}
        value.label = value.localized_labels.get(lang)
        value.localized_descriptions.setdefault(lang, "")
        code.list.append(value)
    node.inputs.append(code)


def code_phrase(
    obj: CCodePhrase,
    node: WtNode,
    terms: Terms,
    inputs: InputHandler,
    lang: str,
    languages: list[str],
) -> None:
    """The code input of a ``C_CODE_PHRASE``: coded when its codes have terms, else free text."""
    code = WtInput("TEXT", "code", default_value=inputs.find_default(node, "defining_code"))
    if obj.assumed_value is not None:
        code.default_value = obj.assumed_value
    if obj.reference_set_uri is not None:
        code.terminology = (
            obj.reference_set_uri.split(":", 1)[1]
            if ":" in obj.reference_set_uri
            else obj.reference_set_uri
        )
    else:
        code.terminology = obj.terminology_id
    if code.terminology == "openehr":
        for c in obj.code_list:
            # only English rubrics are known: other languages fall back to them, as the SDK
            # does for a language the openEHR terminology lacks
            rubric = openehr_rubric(c) or c
            labels = dict.fromkeys([*languages, "en"], rubric)
            code.list.append(WtValue(c, rubric, localized_labels=labels))
    else:
        tid = code.terminology
        for c in obj.code_list:
            key = c if not tid or tid == "local" else f"{tid}::{c}"
            term = terms.get(key, {})
            if lang not in term:
                key = key.replace(f"{tid}::", "")
                term = terms.get(key, {})
            if lang not in term:
                continue
            value = WtValue(key.replace(f"{tid}::", "") if tid else key, term[lang].text)
            value.localized_labels = {k: v.text for k, v in term.items()}
            value.localized_descriptions = {
                k: v.description for k, v in term.items() if v.description and v.description.strip()
            }
            value.localized_descriptions.setdefault(lang, "")
            code.list.append(value)
    if code.list:
        code.type = "CODED_TEXT"
        node.inputs.append(code)
    else:
        node.inputs += [code, WtInput("TEXT", "value", terminology=code.terminology)]
