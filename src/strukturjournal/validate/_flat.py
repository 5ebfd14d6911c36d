"""Checking FLAT compositions (simplified format) against the template's web template tree.

A FLAT path is a chain of web template node ids with instance indices and a suffix:
``vital_signs/blood_pressure:0/any_event:0/systolic|magnitude``. The template is compiled
once into an index from the index-free path (``vital_signs/blood_pressure/any_event/systolic``)
to its node; a composition is then checked key by key, its values grouped per data value
instance, and each data value brought to canonical JSON form and checked against its
template constraint by the same checks as canonical compositions.

>>> parse_key("v/blood_pressure:0/any_event:1/systolic|magnitude")
((('v', None), ('blood_pressure', 0), ('any_event', 1), ('systolic', None)), 'magnitude')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.template.web_tree import WtNode
from strukturjournal.validate._canonical import CanonicalWalker
from strukturjournal.validate._checks import RM_CHECKS, check_null_flavour
from strukturjournal.validate._flat_index import FlatIndex, FlatNode
from strukturjournal.validate._flat_values import SUFFIXES, to_canonical
from strukturjournal.validate._report import Where, report
from strukturjournal.validate._terminology import check_mode_code, check_mode_text

__all__ = ["CTX_KEYS", "CTX_TIMES", "FlatIndex", "FlatNode", "check_flat", "parse_key"]

_SEGMENT = re.compile(r"^(?P<name>[^:]*)(?::(?P<index>\d{1,9}))?$")

#: ``ctx/`` keys (composition defaults) this validator knows; ``participation_*`` ones too
CTX_KEYS = frozenset(
    {
        "language", "territory", "composer_name", "composer_id", "composer_self", "id_namespace",
        "id_scheme", "time", "end_time", "history_origin", "setting", "health_care_facility",
        "work_flow_id", "location", "provider_name", "provider_id", "encoding", "subject",
        "participation_name", "participation_function", "participation_mode", "participation_id",
        "participation_id_namespace", "participation_id_scheme", "participation_identifiers",
    }
)  # fmt: skip


#: ``ctx/`` keys holding a date-time
CTX_TIMES = frozenset({"time", "end_time", "history_origin"})
_CTX_LABELS = {"en": "ctx", "nb": "ctx"}


@lru_cache(maxsize=65536)
def parse_key(key: str) -> tuple[tuple[tuple[str, int | None], ...], str | None]:
    """Split a FLAT key into ``(id, index)`` segments and its suffix (``None`` when it has none).

    A segment that is not ``id`` or ``id:N`` keeps its whole text as id (and will not match).
    """
    path, bar, suffix = key.partition("|")
    segments: list[tuple[str, int | None]] = []
    for seg in path.split("/"):
        m = _SEGMENT.match(seg)
        if m is None:
            segments.append((seg, None))
        else:
            index = m.group("index")
            segments.append((m.group("name"), int(index) if index is not None else None))
    return tuple(segments), suffix if bar else None



@dataclass(slots=True)
class _Instance:
    node: FlatNode
    path: str
    values: dict[str, Any] = field(default_factory=dict)
    null_flavour: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class _Step:
    parent: str  # normalised instance path of the parent
    name: str
    index: int
    norm: str
    shown: str
    node: FlatNode


@dataclass(frozen=True, slots=True)
class _Key:
    """What one FLAT key means for the template, worked out once per key and cached."""

    steps: tuple[_Step, ...] = ()
    suffix: str | None = None
    leaf: bool = False  # the key ends at a node (else at an RM attribute, in ctx, or nowhere)
    null_flavour: bool = False  # ``.../_null_flavour|code`` of the last step's node
    problem: Diagnostic | None = None  # unknown-path
    missing_index: tuple[tuple[str, Diagnostic], ...] = ()  # (node pattern, diagnostic)
    ctx: str | None = None  # a ctx/ key whose value is checked (a time)
    extra: int = 0  # _CONTEXT, _START, _MODE, _MODE_CODE: what the key gives besides its value


# what a key gives besides its value (``_Key.extra``)
_CONTEXT, _START, _MODE, _MODE_CODE, _NAME = 1, 2, 4, 8, 16
_CTX_CONTEXT = frozenset({"time", "end_time", "setting", "health_care_facility", "location"})
_PARTICIPATIONS = ("_participation", "_other_participation")


def _extra(segments: tuple[tuple[str, int | None], ...], suffix: str | None) -> int:
    """What a key gives besides its value: a context, its start time, a participation mode."""
    first, name = segments[0][0], segments[1][0] if len(segments) > 1 else ""
    if first == "ctx":
        flags = _CONTEXT if name in _CTX_CONTEXT or name.startswith("participation_") else 0
        return flags | (_START if name == "time" else 0) | (_MODE if name == "participation_mode" else 0)
    flags = _CONTEXT | (_START if len(segments) == 3 and segments[2][0] == "start_time" else 0) if name == "context" else 0
    if segments[-1][0] in _PARTICIPATIONS:
        flags |= _MODE if suffix == "mode" else _MODE_CODE if suffix == "mode_code" else 0
    if segments[-1][0] == "_name" and suffix in (None, "value"):
        flags |= _NAME
    return flags


def _resolve(key: str, index: FlatIndex) -> _Key:
    segments, suffix = parse_key(key)
    resolved = _resolve_path(key, segments, suffix, index)
    extra = _extra(segments, suffix)
    return replace(resolved, extra=extra) if extra else resolved


def _resolve_path(key: str, segments: tuple[tuple[str, int | None], ...], suffix: str | None, index: FlatIndex) -> _Key:
    root = index.root
    if segments[0][0] == "ctx":
        name = segments[1][0] if len(segments) > 1 else ""
        if len(segments) != 2 or name not in CTX_KEYS:
            return _Key(problem=report("unknown-path", Where(key, "", _CTX_LABELS, True), value=key))
        return _Key(ctx=name if name in CTX_TIMES else None)
    if segments[0][0] != root.id:
        return _Key(problem=report("unknown-path", Where(key, "", root.labels, True), value=key))
    node, norm, shown = root, root.id, root.id
    steps: list[_Step] = []
    missing: list[tuple[str, Diagnostic]] = []
    for pos, (name, idx) in enumerate(segments[1:], start=1):
        child = node.children.get(name)
        if child is None:
            if index.rm_attribute_ok(node, name[1:] if name.startswith("_") else name):
                last = pos == len(segments) - 1
                return _Key(tuple(steps), suffix, null_flavour=name == "_null_flavour" and last,
                            missing_index=tuple(missing))
            where = Where("/".join(_seg(n, i) for n, i in segments[: pos + 1]), node.aql, node.labels, True)
            return _Key(tuple(steps), suffix, problem=report("unknown-path", where, value=key),
                        missing_index=tuple(missing))
        if idx is None and child.multiple:
            where = Where(f"{shown}/{name}", child.aql, child.labels, True)
            missing.append((child.pattern, report("missing-index", where, value=key)))
        child_norm = f"{norm}/{name}:{idx or 0}"
        shown = f"{shown}/{_seg(name, idx)}"
        steps.append(_Step(norm, name, idx or 0, child_norm, shown, child))
        node, norm = child, child_norm
    return _Key(tuple(steps), suffix, leaf=True, missing_index=tuple(missing))


def check_flat(entry: dict[str, Any], index: FlatIndex, walker: CanonicalWalker) -> Iterator[Diagnostic]:
    """Every diagnostic for a FLAT composition (``entry`` already passed the size scan)."""
    root = index.root
    instances: dict[str, _Instance] = {}  # normalised instance path -> instance
    seen: dict[tuple[str, str], set[int]] = {}  # (parent instance, child id) -> indices
    containers: dict[str, tuple[FlatNode, str]] = {root.id: (root, root.id)}
    missing_index: set[str] = set()
    cache = index.keys
    extra = 0
    modes: list[tuple[str, Any, _Key]] = []
    for key, value in entry.items():
        resolved = cache.get(key)
        if resolved is None:
            resolved = _resolve(key, index)
            if len(cache) < index.max_cached_keys:
                cache[key] = resolved
        if resolved.missing_index:
            for pattern, problem in resolved.missing_index:
                if pattern not in missing_index:
                    missing_index.add(pattern)
                    yield problem
        if resolved.problem is not None:
            yield resolved.problem
        if resolved.ctx is not None:
            where = Where(key, "", _CTX_LABELS, True, frozenset({""}))
            yield from RM_CHECKS["DV_DATE_TIME"]({"value": value}, None, where)
        if resolved.extra:
            extra |= resolved.extra
            if resolved.extra & (_MODE | _MODE_CODE | _NAME):
                modes.append((key, value, resolved))
        steps = resolved.steps
        if steps and steps[-1].norm not in containers:
            for step in reversed(steps):  # register new instances, deepest first, up to a known one
                if step.norm in containers:
                    break
                containers[step.norm] = (step.node, step.shown)
                found = seen.get((step.parent, step.name))
                if found is None:
                    seen[(step.parent, step.name)] = {step.index}
                else:
                    found.add(step.index)
        if resolved.null_flavour or resolved.leaf:
            inst = instances.get(steps[-1].norm if steps else root.id)
            if inst is None:
                if steps:
                    inst = instances[steps[-1].norm] = _Instance(steps[-1].node, steps[-1].shown)
                else:
                    inst = instances[root.id] = _Instance(root, root.id)
            if resolved.null_flavour:
                inst.null_flavour = inst.null_flavour or {}
                inst.null_flavour[resolved.suffix or "value"] = value
            else:
                inst.values[resolved.suffix if resolved.suffix is not None else ""] = value
    yield from _occurrences(seen, containers)
    yield from _mandatory(containers, seen)
    if extra:
        yield from _context(entry, index, extra, modes, walker)
    special: dict[str, _Instance] = {}
    for norm, inst in instances.items():
        node = inst.node
        if node.special:
            special[norm] = inst
        accept = node.accept
        if accept is not None and inst.null_flavour is None and accept(inst.values):
            continue  # certainly valid: the full checks would find nothing
        yield from _leaf(inst, walker)
    if special:
        yield from _ism(instances, special)
        yield from _intervals(special)


def _context(
    entry: dict[str, Any], index: FlatIndex, extra: int, modes: list[tuple[str, Any, _Key]], walker: CanonicalWalker
) -> Iterator[Diagnostic]:
    """What the RM requires of a context and its participations: a start time (``ctx/time`` or
    ``.../context/start_time``) once there is a context; modes of the openEHR terminology; and,
    when asked (``walker.names``), names the template fixes."""
    root = index.root
    if extra & _CONTEXT and not extra & _START and "context" in root.children:
        path = f"{root.id}/context/start_time"
        where = Where(path, "/context/start_time", {"en": "Context", "nb": "Kontekst"}, True)
        yield report("missing-mandatory", where, value=f"start time (ctx/time or {path})")
    for key, value, resolved in modes:
        where = Where(key, "", {}, True)
        if resolved.extra & _NAME:
            if walker.names:
                yield from _fixed_name(key, value, resolved, index)
        elif resolved.extra & _MODE_CODE:
            yield from check_mode_code(value, where)
        elif f"{key}_code" not in entry:  # with |mode_code, the text is a free rubric
            yield from check_mode_text(value, where)


def _fixed_name(key: str, value: Any, resolved: _Key, index: FlatIndex) -> Iterator[Diagnostic]:
    """A ``.../_name`` that differs from the name the template fixes for its node."""
    node = resolved.steps[-1].node if resolved.steps else None
    fixed = index.template.fixed_name(node.constraint) if node is not None and node.constraint is not None else None
    if fixed is not None and value != fixed:
        where = Where(key, f"{node.aql}/name/value" if node else "", node.labels if node else {}, True)
        yield report("value-not-allowed", where, value=value, allowed=[fixed])


def _seg(name: str, idx: int | None) -> str:
    return name if idx is None else f"{name}:{idx}"


def _occurrences(seen: dict[tuple[str, str], set[int]], containers: dict[str, tuple[FlatNode, str]]) -> Iterator[Diagnostic]:
    for (parent_norm, name), indices in seen.items():
        parent, shown = containers[parent_norm]
        child = parent.children[name]
        count = max(indices) + 1
        if child.wt.max != -1 and count > child.wt.max:
            where = Where(f"{shown}/{name}:{max(indices)}", child.aql, child.labels, True)
            yield report("too-many", where, value=count, allowed=child.wt.max)


def _mandatory(containers: dict[str, tuple[FlatNode, str]], seen: dict[tuple[str, str], set[int]]) -> Iterator[Diagnostic]:
    for norm, (node, shown) in containers.items():
        for mandatory in node.mandatory:
            group = mandatory.group
            if any((norm, c.id) in seen for c in group):
                continue
            if mandatory.unless_absent is not None and not any((norm, i) in seen for i in mandatory.unless_absent):
                continue  # below hidden structure that is absent: nothing there is required
            first = group[0]
            where = Where(f"{shown}/{first.id}", first.aql, first.labels, True)
            yield report("missing-mandatory", where, value=f"{first.wt.rm_type} {first.labels.get('en', first.id)}")


def _leaf(inst: _Instance, walker: CanonicalWalker) -> Iterator[Diagnostic]:
    node = inst.node
    where = Where(inst.path, node.aql, node.labels, True, frozenset(inst.values))
    if inst.null_flavour is not None:
        code = inst.null_flavour.get("code")
        yield from check_null_flavour({"defining_code": {"code_string": code}}, where.child("/_null_flavour|code"))
    if not inst.values:
        return
    rm_type = node.wt.rm_type
    constraint = node.constraint
    if "raw" in inst.values:
        raw = inst.values["raw"]
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                yield report("invalid-format", where.child("|raw"), value=raw, expected="JSON value")
                return
        if constraint is not None:
            yield from walker.walk(raw, constraint, Where(where.path + "|raw", where.aql, where.labels))
        return
    allowed = SUFFIXES.get(rm_type)
    if allowed is not None:
        for suffix in inst.values:
            if suffix not in allowed:
                shown = f"|{suffix}" if suffix else "(no suffix)"
                yield report("unknown-attribute", where.child(f"|{suffix}" if suffix else ""), value=shown, expected=rm_type)
    problems: list[Diagnostic] = []
    value = to_canonical(rm_type, inst.values, constraint, where, problems)
    yield from problems
    if value is None:
        return
    if "other" in inst.values and any(i.suffix == "other" for i in node.wt.inputs):
        constraint = None  # free text where the element also allows a DV_TEXT
    if constraint is not None and constraint.rm_type_name not in ("ELEMENT",):
        yield from walker.walk(value, constraint, where)
        return
    check = RM_CHECKS.get(str(value.get("_type", rm_type)))
    if check is not None:
        yield from check(value, None, where)
    yield from _input_lists(node.wt, inst.values, where)


def _input_lists(wt: WtNode, values: dict[str, Any], where: Where) -> Iterator[Diagnostic]:
    """Codes of nodes without a template constraint (ISM transitions) against the listed values."""
    for inp in wt.inputs:
        if inp.suffix != "code" or not inp.list:
            continue
        code = values.get("code")
        if code is not None and code not in [v.value for v in inp.list]:
            yield report("code-not-allowed", where.child("|code"), value=code, allowed=[v.value for v in inp.list])


def _intervals(instances: dict[str, _Instance]) -> Iterator[Diagnostic]:
    """An interval's lower bound is not above its upper bound (bounds given as ``.../lower|magnitude``)."""
    bounds: dict[str, dict[str, Any]] = {}
    for norm, inst in instances.items():
        parent = inst.node.parent
        if inst.node.id in ("lower", "upper") and parent is not None and parent.wt.rm_type.startswith("DV_INTERVAL"):
            value = to_canonical(inst.node.wt.rm_type, inst.values, inst.node.constraint, Where(inst.path, ""), [])
            if value is not None:
                bounds.setdefault(norm.rsplit("/", 1)[0], {"_parent": (parent, inst.path)})[inst.node.id] = value
    for found in bounds.values():
        parent, path = found.pop("_parent")
        where = Where(path.rsplit("/", 1)[0], parent.aql, parent.labels, True)
        yield from RM_CHECKS["DV_INTERVAL"](found, None, where)


def _ism(instances: dict[str, _Instance], current: dict[str, _Instance]) -> Iterator[Diagnostic]:
    """A careflow step allows only its own current states (``current``: the current state instances)."""
    for norm, inst in current.items():
        if inst.node.id != "current_state" or not norm.endswith("/current_state:0"):
            continue
        step = instances.get(norm[: -len("current_state:0")] + "careflow_step:0")
        if step is None:
            continue
        code = step.values.get("code")
        states = [v.current_states for i in step.node.wt.inputs if i.suffix == "code" for v in i.list if v.value == code]
        state = inst.values.get("code")
        if states and states[0] and state is not None and state not in states[0]:
            where = Where(inst.path + "|code", inst.node.aql, inst.node.parent.labels if inst.node.parent else {}, True)
            yield report("code-not-allowed", where, value=state, allowed=list(states[0]), careflow_step=code)
