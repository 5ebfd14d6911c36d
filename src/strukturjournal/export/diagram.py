"""A template's tree as one self-contained SVG picture, laid out in Python (no JavaScript).

:func:`to_svg` draws the clinically meaningful nodes of an operational template: the
composition as the outer frame, and in it each archetype root, section, cluster, slot and
element as a box with its name (in the requested language, else English) over a line with
its type and occurrences, e.g. ``Systolisk blodtrykk`` over ``DV_QUANTITY · 0..1``. RM
containers (``ITEM_TREE``…, ``EVENT_CONTEXT``), a ``HISTORY`` with a single event and that
event are left out; an element under ``state``, ``protocol`` or ``context`` says so on its
type line. Each top-level subtree is a left-indented tree with connector lines; the subtrees
are stacked into one to three columns, chosen so the picture is about half again as wide as
it is high. A subtree too long for a column (a section holding every entry) is cut between
two of its children, and the next column repeats its ancestors as dotted boxes. Text widths
are estimated from Helvetica/Arial metrics with a margin, and every box's size and place
follow from them, so boxes never overlap.

The SVG needs no fonts, styles or scripts from elsewhere: it can be inlined in an HTML page or
saved as a file. It has ``role="img"``, an ``aria-label``, a ``<title>`` and a ``<desc>``
that spells the tree out for screen readers; each box has a ``<title>`` (a tooltip) with its
AQL path.

>>> from strukturjournal.aom import ArchetypeOntology, ArchetypeTerm, CArchetypeRoot, CAttribute
>>> from strukturjournal.aom import CComplexObject
>>> from strukturjournal.base import Interval
>>> from strukturjournal.template import OperationalTemplate
>>> terms = {"en": {"at0000": ArchetypeTerm("at0000", {"text": "Blood pressure"}),
...                 "at0004": ArchetypeTerm("at0004", {"text": "Systolic"})},
...          "nb": {"at0004": ArchetypeTerm("at0004", {"text": "Systolisk"})}}
>>> systolic = CComplexObject("ELEMENT", "at0004", occurrences=Interval(0, 1),
...     attributes=[CAttribute("value", [CComplexObject("DV_QUANTITY")])])
>>> bp = CArchetypeRoot("OBSERVATION", "at0000", archetype_id="openEHR-EHR-OBSERVATION.bp.v1",
...     attributes=[CAttribute("data", [systolic])],
...     ontology=ArchetypeOntology(term_definitions=terms))
>>> svg = to_svg(OperationalTemplate("bp.v1", "BP", bp))
>>> svg.startswith("<svg") and "Systolisk" in svg and "DV_QUANTITY · 0..1" in svg
True
"""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from strukturjournal.aom import ArchetypeSlot, CArchetypeRoot, CComplexObject, CObject
from strukturjournal.template import OperationalTemplate

__all__ = ["to_svg"]

#: RM containers left out of the picture; what they hold hangs from the node above them.
_CONTAINERS = {"ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE", "EVENT_CONTEXT"}
_EVENTS = {"EVENT", "POINT_EVENT", "INTERVAL_EVENT"}
#: Attributes whose name is shown on the type line of what hangs below them.
_WHERE = {"state", "protocol", "context"}

# geometry, in px
_FONT, _SMALL, _TITLE = 13.0, 11.0, 15.0
_PAD = 8.0  # inside a box, left and right
_BOX_H = 36.0  # a box: name line and type line
_ROW = _BOX_H + 6.0  # from one box to the next below it
_INDENT = 22.0  # a child box starts this far right of its parent's
_BLOCK_GAP = 16.0  # between two subtrees in a column
_COL_GAP = 20.0  # between columns
_FRAME = 14.0  # inside the composition frame
_HEAD_H = 48.0  # the composition's name and type lines
_MIN_COL = 180.0
_MAX_COLUMNS = 3
_ASPECT = 1.5  # width / height the column count aims at

_FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', sans-serif"
_INK, _MUTED, _LINE = "#212121", "#546e7a", "#90a4ae"
#: (fill, stroke, stroke width, dash) per kind of box
_STYLE = {
    "root": ("#e0f2f1", "#00796b", "1.5", None),
    "group": ("#f5f5f5", _LINE, "1", None),
    "element": ("#ffffff", _LINE, "1", None),
    "slot": ("#fff8e1", "#ffa000", "1.5", "4 3"),
}

# Advance widths (1/1000 em) of Helvetica/Arial for " " .. "~"; regular and bold.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584,
)  # fmt: skip
_OTHER = {"æ": 889, "Æ": 1000, "ø": 611, "Ø": 778, "–": 556, "—": 1000, "·": 278, "…": 1000}
_SAFETY = 1.08  # fonts differ a little; boxes err on the roomy side
_MAX_CHARS = 60  # a longer name or type line is cut with "…" (the tooltip has it whole)


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of ``text`` at ``size`` px.

    >>> round(_text_width("Puls", 13), 1)
    27.3
    """
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in unicodedata.normalize("NFC", text):
        if 32 <= ord(ch) < 127:
            units += table[ord(ch) - 32]
        elif ch in _OTHER:
            units += _OTHER[ch]
        elif unicodedata.east_asian_width(ch) in "WF":
            units += 1000
        else:  # accented letters are as wide as their base letter; 667 covers the wide ones
            base = unicodedata.normalize("NFD", ch)[0]
            units += table[ord(base) - 32] if 32 <= ord(base) < 127 else 667
    return units * size / 1000 * _SAFETY


# --------------------------------------------------------------------------- the tree


@dataclass
class _Node:
    label: str
    detail: str
    kind: str  # root | group | element | slot (and composition for the top)
    path: str
    children: list[_Node] = field(default_factory=list)


def _occurrences(node: CObject) -> str:
    occ = node.occurrences
    if occ is None:
        return "1..1"
    lo = occ.lower if occ.lower is not None else 0
    return f"{lo}..{'*' if occ.upper is None else occ.upper}"


def _name(template: OperationalTemplate, node: CObject, lang: str) -> str:
    """The node's name in ``lang``, else English, else the template language, else its id."""
    name = template.fixed_name(node, lang)
    if not name:
        terms = template.terms_of(node)
        name = next((terms[c].text for c in (lang, "en") if c in terms and terms[c].text), "")
    name = name or template.text_of(node) or node.node_id or node.rm_type_name
    return " ".join(name.split())  # one line, whatever the term holds


def _children(node: CObject) -> list[tuple[CObject, str]]:
    """(child, attribute name) of the nodes below ``node`` that carry an archetype node."""
    if not isinstance(node, CComplexObject):
        return []
    out: list[tuple[CObject, str]] = []
    for attr in node.attributes:
        if attr.rm_attribute_name in ("name", "value"):
            continue
        for child in attr.children:
            if child.is_prohibited:
                continue
            if isinstance(child, ArchetypeSlot | CArchetypeRoot) or (
                isinstance(child, CComplexObject)
                and (child.node_id or child.rm_type_name in _CONTAINERS)
            ):
                out.append((child, attr.rm_attribute_name))
    return out


def _kind(node: CObject, parent: CObject) -> str | None:
    """The kind of box drawn for ``node``, None when it is left out."""
    rm = node.rm_type_name
    if isinstance(node, ArchetypeSlot):
        return "slot"
    if isinstance(node, CArchetypeRoot):
        return "root"
    if not isinstance(node, CComplexObject) or not node.node_id or rm in _CONTAINERS:
        return None
    if rm == "ELEMENT":
        return "element"
    if rm == "HISTORY" and len(_children(node)) == 1:
        return None
    if rm in _EVENTS and parent.rm_type_name == "HISTORY" and len(_children(parent)) == 1:
        return None
    return "group"


def _detail(node: CObject, kind: str, where: str) -> str:
    if kind == "element" and isinstance(node, CComplexObject):
        value = node.attribute("value")
        types = [c.rm_type_name for c in value.children] if value is not None else []
        rm = " / ".join(types) or node.rm_type_name
    elif kind == "slot":
        rm = f"{node.rm_type_name} slot"
    else:
        rm = node.rm_type_name
    return " · ".join(part for part in (rm, _occurrences(node), where) if part)


def _below(template: OperationalTemplate, node: CObject, lang: str, where: str = "") -> list[_Node]:
    """The drawn nodes below ``node``, reached through the left-out ones."""
    out = []
    for child, attr in _children(node):
        here = attr if attr in _WHERE else where
        kind = _kind(child, node)
        if kind is None:
            out += _below(template, child, lang, here)
            continue
        out.append(
            _Node(
                label=_name(template, child, lang),
                detail=_detail(child, kind, here),
                kind=kind,
                path=child.path,
                children=_below(template, child, lang),
            )
        )
    return out


# --------------------------------------------------------------------------- layout


@dataclass
class _Row:
    """One line of the picture: a node at its depth in its top-level subtree (block)."""

    node: _Node
    depth: int
    block: int
    parents: list[_Node]  # the node's ancestors in its block, top first


@dataclass
class _Box:
    """A placed box; a ``ghost`` repeats, at the top of a column, an ancestor of what follows."""

    node: _Node
    depth: int
    x: float
    y: float
    width: float
    ghost: bool = False


def _shown(text: str) -> str:
    """``text`` as drawn: cut after ``_MAX_CHARS`` characters.

    >>> _shown("x" * 70)[-3:], len(_shown("x" * 70))
    ('xx…', 60)
    """
    return text if len(text) <= _MAX_CHARS else text[: _MAX_CHARS - 1].rstrip() + "…"


def _box_width(node: _Node) -> float:
    name = _text_width(_shown(node.label), _FONT, bold=node.kind == "root")
    return max(name, _text_width(_shown(node.detail), _SMALL)) + 2 * _PAD


def _rows(blocks: list[_Node]) -> list[_Row]:
    out: list[_Row] = []

    def walk(node: _Node, depth: int, block: int, parents: list[_Node]) -> None:
        out.append(_Row(node, depth, block, parents))
        for child in node.children:
            walk(child, depth + 1, block, [*parents, node])

    for i, block in enumerate(blocks):
        walk(block, 0, i, [])
    return out


def _stack_height(boxes: int, blocks: int) -> float:
    """Height of ``boxes`` boxes one under the other, in ``blocks`` subtrees."""
    gap = _ROW - _BOX_H
    return boxes * _ROW - gap + (blocks - 1) * (_BLOCK_GAP - gap)


class _Columns:
    """Cut the rows, in order, into columns so that the tallest column is as short as can be.

    A column may start at a block's first row; inside a block only if the block alone is taller
    than a fair share of the whole, and never between a box and its first child. A column that
    starts inside a block repeats the row's ancestors (ghost boxes) above it.
    """

    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows
        blocks = rows[-1].block + 1
        self.block_rows = [sum(1 for r in rows if r.block == b) for b in range(blocks)]
        self.total = _stack_height(len(rows), blocks)

    def height(self, i: int, j: int) -> float:
        """Height of a column holding rows ``i`` to ``j - 1``."""
        rows = self.rows
        return _stack_height(j - i + len(rows[i].parents), rows[j - 1].block - rows[i].block + 1)

    def may_start(self, i: int, fair: float) -> bool:
        row = self.rows[i]
        if i == 0 or row.depth == 0:
            return True
        oversized = _stack_height(self.block_rows[row.block], 1) > fair
        return oversized and row.depth <= self.rows[i - 1].depth

    def cut(self, k: int) -> list[tuple[int, int]]:
        """``k`` (or fewer) columns as (first row, end row) pairs."""
        n, fair = len(self.rows), 1.25 * self.total / k
        starts = [i for i in range(n) if self.may_start(i, fair)]
        best = {(0, 0): 0.0}  # (columns, end row) -> tallest column so far
        back: dict[tuple[int, int], int] = {}
        for c in range(1, k + 1):
            for j in [*starts[1:], n]:
                for i in starts:
                    if i >= j or (c - 1, i) not in best:
                        continue
                    cost = max(best[c - 1, i], self.height(i, j))
                    if cost < best.get((c, j), math.inf):
                        best[c, j], back[c, j] = cost, i
        c = min((c for c in range(1, k + 1) if (c, n) in best), key=lambda c: (best[c, n], c))
        out: list[tuple[int, int]] = []
        j = n
        while c:
            i = back[c, j]
            out.insert(0, (i, j))
            c, j = c - 1, i
        return out


def _place(rows: list[_Row], spans: list[tuple[int, int]]) -> tuple[list[list[_Box]], float, float]:
    """Boxes per column for the given column spans; with the columns' width and height."""
    columns: list[list[_Box]] = []
    x, height = _FRAME, 0.0
    for i, j in spans:
        first = rows[i]
        lines = [(p, d, first.block, True) for d, p in enumerate(first.parents)]
        lines += [(r.node, r.depth, r.block, False) for r in rows[i:j]]
        width = max(_MIN_COL, *(d * _INDENT + _box_width(n) for n, d, _, _ in lines))
        boxes: list[_Box] = []
        y, block = _HEAD_H, first.block
        for node, depth, in_block, ghost in lines:
            if in_block != block:
                y += _BLOCK_GAP - (_ROW - _BOX_H)
                block = in_block
            boxes.append(_Box(node, depth, x + depth * _INDENT, y, width - depth * _INDENT, ghost))
            y += _ROW
        columns.append(boxes)
        height = max(height, y - (_ROW - _BOX_H))
        x += width + _COL_GAP
    return columns, x - _COL_GAP, height


def _layout(blocks: list[_Node], header_width: float) -> tuple[list[list[_Box]], int, int]:
    """The boxes, column by column, and the picture's width and height.

    Tries one to ``_MAX_COLUMNS`` columns and keeps the layout whose shape is nearest
    ``_ASPECT``: wide enough to use the page, without making anyone scroll far.
    """
    width, height = header_width + 2 * _FRAME, _HEAD_H + _FRAME
    if not blocks:
        return [], math.ceil(width), math.ceil(height)
    rows = _rows(blocks)
    columns = _Columns(rows)
    best: tuple[float, list[list[_Box]], float, float] | None = None
    for k in range(1, _MAX_COLUMNS + 1):
        placed, w, h = _place(rows, columns.cut(k))
        score = abs(math.log(w / h / _ASPECT))
        if best is None or score < best[0] - 1e-9:
            best = (score, placed, w, h)
    assert best is not None
    _, placed, w, h = best
    return placed, math.ceil(max(width, w + _FRAME)), math.ceil(max(height, h + _FRAME))


# --------------------------------------------------------------------------- drawing


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str | float) -> ET.Element:
    el = ET.SubElement(parent, tag, {
        k.rstrip("_").replace("_", "-"): _num(v) if isinstance(v, float) else str(v)
        for k, v in attrs.items()
    })  # fmt: skip
    if text is not None:
        el.text = text
    return el


def _draw_box(svg: ET.Element, box: _Box) -> None:
    node = box.node
    fill, stroke, stroke_width, dash = _STYLE[node.kind]
    tip = f"{node.label} · {node.detail}\n{node.path}"
    if box.ghost:  # a repeat: dotted outline, no fill
        fill, stroke, stroke_width, dash = "none", _LINE, "1", "2 3"
        tip += "\n(continued from the previous column)"
    g = _sub(svg, "g")
    _sub(g, "title", tip)
    rect = _sub(
        g, "rect", x=box.x, y=box.y, width=box.width, height=_BOX_H, rx=4.0,
        fill=fill, stroke=stroke, stroke_width=stroke_width,
    )
    if dash:
        rect.set("stroke-dasharray", dash)
    ink = _MUTED if box.ghost else _INK
    name = _sub(g, "text", _shown(node.label), x=box.x + _PAD, y=box.y + 16, font_size=_FONT, fill=ink)
    if node.kind == "root":
        name.set("font-weight", "bold")
    _sub(g, "text", _shown(node.detail), x=box.x + _PAD, y=box.y + 30, font_size=_SMALL, fill=_MUTED)


def _connectors(column: list[_Box]) -> str:
    """Path data: from under each box down the left of its children, a tick to each child."""
    out: list[str] = []
    for i, box in enumerate(column):
        kids = []
        for below in column[i + 1 :]:
            if below.depth <= box.depth:
                break
            if below.depth == box.depth + 1:
                kids.append(below)
        if not kids:
            continue
        x = box.x + _INDENT / 2
        out.append(f"M{_num(x)} {_num(box.y + _BOX_H)}V{_num(kids[-1].y + _BOX_H / 2)}")
        out += [f"M{_num(x)} {_num(k.y + _BOX_H / 2)}H{_num(k.x)}" for k in kids]
    return "".join(out)


def _describe(node: _Node, depth: int = 0) -> str:
    """The tree in words: top-level subtrees as sentences, a nested one in brackets."""
    text = f"{node.label} ({node.detail})"
    if not node.children:
        return text
    if depth == 0:
        return text + ". " + " ".join(_describe(c, 1) + "." for c in node.children)
    inner = "; ".join(_describe(c, depth + 1) for c in node.children)
    return f"{text}: {inner}" if depth == 1 else f"{text} [{inner}]"


def to_svg(template: OperationalTemplate, lang: str = "nb") -> str:
    """The template's tree as a self-contained SVG document (a string, no XML declaration).

    Names are in ``lang`` where the template has them, else in English, else in the template's
    own language. Pass the result to a file (``.svg``) or inline it in HTML; it scales down to
    the width available (``max-width: 100%``).

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000",
    ...     archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> svg = to_svg(t, lang="en")
    >>> svg[:40], 'role="img"' in svg, "<title" in svg
    ('<svg xmlns="http://www.w3.org/2000/svg" ', True, True)
    """
    root = template.definition
    top = _Node(
        label=_name(template, root, lang),
        detail=" · ".join(p for p in (root.rm_type_name, template.template_id) if p),
        kind="composition",
        path=root.path,
        children=_below(template, root, lang),
    )
    header = max(_text_width(top.label, _TITLE, bold=True), _text_width(top.detail, _SMALL))
    columns, width, height = _layout(top.children, header)

    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"sj-tree-{template.template_id}-{lang}")
    count = 1 + len(_rows(top.children))
    label = f"Tree of the template {top.label} ({template.template_id}), {count} nodes"
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "width": str(width),
        "height": str(height),
        "viewBox": f"0 0 {width} {height}",
        "role": "img",
        "aria-label": label,
        "aria-describedby": f"{slug}-desc",
        "font-family": _FONT_FAMILY,
        "style": "max-width: 100%; height: auto",
        "lang": lang,
    }
    svg = ET.Element("svg")
    _sub(svg, "title", label, id=f"{slug}-title")
    _sub(svg, "desc", _describe(top), id=f"{slug}-desc")
    _sub(
        svg, "rect", x=1.0, y=1.0, width=float(width - 2), height=float(height - 2), rx=6.0,
        fill="#fafafa", stroke="#00796b", stroke_width="2",
    )
    _sub(svg, "text", top.label, x=_FRAME, y=22.0, font_size=_TITLE, font_weight="bold", fill=_INK)
    _sub(svg, "text", top.detail, x=_FRAME, y=37.0, font_size=_SMALL, fill=_MUTED)
    lines = "".join(_connectors(column) for column in columns)
    if lines:
        _sub(svg, "path", d=lines, fill="none", stroke=_LINE, stroke_width="1.2")
    for column in columns:
        for box in column:
            _draw_box(svg, box)
    # one element a line: readable source, and no blank line (which ends an HTML block in Markdown)
    opening = ET.tostring(ET.Element("svg", attrs), encoding="unicode").removesuffix(" />") + ">"
    inner = [ET.tostring(el, encoding="unicode") for el in svg]
    return "\n".join([opening, *inner, "</svg>"])
