"""Python values -> ODIN text (the inverse of :func:`parse_odin`)."""

from __future__ import annotations

from typing import Any

from strukturjournal.base import (
    CodePhrase,
    Interval,
    IsoDate,
    IsoDateTime,
    IsoDuration,
    IsoTime,
    OdinChar,
    Uri,
)
from strukturjournal.odin._reader import OdinKeyed, OdinObject

__all__ = ["escape", "primitive_to_odin", "to_odin"]


def escape(text: str) -> str:
    """Escape a string for ODIN double quotes.

    >>> escape('say "hi"')
    'say \\\\"hi\\\\"'
    """
    return text.replace("\\", "\\\\").replace('"', '\\"')


def primitive_to_odin(value: Any) -> str:
    """One primitive value in ODIN syntax.

    >>> primitive_to_odin(True), primitive_to_odin(2.0), primitive_to_odin(CodePhrase("local", "at1"))
    ('True', '2.0', '[local::at1]')
    """
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (IsoDate, IsoTime, IsoDateTime, IsoDuration, Uri)):
        return str(value)
    if isinstance(value, OdinChar):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, str):
        return '"' + escape(value) + '"'
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, CodePhrase):
        return str(value)
    if isinstance(value, Interval):
        return value.to_adl()
    raise TypeError(f"no ODIN form for {type(value).__name__}: {value!r}")


def _is_block(value: Any) -> bool:
    return isinstance(value, dict)


def _block(value: Any, indent: int) -> str:
    """``<...>`` for any value, nested blocks indented by tabs."""
    pad = "\t" * indent
    if isinstance(value, OdinObject):
        marker = f"({value.type_name}) " if value.type_name else ""
        if not value:
            return marker + "<>"
        body = _attrs(value, indent + 1)
        return f"{marker}<\n{body}{pad}>"
    if isinstance(value, dict):
        marker = f"({value.type_name}) " if isinstance(value, OdinKeyed) and value.type_name else ""
        if not value:
            return marker + "<>"
        lines = [
            f"{pad}\t[{primitive_to_odin(k)}] = {_block(v, indent + 1)}\n" for k, v in value.items()
        ]
        return f"{marker}<\n{''.join(lines)}{pad}>"
    if isinstance(value, list):
        if len(value) == 1:
            return f"<{primitive_to_odin(value[0])}, ...>"
        return "<" + ", ".join(primitive_to_odin(v) for v in value) + ">"
    return f"<{primitive_to_odin(value)}>"


def _attrs(obj: dict[str, Any], indent: int) -> str:
    pad = "\t" * indent
    return "".join(f"{pad}{name} = {_block(value, indent)}\n" for name, value in obj.items())


def to_odin(value: dict[str, Any], indent: int = 0) -> str:
    """Write a dict of attributes (as :func:`parse_odin` returns) as ODIN text.

    Attribute objects are :class:`OdinObject`; a plain ``dict`` is a keyed container.

    >>> print(to_odin({"name": "x", "items": {"at0000": OdinObject(text="BT")}}).expandtabs(2), end="")
    name = <"x">
    items = <
      ["at0000"] = <
        text = <"BT">
      >
    >
    """
    return _attrs(value, indent)
