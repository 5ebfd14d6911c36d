"""The web template (EHRbase/Better simplified format) of an operational template.

The tree and its filtering follow the EHRbase openEHR SDK (``OPTParser`` and ``Filter``), whose
published web templates are the reference; node ids follow the simplified-formats rules
(lower case, other characters to ``_``, letters such as æ, ø, å kept, ``2``, ``3``... for
clashing siblings).

>>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
>>> from strukturjournal.base import CodePhrase
>>> from strukturjournal.template import OperationalTemplate
>>> onto = ArchetypeOntology(term_definitions={"nb": {"at0000": ArchetypeTerm("at0000", {"text": "Måling"})}})
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.encounter.v1", ontology=onto), language=CodePhrase("ISO_639-1", "nb"))
>>> wt = to_web_template(t)
>>> wt["tree"]["id"], wt["tree"]["rmType"], wt["defaultLanguage"]
('måling', 'COMPOSITION', 'nb')
"""

from __future__ import annotations

from typing import Any

from strukturjournal.template import OperationalTemplate
from strukturjournal.template.web_tree import build_web_tree

__all__ = ["to_web_template"]

WEB_TEMPLATE_VERSION = "2.3"


def to_web_template(
    template: OperationalTemplate,
    lang: str | None = None,
    languages: list[str] | None = None,
    *,
    filtered: bool = True,
    id_separator: str = "",
) -> dict[str, Any]:
    """The web template JSON (as a dict) of ``template``.

    ``lang`` is the default language (names, labels); it must be the template's own language
    or one its terms carry. ``languages`` lists the languages of ``localizedNames`` (default:
    all the template has). ``filtered=False`` gives the SDK's unfiltered tree (every RM attribute).
    ``id_separator`` goes between a clashing sibling's id and its number: ``""`` gives ``time2``
    as EHRbase and Better publish it; ``"_"`` gives ``time_2``.

    >>> from strukturjournal.template.model import _example
    >>> wt = to_web_template(_example(), languages=["en", "nb"])
    >>> obs = next(c for c in wt["tree"]["children"] if c["rmType"] == "OBSERVATION")
    >>> obs["id"], obs["localizedNames"], obs["aqlPath"]
    ('x', {'en': 'X', 'nb': 'Iks'}, '/content[openEHR-EHR-OBSERVATION.x.v1]')
    """
    tree = build_web_tree(template, lang, languages, filtered=filtered, id_separator=id_separator)
    return {
        "templateId": template.template_id,
        "version": WEB_TEMPLATE_VERSION,
        "defaultLanguage": tree.lang,
        "languages": tree.languages,
        "tree": tree.root.to_json(),
    }
