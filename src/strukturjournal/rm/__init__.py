"""The openEHR reference model (RM 1.1.0 with BASE 1.1.0) as facts the library can query.

The RM ships as a small generated JSON file (class names, ancestors, typed
properties); :meth:`RMModel.default` loads it. :func:`load_bmm` builds a model
from BMM schema files instead.

>>> rm = RMModel.default()
>>> rm.property_of("DV_QUANTITY", "units").type_name
'String'
>>> rm.is_descendant_of("POINT_EVENT", "EVENT")
True
"""

from strukturjournal.rm._bmm import BMMError, load_bmm
from strukturjournal.rm._classes import RMClass, RMProperty
from strukturjournal.rm._model import FACTS_FORMAT, RMModel
from strukturjournal.rm._types import (
    ARCHETYPE_PRIMITIVE_TYPES,
    archetype_primitive,
    format_type,
    parse_type,
    type_root,
)

__all__ = [
    "ARCHETYPE_PRIMITIVE_TYPES",
    "FACTS_FORMAT",
    "BMMError",
    "RMClass",
    "RMModel",
    "RMProperty",
    "archetype_primitive",
    "format_type",
    "load_bmm",
    "parse_type",
    "type_root",
]
