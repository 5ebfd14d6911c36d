"""Operational templates (OPT 1.4): the template model, reading and writing OPT XML.

>>> from strukturjournal.template import OperationalTemplate, load_opt, parse_opt, to_opt
>>> callable(load_opt) and callable(to_opt)
True
"""

from strukturjournal.template._raw import RawElement
from strukturjournal.template.model import Annotation, OperationalTemplate, split_aql_path
from strukturjournal.template.opt_reader import load_opt, parse_opt
from strukturjournal.template.opt_writer import to_opt

__all__ = [
    "Annotation",
    "OperationalTemplate",
    "RawElement",
    "load_opt",
    "parse_opt",
    "split_aql_path",
    "to_opt",
]
