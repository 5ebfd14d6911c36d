"""Terminology rules: codes used in the definition are defined, languages complete, bindings tidy.

>>> from strukturjournal.adl import parse_adl
>>> a = parse_adl(EXAMPLE)
>>> [d.code for d in check_terminology(Context(a))]
['VATDF']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from strukturjournal.aom import (
    Archetype,
    CCodePhrase,
    CDvOrdinal,
    CObject,
    COdinDomainType,
    ConstraintRef,
)
from strukturjournal.base import CodePhrase
from strukturjournal.checks._common import (
    Context,
    code_depth,
    is_local_code,
    parent_code,
    specialisation_depth,
)
from strukturjournal.checks.bindings import check_bindings
from strukturjournal.diagnostics import Diagnostic

__all__ = [
    "EXAMPLE",
    "check_terminology",
    "declared_languages",
    "normalise_terminology_id",
    "used_codes",
]

EXAMPLE = """archetype (adl_version=1.4)
    openEHR-EHR-CLUSTER.demo.v1
concept
    [at0000]
language
    original_language = <[ISO_639-1::en]>
description
    original_author = <["name"] = <"A">>
    lifecycle_state = <"draft">
    details = <["en"] = <language = <[ISO_639-1::en]> purpose = <"x">>>
definition
    CLUSTER[at0000] matches {
        items cardinality matches {1..*; unordered} matches {
            ELEMENT[at0001] matches {
                value matches {DV_BOOLEAN matches {value matches {True}}}
            }
        }
    }
ontology
    term_definitions = <
        ["en"] = <items = <["at0000"] = <text = <"Demo"> description = <"Demo">>>>
    >
"""
"""A small archetype whose ELEMENT at0001 has no term (VATDF), for the doctests."""


def normalise_terminology_id(name: str) -> str:
    """A spelling-independent key of a terminology id (``SNOMED-CT``, ``Snomed`` -> ``snomed``).

    >>> normalise_terminology_id("SNOMED-CT"), normalise_terminology_id("Snomed"), normalise_terminology_id("LOINC")
    ('snomed', 'snomed', 'loinc')
    """
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    if key.startswith("snomed"):
        return "snomed"
    return key


def _phrase_codes(value: Any, out: list[tuple[str, str]]) -> None:
    """Terminology and code of every CodePhrase inside parsed ODIN."""
    if isinstance(value, CodePhrase):
        out.append((value.terminology_id, value.code_string))
    elif isinstance(value, dict):
        for v in value.values():
            _phrase_codes(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _phrase_codes(v, out)


def used_codes(node: CObject) -> list[tuple[str, str]]:
    """(terminology, code) pairs a node uses besides its node id.

    >>> used_codes(CCodePhrase("CODE_PHRASE", terminology_id="local", code_list=["at1", "at2"]))
    [('local', 'at1'), ('local', 'at2')]
    """
    out: list[tuple[str, str]] = []
    if isinstance(node, CCodePhrase) and node.terminology_id:
        out += [(node.terminology_id, c) for c in node.code_list]
        if node.assumed_value:
            out.append((node.terminology_id, node.assumed_value))
    elif isinstance(node, CDvOrdinal):
        out += [(o.symbol.terminology_id, o.symbol.code_string) for o in node.list]
    elif isinstance(node, ConstraintRef):
        out.append(("local", node.reference))
    elif isinstance(node, COdinDomainType):
        _phrase_codes(node.data, out)
    return out


def check_terminology(ctx: Context) -> Iterator[Diagnostic]:
    """VATCD, VATDF, VACDF, VOTM, VTLC, VTSD, the binding keys (VTTBK, VTCBK: see
    :func:`~strukturjournal.checks.bindings.check_bindings`), and the warnings W-UNUSED-TERM,
    W-TRANSLATION-AUTHOR and W-BINDING-SPELLING.

    >>> from strukturjournal.adl import parse_adl
    >>> [d.code for d in check_terminology(Context(parse_adl(EXAMPLE.replace("at0001", "at0001.1"))))]
    ['VATCD', 'VATDF']
    """
    a = ctx.archetype
    onto = a.ontology
    depth = specialisation_depth(a)
    used: set[str] = set()
    terminology_ids: dict[str, set[str]] = {}
    for node in a.iter_nodes():
        codes = [("local", node.node_id)] if node.node_id else []
        codes += used_codes(node)
        reported: set[str] = set()
        for terminology, code in codes:
            if terminology != "local":
                terminology_ids.setdefault(normalise_terminology_id(terminology), set()).add(
                    terminology
                )
                continue
            if not is_local_code(code) or code in reported:
                continue
            reported.add(code)
            used.add(code)
            up = code
            while "." in up:  # a specialised code uses the codes it specialises
                up = parent_code(up)
                used.add(up)
            if code_depth(code) > depth:
                yield ctx.diag(
                    "VATCD",
                    f"code {code} is more specialised than the archetype (depth {depth})",
                    node,
                    code=code,
                )
            if code.startswith("ac"):
                if not onto.has_term(code):
                    yield ctx.diag(
                        "VACDF",
                        f"constraint code {code} is not in the constraint definitions",
                        node,
                        code=code,
                    )
            elif not onto.has_term(code):
                yield ctx.diag(
                    "VATDF", f"code {code} is not in the term definitions", node, code=code
                )
    yield from _unused(ctx, used, depth)
    yield from _languages(ctx)
    yield from _specialisation_levels(ctx, depth, used)
    yield from check_bindings(ctx)
    yield from _translations(ctx)
    for terminology in (
        *onto.term_bindings,
        *onto.constraint_bindings,
        *onto.terminologies_available,
    ):
        terminology_ids.setdefault(normalise_terminology_id(terminology), set()).add(terminology)
    for spellings in terminology_ids.values():
        if len(spellings) > 1:
            names = ", ".join(sorted(spellings))
            yield ctx.diag(
                "W-BINDING-SPELLING",
                f"one terminology is spelt in different ways: {names}",
                path=None,
                spellings=sorted(spellings),
            )


def _unused(ctx: Context, used: set[str], depth: int) -> Iterator[Diagnostic]:
    """W-UNUSED-TERM; a code deeper than the archetype is left to VTSD."""
    a = ctx.archetype
    onto = a.ontology
    for code in sorted(onto.term_codes() - used - {a.concept, a.definition.node_id}):
        if code_depth(code) <= depth:
            yield ctx.diag(
                "W-UNUSED-TERM",
                f"term {code} ({a.text_of(code)!r}) is not used in the definition",
                code=code,
            )
    for code in sorted(onto.constraint_codes() - used):
        if code_depth(code) <= depth:
            yield ctx.diag(
                "W-UNUSED-TERM", f"constraint code {code} is not used in the definition", code=code
            )


def declared_languages(a: Archetype) -> list[str]:
    """The languages an archetype declares: the original language, the translations and the
    languages of the description's ``details`` (in that order, without repeats).

    >>> from strukturjournal.aom import ArchetypeId
    >>> a = Archetype(ArchetypeId("openEHR-EHR-CLUSTER.x.v1"), translations={"nb": {}},
    ...               description={"details": {"en": {}, "de": {}}})
    >>> declared_languages(a)
    ['en', 'nb', 'de']
    """
    details = a.description.get("details")
    return list(dict.fromkeys([*a.languages, *(details if isinstance(details, dict) else {})]))


def _languages(ctx: Context) -> Iterator[Diagnostic]:
    """VOTM: every declared language has term (and constraint) definitions; VTLC: every code of
    a table is defined in each of the table's languages."""
    a = ctx.archetype
    onto = a.ontology
    declared = declared_languages(a)
    for table, what in (
        (onto.term_definitions, "term_definitions"),
        (onto.constraint_definitions, "constraint_definitions"),
    ):
        every = {code for terms in table.values() for code in terms}
        if what == "constraint_definitions" and not every:
            continue  # no ac-codes: the section is not needed in any language
        for lang in declared:
            if lang not in table:
                yield ctx.diag(
                    "VOTM",
                    f"language '{lang}' is declared but has no {what}",
                    language=lang,
                    section=what,
                )
        for lang, terms in table.items():
            missing = sorted(every - set(terms))
            if missing:
                shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
                yield ctx.diag(
                    "VTLC",
                    f"{len(missing)} code(s) of {what} missing in language '{lang}': {shown}",
                    language=lang,
                    codes=missing,
                )


def _specialisation_levels(ctx: Context, depth: int, used: set[str]) -> Iterator[Diagnostic]:
    """VTSD: no code defined in the ontology is more specialised than the archetype (a code
    the definition uses is reported there, as VATCD)."""
    onto = ctx.archetype.ontology
    for code in sorted(onto.term_codes() | onto.constraint_codes()):
        if is_local_code(code) and code_depth(code) > depth and code not in used:
            yield ctx.diag(
                "VTSD",
                f"{code} is defined in the ontology but is more specialised than the archetype "
                f"(depth {depth})",
                code=code,
            )


def _has_text(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    return value is not None and str(value).strip() not in ("", "*", "?")


def _translations(ctx: Context) -> Iterator[Diagnostic]:
    for lang, details in ctx.archetype.translations.items():
        details = details if isinstance(details, dict) else {}
        if not _has_text(details.get("author")) and not _has_text(details.get("accreditation")):
            yield ctx.diag(
                "W-TRANSLATION-AUTHOR",
                f"the '{lang}' translation credits neither an author nor an accreditation",
                language=lang,
            )
