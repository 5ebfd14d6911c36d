"""One grammar folder made ready for extraction: the lark parser, the trigger finder, the tables.

A grammar folder holds ``vitals.lark`` (the start grammar, which may ``%import``
siblings such as ``common.lark`` and ``labels.lark``) and the TSV tables of
:mod:`._tables`. Loading is cached per folder (and per file modification time),
so the lark parser is built once per process.

>>> from strukturjournal._resources import grammars_dir
>>> g = load_grammar_set(grammars_dir() / "text")
>>> bool(g.triggers.search("BT 120/80"))
True
>>> load_grammar_set(grammars_dir() / "text") is g
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedCharacters

from strukturjournal._resources import grammars_dir
from strukturjournal.text._fastlex import speed_up
from strukturjournal.text._lalr import Driver
from strukturjournal.text._plan import Planner
from strukturjournal.text._tables import Tables, load_tables
from strukturjournal.text._triggers import TriggerFinder, pair_guard

__all__ = ["ENTRY_GRAMMAR", "GrammarSet", "default_folder", "load_grammar_set"]

ENTRY_GRAMMAR = "vitals.lark"
STOP_RULE = "_any_label"
TRIGGER_SUFFIX = "_LABEL"

# Tokens that join or introduce values; a finding never ends on one of them.
CONNECTIVES = frozenset(
    {
        "FILLER",
        "LINK",
        "COMMA",
        "SEMI",
        "AND",
        "SLASH",
        "TO",
        "LPAR",
        "O2_ON",
        "REMEASURE",
        "CONTEXT",
    }
)


# A label that may start with a digit ("5/10", "35.5C") begins with this look-behind.
DIGIT_START = "(?<![\\d"
# Triggers whose findings hold no number ("på romluft", "ACVPU: A") end with this.
WORD_SUFFIX = "_WORD_LABEL"
UNIT_PREFIX = "U_"
POSTFIX = "postfix"


@dataclass(frozen=True)
class GrammarSet:
    """The parser, trigger regex, stop terminals and tables of one grammar folder.

    ``triggers`` has one named group per ``*_LABEL`` terminal; ``word_triggers``
    names those whose findings need no digit; ``driver`` runs the parser's LALR table;
    ``finder`` searches as ``triggers`` does, dispatching on the first character;
    ``planner`` gives the field plan of a finding's tokens.
    """

    folder: Path
    parser: Lark
    triggers: re.Pattern[str]
    word_triggers: frozenset[str]
    stops: frozenset[str]
    units: re.Pattern[str]
    tables: Tables
    driver: Driver
    finder: TriggerFinder
    planner: Planner


class _Refusal(UnexpectedCharacters):
    def __init__(self) -> None:  # no message: the contextual lexer re-raises its own error
        Exception.__init__(self)


class _NoRootLexer:
    """Stands in for lark's root lexer, which re-lexes a failed position with every
    terminal only to word an error message; the island parser never shows it."""

    def next_token(self, lexer_state: Any, parser_state: Any = None) -> Any:
        raise _Refusal()


def default_folder() -> Path:
    """The shipped grammar folder ``grammars/text``.

    >>> default_folder().name
    'text'
    """
    return grammars_dir() / "text"


def load_grammar_set(folder: Path | str | None = None) -> GrammarSet:
    """The (cached) grammar set of ``folder`` (default: the shipped ``grammars/text``).

    A folder passed in is checked for edits on each call (it is loaded again when a
    file changed); the shipped folder is loaded once per process.
    """
    if folder is None:
        return _shipped()
    path = Path(folder).resolve()
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in path.iterdir() if p.is_file()))
    return _build(path, stamp)


@cache
def _shipped() -> GrammarSet:
    return load_grammar_set(default_folder())


@cache
def _build(folder: Path, stamp: tuple[tuple[str, int], ...]) -> GrammarSet:
    del stamp  # part of the cache key only: an edited folder is loaded again
    parser = Lark.open(
        str(folder / ENTRY_GRAMMAR),
        parser="lalr",
        lexer="contextual",
        start=["start", POSTFIX],
        maybe_placeholders=False,
        propagate_positions=False,
        cache=False,
    )
    labels = [t for t in parser.terminals if t.name.endswith(TRIGGER_SUFFIX)]
    words: list[str] = []
    digits: list[str] = []
    for t in labels:
        group = f"(?P<{t.name}>{t.pattern.to_regexp()})"
        (digits if t.pattern.value.startswith(DIGIT_START) else words).append(group)
    # Cheap look-arounds first: most positions are rejected before any alternative is tried.
    parts = [r"(?=[^\W\d_])(?<![^\W\d_])(?:" + "|".join(words) + ")"]
    if digits:
        parts.append(r"(?=\d)(?:" + "|".join(digits) + ")")
    # A number (with a unit) directly before a label: parsed from the `postfix` rule.
    unit_alternatives = [
        t.pattern.to_regexp() for t in parser.terminals if t.name.startswith(UNIT_PREFIX)
    ]
    word_labels = [
        t.pattern.to_regexp() for t in labels if not t.pattern.value.startswith(DIGIT_START)
    ]
    postfix = (
        rf"(?P<{POSTFIX}>(?<![\d.,/])\d{{1,3}}(?:[.,]\d{{1,2}})?(?:\s?/\s?\d{{1,3}})?\s?"
        rf"(?:{pair_guard(unit_alternatives)}(?:{'|'.join(unit_alternatives)}))?\s{{0,3}}{pair_guard(word_labels)}"
        rf"(?=(?:{'|'.join(word_labels)})))"
    )
    parts.append(postfix)
    triggers = re.compile("|".join(parts))
    finder = TriggerFinder(words, digits, postfix, triggers)
    units = re.compile(r"\s*-?(?:" + "|".join([*unit_alternatives, "%"]) + ")")
    lexer = getattr(parser.parser, "lexer", None)
    if lexer is not None and hasattr(lexer, "root_lexer"):
        lexer.root_lexer = _NoRootLexer()
        speed_up(lexer)
    stops = frozenset(
        sym.name for rule in parser.rules if rule.origin.name == STOP_RULE for sym in rule.expansion
    )
    word_triggers = frozenset(t.name for t in labels if t.name.endswith(WORD_SUFFIX))
    tables = load_tables(folder)
    driver = Driver(parser)
    return GrammarSet(
        folder,
        parser,
        triggers,
        word_triggers,
        stops,
        units,
        tables,
        driver,
        finder,
        Planner(driver, tables),
    )
