"""Reading template XML (OPT, OET) safely, with each element's line kept for diagnostics.

defusedxml refuses DTDs with entities and external references; ElementTree itself does not
record line numbers, so the tree builder does.

>>> root, lines = parse_xml("<template>\\n  <id>x</id>\\n</template>", "opt", "t.opt")
>>> lines[id(root[0])]
2
>>> parse_xml("<template><oops></template>", "oet", "x.oet")
Traceback (most recent call last):
strukturjournal.errors.TemplateError: x.oet:1:19: not well-formed XML: mismatched tag: line 1, column 18
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from strukturjournal.diagnostics import Diagnostic, Span
from strukturjournal.errors import TemplateError

__all__ = ["parse_xml"]


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers each element's line."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        el = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(el)] = self.parser.parser.CurrentLineNumber
        return el


def parse_xml(text: str | bytes, kind: str, source: str | None) -> tuple[ET.Element, dict[int, int]]:
    """Parse ``text`` safely; returns the root and ``id(element) -> line``.

    Raises :class:`TemplateError` with a ``<kind>-syntax`` diagnostic (line and column) for XML
    that is not well-formed and ``<kind>-unsafe-xml`` for a DTD or external entity.
    """
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as e:
        line, col = getattr(e, "position", (None, None))
        message = f"not well-formed XML: {getattr(e, 'msg', None) or e}"
        diag = Diagnostic(f"{kind}-syntax", message, span=Span(line, None if col is None else col + 1, source=source))
        raise TemplateError(f"{diag.span}: {message}", [diag]) from None
    except DefusedXmlException as e:
        message = f"refused unsafe XML: {e}"
        diag = Diagnostic(f"{kind}-unsafe-xml", message, span=Span(source=source))
        raise TemplateError(f"{diag.span}: {message}", [diag]) from None
    return root, builder.lines
