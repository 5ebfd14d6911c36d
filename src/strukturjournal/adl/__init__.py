"""ADL 1.4 text -> archetype object model, and back.

>>> from strukturjournal.adl import parse_adl, to_adl
>>> text = '''archetype (adl_version=1.4)
...     openEHR-EHR-CLUSTER.demo.v1
... concept
...     [at0000]
... language
...     original_language = <[ISO_639-1::nb]>
... definition
...     CLUSTER[at0000] matches {
...         items cardinality matches {1..*; unordered} matches {
...             ELEMENT[at0001] occurrences matches {0..1} matches {
...                 value matches {
...                     DV_COUNT matches {
...                         magnitude matches {|0..10|}
...                     }
...                 }
...             }
...         }
...     }
... ontology
...     term_definitions = <
...         ["nb"] = <items = <
...             ["at0000"] = <text = <"Demo"> description = <"Et eksempel">>
...             ["at0001"] = <text = <"Antall"> description = <"Et tall">>
...         >>
...     >
... '''
>>> a = parse_adl(text)
>>> a.node_at("/items[at0001]").path, a.text_of("at0001", "nb")
('/items[at0001]', 'Antall')
>>> parse_adl(to_adl(a)) == a
True
"""

from strukturjournal.adl._reader import load_archetype, parse_adl, read_adl_text
from strukturjournal.adl.serialize import to_adl

__all__ = ["load_archetype", "parse_adl", "read_adl_text", "to_adl"]
