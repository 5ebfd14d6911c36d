"""The doctests of the checks package run with the test suite too."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import strukturjournal.checks as checks

MODULES = ["strukturjournal.checks", "strukturjournal.cli._lint"] + [
    f"strukturjournal.checks.{m.name}" for m in pkgutil.iter_modules(checks.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
