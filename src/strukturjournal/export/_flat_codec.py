"""FLAT attributes of RM values: one table per RM type, read both ways.

A FLAT value is written as a *bare* value (``.../systolic``), ``|suffix`` values
(``.../systolic|magnitude``) and sub-objects in ``/_name`` segments
(``.../systolic/_normal_range/lower|magnitude``). Each :class:`Spec` says where each of these
lives in the canonical object, so decoding (FLAT to canonical) and encoding (canonical to FLAT)
use the same facts and cannot drift apart.

>>> node = FlatNode(values={"magnitude": 120, "unit": "mm[Hg]"})
>>> q = decode("DV_QUANTITY", node)
>>> q["magnitude"], q["units"]
(120, 'mm[Hg]')
>>> encode(q).values == node.values
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from strukturjournal.export._flat_specs import SPECS, Spec, Sub
from strukturjournal.rm import RMModel

__all__ = ["SPECS", "FlatNode", "Spec", "decode", "encode", "spec_of"]


@dataclass(slots=True)
class FlatNode:
    """The FLAT entries below one path: own values by suffix (``None`` = bare), then children.

    ``children`` maps a segment name to its occurrences by index (``None`` when the path
    had no ``:i``).

    >>> node = FlatNode()
    >>> node.child("any_event", 0).values["time"] = "2026-03-10T08:15:00Z"
    >>> out = {}
    >>> node.flatten("obs", out)
    >>> out
    {'obs/any_event:0|time': '2026-03-10T08:15:00Z'}
    """

    values: dict[str | None, Any] = field(default_factory=dict)
    children: dict[str, dict[int | None, FlatNode]] = field(default_factory=dict)

    def child(self, name: str, index: int | None = None) -> FlatNode:
        """The child occurrence, created when missing."""
        return self.children.setdefault(name, {}).setdefault(index, FlatNode())

    def is_empty(self) -> bool:
        """True when nothing was written below this node."""
        return not self.values and not self.children

    def flatten(self, prefix: str, out: dict[str, Any]) -> None:
        """Write the node's entries into ``out`` as FLAT paths below ``prefix``."""
        for suffix, value in self.values.items():
            out[prefix if suffix is None else f"{prefix}|{suffix}"] = value
        for name, occurrences in self.children.items():
            for index, node in occurrences.items():
                node.flatten(f"{prefix}/{name}" if index is None else f"{prefix}/{name}:{index}", out)


_GENERIC = {"DV_INTERVAL", "REFERENCE_RANGE"}


def spec_of(rm_type: str) -> Spec | None:
    """The spec of an RM type; ``DV_INTERVAL<DV_COUNT>`` uses the ``DV_INTERVAL`` one.

    >>> spec_of("DV_INTERVAL<DV_COUNT>") is SPECS["DV_INTERVAL"]
    True
    """
    return SPECS.get(rm_type.split("<", 1)[0])


def _split(rm_type: str) -> tuple[str, str | None]:
    if "<" in rm_type:
        base, param = rm_type.split("<", 1)
        return base, param[:-1]
    return rm_type, None


def _id_type(value: Any, scheme: bool) -> str:
    if scheme:
        return "GENERIC_ID"
    if isinstance(value, str) and "::" in value:
        return "OBJECT_VERSION_ID"
    return "HIER_OBJECT_ID"


def _set_path(obj: dict[str, Any], path: str, value: Any, ctx: dict[str, Any]) -> None:
    steps = path.split(".")
    cur = obj
    for step in steps[:-1]:
        name, _, typ = step.partition(":")
        nxt = cur.get(name)
        if not isinstance(nxt, dict):
            if typ == "@ID":
                typ = _id_type(ctx.get("id"), "id_scheme" in ctx or "scheme" in ctx)
            nxt = {"_type": typ} if typ else {}
            cur[name] = nxt
        cur = nxt
    cur[steps[-1]] = _typed(cur.get("_type"), steps[-1], value)


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


_INTEGERS = ("Integer", "Integer64", "PROPORTION_KIND")


def _typed(owner: Any, attr: str, value: Any) -> Any:
    """A FLAT string given for a number or boolean attribute, as that type (``"120"`` -> 120.0);
    a whole float given for an integer attribute, as an integer (``|type: 1.0`` -> 1).

    >>> _typed("DV_PROPORTION", "type", 1.0), _typed("DV_QUANTITY", "magnitude", "120")
    (1, 120.0)
    """
    if not isinstance(owner, str) or not isinstance(value, str | float):
        return value
    prop = RMModel.default().property_of(owner, attr)
    kind = prop.type_name if prop is not None else ""
    if isinstance(value, float):
        return int(value) if kind in _INTEGERS and value.is_integer() else value
    text = value.strip()
    if kind in ("Real", "Double") and _NUMBER.match(text):
        return float(text)
    if kind in _INTEGERS and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if kind == "Boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return value


_DURATION_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S"}


def _duration(parts: dict[str, Any]) -> str:
    """An ISO 8601 duration from FLAT ``|year`` ... ``|second`` parts.

    >>> _duration({"hour": 24}), _duration({"year": 1, "day": 2, "minute": 5})
    ('PT24H', 'P1Y2DT5M')
    """
    date = "".join(f"{parts[k]}{c}" for k, c in _DURATION_UNITS.items() if k in parts and k in ("year", "month", "week", "day"))
    time = "".join(f"{parts[k]}{c}" for k, c in _DURATION_UNITS.items() if k in parts and k in ("hour", "minute", "second"))
    return "P" + date + (f"T{time}" if time else "") if date or time else "PT0S"


def _get_path(obj: dict[str, Any], path: str) -> Any:
    cur: Any = obj
    for step in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(step.partition(":")[0])
    return cur


def concrete_type(rm_type: str, node: FlatNode) -> str:
    """The concrete RM type a FLAT node of (possibly abstract) ``rm_type`` decodes to.

    >>> concrete_type("DV_TEXT", FlatNode(values={"code": "at1"}))
    'DV_CODED_TEXT'
    >>> concrete_type("PARTY_PROXY", FlatNode(values={"name": "Dr X"}))
    'PARTY_IDENTIFIED'
    """
    base, _ = _split(rm_type)
    explicit = node.values.get("_type")
    if isinstance(explicit, str):
        return explicit
    if base == "PARTY_IDENTIFIED" and "relationship" in node.children:
        return "PARTY_RELATED"
    if base == "DV_TEXT" and "code" in node.values:
        return "DV_CODED_TEXT"
    if base == "DV_CODED_TEXT" and "code" not in node.values and "other" in node.values:
        return "DV_TEXT"
    if base == "PARTY_PROXY":
        if "_relationship" in node.children or "relationship" in node.children:
            return "PARTY_RELATED"
        if "name" in node.values or "_identifier" in node.children:
            return "PARTY_IDENTIFIED"
        return "PARTY_SELF"
    if base == "EVENT":
        if "width" in node.children or "math_function" in node.children:
            return "INTERVAL_EVENT"
        return "POINT_EVENT"
    if base in ("DV_ORDERED", "DV_AMOUNT", "DV_QUANTIFIED"):
        return "DV_QUANTITY" if "magnitude" in node.values else "DV_COUNT"
    return rm_type


def _subtype(sub: Sub, owner: str) -> str:
    _, param = _split(owner)
    t = sub.type.replace("@", _split(owner)[0] if sub.type.endswith("<@>") else (param or ""))
    if t == "":
        return owner
    return t


class FlatDecodeError(ValueError):
    """FLAT entries that no spec explains (unknown suffix or segment).

    >>> decode("DV_BOOLEAN", FlatNode(values={"colour": "red"}))
    Traceback (most recent call last):
    ...
    strukturjournal.export._flat_codec.FlatDecodeError: DV_BOOLEAN has no FLAT attribute |colour
    """


def decode(
    rm_type: str,
    node: FlatNode,
    *,
    extra_ok: frozenset[str] = frozenset(),
    into: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The canonical object of ``rm_type`` from the FLAT entries of one node.

    Segment children in ``extra_ok`` are left to the caller (structure nodes' web template
    children); ``into`` is an object to add to instead of a new one. Raises :class:`FlatDecodeError` for anything the spec does not explain.

    >>> decode("DV_CODED_TEXT", FlatNode(values={"code": "433", "value": "event", "terminology": "openehr"}))["defining_code"]["code_string"]
    '433'
    """
    rm_type = concrete_type(rm_type, node)
    base, _param = _split(rm_type)
    if base == "UID_BASED_ID":
        value = node.values.get(None)
        return {"_type": _id_type(value, False), "value": value}
    if base in ("STRING_ATTR", "STRING"):
        return node.values.get(None)  # type: ignore[return-value]
    spec = SPECS.get(base)
    if spec is None:
        raise FlatDecodeError(f"no FLAT mapping for RM type {rm_type}")
    obj: dict[str, Any] = into if into is not None else {"_type": base}
    ctx = {k: v for k, v in node.values.items() if k is not None}
    for suffix, value in node.values.items():
        if suffix == "_type":
            continue
        if suffix is None:
            if spec.bare is None:
                if base in ("DV_CODED_TEXT", "DV_ORDINAL", "DV_SCALE"):
                    if "code" not in node.values:
                        _set_path(obj, spec.suffixes["code"], value, ctx)
                    continue
                if base == "DV_PROPORTION":
                    continue  # the SDK writes numerator/denominator as a bare value too
                raise FlatDecodeError(f"{rm_type} takes no bare value")
            if "value" in node.values and spec.suffixes.get("value") == spec.bare:
                continue
            _set_path(obj, spec.bare, value, ctx)
        elif suffix == "other" and base in ("DV_TEXT", "DV_CODED_TEXT"):
            obj["value"] = value
        elif suffix in spec.suffixes:
            _set_path(obj, spec.suffixes[suffix], value, ctx)
        elif base == "DV_DURATION" and suffix in _DURATION_UNITS:
            if None not in node.values:
                parts = {k: v for k, v in node.values.items() if k in _DURATION_UNITS}
                obj["value"] = _duration(parts)
        elif base == "PARTICIPATION" and suffix.startswith("identifiers_"):
            field_name, _, index = suffix[len("identifiers_") :].partition(":")
            ids = obj.setdefault("performer", {"_type": "PARTY_IDENTIFIED"}).setdefault("identifiers", [])
            i = int(index or 0)
            while len(ids) <= i:
                ids.append({"_type": "DV_IDENTIFIER"})
            ids[i][field_name] = value
        else:
            raise FlatDecodeError(f"{rm_type} has no FLAT attribute |{suffix}")
    for seg, occurrences in node.children.items():
        if seg in extra_ok:
            continue
        sub = spec.subs.get(seg)
        if sub is None:
            raise FlatDecodeError(f"{rm_type} has no FLAT part /{seg}")
        typ = _subtype(sub, rm_type)
        values = [decode(typ, occurrences[i]) for i in sorted(occurrences, key=lambda x: x or 0)]
        if sub.many:
            _set_path(obj, sub.attr, values, ctx)
        else:
            _set_path(obj, sub.attr, values[0], ctx)
    if base == "PARTICIPATION" and "relationship" in obj.get("performer", {}):
        obj["performer"]["_type"] = "PARTY_RELATED"
    if base in ("DV_INTERVAL",):
        obj.setdefault("lower_unbounded", "lower" not in obj)
        obj.setdefault("upper_unbounded", "upper" not in obj)
        obj.setdefault("lower_included", "lower" in obj)
        obj.setdefault("upper_included", "upper" in obj)
    if base == "REFERENCE_RANGE":
        rng = obj.setdefault("range", {"_type": "DV_INTERVAL"})
        rng.setdefault("lower_unbounded", "lower" not in rng)
        rng.setdefault("upper_unbounded", "upper" not in rng)
        rng.setdefault("lower_included", "lower" in rng)
        rng.setdefault("upper_included", "upper" in rng)
    return obj


def encode(obj: Any, rm_type: str | None = None, *, skip: frozenset[str] = frozenset()) -> FlatNode:
    """The FLAT entries of one canonical object (the inverse of :func:`decode`).

    Attributes in ``skip`` are left to the caller.

    >>> encode({"_type": "DV_TEXT", "value": "Hei"}).values
    {None: 'Hei'}
    """
    node = FlatNode()
    if not isinstance(obj, dict):
        node.values[None] = obj
        return node
    base = obj.get("_type") or _split(rm_type or "")[0]
    if base in ("HIER_OBJECT_ID", "OBJECT_VERSION_ID", "GENERIC_ID"):
        node.values[None] = obj.get("value")
        return node
    spec = SPECS.get(base)
    if spec is None:
        raise FlatDecodeError(f"no FLAT mapping for RM type {base}")
    done: set[str] = set()
    if spec.bare is not None and spec.write_bare:
        value = _get_path(obj, spec.bare)
        if value is not None:
            node.values[None] = value
            done.add(spec.bare)
    for suffix, path in spec.suffixes.items():
        if path in done:
            continue
        value = _get_path(obj, path)
        if value is not None and not isinstance(value, dict | list):
            node.values[suffix] = value
            done.add(path)
    if base == "DV_PROPORTION" and obj.get("denominator"):
        node.values[None] = obj.get("numerator", 0) / obj["denominator"]
    if base == "PARTICIPATION":
        ids = _get_path(obj, "performer.identifiers") or []
        for i, ident in enumerate(ids):
            for k in ("id", "issuer", "assigner", "type"):
                if k in ident:
                    node.values[f"identifiers_{k}:{i}"] = ident[k]
    if base == "DV_MULTIMEDIA":
        for suffix in ("compression_algorithm_terminology", "integrity_check_algorithm_terminology"):
            if node.values.get(suffix) == "local":
                del node.values[suffix]  # the default reading fills in
    if base in ("DV_INTERVAL",):
        _drop_interval_defaults(obj, node.values)
    if base == "REFERENCE_RANGE":
        _drop_interval_defaults(obj.get("range") or {}, node.values)
    done_subs: set[str] = set()
    for seg, sub in spec.subs.items():
        if sub.attr in skip or (sub.attr in done_subs and sub.attr != "original_content"):
            continue
        done_subs.add(sub.attr)
        value = _get_path(obj, sub.attr)
        if value is None:
            continue
        if sub.attr == "original_content":
            multimedia = isinstance(value, dict) and value.get("_type") == "DV_MULTIMEDIA"
            if (seg == "original_content_multimedia") != multimedia:
                continue
        typ = _subtype(sub, rm_type or base)
        items: list[tuple[int | None, Any]] = list(enumerate(value)) if sub.many else [(None, value)]
        for position, item in items:
            child = encode(item, typ)
            actual = item.get("_type") if isinstance(item, dict) else None
            if (
                actual in SPECS
                and _split(typ)[0] in SPECS
                and actual != _split(typ)[0]
                and concrete_type(typ, child) != actual
                and "_type" not in child.values
            ):
                child.values["_type"] = actual  # not the type the owner implies (a DV_DATE bound)
            node.children.setdefault(seg, {})[position] = child
    if base.startswith("PARTY_") and (
        concrete_type(rm_type or "PARTY_PROXY", node) != base or node.is_empty()
    ):
        node.values["_type"] = base
    return node


def _drop_interval_defaults(obj: dict[str, Any], values: dict[str | None, Any]) -> None:
    for side in ("lower", "upper"):
        has = side in obj
        if values.get(f"{side}_unbounded") == (not has):
            values.pop(f"{side}_unbounded", None)
        if values.get(f"{side}_included") == has:
            values.pop(f"{side}_included", None)
