"""Exports of templates to other formats: the web template (simplified formats), FLAT <-> canonical
and FLAT <-> STRUCTURED conversion, a JSON Schema, examples of a template's FLAT compositions and
an SVG picture of its tree.

``strukturjournal.export.pydantic_model`` (pydantic) and ``strukturjournal.export.strategies``
(hypothesis) are imported on their own, so importing this package stays light.

>>> from strukturjournal.export import to_web_template, flat_to_canonical, to_json_schema
>>> callable(to_web_template) and callable(flat_to_canonical) and callable(to_json_schema)
True
"""

from strukturjournal.export.diagram import to_svg
from strukturjournal.export.examples import example_entry
from strukturjournal.export.flat import (
    FlatDecodeError,
    FlatEncodeError,
    canonical_to_flat,
    check_rm_types,
    flat_to_canonical,
)
from strukturjournal.export.json_schema import to_json_schema
from strukturjournal.export.web_template import to_web_template
from strukturjournal.template.simplified import flat_to_structured, structured_to_flat

__all__ = [
    "FlatDecodeError",
    "FlatEncodeError",
    "canonical_to_flat",
    "check_rm_types",
    "example_entry",
    "flat_to_canonical",
    "flat_to_structured",
    "structured_to_flat",
    "to_json_schema",
    "to_svg",
    "to_web_template",
]
