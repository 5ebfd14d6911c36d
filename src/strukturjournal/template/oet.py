"""Compiling Ocean Template Designer templates (``.oet``) into operational templates.

An OET names a root archetype (``<definition archetype_id=...>``) and nests the archetypes that
fill its slots (``<Content>``, ``<Item>``, ``<Items>``, ``<activityDescription>`` elements with
a ``path`` and an ``archetype_id``). ``<Rule path=...>`` elements, relative to the archetype they
sit in, exclude nodes (``max="0"``), narrow occurrences (``min``/``max``), rename (``name``),
clone (``clone="true"``), set defaults (``default``) and narrow values (``<constraint>``:
units and magnitudes, codes and text lists, data types, count ranges, duration patterns and
ranges, terminology queries; ``<eventConstraint>``; ``<nameConstraint>`` on coded names).

API: :func:`compile_oet` returns the :class:`OperationalTemplate` when it could be built;
warnings (a rule form not applied, a slot filled with an archetype its patterns do not allow)
are in ``template.diagnostics``. Errors (a missing archetype, a path that is not in the
archetype, XML that is not an OET) raise :class:`~strukturjournal.errors.TemplateError` whose
``diagnostics`` list every error found, each naming the OET file and line and, for a missing
archetype, its id. ``hide_on_form`` and annotations are form hints, not constraints, and are
not carried into the OPT.

XML is read with :mod:`defusedxml`: no DTD entities, no external resources.

>>> from strukturjournal.repository import ArchetypeRepository
>>> try:
...     compile_oet_text('''<template xmlns="openEHR/v1/Template"><name>T</name>
...       <definition archetype_id="openEHR-EHR-COMPOSITION.nope.v1"/></template>''',
...       ArchetypeRepository(), source="t.oet")
... except TemplateError as e:
...     print(e.diagnostics[0])
t.oet:2: error template-missing-archetype: archetype openEHR-EHR-COMPOSITION.nope.v1 is not in the repository
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strukturjournal.aom import (
    CArchetypeRoot,
    CAttribute,
    CComplexObject,
    CInteger,
    CObject,
    CPrimitiveObject,
)
from strukturjournal.base import Interval
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import TemplateError
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template._assemble import Assembler, set_name
from strukturjournal.template._raw import RawElement, local_name
from strukturjournal.template._xml import parse_xml
from strukturjournal.template.model import OperationalTemplate

__all__ = ["compile_oet", "compile_oet_text"]

_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_FILLERS = ("Content", "Item", "Items", "activityDescription")
_EVENT_TYPES = {"PointInTime": "POINT_EVENT", "Interval": "INTERVAL_EVENT"}


def compile_oet(oet_path: str | Path, repository: ArchetypeRepository) -> OperationalTemplate:
    """Compile the OET file at ``oet_path`` with the archetypes of ``repository``.

    >>> compile_oet("/nonexistent.oet", ArchetypeRepository())
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent.oet'
    """
    path = Path(oet_path)
    return compile_oet_text(path.read_bytes(), repository, source=str(path))


def compile_oet_text(
    text: str | bytes, repository: ArchetypeRepository, *, source: str | None = None
) -> OperationalTemplate:
    """Compile OET XML text; ``source`` names the file in diagnostics.

    >>> try:
    ...     compile_oet_text("<template><oops></template>", ArchetypeRepository(), source="x.oet")
    ... except TemplateError as e:
    ...     print(e.diagnostics[0].code, e.diagnostics[0].span)
    oet-syntax x.oet:1:19
    """
    root, lines = parse_xml(text, "oet", source)
    return _Compiler(repository, source, lines).compile(root)


def _kids(el: ET.Element, *tags: str) -> list[ET.Element]:
    return [c for c in el if local_name(c.tag) in tags]


def _text(el: ET.Element | None, tag: str) -> str | None:
    if el is None:
        return None
    for c in el:
        if local_name(c.tag) == tag:
            return (c.text or "").strip()
    return None


def _int(value: str | None) -> int | None:
    if value is None or value.strip() in ("", "*"):
        return None
    return int(value)


class _Compiler:
    def __init__(self, repository: ArchetypeRepository, source: str | None, lines: dict[int, int]) -> None:
        self.repository = repository
        self.source = source
        self.lines = lines
        self.asm = Assembler(repository, source=source)

    def span(self, el: ET.Element) -> Span:
        return Span(self.lines.get(id(el)), None, source=self.source)

    def fail(self, el: ET.Element, code: str, message: str) -> TemplateError:
        diag = Diagnostic(code, message, span=self.span(el))
        return TemplateError(str(diag), [diag])

    def compile(self, root: ET.Element) -> OperationalTemplate:
        if local_name(root.tag) != "template":
            raise self.fail(root, "oet-invalid", f"the root element is <{local_name(root.tag)}>, not <template>")
        definition = next(iter(_kids(root, "definition")), None)
        if definition is None or not definition.get("archetype_id"):
            raise self.fail(root, "oet-invalid", "<template> lacks a <definition archetype_id=...>")
        description = next(iter(_kids(root, "description")), None)
        self.asm.language = _language(description)
        name = _text(root, "name") or definition.get("concept_name") or ""
        top = self.asm.archetype_root(definition.get("archetype_id", ""), self.span(definition))
        if top is not None:
            if definition.get("name"):
                set_name(top, definition.get("name", ""))
            self.apply(definition, top)
            for context in _kids(definition, "Context"):
                self.apply(context, top)
        return self.asm.finish(
            name,
            name,
            top if top is not None else CArchetypeRoot("COMPOSITION", "at0000"),
            uid=_text(root, "id") or None,
            description=_description(description, self.asm.language),
        )

    def apply(self, el: ET.Element, scope: CArchetypeRoot) -> None:
        """Fillers and rules of one OET element, in document order; exclusions come last."""
        excluded: list[tuple[CAttribute | None, CObject | CAttribute]] = []
        for child in el:
            tag = local_name(child.tag)
            if tag in _FILLERS:
                self.filler(child, scope)
            elif tag == "Rule":
                self.rule(child, scope, excluded)
        for parent, node in excluded:
            self.asm.exclude(parent, node)

    def filler(self, el: ET.Element, scope: CArchetypeRoot) -> None:
        aid = el.get("archetype_id", "")
        root = self.asm.fill(
            scope,
            el.get("path", ""),
            aid,
            self.span(el),
            name=el.get("name"),
            occurrences=(_int(el.get("min")), _int(el.get("max"))),
        )
        if root is not None:
            self.apply(el, root)

    def rule(
        self,
        el: ET.Element,
        scope: CArchetypeRoot,
        excluded: list[tuple[CAttribute | None, CObject | CAttribute]],
    ) -> None:
        path = el.get("path", "")
        target = self.asm.resolve(scope, path)
        if target is None:
            self.asm.report(
                "oet-stale-rule",
                f"no node at {path} in {scope.archetype_id}; the rule constrains nothing",
                self.span(el),
                severity=Severity.WARNING,
                archetype_id=scope.archetype_id,
                path=path,
            )
            return
        parent, node = target
        lower, upper = _int(el.get("min")), _int(el.get("max"))
        if isinstance(node, CAttribute):
            if upper == 0:
                excluded.append((parent, node))
            else:
                self.unsupported(el, scope, "a rule on an attribute")
            return
        if el.get("clone") == "true" and parent is not None:
            node = self.asm.clone(parent, node, el.get("name", ""))
        elif upper == 0:
            excluded.append((parent, node))
            return
        elif el.get("name") and isinstance(node, CComplexObject):
            set_name(node, el.get("name", ""))
        self.asm.set_occurrences(node, lower, upper)
        if el.get("default") is not None and not self.asm.set_default(node, el.get("default", "")):
            self.unsupported(el, scope, f"default {el.get('default')!r} on a {node.rm_type_name}")
        for c in _kids(el, "constraint"):
            self.constraint(c, node, scope)
        for c in _kids(el, "eventConstraint"):
            allowed = [_EVENT_TYPES.get(t, t) for t in (a.text or "" for a in _kids(c, "allowedType"))]
            if len(allowed) == 1 and node.rm_type_name == "EVENT":
                node.rm_type_name = allowed[0]
        for c in _kids(el, "nameConstraint"):
            names_in = [(v.text or "").strip() for v in _kids(c, "includedValues")]
            names_out = [(v.text or "").strip() for v in _kids(c, "excludedValues")]
            if not self.asm.restrict_name_codes(node, names_in, names_out):
                self.unsupported(c, scope, f"a nameConstraint on a {node.rm_type_name} without coded names")

    def constraint(self, el: ET.Element, node: CObject, scope: CArchetypeRoot) -> None:
        kind = el.get(_XSI_TYPE, "").rsplit(":", 1)[-1]
        texts = {t: [(c.text or "").strip() for c in _kids(el, t)] for t in (
            "includedTypes", "includedUnits", "excludedUnits", "includedValues", "excludedValues")}
        done = False
        if kind == "multipleConstraint":
            done = self.asm.restrict_types(node, texts["includedTypes"])
        elif kind == "quantityConstraint":
            ranges = {}
            for um in _kids(el, "unitMagnitude"):
                ranges[_text(um, "unit") or ""] = _interval(um, float)
            done = self.asm.restrict_units(
                node, texts["includedUnits"] or None, texts["excludedUnits"] or None, ranges
            )
        elif kind == "textConstraint":
            done = self.text_constraint(el, node, texts["includedValues"], texts["excludedValues"])
        elif kind == "countConstraint":
            done = self.count(node, _interval(el, lambda t: int(float(t))))
        elif kind == "durationConstraint":
            bounds = _interval(el, str)
            bounded = bounds.lower is not None or bounds.upper is not None
            done = self.asm.restrict_durations(node, _text(el, "pattern"), bounds if bounded else None)
        if not done:
            self.unsupported(el, scope, f"a {kind or 'constraint'} on a {node.rm_type_name}")

    def text_constraint(
        self, el: ET.Element, node: CObject, included: list[str], excluded: list[str]
    ) -> bool:
        query = next(iter(_kids(el, "termQueryId")), None)
        if query is not None:
            terminology, name = query.get("terminologyID", ""), query.get("queryName", "")
            if not terminology or not name:
                return False
            return self.asm.bind_terminology_query(node, terminology, name, query.get("terminologyLang"))
        coded_in = [v for v in included if "::" in v]
        if coded_in or excluded:
            return self.asm.restrict_codes(node, coded_in or None, excluded or None)
        if included:
            return self.asm.restrict_texts(node, included, el.get("limitToList") == "false")
        return True

    def count(self, node: CObject, rng: Interval[int]) -> bool:
        counts = [n for n in self.asm.value_nodes(node, ("DV_COUNT",)) if isinstance(n, CComplexObject)]
        for n in counts:
            prim = CPrimitiveObject("INTEGER", None, Interval(1, 1), item=CInteger(range=rng))
            n.attributes = [a for a in n.attributes if a.rm_attribute_name != "magnitude"]
            n.attributes.append(CAttribute("magnitude", [prim], Interval(1, 1)))
        return bool(counts)

    def unsupported(self, el: ET.Element, scope: CArchetypeRoot, what: str) -> None:
        self.asm.report(
            "template-rule-not-applied",
            f"{what} is not applied (in {scope.archetype_id})",
            self.span(el),
            severity=Severity.WARNING,
            archetype_id=scope.archetype_id,
            path=el.get("path"),
        )


def _interval(el: ET.Element, conv: Callable[[str], Any]) -> Interval[Any]:
    """``minMagnitude``..``maxMagnitude`` read with ``conv`` (numbers, or ISO 8601 durations as text)."""
    lo, hi = _text(el, "minMagnitude"), _text(el, "maxMagnitude")
    return Interval(
        conv(lo) if lo else None,
        conv(hi) if hi else None,
        _text(el, "includesMinimum") != "false" if lo else True,
        _text(el, "includesMaximum") != "false" if hi else True,
    )


def _language(description: ET.Element | None) -> str:
    if description is not None:
        for other in _kids(description, "other_details"):
            for item in _kids(other, "item"):
                if _text(item, "key") == "original_language":
                    return (_text(item, "value") or "").split("::")[-1] or "en"
    return "en"


def _description(el: ET.Element | None, language: str) -> RawElement:
    """The OET description in OPT form: authors, lifecycle state, details in the language."""
    children: list[RawElement] = []
    if el is not None:
        for author in _kids(el, "original_author"):
            for item in _kids(author, "item"):
                children.append(RawElement("original_author", {"id": _text(item, "key") or ""},
                                           _text(item, "value") or ""))
    children.append(RawElement("lifecycle_state", text=_text(el, "lifecycle_state") or "unmanaged"))
    details = [RawElement("language", children=[
        RawElement("terminology_id", children=[RawElement("value", text="ISO_639-1")]),
        RawElement("code_string", text=language)])]
    src = next(iter(_kids(el, "details")), None) if el is not None else None
    for tag in ("purpose", "use", "misuse"):
        value = _text(src, tag)
        if value:
            details.append(RawElement(tag, text=value))
    if len(details) == 1:
        details.append(RawElement("purpose", text=""))
    children.append(RawElement("details", children=details))
    return RawElement("description", children=children)
