"""AOM -> ADL 1.4 text. ``parse_adl(to_adl(a)) == a`` for every archetype we read.

>>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject
>>> print(to_adl(Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"),
...                        definition=CComplexObject("CLUSTER", "at0000"))).expandtabs(4), end="")
archetype (adl_version=1.4)
    openEHR-EHR-CLUSTER.x.v1
<BLANKLINE>
concept
    [at0000]
language
    original_language = <[ISO_639-1::en]>
<BLANKLINE>
definition
    CLUSTER[at0000]
<BLANKLINE>
ontology
"""

from __future__ import annotations

from typing import Any

from strukturjournal.adl._domain import quantity_to_odin
from strukturjournal.aom import (
    Archetype,
    ArchetypeInternalRef,
    ArchetypeSlot,
    CAttribute,
    CBoolean,
    CCodePhrase,
    CComplexObject,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CObject,
    COdinDomainType,
    ConstraintRef,
    CPrimitive,
    CPrimitiveObject,
    CString,
)
from strukturjournal.aom.primitives import _Ordered
from strukturjournal.aom.terminology import ArchetypeOntology, ArchetypeTerm
from strukturjournal.base import Interval
from strukturjournal.odin import OdinObject, to_odin
from strukturjournal.odin._writer import primitive_to_odin

__all__ = ["primitive_to_adl", "to_adl"]


def _multiplicity(interval: Interval[int]) -> str:
    return interval.to_adl(bars=False)


def _head(node: CObject, lang: str, archetype: Archetype) -> str:
    text = node.rm_type_name
    if node.node_id:
        text += f"[{node.node_id}]"
    if node.occurrences is not None:
        text += f" occurrences matches {{{_multiplicity(node.occurrences)}}}"
    return text


def _comment(node: CObject, archetype: Archetype, lang: str) -> str:
    if not node.node_id:
        return ""
    label = archetype.text_of(node.node_id, lang).replace("\n", " ")
    return f"    -- {label}" if label else ""


def primitive_to_adl(item: CPrimitive) -> str:
    """The ADL text of a primitive constraint.

    >>> from strukturjournal.aom import CInteger
    >>> from strukturjournal.base import Interval
    >>> primitive_to_adl(CInteger(range=Interval(0, 10)))
    '|0..10|'
    """
    if isinstance(item, CString):
        if item.pattern is not None:
            d = item.pattern_delimiter
            body = f"{d}{item.pattern}{d}"
        elif item.list:
            body = ", ".join(primitive_to_odin(v) for v in item.list)
        else:
            body = "*"
    elif isinstance(item, CBoolean):
        body = ", ".join(v for v, ok in (("True", item.true_valid), ("False", item.false_valid)) if ok)
    elif isinstance(item, _Ordered):
        parts: list[str] = []
        pattern = getattr(item, "pattern", None)
        if pattern is not None:
            parts.append(pattern)
        if item.list:
            parts.append(", ".join(primitive_to_odin(v) for v in item.list))
        elif item.range is not None:
            parts.append(item.range.to_adl())
        body = ("/" if isinstance(item, CDuration) else " ").join(parts) or "*"
    else:  # pragma: no cover - every CPrimitive subclass is handled above
        raise TypeError(f"no ADL form for {type(item).__name__}")
    if item.assumed_value is not None:
        body += f"; {primitive_to_odin(item.assumed_value)}"
    return body


def _code_phrase(node: CCodePhrase, pad: str) -> list[str]:
    opener = f"[{node.terminology_id}::"
    assumed = f"; {node.assumed_value}" if node.assumed_value is not None else ""
    if len(node.code_list) <= 1:
        return [f"{pad}{opener}{''.join(node.code_list)}{assumed}]"]
    lines = [f"{pad}{opener}"]
    for i, code in enumerate(node.code_list):
        last = i == len(node.code_list) - 1
        lines.append(f"{pad}{code}{assumed + ']' if last else ','}")
    return lines


def _odin_block(type_name: str, data: dict[str, Any], pad: str, depth: int) -> list[str]:
    if not data:
        return [f"{pad}{type_name} <>"]
    body = to_odin(OdinObject(data), depth + 1)
    return [f"{pad}{type_name} <", *body.rstrip("\n").split("\n"), f"{pad}>"]


def _object(node: CObject, depth: int, a: Archetype, lang: str) -> list[str]:
    pad = "\t" * depth
    if isinstance(node, CComplexObject):
        head = pad + _head(node, lang, a)
        if node.any_allowed:
            return [f"{head} matches {{*}}{_comment(node, a, lang)}"]
        if not node.attributes:
            return [head + _comment(node, a, lang)]
        lines = [f"{head} matches {{{_comment(node, a, lang)}"]
        for attr in node.attributes:
            lines.extend(_attribute(attr, depth + 1, a, lang))
        lines.append(pad + "}")
        return lines
    if isinstance(node, ArchetypeSlot):
        head = pad + "allow_archetype " + _head(node, lang, a)
        if not node.includes and not node.excludes:
            return [head + _comment(node, a, lang)]
        lines = [f"{head} matches {{{_comment(node, a, lang)}"]
        for keyword, assertions in (("include", node.includes), ("exclude", node.excludes)):
            if assertions:
                lines.append(f"{pad}\t{keyword}")
                for s in assertions:
                    tag = f"{s.tag}: " if s.tag else ""
                    lines.append(f"{pad}\t\t{tag}{s.text}")
        lines.append(pad + "}")
        return lines
    if isinstance(node, ArchetypeInternalRef):
        occ = f" occurrences matches {{{_multiplicity(node.occurrences)}}}" if node.occurrences else ""
        return [f"{pad}use_node {node.rm_type_name}{occ} {node.target_path}"]
    if isinstance(node, ConstraintRef):
        return [f"{pad}[{node.reference}]"]
    if isinstance(node, CCodePhrase):
        return _code_phrase(node, pad)
    if isinstance(node, CDvOrdinal):
        items = [f"{pad}{o.value}|{o.symbol}" for o in node.list]
        items = [line + "," for line in items[:-1]] + items[-1:]
        if node.assumed_value is not None:
            items[-1] += f"; {node.assumed_value}"
        return items
    if isinstance(node, CDvQuantity):
        name = "(C_DV_QUANTITY)" if node.typed_block else "C_DV_QUANTITY"
        return _odin_block(name, quantity_to_odin(node), pad, depth)
    if isinstance(node, COdinDomainType):
        return _odin_block(node.type_name, node.data, pad, depth)
    if isinstance(node, CPrimitiveObject) and node.item is not None:
        return [pad + primitive_to_adl(node.item)]
    raise TypeError(f"no ADL form for {type(node).__name__}")


def _attribute(attr: CAttribute, depth: int, a: Archetype, lang: str) -> list[str]:
    pad = "\t" * depth
    head = pad + attr.rm_attribute_name
    if attr.existence is not None:
        head += f" existence matches {{{_multiplicity(attr.existence)}}}"
    if attr.cardinality is not None:
        head += f" cardinality matches {{{attr.cardinality}}}"
    if attr.any_allowed or not attr.children:
        return [head + " matches {*}"]
    if len(attr.children) == 1 and isinstance(attr.children[0], (CPrimitiveObject, ConstraintRef)):
        inner = _object(attr.children[0], 0, a, lang)[0]
        return [f"{head} matches {{{inner}}}"]
    lines = [head + " matches {"]
    for child in attr.children:
        lines.extend(_object(child, depth + 1, a, lang))
    lines.append(pad + "}")
    return lines


def _term_section(terms: dict[str, dict[str, ArchetypeTerm]]) -> dict[str, Any]:
    return {
        lang: OdinObject(items={code: OdinObject(t.items) for code, t in by_code.items()})
        for lang, by_code in terms.items()
    }


def _ontology(o: ArchetypeOntology) -> dict[str, Any]:
    out: dict[str, Any] = OdinObject()
    if o.terminologies_available:
        out["terminologies_available"] = list(o.terminologies_available)
    if o.term_definitions:
        out["term_definitions"] = _term_section(o.term_definitions)
    if o.constraint_definitions:
        out["constraint_definitions"] = _term_section(o.constraint_definitions)
    if o.term_bindings:
        out["term_binding"] = {t: OdinObject(items=dict(b)) for t, b in o.term_bindings.items()}
    if o.constraint_bindings:
        out["constraint_binding"] = {t: OdinObject(items=dict(b)) for t, b in o.constraint_bindings.items()}
    out.update(o.extra)
    return out


def _meta(adl_version: str | None, header: dict[str, Any]) -> str:
    items = [f"adl_version={adl_version}"] if adl_version is not None else []
    for key, value in header.items():
        if key in ("language_extra", "revision_history"):
            continue
        items.append(key if value is True else f"{key}={value}")
    return f" ({'; '.join(items)})" if items else ""


def to_adl(archetype: Archetype, *, lang: str | None = None) -> str:
    """Write ``archetype`` as ADL 1.4; node comments use term texts in ``lang`` (default: original).

    Comments of the source are not kept; everything in the model is.
    """
    a = archetype
    lang = lang or a.original_language.code_string
    out = [f"archetype{_meta(a.adl_version, a.header)}", f"\t{a.archetype_id}", ""]
    if a.parent_archetype_id is not None:
        out += ["specialise", f"\t{a.parent_archetype_id}", ""]
    if a.concept is not None:
        label = a.text_of(a.concept, lang).replace("\n", " ")
        out += ["concept", f"\t[{a.concept}]" + (f"    -- {label}" if label else "")]
    language: dict[str, Any] = OdinObject(original_language=a.original_language)
    if a.translations:
        language["translations"] = a.translations
    language.update(a.header.get("language_extra", {}))
    out += ["language", to_odin(language, 1)]
    if a.description:
        out += ["description", to_odin(a.description, 1)]
    out += ["definition", *_object(a.definition, 1, a, lang), ""]
    if a.invariants:
        out.append("invariant")
        for inv in a.invariants:
            out.append(f"\t{inv.tag}: {inv.text}" if inv.tag else f"\t{inv.text}")
        out.append("")
    out += ["ontology", to_odin(_ontology(a.ontology), 1)]
    if "revision_history" in a.header:
        out += ["revision_history", to_odin(a.header["revision_history"], 1)]
    return "\n".join(out)


