"""ODIN text -> Python values (lark LALR with an inline transformer: no parse tree is built)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lark import Token, Transformer, UnexpectedInput

from strukturjournal._grammar import lalr_parser, syntax_error
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
from strukturjournal.errors import SourceSyntaxError

__all__ = [
    "OdinKeyed",
    "OdinObject",
    "OdinTransformer",
    "iter_duplicate_keys",
    "load_odin",
    "parse_odin",
]

_INF = object()


class OdinObject(dict[str, Any]):
    """An ODIN object: attribute name -> value, plus the optional type marker.

    >>> o = OdinObject({"name": "x"}, type_name="P_BMM_SINGLE_PROPERTY")
    >>> o.type_name, o["name"]
    ('P_BMM_SINGLE_PROPERTY', 'x')
    """

    __slots__ = ("type_name",)

    def __init__(self, *args: Any, type_name: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type_name = type_name

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OdinObject) and other.type_name != self.type_name:
            return False
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment,unused-ignore]

    def __repr__(self) -> str:
        prefix = f"({self.type_name}) " if self.type_name else ""
        return prefix + dict.__repr__(self)


class OdinKeyed(dict[Any, Any]):
    """A keyed ODIN container (``<["k"] = <...>>``) that carried a type marker, or a key more
    than once: ``duplicates`` holds (key, line) of each repeat; the last value is kept.

    >>> parse_odin('items = <["a"] = <1> ["a"] = <2>>')["items"].duplicates
    (('a', 1),)
    """

    __slots__ = ("duplicates", "type_name")

    def __init__(
        self,
        *args: Any,
        type_name: str | None = None,
        duplicates: tuple[tuple[Any, int | None], ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.type_name = type_name
        self.duplicates = duplicates


def unescape(text: str) -> str:
    """Undo ODIN string escapes (``\\"`` and ``\\\\``); other backslashes stay as written."""
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class OdinTransformer(Transformer[Token, Any]):
    """Callbacks for odin.lark; reused by the ADL grammar for its ODIN sections."""

    # --- objects
    def start(self, children: list[Any]) -> Any:
        return children[0] if children else OdinObject()

    def start_block(self, children: list[Any]) -> Any:
        return children[0]

    def attr_vals(self, children: list[Any]) -> OdinObject:
        obj = OdinObject()
        for name, value in children:
            obj[name] = value
        return obj

    def attr_val(self, children: list[Any]) -> tuple[str, Any]:
        return children[0][:-1].rstrip(), children[1]

    def single_attr_object(self, children: list[Any]) -> OdinObject:
        obj: OdinObject = children[-1]
        if len(children) == 2:
            obj.type_name = children[0]
        return obj

    def multiple_attr_object(self, children: list[Any]) -> dict[Any, Any]:
        type_name = None
        if children and isinstance(children[0], str):
            type_name, children = children[0], children[1:]
        out: dict[Any, Any] = {}
        duplicates: list[tuple[Any, int | None]] = []
        for key, value, line in children:
            if key in out:
                duplicates.append((key, line))
            out[key] = value
        if type_name or duplicates:
            return OdinKeyed(out, type_name=type_name, duplicates=tuple(duplicates))
        return out

    def empty_object(self, children: list[Any]) -> OdinObject:
        return OdinObject(type_name=children[0] if children else None)

    def keyed_object(self, children: list[Any]) -> tuple[Any, Any, int | None]:
        token = children[0]
        key = token[1 : token.rindex("]")].strip()
        value = unescape(key[1:-1]) if key.startswith('"') else int(key)
        return value, children[1], getattr(token, "line", None)

    def keyed_object_general(self, children: list[Any]) -> tuple[Any, Any, int | None]:
        return children[0], children[1], None

    def string_block(self, children: list[Any]) -> str:
        token = children[-1]
        return unescape(token[token.index('"') + 1 : token.rindex('"')])

    def primitive_object_block(self, children: list[Any]) -> Any:
        return children[-1]

    def type_marker(self, children: list[Token]) -> str:
        return str(children[0])

    # --- primitive values
    def string(self, children: list[Token]) -> str:
        return unescape(children[0][1:-1])

    def character(self, children: list[Token]) -> OdinChar:
        return OdinChar(unescape(children[0][1:-1]))

    def integer(self, children: list[Token]) -> int:
        return int(children[0])

    def real(self, children: list[Token]) -> float:
        return float(children[0])

    def boolean(self, children: list[Token]) -> bool:
        return children[0].lower() == "true"

    def date(self, children: list[Token]) -> IsoDate:
        return IsoDate(children[0])

    def time(self, children: list[Token]) -> IsoTime:
        return IsoTime(children[0])

    def date_time(self, children: list[Token]) -> IsoDateTime:
        return IsoDateTime(children[0])

    def duration(self, children: list[Token]) -> IsoDuration:
        return IsoDuration(children[0])

    def term_code(self, children: list[Token]) -> CodePhrase:
        return CodePhrase.parse(children[0])

    def uri(self, children: list[Token]) -> Uri:
        return Uri(children[0])

    def primitive_list(self, children: list[Any]) -> list[Any]:
        return list(children)

    term_code_list = primitive_list
    interval_list = primitive_list

    # --- intervals
    def lower_bound(self, children: list[Any]) -> tuple[Any, bool]:
        if not children:
            return _INF, True
        if len(children) == 2:
            return children[1], False
        return children[0], True

    upper_bound = lower_bound

    def interval_range(self, children: list[Any]) -> Interval[Any]:
        (lo, lo_inc), (hi, hi_inc) = children
        return Interval(
            None if lo is _INF else lo,
            None if hi is _INF else hi,
            lower_included=lo_inc,
            upper_included=hi_inc,
        )

    def interval_relop(self, children: list[Any]) -> Interval[Any]:
        if len(children) == 1:
            return Interval(children[0], children[0])
        op, value = str(children[0]), children[1]
        if op == ">":
            return Interval(value, None, lower_included=False)
        if op == ">=":
            return Interval(value, None)
        if op == "<":
            return Interval(None, value, upper_included=False)
        return Interval(None, value)


def iter_duplicate_keys(value: Any, path: str = "") -> Iterator[tuple[str, Any, int | None]]:
    """(where, key, line) of every key repeated in a keyed container anywhere in ``value``;
    ``where`` is the chain of attribute names and keys down to the container.

    >>> list(iter_duplicate_keys(parse_odin('t = <["nb"] = <items = <["x"] = <1> ["x"] = <2>>>>')))
    [('t/nb/items', 'x', 1)]
    """
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, v = stack.pop()
        if isinstance(v, dict):
            for key, line in getattr(v, "duplicates", ()):
                yield where, key, line
            stack.extend((f"{where}/{k}" if where else str(k), x) for k, x in reversed(v.items()))
        elif isinstance(v, list):
            stack.extend((where, x) for x in reversed(v))


def parse_odin(text: str, *, source: str | None = None) -> Any:
    """Parse ODIN text into Python values; raises :class:`SourceSyntaxError` with a position.

    >>> parse_odin('items = <["at0000"] = <text = <"Blodtrykk">>>')["items"]["at0000"]["text"]
    'Blodtrykk'
    >>> parse_odin('a = <1') # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    strukturjournal.errors.SourceSyntaxError: <string>:1:7: the ODIN text ends too early; expected ...
    """
    parser = lalr_parser("odin.lark", "start", OdinTransformer)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return parser.parse(text)
    except UnexpectedInput as exc:
        raise syntax_error(exc, text, parser, source=source, what="ODIN text") from None
    except RecursionError:
        raise SourceSyntaxError(
            "the ODIN text is nested too deeply", line=1, column=1, source=source, text=text
        ) from None


def load_odin(path: str | Path) -> Any:
    """Read an ODIN file (such as a BMM schema) into Python values.

    >>> load_odin(Path(__file__).parent / "missing.odin")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: ...
    """
    path = Path(path)
    return parse_odin(path.read_text(encoding="utf-8-sig"), source=str(path))
