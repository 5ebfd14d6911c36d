"""Where the shipped data lives: inside the wheel, or at the repository root in a checkout.

>>> (grammars_dir() / "adl14.lark").is_file()
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    inside = _HERE / name  # installed wheel: strukturjournal/<name>
    if inside.is_dir():
        return inside
    checkout = _HERE.parent.parent / name  # source checkout: <root>/<name>
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"strukturjournal data folder {name!r} is missing from the installation")


def grammars_dir() -> Path:
    """The folder of ``.lark`` grammars."""
    return _data_dir("grammars")


def archetypes_dir() -> Path:
    """The folder of shipped archetypes and templates."""
    return _data_dir("archetypes")
