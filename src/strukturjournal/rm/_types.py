"""Type names as text: ``HISTORY<ITEM_STRUCTURE>``, ``Hash<String, String>``, and archetype primitives.

A type name is a root class name with optional generic arguments. This module
parses and prints them, substitutes formal generic parameters, and maps the
primitive type names used in archetypes (ADL 1.4 ``ISO8601_DATE``, ADL 2
``Date`` ...) onto the BMM primitive types they may constrain.

>>> parse_type("DV_INTERVAL<DV_QUANTITY>")
('DV_INTERVAL', (('DV_QUANTITY', ()),))
>>> format_type(parse_type("Hash< String ,List<ITEM>>"))
'Hash<String, List<ITEM>>'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ARCHETYPE_PRIMITIVE_TYPES",
    "TypeRef",
    "archetype_primitive",
    "format_type",
    "parse_type",
    "substitute_type",
    "type_root",
]

TypeRef = tuple[str, tuple["TypeRef", ...]]
"""A parsed type name: ``(root, (argument, ...))``."""

_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|([<>,]))")

ARCHETYPE_PRIMITIVE_TYPES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Boolean": ("Boolean",),
        "String": ("String",),
        "Integer": ("Integer", "Integer64"),
        "Real": ("Real", "Double"),
        "Date": ("Date", "Iso8601_date", "String"),
        "Time": ("Time", "Iso8601_time", "String"),
        "Date_time": ("Date_time", "Iso8601_date_time", "String"),
        "Duration": ("Duration", "Iso8601_duration", "String"),
        "Terminology_code": ("Terminology_code", "CODE_PHRASE"),
    }
)
"""Archetype primitive type (ADL 2 spelling) -> the RM types it may constrain.

The temporal types also constrain ``String`` because RM 1.1.0 keeps e.g.
``DV_DATE.value`` as a ``String`` holding ISO 8601 text.

>>> ARCHETYPE_PRIMITIVE_TYPES["Date"]
('Date', 'Iso8601_date', 'String')
"""

_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "BOOLEAN": "Boolean",
        "STRING": "String",
        "INTEGER": "Integer",
        "INTEGER64": "Integer",
        "REAL": "Real",
        "DOUBLE": "Real",
        "DATE": "Date",
        "ISO8601_DATE": "Date",
        "TIME": "Time",
        "ISO8601_TIME": "Time",
        "DATE_TIME": "Date_time",
        "ISO8601_DATE_TIME": "Date_time",
        "DURATION": "Duration",
        "ISO8601_DURATION": "Duration",
        "TERMINOLOGY_CODE": "Terminology_code",
        "CODE_PHRASE": "Terminology_code",
    }
)


def archetype_primitive(name: str) -> str | None:
    """The archetype primitive type ``name`` spells (any ADL 1.4/2 spelling), else ``None``.

    >>> archetype_primitive("ISO8601_DATE_TIME"), archetype_primitive("Integer64")
    ('Date_time', 'Integer')
    >>> archetype_primitive("DV_TEXT") is None
    True
    """
    if name in ARCHETYPE_PRIMITIVE_TYPES:
        return name
    return _ALIASES.get(name.upper())


def parse_type(text: str) -> TypeRef:
    """Parse a type name into ``(root, args)``; raises ``ValueError`` if malformed.

    >>> parse_type("HISTORY<ITEM_STRUCTURE>")
    ('HISTORY', (('ITEM_STRUCTURE', ()),))
    >>> parse_type("List<")
    Traceback (most recent call last):
    ...
    ValueError: malformed type name 'List<'
    """
    tokens: list[str] = []
    pos = 0
    text_end = len(text.rstrip())
    while pos < text_end:
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"malformed type name {text!r}")
        tokens.append(m.group(1) or m.group(2))
        pos = m.end()
    ref, used = _parse(tokens, 0, text)
    if used != len(tokens):
        raise ValueError(f"malformed type name {text!r}")
    return ref


def _parse(tokens: list[str], i: int, text: str) -> tuple[TypeRef, int]:
    if i >= len(tokens) or tokens[i] in "<>,":
        raise ValueError(f"malformed type name {text!r}")
    root = tokens[i]
    i += 1
    args: list[TypeRef] = []
    if i < len(tokens) and tokens[i] == "<":
        while True:
            arg, i = _parse(tokens, i + 1, text)
            args.append(arg)
            if i >= len(tokens):
                raise ValueError(f"malformed type name {text!r}")
            if tokens[i] == ">":
                i += 1
                break
            if tokens[i] != ",":
                raise ValueError(f"malformed type name {text!r}")
    return (root, tuple(args)), i


def format_type(ref: TypeRef) -> str:
    """The canonical text of a parsed type: arguments separated by ``", "``.

    >>> format_type(("Hash", (("String", ()), ("String", ()))))
    'Hash<String, String>'
    """
    root, args = ref
    if not args:
        return root
    return f"{root}<{', '.join(format_type(a) for a in args)}>"


def type_root(text: str) -> str:
    """The root class name of a type name (generic arguments dropped).

    >>> type_root("DV_INTERVAL<DV_QUANTITY>"), type_root("DV_TEXT")
    ('DV_INTERVAL', 'DV_TEXT')
    """
    cut = text.find("<")
    return (text if cut < 0 else text[:cut]).strip()


def substitute_type(text: str, bindings: Mapping[str, str]) -> str:
    """Replace formal generic parameters (``T``) in a type name by their bindings.

    >>> substitute_type("EVENT<T>", {"T": "ITEM_TREE"})
    'EVENT<ITEM_TREE>'
    >>> substitute_type("T", {"T": "ITEM_LIST"}), substitute_type("DV_TEXT", {"T": "X"})
    ('ITEM_LIST', 'DV_TEXT')
    """
    if not bindings:
        return text
    parsed = {name: parse_type(value) for name, value in bindings.items()}
    return format_type(_subst(parse_type(text), parsed))


def _subst(ref: TypeRef, bindings: Mapping[str, TypeRef]) -> TypeRef:
    root, args = ref
    if not args and root in bindings:
        return bindings[root]
    return root, tuple(_subst(a, bindings) for a in args)
