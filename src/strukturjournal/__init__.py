"""strukturjournal: structured clinical documentation on openEHR.

Read archetypes, build templates, validate entries, turn free text into coded fields.
"""

__version__ = "0.1.0"
