"""XML kept as read, for the parts of an OPT that are not modelled (description, default values).

>>> r = RawElement("value", text="true")
>>> RawElement.from_xml(r.to_xml()) == r
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

__all__ = ["NS", "XSI", "RawElement", "local_name"]

NS = "http://schemas.openehr.org/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def local_name(tag: str) -> str:
    """The tag without its namespace.

    >>> local_name("{http://schemas.openehr.org/v1}template")
    'template'
    """
    return tag.rsplit("}", 1)[-1]


@dataclass(slots=True, eq=True)
class RawElement:
    """An XML element as data: local tag, attributes (``xsi:type`` as ``type``), text, children.

    Text is stripped; namespaces are dropped (everything in an OPT is in the openEHR namespace).

    >>> RawElement("details", children=[RawElement("purpose", text="x")]).child("purpose").text
    'x'
    """

    tag: str
    attrib: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[RawElement] = field(default_factory=list)

    @classmethod
    def from_xml(cls, el: ET.Element) -> RawElement:
        """Read an ElementTree element (recursively).

        >>> RawElement.from_xml(ET.fromstring('<a x="1"><b>t</b></a>')).child("b").text
        't'
        """
        attrib = {}
        for key, value in el.attrib.items():
            attrib["type" if key in (f"{{{XSI}}}type", "xsi:type") else local_name(key)] = value
        return cls(
            local_name(el.tag),
            attrib,
            (el.text or "").strip(),
            [cls.from_xml(c) for c in el],
        )

    def to_xml(self) -> ET.Element:
        """An ElementTree element with plain names (the writer declares the default namespace).

        >>> ET.tostring(RawElement("value", {"type": "DV_TEXT"}, "x").to_xml())
        b'<value xsi:type="DV_TEXT">x</value>'
        """
        el = ET.Element(self.tag)
        for key, value in self.attrib.items():
            el.set("xsi:type" if key == "type" else key, value)
        if self.text:
            el.text = self.text
        el.extend(c.to_xml() for c in self.children)
        return el

    def child(self, tag: str) -> RawElement | None:
        """The first child with ``tag``.

        >>> RawElement("a").child("b") is None
        True
        """
        for c in self.children:
            if c.tag == tag:
                return c
        return None

    def find_text(self, *tags: str) -> str | None:
        """Text at a chain of child tags, e.g. ``find_text("language", "code_string")``.

        >>> RawElement("a", children=[RawElement("b", text="t")]).find_text("b")
        't'
        """
        node: RawElement | None = self
        for tag in tags:
            node = node.child(tag) if node is not None else None
        return None if node is None else node.text
