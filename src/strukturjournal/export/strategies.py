"""Hypothesis strategies for FLAT compositions of a template (for property tests).

hypothesis is a test dependency: this module imports it, so nothing else in strukturjournal
imports this module (``import strukturjournal`` never loads hypothesis). Import it yourself in
tests.

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
>>> from hypothesis import strategies as st
>>> isinstance(flat_entries(t), st.SearchStrategy)
True
"""

from __future__ import annotations

from typing import Any

from strukturjournal.export.examples import generate_flat
from strukturjournal.template import OperationalTemplate

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError(
        "strukturjournal.export.strategies needs hypothesis (a test dependency): pip install hypothesis"
    ) from exc

__all__ = ["flat_entries"]


class _DrawChooser:
    """The generator's choices drawn from hypothesis (so failures shrink)."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw

    def include(self) -> bool:
        return bool(self.draw(st.booleans()))

    def index(self, n: int) -> int:
        return int(self.draw(st.integers(0, n - 1)))

    def integer(self, low: int, high: int) -> int:
        return int(self.draw(st.integers(low, high)))

    def real(self, low: float, high: float) -> float:
        value = self.draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        return float(min(max(round(value, 2), low), high))


def flat_entries(template: OperationalTemplate, lang: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """A strategy of valid FLAT compositions of ``template`` (see :func:`~strukturjournal.export.examples.example_entry`).

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=3, database=None)
    ... @given(flat_entries(t))
    ... def check(flat):
    ...     assert flat["composition/category|code"] == "433"
    >>> check()
    """

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        return generate_flat(template, _DrawChooser(draw), lang)

    return build()
