"""The generated template pages (docs/_hooks/templates.py) show what the library builds."""

from __future__ import annotations

import html
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from strukturjournal.template import parse_opt

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "_hooks" / "templates.py"
SVG = "{http://www.w3.org/2000/svg}"


def _load_hook() -> ModuleType:
    name = "sj_docs_templates_hook"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    # as mkdocs does: the hook's folder is on sys.path while it loads (for its helper modules)
    sys.path.insert(0, str(HOOK.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOK.parent))
    return module


hook = _load_hook()
YAMLS = hook.shipped_templates()


@pytest.fixture(scope="module")
def pages() -> dict[str, Any]:
    repo = hook.shipped_repository()
    return {p.name: hook.render_template(p, repo) for p in YAMLS}


def _section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"no '## {title}' section"
    return match.group(1)


def _leaves(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Leaf elements a user fills in: nodes with inputs not set from the context."""
    own = [node] if node.get("inputs") and not node.get("inContext") else []
    return own + [leaf for child in node.get("children", []) for leaf in _leaves(child)]


def _roots(node: dict[str, Any]) -> list[dict[str, Any]]:
    own = [node] if str(node.get("nodeId", "")).startswith("openEHR-") else []
    return own + [r for child in node.get("children", []) for r in _roots(child)]


def test_both_shipped_templates_are_found() -> None:
    assert {p.name for p in YAMLS} >= {"hjemmetjeneste.yml", "sykehjem_vekt.yml"}


@pytest.mark.parametrize("yml", [p.name for p in YAMLS])
def test_tree_picture_names_every_archetype_root(pages: dict[str, Any], yml: str) -> None:
    """The tree is inline SVG, in bokmål and (folded) in English: no script draws it."""
    page = pages[yml]
    tree = _section(page.markdown, "Tree")
    assert "```" not in tree and "mermaid" not in page.markdown
    pictures = re.findall(r"^<svg .*?^</svg>$", tree, re.MULTILINE | re.DOTALL)
    assert len(pictures) == 2
    for lang, picture in zip(("nb", "en"), pictures, strict=True):
        assert "\n\n" not in picture  # a blank line would end the HTML block in Markdown
        svg = ET.fromstring(picture)
        assert svg.get("lang") == lang
        texts = {t.text for t in svg.iter(f"{SVG}text")}
        roots = list(page.template.archetype_roots())
        assert len(roots) >= 2
        for root in roots:
            assert page.template.name_of(root, lang) in texts, root.archetype_id


@pytest.mark.parametrize("yml", [p.name for p in YAMLS])
def test_form_has_one_control_per_leaf_element(pages: dict[str, Any], yml: str) -> None:
    page = pages[yml]
    form = _section(page.markdown, "Form")
    controls = re.findall(r"<(input|select)\b[^>]*\bname=\"([^\"]+)\"", form)
    leaves = _leaves(page.web_template["tree"])
    assert leaves
    assert len(controls) == len(leaves)
    names = [html.unescape(name) for _, name in controls]
    assert len(set(names)) == len(names)
    kinds = dict(zip(names, (kind for kind, _ in controls), strict=True))
    by_rm = {leaf["rmType"] for leaf in leaves}
    assert ("select" in kinds.values()) == ("DV_CODED_TEXT" in by_rm or "DV_ORDINAL" in by_rm)
    # one fieldset per archetype root that has something to fill in
    assert form.count("<fieldset") == sum(1 for r in _roots(page.web_template["tree"]) if _leaves(r))
    # every coded value's bokmål label is offered
    for leaf in leaves:
        for item in next((i.get("list", []) for i in leaf["inputs"] if i.get("suffix") != "unit"), []):
            assert html.escape(item["localizedLabels"]["nb"], quote=True) in form


@pytest.mark.parametrize("yml", [p.name for p in YAMLS])
def test_field_table_paths_start_at_the_web_template_root(pages: dict[str, Any], yml: str) -> None:
    page = pages[yml]
    table = _section(page.markdown, "Data fields")
    first_cells = [line.split(" | ")[0] for line in table.splitlines() if line.startswith("| <code>")]
    codes = [c for cell in first_cells for c in re.findall(r"<code>(.*?)</code>", cell)]
    paths = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in codes]
    root = page.web_template["tree"]["id"]
    assert len(paths) >= len(_leaves(page.web_template["tree"]))
    assert all(p.startswith(root + "/") for p in paths), paths


@pytest.mark.parametrize("yml", [p.name for p in YAMLS])
def test_opt_reimports(pages: dict[str, Any], yml: str) -> None:
    page = pages[yml]
    again = parse_opt(page.files[f"templates/{page.short_name}.opt"])
    assert again.template_id == page.template.template_id
    assert [r.archetype_id for r in again.archetype_roots()] == [
        r.archetype_id for r in page.template.archetype_roots()
    ]


def test_index_links_every_page(pages: dict[str, Any]) -> None:
    index = hook.render_index(list(pages.values()))
    for page in pages.values():
        assert f"]({page.short_name}.md)" in index
