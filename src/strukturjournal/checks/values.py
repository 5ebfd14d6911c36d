"""Value rules: assumed values within their constraints, UCUM units, regular expressions and
slots that nothing fills.

>>> ucum_valid("mm[Hg]"), ucum_valid("mm/Hg")
(True, False)
>>> backtracks("(a+)+b"), backtracks(r"openEHR-EHR-CLUSTER\\.device(-[a-zA-Z0-9_]+)*\\.v1")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from strukturjournal.aom import (
    ArchetypeSlot,
    CCodePhrase,
    CDvOrdinal,
    CDvQuantity,
    CDvScale,
    CObject,
    CPrimitiveObject,
)
from strukturjournal.aom.primitives import CDate, CDateTime, CDuration, CPrimitive, CString, CTime
from strukturjournal.checks._common import Context
from strukturjournal.checks._temporal import interval_contains, pattern_allows, pattern_problem
from strukturjournal.diagnostics import Diagnostic

__all__ = ["assumed_value_problem", "backtracks", "check_values", "ucum_valid"]


@cache
def _ucum_parser() -> Any:
    from ucumvert import get_ucum_parser

    return get_ucum_parser()


@cache
def ucum_valid(unit: str) -> bool:
    """Whether ``unit`` is a valid UCUM expression (ucumvert's grammar; cached per unit string).

    >>> ucum_valid("kg/m2"), ucum_valid("°C")
    (True, False)
    """
    if unit == "":
        return False
    try:
        _ucum_parser().parse(unit)
    except Exception:  # lark raises several error types; any of them means 'not UCUM'
        return False
    return True


_ATOM = r"(?:\\.|\[(?:\\.|[^\]\\])*\]|[^()|\\\[\]*+?{}])"
_QUANT = r"(?:[*+]|\{\d+,\d*\})\??"
_GROUP = re.compile(r"\((?:\?:)?((?:\\.|\[(?:\\.|[^\]\\])*\]|[^()\\])*)\)" + _QUANT)
_ALL_QUANTIFIED = re.compile(rf"^(?:{_ATOM}{_QUANT})+$")


@cache
def backtracks(pattern: str) -> bool:
    """Heuristic for catastrophic backtracking: a repeated group whose body is nothing but
    repeated atoms (``(a+)+``, ``(\\w*\\s*)*``), so the engine can split a run in exponentially
    many ways. A literal inside the group (``(-[a-z]+)*``) anchors each repetition and is fine.

    >>> backtracks(r"(\\d+)*x"), backtracks(r"([a-z]+,)*")
    (True, False)
    """
    return any(_ALL_QUANTIFIED.match(m.group(1)) for m in _GROUP.finditer(pattern))


@cache
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _regex(ctx: Context, pattern: str, node: CObject, what: str) -> Iterator[Diagnostic]:
    if _compile(pattern) is None:
        try:
            re.compile(pattern)
        except re.error as exc:
            yield ctx.diag(
                "W-REGEX-INVALID",
                f"{what} /{pattern}/ does not compile: {exc}",
                node,
                pattern=pattern,
            )
    elif backtracks(pattern):
        yield ctx.diag(
            "W-REGEX-BACKTRACK",
            f"{what} /{pattern}/ nests quantifiers and can backtrack catastrophically",
            node,
            pattern=pattern,
        )


def _temporal_problem(item: CDate | CTime | CDateTime | CDuration, value: Any) -> str | None:
    if item.pattern is not None and pattern_allows(
        item.pattern, value, duration=isinstance(item, CDuration)
    ) is False:
        return f"does not have the fields the pattern {item.pattern} allows"
    if item.range is not None and interval_contains(item.range, value) is False:
        return f"is not within {item.range}"
    if item.list and value not in item.list:
        return f"is not one of {item.list}"
    return None


def assumed_value_problem(item: CPrimitive) -> str | None:
    """Why a primitive constraint's assumed value lies outside the constraint, else ``None``.

    >>> from strukturjournal.aom.primitives import CInteger
    >>> from strukturjournal.base import Interval
    >>> assumed_value_problem(CInteger(range=Interval(0, 10), assumed_value=12))
    'is not allowed by the constraint'
    >>> assumed_value_problem(CDate(pattern="yyyy-mm-dd", assumed_value="1970-01"))
    'does not have the fields the pattern yyyy-mm-dd allows'
    """
    value = item.assumed_value
    if value is None:
        return None
    if isinstance(item, CDate | CTime | CDateTime | CDuration):
        return _temporal_problem(item, value)
    return None if item.is_valid(value) else "is not allowed by the constraint"


def _quantity_problem(q: CDvQuantity) -> str | None:
    value = q.assumed_value
    if not isinstance(value, dict) or not q.list:
        return None
    units = value.get("units")
    item = q.item_for(str(units)) if units is not None else None
    if item is None:
        return f"has units {units!r}, which the list does not allow"
    magnitude = value.get("magnitude")
    if item.magnitude is not None and isinstance(magnitude, int | float):
        if not item.magnitude.contains(magnitude):
            return f"has magnitude {magnitude}, outside {item.magnitude} for {units!r}"
    return None


def _assumed(ctx: Context, node: CObject) -> Iterator[Diagnostic]:
    """VOBAV for primitives and domain types, VATDA for the assumed code of a code phrase."""
    problem: str | None = None
    shown: Any = None
    if isinstance(node, CPrimitiveObject) and node.item is not None:
        problem, shown = assumed_value_problem(node.item), node.item.assumed_value
    elif isinstance(node, CCodePhrase):
        code = node.assumed_value
        if code and node.code_list and code not in node.code_list:
            yield ctx.diag(
                "VATDA",
                f"assumed code {code} is not in the code list [{node.terminology_id}::"
                f"{', '.join(node.code_list)}]",
                node,
                code=code,
            )
        return
    elif isinstance(node, CDvOrdinal | CDvScale) and node.assumed_value is not None:
        if node.list and node.assumed_value not in node.values():
            problem, shown = f"is not one of the values {node.values()}", node.assumed_value
    elif isinstance(node, CDvQuantity):
        problem, shown = _quantity_problem(node), node.assumed_value
    if problem:
        yield ctx.diag("VOBAV", f"assumed value {shown!r} {problem}", node)


def check_values(ctx: Context) -> Iterator[Diagnostic]:
    """VOBAV, VATDA, E-TEMPORAL-PATTERN, W-UCUM, W-REGEX-INVALID, W-REGEX-BACKTRACK and (with
    a lookup) W-SLOT-NO-MATCH.

    >>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject, CAttribute, CQuantityItem
    >>> q = CDvQuantity("DV_QUANTITY", list=[CQuantityItem("kg"), CQuantityItem("kilo")])
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"),
    ...               definition=CComplexObject("ELEMENT", "at0000", attributes=[CAttribute("value", [q])]))
    >>> [d.message for d in check_values(Context(a))]
    ["unit 'kilo' is not valid UCUM"]
    """
    ids: list[str] | None = None
    for node in ctx.archetype.iter_nodes():
        yield from _assumed(ctx, node)
        if isinstance(node, CDvQuantity):
            for item in node.list:
                if not ucum_valid(item.units):
                    yield ctx.diag(
                        "W-UCUM", f"unit '{item.units}' is not valid UCUM", node, units=item.units
                    )
        elif isinstance(node, CPrimitiveObject) and isinstance(node.item, CString):
            if node.item.pattern is not None:
                yield from _regex(ctx, node.item.pattern, node, "pattern")
        elif isinstance(node, CPrimitiveObject) and isinstance(node.item, CDate | CTime | CDateTime):
            problem = pattern_problem(node.item.pattern) if node.item.pattern else None
            if problem:
                yield ctx.diag(
                    "E-TEMPORAL-PATTERN",
                    f"pattern {node.item.pattern}: {problem}",
                    node,
                    pattern=node.item.pattern,
                )
        elif isinstance(node, ArchetypeSlot):
            for assertion in (*node.includes, *node.excludes):
                if assertion.pattern is not None:
                    yield from _regex(ctx, assertion.pattern, node, "slot pattern")
            if ctx.lookup is not None:
                if ids is None:
                    ids = ctx.lookup.ids()
                yield from _slot(ctx, node, ids)


def _slot(ctx: Context, slot: ArchetypeSlot, ids: list[str]) -> Iterator[Diagnostic]:
    patterns = [a.pattern for a in slot.includes if a.pattern is not None and not a.matches_any]
    if not patterns:
        return
    compiled = [p for p in map(_compile, patterns) if p is not None]
    if len(compiled) < len(patterns):
        return  # reported as W-REGEX-INVALID
    if not any(p.fullmatch(i) for i in ids for p in compiled):
        shown = ", ".join(patterns)
        yield ctx.diag(
            "W-SLOT-NO-MATCH", f"no archetype in the repository matches the slot ({shown})", slot
        )
