"""Walking a constraint tree: assign paths, iterate nodes, find a node by path.

>>> from strukturjournal.aom.constraints import CAttribute, CComplexObject
>>> root = CComplexObject("OBSERVATION", "at0000", attributes=[
...     CAttribute("data", [CComplexObject("HISTORY", "at0001")])])
>>> assign_paths(root)
>>> [n.path for n in iter_nodes(root)]
['/', '/data[at0001]']
>>> find(root, "/data[at0001]").rm_type_name
'HISTORY'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from strukturjournal.aom.constraints import CAttribute, CComplexObject, CObject

__all__ = ["assign_paths", "find", "iter_attributes", "iter_nodes", "split_path"]


def _child_path(attr_path: str, node: CObject) -> str:
    return f"{attr_path}[{node.node_id}]" if node.node_id else attr_path


def assign_paths(root: CObject, root_path: str = "/") -> None:
    """Set ``path`` on every node and attribute below ``root`` (iteratively: no recursion limit)."""
    root.path = root_path
    stack: list[CObject] = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, CComplexObject):
            continue
        base = "" if node.path == "/" else node.path
        for attr in node.attributes:
            attr.path = f"{base}/{attr.rm_attribute_name}"
            for child in attr.children:
                child.path = _child_path(attr.path, child)
                stack.append(child)


def iter_nodes(root: CObject) -> Iterator[CObject]:
    """Every object node, depth first in document order (root first)."""
    stack: list[CObject] = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CComplexObject):
            for attr in reversed(node.attributes):
                stack.extend(reversed(attr.children))


def iter_attributes(root: CObject) -> Iterator[tuple[CComplexObject, CAttribute]]:
    """Every (owner, attribute) pair, depth first."""
    for node in iter_nodes(root):
        if isinstance(node, CComplexObject):
            for attr in node.attributes:
                yield node, attr


_SEGMENT = re.compile(r"/([a-zA-Z_][a-zA-Z0-9_]*)(?:\[([^\]]*)\])?")


def split_path(path: str) -> list[tuple[str, str | None]]:
    """``/data[at0001]/events`` -> ``[("data", "at0001"), ("events", None)]``.

    A predicate with a name (``[at0001, 'Systolic']``) keeps only the node id.

    >>> split_path("/data[at0001]/events[at0006, 'Any event']")
    [('data', 'at0001'), ('events', 'at0006')]
    """
    if path in ("", "/"):
        return []
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _SEGMENT.finditer(path):
        if m.start() != pos:
            raise ValueError(f"not an archetype path: {path!r} (at character {pos + 1})")
        pred = m.group(2)
        node_id = pred.split(",")[0].strip() if pred else None
        out.append((m.group(1), node_id or None))
        pos = m.end()
    if pos != len(path):
        raise ValueError(f"not an archetype path: {path!r} (at character {pos + 1})")
    return out


def find(root: CObject, path: str) -> CObject | CAttribute | None:
    """The node at ``path``.

    A segment without a node id stands for the attribute's only child; when the path ends in
    an attribute with several children (alternatives such as DV_COUNT or DV_TEXT), the
    attribute itself is returned. ``None`` when nothing is there.
    """
    node: CObject = root
    segments = split_path(path)
    for i, (attr_name, node_id) in enumerate(segments):
        if not isinstance(node, CComplexObject):
            return None
        attr = node.attribute(attr_name)
        if attr is None:
            return None
        if node_id is None:
            if len(attr.children) != 1:
                return attr if i == len(segments) - 1 else None
            node = attr.children[0]
            continue
        child = attr.child(node_id)
        if child is None:
            return None
        node = child
    return node
