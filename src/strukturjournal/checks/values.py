"""Value rules: UCUM units, regular expressions and slots that nothing fills.

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

from strukturjournal.aom import ArchetypeSlot, CDvQuantity, CObject, CPrimitiveObject
from strukturjournal.aom.primitives import CString
from strukturjournal.checks._common import Context
from strukturjournal.diagnostics import Diagnostic

__all__ = ["backtracks", "check_values", "ucum_valid"]


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


def check_values(ctx: Context) -> Iterator[Diagnostic]:
    """W-UCUM, W-REGEX-INVALID, W-REGEX-BACKTRACK and (with a lookup) W-SLOT-NO-MATCH.

    >>> from strukturjournal.aom import Archetype, ArchetypeId, CComplexObject, CAttribute, CQuantityItem
    >>> q = CDvQuantity("DV_QUANTITY", list=[CQuantityItem("kg"), CQuantityItem("kilo")])
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"),
    ...               definition=CComplexObject("ELEMENT", "at0000", attributes=[CAttribute("value", [q])]))
    >>> [d.message for d in check_values(Context(a))]
    ["unit 'kilo' is not valid UCUM"]
    """
    ids: list[str] | None = None
    for node in ctx.archetype.iter_nodes():
        if isinstance(node, CDvQuantity):
            for item in node.list:
                if not ucum_valid(item.units):
                    yield ctx.diag(
                        "W-UCUM", f"unit '{item.units}' is not valid UCUM", node, units=item.units
                    )
        elif isinstance(node, CPrimitiveObject) and isinstance(node.item, CString):
            if node.item.pattern is not None:
                yield from _regex(ctx, node.item.pattern, node, "pattern")
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
