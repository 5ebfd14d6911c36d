"""Run the doctest examples of every module in :mod:`strukturjournal.rm`."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "strukturjournal.rm",
    "strukturjournal.rm._bmm",
    "strukturjournal.rm._classes",
    "strukturjournal.rm._model",
    "strukturjournal.rm._types",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
