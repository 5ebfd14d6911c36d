"""Rules on one template node: exclusion, clones, occurrences, names, data types, units,
ranges, codes, text lists and defaults (the node-level steps OET and YAML templates share).

:class:`NodeRules` holds the rules; :class:`~strukturjournal.template._assemble.Assembler`
inherits them. Each rule works on one node of a template tree (a copy of the archetype's
definition) and says whether it applied.

* an excluded node (``max 0``) is removed from the tree, not kept with occurrences ``0..0``;
* a name override is a ``name`` attribute holding a ``DV_TEXT`` whose ``value`` is the name;
* a default is the ``default_value`` of the data value node (``DV_TEXT``, ``DV_CODED_TEXT``,
  ``DV_BOOLEAN``).

>>> el = CComplexObject("ELEMENT", "at0004")
>>> NodeRules().restrict_types(el, ["Quantity"]), el.attributes[0].children[0].rm_type_name
(True, 'DV_QUANTITY')
"""

from __future__ import annotations

import copy

from strukturjournal.aom import (
    ArchetypeOntology,
    ArchetypeTerm,
    CAttribute,
    CCodePhrase,
    CComplexObject,
    CDuration,
    CDvQuantity,
    CObject,
    CPrimitiveObject,
    CQuantityItem,
    CString,
)
from strukturjournal.base import Interval
from strukturjournal.template._raw import RawElement
from strukturjournal.template.model import node_key

__all__ = ["DATA_TYPES", "NodeRules", "fixed_name", "override_term", "set_name"]

#: OET / YAML data type names and the RM types they stand for.
DATA_TYPES: dict[str, tuple[str, ...]] = {
    "Boolean": ("DV_BOOLEAN",),
    "Coded_text": ("DV_CODED_TEXT",),
    "Count": ("DV_COUNT",),
    "Date": ("DV_DATE",),
    "Date_Time": ("DV_DATE_TIME",),
    "Duration": ("DV_DURATION",),
    "Identifier": ("DV_IDENTIFIER",),
    "Interval": ("DV_INTERVAL",),
    "MultiMedia": ("DV_MULTIMEDIA",),
    "Ordinal": ("DV_ORDINAL",),
    "Parsable": ("DV_PARSABLE",),
    "Proportion": ("DV_PROPORTION",),
    "Quantity": ("DV_QUANTITY",),
    "Scale": ("DV_SCALE",),
    "Text": ("DV_TEXT",),
    "Time": ("DV_TIME",),
    "URI": ("DV_URI", "DV_EHR_URI"),
}


def fixed_name(node: CObject) -> str | None:
    """The name a ``name`` attribute fixes on a node (one ``DV_TEXT`` value), if any.

    >>> n = CComplexObject("ELEMENT", "at0004")
    >>> set_name(n, "Systolisk")
    >>> fixed_name(n)
    'Systolisk'
    """
    if not isinstance(node, CComplexObject):
        return None
    attr = node.attribute("name")
    if attr is None or len(attr.children) != 1 or not isinstance(attr.children[0], CComplexObject):
        return None
    value = attr.children[0].attribute("value")
    if value is None or len(value.children) != 1:
        return None
    prim = value.children[0]
    if isinstance(prim, CPrimitiveObject) and isinstance(prim.item, CString) and len(prim.item.list) == 1:
        return prim.item.list[0]
    return None


def set_name(node: CComplexObject, name: str) -> None:
    """Fix the node's name: a ``name`` attribute holding a ``DV_TEXT`` whose value is ``name``.

    >>> n = CComplexObject("ELEMENT", "at0004")
    >>> set_name(n, " Puls ")
    >>> n.attributes[0].rm_attribute_name, fixed_name(n)
    ('name', 'Puls')
    """
    value = CPrimitiveObject(
        "STRING", None, Interval(1, 1), item=CString(list=[name.strip()])
    )
    text = CComplexObject(
        "DV_TEXT", None, Interval(1, 1), attributes=[CAttribute("value", [value], Interval(1, 1))]
    )
    node.attributes = [a for a in node.attributes if a.rm_attribute_name != "name"]
    node.attributes.insert(0, CAttribute("name", [text], Interval(1, 1)))


def override_term(ontology: ArchetypeOntology, lang: str, code: str, text: str) -> ArchetypeTerm:
    """Give the term ``code`` the text ``text`` in ``lang``: a new term replaces the old one.

    The old term object is not changed (it may be shared); its other items (``description``,
    ``comment``) are kept. A term the language lacks is created, its description taken from
    another language's term, else the text.

    >>> old = ArchetypeTerm("at0004", {"text": "Vekt", "description": "Målt vekt."})
    >>> onto = ArchetypeOntology(term_definitions={"nb": {"at0004": old}})
    >>> override_term(onto, "nb", "at0004", "Kroppsvekt").items, old.text
    ({'text': 'Kroppsvekt', 'description': 'Målt vekt.'}, 'Vekt')
    >>> override_term(onto, "nn", "at0004", "Kroppsvekt").description
    'Målt vekt.'
    """
    table = ontology.term_definitions.setdefault(lang, {})
    old = table.get(code) or next(
        (t[code] for t in ontology.term_definitions.values() if code in t), None
    )
    items = {k: str(v) for k, v in old.items.items()} if old is not None else {"description": text}
    if code not in table:
        items = {"text": text, "description": items.get("description", text)}
    items["text"] = text.strip()
    term = ArchetypeTerm(code, {"text": items.pop("text"), **items})
    table[code] = term
    return term


class NodeRules:
    """The rules that narrow one node; they keep no state.

    >>> NodeRules.values(CComplexObject("ELEMENT", "at1")).existence
    Interval(lower=0, upper=1, lower_included=True, upper_included=True)
    """

    @staticmethod
    def set_occurrences(node: CObject, lower: int | None, upper: int | None) -> None:
        """Narrow (or set) occurrences; ``None`` keeps that bound.

        >>> n = CComplexObject("ELEMENT", "at1", Interval(0, None))
        >>> NodeRules.set_occurrences(n, 1, None); n.occurrences
        Interval(lower=1, upper=None, lower_included=True, upper_included=True)
        """
        if lower is None and upper is None:
            return
        old = node.occurrences or Interval(1, 1)
        new_upper = upper if upper is not None else old.upper
        new_lower = lower if lower is not None else old.lower
        if new_upper is not None and new_lower is not None and new_lower > new_upper:
            new_lower = new_upper
        node.occurrences = Interval(new_lower, new_upper)


    @staticmethod
    def exclude(parent: CAttribute | None, node: CObject | CAttribute) -> None:
        """Remove a node from the tree (an attribute: all its children, existence ``0..0``).

        >>> el = CComplexObject("ELEMENT", "at0004")
        >>> items = CAttribute("items", [el])
        >>> NodeRules().exclude(items, el); items.children
        []
        """
        if isinstance(node, CAttribute):
            node.children = []
            node.existence = Interval(0, 0)
        elif parent is not None:
            parent.children = [c for c in parent.children if c is not node]

    @staticmethod
    def clone(parent: CAttribute, node: CObject, name: str) -> CObject:
        """A named copy of ``node`` placed after the node and its earlier copies.

        >>> el = CComplexObject("ELEMENT", "at0004")
        >>> items = CAttribute("items", [el])
        >>> c = NodeRules().clone(items, el, "Copy")
        >>> [fixed_name(x) for x in items.children]
        [None, 'Copy']
        """
        twin = copy.deepcopy(node)
        if isinstance(twin, CComplexObject):
            set_name(twin, name)
        key = node_key(node)
        last = max(i for i, c in enumerate(parent.children) if c is node or node_key(c) == key)
        parent.children.insert(last + 1, twin)
        return twin

    @staticmethod
    def values(node: CObject) -> CAttribute | None:
        """The ``value`` attribute of an ELEMENT (created when the archetype leaves it open).

        >>> NodeRules.values(CComplexObject("ELEMENT", "at1")).rm_attribute_name
        'value'
        """
        if not isinstance(node, CComplexObject):
            return None
        if node.rm_type_name != "ELEMENT":
            return None
        attr = node.attribute("value")
        if attr is None:
            attr = CAttribute("value", [], Interval(0, 1))
            node.attributes.append(attr)
        return attr

    def value_nodes(self, node: CObject, rm_types: tuple[str, ...]) -> list[CObject]:
        """The data value nodes of ``node`` (an ELEMENT, or the value node itself) of ``rm_types``.

        A missing one is added when the element allows any value.

        >>> el = CComplexObject("ELEMENT", "at1")
        >>> [n.rm_type_name for n in NodeRules().value_nodes(el, ("DV_TEXT",))]
        ['DV_TEXT']
        """
        if node.rm_type_name in rm_types:
            return [node]
        attr = self.values(node)
        if attr is None:
            return []
        found = [c for c in attr.children if c.rm_type_name.split("<")[0] in rm_types]
        if not found and not attr.children:
            new = CComplexObject(rm_types[0], None, Interval(1, 1))
            attr.children.append(new)
            found = [new]
        return found

    def restrict_types(self, node: CObject, names: list[str]) -> bool:
        """Keep only the data types ``names`` (OET names: ``Quantity``, ``Coded_text``...).

        >>> el = CComplexObject("ELEMENT", "at1", attributes=[CAttribute("value",
        ...     [CComplexObject("DV_TEXT"), CComplexObject("DV_COUNT")])])
        >>> NodeRules().restrict_types(el, ["Count"])
        True
        >>> [c.rm_type_name for c in el.attributes[0].children]
        ['DV_COUNT']
        """
        attr = self.values(node)
        if attr is None:
            return False
        wanted = [t for n in names for t in DATA_TYPES.get(n, (n,))]
        if not attr.children:
            attr.children = [
                CComplexObject(DATA_TYPES.get(n, (n,))[0], None, Interval(1, 1)) for n in names
            ]
            return True
        kept = [c for c in attr.children if c.rm_type_name.split("<")[0] in wanted]
        if not kept:
            return False
        attr.children = kept
        return True

    def restrict_units(
        self,
        node: CObject,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        ranges: dict[str, Interval[float]] | None = None,
        precision: dict[str, Interval[int]] | None = None,
    ) -> bool:
        """Narrow the units (and per unit, magnitude and precision) of quantity values.

        >>> from strukturjournal.aom import CDvQuantity, CQuantityItem
        >>> q = CDvQuantity("DV_QUANTITY", list=[CQuantityItem("Cel"), CQuantityItem("[degF]")])
        >>> el = CComplexObject("ELEMENT", "at1", attributes=[CAttribute("value", [q])])
        >>> NodeRules().restrict_units(el, exclude=["[degF]"],
        ...     ranges={"Cel": Interval(25.0, 45.0)})
        True
        >>> [(i.units, i.magnitude.upper) for i in q.list]
        [('Cel', 45.0)]
        """
        targets = [n for n in self.value_nodes(node, ("DV_QUANTITY",)) if isinstance(n, CDvQuantity)]
        if not targets:
            attr = self.values(node)
            if attr is None or attr.children:
                return False
            new = CDvQuantity("DV_QUANTITY", None, Interval(1, 1))
            attr.children.append(new)
            targets = [new]
        for q in targets:
            items = list(q.list)
            if include:
                items = [i for i in items if i.units in include] + [
                    CQuantityItem(u) for u in include if all(i.units != u for i in items)
                ]
            if exclude:
                items = [i for i in items if i.units not in exclude]
            for units, rng in (ranges or {}).items():
                item = next((i for i in items if i.units == units), None)
                if item is None:
                    item = CQuantityItem(units)
                    items.append(item)
                item.magnitude = rng
            for units, prec in (precision or {}).items():
                for i in items:
                    if i.units == units:
                        i.precision = prec
            q.list = items
        return True

    def restrict_codes(
        self,
        node: CObject,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
    ) -> bool:
        """Narrow coded values: ``local::at0037`` codes (or bare ``at0037``), or ``TERM::code``
        codes of an external terminology.

        >>> cp = CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at1", "at2"])
        >>> ct = CComplexObject("DV_CODED_TEXT", attributes=[CAttribute("defining_code", [cp])])
        >>> el = CComplexObject("ELEMENT", "at9", attributes=[CAttribute("value", [ct])])
        >>> NodeRules().restrict_codes(el, exclude=["local::at2"]), cp.code_list
        (True, ['at1'])
        """
        coded = [
            n for n in self.value_nodes(node, ("DV_CODED_TEXT", "DV_TEXT"))
            if isinstance(n, CComplexObject)
        ]
        if not coded:
            return False
        inc = [_split_code(c) for c in include or []]
        exc = {code for _, code in (_split_code(c) for c in exclude or [])}
        for n in coded:
            attr = n.attribute("defining_code")
            phrases = [c for c in attr.children if isinstance(c, CCodePhrase)] if attr else []
            if inc and (not phrases or any(t != (phrases[0].terminology_id or "local") for t, _ in inc)):
                terminology = inc[0][0]
                n.rm_type_name = "DV_CODED_TEXT"
                n.attributes = [a for a in n.attributes if a.rm_attribute_name != "defining_code"]
                n.attributes.append(CAttribute("defining_code", [CCodePhrase(
                    "CODE_PHRASE", None, Interval(1, 1), terminology_id=terminology,
                    code_list=[c for t, c in inc if t == terminology])], Interval(1, 1)))
                continue
            for cp in phrases:
                if inc:
                    wanted = [c for _, c in inc]
                    cp.code_list = [c for c in cp.code_list if c in wanted] or wanted
                cp.code_list = [c for c in cp.code_list if c not in exc]
                if cp.assumed_value is not None and cp.assumed_value not in cp.code_list:
                    cp.assumed_value = None
        return True

    def restrict_texts(self, node: CObject, values: list[str], open_list: bool = False) -> bool:
        """Offer a list of plain text values (``open_list``: other text allowed too).

        >>> el = CComplexObject("ELEMENT", "at9")
        >>> NodeRules().restrict_texts(el, ["Hip", "Knee"])
        True
        >>> el.attributes[0].children[0].attributes[0].children[0].item.list
        ['Hip', 'Knee']
        """
        texts = [n for n in self.value_nodes(node, ("DV_TEXT",)) if isinstance(n, CComplexObject)]
        if not texts:
            return False
        for n in texts:
            prim = CPrimitiveObject(
                "STRING", None, Interval(1, 1),
                item=CString(list=[v.strip() for v in values], list_open=open_list),
            )
            n.attributes = [a for a in n.attributes if a.rm_attribute_name != "value"]
            n.attributes.append(CAttribute("value", [prim], Interval(1, 1)))
        return True

    def restrict_durations(self, node: CObject, pattern: str | None, bounds: Interval[str] | None) -> bool:
        """Narrow duration values: an ADL duration pattern (``PYM``: years and months only) and
        a range of ISO 8601 durations.

        >>> el = CComplexObject("ELEMENT", "at9", attributes=[CAttribute("value", [CComplexObject("DV_DURATION")])])
        >>> NodeRules().restrict_durations(el, "PWD", Interval("P0W", "P60W"))
        True
        >>> item = el.attributes[0].children[0].attributes[0].children[0].item
        >>> item.pattern, item.range.upper
        ('PWD', 'P60W')
        """
        targets = [n for n in self.value_nodes(node, ("DV_DURATION",)) if isinstance(n, CComplexObject)]
        for n in targets:
            attr = n.attribute("value")
            old = attr.children[0] if attr is not None and len(attr.children) == 1 else None
            item = old.item if isinstance(old, CPrimitiveObject) and isinstance(old.item, CDuration) else CDuration()
            item = copy.copy(item)
            if pattern:
                item.pattern = pattern
            if bounds is not None:
                item.range = bounds
            n.attributes = [a for a in n.attributes if a.rm_attribute_name != "value"]
            n.attributes.append(CAttribute("value", [CPrimitiveObject("DURATION", None, Interval(1, 1), item=item)],
                                           Interval(1, 1)))
        return bool(targets)

    @staticmethod
    def restrict_name_codes(node: CObject, include: list[str], exclude: list[str]) -> bool:
        """Narrow the coded names a node may take (OET ``nameConstraint``): its ``name`` must be
        a ``DV_CODED_TEXT`` whose codes the archetype lists.

        >>> cp = CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at3", "at4", "at5"])
        >>> name = CComplexObject("DV_CODED_TEXT", attributes=[CAttribute("defining_code", [cp])])
        >>> ev = CComplexObject("EVALUATION", "at0", attributes=[CAttribute("name", [name])])
        >>> NodeRules.restrict_name_codes(ev, [], ["local::at4"]), cp.code_list
        (True, ['at3', 'at5'])
        """
        attr = node.attribute("name") if isinstance(node, CComplexObject) else None
        coded = [c for c in attr.children if isinstance(c, CComplexObject) and c.rm_type_name == "DV_CODED_TEXT"] if attr else []
        phrases = [p for c in coded if (d := c.attribute("defining_code")) is not None for p in d.children
                   if isinstance(p, CCodePhrase)]
        if not phrases:
            return False
        wanted = {code for _, code in (_split_code(c) for c in include)}
        unwanted = {code for _, code in (_split_code(c) for c in exclude)}
        for cp in phrases:
            codes = [c for c in cp.code_list if (not wanted or c in wanted) and c not in unwanted]
            if not codes:
                return False  # nothing left: the rule cannot mean that
            cp.code_list = codes
        return True

    def bind_terminology_query(self, node: CObject, terminology: str, query: str, language: str | None) -> bool:
        """A text whose values come from a terminology query (OET ``termQueryId``): the value
        becomes a coded text of that terminology, its code set named by a reference set URI.

        >>> el = CComplexObject("ELEMENT", "at9", attributes=[CAttribute("value", [CComplexObject("DV_TEXT")])])
        >>> NodeRules().bind_terminology_query(el, "WHO", "ATC", "en-GB")
        True
        >>> cp = el.attributes[0].children[0].attributes[0].children[0]
        >>> cp.terminology_id, cp.reference_set_uri
        ('WHO', 'terminology:WHO?subset=ATC&language=en-GB')
        """
        texts = [n for n in self.value_nodes(node, ("DV_TEXT", "DV_CODED_TEXT")) if isinstance(n, CComplexObject)]
        uri = f"terminology:{terminology}?subset={query}" + (f"&language={language}" if language else "")
        for n in texts:
            n.rm_type_name = "DV_CODED_TEXT"
            n.attributes = [a for a in n.attributes if a.rm_attribute_name not in ("defining_code", "value")]
            n.attributes.append(CAttribute("defining_code", [CCodePhrase(
                "CODE_PHRASE", None, Interval(1, 1), terminology_id=terminology, reference_set_uri=uri)], Interval(1, 1)))
        return bool(texts)

    def set_default(self, node: CObject, value: str) -> bool:
        """A default value: ``TERM::code::text`` (coded), ``true``/``false`` or plain text.

        >>> el = CComplexObject("ELEMENT", "at9")
        >>> NodeRules().set_default(el, "Hip")
        True
        >>> el.attributes[0].children[0].default_value.find_text("value")
        'Hip'
        """
        value = value.strip()
        parts = value.split("::", 2)
        if len(parts) == 3:
            targets = self.value_nodes(node, ("DV_CODED_TEXT", "DV_TEXT"))
            raw = RawElement("default_value", {"type": "DV_CODED_TEXT"}, children=[
                RawElement("value", text=parts[2].strip()),
                RawElement("defining_code", children=[
                    RawElement("terminology_id", children=[RawElement("value", text=parts[0].strip())]),
                    RawElement("code_string", text=parts[1].strip()),
                ]),
            ])
        elif value in ("true", "false") and self.value_nodes(node, ("DV_BOOLEAN",)):
            targets = self.value_nodes(node, ("DV_BOOLEAN",))
            raw = RawElement("default_value", {"type": "DV_BOOLEAN"}, children=[
                RawElement("value", text=value)])
        else:
            targets = self.value_nodes(node, ("DV_TEXT", "DV_CODED_TEXT"))
            raw = RawElement("default_value", {"type": "DV_TEXT"}, children=[
                RawElement("value", text=value)])
        complex_targets = [t for t in targets if isinstance(t, CComplexObject)]
        for t in complex_targets:
            t.default_value = copy.deepcopy(raw)
        return bool(complex_targets)



def _split_code(text: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split("::")]
    if len(parts) == 1:
        return "local", parts[0]
    return parts[0], parts[1]
