"""The web template of a template, built once per template object (shared by the FLAT exporters).

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
>>> web_template(t) is web_template(t)
True
"""

from __future__ import annotations

from typing import Any

from strukturjournal.export.web_template import to_web_template
from strukturjournal.template import OperationalTemplate

__all__ = ["web_template"]

_CACHE: dict[int, tuple[OperationalTemplate, dict[str, Any]]] = {}


def web_template(template: OperationalTemplate) -> dict[str, Any]:
    """``to_web_template(template)`` in the template's language, cached; do not modify it.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> web_template(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="a")))["templateId"]
    't'
    """
    hit = _CACHE.get(id(template))
    if hit is None or hit[0] is not template:
        if len(_CACHE) > 128:
            _CACHE.clear()
        hit = (template, to_web_template(template))
        _CACHE[id(template)] = hit
    return hit[1]
