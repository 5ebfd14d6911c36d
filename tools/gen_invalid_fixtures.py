"""Write archetypes/invalid/: one minimal archetype per check code and its valid twin.

Run from the project root: ``python tools/gen_invalid_fixtures.py``. The file name
``<CODE>_<what>.adl`` is the expectation the tests read; twins go to ``invalid/valid/``,
specialisation parents to ``invalid/parents/``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "archetypes" / "invalid"

ELEMENT = """            ELEMENT[at0001] occurrences matches {{0..1}} matches {{    -- Verdi
                value{value_extra} matches {{
{value}
                }}
            }}"""

COUNT = """                    DV_COUNT matches {
                        magnitude matches {|0..100|}
                    }"""

TEMPLATE = """archetype (adl_version=1.4)
    openEHR-EHR-{rm}.{concept}.v1{specialise}
concept
    [{root_id}]
language
    original_language = <[ISO_639-1::nb]>{translations}
description
    original_author = <
        ["name"] = <"strukturjournal">
    >
    details = <
        ["nb"] = <
            language = <[ISO_639-1::nb]>
            purpose = <"Testarketyp for en valideringsregel.">
        >
    >
    lifecycle_state = <"draft">
definition
    {root_type}[{root_node}] matches {{    -- Måling
        items{items_extra} cardinality matches {{{cardinality}; unordered}} matches {{
{items}
        }}
    }}
ontology
    term_definitions = <
        ["nb"] = <
            items = <
                ["{root_id}"] = <text = <"Måling"> description = <"En måling.">>
                ["at0001"] = <text = <"Verdi"> description = <"Målt verdi.">>
{terms}            >
        >{other_terms}
    >{ontology_extra}
"""

EN_TERMS = """
        ["en"] = <
            items = <
                ["{root_id}"] = <text = <"Measurement"> description = <"A measurement.">>
                ["at0001"] = <text = <"Value"> description = <"Measured value.">>
{en_terms}            >
        >"""

TRANSLATION = """
    translations = <
        ["en"] = <
            language = <[ISO_639-1::en]>
{who}        >
    >"""

AUTHOR = """            author = <
                ["name"] = <"Oversetter">
            >
"""


def term(code: str, text: str = "Tekst") -> str:
    return f'                ["{code}"] = <text = <"{text}"> description = <"{text}.">>\n'


def element(
    value: str = COUNT,
    value_extra: str = "",
    head: str = "ELEMENT[at0001] occurrences matches {0..1}",
) -> str:
    text = ELEMENT.format(value=value, value_extra=value_extra)
    return text.replace("ELEMENT[at0001] occurrences matches {0..1}", head)


def archetype(**kw: str) -> str:
    values = {
        "rm": "CLUSTER",
        "concept": "maaling",
        "specialise": "",
        "root_id": "at0000",
        "root_type": "CLUSTER",
        "root_node": "",
        "translations": "",
        "items_extra": "",
        "cardinality": "1..*",
        "items": element(),
        "terms": "",
        "other_terms": "",
        "ontology_extra": "",
    }
    values.update(kw)
    if not values["root_node"]:
        values["root_node"] = values["root_id"]
    return TEMPLATE.format(**values)


def child(concept: str = "forelder-barn", parent: str = "forelder", **kw: str) -> str:
    """A specialisation of the parent archetype ``openEHR-EHR-CLUSTER.forelder.v1``."""
    kw.setdefault(
        "items",
        element(
            head="ELEMENT[at0001] occurrences matches {0..1}",
            value_extra=" existence matches {1..1}",
        ),
    )
    text = archetype(
        concept=concept,
        specialise=f"\nspecialise\n    openEHR-EHR-CLUSTER.{parent}.v1",
        root_id="at0000.1",
        **kw,
    )
    return text.replace(
        '["at0001"] = <text',
        '["at0000"] = <text = <"Måling"> description = <"En måling.">>\n'
        '                ["at0001"] = <text',
        1,
    )


def en(who: str = AUTHOR, en_terms: str = "", **kw: str) -> str:
    return archetype(
        translations=TRANSLATION.format(who=who),
        other_terms=EN_TERMS.format(root_id="at0000", en_terms=en_terms),
        **kw,
    )


QUANTITY = """                    C_DV_QUANTITY <
                        property = <[openehr::125]>
                        list = <
                            ["1"] = <
                                units = <"{units}">
                                magnitude = <|0.0..1000.0|>
                            >
                        >
                    >"""

TEXT = """                    DV_TEXT matches {{
                        value matches {{/{pattern}/}}
                    }}"""

SLOT = """            allow_archetype CLUSTER[at0002] occurrences matches {{0..1}} matches {{    -- Detaljer
                include
                    archetype_id/value matches {{/{pattern}/}}
            }}"""

CODED = """                    DV_CODED_TEXT matches {
                        defining_code matches {[ac0001]}
                    }"""

CONSTRAINT_DEFS = """
    constraint_definitions = <
        ["nb"] = <
            items = <
                ["ac0001"] = <text = <"Koder"> description = <"Koder fra et kodeverk.">>
            >
        >
    >"""

BINDINGS = """
    term_bindings = <
        ["SNOMED-CT"] = <
            items = <
                ["at0001"] = <[SNOMED-CT::363787002]>
            >
        >{more}
    >"""

SNOMED2 = """
        ["Snomed"] = <
            items = <
                ["at0000"] = <[Snomed::363787002]>
            >
        >"""

DATE = """                    DV_DATE matches {{
                        value matches {{{pattern}}}
                    }}"""

LOCAL_CODES = """                    DV_CODED_TEXT matches {{
                        defining_code matches {{
                            [local::
                            {codes}]
                        }}
                    }}"""

TERM_BINDING = """
    term_bindings = <
        ["SNOMED-CT"] = <
            items = <
                ["{key}"] = <[SNOMED-CT::363787002]>
                ["/items[at0001]/value"] = <[SNOMED-CT::118245000]>
            >
        >
    >"""

CONSTRAINT_BINDING = """
    constraint_bindings = <
        ["SNOMED-CT"] = <
            items = <
                ["{key}"] = <http://snomed.info/id/105590001>
            >
        >
    >"""

PHRASE = """                    DV_CODED_TEXT matches {{
                        defining_code matches {{
                            CODE_PHRASE occurrences matches {{{occ}}} matches {{*}}
                        }}
                    }}"""

MAGNITUDE_AGAIN = "                        magnitude matches {|0..50|}"

FORELDER = r"openEHR-EHR-CLUSTER\.forelder\.v1"

EXCLUDE = """                exclude
                    archetype_id/value matches {{/{pattern}/}}
"""


def slot_with_exclude(include: str, exclude: str) -> str:
    """SLOT with an exclude after its include."""
    head, close = SLOT.format(pattern=include).rsplit("\n", 1)
    return head + "\n" + EXCLUDE.format(pattern=exclude) + close


def without_description(text: str) -> str:
    """The archetype text with its description section left out."""
    return text[: text.index("description\n")] + text[text.index("definition\n") :]


PARENT = archetype(concept="forelder", items=element(value_extra=" existence matches {1..1}"))

DURATION = """                    DV_DURATION matches {{
                        value matches {{{pattern}/|{range}|}}
                    }}"""


def duration_element(pattern: str, range_: str) -> str:
    return element(
        DURATION.format(pattern=pattern, range=range_), value_extra=" existence matches {1..1}"
    )


# a second parent, with a duration, for the temporal narrowing case of VPOV
PARENT_DURATION = archetype(
    concept="varighet", cardinality="1..3", items=duration_element("PDTHM", "PT0S..PT24H")
)


def duration_child(pattern: str, range_: str, cardinality: str = "1..3") -> str:
    """A specialisation of the parent archetype ``openEHR-EHR-CLUSTER.varighet.v1``."""
    return child(
        concept="varighet-barn",
        parent="varighet",
        cardinality=cardinality,
        items=duration_element(pattern, range_),
    )
PARENTS = {"forelder": PARENT, "varighet": PARENT_DURATION}

# code -> (what, invalid text, valid text); bytes for the encoding case
CASES: dict[str, tuple[str, str | bytes, str | bytes]] = {
    "E-SYNTAX": (
        "missing_brace",
        archetype(items=element(COUNT.replace("{|0..100|}", "{|0..100|"))),
        archetype(),
    ),
    "E-INTERVAL": (
        "reversed_range",
        archetype(items=element(COUNT.replace("0..100", "100..0"))),
        archetype(),
    ),
    "W-ENCODING": ("latin1_file", archetype().encode("latin-1"), archetype().encode("utf-8")),
    "VOKU": ("term_defined_twice", archetype(terms=term("at0001", "Annen verdi")), archetype()),
    "VARDT": ("root_type_differs", archetype(rm="SECTION"), archetype()),
    "VARCN": ("root_not_concept", archetype(root_node="at0002", terms=term("at0002")), archetype()),
    "VARD": ("no_description", without_description(archetype()), archetype()),
    "VCATU": (
        "attribute_twice",
        archetype(items=element(COUNT.replace("{|0..100|}", "{|0..100|}\n" + MAGNITUDE_AGAIN))),
        archetype(),
    ),
    "VACMCO": (
        "optional_child_never_fits",
        archetype(
            cardinality="1..1",
            items=element(head="ELEMENT[at0001] occurrences matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0002] occurrences matches {0..1}"),
            terms=term("at0002"),
        ),
        archetype(
            cardinality="1..2",
            items=element(head="ELEMENT[at0001] occurrences matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0002] occurrences matches {0..1}"),
            terms=term("at0002"),
        ),
    ),
    "VDSEV": (
        "include_and_exclude_specific",
        archetype(
            items=element()
            + "\n"
            + slot_with_exclude(FORELDER, r"openEHR-EHR-CLUSTER\.annen\.v1"),
            terms=term("at0002"),
        ),
        archetype(
            items=element() + "\n" + slot_with_exclude(FORELDER, ".*"),
            terms=term("at0002"),
        ),
    ),
    "VCOSU": ("duplicate_sibling", archetype(items=element() + "\n" + element()), archetype()),
    "VUNP": (
        "use_node_nowhere",
        archetype(items=element() + "\n            use_node ELEMENT /items[at0009]"),
        archetype(items=element() + "\n            use_node ELEMENT /items[at0001]"),
    ),
    "VUNT": (
        "use_node_wrong_type",
        archetype(items=element() + "\n            use_node CLUSTER /items[at0001]"),
        archetype(items=element() + "\n            use_node ITEM /items[at0001]"),
    ),
    "VACSO": (
        "single_valued_many",
        archetype(
            items=element(
                COUNT.replace("DV_COUNT matches", "DV_COUNT occurrences matches {0..2} matches")
            )
        ),
        archetype(
            items=element(
                COUNT.replace("DV_COUNT matches", "DV_COUNT occurrences matches {0..1} matches")
            )
        ),
    ),
    "VACMCU": (
        "occurrences_above_cardinality",
        archetype(
            cardinality="1..2", items=element(head="ELEMENT[at0001] occurrences matches {0..3}")
        ),
        archetype(
            cardinality="1..2", items=element(head="ELEMENT[at0001] occurrences matches {0..2}")
        ),
    ),
    "VACMCL": (
        "lower_bounds_exceed_cardinality",
        archetype(
            cardinality="1..1",
            items=element(head="ELEMENT[at0001] occurrences matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0002] occurrences matches {1..1}"),
            terms=term("at0002"),
        ),
        archetype(
            cardinality="1..1",
            items=element(head="ELEMENT[at0001] occurrences matches {0..1}")
            + "\n"
            + element(head="ELEMENT[at0002] occurrences matches {0..1}"),
            terms=term("at0002"),
        ),
    ),
    "VATCD": (
        "specialised_code_in_top_level",
        archetype(
            items=element(head="ELEMENT[at0001.1] occurrences matches {0..1}"),
            terms=term("at0001.1"),
        ),
        archetype(),
    ),
    "VATDF": (
        "node_without_term",
        archetype(
            items=element() + "\n" + element(head="ELEMENT[at0002] occurrences matches {0..1}")
        ),
        archetype(
            items=element() + "\n" + element(head="ELEMENT[at0002] occurrences matches {0..1}"),
            terms=term("at0002"),
        ),
    ),
    "VACDF": (
        "constraint_code_undefined",
        archetype(items=element(CODED)),
        archetype(items=element(CODED), ontology_extra=CONSTRAINT_DEFS),
    ),
    "W-UNUSED-TERM": ("term_not_used", archetype(terms=term("at0002")), archetype()),
    "VTSD": (
        "term_deeper_than_archetype",
        archetype(terms=term("at0001.1")),
        archetype(),
    ),
    "VOTM": (
        "translation_without_terms",
        archetype(translations=TRANSLATION.format(who=AUTHOR)),
        en(),
    ),
    "W-TRANSLATION-AUTHOR": ("translation_without_author", en(who=""), en()),
    "W-BINDING-SPELLING": (
        "snomed_two_spellings",
        archetype(ontology_extra=BINDINGS.format(more=SNOMED2)),
        archetype(ontology_extra=BINDINGS.format(more="")),
    ),
    "VTTBK": (
        "binding_undefined_code",
        archetype(ontology_extra=TERM_BINDING.format(key="at0002")),
        archetype(ontology_extra=TERM_BINDING.format(key="at0001")),
    ),
    "VTCBK": (
        "binding_undefined_constraint",
        archetype(
            items=element(CODED),
            ontology_extra=CONSTRAINT_DEFS + CONSTRAINT_BINDING.format(key="ac0002"),
        ),
        archetype(
            items=element(CODED),
            ontology_extra=CONSTRAINT_DEFS + CONSTRAINT_BINDING.format(key="ac0001"),
        ),
    ),
    "VCORM": (
        "unknown_rm_type",
        archetype(items=element(COUNT.replace("DV_COUNT", "DV_COUNTER"))),
        archetype(),
    ),
    "VCARM": (
        "unknown_attribute",
        archetype(items=element(COUNT.replace("magnitude", "magnitud"))),
        archetype(),
    ),
    "VCORMT": (
        "real_for_integer",
        archetype(items=element(COUNT.replace("0..100", "0.0..100.0"))),
        archetype(),
    ),
    "VCAEX": (
        "mandatory_made_optional",
        archetype(
            items=element(
                COUNT.replace("magnitude matches", "magnitude existence matches {0..1} matches")
            )
        ),
        archetype(
            items=element(
                COUNT.replace("magnitude matches", "magnitude existence matches {1..1} matches")
            )
        ),
    ),
    "VCAM": (
        "cardinality_on_single",
        archetype(items=element(value_extra=" cardinality matches {0..1; unordered}")),
        archetype(),
    ),
    "VCACA": ("empty_cluster_allowed", archetype(cardinality="0..*"), archetype()),
    "W-OCCURRENCES-RM": (
        "optional_mandatory_rm",
        archetype(items=element(PHRASE.format(occ="0..1"))),
        archetype(items=element(PHRASE.format(occ="1..1"))),
    ),
    "VOBAV": (
        "assumed_outside_range",
        archetype(items=element(COUNT.replace("{|0..100|}", "{|0..100|; 150}"))),
        archetype(items=element(COUNT.replace("{|0..100|}", "{|0..100|; 50}"))),
    ),
    "VATDA": (
        "assumed_code_not_in_list",
        archetype(
            items=element(LOCAL_CODES.format(codes="at0002, at0003; at0004")),
            terms=term("at0002", "Lav") + term("at0003", "Høy") + term("at0004", "Ukjent"),
        ),
        archetype(
            items=element(LOCAL_CODES.format(codes="at0002, at0003; at0003")),
            terms=term("at0002", "Lav") + term("at0003", "Høy"),
        ),
    ),
    "E-TEMPORAL-PATTERN": (
        "mandatory_day_after_optional_month",
        archetype(items=element(DATE.format(pattern="yyyy-??-dd"))),
        archetype(items=element(DATE.format(pattern="yyyy-mm-??"))),
    ),
    "W-UCUM": (
        "not_ucum",
        archetype(items=element(QUANTITY.format(units="mm/Hg"))),
        archetype(items=element(QUANTITY.format(units="mm[Hg]"))),
    ),
    "W-REGEX-INVALID": (
        "unclosed_bracket",
        archetype(items=element(TEXT.format(pattern="[a-z"))),
        archetype(items=element(TEXT.format(pattern="[a-z]+"))),
    ),
    "W-REGEX-BACKTRACK": (
        "nested_quantifier",
        archetype(items=element(TEXT.format(pattern="(a+)+b"))),
        archetype(items=element(TEXT.format(pattern="a+b"))),
    ),
    "W-SLOT-NO-MATCH": (
        "nothing_fills",
        archetype(
            items=element() + "\n" + SLOT.format(pattern=r"openEHR-EHR-CLUSTER\.finnes_ikke\.v1"),
            terms=term("at0002"),
        ),
        archetype(
            items=element() + "\n" + SLOT.format(pattern=r"openEHR-EHR-CLUSTER\.forelder\.v1"),
            terms=term("at0002"),
        ),
    ),
    "W-PARENT-MISSING": ("unknown_parent", child(concept="ukjent-barn", parent="ukjent"), child()),
    "VASID": (
        "other_originator",
        child().replace("openEHR-EHR-CLUSTER.forelder-barn", "acme-EHR-CLUSTER.forelder-barn"),
        child(),
    ),
    "VACSD": (
        "two_levels_down",
        child(concept="forelder-barn-barnebarn").replace("at0000.1", "at0000.1.1"),
        child(),
    ),
    "VSONIN": (
        "new_node_with_old_id",
        child(
            items=element(value_extra=" existence matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0002] occurrences matches {0..1}"),
            terms=term("at0002"),
        ),
        child(
            items=element(value_extra=" existence matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0.1] occurrences matches {0..1}"),
            terms=term("at0.1"),
        ),
    ),
    "VSONCT": (
        "element_becomes_cluster",
        child(items="            CLUSTER[at0001] occurrences matches {0..1} matches {*}"),
        child(),
    ),
    "VSONCO": (
        "occurrences_widened",
        child(
            items=element(
                value_extra=" existence matches {1..1}",
                head="ELEMENT[at0001] occurrences matches {0..3}",
            )
        ),
        child(
            items=element(
                value_extra=" existence matches {1..1}",
                head="ELEMENT[at0001] occurrences matches {1..1}",
            )
        ),
    ),
    "VSANCE": (
        "existence_widened",
        child(items=element(value_extra=" existence matches {0..1}")),
        child(),
    ),
    "VSONPO": (
        "new_node_prohibited",
        child(
            items=element(value_extra=" existence matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0.1] occurrences matches {0..0}"),
            terms=term("at0.1"),
        ),
        child(
            items=element(value_extra=" existence matches {1..1}")
            + "\n"
            + element(head="ELEMENT[at0.1] occurrences matches {0..1}"),
            terms=term("at0.1"),
        ),
    ),
    "VSONPI": (
        "removal_with_specialised_id",
        child(
            items=element(
                value_extra=" existence matches {1..1}",
                head="ELEMENT[at0001.1] occurrences matches {0..0}",
            ),
            terms=term("at0001.1", "Fjernet verdi"),
        ),
        child(
            items=element(
                value_extra=" existence matches {1..1}",
                head="ELEMENT[at0001] occurrences matches {0..0}",
            )
        ),
    ),
    "VSANCC": (
        "cardinality_widened",
        duration_child("PDTHM", "PT0S..PT24H", cardinality="1..*"),
        duration_child("PDTHM", "PT0S..PT24H", cardinality="1..2"),
    ),
    "VPOV": (
        "range_widened",
        child(
            items=element(
                COUNT.replace("0..100", "0..200"), value_extra=" existence matches {1..1}"
            )
        ),
        child(
            items=element(COUNT.replace("0..100", "0..50"), value_extra=" existence matches {1..1}")
        ),
    ),
}

# VTLC: the invalid one lacks the English at0001 term
CASES["VTLC"] = (
    "term_missing_in_english",
    en().replace('["at0001"] = <text = <"Value"> description = <"Measured value.">>\n', ""),
    en(),
)
# more than one fixture for a code: (code, what, invalid text, valid text)
EXTRA_CASES: list[tuple[str, str, str, str]] = [
    (
        "VPOV",
        "duration_range_widened",
        duration_child("PDTHM", "PT0S..P2D"),
        duration_child("PTHM", "PT1H..PT12H"),
    ),
]
CASES["VARID"] = (
    "version_not_vN",
    archetype().replace("CLUSTER.maaling.v1", "CLUSTER.maaling.version1"),
    archetype(),
)
QUANTITY = """                    C_DV_QUANTITY <
                        property = <[openehr::125]>
                        list = <
                            ["1"] = <
                                units = <"mm[Hg]">
                                magnitude = <|0.0..1000.0|>
                            >
                        >
                    >"""

CASES["SDINV"] = (
    "empty_quantity",
    archetype(items=element("                    (C_DV_QUANTITY) <\n                    >")),
    archetype(items=element(QUANTITY)),
)

CASES["VDEOL"] = (
    "no_original_language",
    en().replace("    original_language = <[ISO_639-1::nb]>\n", ""),
    en(),
)


def main() -> None:
    (ROOT / "valid").mkdir(parents=True, exist_ok=True)
    (ROOT / "parents").mkdir(parents=True, exist_ok=True)
    for old in [*ROOT.glob("*.adl"), *(ROOT / "valid").glob("*.adl")]:
        old.unlink()
    for concept, text in PARENTS.items():
        path = ROOT / "parents" / f"openEHR-EHR-CLUSTER.{concept}.v1.adl"
        path.write_text(text, encoding="utf-8")
    cases = [(code, *case) for code, case in CASES.items()] + EXTRA_CASES
    for code, what, bad, good in cases:
        for folder, text in ((ROOT, bad), (ROOT / "valid", good)):
            path = folder / f"{code}_{what}.adl"
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
