"""Reading OPT 1.4 XML (operational templates) into an :class:`OperationalTemplate`.

XML is read with :mod:`defusedxml`: no DTD entities, no external resources, no network.
Problems raise :class:`~strukturjournal.errors.TemplateError` whose diagnostics name the
file and line.

>>> t = parse_opt('''<template xmlns="http://schemas.openehr.org/v1"
...   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
...  <language><terminology_id><value>ISO_639-1</value></terminology_id><code_string>en</code_string></language>
...  <template_id><value>t.v1</value></template_id><concept>T</concept>
...  <definition xsi:type="C_ARCHETYPE_ROOT"><rm_type_name>COMPOSITION</rm_type_name>
...   <occurrences><lower>1</lower><upper>1</upper></occurrences><node_id>at0000</node_id>
...   <archetype_id><value>openEHR-EHR-COMPOSITION.c.v1</value></archetype_id>
...   <term_definitions code="at0000"><items id="text">C</items></term_definitions>
...  </definition></template>''')
>>> t.template_id, t.text_of(t.definition), t.definition.occurrences
('t.v1', 'C', Interval(lower=1, upper=1, lower_included=True, upper_included=True))
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strukturjournal.aom import (
    ArchetypeInternalRef,
    ArchetypeOntology,
    ArchetypeSlot,
    ArchetypeTerm,
    Assertion,
    CArchetypeRoot,
    Cardinality,
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
    CQuantityItem,
    CReal,
    CString,
    CTime,
    Ordinal,
    ScaleItem,
)
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.diagnostics import Diagnostic, Span
from strukturjournal.errors import TemplateError
from strukturjournal.template._raw import NS, XSI, RawElement, local_name
from strukturjournal.template._xml import parse_xml
from strukturjournal.template.model import Annotation, OperationalTemplate

__all__ = ["load_opt", "parse_opt"]

_XSI_TYPE = f"{{{XSI}}}type"


class _Reader:
    def __init__(self, source: str | None, lines: dict[int, int]) -> None:
        self.source = source
        self.lines = lines
        self.language = "en"

    # --- errors and small helpers
    def fail(self, el: ET.Element | None, message: str, code: str = "opt-invalid") -> TemplateError:
        line = self.lines.get(id(el)) if el is not None else None
        diag = Diagnostic(code, message, span=Span(line, None, source=self.source))
        return TemplateError(f"{diag.span}: {message}", [diag])

    @staticmethod
    def kids(el: ET.Element, tag: str) -> list[ET.Element]:
        return [c for c in el if local_name(c.tag) == tag]

    @staticmethod
    def kid(el: ET.Element, tag: str) -> ET.Element | None:
        for c in el:
            if local_name(c.tag) == tag:
                return c
        return None

    def text(self, el: ET.Element, tag: str, default: str | None = None) -> str | None:
        c = self.kid(el, tag)
        return default if c is None else (c.text or "").strip()

    def need(self, el: ET.Element, tag: str) -> str:
        value = self.text(el, tag)
        if value is None:
            raise self.fail(el, f"<{local_name(el.tag)}> lacks its required <{tag}>", "opt-missing")
        return value

    def convert(self, el: ET.Element, text: str, conv: Callable[[str], Any]) -> Any:
        try:
            return conv(text)
        except ValueError:
            raise self.fail(el, f"<{local_name(el.tag)}> has an invalid value {text!r}") from None

    def boolean(self, el: ET.Element, tag: str, default: bool) -> bool:
        value = self.text(el, tag)
        if value is None:
            return default
        if value not in ("true", "false", "1", "0"):
            raise self.fail(el, f"<{tag}> must be true or false, not {value!r}")
        return value in ("true", "1")

    def interval(
        self, el: ET.Element | None, conv: Callable[[str], Any] = int
    ) -> Interval[Any] | None:
        if el is None:
            return None
        lower = upper = None
        if (
            not self.boolean(el, "lower_unbounded", False)
            and (t := self.text(el, "lower")) is not None
        ):
            lower = self.convert(el, t, conv)
        if (
            not self.boolean(el, "upper_unbounded", False)
            and (t := self.text(el, "upper")) is not None
        ):
            upper = self.convert(el, t, conv)
        return Interval(
            lower,
            upper,
            self.boolean(el, "lower_included", True),
            self.boolean(el, "upper_included", True),
        )

    def code_phrase(self, el: ET.Element) -> CodePhrase:
        term = self.kid(el, "terminology_id")
        tid = self.text(term, "value", "") if term is not None else ""
        return CodePhrase(tid or "", self.text(el, "code_string", "") or "")

    # --- the tree
    def cobject(self, el: ET.Element, default_type: str = "C_COMPLEX_OBJECT") -> CObject:
        xtype = el.get(_XSI_TYPE, default_type)
        rm_type = self.need(el, "rm_type_name")
        occ = self.interval(self.kid(el, "occurrences"))
        node_id = self.text(el, "node_id", "")
        common: dict[str, Any] = {"rm_type_name": rm_type, "node_id": node_id, "occurrences": occ}
        if xtype in ("C_COMPLEX_OBJECT", "C_ARCHETYPE_ROOT"):
            attrs = [self.attribute(a) for a in self.kids(el, "attributes")]
            dv = self.kid(el, "default_value")
            default = RawElement.from_xml(dv) if dv is not None else None
            if xtype == "C_COMPLEX_OBJECT":
                return CComplexObject(**common, attributes=attrs, default_value=default)
            return self.archetype_root(el, common, attrs, default)
        if xtype == "ARCHETYPE_SLOT":
            return ArchetypeSlot(
                **common,
                includes=[self.assertion(a) for a in self.kids(el, "includes")],
                excludes=[self.assertion(a) for a in self.kids(el, "excludes")],
            )
        if xtype == "C_PRIMITIVE_OBJECT":
            item = self.kid(el, "item")
            return CPrimitiveObject(
                **common, item=self.primitive(item) if item is not None else None
            )
        if xtype in ("C_CODE_PHRASE", "C_CODE_REFERENCE"):
            term = self.kid(el, "terminology_id")
            assumed = self.kid(el, "assumed_value")
            return CCodePhrase(
                **common,
                terminology_id=self.text(term, "value") if term is not None else None,
                code_list=[(c.text or "").strip() for c in self.kids(el, "code_list")],
                assumed_value=self.text(assumed, "code_string") if assumed is not None else None,
                reference_set_uri=self.text(el, "referenceSetUri"),
            )
        if xtype == "C_DV_ORDINAL":
            assumed = self.kid(el, "assumed_value")
            return CDvOrdinal(
                **common,
                list=[
                    Ordinal(self.convert(o, self.need(o, "value"), int), self.symbol(o))
                    for o in self.kids(el, "list")
                ],
                assumed_value=self.convert(assumed, self.need(assumed, "value"), int)
                if assumed is not None
                else None,
            )
        if xtype == "C_DV_SCALE":
            assumed = self.kid(el, "assumed_value")
            return CDvScale(
                **common,
                list=[
                    ScaleItem(self.convert(o, self.need(o, "value"), float), self.symbol(o))
                    for o in self.kids(el, "list")
                ],
                assumed_value=self.convert(assumed, self.need(assumed, "value"), float)
                if assumed is not None
                else None,
            )
        if xtype == "C_DV_QUANTITY":
            prop = self.kid(el, "property")
            assumed = self.kid(el, "assumed_value")
            return CDvQuantity(
                **common,
                property=self.code_phrase(prop) if prop is not None else None,
                list=[
                    CQuantityItem(
                        self.text(q, "units", "") or "",
                        self.interval(self.kid(q, "magnitude"), float),
                        self.interval(self.kid(q, "precision"), int),
                    )
                    for q in self.kids(el, "list")
                ],
                assumed_value=RawElement.from_xml(assumed) if assumed is not None else None,
            )
        if xtype == "CONSTRAINT_REF":
            return ConstraintRef(**common, reference=self.need(el, "reference"))
        if xtype == "ARCHETYPE_INTERNAL_REF":
            return ArchetypeInternalRef(**common, target_path=self.need(el, "target_path"))
        raise self.fail(el, f"unknown constraint type xsi:type={xtype!r}", "opt-unknown-type")

    def symbol(self, el: ET.Element) -> CodePhrase:
        sym = self.kid(el, "symbol")
        code = self.kid(sym, "defining_code") if sym is not None else None
        if code is None:
            raise self.fail(el, "an ordinal lacks its <symbol>/<defining_code>", "opt-missing")
        return self.code_phrase(code)

    def archetype_root(
        self, el: ET.Element, common: dict[str, Any], attrs: list[CAttribute], default: Any
    ) -> CArchetypeRoot:
        aid = self.kid(el, "archetype_id")
        if aid is None:
            raise self.fail(el, "a C_ARCHETYPE_ROOT lacks its <archetype_id>", "opt-missing")
        tid = self.kid(el, "template_id")
        onto = ArchetypeOntology()
        terms: dict[str, ArchetypeTerm] = {}
        for td in self.kids(el, "term_definitions"):
            term = self.term(td)
            terms[term.code] = term
        if terms:
            onto.term_definitions[self.language] = terms
        for tb in self.kids(el, "term_bindings"):
            onto.term_bindings[tb.get("terminology", "")] = self.bindings(tb)
        return CArchetypeRoot(
            **common,
            attributes=attrs,
            default_value=default,
            archetype_id=self.text(aid, "value", "") or "",
            template_id=self.text(tid, "value") if tid is not None else None,
            ontology=onto,
        )

    def term(self, el: ET.Element) -> ArchetypeTerm:
        return ArchetypeTerm(
            el.get("code", ""),
            {i.get("id", ""): i.text or "" for i in self.kids(el, "items")},
        )

    def bindings(self, el: ET.Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in self.kids(el, "items"):
            value = self.kid(item, "value")
            out[item.get("code", "")] = self.code_phrase(value) if value is not None else None
        return out

    def attribute(self, el: ET.Element) -> CAttribute:
        xtype = el.get(_XSI_TYPE, "C_SINGLE_ATTRIBUTE")
        card = self.kid(el, "cardinality")
        cardinality = None
        if xtype == "C_MULTIPLE_ATTRIBUTE" or card is not None:
            if card is None:
                raise self.fail(el, "a C_MULTIPLE_ATTRIBUTE lacks its <cardinality>", "opt-missing")
            cardinality = Cardinality(
                self.interval(self.kid(card, "interval")) or Interval(0, None),
                self.boolean(card, "is_ordered", True),
                self.boolean(card, "is_unique", False),
            )
        return CAttribute(
            self.need(el, "rm_attribute_name"),
            [self.cobject(c) for c in self.kids(el, "children")],
            existence=self.interval(self.kid(el, "existence")),
            cardinality=cardinality,
        )

    def assertion(self, el: ET.Element) -> Assertion:
        expr = self.kid(el, "expression")
        target = pattern = None
        if expr is not None:
            left, right = self.kid(expr, "left_operand"), self.kid(expr, "right_operand")
            if left is not None:
                target = self.text(left, "item")
            item = self.kid(right, "item") if right is not None else None
            if item is not None:
                pattern = self.text(item, "pattern")
        text = self.text(el, "string_expression")
        if text is None:
            text = f"{target} matches {{/{pattern}/}}"
        return Assertion(text, tag=self.text(el, "tag"), target=target, pattern=pattern)

    def primitive(self, el: ET.Element) -> CPrimitive:
        xtype = el.get(_XSI_TYPE, "")
        assumed = self.text(el, "assumed_value")
        if xtype == "C_STRING":
            return CString(
                assumed_value=assumed,
                pattern=self.text(el, "pattern"),
                list=[(c.text or "").strip() for c in self.kids(el, "list")],
                list_open=self.boolean(el, "list_open", False),
            )
        if xtype == "C_BOOLEAN":
            return CBoolean(
                assumed_value=None if assumed is None else assumed in ("true", "1"),
                true_valid=self.boolean(el, "true_valid", True),
                false_valid=self.boolean(el, "false_valid", True),
            )
        if xtype in ("C_INTEGER", "C_REAL"):
            conv: Callable[[str], Any] = int if xtype == "C_INTEGER" else float
            cls = CInteger if xtype == "C_INTEGER" else CReal
            return cls(
                assumed_value=None if assumed is None else self.convert(el, assumed, conv),
                list=[self.convert(c, (c.text or "").strip(), conv) for c in self.kids(el, "list")],
                range=self.interval(self.kid(el, "range"), conv),
            )
        temporal = {
            "C_DATE": CDate,
            "C_TIME": CTime,
            "C_DATE_TIME": CDateTime,
            "C_DURATION": CDuration,
        }
        if xtype in temporal:
            return temporal[xtype](
                assumed_value=assumed,
                pattern=self.text(el, "pattern"),
                list=[(c.text or "").strip() for c in self.kids(el, "list")],
                range=self.interval(self.kid(el, "range"), str),
            )
        raise self.fail(el, f"unknown primitive constraint xsi:type={xtype!r}", "opt-unknown-type")

    # --- the template
    def ontology(self, el: ET.Element) -> ArchetypeOntology:
        onto = ArchetypeOntology()
        for td in self.kids(el, "term_definitions"):
            lang = td.get("language", "")
            onto.term_definitions.setdefault(lang, {}).update(
                {t.code: t for t in (self.term(i) for i in self.kids(td, "items"))}
            )
        for tb in self.kids(el, "term_bindings"):
            onto.term_bindings[tb.get("terminology", "")] = self.bindings(tb)
        return onto

    def template(self, root: ET.Element) -> OperationalTemplate:
        if local_name(root.tag) != "template":
            raise self.fail(
                root,
                f"the root element is <{local_name(root.tag)}>, not <template>",
                "opt-not-a-template",
            )
        if not root.tag.startswith(f"{{{NS}}}"):
            raise self.fail(
                root, f"<template> is not in the openEHR namespace {NS}", "opt-not-a-template"
            )
        lang_el = self.kid(root, "language")
        if lang_el is None:
            raise self.fail(root, "<template> lacks its required <language>", "opt-missing")
        language = self.code_phrase(lang_el)
        self.language = language.code_string
        tid = self.kid(root, "template_id")
        if tid is None or not self.text(tid, "value"):
            raise self.fail(root, "<template> lacks its required <template_id>", "opt-missing")
        definition = self.kid(root, "definition")
        if definition is None:
            raise self.fail(root, "<template> lacks its required <definition>", "opt-missing")
        tree = self.cobject(definition, "C_ARCHETYPE_ROOT")  # the schema's type for <definition>
        if not isinstance(tree, CComplexObject):
            raise self.fail(definition, "the <definition> is not a complex object")
        uid = self.kid(root, "uid")
        desc = self.kid(root, "description")
        onto = self.kid(root, "ontology")
        constraints = self.kid(root, "constraints")
        view = self.kid(root, "view")
        return OperationalTemplate(
            template_id=self.text(tid, "value") or "",
            concept=self.need(root, "concept"),
            definition=tree,
            language=language,
            uid=self.text(uid, "value") if uid is not None else None,
            description=RawElement.from_xml(desc) if desc is not None else None,
            ontology_archetype_id=onto.get("archetype_id") if onto is not None else None,
            ontology=self.ontology(onto) if onto is not None else None,
            component_ontologies={
                c.get("archetype_id", ""): self.ontology(c)
                for c in self.kids(root, "component_ontologies")
            },
            annotations=[
                Annotation(
                    a.get("path", ""),
                    {i.get("id", ""): (i.text or "").strip() for i in self.kids(a, "items")},
                )
                for a in self.kids(root, "annotations")
            ],
            constraints=RawElement.from_xml(constraints) if constraints is not None else None,
            view=RawElement.from_xml(view) if view is not None else None,
            source=self.source,
        )


def parse_opt(xml_text: str | bytes, *, source: str | None = None) -> OperationalTemplate:
    """Read OPT 1.4 XML text; ``source`` names the file in diagnostics.

    >>> try:
    ...     parse_opt("<template><oops></template>", source="x.opt")
    ... except TemplateError as e:
    ...     print(e.diagnostics[0].code, e.diagnostics[0].span)
    opt-syntax x.opt:1:19
    """
    root, lines = parse_xml(xml_text, "opt", source)
    return _Reader(source, lines).template(root)


def load_opt(path: str | Path) -> OperationalTemplate:
    """Read an OPT 1.4 file (bytes are handed to the XML parser, so its declared encoding wins).

    >>> load_opt("/nonexistent.opt")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent.opt'
    """
    p = Path(path)
    return parse_opt(p.read_bytes(), source=str(p))
