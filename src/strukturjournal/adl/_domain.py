"""openEHR archetype-profile domain types written in ODIN inside cADL (``C_DV_QUANTITY <...>``)."""

from __future__ import annotations

from typing import Any

from strukturjournal.aom import CDvQuantity, CObject, COdinDomainType, CQuantityItem
from strukturjournal.base import CodePhrase, Interval
from strukturjournal.diagnostics import Span

__all__ = ["domain_type", "quantity_to_odin"]

_RM_TYPES = {"C_DV_QUANTITY": "DV_QUANTITY", "C_DV_ORDINAL": "DV_ORDINAL", "C_CODE_PHRASE": "CODE_PHRASE"}


def _interval(value: Any) -> Interval[Any] | None:
    if value is None or isinstance(value, Interval):
        return value
    return Interval(value, value)  # a bare number means exactly that number


def domain_type(type_name: str, data: dict[str, Any], span: Span | None) -> CObject:
    """Build the AOM object for a domain type block; unknown types are kept whole."""
    if type_name == "C_DV_QUANTITY":
        extra = dict(data)
        prop = extra.pop("property", None)
        items: list[CQuantityItem] = []
        for entry in (extra.pop("list", None) or {}).values():
            entry = dict(entry)
            items.append(
                CQuantityItem(
                    str(entry.get("units", "")),
                    magnitude=_interval(entry.get("magnitude")),
                    precision=_interval(entry.get("precision")),
                )
            )
        assumed = extra.pop("assumed_value", None)
        return CDvQuantity(
            "DV_QUANTITY",
            span=span,
            property=prop if isinstance(prop, CodePhrase) else None,
            list=items,
            assumed_value=assumed,
            extra=extra,
        )
    rm_type = _RM_TYPES.get(type_name, type_name.removeprefix("C_"))
    return COdinDomainType(rm_type, span=span, type_name=type_name, data=dict(data))


def quantity_to_odin(q: CDvQuantity) -> dict[str, Any]:
    """The ODIN attributes of a ``C_DV_QUANTITY`` block (inverse of :func:`domain_type`).

    >>> quantity_to_odin(CDvQuantity("DV_QUANTITY", list=[CQuantityItem("kg")]))
    {'list': {'1': {'units': 'kg'}}}
    """
    from strukturjournal.odin import OdinObject

    out: dict[str, Any] = OdinObject()
    if q.property is not None:
        out["property"] = q.property
    if q.list:
        listing: dict[str, Any] = {}
        for i, item in enumerate(q.list, start=1):
            entry: dict[str, Any] = OdinObject(units=item.units)
            if item.magnitude is not None:
                entry["magnitude"] = item.magnitude
            if item.precision is not None:
                entry["precision"] = item.precision
            listing[str(i)] = entry
        out["list"] = listing
    if q.assumed_value is not None:
        out["assumed_value"] = q.assumed_value
    out.update(q.extra)
    return out
