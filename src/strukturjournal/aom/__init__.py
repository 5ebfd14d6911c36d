"""The archetype object model (AOM 1.4): plain dataclasses, no parsing, no I/O.

>>> from strukturjournal.aom import CComplexObject, CAttribute
>>> CComplexObject("ELEMENT", "at0004").attributes
[]
"""

from strukturjournal.aom.archetype import Archetype, ArchetypeId
from strukturjournal.aom.constraints import (
    ArchetypeInternalRef,
    ArchetypeSlot,
    Assertion,
    CArchetypeRoot,
    Cardinality,
    CAttribute,
    CCodePhrase,
    CComplexObject,
    CDomainType,
    CDvOrdinal,
    CDvQuantity,
    CDvScale,
    CObject,
    COdinDomainType,
    ConstraintRef,
    CPrimitiveObject,
    CQuantityItem,
    Ordinal,
    ScaleItem,
)
from strukturjournal.aom.primitives import (
    CBoolean,
    CDate,
    CDateTime,
    CDuration,
    CInteger,
    CPrimitive,
    CReal,
    CString,
    CTime,
)
from strukturjournal.aom.terminology import ArchetypeOntology, ArchetypeTerm
from strukturjournal.aom.walk import find, iter_attributes, iter_nodes, split_path

__all__ = [
    "Archetype",
    "ArchetypeId",
    "ArchetypeInternalRef",
    "ArchetypeOntology",
    "ArchetypeSlot",
    "ArchetypeTerm",
    "Assertion",
    "CArchetypeRoot",
    "CAttribute",
    "CBoolean",
    "CCodePhrase",
    "CComplexObject",
    "CDate",
    "CDateTime",
    "CDomainType",
    "CDuration",
    "CDvOrdinal",
    "CDvQuantity",
    "CDvScale",
    "CInteger",
    "CObject",
    "COdinDomainType",
    "CPrimitive",
    "CPrimitiveObject",
    "CQuantityItem",
    "CReal",
    "CString",
    "CTime",
    "Cardinality",
    "ConstraintRef",
    "Ordinal",
    "ScaleItem",
    "find",
    "iter_attributes",
    "iter_nodes",
    "split_path",
]
