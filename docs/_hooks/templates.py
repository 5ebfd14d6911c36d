"""MkDocs hook: a generated page for every YAML template shipped in ``archetypes/templates``.

Each template is built with the library (:func:`~strukturjournal.template.yaml_build.build_template`
on the shipped archetypes) while the site builds, so the pages show what the library makes of
the YAML, never a hand-written copy. For a template with ``short_name: x`` the hook adds, as
virtual files (nothing is written into ``docs/``):

* ``templates/x.md``: id, names, description, archetypes, a mermaid tree, a static form
  preview rendered from the web template, and a table of every data field with its FLAT path;
* ``templates/x.opt`` (the OPT 1.4 XML) and ``templates/x.web-template.json``;

plus ``templates/index.md`` listing them all, and a "Templates" section in the nav.
:func:`render_template` does the work for one template and is what the tests call.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from strukturjournal._resources import archetypes_dir
from strukturjournal.aom import ArchetypeSlot, CArchetypeRoot, CComplexObject, CObject
from strukturjournal.errors import TemplateError
from strukturjournal.export.web_template import to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, to_opt
from strukturjournal.template.yaml_build import build_template
from strukturjournal.template.yaml_spec import TemplateSpec

__all__ = [
    "TemplatePage",
    "data_leaves",
    "flat_fields",
    "render_index",
    "render_template",
    "shipped_templates",
]

LANG = "nb"  # labels in the pictures
SECOND = "en"  # the smaller label under each field
MAX_TREE_NODES = 60
TREE_COLUMNS = 4  # archetype boxes side by side in the tree picture
ARCHETYPES_PAGE = "../reference/archetypes.md"

#: RM containers left out of the tree picture (see :func:`mermaid_tree`).
_CONTAINERS = {"ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE", "EVENT_CONTEXT"}
_EVENTS = {"EVENT", "POINT_EVENT", "INTERVAL_EVENT"}
#: Attributes whose name labels the edge into what hangs below them.
_EDGE_LABELS = {"state": "state", "protocol": "protocol", "context": "context"}


# --------------------------------------------------------------------------- building


def shipped_templates() -> list[Path]:
    """The shipped YAML templates, sorted by file name."""
    return sorted((archetypes_dir() / "templates").glob("*.yml"))


def shipped_repository() -> ArchetypeRepository:
    """The shipped archetypes, without the invalid fixtures."""
    return ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)


def _spec(yaml_path: Path) -> TemplateSpec:
    return TemplateSpec.model_validate(yaml.safe_load(yaml_path.read_text("utf-8")))


@dataclass
class TemplatePage:
    """Everything generated for one template."""

    short_name: str
    title: str
    template: OperationalTemplate
    web_template: dict[str, Any]
    markdown: str
    opt: str
    web_template_json: str
    yaml_path: Path
    names: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, str]:
        """Virtual file path (relative to ``docs/``) -> content."""
        base = f"templates/{self.short_name}"
        return {
            f"{base}.md": self.markdown,
            f"{base}.opt": self.opt,
            f"{base}.web-template.json": self.web_template_json,
        }


def render_template(yaml_path: Path, repository: ArchetypeRepository) -> TemplatePage:
    """Build the template at ``yaml_path`` and render its page and downloads."""
    spec = _spec(yaml_path)
    short = spec.short_name or yaml_path.stem
    template = build_template(yaml_path, repository)
    wt = to_web_template(template, lang=LANG)
    names = dict(spec.name)
    names.setdefault(LANG, template.concept)
    title = names.get("en") or names.get(LANG) or template.concept
    opt = to_opt(template)
    page = TemplatePage(
        short_name=short,
        title=title,
        template=template,
        web_template=wt,
        markdown="",
        opt=opt,
        web_template_json=json.dumps(wt, ensure_ascii=False, indent=2) + "\n",
        yaml_path=yaml_path,
        names=names,
    )
    page.markdown = _page_markdown(page)
    return page


# --------------------------------------------------------------------------- helpers


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _occ(node: dict[str, Any]) -> str:
    lo, hi = node.get("min", 0), node.get("max", 1)
    return f"{lo}..{'*' if hi is None or hi < 0 else hi}"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range(validation: dict[str, Any] | None) -> str:
    """``0–300``, ``≥ 0``, ``> 0 and < 10``: the range of a web template ``validation``."""
    rng = (validation or {}).get("range")
    if not rng:
        return ""
    lo, hi = rng.get("min"), rng.get("max")
    lo_op, hi_op = rng.get("minOp", ">="), rng.get("maxOp", "<=")
    if lo is not None and hi is not None and lo_op == ">=" and hi_op == "<=":
        return f"{_num(lo)}–{_num(hi)}"
    sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
    parts = []
    if lo is not None:
        parts.append(f"{sym.get(lo_op, lo_op)} {_num(lo)}")
    if hi is not None:
        parts.append(f"{sym.get(hi_op, hi_op)} {_num(hi)}")
    return " and ".join(parts)


def _input(node: dict[str, Any], suffix: str) -> dict[str, Any] | None:
    return next((i for i in node.get("inputs", []) if i.get("suffix") == suffix), None)


def _units(node: dict[str, Any]) -> list[dict[str, Any]]:
    unit = _input(node, "unit")
    return list(unit.get("list", [])) if unit else []


def _choices(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The coded values (coded text, ordinal) a node offers, in order."""
    for inp in node.get("inputs", []):
        if inp.get("type") == "CODED_TEXT" and inp.get("suffix") != "unit" and inp.get("list"):
            return list(inp["list"])
    return []


def _label(item: dict[str, Any], lang: str) -> str:
    return item.get("localizedLabels", {}).get(lang) or item.get("label") or item.get("value", "")


def _name(node: dict[str, Any], lang: str) -> str:
    """The node's name in ``lang``; for the template language, its default name if need be.

    In another language a node without a localized name has none ('').
    """
    local = node.get("localizedNames", {}).get(lang)
    if local or lang != LANG:
        return local or ""
    return node.get("name") or node["id"]


def _small(node: dict[str, Any]) -> str:
    second = _name(node, SECOND)
    return f' <small lang="{SECOND}">{_esc(second)}</small>' if second else ""


def _is_archetype_root(node: dict[str, Any]) -> bool:
    return str(node.get("nodeId", "")).startswith("openEHR-")


def _choice_text(item: dict[str, Any], lang: str) -> str:
    text = _label(item, lang)
    return f"{item['ordinal']}: {text}" if "ordinal" in item else text


# --------------------------------------------------------------------------- web template walks


def _walk(
    node: dict[str, Any], path: str, out: list[tuple[str, dict[str, Any], list[dict[str, Any]]]],
    chain: list[dict[str, Any]],
) -> None:
    here = path
    out.append((here, node, chain))
    for child in node.get("children", []):
        seg = child["id"] + (":0" if child.get("max", 1) != 1 else "")
        _walk(child, f"{here}/{seg}", out, [*chain, node])


def flat_fields(web_template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every node with inputs, with the FLAT path of its value (no suffix).

    A FLAT path joins the web template ids from the root down; a node that may repeat
    (``max`` other than 1) carries ``:0``, the index of its first occurrence.
    """
    walked: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    tree = web_template["tree"]
    _walk(tree, tree["id"], walked, [])
    return [(path, node) for path, node, _ in walked if node.get("inputs")]


def field_paths(path: str, node: dict[str, Any]) -> list[str]:
    """The FLAT paths of a field: one per input, ``path|suffix`` (bare ``path`` without one)."""
    suffixes = [i.get("suffix") for i in node.get("inputs", [])]
    return [f"{path}|{s}" if s else path for s in suffixes] or [path]


def data_leaves(web_template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The fields a user fills in: nodes with inputs that are not set from the context.

    ``inContext`` nodes (composer, category, language, event time…) are filled in by the
    system that commits the composition, not typed into a form.
    """
    return [(p, n) for p, n in flat_fields(web_template) if not n.get("inContext")]


# --------------------------------------------------------------------------- mermaid tree


def _mm(text: str) -> str:
    return text.replace('"', "#quot;")


def _value_types(node: CComplexObject) -> list[str]:
    value = node.attribute("value")
    return [c.rm_type_name for c in value.children] if value is not None else []


def mermaid_tree(template: OperationalTemplate, lang: str = LANG) -> str:
    """A mermaid ``flowchart TD`` of the template.

    The composition is the outer box; in it each archetype root (and each cluster) is a box
    holding its elements one under the other, ``TREE_COLUMNS`` boxes to a row, so the picture
    stays narrow enough to read. Item containers
    (``ITEM_TREE``…, ``EVENT_CONTEXT``), a ``HISTORY`` with a single event and that single event
    are left out; an element in ``state``, ``protocol`` or ``context`` says so after its type.
    After ``MAX_TREE_NODES`` nodes the rest are counted in one ellipsis node.
    """
    lines = [
        '%%{init: {"flowchart": {"rankSpacing": 24, "nodeSpacing": 24, "subGraphTitleMargin": {"top": 4, "bottom": 8}}}}%%',
        "flowchart TD",
    ]
    styles: list[str] = []
    count = 0
    left_out = 0

    def drawn(node: CObject) -> tuple[str, str] | None:
        """(label, kind) of a node that is drawn, None for one that is left out."""
        rm = node.rm_type_name
        if isinstance(node, ArchetypeSlot):
            return f"slot: {template.text_of(node, lang) or rm}<br/>{rm}", "slot"
        if isinstance(node, CArchetypeRoot):
            return f"{template.name_of(node, lang)}<br/>{rm}", "root"
        if not isinstance(node, CComplexObject) or not node.node_id:
            return None
        if rm == "ELEMENT":
            return f"{template.name_of(node, lang)}<br/>{' / '.join(_value_types(node)) or rm}", "element"
        if rm in _CONTAINERS:
            return None
        if rm == "HISTORY" and len(_children(node)) == 1:
            return None
        if rm in _EVENTS and _single_event(node, template):
            return None
        return f"{template.name_of(node, lang)}<br/>{rm}", "group"

    def items(node: CObject, where: str = "") -> list[tuple[CObject, str, tuple[str, str]]]:
        """The drawn nodes below ``node``, through the left-out ones, with where they hang."""
        out = []
        for child, attr in _children(node):
            here = _EDGE_LABELS.get(attr, where)
            shown = drawn(child)
            if shown is None:
                out += items(child, here)
            else:
                out.append((child, here, shown))
        return out

    def render(node: CObject, where: str, shown: tuple[str, str], indent: str) -> str | None:
        nonlocal count, left_out
        if count >= MAX_TREE_NODES:
            left_out += 1 + sum(1 for _ in _descendants(node, items))
            return None
        name = f"n{count}"
        count += 1
        label, kind = shown
        below = items(node)
        if kind == "element" or kind == "slot" or not below:
            suffix = f" · {where}" if where else ""
            lines.append(f'{indent}{name}["{_mm(label + suffix)}"]:::{kind}')
            return name
        lines.append(f'{indent}subgraph {name} ["{_mm(label)}"]')
        lines.append(f"{indent}    direction TB")
        inner = [render(child, w, sh, indent + "    ") for child, w, sh in below]
        drawn_inner = [i for i in inner if i]
        if len(drawn_inner) > 1:
            lines.append(f"{indent}    " + " ~~~ ".join(drawn_inner))
        lines.append(f"{indent}end")
        styles.append(f"    class {name} {'root' if kind == 'root' else 'group'}Box")
        return name

    top_label = f"{template.name_of(template.definition, lang)}<br/>{template.definition.rm_type_name}"
    lines.append(f'    subgraph n0 ["{_mm(top_label)}"]')
    lines.append("        direction TB")
    count = 1
    top = [render(child, where, shown, "        ") for child, where, shown in items(template.definition)]
    top = [t for t in top if t]
    if left_out:
        lines.append(f'        more["… {left_out} more nodes"]:::more')
        top.append("more")
    # a grid of TREE_COLUMNS columns: each box sits under the one TREE_COLUMNS before it
    for i in range(TREE_COLUMNS, len(top)):
        lines.append(f"        {top[i - TREE_COLUMNS]} ~~~ {top[i]}")
    lines.append("    end")
    styles.append("    class n0 compositionBox")
    lines += styles
    lines += [
        "    classDef root fill:#e0f2f1,stroke:#00796b,stroke-width:2px",
        "    classDef element fill:#ffffff,stroke:#90a4ae",
        "    classDef slot fill:#fff8e1,stroke:#ffa000,stroke-dasharray:4 3",
        "    classDef more fill:#ffffff,stroke:#bdbdbd,stroke-dasharray:2 2",
        "    classDef compositionBox fill:#fafafa,stroke:#00796b,stroke-width:2px",
        "    classDef rootBox fill:#e0f2f1,stroke:#00796b,stroke-width:2px",
        "    classDef groupBox fill:#f5f5f5,stroke:#90a4ae",
    ]
    return "\n".join(lines)


def _descendants(node: CObject, items: Any) -> list[CObject]:
    out = []
    for child, _, _ in items(node):
        out.append(child)
        out += _descendants(child, items)
    return out


def _children(node: CObject) -> list[tuple[CObject, str]]:
    """Child constraint nodes below ``node`` that carry an archetype node (or are slots)."""
    if not isinstance(node, CComplexObject):
        return []
    out = []
    for attr in node.attributes:
        for child in attr.children:
            if isinstance(child, (ArchetypeSlot, CArchetypeRoot)) or (
                isinstance(child, CComplexObject)
                and (child.node_id or child.rm_type_name in _CONTAINERS)
                and attr.rm_attribute_name not in ("name", "value")
            ):
                out.append((child, attr.rm_attribute_name))
    return out


def _single_event(node: CObject, template: OperationalTemplate) -> bool:
    parent_path = node.path.rsplit("/", 1)[0]
    history = template.node_at(parent_path)
    return isinstance(history, CComplexObject) and len(_children(history)) == 1


# --------------------------------------------------------------------------- form preview


def _control(uid: str, path: str, node: dict[str, Any]) -> tuple[str, str]:
    """(control HTML, hint text) for one field."""
    rm = node["rmType"]
    required = " required" if node.get("min", 0) >= 1 else ""
    attrs = f'id="{_esc(uid)}" name="{_esc(path)}"{required}'
    choices = _choices(node)
    if rm == "DV_BOOLEAN":
        return f'<input type="checkbox" {attrs}>', ""
    if choices:
        options = ['<option value="">–</option>'] + [
            f'<option value="{_esc(c.get("value", ""))}">{_esc(_choice_text(c, LANG))}</option>'
            for c in choices
        ]
        return f"<select {attrs}>{''.join(options)}</select>", ""
    if rm == "DV_QUANTITY":
        units = _units(node)
        magnitude = _input(node, "magnitude") or {}
        first = _range(units[0].get("validation")) if units else _range(magnitude.get("validation"))
        prec = ((units[0].get("validation") if units else magnitude.get("validation")) or {}).get("precision")
        step = "any"
        if prec and prec.get("max") is not None:
            step = "1" if prec["max"] == 0 else f"{10 ** -prec['max']:g}"
        rng = ((units[0].get("validation") if units else magnitude.get("validation")) or {}).get("range", {})
        minmax = "".join(
            f' {k}="{_num(rng[k])}"' for k in ("min", "max") if rng.get(k) is not None
        )
        unit_text = " | ".join(_esc(u.get("value", "")) for u in units) or "any unit"
        hint = "; ".join(
            f"{u.get('value', '')}: {_range(u.get('validation'))}" for u in units if _range(u.get("validation"))
        )
        control = (
            f'<input type="number" step="{step}"{minmax} placeholder="{_esc(first)}" {attrs}>'
            f'<span class="sj-unit">{unit_text}</span>'
        )
        return control, hint if len(units) > 1 else ""
    kinds = {
        "DV_COUNT": "number",
        "DV_DATE_TIME": "datetime-local",
        "DV_DATE": "date",
        "DV_TIME": "time",
        "DV_PROPORTION": "number",
    }
    kind = kinds.get(rm, "text")
    validation = (node.get("inputs") or [{}])[0].get("validation")
    rng = (validation or {}).get("range", {})
    minmax = "".join(f' {k}="{_num(rng[k])}"' for k in ("min", "max") if rng.get(k) is not None)
    placeholder = _range(validation) or {"DV_DURATION": "PT15M"}.get(rm, "")
    ph = f' placeholder="{_esc(placeholder)}"' if placeholder else ""
    extra = minmax if kind == "number" else ""
    return f'<input type="{kind}"{extra}{ph} {attrs}>', ""


def _field_html(uid: str, path: str, node: dict[str, Any]) -> str:
    control, hint = _control(uid, path, node)
    star = '<abbr class="sj-req" title="required">*</abbr>' if node.get("min", 0) >= 1 else ""
    label = f'<label for="{_esc(uid)}">{_esc(_name(node, LANG))}{star}{_small(node)}</label>'
    title = node.get("localizedDescriptions", {}).get(LANG, "")
    tattr = f' title="{_esc(title)}"' if title else ""
    hint_html = f'<span class="sj-hint">{_esc(hint)}</span>' if hint else ""
    kind = "sj-field sj-check" if node["rmType"] == "DV_BOOLEAN" else "sj-field"
    return (
        f'<div class="{kind}" data-rm="{node["rmType"]}"{tattr}>{label}'
        f'<div class="sj-control">{control}{hint_html}</div></div>'
    )


def form_html(web_template: dict[str, Any], short_name: str) -> str:
    """A static HTML picture of a form: a fieldset per archetype root, a control per data field."""
    tree = web_template["tree"]
    paths = {id(n): p for p, n in data_leaves(web_template)}
    counter = iter(range(1_000_000))
    out: list[str] = []

    def fields(node: dict[str, Any], depth: int) -> None:
        for child in node.get("children", []):
            if id(child) in paths:
                out.append(_field_html(f"sj-{short_name}-{next(counter)}", paths[id(child)], child))
            elif _is_archetype_root(child):
                fieldset(child, depth + 1)
            elif child["rmType"] == "CLUSTER" and _has_leaf(child, paths):
                out.append(
                    f'<div class="sj-group"><div class="sj-group-title">{_esc(_name(child, LANG))}'
                    f"{_small(child)}</div>"
                )
                fields(child, depth)
                out.append("</div>")
            else:
                fields(child, depth)

    def fieldset(node: dict[str, Any], depth: int) -> None:
        if not _has_leaf(node, paths):
            return
        out.append(f'<fieldset class="sj-depth-{depth}">')
        out.append(
            f'<legend>{_esc(_name(node, LANG))}{_small(node)}'
            f' <span class="sj-occ">{_occ(node)}</span></legend>'
        )
        fields(node, depth)
        out.append("</fieldset>")

    # the composition's own fields (its context) first, then each content archetype
    own = dict(tree, children=[c for c in tree.get("children", []) if not _is_archetype_root(c)])
    out.append(f'<div class="sj-form" lang="{LANG}">')
    fieldset(own, 0)
    for child in tree.get("children", []):
        if _is_archetype_root(child):
            fieldset(child, 0)
    out.append("</div>")
    return "\n".join(out)


def _has_leaf(node: dict[str, Any], paths: dict[int, str]) -> bool:
    return id(node) in paths or any(_has_leaf(c, paths) for c in node.get("children", []))


# --------------------------------------------------------------------------- field table


def _code(text: str) -> str:
    """A FLAT path as code that may wrap after a ``/`` or before a ``|``, never inside a name."""
    escaped = _esc(text).replace("|", "<wbr>&#124;").replace("/", "/<wbr>")
    return f"<code>{escaped}</code>"


def _cell(text: str) -> str:
    return _esc(text).replace("|", "&#124;")


def _allowed(node: dict[str, Any]) -> list[str]:
    """The allowed values (coded texts, ordinals) or ranges (per unit) of a field."""
    choices = _choices(node)
    if choices:
        return [_choice_text(c, LANG) for c in choices]
    units = _units(node)
    if units:
        ranges = [(u.get("value", ""), _range(u.get("validation"))) for u in units]
        if len(ranges) == 1:
            return [ranges[0][1]] if ranges[0][1] else []
        return [f"{u}: {r}" for u, r in ranges if r]
    for inp in node.get("inputs", []):
        rng = _range(inp.get("validation"))
        if rng:
            return [rng]
    return []


def field_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """The fields as a markdown table inside ``<div class="sj-fields">`` (for its column widths)."""
    body = [
        '<div class="sj-fields" markdown>',
        "",
        "| FLAT path | Field (bokmål, English) | RM type, unit(s) | Allowed | Occurs |",
        "|---|---|---|---|---|",
    ]
    for path, node in rows:
        flat = "<br>".join(_code(p) for p in field_paths(path, node))
        second = _name(node, SECOND)
        label = _cell(_name(node, LANG)) + (f"<br><small>{_cell(second)}</small>" if second else "")
        units = ", ".join(f"<code>{_cell(u.get('value', ''))}</code>" for u in _units(node))
        rm = f"`{node['rmType']}`" + (f"<br>{units}" if units else "")
        allowed = "<br>".join(_cell(a) for a in _allowed(node))
        body.append(f"| {flat} | {label} | {rm} | {allowed} | {_occ(node)} |")
    body += ["", "</div>"]
    return "\n".join(body)


# --------------------------------------------------------------------------- page


def _purposes(template: OperationalTemplate) -> dict[str, str]:
    out: dict[str, str] = {}
    if template.description is None:
        return out
    for details in template.description.children:
        if details.tag == "details":
            lang = details.find_text("language", "code_string")
            purpose = details.find_text("purpose")
            if lang and purpose:
                out[lang] = purpose
    return out


_LANG_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def _page_markdown(page: TemplatePage) -> str:
    t, wt, short = page.template, page.web_template, page.short_name
    purposes = _purposes(t)
    langs = [lang for lang in ("nb", "nn", "en") if lang in page.names or lang in purposes]
    md = [
        f"# {page.title}",
        "",
        f"*Generated at build time from `archetypes/templates/{page.yaml_path.name}` by "
        "`docs/_hooks/templates.py`: the library builds the template from the shipped "
        "archetypes, and everything below is read from the result.*",
        "",
        f"**Template id** `{t.template_id}` · **short name** `{short}` · "
        f"**web template root** `{wt['tree']['id']}`",
        "",
        "| Language | Name | Description |",
        "|---|---|---|",
    ]
    for lang in langs:
        md.append(
            f"| {_LANG_NAMES.get(lang, lang)} (`{lang}`) | {_cell(page.names.get(lang, ''))} "
            f"| {_cell(purposes.get(lang, ''))} |"
        )
    md += [
        "",
        f"Downloads: [OPT 1.4]({short}.opt){{: download }} · "
        f"[web template JSON]({short}.web-template.json){{: download }}",
        "",
    ]
    if t.diagnostics:
        md += ['!!! warning "Warnings from the build"', ""]
        md += [f"    - `{_esc(d)}`" for d in t.diagnostics]
        md.append("")
    md += [
        "## Archetypes",
        "",
        "Each archetype the template uses, under the name it has in this template (bokmål and "
        "English); the archetype's own name is shown where the template renames it.",
        "",
        "| Bokmål | English | Archetype | Occurrences |",
        "|---|---|---|---|",
    ]
    for root in t.archetype_roots():
        occ = str(root.occurrences).strip("|") if root.occurrences is not None else ""
        nb, own = t.name_of(root, LANG), t.text_of(root, LANG)
        renamed = f"<br><small>archetype: {_cell(own)}</small>" if own and own != nb else ""
        en = t.text_of(root, SECOND)
        if renamed:  # the template's own name in English, where the library keeps one
            en = page.names.get(SECOND, "") if root is t.definition else ""
        md.append(
            f"| {_cell(nb)}{renamed} | {_cell(en)} "
            f"| [`{root.archetype_id}`]({ARCHETYPES_PAGE}) | {_cell(occ)} |"
        )
    leaves = data_leaves(wt)
    context = [(p, n) for p, n in flat_fields(wt) if n.get("inContext")]
    md += [
        "",
        "## Tree",
        "",
        "The template's constraint tree in bokmål: each archetype is a box holding its elements "
        "with their data types. Item containers, a history with a single event and that event are "
        "left out; an element in `state`, `protocol` or `context` says so after its type.",
        "",
        "```mermaid",
        mermaid_tree(t),
        "```",
        "",
        "## Form",
        "",
        "A static picture of a form for this template, drawn from its web template: one box per "
        "archetype, one control per data field (bokmål, with English below), units after the "
        "field and the allowed range as placeholder. Hover a field for its description; `*` marks "
        "a required field.",
        "",
        form_html(wt, short),
        "",
        "## Data fields",
        "",
        f"The {len(leaves)} fields a user fills in. A FLAT path joins the web template ids from the "
        "root; `:0` is the first occurrence of a node that may repeat, and `|suffix` names a part "
        "of the value.",
        "",
        field_table(leaves),
        "",
        '<details class="note" markdown>',
        f"<summary>The {len(context)} fields set from the context</summary>",
        "",
        "Composer, category, language, subject and times are filled in by the system that "
        "commits the composition, not typed into a form.",
        "",
        field_table(context),
        "",
        "</details>",
    ]
    md += [
        "",
        "## Build it yourself",
        "",
        "```text",
        f"strukturjournal template build archetypes/templates/{page.yaml_path.name} -o {short}.opt",
        f"strukturjournal template export archetypes/templates/{page.yaml_path.name} --format web-template",
        "```",
        "",
        "How the YAML format works: [Write a template](../howto/write-a-template.md).",
        "",
    ]
    return "\n".join(md)


def render_index(pages: list[TemplatePage]) -> str:
    md = [
        "# Templates",
        "",
        "The YAML templates shipped in `archetypes/templates/`, each built with the library when "
        "this site is built. A page shows the template's tree, a picture of its form and every "
        "data field with its FLAT path, and links to the generated OPT and web template.",
        "",
        "| Template | Id | Bokmål | Archetypes | Data fields |",
        "|---|---|---|---|---|",
    ]
    for p in pages:
        roots = sum(1 for _ in p.template.archetype_roots())
        md.append(
            f"| [{_cell(p.title)}]({p.short_name}.md) | `{p.template.template_id}` "
            f"| {_cell(p.names.get('nb', ''))} | {roots} | {len(data_leaves(p.web_template))} |"
        )
    md.append("")
    return "\n".join(md)


# --------------------------------------------------------------------------- mkdocs events

_pages: list[TemplatePage] | None = None


def _render_all() -> list[TemplatePage]:
    repo = shipped_repository()
    return [render_template(p, repo) for p in shipped_templates()]


def on_config(config: Any) -> Any:
    """Add a "Templates" section to the nav, before "Internals" (or at the end)."""
    from mkdocs.exceptions import PluginError

    global _pages
    try:
        _pages = _render_all()
    except TemplateError as exc:
        raise PluginError(f"a shipped template does not build: {exc}") from exc
    nav = config.get("nav")
    if nav is None:
        return config
    section = {"Templates": ["templates/index.md"] + [{p.title: f"templates/{p.short_name}.md"} for p in _pages]}
    nav[:] = [e for e in nav if not (isinstance(e, dict) and "Templates" in e)]
    at = next((i for i, e in enumerate(nav) if isinstance(e, dict) and "Internals" in e), len(nav))
    nav.insert(at, section)
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File, InclusionLevel

    pages = _pages if _pages is not None else _render_all()
    generated = {"templates/index.md": render_index(pages)}
    for p in pages:
        generated.update(p.files)
    for path, content in generated.items():
        files.append(
            File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED)
        )
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """``mkdocs serve`` rebuilds when a template or an archetype changes."""
    server.watch(str(archetypes_dir()))
    return server
