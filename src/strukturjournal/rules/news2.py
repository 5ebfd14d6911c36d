"""NEWS2, the National Early Warning Score 2 (Royal College of Physicians, 2017).

Seven vital signs each give 0–3 points; the total (0–20) and any single 3-point parameter
set the clinical risk and the recommended response. See ``docs/concepts/news2.md``.

Choices this module makes (and documents, so nobody has to guess):

* **Missing parameters give no total.** If any parameter is ``None`` the result has
  ``total = None`` and ``risk = None`` and lists what is missing. A partial sum would look like
  a low score when it is only an incomplete one. What *is* known is still reported, explicitly
  named: :attr:`News2Result.lower_bound` (the sum of the known sub-scores; the real total cannot
  be lower) and :attr:`News2Result.minimum_risk`.
* **Values are read at the chart's precision.** The RCP bands are written for whole numbers
  (temperature: one decimal), so a value is first rounded half up to that precision:
  respiration rate 20.5 counts as 21, temperature 38.05 °C as 38.1 °C.
* **Scale 2 is opt-in** (``scale=2``), for patients with hypercapnic respiratory failure whose
  target saturation (88–92 %) a clinician has set. On scale 2 the SpO2 points depend on air
  versus oxygen, so an SpO2 of 93 % or more cannot be scored while ``on_oxygen`` is unknown.
* **Consciousness** is an ACVPU letter; C (new confusion), V, P and U all score 3.
* **Impossible values raise** :class:`News2InputError` instead of being scored.

>>> r = news2(24, 93, on_oxygen=False, systolic_bp=142, pulse=112, consciousness="A",
...           temperature=38.4)
>>> r.total, r.risk.value
(7, 'high')
>>> news2(18, 96, on_oxygen=False, systolic_bp=None, pulse=80, consciousness="A",
...       temperature=37.0).missing
('systolic_bp',)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from strukturjournal.errors import StrukturjournalError

__all__ = [
    "PARAMETERS",
    "Consciousness",
    "News2InputError",
    "News2Result",
    "RiskBand",
    "news2",
]

#: The seven NEWS2 parameters, in chart order, as named in :func:`news2` and the result.
PARAMETERS: tuple[str, ...] = (
    "respiration_rate",
    "spo2",
    "on_oxygen",
    "systolic_bp",
    "pulse",
    "consciousness",
    "temperature",
)


class News2InputError(StrukturjournalError, ValueError):
    """A value that cannot be a real measurement (negative rate, SpO2 over 100 %, scale 3...).

    >>> try:
    ...     news2(18, 101, on_oxygen=False, systolic_bp=120, pulse=70, consciousness="A",
    ...           temperature=37.0)
    ... except News2InputError as e:
    ...     print(e)
    spo2: 101 is outside 0–100
    """


class Consciousness(StrEnum):
    """Level of consciousness on the ACVPU scale; the value is the letter.

    >>> Consciousness("V").name, Consciousness.ALERT.value
    ('VOICE', 'A')
    """

    ALERT = "A"
    CONFUSION = "C"  # new confusion
    VOICE = "V"
    PAIN = "P"
    UNRESPONSIVE = "U"


class RiskBand(StrEnum):
    """NEWS2 clinical risk, lowest first.

    >>> [b.value for b in RiskBand]
    ['low', 'low-medium', 'medium', 'high']
    >>> RiskBand.HIGH.rank > RiskBand.MEDIUM.rank
    True
    """

    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for high, for comparing bands.

        >>> RiskBand.LOW_MEDIUM.rank
        1
        """
        return list(RiskBand).index(self)


# Bands as (highest value in the band, points), lowest band first; None = no upper limit.
_RR: tuple[tuple[int | None, int], ...] = ((8, 3), (11, 1), (20, 0), (24, 2), (None, 3))
_SPO2_SCALE1 = ((91, 3), (93, 2), (95, 1), (None, 0))
_SPO2_SCALE2_AIR = ((83, 3), (85, 2), (87, 1), (None, 0))
_SPO2_SCALE2_OXYGEN = ((83, 3), (85, 2), (87, 1), (92, 0), (94, 1), (96, 2), (None, 3))
_SBP = ((90, 3), (100, 2), (110, 1), (219, 0), (None, 3))
_PULSE = ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2), (None, 3))
_TEMPERATURE = (
    (Decimal("35.0"), 3),
    (Decimal("36.0"), 1),
    (Decimal("38.0"), 0),
    (Decimal("39.0"), 1),
    (None, 2),
)

# Plausible ranges (the sj_* archetypes' ranges): outside them a value is an input error.
_LIMITS: dict[str, tuple[float, float]] = {
    "respiration_rate": (0, 200),
    "spo2": (0, 100),
    "systolic_bp": (0, 999),
    "pulse": (0, 350),
    "temperature": (20.0, 45.0),
}

_RESPONSE: dict[str, dict[str, str]] = {
    "zero": {
        "en": "Monitor at least every 12 hours. Continue routine NEWS2 monitoring.",
        "nb": "Mål minst hver 12. time. Fortsett vanlig NEWS2-overvåking.",
    },
    "low": {
        "en": "Monitor at least every 4–6 hours. A registered nurse assesses the patient and "
        "decides whether to monitor more often or escalate care.",
        "nb": "Mål minst hver 4.–6. time. Sykepleier vurderer pasienten og avgjør om målingene "
        "skal gjøres oftere eller behandlingen trappes opp.",
    },
    "low-medium": {
        "en": "Monitor at least every hour. The registered nurse informs the medical team, who "
        "review the patient and decide whether care needs escalating.",
        "nb": "Mål minst hver time. Sykepleier informerer ansvarlig lege, som vurderer pasienten "
        "og avgjør om behandlingen skal trappes opp.",
    },
    "medium": {
        "en": "Urgent response. Monitor at least every hour. The registered nurse informs the "
        "medical team at once and asks for urgent assessment by a clinician skilled in acute "
        "illness; care in a setting where the patient can be monitored.",
        "nb": "Haster. Mål minst hver time. Sykepleier varsler ansvarlig lege straks og ber om "
        "rask vurdering av lege med kompetanse på akutt sykdom; pasienten skal behandles "
        "der det er mulig å overvåke.",
    },
    "high": {
        "en": "Emergency response. Monitor vital signs continuously. The registered nurse informs "
        "the medical team at once (at least specialist registrar level); emergency assessment by "
        "a team with critical-care and airway skills; consider transfer to high-dependency or "
        "intensive care.",
        "nb": "Akutt. Overvåk vitale tegn kontinuerlig. Sykepleier varsler ansvarlig lege straks "
        "(minst lege i spesialisering med erfaring); akutt vurdering av team med "
        "intensivkompetanse, også på luftveier; vurder overflytting til overvåkings- eller "
        "intensivavdeling.",
    },
    "incomplete": {
        "en": "NEWS2 cannot be scored: {missing} not recorded. Measure the missing parameters.",
        "nb": "NEWS2 kan ikke beregnes: {missing} mangler. Mål de manglende parameterne.",
    },
    "at_least": {
        "en": " The known sub-scores already mean at least {band} risk.",
        "nb": " Delskårene som er kjent, gir allerede minst {band} risiko.",
    },
}

_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "respiration_rate": "respiration rate",
        "spo2": "SpO2",
        "on_oxygen": "air or oxygen",
        "systolic_bp": "systolic blood pressure",
        "pulse": "pulse",
        "consciousness": "consciousness",
        "temperature": "temperature",
        "low": "low",
        "low-medium": "low-medium",
        "medium": "medium",
        "high": "high",
    },
    "nb": {
        "respiration_rate": "respirasjonsfrekvens",
        "spo2": "SpO2",
        "on_oxygen": "luft eller oksygen",
        "systolic_bp": "systolisk blodtrykk",
        "pulse": "puls",
        "consciousness": "bevissthetsnivå",
        "temperature": "temperatur",
        "low": "lav",
        "low-medium": "lav–middels",
        "medium": "middels",
        "high": "høy",
    },
}


@dataclass(frozen=True, slots=True)
class News2Result:
    """The outcome of :func:`news2`.

    Attributes:
        sub_scores: points per parameter (keys in :data:`PARAMETERS` order); ``None`` where the
            parameter could not be scored.
        missing: the parameters given as ``None``, in chart order.
        scale: the SpO2 scale used (1 or 2).
        total: 0–20, or ``None`` when anything is missing.
        risk: the clinical risk band, or ``None`` when anything is missing.

    >>> r = news2(26, 97, on_oxygen=False, systolic_bp=130, pulse=70, consciousness="A",
    ...           temperature=37.0)
    >>> r.total, r.risk.value, r.sub_scores["respiration_rate"]
    (3, 'low-medium', 3)
    >>> print(r.response("en"))
    Monitor at least every hour. The registered nurse informs the medical team, who review the patient and decide whether care needs escalating.
    """

    sub_scores: Mapping[str, int | None]
    missing: tuple[str, ...]
    scale: int
    total: int | None
    risk: RiskBand | None

    @property
    def complete(self) -> bool:
        """Whether every parameter was given, so that there is a total.

        >>> news2(None, None, on_oxygen=None, systolic_bp=None, pulse=None,
        ...       consciousness=None, temperature=None).complete
        False
        """
        return self.total is not None

    @property
    def lower_bound(self) -> int:
        """The sum of the sub-scores that are known: the real total is at least this.

        Equal to :attr:`total` when the result is complete.

        >>> news2(5, 85, on_oxygen=True, systolic_bp=85, pulse=None, consciousness="V",
        ...       temperature=None).lower_bound
        14
        """
        return sum(s for s in self.sub_scores.values() if s is not None)

    @property
    def minimum_risk(self) -> RiskBand:
        """The lowest risk band the missing parameters could still leave the patient in.

        Equal to :attr:`risk` when the result is complete.

        >>> news2(5, 85, on_oxygen=True, systolic_bp=85, pulse=None, consciousness="V",
        ...       temperature=None).minimum_risk.value
        'high'
        """
        if self.risk is not None:
            return self.risk
        return _band(self.lower_bound, any(s == 3 for s in self.sub_scores.values()))

    def response(self, lang: str = "nb") -> str:
        """The RCP-recommended clinical response, in ``nb`` or ``en`` (paraphrased).

        For an incomplete result: what is missing, and the risk already certain if any.

        >>> r = news2(18, 97, on_oxygen=False, systolic_bp=120, pulse=None,
        ...           consciousness="A", temperature=None)
        >>> print(r.response("nb"))
        NEWS2 kan ikke beregnes: puls, temperatur mangler. Mål de manglende parameterne.
        """
        if lang not in _NAMES:
            raise ValueError(f"no NEWS2 response text in {lang!r}; use 'nb' or 'en'")
        if self.risk is None:
            names = ", ".join(_NAMES[lang][p] for p in self.missing)
            text = _RESPONSE["incomplete"][lang].format(missing=names)
            floor = self.minimum_risk
            if floor is not RiskBand.LOW:
                text += _RESPONSE["at_least"][lang].format(band=_NAMES[lang][floor.value])
            return text
        key = "zero" if self.total == 0 else self.risk.value
        return _RESPONSE[key][lang]


def news2(
    respiration_rate: float | None,
    spo2: float | None,
    *,
    scale: int = 1,
    on_oxygen: bool | None,
    systolic_bp: float | None,
    pulse: float | None,
    consciousness: Consciousness | str | None,
    temperature: float | None,
) -> News2Result:
    """NEWS2 from vital signs: each parameter's points, the total and the clinical risk.

    Args:
        respiration_rate: breaths per minute.
        spo2: oxygen saturation, percent.
        scale: SpO2 scale, 1 (default) or 2 (hypercapnic respiratory failure, clinician's call).
        on_oxygen: ``True`` on supplemental oxygen, ``False`` on room air.
        systolic_bp: systolic blood pressure, mmHg.
        pulse: beats per minute.
        consciousness: ACVPU letter (or :class:`Consciousness`).
        temperature: body temperature, °C.

    Every parameter must be passed; pass ``None`` for one that was not measured. The result then
    lists it in ``missing`` and has no total (see the module notes).

    >>> r = news2(24, 93, on_oxygen=False, systolic_bp=142, pulse=112, consciousness="A",
    ...           temperature=38.4)
    >>> dict(r.sub_scores)
    {'respiration_rate': 2, 'spo2': 2, 'on_oxygen': 0, 'systolic_bp': 0, 'pulse': 2, 'consciousness': 0, 'temperature': 1}
    >>> news2(18, 95, scale=2, on_oxygen=True, systolic_bp=120, pulse=80, consciousness="A",
    ...       temperature=37.0).sub_scores["spo2"]
    2
    """
    if scale not in (1, 2) or isinstance(scale, bool):
        raise News2InputError(f"scale: {scale!r} is not 1 or 2")
    if on_oxygen is not None and not isinstance(on_oxygen, bool):
        raise News2InputError(f"on_oxygen: {on_oxygen!r} is not True, False or None")
    values = {
        "respiration_rate": _whole("respiration_rate", respiration_rate),
        "spo2": _whole("spo2", spo2),
        "systolic_bp": _whole("systolic_bp", systolic_bp),
        "pulse": _whole("pulse", pulse),
        "temperature": _tenths("temperature", temperature),
    }
    level = _consciousness(consciousness)

    scores: dict[str, int | None] = {
        "respiration_rate": _points(values["respiration_rate"], _RR),
        "spo2": _spo2_points(values["spo2"], scale, on_oxygen),
        "on_oxygen": None if on_oxygen is None else (2 if on_oxygen else 0),
        "systolic_bp": _points(values["systolic_bp"], _SBP),
        "pulse": _points(values["pulse"], _PULSE),
        "consciousness": None if level is None else (0 if level is Consciousness.ALERT else 3),
        "temperature": _points(values["temperature"], _TEMPERATURE),
    }
    given = {"on_oxygen": on_oxygen, "consciousness": level, **values}
    missing = tuple(p for p in PARAMETERS if given[p] is None)
    frozen = MappingProxyType(scores)
    if missing:
        return News2Result(frozen, missing, scale, None, None)
    total = sum(s for s in scores.values() if s is not None)
    risk = _band(total, any(s == 3 for s in scores.values()))
    return News2Result(frozen, (), scale, total, risk)


def _band(total: int, any_three: bool) -> RiskBand:
    if total >= 7:
        return RiskBand.HIGH
    if total >= 5:
        return RiskBand.MEDIUM
    return RiskBand.LOW_MEDIUM if any_three else RiskBand.LOW


def _number(name: str, value: float | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise News2InputError(f"{name}: {value!r} is not a number")
    if math.isnan(value) or math.isinf(value):
        raise News2InputError(f"{name}: {value!r} is not a finite number")
    lo, hi = _LIMITS[name]
    if not lo <= value <= hi:
        raise News2InputError(f"{name}: {value:g} is outside {lo:g}–{hi:g}")
    return Decimal(repr(value))


def _whole(name: str, value: float | None) -> Decimal | None:
    number = _number(name, value)
    return None if number is None else number.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _tenths(name: str, value: float | None) -> Decimal | None:
    number = _number(name, value)
    return None if number is None else number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _points(value: Decimal | None, bands: tuple[tuple[int | Decimal | None, int], ...]) -> int | None:
    if value is None:
        return None
    for upper, points in bands:
        if upper is None or value <= upper:
            return points
    raise AssertionError("the last band has no upper limit")  # pragma: no cover


def _spo2_points(value: Decimal | None, scale: int, on_oxygen: bool | None) -> int | None:
    if value is None:
        return None
    if scale == 1:
        return _points(value, _SPO2_SCALE1)
    if value <= 92:  # below 93 % air and oxygen score alike
        return _points(value, _SPO2_SCALE2_AIR)
    if on_oxygen is None:
        return None
    return _points(value, _SPO2_SCALE2_OXYGEN if on_oxygen else _SPO2_SCALE2_AIR)


def _consciousness(value: Consciousness | str | None) -> Consciousness | None:
    if value is None or isinstance(value, Consciousness):
        return value
    if isinstance(value, str):
        try:
            return Consciousness(value.strip().upper())
        except ValueError:
            pass
    raise News2InputError(f"consciousness: {value!r} is not one of A, C, V, P, U")
