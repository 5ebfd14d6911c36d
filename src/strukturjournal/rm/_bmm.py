"""Read BMM schemas (ODIN files) into an :class:`~strukturjournal.rm.RMModel`.

A schema is identified as ``<rm_publisher>_<schema_name>_<rm_release>`` and may
``include`` others by that id. :func:`load_bmm` reads a set of files, orders
them so included schemas come first, and merges their ``primitive_types`` and
``class_definitions`` into one class table. Documentation text is not kept.

>>> from strukturjournal.rm._bmm import _property
>>> from strukturjournal.odin import parse_odin
>>> p = parse_odin('x = (P_BMM_GENERIC_PROPERTY) <name = <"data"> '
...                'type_def = <root_type = <"HISTORY"> generic_parameters = <"ITEM_STRUCTURE">>>')["x"]
>>> _property("data", p).type_name
'HISTORY<ITEM_STRUCTURE>'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from strukturjournal.base import Interval
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import StrukturjournalError
from strukturjournal.odin import load_odin
from strukturjournal.rm._classes import RMClass, RMProperty
from strukturjournal.rm._model import RMModel
from strukturjournal.rm._types import parse_type, type_root

__all__ = ["BMMError", "load_bmm"]

_SINGLE = {"P_BMM_SINGLE_PROPERTY", "P_BMM_SINGLE_PROPERTY_OPEN"}


class BMMError(StrukturjournalError, ValueError):
    """A BMM schema set that cannot be made into a model.

    >>> str(BMMError("include cycle"))
    'include cycle'
    """


def load_bmm(paths: Iterable[str | PathLike[str]], *, strict: bool = False) -> RMModel:
    """Read BMM files, resolve their ``includes`` within the set and merge the classes.

    An include that is not in the set, a class that a later schema redefines
    and a type no schema defines become warnings in ``model.diagnostics`` (or a
    :class:`BMMError` when ``strict``). Include cycles are always errors.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "x.bmm").write_text('rm_publisher = <"x"> schema_name = <"s"> rm_release = <"1"> '
    ...     'includes = <["1"] = <id = <"x_base_1">>> primitive_types = <["Any"] = <name = <"Any">>>')
    >>> rm = load_bmm([folder / "x.bmm"])
    >>> rm.schemas, list(rm.classes), [d.code for d in rm.diagnostics]
    (('x_s_1',), ['Any'], ['W-BMM-INCLUDE'])
    """
    schemas: dict[str, tuple[Path, Mapping[str, Any]]] = {}
    for raw in paths:
        path = Path(raw)
        doc = load_odin(path)
        sid = _schema_id(doc, path)
        if sid in schemas:
            raise BMMError(f"schema {sid!r} is defined by both {schemas[sid][0]} and {path}")
        schemas[sid] = (path, doc)

    diags: list[Diagnostic] = []

    def note(code: str, message: str, path: Path | None) -> None:
        if strict:
            raise BMMError(message)
        source = Span(source=str(path)) if path else None
        diags.append(Diagnostic(code, message, severity=Severity.WARNING, span=source))

    order: list[str] = []
    state: dict[str, int] = {}

    def visit(sid: str, trail: tuple[str, ...]) -> None:
        if state.get(sid) == 2:
            return
        if state.get(sid) == 1:
            raise BMMError("BMM include cycle: " + " -> ".join((*trail, sid)))
        state[sid] = 1
        path, doc = schemas[sid]
        for inc in _includes(doc):
            if inc in schemas:
                visit(inc, (*trail, sid))
            else:
                note("W-BMM-INCLUDE", f"schema {sid!r} includes {inc!r}, not in the set", path)
        state[sid] = 2
        order.append(sid)

    for sid in sorted(schemas):
        visit(sid, ())

    classes: dict[str, RMClass] = {}
    origin: dict[str, str] = {}
    releases = sorted({str(doc.get("rm_release", "")) for _, doc in schemas.values()})
    for sid in order:
        path, doc = schemas[sid]
        for section, primitive in (("primitive_types", True), ("class_definitions", False)):
            for key, raw_cls in (doc.get(section) or {}).items():
                cls = _class(str(key), raw_cls, primitive, path)
                if key in classes and classes[key] != cls:
                    note(
                        "W-BMM-REDEFINED",
                        f"class {key!r} of {origin[key]!r} redefined by {sid!r}",
                        path,
                    )
                classes[key] = cls
                origin[key] = sid

    for name, cls in classes.items():
        formals = {
            p for c in (cls, *_ancestor_classes(name, classes)) for p in c.generic_parameters
        }
        refs = [*cls.ancestors, *(p.full_type for p in cls.properties.values())]
        for ref in refs:
            for used in _names(ref):
                if used not in classes and used not in formals:
                    note(
                        "W-BMM-UNKNOWN-TYPE",
                        f"class {name!r} refers to unknown type {used!r}",
                        None,
                    )
    if len(releases) > 1:
        note("W-BMM-RELEASE", f"schemas of different releases: {', '.join(releases)}", None)
    return RMModel(classes, releases[-1] if releases else "", tuple(order), tuple(diags))


def _schema_id(doc: Mapping[str, Any], path: Path) -> str:
    try:
        return f"{doc['rm_publisher']}_{doc['schema_name']}_{doc['rm_release']}"
    except KeyError as exc:
        raise BMMError(f"{path}: BMM schema without {exc.args[0]}") from None


def _includes(doc: Mapping[str, Any]) -> list[str]:
    raw = doc.get("includes") or {}
    return [str(inc["id"]) for _, inc in sorted(raw.items(), key=lambda kv: str(kv[0]))]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _class(key: str, raw: Mapping[str, Any], primitive: bool, path: Path) -> RMClass:
    if raw.get("name", key) != key:
        raise BMMError(f"{path}: class {key!r} is named {raw.get('name')!r}")
    ancestors = [str(a) for a in _as_list(raw.get("ancestors"))]
    ancestors += [_type(d) for d in (raw.get("ancestor_defs") or {}).values()]
    generics: dict[str, str | None] = {}
    for pname, pdef in (raw.get("generic_parameter_defs") or {}).items():
        bound = pdef.get("conforms_to_type") if isinstance(pdef, Mapping) else None
        generics[str(pname)] = None if bound is None else str(bound)
    props = {str(n): _property(str(n), p, path) for n, p in (raw.get("properties") or {}).items()}
    return RMClass(
        name=key,
        ancestors=tuple(ancestors),
        properties=props,
        is_abstract=bool(raw.get("is_abstract", False)),
        generic_parameters=generics,
        is_primitive=primitive,
    )


def _property(name: str, raw: Any, path: Path | None = None) -> RMProperty:
    kind = getattr(raw, "type_name", None)
    mandatory = bool(raw.get("is_mandatory", False))
    where = f"{path}: " if path else ""
    if kind in _SINGLE:
        type_name = raw["type"] if "type" in raw else _type(raw["type_def"])
        return RMProperty(name, str(type_name), mandatory)
    if kind == "P_BMM_GENERIC_PROPERTY":
        return RMProperty(name, _type(raw["type_def"]), mandatory)
    if kind == "P_BMM_CONTAINER_PROPERTY":
        type_def = raw["type_def"]
        item = type_def["type"] if "type" in type_def else _type(type_def["type_def"])
        return RMProperty(
            name,
            str(item),
            mandatory,
            is_container=True,
            cardinality=_cardinality(raw.get("cardinality")),
            container_type=str(type_def["container_type"]),
        )
    raise BMMError(f"{where}property {name!r} has unknown BMM kind {kind!r}")


def _type(raw: Any) -> str:
    """Text of a P_BMM type object: simple, open, generic or container."""
    if isinstance(raw, str):
        return raw
    if "root_type" in raw:
        if "generic_parameters" in raw:
            args = [_type(a) for a in _as_list(raw["generic_parameters"])]
        else:  # some schemas spell the actual parameters as generic_parameter_defs
            args = [_type(a) for a in (raw.get("generic_parameter_defs") or {}).values()]
        return f"{raw['root_type']}<{', '.join(args)}>" if args else str(raw["root_type"])
    if "container_type" in raw:
        item = raw["type"] if "type" in raw else _type(raw["type_def"])
        return f"{raw['container_type']}<{item}>"
    if "type" in raw:
        return str(raw["type"])
    raise BMMError(f"unreadable BMM type definition {dict(raw)!r}")


def _cardinality(raw: Any) -> Interval[int]:
    """A closed integer interval; BMM's default for a container is ``0..*``."""
    if raw is None:
        return Interval(0, None)
    lower = 0 if raw.lower is None else int(raw.lower) + (0 if raw.lower_included else 1)
    upper = None if raw.upper is None else int(raw.upper) - (0 if raw.upper_included else 1)
    return Interval(lower, upper)


def _ancestor_classes(name: str, classes: Mapping[str, RMClass]) -> list[RMClass]:
    out: list[RMClass] = []
    todo = [type_root(a) for a in classes[name].ancestors]
    seen: set[str] = set()
    while todo:
        anc = todo.pop()
        if anc in seen or anc not in classes:
            continue
        seen.add(anc)
        out.append(classes[anc])
        todo.extend(type_root(a) for a in classes[anc].ancestors)
    return out


def _names(type_name: str) -> list[str]:
    stack, out = [parse_type(type_name)], []
    while stack:
        root, args = stack.pop()
        out.append(root)
        stack.extend(args)
    return out
