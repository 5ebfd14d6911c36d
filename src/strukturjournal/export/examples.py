"""Example FLAT compositions of a template: every mandatory node filled, values inside their constraints.

:func:`example_entry` draws its choices (which optional nodes to fill, which code, which
number) from a seeded :class:`random.Random`; :mod:`strukturjournal.export.strategies` draws
the same choices from hypothesis. Both go through :func:`generate_flat`.

>>> from strukturjournal.aom import CArchetypeRoot
>>> from strukturjournal.template import OperationalTemplate
>>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
>>> entry = example_entry(t)
>>> entry["composition/category|code"], entry["composition/language|code"]
('433', 'en')
"""

from __future__ import annotations

import math
import random
import re
from typing import Any, Protocol, runtime_checkable

from strukturjournal.aom import CDuration, CObject, CPrimitiveObject
from strukturjournal.export._wt_cache import web_template
from strukturjournal.template import OperationalTemplate
from strukturjournal.template.model import split_aql_path
from strukturjournal.template.web_tree import build_web_tree

__all__ = ["Chooser", "RandomChooser", "example_entry", "generate_flat"]

_OPENEHR_DEFAULTS = {
    "setting": {"|code": "238", "|value": "other care", "|terminology": "openehr"},
    "category": {"|code": "433", "|value": "event", "|terminology": "openehr"},
}
_DURATION_PARTS = (("year", "Y"), ("month", "M"), ("week", "W"), ("day", "D"))
_DURATION_TIME_PARTS = (("hour", "H"), ("minute", "M"), ("second", "S"))
# the example date and time, field by field (ADL temporal patterns name the same fields)
_TEMPORAL_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "DATE": (("year", "2026"), ("month", "03"), ("day", "10")),
    "TIME": (("hour", "08"), ("minute", "15"), ("second", "00")),
}
_TEMPORAL_FIELDS["DATE_TIME"] = _TEMPORAL_FIELDS["DATE"] + _TEMPORAL_FIELDS["TIME"]
_ZONE = "+01:00"
# web template proportion type names to DV_PROPORTION.type
_PROPORTION_KINDS = {"ratio": 0, "unitary": 1, "percent": 2, "fraction": 3, "integer_fraction": 4}
_DURATION_PATTERNS: dict[int, tuple[OperationalTemplate, dict[str, str]]] = {}


def _temporal(kind: str, pattern: str | None) -> str:
    """The example date/time/date-time honouring an ADL pattern: ``XX`` fields are left out
    (with every later field, as ISO 8601 partial values only truncate), ``??`` and required
    fields are given.

    >>> _temporal("DATE", "yyyy-??-XX"), _temporal("DATE_TIME", "yyyy-mm-ddTHH:??:XX"), _temporal("TIME", None)
    ('2026-03', '2026-03-10T08:15+01:00', '08:15:00')
    """
    fields = _TEMPORAL_FIELDS[kind]
    specs = re.findall(r"[A-Za-z?]{2,4}", (pattern or "").replace("T", " "))
    if len(specs) != len(fields):
        specs = ["??"] * len(fields)
    given = [value for (_, value), spec in zip(fields, specs, strict=True)]
    for i, spec in enumerate(specs):
        if spec == "XX":
            given = given[:i]
            break
    if kind == "TIME":
        return ":".join(given)
    date, time = given[:3], given[3:]
    text = "-".join(date)
    return f"{text}T{':'.join(time)}{_ZONE}" if time and kind == "DATE_TIME" else text


_TEXTS = ("example text", "Example text", "EXAMPLE", "example", "x", "X", "1", "A1")


def _text(pattern: str | None) -> str:
    """An example text matching a C_STRING regex (the first of a few candidates that does).

    >>> _text(None), _text("[A-Z].*"), _text("[0-9]+")
    ('example text', 'Example text', '1')
    """
    if not pattern:
        return _TEXTS[0]
    for text in _TEXTS:
        try:
            if re.fullmatch(pattern, text):
                return text
        except re.error:
            break
    return _TEXTS[0]


def _bound_number(out: dict[str, Any], path: str) -> float | None:
    """The number an interval bound is ordered by (a count, a quantity's magnitude), if it has one."""
    for key in (path, f"{path}|magnitude"):
        value = out.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _number_bounds(node: dict[str, Any], unit: str | None) -> tuple[float, float]:
    """The range of a count's or quantity's number (the unit's own range where it has one)."""
    validation: dict[str, Any] | None = None
    for inp in node.get("inputs", []):
        if inp.get("suffix") in (None, "magnitude") and validation is None:
            validation = inp.get("validation")
        if inp.get("suffix") == "unit":
            for item in inp.get("list") or []:
                if item.get("value") == unit and "range" in (item.get("validation") or {}):
                    return _bounds(item["validation"], node["rmType"] == "DV_COUNT")
    return _bounds(validation, node["rmType"] == "DV_COUNT")


def _duration_patterns(template: OperationalTemplate) -> dict[str, str]:
    """``aqlPath`` of each DV_DURATION node to its ADL duration pattern (``PTM``); the web
    template's inputs do not carry the pattern (like the SDK's), so it is read from the constraint."""
    hit = _DURATION_PATTERNS.get(id(template))
    if hit is not None and hit[0] is template:
        return hit[1]
    out: dict[str, str] = {}
    for wt in build_web_tree(template).root.walk():
        c = wt.constraint
        if wt.rm_type != "DV_DURATION" or not isinstance(c, CObject):
            continue
        for attr in getattr(c, "attributes", []):
            for obj in attr.children:
                if isinstance(obj, CPrimitiveObject) and isinstance(obj.item, CDuration) and obj.item.pattern:
                    out[wt.aql.format()] = obj.item.pattern
    if len(_DURATION_PATTERNS) > 128:
        _DURATION_PATTERNS.clear()
    _DURATION_PATTERNS[id(template)] = (template, out)
    return out


def _duration_allowed(pattern: str | None) -> set[str] | None:
    """The duration fields an ADL pattern allows (``PTM``: minutes only) as generator suffixes.

    >>> sorted(_duration_allowed("PYMTHM") or ()), _duration_allowed(None)
    (['hour', 'minute', 'month', 'year'], None)
    """
    fields = (pattern or "").split("/", 1)[0].strip()
    if not fields.startswith("P"):
        return None
    date, _, time = fields[1:].partition("T")
    out = {name for name, c in _DURATION_PARTS if c in date}
    return out | {name for name, c in _DURATION_TIME_PARTS if c in time}


@runtime_checkable
class Chooser(Protocol):
    """Where the generator's choices come from.

    >>> isinstance(RandomChooser(0), Chooser)
    True
    """

    def include(self) -> bool:
        """Whether to fill an optional node."""
        ...

    def index(self, n: int) -> int:
        """An index below ``n``."""
        ...

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""
        ...

    def real(self, low: float, high: float) -> float:
        """A number in ``[low, high]``."""
        ...


class RandomChooser:
    """Choices from a seeded :class:`random.Random`; optional nodes filled with probability ``p``.

    >>> RandomChooser(1).integer(3, 3)
    3
    """

    def __init__(self, seed: int = 0, p: float = 0.5) -> None:
        self.random = random.Random(seed)
        self.p = p

    def include(self) -> bool:
        return self.random.random() < self.p

    def index(self, n: int) -> int:
        return self.random.randrange(n)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def real(self, low: float, high: float) -> float:
        return round(self.random.uniform(low, high), 2)


_STRUCTURES = {
    "COMPOSITION", "SECTION", "OBSERVATION", "EVALUATION", "INSTRUCTION", "ACTION", "ADMIN_ENTRY",
    "GENERIC_ENTRY", "ACTIVITY", "EVENT", "POINT_EVENT", "INTERVAL_EVENT", "CLUSTER", "ELEMENT",
    "EVENT_CONTEXT", "ISM_TRANSITION",
}  # fmt: skip
# what a structure must hold (the RM makes the attribute mandatory): attribute chains, one of
# which a filled child must start with
_REQUIRED_ATTR: dict[str, tuple[tuple[str, ...], ...]] = {
    "OBSERVATION": (("data", "events", "data"), ("data", "events", "@")),
    "EVENT": (("data",),), "POINT_EVENT": (("data",),), "INTERVAL_EVENT": (("data",),),
    "EVALUATION": (("data",),), "ADMIN_ENTRY": (("data",),),
    "ACTION": (("description",),), "ACTIVITY": (("description",),),
    "INSTRUCTION": (("activities", "description"), ("activities", "@")), "CLUSTER": (("items",),),
    "ELEMENT": (("value", "@"),),
}  # fmt: skip


def _fills(parent: dict[str, Any], child: dict[str, Any]) -> bool:
    """Whether filling ``child`` fills what the RM requires of ``parent``."""
    base = [] if parent["aqlPath"] == "/" else split_aql_path(parent["aqlPath"])
    chain = tuple(a for a, _, _ in split_aql_path(child["aqlPath"])[len(base) :])
    for prefix in _REQUIRED_ATTR.get(parent["rmType"], ()):
        if prefix[-1] == "@":  # the structure node itself (an event, an activity)
            if chain == prefix[:-1]:
                return True
        elif chain[: len(prefix)] == prefix:
            return True
    return False


def _can_fill(node: dict[str, Any]) -> bool:
    """Whether the template lets the node hold what the RM requires (an event without data
    elements cannot be valid)."""
    if node["rmType"] not in _REQUIRED_ATTR:
        return True
    return any(_fills(node, c) and not _skipped(c) and _can_fill(c) for c in node.get("children", []))


def _skipped(node: dict[str, Any]) -> bool:
    """Nodes FLAT writes another way or the RM computes (offset, participations, instruction details)."""
    aql = node["aqlPath"]
    return (
        aql.endswith(("/offset", "/null_flavor", "/null_flavour"))
        or "/participations" in aql
        or "/instruction_details" in aql
        or node["rmType"] == "LOCATABLE_REF"
    )


def _bounds(validation: dict[str, Any] | None, integer: bool) -> tuple[float, float]:
    rng = (validation or {}).get("range") or {}
    step = 1 if integer else 0.01
    low = rng.get("min", 0 if integer else 0.0)
    high = rng.get("max", low + 100)
    if rng.get("minOp") == ">":
        low += step
    if rng.get("maxOp") == "<":
        high -= step
    if high < low:
        high = low
    return low, high


def _with_precision(value: float, digits: int | None, low: float, high: float) -> float:
    """``value`` with at most ``digits`` decimals (none: as is), kept inside ``[low, high]``.

    >>> _with_precision(3.14159, 0, 0.0, 10.0), _with_precision(0.4, 0, 0.2, 0.9)
    (3.0, 0.4)
    """
    if digits is None or digits < 0:
        return value
    scale = 10**digits
    rounded = round(value * scale) / scale
    if rounded < low:
        rounded = math.ceil(low * scale) / scale
    if rounded > high:
        rounded = math.floor(high * scale) / scale
    return float(rounded) if low <= rounded <= high else value


def _coded(inp: dict[str, Any], choose: Chooser) -> dict[str, Any]:
    items = inp.get("list") or []
    if items:
        item = items[choose.index(len(items))]
        return {"|code": item["value"], "|value": item.get("label", item["value"]),
                "|terminology": inp.get("terminology", "local"), "_item": item}  # fmt: skip
    return {"|code": "x1", "|value": "example", "|terminology": inp.get("terminology", "local")}


class _Generator:
    def __init__(self, choose: Chooser, lang: str, territory: str, durations: dict[str, str] | None = None) -> None:
        self.choose = choose
        self.durations = durations or {}
        self.lang = lang
        self.territory = territory
        self.out: dict[str, Any] = {}
        # an ISM transition's careflow step names the current states it allows
        self.states: list[str] | None = None

    def node(self, node: dict[str, Any], path: str) -> None:
        children = node.get("children", [])
        if node["rmType"] in _STRUCTURES and not children:
            if node["min"] >= 1 and node["rmType"] not in _REQUIRED_ATTR:
                # a mandatory structure the template leaves empty (a SECTION without items is RM-valid):
                # FLAT has no leaf for it, so it is written by one of its LOCATABLE attributes
                self.out[f"{path}/_uid"] = f"8d5c1a3e-0000-4000-8000-{self.choose.integer(0, 999_999):012d}"
            return
        if children and not node["rmType"].startswith("DV_INTERVAL"):
            seen: set[str] = set()
            groups: dict[str, list[dict[str, Any]]] = {}
            for child in children:
                groups.setdefault(child["aqlPath"], []).append(child)
            candidates = [c for c in children if _fills(node, c) and not _skipped(c) and _can_fill(c)]
            force = candidates[self.choose.index(len(candidates))]["aqlPath"] if candidates else None
            for child in children:
                if child["aqlPath"] in seen:
                    continue
                seen.add(child["aqlPath"])
                group = groups[child["aqlPath"]]
                chosen = group[self.choose.index(len(group))] if len(group) > 1 else child
                self.child(chosen, path, force=child["aqlPath"] == force)
            return
        self.value(node, path)

    def child(self, child: dict[str, Any], path: str, force: bool = False) -> None:
        if _skipped(child):
            return
        mandatory = child["min"] >= 1 or force
        if not mandatory and (not _can_fill(child) or not self.choose.include()):
            return
        count = max(child["min"], 1)
        if child["max"] != 1:
            extra = 1 if (child["max"] == -1 or child["max"] > count) and self.choose.include() else 0
            index = 0
            for _ in range(count + extra):
                before = len(self.out)
                self.node(child, f"{path}/{child['id']}:{index}")
                index += len(self.out) > before  # indexes stay dense when an occurrence is empty
        else:
            self.node(child, f"{path}/{child['id']}")

    def value(self, node: dict[str, Any], path: str) -> None:
        rm = node["rmType"]
        base = rm.split("<", 1)[0]
        inputs = node.get("inputs", [])
        out = self.out
        if base == "CODE_PHRASE":
            code, term = {
                "language": (self.lang, "ISO_639-1"),
                "territory": (self.territory, "ISO_3166-1"),
                "encoding": ("UTF-8", "IANA_character-sets"),
            }.get(node["id"], ("x1", "local"))
            out[f"{path}|code"], out[f"{path}|terminology"] = code, term
        elif base == "PARTY_PROXY":
            out[f"{path}|name"] = "Kari Nordmann"
        elif base in ("DV_CODED_TEXT", "DV_STATE"):
            inp: dict[str, Any] = next((i for i in inputs if i.get("suffix") == "code"), {})
            if node["id"] == "current_state" and self.states:
                allowed = [v for v in inp.get("list") or [] if v["value"] in self.states]
                inp = {**inp, "list": allowed or inp.get("list") or []}
            coded = _coded(inp, self.choose)
            item = coded.pop("_item", None)
            if node["id"] == "careflow_step":
                self.states = list((item or {}).get("currentStates") or []) or None
            if node["id"] in _OPENEHR_DEFAULTS and not inp.get("list"):
                coded = dict(_OPENEHR_DEFAULTS[node["id"]])
            for suffix, value in coded.items():
                out[path + suffix] = value
            if base == "DV_STATE":
                out[f"{path}|is_terminal"] = False
        elif base in ("DV_ORDINAL", "DV_SCALE"):
            inp = inputs[0] if inputs else {}
            coded = _coded(inp, self.choose)
            item = coded.pop("_item", {})
            out[f"{path}|code"], out[f"{path}|value"] = coded["|code"], coded["|value"]
            out[f"{path}|ordinal"] = item.get("ordinal", 1)
        elif base == "DV_QUANTITY":
            units: dict[str, Any] = next((i for i in inputs if i.get("suffix") == "unit"), {})
            magnitude: dict[str, Any] = next((i for i in inputs if i.get("suffix") == "magnitude"), {})
            unit_items = units.get("list") or [{"value": "1"}]
            unit = unit_items[self.choose.index(len(unit_items))]
            own = unit.get("validation") or {}
            validation = own if "range" in own else magnitude.get("validation")
            low, high = _bounds(validation, False)
            precision = (own.get("precision") or (magnitude.get("validation") or {}).get("precision") or {}).get("max")
            out[f"{path}|magnitude"] = _with_precision(self.choose.real(low, high), precision, low, high)
            out[f"{path}|unit"] = unit["value"]
        elif base == "DV_COUNT":
            low, high = _bounds(inputs[0].get("validation") if inputs else None, True)
            out[path] = self.choose.integer(int(low), int(high))
        elif base == "DV_PROPORTION":
            num: dict[str, Any] = next((i for i in inputs if i.get("suffix") == "numerator"), {})
            den: dict[str, Any] = next((i for i in inputs if i.get("suffix") == "denominator"), {})
            n_low, n_high = _bounds(num.get("validation"), False)
            d_low, d_high = _bounds(den.get("validation"), False)
            kind, numerator, denominator = self.proportion(node.get("proportionTypes") or [], n_low, n_high, d_low, d_high)
            out[f"{path}|numerator"] = numerator
            out[f"{path}|denominator"] = denominator
            out[f"{path}|type"] = kind
        elif base == "DV_BOOLEAN":
            allowed = [v["value"] == "true" for v in (inputs[0].get("list") or [])] if inputs else []
            out[path] = allowed[self.choose.index(len(allowed))] if allowed else bool(self.choose.integer(0, 1))
        elif base in ("DV_DATE_TIME", "DV_DATE", "DV_TIME"):
            pattern = next((i["validation"].get("pattern") for i in inputs if i.get("validation")), None)
            out[path] = _temporal(base[3:], pattern)
        elif base == "DV_DURATION":
            out[path] = self.duration(inputs, _duration_allowed(self.durations.get(node["aqlPath"])))
        elif base == "DV_IDENTIFIER":
            out[f"{path}|id"] = f"id-{self.choose.integer(1, 999)}"
        elif base in ("DV_URI", "DV_EHR_URI"):
            out[path] = "ehr://example/1" if base == "DV_EHR_URI" else "https://example.org/1"
        elif base == "DV_MULTIMEDIA":
            out[path] = "https://example.org/image.png"
            out[f"{path}|mediatype"] = "image/png"
            out[f"{path}|size"] = 1
        elif base == "DV_PARSABLE":
            out[path] = "P1D"
            out[f"{path}|formalism"] = "ISO8601"
        elif base == "DV_INTERVAL":
            self.interval(node, path)
        elif base == "DV_TEXT":
            inp = inputs[0] if inputs else {}
            items = inp.get("list") or []
            pattern = (inp.get("validation") or {}).get("pattern")
            out[path] = items[self.choose.index(len(items))]["value"] if items else _text(pattern)
        else:
            out[path] = "example"

    def interval(self, node: dict[str, Any], path: str) -> None:
        """The bounds of a DV_INTERVAL, lower not above upper (RM invariant ``Limits_consistent``)."""
        children = {c["id"]: c for c in node.get("children", [])}
        for child in children.values():
            self.value(child, f"{path}/{child['id']}")
        lower, upper = children.get("lower"), children.get("upper")
        if lower is None or upper is None:
            return
        lo_path, up_path = f"{path}/lower", f"{path}/upper"
        for attempt in range(30):
            lo, up = _bound_number(self.out, lo_path), _bound_number(self.out, up_path)
            if lo is None or up is None or lo <= up:
                return
            if lower.get("inputs") == upper.get("inputs") and lower["rmType"] == upper["rmType"]:
                for key in [k for k in self.out if k == lo_path or k.startswith(lo_path + "|")]:
                    other = up_path + key[len(lo_path) :]
                    if other in self.out:
                        self.out[key], self.out[other] = self.out[other], self.out[key]
            elif attempt < 6:  # bounds constrained differently: draw them again, in turn
                bound, where = (lower, lo_path) if attempt % 2 == 0 else (upper, up_path)
                self.value(bound, where)
            else:  # then move one bound onto the other, if its own constraint allows that number
                for bound, where, number in ((lower, lo_path, up), (upper, up_path, lo)):
                    low, high = _number_bounds(bound, self.out.get(f"{where}|unit"))
                    if low <= number <= high:
                        key = where if where in self.out else f"{where}|magnitude"
                        self.out[key] = int(number) if isinstance(self.out[key], int) else number
                        return

    def proportion(self, names: list[str], n_low: float, n_high: float, d_low: float, d_high: float,
                   ) -> tuple[int, float, float]:
        """``(type, numerator, denominator)`` of one of the template's proportion types (RM
        DV_PROPORTION: unitary has denominator 1, percent 100, (integer) fractions whole numbers)."""
        kinds = [_PROPORTION_KINDS[n] for n in names if n in _PROPORTION_KINDS] or [0]
        fixed = {1: 1.0, 2: 100.0}
        fitting = [k for k in kinds if k not in fixed or d_low <= fixed[k] <= d_high] or kinds
        kind = fitting[self.choose.index(len(fitting))]
        if kind in fixed:
            denominator = fixed[kind]
        else:
            denominator = max(d_low, 1.0) if d_high >= 1 else d_high or 1.0
        if kind in (3, 4):
            whole = float(math.ceil(denominator))
            denominator = whole if whole <= d_high or whole == 1.0 else denominator
            low, high = math.ceil(n_low), math.floor(n_high)
            numerator = float(self.choose.integer(low, high)) if low <= high else float(low)
        else:
            numerator = self.choose.real(n_low, n_high)
        return kind, numerator, denominator

    def duration(self, inputs: list[dict[str, Any]], pattern: set[str] | None = None) -> str:
        """An example duration inside the inputs' ranges, using only the fields ``pattern`` allows."""
        parts: dict[str, int] = {}
        for inp in inputs:
            low, _ = _bounds(inp.get("validation"), True)
            if low > 0 and (pattern is None or inp.get("suffix") in pattern):
                parts[inp["suffix"]] = int(low)
        if not parts:
            allowed = {s for s in (i.get("suffix") for i in inputs) if s and (pattern is None or s in pattern)}
            if not allowed and pattern:
                allowed = set(pattern)
            parts = {"hour" if "hour" in allowed or not allowed else sorted(allowed)[0]: 1}
        date = "".join(f"{parts[k]}{c}" for k, c in _DURATION_PARTS if k in parts)
        time = "".join(f"{parts[k]}{c}" for k, c in _DURATION_TIME_PARTS if k in parts)
        return "P" + date + (f"T{time}" if time else "")


def generate_flat(template: OperationalTemplate, choose: Chooser, lang: str | None = None) -> dict[str, Any]:
    """A FLAT composition of ``template`` with choices from ``choose``.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> generate_flat(t, RandomChooser(3))["composition/composer|name"]
    'Kari Nordmann'
    """
    wt = web_template(template)
    language = lang or wt["defaultLanguage"]
    gen = _Generator(choose, language, "NO", _duration_patterns(template))
    gen.node(wt["tree"], wt["tree"]["id"])
    return gen.out


def example_entry(template: OperationalTemplate, seed: int = 0) -> dict[str, Any]:
    """A valid FLAT composition of ``template``: mandatory nodes filled, some optional ones too.

    The same seed gives the same composition.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> from strukturjournal.template import OperationalTemplate
    >>> t = OperationalTemplate("t.v1", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="openEHR-EHR-COMPOSITION.c.v1"))
    >>> example_entry(t, seed=5) == example_entry(t, seed=5)
    True
    """
    return generate_flat(template, RandomChooser(seed))
