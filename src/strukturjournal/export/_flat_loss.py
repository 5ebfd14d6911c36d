"""What canonical → FLAT would lose: the accounting behind :class:`FlatEncodeError`.

FLAT is bound to a template: a part of a canonical composition has a FLAT form only when the
template has a node for it (archetyped structure) or the FLAT tables have a place for it (RM
attributes of data values). Two checks find everything else, so that it is reported instead of
dropped:

* :func:`uncovered` — attributes of one RM object that the FLAT table of its type has no place
  for (a ``FEEDER_AUDIT_DETAILS.other_details`` tree);
* :func:`unplaced` — archetyped objects (``archetype_node_id``) of the composition that the
  encoder neither wrote nor passed through on the way to something it wrote (an element with
  node id ``at0010.1`` in a template that has only ``at0010``, an empty section, a second
  instance of a node that may occur once).

>>> uncovered({"_type": "DV_QUANTITY", "magnitude": 1, "units": "kg", "colour": "red"}, "DV_QUANTITY")
['colour']
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.export._flat_codec import SPECS
from strukturjournal.rm import RMModel
from strukturjournal.template._wt_filter import HIDDEN_STRUCTURES

__all__ = [
    "HIDDEN", "FlatEncodeError", "carries_values", "foreign_attributes", "json_paths", "no_flat_form", "uncovered",
    "unplaced",
]

#: structure types the web template hides: recreated from the template, so empty ones lose nothing
HIDDEN = HIDDEN_STRUCTURES

# attributes derived from others (RM 1.1 functions some serialisers write as data)
_DERIVED = frozenset({"is_integral"})

_ALL = object()  # the whole attribute is written (a sub-object with its own table)


class FlatEncodeError(ValueError):
    """A canonical composition holds data its FLAT form cannot carry.

    ``diagnostics`` has one ``no-flat-form`` diagnostic per part (``path``: the JSON path in
    the composition); ``flat`` is what could be written, for a caller who decides to accept
    the loss explicitly.

    >>> e = FlatEncodeError([no_flat_form("/content/1", "SECTION [at0001]", "empty")], {"c/x": 1})
    >>> str(e), e.flat
    ('1 part of the composition has no FLAT form: /content/1: SECTION [at0001] (empty)', {'c/x': 1})
    """

    def __init__(self, diagnostics: list[Diagnostic], flat: dict[str, Any]) -> None:
        self.diagnostics = diagnostics
        self.flat = flat
        parts = "; ".join(f"{d.path}: {d.context['what']} ({d.context['why']})" for d in diagnostics[:5])
        more = f"; and {len(diagnostics) - 5} more" if len(diagnostics) > 5 else ""
        noun = "part" if len(diagnostics) == 1 else "parts"
        super().__init__(f"{len(diagnostics)} {noun} of the composition {'has' if len(diagnostics) == 1 else 'have'} "
                         f"no FLAT form: {parts}{more}")


def no_flat_form(path: str, what: str, why: str, archetype_path: str | None = None) -> Diagnostic:
    """The diagnostic for one part of a composition FLAT cannot carry.

    >>> no_flat_form("/content/0/items/3", "ELEMENT [at0010.1]", "no node of the template has this id").code
    'no-flat-form'
    """
    return Diagnostic(
        "no-flat-form",
        f"{path}: {what} has no FLAT form in this template ({why})",
        path=path,
        archetype_path=archetype_path,
        context={"what": what, "why": why},
        messages={
            "en": f"{path}: {what} has no FLAT form in this template ({why})",
            "nb": f"{path}: {what} kan ikke skrives i FLAT-form med denne malen ({why})",
        },
    )


@cache
def _covered(rm_type: str) -> dict[str, Any] | None:
    """Where the FLAT table of ``rm_type`` reads and writes: attribute names to ``_ALL`` (a value
    written whole), a nested dict (some of its attributes) or a ``Sub`` (an object with its own table)."""
    spec = SPECS.get(rm_type)
    if spec is None:
        return None
    tree: dict[str, Any] = {}
    leaves: list[tuple[str, Any]] = [(spec.bare, _ALL)] if spec.bare else []
    leaves += [(path, _ALL) for path in spec.suffixes.values()]
    leaves += [(sub.attr, sub) for sub in spec.subs.values()]
    for path, place in leaves:
        steps = [step.partition(":")[0] for step in path.split(".")]
        cur = tree
        for step in steps[:-1]:
            nxt = cur.setdefault(step, {})
            if not isinstance(nxt, dict):
                break
            cur = nxt
        else:
            if not isinstance(cur.get(steps[-1]), dict) or place is not _ALL:
                cur[steps[-1]] = place
    if rm_type == "PARTICIPATION":
        tree.setdefault("performer", {})["identifiers"] = _ALL  # written as |identifiers_id:N...
    return tree


def uncovered(obj: Any, rm_type: str | None = None) -> list[str]:
    """Dotted paths of the attributes of ``obj`` (and of its sub-objects) that the FLAT tables
    have no place for. An RM type without a table gives ``[]``: structures are accounted for by
    :func:`unplaced`.

    >>> uncovered({"_type": "DV_CODED_TEXT", "value": "x", "defining_code": {"code_string": "1", "x": 2}})
    ['defining_code.x']
    """
    out: list[str] = []
    stack: list[tuple[Any, str | None, str]] = [(obj, rm_type, "")]
    while stack:
        item, typ, prefix = stack.pop()
        if not isinstance(item, dict):
            continue
        base = str(item.get("_type") or typ or "").split("<", 1)[0]
        tree = _covered(base)
        if tree is None:
            continue
        inner: list[tuple[dict[str, Any], dict[str, Any], str]] = [(item, tree, prefix)]
        while inner:
            cur, covered, pre = inner.pop()
            for key, value in cur.items():
                if key == "_type" or value is None or key in _DERIVED:
                    continue
                place = covered.get(key)
                if place is None:
                    out.append(pre + key)
                elif isinstance(place, dict):
                    if isinstance(value, dict):
                        inner.append((value, place, f"{pre}{key}."))
                elif place is not _ALL:  # a sub-object: its own table
                    sub_type = None if "@" in place.type else place.type
                    items = enumerate(value) if isinstance(value, list) else [(None, value)]
                    for i, sub in items:
                        stack.append((sub, sub_type, f"{pre}{key}." if i is None else f"{pre}{key}.{i}."))
    return sorted(out)


def json_paths(root: Any) -> dict[int, tuple[str, Any]]:
    """Every dict and list below ``root`` by ``id``: its JSON path and its parent.

    >>> comp = {"content": [{"_type": "SECTION"}]}
    >>> paths = json_paths(comp)
    >>> paths[id(comp["content"][0])][0]
    '/content/0'
    """
    out: dict[int, tuple[str, Any]] = {id(root): ("", None)}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        cur, path = stack.pop()
        items = cur.items() if isinstance(cur, dict) else enumerate(cur)
        for key, value in items:
            if isinstance(value, dict | list):
                out[id(value)] = (f"{path}/{key}", cur)
                stack.append((value, f"{path}/{key}"))
    return out


def carries_values(obj: Any) -> bool:
    """Whether anything below ``obj`` is data (a value, a null flavour, a time): an object
    without any has no FLAT entry (an empty section), and leaving it out loses nothing.

    >>> carries_values({"_type": "SECTION", "name": {"value": "S"}, "items": []})
    False
    """
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if any(cur.get(k) is not None for k in ("value", "null_flavour", "time")):
                return True
            stack.extend(v for k, v in cur.items() if k not in ("name", "archetype_details", "uid"))
        elif isinstance(cur, list):
            stack.extend(cur)
    return False


def unplaced(
    root: dict[str, Any], placed: set[int], paths: dict[int, tuple[str, Any]], known: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path, object)`` of each topmost archetyped object below ``root`` holding data that was
    not placed (``placed``: ids of the objects matched to a template node) and does not lead to
    one that was. A hidden structure (``ITEM_TREE``...) whose node id the template knows
    (``known``) is looked into rather than reported: its items say more.

    >>> comp = {"_type": "COMPOSITION", "content": [{"archetype_node_id": "x", "_type": "SECTION",
    ...         "items": [{"_type": "ELEMENT", "archetype_node_id": "at1", "value": 1}]}]}
    >>> [path for path, _ in unplaced(comp, {id(comp)}, json_paths(comp), set())]
    ['/content/0']
    """
    leads: set[int] = set()
    for oid in placed:
        while oid in paths and oid not in leads:
            leads.add(oid)
            parent = paths[oid][1]
            if parent is None:
                break
            oid = id(parent)
    stack: list[Any] = [root]
    while stack:
        cur = stack.pop()
        values = list(cur.values()) if isinstance(cur, dict) else list(cur)
        for value in reversed(values):
            if isinstance(value, dict) and "archetype_node_id" in value and id(value) not in leads:
                hidden = str(value.get("_type", "")).split("<", 1)[0] in HIDDEN
                if hidden and value["archetype_node_id"] in known:
                    stack.append(value)
                elif carries_values(value):
                    yield paths[id(value)][0], value
                continue
            if isinstance(value, dict | list):
                stack.append(value)


def foreign_attributes(root: Any, rm: RMModel) -> Iterator[tuple[str, str]]:
    """``(path, why)`` of each part that is not canonical JSON by the RM: an attribute its class
    does not have (``_time``, ``/$CLASS$`` of a database form), an object where the RM has a
    list. An object without ``_type`` is read as the type of its attribute.

    >>> list(foreign_attributes({"_type": "DV_TEXT", "value": "x", "colour": "red"}, RMModel.default()))
    [('/colour', 'not an attribute of DV_TEXT in the RM')]
    """
    stack: list[tuple[Any, str, str]] = [(root, "", "")]
    while stack:
        cur, path, expected = stack.pop()
        if isinstance(cur, dict):
            rm_type = cur.get("_type")
            base = (rm_type if isinstance(rm_type, str) else expected).split("<", 1)[0]
            known = rm.all_properties(base) if base and rm.has_class(base) else None
            for key, value in cur.items():
                if key == "_type" or key in _DERIVED:
                    continue
                prop = known.get(key) if known is not None else None
                if known is not None and prop is None:
                    yield f"{path}/{key}", f"not an attribute of {base} in the RM"
                    continue
                if prop is not None and prop.is_container and isinstance(value, dict):
                    yield f"{path}/{key}", f"{base}.{key} is a list in the RM, not an object"
                    continue
                stack.append((value, f"{path}/{key}", prop.type_name if prop is not None else ""))
        elif isinstance(cur, list):
            stack.extend((v, f"{path}/{i}", expected) for i, v in enumerate(cur))
