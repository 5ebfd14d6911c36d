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

from strukturjournal.export import to_svg
from strukturjournal.template import OperationalTemplate

__all__ = ["TemplatePage", "page_markdown", "render_index", "tree_html"]

ARCHETYPES_PAGE = "../reference/archetypes.md"


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


# --------------------------------------------------------------------------- tree picture


def tree_html(template: OperationalTemplate, lang: str = LANG) -> str:
    """The template's tree as an inline SVG (:func:`strukturjournal.export.to_svg`) in a ``div``.

    Raw HTML for Markdown: it starts a line and holds no blank line, so Markdown leaves it be.
    """
    return f'<div class="sj-tree">\n{to_svg(template, lang=lang)}\n</div>'


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
        "The template's tree in bokmål, drawn when this site is built (no script, so it shows "
        "offline too): the composition frames it all; each archetype (teal, in bold) heads its "
        "clusters and elements, each box with its data type and occurrences, and a dashed amber "
        "box is a slot. Item containers, a history with a single event and that event are left "
        "out; an element in `state`, `protocol` or `context` says so after its occurrences. "
        "Hover a box for its path.",
        "",
        tree_html(t),
        "",
        '<details class="note">',
        "<summary>The same tree in English</summary>",
        tree_html(t, "en"),
        "</details>",
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
