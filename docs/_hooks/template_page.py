"""The Markdown of a generated template page, and of the index of them all.

Part of the docs hook ``templates.py`` (which mkdocs loads with this folder on ``sys.path``).
A page shows the template's names and description, its archetypes, a tree picture, a form
preview and the table of its data fields (the last two from :mod:`template_form`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from template_form import LANG, SECOND, cell, data_leaves, esc, field_table, flat_fields, form_html

from strukturjournal.aom import ArchetypeSlot, CArchetypeRoot, CComplexObject, CObject
from strukturjournal.template import OperationalTemplate

__all__ = ["MAX_TREE_NODES", "TemplatePage", "mermaid_tree", "page_markdown", "render_index"]

MAX_TREE_NODES = 60
TREE_COLUMNS = 4  # archetype boxes side by side in the tree picture
ARCHETYPES_PAGE = "../reference/archetypes.md"

#: RM containers left out of the tree picture (see :func:`mermaid_tree`).
_CONTAINERS = {"ITEM_TREE", "ITEM_LIST", "ITEM_SINGLE", "ITEM_TABLE", "EVENT_CONTEXT"}
_EVENTS = {"EVENT", "POINT_EVENT", "INTERVAL_EVENT"}
#: Attributes whose name labels the edge into what hangs below them.
_EDGE_LABELS = {"state": "state", "protocol": "protocol", "context": "context"}


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


def page_markdown(page: TemplatePage) -> str:
    """The Markdown of ``page``: everything but the downloads, which are files of their own."""
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
            f"| {_LANG_NAMES.get(lang, lang)} (`{lang}`) | {cell(page.names.get(lang, ''))} "
            f"| {cell(purposes.get(lang, ''))} |"
        )
    md += [
        "",
        f"Downloads: [OPT 1.4]({short}.opt){{: download }} · "
        f"[web template JSON]({short}.web-template.json){{: download }}",
        "",
    ]
    if t.diagnostics:
        md += ['!!! warning "Warnings from the build"', ""]
        md += [f"    - `{esc(d)}`" for d in t.diagnostics]
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
        renamed = f"<br><small>archetype: {cell(own)}</small>" if own and own != nb else ""
        en = t.text_of(root, SECOND)
        if renamed:  # the template's own name in English, where the library keeps one
            en = page.names.get(SECOND, "") if root is t.definition else ""
        md.append(
            f"| {cell(nb)}{renamed} | {cell(en)} "
            f"| [`{root.archetype_id}`]({ARCHETYPES_PAGE}) | {cell(occ)} |"
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
    """The Markdown of ``templates/index.md``: a table row per template."""
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
            f"| [{cell(p.title)}]({p.short_name}.md) | `{p.template.template_id}` "
            f"| {cell(p.names.get('nb', ''))} | {roots} | {len(data_leaves(p.web_template))} |"
        )
    md.append("")
    return "\n".join(md)
