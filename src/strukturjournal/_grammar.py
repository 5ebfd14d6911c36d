"""Loading the shipped lark grammars, and turning lark's errors into positioned, worded ones.

Every grammar is built once per process (``functools.cache``), LALR with the
contextual lexer. Only this module and the ``adl``/``odin``/``text`` layers touch lark.

>>> parser = lalr_parser("odin.lark")
>>> type(parser).__name__
'Lark'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput
from lark.exceptions import UnexpectedToken

from strukturjournal._resources import grammars_dir
from strukturjournal.errors import SourceSyntaxError

__all__ = ["lalr_parser", "syntax_error"]

# What a person should read for a terminal lark expected.
TERMINAL_WORDS: dict[str, str] = {
    "ATTR_ID": "an attribute name",
    "ATTR_ASSIGN": "an attribute such as name = <...>",
    "C_ATTR_ID": "an attribute name",
    "KEY_ASSIGN": 'a key such as ["at0001"] = <...>',
    "STRING_BLOCK": 'a value such as <"text">',
    "TYPE_NAME": "a type name",
    "TYPE_IDENTIFIER": "an RM type name such as ELEMENT",
    "STRING": 'a "string"',
    "CHARACTER": "a 'character'",
    "SIGNED_INTEGER": "an integer",
    "SIGNED_REAL": "a real number",
    "INTEGER": "an integer",
    "REAL": "a real number",
    "BOOLEAN": "True or False",
    "DATE": "a date",
    "TIME": "a time",
    "DATE_TIME": "a date-time",
    "DURATION": "a duration",
    "TERM_CODE": "a coded term [terminology::code]",
    "URI": "a URI",
    "ARCHETYPE_ID": "an archetype id such as openEHR-EHR-OBSERVATION.blood_pressure.v1",
    "NODE_ID": "a node id such as [at0001]",
    "REGEX": "a regular expression /.../",
    "ABS_PATH": "an archetype path such as /data[at0001]",
    "LOCAL_CODE": "a local code such as at0001",
    "CONSTRAINT_CODE": "a constraint code such as ac0001",
    "TERMINOLOGY_ID": "a terminology id such as local or SNOMED-CT",
    "$END": "the end of the file",
}


@cache
def lalr_parser(
    grammar: str, start: str = "start", transformer: Callable[[], Transformer[Any, Any]] | None = None
) -> Lark:
    """The cached LALR parser for a shipped grammar file (optionally with an inline transformer,
    given as a class or factory so that the cache key stays hashable)."""
    return Lark.open(
        str(grammars_dir() / grammar),
        parser="lalr",
        lexer="contextual",
        start=start,
        transformer=transformer() if transformer is not None else None,
        maybe_placeholders=False,
        propagate_positions=False,
        cache=False,
    )


def expected_words(parser: Lark, names: Iterable[str]) -> list[str]:
    """Human words for a set of lark terminal names, in a stable order."""
    patterns = {t.name: t.pattern for t in parser.terminals}
    out: list[str] = []
    for name in sorted(set(names)):
        bare = name.split("__")[-1]
        if bare in TERMINAL_WORDS:
            out.append(TERMINAL_WORDS[bare])
        elif name in patterns and patterns[name].type == "str":
            out.append(repr(patterns[name].value))
        elif name in patterns:
            out.append(name.lower().replace("_", " "))
        else:
            out.append(name)
    words = sorted(dict.fromkeys(out), key=_importance)
    if len(words) > MAX_EXPECTED:
        rest = len(words) - MAX_EXPECTED
        words = [*words[:MAX_EXPECTED], f"one of {rest} other kinds of token"]
    return words


MAX_EXPECTED = 6
# Shown first when lark expects many things: the choices a person most likely meant.
_FIRST = ["'}'", "'>'", "']'", "an RM type name such as ELEMENT", "an attribute name",
          "an attribute such as name = <...>", "'matches'",
          '\'<\'', "a node id such as [at0001]", 'a "string"', "an integer", "a real number"]


def _importance(word: str) -> tuple[int, str]:
    return (_FIRST.index(word) if word in _FIRST else len(_FIRST), word)


def syntax_error(
    exc: UnexpectedInput,
    text: str,
    parser: Lark,
    *,
    source: str | None,
    cls: type[SourceSyntaxError] = SourceSyntaxError,
    line_offset: int = 0,
    what: str = "text",
) -> SourceSyntaxError:
    """Turn a lark error into ``cls`` with line, column, context and expected words."""
    if isinstance(exc, UnexpectedEOF):
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        if text.endswith("\n"):
            line, column = len(lines) + 1, 1
        message = f"the {what} ends too early"
        expected = expected_words(parser, exc.expected)
    elif isinstance(exc, UnexpectedCharacters):
        line, column = exc.line, exc.column
        pos = exc.pos_in_stream or 0
        char = text[pos] if 0 <= pos < len(text) else ""
        message = f"unexpected character {char!r}"
        expected = expected_words(parser, exc.allowed or ())
    elif isinstance(exc, UnexpectedToken):
        token: Token = exc.token
        if token.type == "$END":
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
            if text.endswith("\n"):
                line, column = len(lines) + 1, 1
            message = f"the {what} ends too early"
        else:
            line, column = token.line or 1, token.column or 1
            value = str(token)
            if value and not value[0].isprintable():
                message = f"unexpected character {value[0]!r}"
            else:
                message = f"unexpected {_show(token)}"
        expected = expected_words(parser, exc.expected)
    else:  # pragma: no cover - lark has no other UnexpectedInput kinds
        line, column, message, expected = getattr(exc, "line", 1), getattr(exc, "column", 1), str(exc), []
    return cls(message, line=line + line_offset, column=column, source=source, text=text, expected=expected)


def _show(token: Any) -> str:
    # a token lexed by the fallback lexer can run on; the first word is what the person wrote
    value = str(token).split(None, 1)[0] if str(token).strip() else str(token)
    if len(value) > 40:
        value = value[:37] + "..."
    return repr(value)
