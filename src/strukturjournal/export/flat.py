"""FLAT compositions to canonical JSON and back, guided by the template's web template.

A FLAT path is made of web template node ids (``vital_signs/blood_pressure:0/any_event:0/
systolic|magnitude``); the web template gives each id its AQL path, so the canonical object
tree (composition, observation, history, event, item tree, element, quantity) can be built
from it, and read back. Structure nodes the web template hides (``HISTORY``, ``ITEM_TREE``)
are created from the template, with the template's names.

>>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
>>> from strukturjournal.base import CodePhrase
>>> from strukturjournal.template import OperationalTemplate
>>> onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Note"})}})
>>> t = OperationalTemplate("note.v1", "Note", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.note.v1", ontology=onto))
>>> flat = {"note/language|code": "en", "note/language|terminology": "ISO_639-1",
...         "note/territory|code": "NO", "note/territory|terminology": "ISO_3166-1",
...         "note/composer|name": "Kari"}
>>> comp = flat_to_canonical(flat, t)
>>> comp["_type"], comp["name"]["value"], comp["composer"]["name"]
('COMPOSITION', 'Note', 'Kari')
>>> back = canonical_to_flat(comp, t)
>>> {k: v for k, v in back.items() if k not in flat}  # the RM's mandatory category, defaulted
{'note/category|code': '433', 'note/category|value': 'event', 'note/category|terminology': 'openehr'}
"""

from __future__ import annotations

from typing import Any

from strukturjournal.diagnostics import Diagnostic
from strukturjournal.export._flat_codec import FlatDecodeError
from strukturjournal.export._flat_decode import flat_to_canonical
from strukturjournal.export._flat_encode import canonical_to_flat
from strukturjournal.export._flat_loss import FlatEncodeError
from strukturjournal.export._flat_tree import RM_VERSION
from strukturjournal.rm import RMModel

__all__ = [
    "RM_VERSION", "FlatDecodeError", "FlatEncodeError", "canonical_to_flat", "check_rm_types", "flat_to_canonical",
]

def check_rm_types(composition: Any, path: str = "") -> list[Diagnostic]:
    """Diagnostics for every ``_type`` that is not a class of the RM.

    The ITS JSON schema lets an object with an unknown ``_type`` pass (it falls through to the
    generic object); this catches it.

    >>> check_rm_types({"_type": "COMPOSITION", "name": {"_type": "DV_TXET", "value": "x"}})[0].path
    '/name'
    """
    rm = RMModel.default()
    out: list[Diagnostic] = []
    stack: list[tuple[Any, str]] = [(composition, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            rm_type = value.get("_type")
            if isinstance(rm_type, str) and not rm.has_class(rm_type.split("<", 1)[0]):
                out.append(
                    Diagnostic(
                        "unknown-rm-type",
                        f"{rm_type!r} is not a class of the openEHR reference model",
                        path=where or "/",
                        context={"type": rm_type},
                    )
                )
            stack += [(v, f"{where}/{k}") for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, f"{where}/{i}") for i, v in reversed(list(enumerate(value)))]
    return out
