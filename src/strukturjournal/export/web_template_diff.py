"""Comparing two web templates node by node (children matched by id).

Used to check generated web templates against published ones; returns the differences as data.

>>> a = {"tree": {"id": "x", "rmType": "COMPOSITION", "min": 1, "max": 1, "aqlPath": "",
...       "children": [{"id": "y", "rmType": "DV_TEXT", "min": 0, "max": 1, "aqlPath": "/y"}]}}
>>> b = {"tree": {"id": "x", "rmType": "COMPOSITION", "min": 1, "max": 1, "aqlPath": "",
...       "children": [{"id": "y", "rmType": "DV_TEXT", "min": 1, "max": 1, "aqlPath": "/y"}]}}
>>> result = compare_web_templates(a, b)
>>> [str(d) for d in result.differences], result.nodes_compared, result.nodes_equal
(['min x/y: 0 != 1'], 2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Difference", "WebTemplateComparison", "compare_web_templates"]


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: what (``kind``), where (``where``: the chain of node ids), and the values.

    >>> str(Difference("max", "root/x", 1, -1))
    'max root/x: 1 != -1'
    """

    kind: str
    where: str
    actual: Any = None
    expected: Any = None

    @property
    def key(self) -> str:
        """A stable text naming the difference (for lists of known differences).

        >>> Difference("missing-node", "root/x").key
        'missing-node root/x'
        """
        return f"{self.kind} {self.where}"

    def __str__(self) -> str:
        if self.actual is None and self.expected is None:
            return self.key
        return (
            f"{self.key}: {self.actual!r} != {self.expected!r}".replace("'", "")
            if isinstance(self.actual, int | float)
            else f"{self.key}: {self.actual!r} != {self.expected!r}"
        )


@dataclass(slots=True)
class WebTemplateComparison:
    """The differences, and how many node pairs were compared and found equal.

    >>> WebTemplateComparison().nodes_compared
    0
    """

    differences: list[Difference] = field(default_factory=list)
    nodes_compared: int = 0
    nodes_equal: int = 0


_FIELDS = ("aqlPath", "rmType", "min", "max", "localizedName")


def _input_key(inp: dict[str, Any]) -> str:
    return f"{inp.get('suffix')}:{inp.get('type')}"


def _compare_inputs(
    where: str, actual: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> list[Difference]:
    out: list[Difference] = []
    a_map = {_input_key(i): i for i in actual}
    e_map = {_input_key(i): i for i in expected}
    for key in a_map.keys() - e_map.keys():
        out.append(Difference("extra-input", f"{where}|{key}"))
    for key in e_map.keys() - a_map.keys():
        out.append(Difference("missing-input", f"{where}|{key}"))
    for key in sorted(a_map.keys() & e_map.keys()):
        a, e = a_map[key], e_map[key]
        at = f"{where}|{key}"
        if a.get("validation") != e.get("validation"):
            out.append(Difference("input-validation", at, a.get("validation"), e.get("validation")))
        a_codes = {v["value"]: v for v in a.get("list", [])}
        e_codes = {v["value"]: v for v in e.get("list", [])}
        if sorted(a_codes) != sorted(e_codes):
            out.append(Difference("input-list", at, sorted(a_codes), sorted(e_codes)))
        for code in sorted(a_codes.keys() & e_codes.keys()):
            av, ev = a_codes[code].get("validation"), e_codes[code].get("validation")
            if av != ev:
                out.append(Difference("input-value-validation", f"{at}|{code}", av, ev))
    return out


def _compare(
    a: dict[str, Any], e: dict[str, Any], where: str, result: WebTemplateComparison
) -> None:
    result.nodes_compared += 1
    own: list[Difference] = []
    for name in _FIELDS:
        if a.get(name) != e.get(name):
            own.append(Difference(name, where, a.get(name), e.get(name)))
    own += _compare_inputs(where, a.get("inputs", []), e.get("inputs", []))
    a_children = {c["id"]: c for c in a.get("children", [])}
    e_children = {c["id"]: c for c in e.get("children", [])}
    for cid in a_children.keys() - e_children.keys():
        own.append(Difference("extra-node", f"{where}/{cid}", a_children[cid].get("aqlPath")))
    for cid in e_children.keys() - a_children.keys():
        own.append(
            Difference("missing-node", f"{where}/{cid}", None, e_children[cid].get("aqlPath"))
        )
    if not own:
        result.nodes_equal += 1
    result.differences += sorted(own, key=lambda d: d.key)
    for cid in [c["id"] for c in a.get("children", [])]:
        if cid in e_children:
            _compare(a_children[cid], e_children[cid], f"{where}/{cid}", result)


def compare_web_templates(
    actual: dict[str, Any], expected: dict[str, Any]
) -> WebTemplateComparison:
    """Compare two web templates (dicts with a ``tree``): per node its aqlPath, rmType, min, max,
    localizedName and inputs (suffix, type, list codes, validation), children matched by id.

    A node counts as equal when none of these differ and its children have the same ids.

    >>> wt = {"tree": {"id": "x", "rmType": "COMPOSITION", "min": 1, "max": 1, "aqlPath": ""}}
    >>> compare_web_templates(wt, wt).differences
    []
    """
    result = WebTemplateComparison()
    at, et = actual["tree"], expected["tree"]
    if at.get("id") != et.get("id"):
        result.differences.append(Difference("id", "", at.get("id"), et.get("id")))
    _compare(at, et, str(et.get("id")), result)
    return result
