"""Operational templates (OPT 1.4): the model; reading and writing OPT XML; building templates
from our YAML format (:func:`build_template`) and from Ocean OET files (:func:`compile_oet`).

>>> from strukturjournal.template import OperationalTemplate, build_template, load_opt, to_opt
>>> callable(load_opt) and callable(to_opt) and callable(build_template)
True
"""

from strukturjournal.template._raw import RawElement
from strukturjournal.template.model import Annotation, OperationalTemplate, split_aql_path
from strukturjournal.template.oet import compile_oet
from strukturjournal.template.opt_reader import load_opt, parse_opt
from strukturjournal.template.opt_writer import to_opt
from strukturjournal.template.yaml_build import build_template

__all__ = [
    "Annotation",
    "OperationalTemplate",
    "RawElement",
    "build_template",
    "compile_oet",
    "load_opt",
    "parse_opt",
    "split_aql_path",
    "to_opt",
]
