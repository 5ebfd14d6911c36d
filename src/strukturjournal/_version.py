"""The library version (one source: pyproject reads it too)."""

__version__ = "0.1.0"
