"""Assemble an :class:`Archetype` from the parsed sections, and the semantic pass that follows.

Semantic impossibilities found here (duplicate sibling node ids, keys repeated in the ODIN
sections, an interval whose lower bound exceeds its upper) become diagnostics on the
archetype, never exceptions.
"""

from __future__ import annotations

from typing import Any

from strukturjournal.aom import (
    Archetype,
    ArchetypeId,
    ArchetypeOntology,
    ArchetypeTerm,
    Assertion,
    CAttribute,
    CComplexObject,
    CDvQuantity,
    CPrimitiveObject,
    iter_nodes,
)
from strukturjournal.aom.primitives import _Ordered
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.odin import iter_duplicate_keys

__all__ = ["build_archetype", "ontology_from_odin"]


def _terms(section: Any) -> dict[str, dict[str, ArchetypeTerm]]:
    out: dict[str, dict[str, ArchetypeTerm]] = {}
    for lang, body in (section or {}).items():
        items = body.get("items", body) if isinstance(body, dict) else {}
        out[str(lang)] = {
            str(code): ArchetypeTerm(str(code), dict(item) if isinstance(item, dict) else {"text": item})
            for code, item in items.items()
        }
    return out


def _bindings(section: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for terminology, body in (section or {}).items():
        items = body.get("items", body) if isinstance(body, dict) else {}
        out[str(terminology)] = {str(k): v for k, v in items.items()}
    return out


def ontology_from_odin(data: dict[str, Any]) -> ArchetypeOntology:
    """The ontology section (ODIN) as an :class:`ArchetypeOntology`."""
    rest = dict(data)
    available = rest.pop("terminologies_available", [])
    if isinstance(available, str):
        available = [available]
    term_bindings = rest.pop("term_binding", None) or rest.pop("term_bindings", None)
    constraint_bindings = rest.pop("constraint_binding", None) or rest.pop("constraint_bindings", None)
    return ArchetypeOntology(
        terminologies_available=list(available),
        term_definitions=_terms(rest.pop("term_definitions", None)),
        constraint_definitions=_terms(rest.pop("constraint_definitions", None)),
        term_bindings=_bindings(term_bindings),
        constraint_bindings=_bindings(constraint_bindings),
        extra=rest,
    )


def _invariants(body: str, span: Span | None) -> list[Assertion]:
    out: list[Assertion] = []
    base_line = span.line if span and span.line else 1
    for offset, line in enumerate(body.splitlines()):
        text = line.strip()
        if not text or text.startswith("--"):
            continue
        tag = None
        head, sep, rest = text.partition(":")
        if sep and head.replace("_", "").isalnum() and " " not in head.strip():
            tag, text = head.strip(), rest.strip()
        out.append(Assertion(text, tag=tag, span=Span(base_line + offset, 1)))
    return out


def build_archetype(sections: dict[str, Any], source: str | None) -> Archetype:
    """Sections from the transformer -> an :class:`Archetype` with paths and diagnostics."""
    meta, archetype_id, _ = sections["header"]
    meta = dict(meta)
    adl_version = meta.pop("adl_version", None)
    language = dict(sections.get("language") or {})
    original = language.pop("original_language", None)
    translations = language.pop("translations", None) or {}
    invariant = sections.get("invariant")
    archetype = Archetype(
        ArchetypeId.parse(archetype_id),
        concept=sections.get("concept"),  # type: ignore[arg-type]
        definition=sections["definition"],
        adl_version=None if adl_version is None else str(adl_version),
        parent_archetype_id=ArchetypeId.parse(sections["specialise"]) if "specialise" in sections else None,
        original_language=original if isinstance(original, CodePhrase) else CodePhrase("ISO_639-1", "en"),
        translations=dict(translations),
        description=dict(sections.get("description") or {}),
        invariants=_invariants(*invariant) if invariant else [],
        ontology=ontology_from_odin(sections.get("ontology") or {}),
        header=dict(meta),
        source=source,
    )
    if language:
        archetype.header["language_extra"] = language
    if "revision_history" in sections:
        archetype.header["revision_history"] = sections["revision_history"]
    if original is None:
        archetype.diagnostics.append(
            Diagnostic(
                "VDEOL",
                "the language section has no original_language; 'en' is assumed",
                severity=Severity.WARNING,
                archetype_id=archetype_id,
                span=Span(1, 1, source=source),
            )
        )
    archetype.diagnostics.extend(duplicate_key_diagnostics(sections, archetype))
    archetype.diagnostics.extend(semantic_diagnostics(archetype))
    return archetype


def duplicate_key_diagnostics(sections: dict[str, Any], a: Archetype) -> list[Diagnostic]:
    """VOKU: a key repeated in a keyed list of the language, description, ontology or
    revision history (the reader keeps the last; the others are lost)."""
    out: list[Diagnostic] = []
    for name in ("language", "description", "ontology", "revision_history"):
        for where, key, line in iter_duplicate_keys(sections.get(name) or {}, name):
            shown = f'["{key}"]' if isinstance(key, str) else f"[{key}]"
            out.append(
                Diagnostic(
                    "VOKU",
                    f"key {shown} appears more than once in {where}; only the last one is kept",
                    archetype_id=str(a.archetype_id),
                    span=Span(line, None, source=a.source),
                )
            )
    return out


def _where(span: Span | None, source: str | None) -> Span | None:
    if span is None:
        return None
    return Span(span.line, span.column, source=source)


def _check_interval(
    interval: Interval[Any] | None, what: str, node_path: str, span: Span | None, a: Archetype
) -> Diagnostic | None:
    if interval is None or interval.is_valid():
        return None
    return Diagnostic(
        "E-INTERVAL",
        f"{what} {interval} has a lower bound above its upper bound",
        archetype_path=node_path,
        archetype_id=str(a.archetype_id),
        span=_where(span, a.source),
    )


def semantic_diagnostics(a: Archetype) -> list[Diagnostic]:
    """Duplicate sibling node ids (VCOSU), impossible intervals (E-INTERVAL) and domain-type
    blocks that cannot be read as their constraint (SDINV)."""
    out: list[Diagnostic] = []
    for node in iter_nodes(a.definition):
        found = _check_interval(node.occurrences, "occurrences", node.path, node.span, a)
        if found:
            out.append(found)
        if isinstance(node, CPrimitiveObject) and isinstance(node.item, _Ordered):
            found = _check_interval(node.item.range, "range", node.path, node.span, a)
            if found:
                out.append(found)
        if isinstance(node, CDvQuantity):
            out.extend(_quantity_diagnostics(node, a))
            for item in node.list:
                for what, interval in (("magnitude", item.magnitude), ("precision", item.precision)):
                    found = _check_interval(interval, f"{item.units} {what}", node.path, node.span, a)
                    if found:
                        out.append(found)
        if isinstance(node, CComplexObject):
            for attr in node.attributes:
                out.extend(_attribute_diagnostics(attr, a))
    return out


def _quantity_diagnostics(q: CDvQuantity, a: Archetype) -> list[Diagnostic]:
    """SDINV: an empty typed ODIN object ``(C_DV_QUANTITY) <>`` cannot be read as a quantity
    constraint. The untyped ``C_DV_QUANTITY <>`` is the usual way to allow any quantity (CKM
    uses it), so only the typed form is reported, as openEHR's ADL 1.4 regression set expects."""
    problems = []
    if q.typed_block and q.property is None and not q.list and q.assumed_value is None and not q.extra:
        problems.append("the (C_DV_QUANTITY) object is empty: give a property, a list of units or an "
                        "assumed value, or write C_DV_QUANTITY <> to allow any quantity")
    return [
        Diagnostic("SDINV", problem, archetype_path=q.path, archetype_id=str(a.archetype_id),
                   span=_where(q.span, a.source))
        for problem in problems
    ]


def _attribute_diagnostics(attr: CAttribute, a: Archetype) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for what, interval in (
        ("existence", attr.existence),
        ("cardinality", attr.cardinality.interval if attr.cardinality else None),
    ):
        found = _check_interval(interval, what, attr.path, attr.span, a)
        if found:
            out.append(found)
    seen: dict[str, Span | None] = {}
    for child in attr.children:
        if not child.node_id:
            continue
        if child.node_id in seen:
            first = seen[child.node_id]
            where = f" (first at line {first.line})" if first and first.line else ""
            out.append(
                Diagnostic(
                    "VCOSU",
                    f"node id {child.node_id} is used twice under '{attr.rm_attribute_name}'{where}",
                    archetype_path=child.path,
                    archetype_id=str(a.archetype_id),
                    span=_where(child.span, a.source),
                )
            )
        else:
            seen[child.node_id] = child.span
    return out
