"""The documentation site builds cleanly, and what it documents exists."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DIRECTIVE = re.compile(r"^:::\s+([\w.]+)", re.MULTILINE)
ADL_BLOCK = re.compile(r"^```adl\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _directives() -> list[tuple[str, str]]:
    return [
        (str(page.relative_to(DOCS)), name)
        for page in _pages()
        for name in DIRECTIVE.findall(page.read_text("utf-8"))
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict``."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


def test_mkdocs_build_strict(site: Path) -> None:
    assert (site / "index.html").is_file()


def test_pictures_need_no_script_from_the_web(site: Path) -> None:
    """Every picture is SVG made at build time: no mermaid block, no mermaid (CDN) on any page;
    no web fonts either, so a page reads the same offline.

    (The theme's JavaScript bundle names a mermaid CDN, but fetches it only for a page holding
    a ``mermaid`` element; none does.)
    """
    assert "mermaid" not in (ROOT / "mkdocs.yml").read_text("utf-8")
    fenced = [str(p.relative_to(DOCS)) for p in _pages() if "```mermaid" in p.read_text("utf-8")]
    assert fenced == []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text("utf-8").lower()
        assert "mermaid" not in text and "unpkg.com" not in text, page.relative_to(site)
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page.relative_to(site)
    # the generated template pages carry their tree inline
    for page in (site / "templates").glob("*/index.html"):
        assert '<svg xmlns="http://www.w3.org/2000/svg" width=' in page.read_text("utf-8")
    # and the concept pages their pictures as files beside them
    assert {p.name for p in (site / "diagrams").glob("*.svg")} >= {
        "architecture.svg",
        "constraint-tree.svg",
        "diagnostic-sources.svg",
        "free-text-flow.svg",
        "template-narrowing.svg",
    }


def test_there_are_api_pages() -> None:
    assert len(_directives()) >= 8


@pytest.mark.parametrize(("page", "name"), _directives())
def test_directive_names_an_importable_module(page: str, name: str) -> None:
    try:
        importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"{page}: '::: {name}' does not name an importable module ({exc})")


def _adl_archetypes() -> list[tuple[str, str]]:
    return [
        (str(page.relative_to(DOCS)), block)
        for page in _pages()
        if page.relative_to(DOCS).as_posix() != "reference/codes.md"  # abbreviated, invalid on purpose
        for block in ADL_BLOCK.findall(page.read_text("utf-8"))
        if block.lstrip().startswith("archetype")
    ]



def test_docs_contain_a_whole_archetype() -> None:
    assert _adl_archetypes()


@pytest.mark.parametrize(("page", "text"), _adl_archetypes())
def test_archetypes_in_docs_parse_and_round_trip(page: str, text: str) -> None:
    from strukturjournal.adl import parse_adl, to_adl

    archetype = parse_adl(text, source=page)
    assert archetype.diagnostics == [], page
    assert parse_adl(to_adl(archetype)) == archetype


def test_index_example_prints_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ten-line example on the home page, run on the how-to's archetype."""
    index = (DOCS / "index.md").read_text("utf-8")
    code = re.search(r"^```python\n(.*?)^```", index, re.MULTILINE | re.DOTALL)
    shown = re.search(r"this prints:\n\n```text\n(.*?)^```", index, re.MULTILINE | re.DOTALL)
    assert code and shown
    (_, archetype), *_ = _adl_archetypes()
    (tmp_path / "openEHR-EHR-CLUSTER.home_visit_weight.v0.adl").write_text(archetype, "utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), "docs/index.md", "exec"), {})
    assert capsys.readouterr().out == shown.group(1)


def _codes_in_source() -> set[str]:
    """Codes passed as the first argument of ``Diagnostic(...)`` (or a ``note(...)``/``report(...)`` helper)."""
    codes = set()
    for path in (ROOT / "src" / "strukturjournal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ("Diagnostic", "note", "report") and isinstance(first, ast.Constant):
                codes.add(str(first.value))
    return codes


def test_every_diagnostic_code_has_a_section() -> None:
    """``Diagnostic.url`` points at ``reference/codes/#<code>``: each code needs that anchor."""
    page = (DOCS / "reference" / "codes.md").read_text("utf-8")
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", page))
    codes = _codes_in_source()
    assert codes
    missing = sorted(c for c in codes if c.lower() not in anchors)
    assert not missing, f"codes without a section in docs/reference/codes.md: {missing}"
