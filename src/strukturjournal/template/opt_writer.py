"""Writing an :class:`OperationalTemplate` as OPT 1.4 XML (re-imports equal).

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template.model import OperationalTemplate
>>> xml = to_opt(OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.c.v1")))
>>> "<template_id>" in xml and "<concept>T</concept>" in xml
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeOntology,
    ArchetypeSlot,
    ArchetypeTerm,
    Assertion,
    CArchetypeRoot,
    CAttribute,
    CBoolean,
    CCodePhrase,
    CComplexObject,
    CDate,
    CDateTime,
    CDuration,
    CDvOrdinal,
    CDvQuantity,
    CDvScale,
    CInteger,
    CObject,
    ConstraintRef,
    CPrimitive,
    CPrimitiveObject,
    CReal,
    CString,
    CTime,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.template._raw import NS, XSI, RawElement
from strukturjournal.template.model import OperationalTemplate

__all__ = ["to_opt"]

_XS = "http://www.w3.org/2001/XMLSchema"
_CR = "\ue00d"  # a private-use stand-in for a carriage return while serialising


def _el(
    parent: ET.Element, tag: str, text: str | None = None, xsi_type: str | None = None
) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if xsi_type is not None:
        el.set("xsi:type", xsi_type)
    if text is not None:
        el.text = text
    return el


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _interval(parent: ET.Element, tag: str, iv: Interval[Any] | None) -> None:
    if iv is None:
        return
    el = _el(parent, tag)
    _el(el, "lower_included", _fmt(iv.lower_included))
    _el(el, "upper_included", _fmt(iv.upper_included))
    _el(el, "lower_unbounded", _fmt(iv.lower is None))
    _el(el, "upper_unbounded", _fmt(iv.upper is None))
    if iv.lower is not None:
        _el(el, "lower", _fmt(iv.lower))
    if iv.upper is not None:
        _el(el, "upper", _fmt(iv.upper))


def _code_phrase(parent: ET.Element, tag: str, cp: CodePhrase) -> ET.Element:
    el = _el(parent, tag)
    tid = _el(el, "terminology_id")
    _el(tid, "value", cp.terminology_id)
    _el(el, "code_string", cp.code_string)
    return el


def _raw(parent: ET.Element, raw: RawElement) -> None:
    parent.append(raw.to_xml())


def _cobject(parent: ET.Element, tag: str, node: CObject) -> None:
    xtype = _xsi_type(node)
    el = _el(parent, tag, xsi_type=xtype)
    _el(el, "rm_type_name", node.rm_type_name)
    _interval(el, "occurrences", node.occurrences or Interval(1, 1))
    _el(el, "node_id", node.node_id or "")
    if isinstance(node, CComplexObject):
        for attr in node.attributes:
            _attribute(el, attr)
        if node.default_value is not None:
            _raw(el, node.default_value)
        if isinstance(node, CArchetypeRoot):
            _archetype_root(el, node)
    elif isinstance(node, ArchetypeSlot):
        for a in node.includes:
            _assertion(el, "includes", a)
        for a in node.excludes:
            _assertion(el, "excludes", a)
    elif isinstance(node, CPrimitiveObject):
        if node.item is not None:
            _primitive(el, node.item)
    elif isinstance(node, CCodePhrase):
        if node.assumed_value is not None:
            _code_phrase(
                el, "assumed_value", CodePhrase(node.terminology_id or "", node.assumed_value)
            )
        if node.reference_set_uri is not None:
            _el(el, "referenceSetUri", node.reference_set_uri)
        if node.terminology_id is not None:
            _el(_el(el, "terminology_id"), "value", node.terminology_id)
        for code in node.code_list:
            _el(el, "code_list", code)
    elif isinstance(node, CDvOrdinal | CDvScale):
        if node.assumed_value is not None:
            assumed = _el(
                el,
                "assumed_value",
                xsi_type="DV_ORDINAL" if isinstance(node, CDvOrdinal) else "DV_SCALE",
            )
            _el(assumed, "value", _fmt(node.assumed_value))
            match = [o.symbol for o in node.list if o.value == node.assumed_value]
            if match:
                _code_phrase(_el(assumed, "symbol"), "defining_code", match[0])
        for o in node.list:
            item = _el(el, "list")
            _code_phrase(_el(item, "symbol"), "defining_code", o.symbol)
            _el(item, "value", _fmt(o.value))
    elif isinstance(node, CDvQuantity):
        if isinstance(node.assumed_value, RawElement):
            _raw(el, node.assumed_value)
        if node.property is not None:
            _code_phrase(el, "property", node.property)
        for q in node.list:
            item = _el(el, "list")
            _interval(item, "magnitude", q.magnitude)
            _interval(item, "precision", q.precision)
            _el(item, "units", q.units)
    elif isinstance(node, ConstraintRef):
        _el(el, "reference", node.reference)
    elif isinstance(node, ArchetypeInternalRef):
        _el(el, "target_path", node.target_path)


def _xsi_type(node: CObject) -> str:
    if isinstance(node, CArchetypeRoot):
        return "C_ARCHETYPE_ROOT"
    if isinstance(node, CCodePhrase):
        return "C_CODE_REFERENCE" if node.reference_set_uri is not None else "C_CODE_PHRASE"
    names = {
        ArchetypeSlot: "ARCHETYPE_SLOT",
        CPrimitiveObject: "C_PRIMITIVE_OBJECT",
        CDvOrdinal: "C_DV_ORDINAL",
        CDvScale: "C_DV_SCALE",
        CDvQuantity: "C_DV_QUANTITY",
        ConstraintRef: "CONSTRAINT_REF",
        ArchetypeInternalRef: "ARCHETYPE_INTERNAL_REF",
        CComplexObject: "C_COMPLEX_OBJECT",
    }
    for cls, name in names.items():
        if isinstance(node, cls):
            return name
    raise TypeError(f"cannot write {type(node).__name__} as OPT XML")


def _attribute(parent: ET.Element, attr: CAttribute) -> None:
    multiple = attr.cardinality is not None
    el = _el(
        parent, "attributes", xsi_type="C_MULTIPLE_ATTRIBUTE" if multiple else "C_SINGLE_ATTRIBUTE"
    )
    _el(el, "rm_attribute_name", attr.rm_attribute_name)
    _interval(el, "existence", attr.existence or Interval(1, 1))
    for child in attr.children:
        _cobject(el, "children", child)
    if attr.cardinality is not None:
        card = _el(el, "cardinality")
        _el(card, "is_ordered", _fmt(attr.cardinality.is_ordered))
        _el(card, "is_unique", _fmt(attr.cardinality.is_unique))
        _interval(card, "interval", attr.cardinality.interval)


def _assertion(parent: ET.Element, tag: str, a: Assertion) -> None:
    el = _el(parent, tag)
    if a.tag is not None:
        _el(el, "tag", a.tag)
    _el(el, "string_expression", a.text)
    if a.target is None:
        return
    expr = _el(el, "expression", xsi_type="EXPR_BINARY_OPERATOR")
    _el(expr, "type", "Boolean")
    _el(expr, "operator", "2007")  # matches
    _el(expr, "precedence_overridden", "false")
    left = _el(expr, "left_operand", xsi_type="EXPR_LEAF")
    _el(left, "type", "String")
    _el(left, "item", a.target, xsi_type="xs:string")
    _el(left, "reference_type", "attribute")
    right = _el(expr, "right_operand", xsi_type="EXPR_LEAF")
    _el(right, "type", "C_STRING")
    item = _el(right, "item", xsi_type="C_STRING")
    if a.pattern is not None:
        _el(item, "pattern", a.pattern)
    _el(right, "reference_type", "constraint")


def _primitive(parent: ET.Element, item: CPrimitive) -> None:
    names = {
        CString: "C_STRING",
        CBoolean: "C_BOOLEAN",
        CInteger: "C_INTEGER",
        CReal: "C_REAL",
        CDate: "C_DATE",
        CTime: "C_TIME",
        CDateTime: "C_DATE_TIME",
        CDuration: "C_DURATION",
    }
    el = _el(parent, "item", xsi_type=names[type(item)])
    if isinstance(item, CString):
        if item.pattern is not None:
            _el(el, "pattern", item.pattern)
        for v in item.list:
            _el(el, "list", v)
        if item.list_open:
            _el(el, "list_open", "true")
    elif isinstance(item, CBoolean):
        _el(el, "true_valid", _fmt(item.true_valid))
        _el(el, "false_valid", _fmt(item.false_valid))
    elif isinstance(item, CDate | CTime | CDateTime | CDuration):
        if item.pattern is not None:
            _el(el, "pattern", item.pattern)
        for v in item.list:
            _el(el, "list", _fmt(v))
        _interval(el, "range", item.range)
    elif isinstance(item, CInteger | CReal):
        for v in item.list:
            _el(el, "list", _fmt(v))
        _interval(el, "range", item.range)
    if item.assumed_value is not None:
        _el(el, "assumed_value", _fmt(item.assumed_value))


def _term(parent: ET.Element, tag: str, term: ArchetypeTerm) -> None:
    el = _el(parent, tag)
    el.set("code", term.code)
    for key, value in term.items.items():
        _el(el, "items", str(value)).set("id", key)


def _bindings(parent: ET.Element, onto: ArchetypeOntology) -> None:
    for terminology, bindings in onto.term_bindings.items():
        tb = _el(parent, "term_bindings")
        tb.set("terminology", terminology)
        for code, value in bindings.items():
            item = _el(tb, "items")
            item.set("code", code)
            if isinstance(value, CodePhrase):
                _code_phrase(item, "value", value)


def _archetype_root(el: ET.Element, node: CArchetypeRoot) -> None:
    _el(_el(el, "archetype_id"), "value", node.archetype_id)
    if node.template_id is not None:
        _el(_el(el, "template_id"), "value", node.template_id)
    for terms in node.ontology.term_definitions.values():
        for term in terms.values():
            _term(el, "term_definitions", term)
    _bindings(el, node.ontology)


def _ontology(parent: ET.Element, tag: str, archetype_id: str, onto: ArchetypeOntology) -> None:
    el = _el(parent, tag)
    el.set("archetype_id", archetype_id)
    for lang, terms in onto.term_definitions.items():
        td = _el(el, "term_definitions")
        td.set("language", lang)
        for term in terms.values():
            _term(td, "items", term)
    _bindings(el, onto)


def to_opt(template: OperationalTemplate) -> str:
    """OPT 1.4 XML text (UTF-8 declaration, indented) for ``template``.

    Elements follow the order of the openEHR ``Template.xsd``: language, description, uid,
    template_id, concept, definition, ontology, component_ontologies, annotations,
    constraints, view.

    >>> from strukturjournal.template.model import _example
    >>> from strukturjournal.template.opt_reader import parse_opt
    >>> parse_opt(to_opt(_example())).node_at("/content[openEHR-EHR-OBSERVATION.x.v1]").archetype_id
    'openEHR-EHR-OBSERVATION.x.v1'
    """
    # Plain names throughout; the namespaces are declared on the root by hand.
    root = ET.Element("template", {"xmlns": NS, "xmlns:xsi": XSI})
    root.set("xmlns:xs", _XS)  # item xsi:type="xs:string" in slot assertions refers to it
    _code_phrase(root, "language", template.language)
    if template.description is not None:
        _raw(root, template.description)
    if template.uid is not None:
        _el(_el(root, "uid"), "value", template.uid)
    _el(_el(root, "template_id"), "value", template.template_id)
    _el(root, "concept", template.concept)
    _cobject(root, "definition", template.definition)
    if template.ontology is not None:
        _ontology(root, "ontology", template.ontology_archetype_id or "", template.ontology)
    for aid, onto in template.component_ontologies.items():
        _ontology(root, "component_ontologies", aid, onto)
    for ann in template.annotations:
        el = _el(root, "annotations")
        el.set("path", ann.path)
        for key, value in ann.items.items():
            _el(el, "items", value).set("id", key)
    if template.constraints is not None:
        _raw(root, template.constraints)
    if template.view is not None:
        _raw(root, template.view)
    ET.indent(root, space="  ")
    for el in root.iter():  # keep carriage returns: the XML parser would normalise a literal one
        if el.text and "\r" in el.text:
            el.text = el.text.replace("\r", _CR)
        for key, value in el.attrib.items():
            if "\r" in value:
                el.set(key, value.replace("\r", _CR))
    body = ET.tostring(root, encoding="unicode").replace(_CR, "&#13;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
