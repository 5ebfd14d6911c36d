"""The web template node tree of an operational template, shared by the exports and validation.

The tree and its filtering follow the EHRbase openEHR SDK (``OPTParser`` and ``Filter``). Its
node ids are the segments of FLAT paths (``vital_signs/blood_pressure/any_event:0/systolic``),
so both the web template export and FLAT entry validation read them from here. Each node keeps
the template constraint it was built from in ``constraint``.

>>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
>>> from strukturjournal.template import OperationalTemplate
>>> onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Vital signs"})}})
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.encounter.v1", ontology=onto))
>>> tree = build_web_tree(t)
>>> tree.root.id, tree.lang, tree.root.constraint is t.definition
('vital_signs', 'en', True)
"""

from __future__ import annotations

from dataclasses import dataclass

from strukturjournal.template._wt_build import Builder
from strukturjournal.template._wt_filter import filter_tree
from strukturjournal.template._wt_model import AqlPath, WtInput, WtNode, WtValue, build_id
from strukturjournal.template.model import OperationalTemplate

__all__ = ["AqlPath", "WebTree", "WtInput", "WtNode", "WtValue", "build_id", "build_web_tree"]


@dataclass(slots=True)
class WebTree:
    """A built web template tree: the root node, its default language and its languages.

    >>> WebTree(WtNode(id="x", rm_type="COMPOSITION"), "nb", ["nb"]).root.full_id()
    'x'
    """

    root: WtNode
    lang: str
    languages: list[str]


def build_web_tree(
    template: OperationalTemplate,
    lang: str | None = None,
    languages: list[str] | None = None,
    *,
    filtered: bool = True,
    id_separator: str = "",
) -> WebTree:
    """Build the web template tree of ``template`` (see :func:`strukturjournal.export.to_web_template`).

    ``lang`` is the default language (names, labels); it must be one the template has.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> build_web_tree(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000",
    ...     archetype_id="c")), lang="xx")
    Traceback (most recent call last):
    ValueError: the template has no terms in language 'xx' (it has ['en'])
    """
    langs = list(languages) if languages else template.languages
    builder = Builder(template, langs)
    builder.id_separator = id_separator
    if lang is not None:
        if lang not in template.languages:
            raise ValueError(f"the template has no terms in language {lang!r} (it has {template.languages})")
        builder.lang = lang
    if builder.lang not in langs:
        langs.insert(0, builder.lang)
    tree = builder.build()
    if filtered:
        tree = filter_tree(tree, langs, id_separator)
    return WebTree(tree, builder.lang, langs)
