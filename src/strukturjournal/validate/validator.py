"""The entry validator: a template compiled once, then any number of entries checked against it.

Entries are openEHR canonical JSON compositions (a dict with ``"_type": "COMPOSITION"``),
FLAT compositions (``{"path:0/to/node|suffix": value, "ctx/language": "nb", ...}``) or
STRUCTURED ones (the FLAT tree nested; checked as FLAT, so paths are reported in FLAT form);
which one is found out from the data.

>>> from strukturjournal.aom import CArchetypeRoot, ArchetypeOntology, ArchetypeTerm
>>> from strukturjournal.template import OperationalTemplate
>>> onto = ArchetypeOntology(term_definitions={"en": {"at0000": ArchetypeTerm("at0000", {"text": "Note"})}})
>>> t = OperationalTemplate("note.v1", "Note", CArchetypeRoot("COMPOSITION", "at0000",
...     archetype_id="openEHR-EHR-COMPOSITION.note.v1", ontology=onto))
>>> v = EntryValidator(t)
>>> v.is_valid({"note/category|code": "433"}), [d.code for d in v.iter_errors({"note/nope": 1})]
(True, ['unknown-path'])
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strukturjournal.diagnostics import Diagnostic, best_match
from strukturjournal.errors import EntryValidationError
from strukturjournal.rm import RMModel
from strukturjournal.template import OperationalTemplate
from strukturjournal.template.simplified import StructuredFormatError, structured_to_flat
from strukturjournal.validate._canonical import CanonicalWalker
from strukturjournal.validate._flat import FlatIndex, check_flat
from strukturjournal.validate._limits import Limits, flat_is_clean, scan, scan_json_text
from strukturjournal.validate._report import Where, report

__all__ = ["EntryValidator", "entry_format", "is_valid", "iter_errors", "load_entry", "validate"]


def entry_format(entry: Any) -> str | None:
    """``"canonical"``, ``"flat"``, ``"structured"`` or ``None`` (none of them).

    >>> entry_format({"_type": "COMPOSITION"}), entry_format({"a/b|code": "x"}), entry_format([1])
    ('canonical', 'flat', None)
    >>> entry_format({"vital_signs": {"pulse": [{"rate": [{"|magnitude": 88}]}]}, "ctx": {"language": "nb"}})
    'structured'
    """
    if not isinstance(entry, dict) or not entry:
        return None
    if entry.get("_type") == "COMPOSITION":
        return "canonical"
    if not all(isinstance(k, str) for k in entry):
        return None
    if all(not isinstance(v, dict | list) or k.endswith("|raw") for k, v in entry.items()):
        return "flat"
    roots = [k for k in entry if k != "ctx"]
    body = entry[roots[0]] if len(roots) == 1 else None
    if isinstance(body, dict) and body and all(isinstance(v, list) for v in body.values()):
        return "structured"  # the root's children are lists of occurrences
    return None


def load_entry(text: str, limits: Limits | None = None) -> tuple[Any, Diagnostic | None]:
    """Read JSON text safely: ``(data, None)`` or ``(None, diagnostic)`` when it cannot be read.

    Depth and size are checked before :func:`json.loads` runs.

    >>> load_entry('{"a": 1}')
    ({'a': 1}, None)
    >>> load_entry("[" * 100_000)[1].code
    'too-deep'
    >>> load_entry("{nope")[1].code
    'invalid-format'
    """
    limits = limits or Limits()
    problem = scan_json_text(text, limits)
    if problem is not None:
        return None, problem
    try:
        return json.loads(text), None
    except (ValueError, RecursionError) as exc:
        return None, report("invalid-format", Where("/", "", {"en": "entry", "nb": "oppføringen"}), value=str(exc),
                            expected="JSON text")


class EntryValidator:
    """Validates entries against one template; the template is compiled on creation.

    Compiling builds the FLAT path index (web template ids to template nodes) and the labels;
    checks then run from dictionaries, without looking at the template again.

    ``limits`` bound what an entry may hold (:class:`~strukturjournal.validate.Limits`).
    ``names=True`` also checks names against the names the template fixes (a node renamed
    ``Systolisk`` in the template, named ``Systolic`` in the data); by default names only tell
    sibling nodes apart, since tools rename nodes freely.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> v = EntryValidator(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")),
    ...                    limits=Limits(max_depth=50))
    >>> sorted(v.flat.nodes)[:3], v.limits.max_depth
    (['composition', 'composition/category', 'composition/composer'], 50)
    """

    def __init__(
        self, template: OperationalTemplate, *, limits: Limits | None = None, rm: RMModel | None = None, names: bool = False
    ) -> None:
        self.template = template
        self.limits = limits or Limits()
        self.rm = rm or RMModel.default()
        self.walker = CanonicalWalker(template, self.rm, names=names)
        self.flat = FlatIndex(template, self.rm)

    def iter_errors(self, entry: Any) -> Iterator[Diagnostic]:
        """Every problem of ``entry``, lazily; nothing for a valid entry.

        >>> from strukturjournal.aom import CArchetypeRoot
        >>> t = OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c"))
        >>> next(EntryValidator(t).iter_errors("text")).code
        'not-an-entry'
        """
        if type(entry) is dict and entry and entry.get("_type") is None and flat_is_clean(entry, self.limits):
            yield from check_flat(entry, self.flat, self.walker)  # the common case, without the full scan
            return
        kind = entry_format(entry)
        if kind is None:
            shown = type(entry).__name__ if not isinstance(entry, dict) else "this object"
            yield report("not-an-entry", Where("/", ""), value=shown)
            return
        problems = list(scan(entry, self.limits, canonical=kind != "flat"))
        if problems:
            yield from problems
            return
        if kind == "flat":
            yield from check_flat(entry, self.flat, self.walker)
            return
        if kind == "structured":
            try:
                flat = structured_to_flat(entry, self.flat.root.wt)
            except StructuredFormatError as exc:
                yield report("invalid-format", Where("/", ""), value=str(exc), expected="STRUCTURED composition")
                return
            yield from check_flat(flat, self.flat, self.walker)  # paths in FLAT form
            return
        yield from self._canonical(entry)

    def _canonical(self, entry: dict[str, Any]) -> Iterator[Diagnostic]:
        root = self.template.definition
        where = Where("", "/", self.walker.labels(root))
        details = entry.get("archetype_details")
        tid = details.get("template_id") if isinstance(details, dict) else None
        tid = tid.get("value") if isinstance(tid, dict) else tid
        if isinstance(tid, str) and tid != self.template.template_id:
            yield report("wrong-template", Where("/archetype_details/template_id/value", "/", where.labels),
                         value=tid, expected=self.template.template_id)
            return
        node_id = entry.get("archetype_node_id")
        expected = getattr(root, "archetype_id", None) or root.node_id
        if isinstance(node_id, str) and expected and node_id != expected:
            yield report("unknown-path", Where("/archetype_node_id", "/", where.labels), value=node_id)
            return
        yield from self.walker.walk(entry, root, where)

    def is_valid(self, entry: Any) -> bool:
        """Whether ``entry`` has no problem (stops at the first one).

        >>> from strukturjournal.aom import CArchetypeRoot
        >>> EntryValidator(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000",
        ...     archetype_id="c"))).is_valid({"composition/x": 1})
        False
        """
        return next(self.iter_errors(entry), None) is None

    def validate(self, entry: Any) -> None:
        """Raise :class:`~strukturjournal.errors.EntryValidationError` (headlined by the best match) if invalid.

        >>> from strukturjournal.aom import CArchetypeRoot
        >>> v = EntryValidator(OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
        >>> try:
        ...     v.validate({"composition/x": 1})
        ... except EntryValidationError as e:
        ...     e.diagnostics[0].code
        'unknown-path'
        """
        errors = list(self.iter_errors(entry))
        if errors:
            best = best_match(errors)
            ordered = [best, *[e for e in errors if e is not best]] if best is not None else errors
            raise EntryValidationError(ordered)


#: compiled validators of the templates used last (module-level functions), most recent last
_CACHE: OrderedDict[int, EntryValidator] = OrderedDict()
CACHE_SIZE = 32


def _validator(template: OperationalTemplate) -> EntryValidator:
    key = id(template)
    cached = _CACHE.get(key)
    if cached is not None and cached.template is template:  # held, so the id is not reused
        _CACHE.move_to_end(key)
        return cached
    validator = EntryValidator(template)
    _CACHE[key] = validator
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return validator


def iter_errors(entry: Any, template: OperationalTemplate | str | Path) -> Iterator[Diagnostic]:
    """Every problem of ``entry`` against ``template`` (compiled once per template object and cached).

    ``template`` may be an OPT file path.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> t = OperationalTemplate("t", "T", CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c"))
    >>> [d.code for d in iter_errors({"composition/x": 1}, t)], _validator(t) is _validator(t)
    (['unknown-path'], True)
    """
    return _validator(_template(template)).iter_errors(entry)


def is_valid(entry: Any, template: OperationalTemplate | str | Path) -> bool:
    """Whether ``entry`` conforms to ``template``.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> is_valid({"composition/category|code": "433"}, OperationalTemplate("t", "T",
    ...     CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
    True
    """
    return _validator(_template(template)).is_valid(entry)


def validate(entry: Any, template: OperationalTemplate | str | Path) -> None:
    """Raise :class:`~strukturjournal.errors.EntryValidationError` if ``entry`` does not conform.

    >>> from strukturjournal.aom import CArchetypeRoot
    >>> validate({"composition/category|code": "433"}, OperationalTemplate("t", "T",
    ...     CArchetypeRoot("COMPOSITION", "at0000", archetype_id="c")))
    """
    _validator(_template(template)).validate(entry)


_FILES: dict[str, OperationalTemplate] = {}


def _template(template: OperationalTemplate | str | Path) -> OperationalTemplate:
    if isinstance(template, OperationalTemplate):
        return template
    from strukturjournal.template import load_opt

    key = str(Path(template).resolve())
    if key not in _FILES:
        _FILES[key] = load_opt(key)
    return _FILES[key]
