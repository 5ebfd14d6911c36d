"""Parse-tree callbacks for adl14.lark: cADL -> AOM objects, ODIN sections -> Python values.

Runs as lark's inline transformer (no parse tree is built). Positions come from the
tokens (``TYPE_IDENTIFIER``, ``C_ATTR_ID``), so every node carries a :class:`Span`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Token, Transformer
from lark.visitors import merge_transformers

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeSlot,
    Assertion,
    Cardinality,
    CAttribute,
    CBoolean,
    CCodePhrase,
    CComplexObject,
    CDate,
    CDateTime,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CInteger,
    CObject,
    ConstraintRef,
    CPrimitive,
    CPrimitiveObject,
    CReal,
    CString,
    CTime,
    Ordinal,
)
from strukturjournal.aom.primitives import _Ordered, _Temporal
from strukturjournal.base import CodePhrase, Interval, IsoDate, IsoDateTime, IsoDuration, IsoTime
from strukturjournal.diagnostics import Span
from strukturjournal.odin._reader import OdinTransformer

__all__ = ["adl_transformer"]


class _Any:
    """``matches {*}``."""


ANY = _Any()


class _Tagged:
    __slots__ = ("tag", "value")

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


def _span(token: Token) -> Span:
    return Span(token.line, token.column)


def _node_id(token: Token) -> str:
    return str(token)[1:-1]


def _section(name: str) -> Callable[[Any, list[Any]], tuple[str, Any]]:
    """Callback for a section keyword followed by an optional ODIN body."""

    def callback(self: Any, children: list[Any]) -> tuple[str, Any]:
        return name, (children[1] if len(children) > 1 else {})

    return callback


def _pattern(cls: type[_Temporal]) -> Callable[[Any, list[Any]], CPrimitiveObject]:
    """Callback for a date/time pattern such as ``yyyy-mm-??`` with an optional assumed value."""

    def callback(self: Any, children: list[Any]) -> CPrimitiveObject:
        assumed = children[1] if len(children) > 1 else None
        item = cls(pattern=str(children[0]), assumed_value=assumed)
        return CPrimitiveObject(item.rm_type_name, item=item)

    return callback


_TEMPORAL: tuple[tuple[type, type[_Ordered]], ...] = (
    (IsoDateTime, CDateTime),
    (IsoDate, CDate),
    (IsoTime, CTime),
    (IsoDuration, CDuration),
)


def _ordered_class(values: list[Any]) -> Callable[..., CPrimitive]:
    """The primitive constraint class for a list of values (or interval bounds) as written."""
    first = values[0] if values else 0
    for value_type, cls in _TEMPORAL:
        if isinstance(first, value_type):
            return cls
    if isinstance(first, str):
        return CString
    return CReal if any(isinstance(v, float) for v in values) else CInteger


class AdlTransformer(Transformer[Token, Any]):
    """Callbacks named after the grammar's rules and aliases."""

    # ---- sections: each returns (section name, value) for start()
    def start(self, children: list[Any]) -> dict[str, Any]:
        return dict(children)

    def header(self, children: list[Any]) -> tuple[str, Any]:
        meta: dict[str, Any] = {}
        for child in children[1:-1]:
            meta = child
        return "header", (meta, str(children[-1]), _span(children[-1]))

    def header_meta(self, children: list[tuple[str, Any]]) -> dict[str, Any]:
        return dict(children)

    def meta_item(self, children: list[Token]) -> tuple[str, Any]:
        return str(children[0]), (str(children[1]) if len(children) > 1 else True)

    def specialise(self, children: list[Token]) -> tuple[str, Any]:
        return "specialise", str(children[1])

    def concept(self, children: list[Token]) -> tuple[str, Any]:
        return "concept", _node_id(children[1])

    language = _section("language")
    description = _section("description")
    ontology = _section("ontology")
    revision_history = _section("revision_history")
    definition = _section("definition")

    def invariant(self, children: list[Token]) -> tuple[str, Any]:
        body = children[1] if len(children) > 1 else None
        return "invariant", (str(body) if body is not None else "", _span(body) if body is not None else None)

    # ---- complex objects and attributes
    def c_complex_object(self, children: list[Any]) -> CComplexObject:
        type_token: Token = children[0]
        node = CComplexObject(str(type_token), span=_span(type_token))
        for child in children[1:]:
            if isinstance(child, Token):  # NODE_ID
                node.node_id = _node_id(child)
            elif isinstance(child, _Tagged):  # occurrences
                node.occurrences = child.value
            elif child is ANY:
                node.any_allowed = True
            else:
                node.attributes = child
        return node

    c_complex_object_head = c_complex_object

    def c_attributes(self, children: list[CAttribute]) -> list[CAttribute]:
        return children

    def c_any(self, children: list[Any]) -> _Any:
        return ANY

    def c_objects(self, children: list[CObject]) -> list[CObject]:
        return children

    def c_attribute(self, children: list[Any]) -> CAttribute:
        name: Token = children[0]
        attr = CAttribute(str(name), span=_span(name))
        for child in children[1:]:
            if isinstance(child, _Tagged):
                if child.tag == "existence":
                    attr.existence = child.value
                else:
                    attr.cardinality = child.value
            elif child is ANY:
                attr.any_allowed = True
            else:
                attr.children = child
        return attr

    # ---- multiplicities
    def c_occurrences(self, children: list[Interval[int]]) -> _Tagged:
        return _Tagged("occurrences", children[0])

    def c_existence(self, children: list[Interval[int]]) -> _Tagged:
        return _Tagged("existence", children[0])

    def c_cardinality(self, children: list[Any]) -> _Tagged:
        flags = {str(t) for t in children[1:]}
        return _Tagged(
            "cardinality",
            Cardinality(children[0], is_ordered="unordered" not in flags, is_unique="unique" in flags),
        )

    def multiplicity_point(self, children: list[Token]) -> Interval[int]:
        return Interval(int(children[0]), int(children[0]))

    def multiplicity_range(self, children: list[Token]) -> Interval[int]:
        return Interval(int(children[0]), int(children[1]))

    def multiplicity_open(self, children: list[Token]) -> Interval[int]:
        return Interval(int(children[0]), None)

    def multiplicity_any(self, children: list[Token]) -> Interval[int]:
        return Interval(0, None)

    def multiplicity_interval(self, children: list[Interval[int]]) -> Interval[int]:
        return children[0]

    # ---- slots, references
    def archetype_internal_ref(self, children: list[Any]) -> ArchetypeInternalRef:
        type_token: Token = children[0]
        ref = ArchetypeInternalRef(str(type_token), span=_span(type_token), target_path=str(children[-1]))
        if len(children) == 3:
            ref.occurrences = children[1].value
        return ref

    def archetype_slot(self, children: list[Any]) -> ArchetypeSlot:
        type_token: Token = children[0]
        slot = ArchetypeSlot(str(type_token), span=_span(type_token))
        for child in children[1:]:
            if isinstance(child, Token):
                slot.node_id = _node_id(child)
            elif child.tag == "occurrences":
                slot.occurrences = child.value
            elif child.tag == "include":
                slot.includes = child.value
            else:
                slot.excludes = child.value
        return slot

    def c_includes(self, children: list[Assertion]) -> _Tagged:
        return _Tagged("include", children)

    def c_excludes(self, children: list[Assertion]) -> _Tagged:
        return _Tagged("exclude", children)

    def assertion(self, children: list[Token]) -> Assertion:
        tag = None
        if children[0].type == "ASSERTION_TAG":
            tag, children = str(children[0]), children[1:]
        target = str(children[0])
        regex = str(children[1]) if len(children) > 1 else None
        body = regex if regex is not None else "*"
        pattern = regex[1:-1] if regex is not None else ".*"
        text = f"{target} matches {{{body}}}"
        return Assertion(text, tag=tag, target=target, pattern=pattern, span=_span(children[0]))

    def constraint_ref(self, children: list[Token]) -> ConstraintRef:
        token = children[0]
        return ConstraintRef("CODE_PHRASE", span=_span(token), reference=str(token)[1:-1])

    # ---- domain types
    def c_domain_type(self, children: list[Any]) -> CObject:
        from strukturjournal.adl._domain import domain_type

        type_token: Token = children[0]
        data = children[1] if len(children) > 1 else {}
        return domain_type(str(type_token), data, _span(type_token))

    def c_domain_type_typed(self, children: list[Any]) -> CObject:
        node = self.c_domain_type(children)
        if isinstance(node, CDvQuantity):
            node.typed_block = True
        return node

    def c_code_phrase(self, children: list[Any]) -> CCodePhrase:
        opener: Token = children[0]
        terminology = str(opener)[1:-2]
        codes: list[str] = []
        assumed = None
        for child in children[1:]:
            if isinstance(child, list):
                codes = child
            else:
                assumed = str(child)
        return CCodePhrase(
            "CODE_PHRASE",
            span=_span(opener),
            terminology_id=terminology,
            code_list=codes,
            assumed_value=assumed,
        )

    def code_list(self, children: list[Token]) -> list[str]:
        return [str(c) for c in children]

    def ordinal(self, children: list[Any]) -> Ordinal:
        number = str(children[0])
        value: int | float = float(number) if "." in number or "e" in number.lower() else int(number)
        phrase: CCodePhrase = children[1]
        code = phrase.code_list[0] if phrase.code_list else ""
        return Ordinal(value, CodePhrase(phrase.terminology_id or "local", code))

    def c_dv_ordinal(self, children: list[Any]) -> CDvOrdinal:
        ordinals = [c for c in children if isinstance(c, Ordinal)]
        assumed = [int(c) for c in children if isinstance(c, Token)]
        return CDvOrdinal("DV_ORDINAL", list=ordinals, assumed_value=assumed[0] if assumed else None)

    # ---- primitives
    def primitive_values(self, children: list[Any]) -> list[Any]:
        return children

    def c_primitive_list(self, children: list[Any]) -> CPrimitiveObject:
        values: list[Any] = children[0]
        assumed = children[1] if len(children) > 1 else None
        item: CPrimitive
        if isinstance(values[0], bool):
            item = CBoolean(true_valid=True in values, false_valid=False in values, assumed_value=assumed)
        else:
            item = _ordered_class(values)(list=values, assumed_value=assumed)
        return CPrimitiveObject(item.rm_type_name, item=item)

    def c_primitive_interval(self, children: list[Any]) -> CPrimitiveObject:
        interval: Interval[Any] = children[0]
        assumed = children[1] if len(children) > 1 else None
        bounds = [b for b in (interval.lower, interval.upper) if b is not None]
        item = _ordered_class(bounds)(range=interval, assumed_value=assumed)
        return CPrimitiveObject(item.rm_type_name, item=item)

    def c_string_pattern(self, children: list[Any]) -> CPrimitiveObject:
        regex = str(children[0])
        assumed = children[1][1:-1] if len(children) > 1 else None
        item = CString(pattern=regex[1:-1], pattern_delimiter=regex[0], assumed_value=assumed)
        return CPrimitiveObject("STRING", item=item)

    c_date_time_pattern = _pattern(CDateTime)
    c_date_pattern = _pattern(CDate)
    c_time_pattern = _pattern(CTime)

    def c_duration_pattern(self, children: list[Any]) -> CPrimitiveObject:
        item = CDuration(pattern=str(children[0]))
        for child in children[1:]:
            if isinstance(child, Interval):
                item.range = child
            else:
                item.assumed_value = child
        return CPrimitiveObject("DURATION", item=item)


def adl_transformer() -> Transformer[Token, Any]:
    """The ADL callbacks with the ODIN ones merged in under their ``odin__`` namespace."""
    odin = OdinTransformer()
    merged = merge_transformers(AdlTransformer(), odin=odin)
    # attr_vals is imported from odin.lark by name, so it keeps its own name.
    merged.attr_vals = odin.attr_vals
    return merged
