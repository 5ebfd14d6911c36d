"""The two forms of the openEHR simplified format: FLAT (paths to values) and STRUCTURED (the
same tree nested).

STRUCTURED writes each node as a list of its occurrences (the FLAT index is the position), a
value's parts as ``"|suffix"`` keys, a bare value alone as the plain value, and a bare value
next to parts under the key ``""``; ``ctx`` is a flat object of the ``ctx/`` entries:

>>> flat = {"vital/bp:0/systolic|magnitude": 120, "vital/bp:0/systolic|unit": "mm[Hg]",
...         "vital/bp:0/note": "sitting", "ctx/language": "nb"}
>>> structured = flat_to_structured(flat)
>>> structured["vital"]["bp"][0]["systolic"]
[{'|magnitude': 120, '|unit': 'mm[Hg]'}]
>>> sorted(structured_to_flat(structured))  # no template: an index on every occurrence
['ctx/language', 'vital/bp:0/note:0', 'vital/bp:0/systolic:0|magnitude', 'vital/bp:0/systolic:0|unit']

Without a template, ``structured_to_flat`` writes an index on every occurrence, which every
reader of this library accepts; with the template's web template tree it writes one only where
a node repeats, as the EHRbase SDK does.
"""

from __future__ import annotations

import re
from typing import Any

from strukturjournal.errors import StrukturjournalError
from strukturjournal.rm import RMModel
from strukturjournal.template._wt_model import WtNode

__all__ = ["StructuredFormatError", "flat_to_structured", "structured_to_flat"]

_SEGMENT = re.compile(r"^(?P<name>[^:|]*)(?::(?P<index>\d{1,9}))?$")

#: RM attributes written as repeating FLAT segments though no web template node says so
_LIST_ATTRIBUTES = frozenset({
    "_participation", "_other_participation", "_link", "_identifier", "_mapping", "_other_reference_ranges",
    "_reason", "originating_system_item_id", "feeder_system_item_id",
})  # fmt: skip


class StructuredFormatError(StrukturjournalError, ValueError):
    """A STRUCTURED or FLAT composition that does not have the shape of its format; the message
    says where (the path so far) and what was found.

    >>> try:
    ...     structured_to_flat({"vital": {"bp": [[1]]}})
    ... except StructuredFormatError as e:
    ...     print(e)
    vital/bp:0: expected a value or an object of parts and children, got a list
    """


def flat_to_structured(flat: dict[str, Any]) -> dict[str, Any]:
    """The STRUCTURED form of a FLAT composition (no template needed: FLAT indices become list
    positions; a node written without an index is occurrence 0).

    >>> flat_to_structured({"c/a:1|code": "x", "c/a:0": "y"})
    {'c': {'a': ['y', {'|code': 'x'}]}}
    """
    root: dict[str, Any] = {}
    ctx: dict[str, Any] = {}
    for key, value in flat.items():
        if not isinstance(key, str):
            raise StructuredFormatError(f"{key!r}: a FLAT key must be text")
        if key.startswith("ctx/"):
            ctx[key[4:]] = value
            continue
        path, bar, suffix = key.partition("|")
        segments = path.split("/")
        node = root.setdefault(segments[0], {})
        if not isinstance(node, dict):
            raise StructuredFormatError(f"{segments[0]}: a root with a value of its own")
        for depth, seg in enumerate(segments[1:], start=1):
            m = _SEGMENT.match(seg)
            if m is None or not m.group("name"):
                raise StructuredFormatError(f"{'/'.join(segments[: depth + 1])}: {seg!r} is not a node id with an optional :index")
            occurrences = node.setdefault(m.group("name"), [])
            index = int(m.group("index") or 0)
            while len(occurrences) <= index:
                occurrences.append({})
            node = occurrences[index]
        node["|" + suffix if bar else ""] = value
    out: dict[str, Any] = {name: _compact(node) for name, node in root.items()}
    if ctx:
        out["ctx"] = ctx
    return out


def _compact(node: dict[str, Any]) -> Any:
    """A node with only a bare value becomes the value; children are compacted in place."""
    if set(node) == {""}:
        return node[""]
    return {k: [_compact(o) for o in v] if not k.startswith("|") and k else v for k, v in node.items()}


def structured_to_flat(structured: dict[str, Any], tree: WtNode | None = None) -> dict[str, Any]:
    """The FLAT form of a STRUCTURED composition. With the template's web template ``tree``
    (:func:`strukturjournal.template.web_tree.build_web_tree`), an index is written only where
    a node repeats; without it, on every occurrence.

    >>> structured_to_flat({"c": {"a": [{"|code": "x", "": "y"}]}, "ctx": {"language": "nb"}})
    {'c/a:0|code': 'x', 'c/a:0': 'y', 'ctx/language': 'nb'}
    """
    if not isinstance(structured, dict):
        raise StructuredFormatError(f"a STRUCTURED composition is an object, got {type(structured).__name__}")
    out: dict[str, Any] = {}
    for name, body in structured.items():
        if name == "ctx":
            if not isinstance(body, dict):
                raise StructuredFormatError(f"ctx: expected an object of ctx entries, got {type(body).__name__}")
            out.update({f"ctx/{k}": v for k, v in body.items()})
            continue
        if isinstance(body, list) and len(body) == 1:
            body = body[0]
        root = tree if tree is not None and tree.full_id() == name else None
        _node(name, body, root, tree is not None, out)
    return out


def _node(path: str, body: Any, wt: WtNode | None, indexed_by_tree: bool, out: dict[str, Any]) -> None:
    stack: list[tuple[str, Any, WtNode | None]] = [(path, body, wt)]
    while stack:
        path, body, wt = stack.pop()
        if isinstance(body, list):
            raise StructuredFormatError(f"{path}: expected a value or an object of parts and children, got a list")
        if not isinstance(body, dict):
            out[path] = body
            continue
        children: list[tuple[str, Any, WtNode | None]] = []
        for key, value in body.items():
            if not isinstance(key, str):
                raise StructuredFormatError(f"{path}: {key!r} is not a name")
            if key == "":
                out[path] = value
            elif key.startswith("|"):
                out[f"{path}{key}"] = value
            else:
                occurrences = value if isinstance(value, list) else [value]
                child = _child(wt, key)
                repeats = _repeats(key, wt, child, occurrences, indexed_by_tree)
                for i, occurrence in enumerate(occurrences):
                    children.append((f"{path}/{key}:{i}" if repeats else f"{path}/{key}", occurrence, child))
        stack.extend(reversed(children))


def _child(wt: WtNode | None, name: str) -> WtNode | None:
    if wt is None:
        return None
    for c in wt.children:
        if c.full_id() == name:
            return c
    return None


def _repeats(name: str, parent: WtNode | None, child: WtNode | None, occurrences: list[Any], indexed_by_tree: bool) -> bool:
    """Whether FLAT writes an index: a web template node that may repeat, an RM attribute that is
    a list (``_participation`` of an ``EVENT_CONTEXT``), or more than one occurrence."""
    if not indexed_by_tree:
        return True
    if child is not None:
        return child.max != 1
    if parent is not None and name.startswith("_"):
        rm = RMModel.default()
        attribute = name[1:]
        prop = rm.property_of(parent.rm_type, attribute) or rm.property_of(parent.rm_type, attribute + "s")
        if prop is not None:
            return prop.is_container
    return name in _LIST_ATTRIBUTES or len(occurrences) > 1
