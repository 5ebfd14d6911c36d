"""Clinical rules computed from recorded values: early-warning scores and the like.

Rules take plain Python values (numbers, booleans, codes) and return plain results; they
know nothing of archetypes or templates, so any layer above can use them.

>>> from strukturjournal.rules import news2
>>> r = news2(16, 97, on_oxygen=False, systolic_bp=128, pulse=72, consciousness="A", temperature=36.8)
>>> r.total, r.risk.value
(0, 'low')
"""

from strukturjournal.rules.news2 import (
    PARAMETERS,
    Consciousness,
    News2InputError,
    News2Result,
    RiskBand,
    news2,
)

__all__ = [
    "PARAMETERS",
    "Consciousness",
    "News2InputError",
    "News2Result",
    "RiskBand",
    "news2",
]
