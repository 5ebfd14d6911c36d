"""Coded fields + template -> a FLAT composition that keeps the note whole.

Fields find their template node through the template's bindings (``bindings:`` in a YAML
template: concept id -> node) or, failing that, through the LOINC term bindings of its
archetypes. Qualifiers go to nodes bound as ``<concept>.<qualifier>`` (``systolic_bp.position``)
and the whole note to the node bound as ``note``. Nothing is dropped silently: a field with no
node, or a value the template's input cannot hold, becomes a diagnostic.

>>> from strukturjournal.text import extract
>>> from strukturjournal.template import build_template
>>> from strukturjournal.repository import ArchetypeRepository
>>> from strukturjournal._resources import archetypes_dir
>>> repo = ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)
>>> template = build_template(archetypes_dir() / "templates/hjemmetjeneste.yml", repo)
>>> entry = to_entry(extract("BT 142/88 sittende"), template, time="2026-11-25T10:00:00+01:00")
>>> {k: v for k, v in entry.flat.items() if "blodtrykk/måling:0/systolisk" in k}
{'hjemmebesøk_vitale_tegn/blodtrykk/måling:0/systolisk_blodtrykk|magnitude': 142, 'hjemmebesøk_vitale_tegn/blodtrykk/måling:0/systolisk_blodtrykk|unit': 'mm[Hg]'}
>>> entry.news2.missing  # NEWS2 is bound in this template; one blood pressure is not enough
('respiration_rate', 'spo2', 'on_oxygen', 'pulse', 'consciousness', 'temperature')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from strukturjournal.aom import CComplexObject, CObject
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.rules.news2 import News2Result
from strukturjournal.template import OperationalTemplate
from strukturjournal.template.web_tree import WtNode, build_web_tree
from strukturjournal.text._model import CodedField, Extraction
from strukturjournal.text._news2 import in_band, news2_from_fields

__all__ = ["Entry", "FlatTarget", "flat_targets", "to_entry"]


@dataclass(frozen=True, slots=True)
class FlatTarget:
    """Where a template node's data goes in FLAT: its path and the web template node.

    >>> from strukturjournal.template.web_tree import WtNode
    >>> FlatTarget("visit/pulse/rate", WtNode(id="rate", rm_type="DV_QUANTITY")).path
    'visit/pulse/rate'
    """

    path: str
    node: WtNode


@dataclass(slots=True)
class Entry:
    """A FLAT composition built from a note, and what could not go into it.

    ``placed`` maps a field's index in the extraction to its FLAT path; ``news2`` is the NEWS2
    result when the template binds NEWS2 nodes.

    >>> Entry({"ctx/language": "nb"}).diagnostics
    []
    """

    flat: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    placed: dict[int, str] = field(default_factory=dict)  # field index -> FLAT path
    news2: News2Result | None = None


def flat_targets(template: OperationalTemplate, lang: str | None = None) -> dict[int, FlatTarget]:
    """Every web template node by the identity of its template constraint.

    A node that repeats (max ≠ 1) gets index ``:0``; an ELEMENT whose value was lifted into
    it is found under both the ELEMENT and the value constraint. See the module example.
    """
    tree = build_web_tree(template, lang)
    out: dict[int, FlatTarget] = {}
    stack: list[tuple[WtNode, str]] = [(tree.root, tree.root.full_id())]
    while stack:
        node, path = stack.pop()
        if node.constraint is not None:
            out.setdefault(id(node.constraint), FlatTarget(path, node))
        for child in node.children:
            segment = child.full_id() + (":0" if child.max != 1 else "")
            stack.append((child, f"{path}/{segment}"))
    return out


def _target(template: OperationalTemplate, targets: dict[int, FlatTarget], aql: str) -> FlatTarget | None:
    node = template.node_at(aql)
    if not isinstance(node, CObject):
        return None
    if id(node) in targets and targets[id(node)].node.rm_type != "ELEMENT":
        return targets[id(node)]
    if isinstance(node, CComplexObject):
        value = node.attribute("value")
        for child in value.children if value else []:
            if id(child) in targets:
                return targets[id(child)]
    return targets.get(id(node))


def _fold(text: str) -> str:
    return text.strip().lower().replace("–", "-").replace("—", "-")


def _code_for(node: WtNode, wanted: str, band: float | None = None) -> tuple[str, str, str] | None:
    """(code, label, terminology) of the coded value that matches ``wanted``.

    First the code itself or a label (any language) equal to it; then a label that starts with
    it followed by a non-letter (``"A"`` matches ``"A – våken"``). For ordinals ``wanted`` is
    the ordinal value, and ``band`` the measurement that picks between equal ordinals by the
    band written in the label (``"111–130 /min"``).
    """
    text = _fold(str(wanted))
    values = [(inp, v) for inp in node.inputs for v in inp.list]
    if node.rm_type == "DV_ORDINAL":
        same = [(i, v) for i, v in values if v.ordinal is not None and str(v.ordinal) == text]
        if band is not None and len(same) > 1:
            same = [(i, v) for i, v in same if any(in_band(lb, band) for lb in _labels(v))] or same
        values = same[:1]
        return (values[0][1].value, values[0][1].label or "", "local") if values else None
    for exact in (True, False):
        for inp, v in values:
            for label in _labels(v):
                low = _fold(label)
                hit = v.value.lower() == text or low == text if exact else re.match(
                    re.escape(text) + r"(?![^\W\d_])", low)
                if hit:
                    return v.value, v.label or label, inp.terminology or "local"
    return None


def _labels(v: Any) -> list[str]:
    return [v.label or "", *v.localized_labels.values()]


def _put(
    flat: dict[str, Any], target: FlatTarget, value: Any, unit: str | None, band: float | None = None
) -> str | None:
    """Write ``value`` at ``target`` by its RM type; the reason when it cannot be written."""
    path, rm_type = target.path, target.node.rm_type
    if rm_type == "DV_QUANTITY":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"a quantity needs a number, not {value!r}"
        flat[f"{path}|magnitude"] = value
        if unit is not None:
            flat[f"{path}|unit"] = unit
    elif rm_type == "DV_COUNT":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"a count needs a whole number, not {value!r}"
        flat[path] = value
    elif rm_type == "DV_BOOLEAN":
        if not isinstance(value, bool):
            return f"a yes/no node needs true or false, not {value!r}"
        flat[path] = value
    elif rm_type in ("DV_CODED_TEXT", "DV_ORDINAL"):
        found = _code_for(target.node, str(value), band)
        if found is None:
            return f"{value!r} is none of the node's codes"
        code, label, terminology = found
        flat[f"{path}|code"] = code
        flat[f"{path}|value"] = label
        if rm_type == "DV_CODED_TEXT":
            flat[f"{path}|terminology"] = terminology
        else:
            ordinal = next((v.ordinal for i in target.node.inputs for v in i.list if v.value == code), None)
            flat[f"{path}|ordinal"] = ordinal
    elif rm_type == "DV_TEXT":
        flat[path] = str(value)
    else:
        return f"no FLAT form for {rm_type} here"
    return None


def to_entry(
    extraction: Extraction,
    template: OperationalTemplate,
    *,
    time: str | None = None,
    composer: str = "strukturjournal",
    territory: str = "NO",
) -> Entry:
    """A FLAT composition of ``template`` holding the extracted fields and the note.

    ``time`` (ISO 8601) is the time of the measurements; the current time when left out.
    Returns the entry and a diagnostic for every field or qualifier that found no place.

    >>> from strukturjournal.template import build_template
    >>> from strukturjournal.repository import ArchetypeRepository
    >>> from strukturjournal._resources import archetypes_dir
    >>> from strukturjournal.text import extract
    >>> repo = ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)
    >>> t = build_template(archetypes_dir() / "templates/sykehjem_vekt.yml", repo)
    >>> e = to_entry(extract("Vekt 68,4 kg. BT 120/80"), t, time="2026-11-25T10:00:00+01:00")
    >>> [d.code for d in e.diagnostics]  # this template has no blood pressure
    ['unbound-field', 'unbound-field']
    """
    lang = template.languages[0] if template.languages else "en"
    targets = flat_targets(template, lang)
    when = time or datetime.now(UTC).isoformat(timespec="seconds")
    entry = Entry({
        "ctx/language": lang,
        "ctx/territory": territory,
        "ctx/composer_name": composer,
        "ctx/time": when,
    })
    bindings = template.bindings
    loinc = template.loinc_paths()

    def place(key: str, aql: str | None, value: Any, unit: str | None, f: CodedField, index: int | None) -> None:
        where = Span(start=f.start, end=f.end)
        target = _target(template, targets, aql) if aql else None
        if target is None:
            entry.diagnostics.append(Diagnostic(
                "unbound-field", f"{key}: the template has no node for it ({f.text!r} is kept in the note)",
                severity=Severity.WARNING, span=where, context={"value": value}))
            return
        problem = _put(entry.flat, target, value, unit)
        if problem:
            entry.diagnostics.append(Diagnostic(
                "unplaceable-value", f"{key}: {problem}", severity=Severity.ERROR, path=target.path,
                span=where, context={"value": value}))
        elif index is not None:
            entry.placed[index] = target.path

    for index, f in enumerate(extraction.fields):
        aql = bindings.get(f.concept) or next(iter(loinc.get(f.loinc, [])), None)
        place(f.concept, aql, f.value, f.unit, f, index)
        for qualifier, value in f.qualifiers.items():
            key = f"{f.concept}.{qualifier}"
            if key in bindings:
                place(key, bindings[key], value, None, f, None)  # the field's own place stays in placed
    if any(key.startswith("news2.") for key in bindings):
        _place_news2(entry, extraction, template, targets, bindings)
    if "note" in bindings:
        target = _target(template, targets, bindings["note"])
        if target is not None:
            entry.flat[target.path] = extraction.text
    entry.flat = {k: entry.flat[k] for k in sorted(entry.flat, key=lambda k: (not k.startswith("ctx/"), k))}
    return entry


def _place_news2(
    entry: Entry,
    extraction: Extraction,
    template: OperationalTemplate,
    targets: dict[int, FlatTarget],
    bindings: dict[str, str],
) -> None:
    """Compute NEWS2 from the fields and write it where the template binds ``news2.*``.

    Sub-scores go where the parameter is measured; the total and risk band only when every
    parameter is there (a partial total would look like a low score).
    """
    result, values = news2_from_fields(extraction.fields)
    entry.news2 = result
    items: list[tuple[str, Any, float | None]] = [
        (f"news2.{p}", score, values[p] if isinstance(values[p], (int, float)) and not isinstance(values[p], bool) else None)
        for p, score in result.sub_scores.items()
        if score is not None
    ]
    if result.total is not None and result.risk is not None:
        items += [("news2.total", result.total, None), ("news2.risk", result.risk.value, None)]
    for key, value, band in items:
        aql = bindings.get(key)
        target = _target(template, targets, aql) if aql else None
        if target is None:
            continue
        problem = _put(entry.flat, target, value, None, band)
        if problem:
            entry.diagnostics.append(Diagnostic("unplaceable-value", f"{key}: {problem}", path=target.path))
