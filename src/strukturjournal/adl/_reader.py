"""Reading ADL files: decoding, parsing, positioned errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

from lark import UnexpectedInput

from strukturjournal._grammar import lalr_parser, syntax_error
from strukturjournal.adl._build import build_archetype
from strukturjournal.adl._transformer import adl_transformer
from strukturjournal.aom import Archetype
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import ADLSyntaxError, SourceSyntaxError

__all__ = ["load_archetype", "parse_adl", "read_adl_text"]


def read_adl_text(data: bytes, source: str | None = None) -> tuple[str, list[Diagnostic]]:
    """Decode ADL bytes: UTF-8 with or without BOM; otherwise Latin-1 with a warning.

    Line ends are normalised to ``\\n`` (CRLF and lone CR alike).

    >>> read_adl_text("concept\\r\\n".encode("utf-8-sig"))
    ('concept\\n', [])
    >>> text, diags = read_adl_text("år".encode("latin-1"), "x.adl")
    >>> text, diags[0].code
    ('år', 'W-ENCODING')
    """
    diagnostics: list[Diagnostic] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("latin-1")
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.append(
            Diagnostic(
                "W-ENCODING",
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "it was read as Latin-1",
                severity=Severity.WARNING,
                span=Span(line, 1, source=source),
            )
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, diagnostics


def parse_adl(text: str, *, source: str | None = None) -> Archetype:
    """Parse ADL 1.4 text into an :class:`~strukturjournal.aom.Archetype`.

    Raises :class:`~strukturjournal.errors.ADLSyntaxError` (line, column, context, expected)
    when the text is not ADL 1.4. Semantic problems found while building the model are in
    ``archetype.diagnostics``.

    >>> parse_adl("archetype\\n  openEHR-EHR-CLUSTER.x.v1\\nconcept\\n  [at0000\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    strukturjournal.errors.ADLSyntaxError: <string>:4:3: unexpected '[at0000'; expected a node id such as [at0001]...
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ADLSyntaxError(
            "the file is empty", line=1, column=1, source=source, text=text, expected=["'archetype'"]
        )
    parser = lalr_parser("adl14.lark", "start", adl_transformer)
    try:
        sections = parser.parse(text)
    except UnexpectedInput as exc:
        error = syntax_error(exc, text, parser, source=source, cls=ADLSyntaxError, what="archetype")
        raise (_unclosed_definition(text, source, error) or error) from None
    return build_archetype(cast(dict[str, Any], sections), source)


_SECTION = re.compile(r"(?m)^(definition|invariant|ontology|terminology)\b")
_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"|--[^\n]*|\{\s*/(?:[^/\\\n]|\\.)*/')


def _unclosed_definition(text: str, source: str | None, error: SourceSyntaxError) -> ADLSyntaxError | None:
    """A clearer error when the definition lacks closing braces: point at the next section."""
    sections = list(_SECTION.finditer(text))
    for i, m in enumerate(sections):
        if m.group(1) != "definition" or i + 1 >= len(sections):
            continue
        end = sections[i + 1]
        body = _SKIP.sub(lambda s: "{" if s.group(0).startswith("{") else "", text[m.end() : end.start()])
        missing = body.count("{") - body.count("}")
        end_line = text.count("\n", 0, end.start()) + 1
        if missing > 0 and error.line >= end_line:
            return ADLSyntaxError(
                f"the definition is not closed: {missing} '{{' without a matching '}}' "
                f"before '{end.group(1)}'",
                line=end_line,
                column=1,
                source=source,
                text=text,
                expected=["'}'"],
            )
    return None


def load_archetype(path: str | Path) -> Archetype:
    """Read an ``.adl`` file; see :func:`parse_adl`.

    >>> from strukturjournal._resources import archetypes_dir
    >>> a = load_archetype(next(archetypes_dir().glob("observation/*.adl")))
    >>> a.archetype_id.is_valid
    True
    """
    path = Path(path)
    text, diagnostics = read_adl_text(path.read_bytes(), str(path))
    archetype = parse_adl(text, source=str(path))
    archetype.diagnostics[:0] = diagnostics
    return archetype
