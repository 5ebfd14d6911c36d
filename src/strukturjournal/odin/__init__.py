"""ODIN (formerly dADL): read it into Python values and write it back.

Objects become :class:`OdinObject` (a ``dict`` that remembers its type marker),
keyed containers become ``dict`` keyed by string or integer, lists stay lists,
intervals and coded terms become :class:`~strukturjournal.base.Interval` and
:class:`~strukturjournal.base.CodePhrase`.

>>> value = parse_odin('name = <"BP"> units = <"mm[Hg]", "kPa"> range = <|0.0..<1000.0|>')
>>> value["units"], str(value["range"])
(['mm[Hg]', 'kPa'], '|0.0..<1000.0|')
>>> parse_odin(to_odin(value)) == value
True
"""

from strukturjournal.odin._reader import OdinObject, iter_duplicate_keys, load_odin, parse_odin
from strukturjournal.odin._writer import to_odin

__all__ = ["OdinObject", "iter_duplicate_keys", "load_odin", "parse_odin", "to_odin"]
