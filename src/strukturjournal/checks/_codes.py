"""The codes the archetype checks report: severity, a one-line summary and the docs anchor.

One registry for the checks, the SARIF rule list and the documentation test.

>>> CODES["VCARM"].severity.name, CODES["W-UNUSED-TERM"].severity.name
('ERROR', 'WARNING')
>>> rule_url("VCARM").endswith("#vcarm")
True
"""

from __future__ import annotations

from dataclasses import dataclass

from strukturjournal.diagnostics import DOCS_URL, Severity

__all__ = ["CODES", "Rule", "rule_url"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A code with its default severity and a one-line summary.

    >>> Rule("VUNP", Severity.ERROR, "use_node path must exist").code
    'VUNP'
    """

    code: str
    severity: Severity
    summary: str


def rule_url(code: str) -> str:
    """The documentation URL of a code (anchor = lower-case code).

    >>> rule_url("W-UCUM")
    'https://strukturjournal.readthedocs.io/en/latest/reference/codes/#w-ucum'
    """
    return DOCS_URL + "#" + code.lower()


_E, _W = Severity.ERROR, Severity.WARNING

_RULES = [
    # parsing
    Rule("E-SYNTAX", _E, "The file is not ADL 1.4 (syntax error)."),
    Rule("E-INTERVAL", _E, "An interval has its lower bound above its upper bound."),
    Rule("W-ENCODING", _W, "The file is not valid UTF-8; it was read with a fallback encoding."),
    Rule("VDEOL", _W, "The language section has no original_language."),
    Rule("VOKU", _E, "A key appears more than once in a keyed list (description, ontology...)."),
    Rule("SDINV", _E, "A domain-type block (C_DV_QUANTITY) is empty or cannot be read as its constraint."),
    # structure
    Rule("VARID", _E, "The archetype id does not follow the openEHR archetype id form."),
    Rule(
        "VARDT", _E, "The root type of the definition differs from the RM type in the archetype id."
    ),
    Rule(
        "VARCN",
        _E,
        "The root node id must be the concept code (at0000 plus one .1 per specialisation level) and be defined.",
    ),
    Rule("VARD", _E, "The archetype has no description section."),
    Rule("VCATU", _E, "An object constrains the same attribute twice."),
    Rule("VCOSU", _E, "Sibling object nodes must have distinct node ids."),
    Rule("VUNP", _E, "A use_node path must point at an object node of the same archetype."),
    Rule("VUNT", _E, "The type of a use_node must be the type of its target or an ancestor of it."),
    Rule("VACSO", _E, "A child of a single-valued attribute cannot occur more than once."),
    Rule(
        "VACMCU",
        _E,
        "A child's occurrences upper bound exceeds the attribute's cardinality upper bound.",
    ),
    Rule(
        "VACMCL",
        _E,
        "The children's occurrences lower bounds add up to more than the cardinality upper bound.",
    ),
    Rule(
        "VACMCO",
        _E,
        "An optional child can never occur: the mandatory children fill the cardinality.",
    ),
    Rule(
        "VDSEV",
        _E,
        "A slot's excludes contradict its includes (both specific, or both 'any').",
    ),
    # terminology
    Rule("VATCD", _E, "A code in the definition is more specialised than the archetype."),
    Rule("VATDF", _E, "An at-code used in the definition is not defined in the term definitions."),
    Rule(
        "VACDF",
        _E,
        "An ac-code used in the definition is not defined in the constraint definitions.",
    ),
    Rule("W-UNUSED-TERM", _W, "A term is defined but not used in the definition."),
    Rule(
        "VOTM",
        _E,
        "A language of the archetype (original, translation, description) has no term definitions.",
    ),
    Rule("VTLC", _E, "A term or constraint code is not defined in every language of its table."),
    Rule("VTSD", _E, "A code defined in the ontology is more specialised than the archetype."),
    Rule(
        "VTTBK", _E, "A term binding key is neither a defined term code nor a path of the archetype."
    ),
    Rule("VTCBK", _E, "A constraint binding key is not a defined constraint (ac) code."),
    Rule(
        "W-TRANSLATION-AUTHOR", _W, "A translation credits neither an author nor an accreditation."
    ),
    Rule(
        "W-BINDING-SPELLING",
        _W,
        "Terminology ids that name the same terminology are spelt differently.",
    ),
    # RM conformance
    Rule("VCORM", _E, "The type of an object constraint is not a class of the reference model."),
    Rule("VCARM", _E, "The attribute is not defined on the RM class of the enclosing object."),
    Rule("VCORMT", _E, "The constrained type does not conform to the RM type of its attribute."),
    Rule("VCAEX", _E, "The attribute's existence is wider than the RM allows."),
    Rule("VCAM", _E, "Single- or multiple-valued: the attribute does not match the RM."),
    Rule("VCACA", _E, "The attribute's cardinality is wider than the RM allows."),
    Rule(
        "W-OCCURRENCES-RM", _W, "The object's occurrences are wider than the RM attribute allows."
    ),
    # values
    Rule("VOBAV", _E, "An assumed value lies outside the constraint it belongs to."),
    Rule("VATDA", _E, "The assumed code of a code phrase is not in its code list."),
    Rule(
        "E-TEMPORAL-PATTERN",
        _E,
        "A date/time pattern has a mandatory field after an optional or forbidden one.",
    ),
    Rule("W-UCUM", _W, "A unit is not valid UCUM."),
    Rule("W-REGEX-INVALID", _W, "A regular expression does not compile."),
    Rule(
        "W-REGEX-BACKTRACK",
        _W,
        "A regular expression can backtrack catastrophically (nested quantifiers).",
    ),
    Rule("W-SLOT-NO-MATCH", _W, "No archetype in the repository fills the slot."),
    # specialisation
    Rule(
        "W-PARENT-MISSING",
        _W,
        "The specialisation parent is not in the repository; specialisation was not checked.",
    ),
    Rule(
        "VASID",
        _E,
        "The parent id must name the immediate parent: same RM entity, concept extended by '-name'.",
    ),
    Rule("VACSD", _E, "The specialisation depth in the id must be one more than the parent's."),
    Rule(
        "VSONIN",
        _E,
        "A node id in a specialised archetype neither exists in the parent nor is a new child-level id.",
    ),
    Rule(
        "VSONPO", _E, "A node that is new in a specialisation cannot be prohibited (occurrences 0)."
    ),
    Rule(
        "VSONPI", _E, "A node removed (occurrences 0) in a specialisation keeps the parent's node id."
    ),
    Rule("VSONCT", _E, "A redefined node's RM type must conform to the parent node's type."),
    Rule(
        "VSONCO",
        _E,
        "The occurrences of the redefining nodes must lie within the parent node's occurrences.",
    ),
    Rule("VSANCE", _E, "A redefined attribute's existence must lie within the parent's."),
    Rule("VSANCC", _E, "A redefined attribute's cardinality must lie within the parent's."),
    Rule("VPOV", _E, "A redefined primitive or domain-type constraint must narrow the parent's."),
]

CODES: dict[str, Rule] = {r.code: r for r in _RULES}
"""Every code the checks and the linter can report, by code."""
