"""The examples on Concepts > Free text to fields print what the page says."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "concepts" / "free-text.md"


def test_pycon_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"^```pycon\n(.*?)^```", PAGE.read_text("utf-8"), re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 3
    monkeypatch.chdir(ROOT)  # the to_entry example reads archetypes/ from a checkout
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {}
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"free-text.md block {number}", str(PAGE), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # later blocks use the names of earlier ones, as on the page
    assert runner.summarize(verbose=False).failed == 0


def test_page_is_in_the_nav() -> None:
    assert "concepts/free-text.md" in (ROOT / "mkdocs.yml").read_text("utf-8")
