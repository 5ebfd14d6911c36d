"""MkDocs hook: a generated page for every YAML template shipped in ``archetypes/templates``.

Each template is built with the library (:func:`~strukturjournal.template.yaml_build.build_template`
on the shipped archetypes) while the site builds, so the pages show what the library makes of
the YAML, never a hand-written copy. For a template with ``short_name: x`` the hook adds, as
virtual files (nothing is written into ``docs/``):

* ``templates/x.md``: id, names, description, archetypes, a tree picture (SVG), a static form
  preview rendered from the web template, and a table of every data field with its FLAT path;
* ``templates/x.opt`` (the OPT 1.4 XML) and ``templates/x.web-template.json``;

plus ``templates/index.md`` listing them all, and a "Templates" section in the nav.
:func:`render_template` does the work for one template and is what the tests call.

The work is shared with two modules beside this one (mkdocs loads a hook with its folder on
``sys.path``): ``template_form.py`` reads the web template into the form preview and the field
table, ``template_page.py`` writes the page's Markdown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from template_form import LANG, data_leaves, flat_fields
from template_page import TemplatePage, page_markdown, render_index, tree_html

from strukturjournal._resources import archetypes_dir
from strukturjournal.errors import TemplateError
from strukturjournal.export.web_template import to_web_template
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import to_opt
from strukturjournal.template.yaml_build import build_template
from strukturjournal.template.yaml_spec import TemplateSpec

__all__ = [
    "TemplatePage",
    "data_leaves",
    "flat_fields",
    "render_index",
    "render_template",
    "shipped_templates",
    "tree_html",
]


# --------------------------------------------------------------------------- building


def shipped_templates() -> list[Path]:
    """The shipped YAML templates, sorted by file name."""
    return sorted((archetypes_dir() / "templates").glob("*.yml"))


def shipped_repository() -> ArchetypeRepository:
    """The shipped archetypes, without the invalid fixtures."""
    return ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)


def _spec(yaml_path: Path) -> TemplateSpec:
    return TemplateSpec.model_validate(yaml.safe_load(yaml_path.read_text("utf-8")))


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
    page.markdown = page_markdown(page)
    return page


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
