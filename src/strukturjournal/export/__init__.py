"""Exports of templates to other formats: the web template (simplified formats).

>>> from strukturjournal.export import to_web_template
>>> callable(to_web_template)
True
"""

from strukturjournal.export.web_template import to_web_template

__all__ = ["to_web_template"]
