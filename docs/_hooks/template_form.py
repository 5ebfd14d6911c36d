"""Reading a web template for the generated template pages: a form preview and a field table.

Part of the docs hook ``templates.py`` (which mkdocs loads with this folder on ``sys.path``).
:func:`form_html` draws a static HTML form, one fieldset per archetype root and one control per
data field; :func:`field_table` lists fields with their FLAT paths. Both read the web template
(``to_web_template``), so they show what a form built on the library would show.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = [
    "LANG",
    "SECOND",
    "cell",
    "data_leaves",
    "esc",
    "field_paths",
    "field_table",
    "flat_fields",
    "form_html",
]

LANG = "nb"  # labels in the pictures
SECOND = "en"  # the smaller label under each field


# --------------------------------------------------------------------------- helpers


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _occ(node: dict[str, Any]) -> str:
    lo, hi = node.get("min", 0), node.get("max", 1)
    return f"{lo}..{'*' if hi is None or hi < 0 else hi}"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range(validation: dict[str, Any] | None) -> str:
    """``0–300``, ``≥ 0``, ``> 0 and < 10``: the range of a web template ``validation``."""
    rng = (validation or {}).get("range")
    if not rng:
        return ""
    lo, hi = rng.get("min"), rng.get("max")
    lo_op, hi_op = rng.get("minOp", ">="), rng.get("maxOp", "<=")
    if lo is not None and hi is not None and lo_op == ">=" and hi_op == "<=":
        return f"{_num(lo)}–{_num(hi)}"
    sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
    parts = []
    if lo is not None:
        parts.append(f"{sym.get(lo_op, lo_op)} {_num(lo)}")
    if hi is not None:
        parts.append(f"{sym.get(hi_op, hi_op)} {_num(hi)}")
    return " and ".join(parts)


def _input(node: dict[str, Any], suffix: str) -> dict[str, Any] | None:
    return next((i for i in node.get("inputs", []) if i.get("suffix") == suffix), None)


def _units(node: dict[str, Any]) -> list[dict[str, Any]]:
    unit = _input(node, "unit")
    return list(unit.get("list", [])) if unit else []


def _choices(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The coded values (coded text, ordinal) a node offers, in order."""
    for inp in node.get("inputs", []):
        if inp.get("type") == "CODED_TEXT" and inp.get("suffix") != "unit" and inp.get("list"):
            return list(inp["list"])
    return []


def _label(item: dict[str, Any], lang: str) -> str:
    return item.get("localizedLabels", {}).get(lang) or item.get("label") or item.get("value", "")


def _name(node: dict[str, Any], lang: str) -> str:
    """The node's name in ``lang``; for the template language, its default name if need be.

    In another language a node without a localized name has none ('').
    """
    local = node.get("localizedNames", {}).get(lang)
    if local or lang != LANG:
        return local or ""
    return node.get("name") or node["id"]


def _small(node: dict[str, Any]) -> str:
    second = _name(node, SECOND)
    return f' <small lang="{SECOND}">{esc(second)}</small>' if second else ""


def _is_archetype_root(node: dict[str, Any]) -> bool:
    return str(node.get("nodeId", "")).startswith("openEHR-")


def _choice_text(item: dict[str, Any], lang: str) -> str:
    text = _label(item, lang)
    return f"{item['ordinal']}: {text}" if "ordinal" in item else text


# --------------------------------------------------------------------------- web template walks


def _walk(
    node: dict[str, Any], path: str, out: list[tuple[str, dict[str, Any], list[dict[str, Any]]]],
    chain: list[dict[str, Any]],
) -> None:
    here = path
    out.append((here, node, chain))
    for child in node.get("children", []):
        seg = child["id"] + (":0" if child.get("max", 1) != 1 else "")
        _walk(child, f"{here}/{seg}", out, [*chain, node])


def flat_fields(web_template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every node with inputs, with the FLAT path of its value (no suffix).

    A FLAT path joins the web template ids from the root down; a node that may repeat
    (``max`` other than 1) carries ``:0``, the index of its first occurrence.
    """
    walked: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    tree = web_template["tree"]
    _walk(tree, tree["id"], walked, [])
    return [(path, node) for path, node, _ in walked if node.get("inputs")]


def field_paths(path: str, node: dict[str, Any]) -> list[str]:
    """The FLAT paths of a field: one per input, ``path|suffix`` (bare ``path`` without one)."""
    suffixes = [i.get("suffix") for i in node.get("inputs", [])]
    return [f"{path}|{s}" if s else path for s in suffixes] or [path]


def data_leaves(web_template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The fields a user fills in: nodes with inputs that are not set from the context.

    ``inContext`` nodes (composer, category, language, event time…) are filled in by the
    system that commits the composition, not typed into a form.
    """
    return [(p, n) for p, n in flat_fields(web_template) if not n.get("inContext")]


# --------------------------------------------------------------------------- form preview


def _control(uid: str, path: str, node: dict[str, Any]) -> tuple[str, str]:
    """(control HTML, hint text) for one field."""
    rm = node["rmType"]
    required = " required" if node.get("min", 0) >= 1 else ""
    attrs = f'id="{esc(uid)}" name="{esc(path)}"{required}'
    choices = _choices(node)
    if rm == "DV_BOOLEAN":
        return f'<input type="checkbox" {attrs}>', ""
    if choices:
        options = ['<option value="">–</option>'] + [
            f'<option value="{esc(c.get("value", ""))}">{esc(_choice_text(c, LANG))}</option>'
            for c in choices
        ]
        return f"<select {attrs}>{''.join(options)}</select>", ""
    if rm == "DV_QUANTITY":
        units = _units(node)
        magnitude = _input(node, "magnitude") or {}
        first = _range(units[0].get("validation")) if units else _range(magnitude.get("validation"))
        prec = ((units[0].get("validation") if units else magnitude.get("validation")) or {}).get("precision")
        step = "any"
        if prec and prec.get("max") is not None:
            step = "1" if prec["max"] == 0 else f"{10 ** -prec['max']:g}"
        rng = ((units[0].get("validation") if units else magnitude.get("validation")) or {}).get("range", {})
        minmax = "".join(
            f' {k}="{_num(rng[k])}"' for k in ("min", "max") if rng.get(k) is not None
        )
        unit_text = " | ".join(esc(u.get("value", "")) for u in units) or "any unit"
        hint = "; ".join(
            f"{u.get('value', '')}: {_range(u.get('validation'))}" for u in units if _range(u.get("validation"))
        )
        control = (
            f'<input type="number" step="{step}"{minmax} placeholder="{esc(first)}" {attrs}>'
            f'<span class="sj-unit">{unit_text}</span>'
        )
        return control, hint if len(units) > 1 else ""
    kinds = {
        "DV_COUNT": "number",
        "DV_DATE_TIME": "datetime-local",
        "DV_DATE": "date",
        "DV_TIME": "time",
        "DV_PROPORTION": "number",
    }
    kind = kinds.get(rm, "text")
    validation = (node.get("inputs") or [{}])[0].get("validation")
    rng = (validation or {}).get("range", {})
    minmax = "".join(f' {k}="{_num(rng[k])}"' for k in ("min", "max") if rng.get(k) is not None)
    placeholder = _range(validation) or {"DV_DURATION": "PT15M"}.get(rm, "")
    ph = f' placeholder="{esc(placeholder)}"' if placeholder else ""
    extra = minmax if kind == "number" else ""
    return f'<input type="{kind}"{extra}{ph} {attrs}>', ""


def _field_html(uid: str, path: str, node: dict[str, Any]) -> str:
    control, hint = _control(uid, path, node)
    star = '<abbr class="sj-req" title="required">*</abbr>' if node.get("min", 0) >= 1 else ""
    label = f'<label for="{esc(uid)}">{esc(_name(node, LANG))}{star}{_small(node)}</label>'
    title = node.get("localizedDescriptions", {}).get(LANG, "")
    tattr = f' title="{esc(title)}"' if title else ""
    hint_html = f'<span class="sj-hint">{esc(hint)}</span>' if hint else ""
    kind = "sj-field sj-check" if node["rmType"] == "DV_BOOLEAN" else "sj-field"
    return (
        f'<div class="{kind}" data-rm="{node["rmType"]}"{tattr}>{label}'
        f'<div class="sj-control">{control}{hint_html}</div></div>'
    )


def form_html(web_template: dict[str, Any], short_name: str) -> str:
    """A static HTML picture of a form: a fieldset per archetype root, a control per data field."""
    tree = web_template["tree"]
    paths = {id(n): p for p, n in data_leaves(web_template)}
    counter = iter(range(1_000_000))
    out: list[str] = []

    def fields(node: dict[str, Any], depth: int) -> None:
        for child in node.get("children", []):
            if id(child) in paths:
                out.append(_field_html(f"sj-{short_name}-{next(counter)}", paths[id(child)], child))
            elif _is_archetype_root(child):
                fieldset(child, depth + 1)
            elif child["rmType"] == "CLUSTER" and _has_leaf(child, paths):
                out.append(
                    f'<div class="sj-group"><div class="sj-group-title">{esc(_name(child, LANG))}'
                    f"{_small(child)}</div>"
                )
                fields(child, depth)
                out.append("</div>")
            else:
                fields(child, depth)

    def fieldset(node: dict[str, Any], depth: int) -> None:
        if not _has_leaf(node, paths):
            return
        out.append(f'<fieldset class="sj-depth-{depth}">')
        out.append(
            f'<legend>{esc(_name(node, LANG))}{_small(node)}'
            f' <span class="sj-occ">{_occ(node)}</span></legend>'
        )
        fields(node, depth)
        out.append("</fieldset>")

    # the composition's own fields (its context) first, then each content archetype
    own = dict(tree, children=[c for c in tree.get("children", []) if not _is_archetype_root(c)])
    out.append(f'<div class="sj-form" lang="{LANG}">')
    fieldset(own, 0)
    for child in tree.get("children", []):
        if _is_archetype_root(child):
            fieldset(child, 0)
    out.append("</div>")
    return "\n".join(out)


def _has_leaf(node: dict[str, Any], paths: dict[int, str]) -> bool:
    return id(node) in paths or any(_has_leaf(c, paths) for c in node.get("children", []))


# --------------------------------------------------------------------------- field table


def _code(text: str) -> str:
    """A FLAT path as code that may wrap after a ``/`` or before a ``|``, never inside a name."""
    escaped = esc(text).replace("|", "<wbr>&#124;").replace("/", "/<wbr>")
    return f"<code>{escaped}</code>"


def cell(text: str) -> str:
    return esc(text).replace("|", "&#124;")


def _allowed(node: dict[str, Any]) -> list[str]:
    """The allowed values (coded texts, ordinals) or ranges (per unit) of a field."""
    choices = _choices(node)
    if choices:
        return [_choice_text(c, LANG) for c in choices]
    units = _units(node)
    if units:
        ranges = [(u.get("value", ""), _range(u.get("validation"))) for u in units]
        if len(ranges) == 1:
            return [ranges[0][1]] if ranges[0][1] else []
        return [f"{u}: {r}" for u, r in ranges if r]
    for inp in node.get("inputs", []):
        rng = _range(inp.get("validation"))
        if rng:
            return [rng]
    return []


def field_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """The fields as a markdown table inside ``<div class="sj-fields">`` (for its column widths)."""
    body = [
        '<div class="sj-fields" markdown>',
        "",
        "| FLAT path | Field (bokmål, English) | RM type, unit(s) | Allowed | Occurs |",
        "|---|---|---|---|---|",
    ]
    for path, node in rows:
        flat = "<br>".join(_code(p) for p in field_paths(path, node))
        second = _name(node, SECOND)
        label = cell(_name(node, LANG)) + (f"<br><small>{cell(second)}</small>" if second else "")
        units = ", ".join(f"<code>{cell(u.get('value', ''))}</code>" for u in _units(node))
        rm = f"`{node['rmType']}`" + (f"<br>{units}" if units else "")
        allowed = "<br>".join(cell(a) for a in _allowed(node))
        body.append(f"| {flat} | {label} | {rm} | {allowed} | {_occ(node)} |")
    body += ["", "</div>"]
    return "\n".join(body)
