"""Building an operational template from a YAML template (:mod:`.yaml_spec`).

The YAML is read with the safe loader and composed with its marks, so every diagnostic points
at the line and column of the YAML value it is about: a field that fails validation, a path or
name that is not in the archetype, an archetype the repository lacks.

API (the same as :func:`~strukturjournal.template.oet.compile_oet`): :func:`build_template`
returns the :class:`OperationalTemplate`, with warnings in ``template.diagnostics``; errors
raise :class:`~strukturjournal.errors.TemplateError` carrying every error found.

A node is addressed by a path relative to its scope (``/data[at0001]/events[at0006]/…``; for
the template itself the full AQL path, ``/content[openEHR-EHR-OBSERVATION.x.v0]/…``), or by its
name in any language of the template's archetypes, matched without regard to case. A name that
fits several nodes is an error that lists their paths. Exclusions are applied last, so a node
can be narrowed and its sibling excluded in any order.

Labels (``labels:``, a slot's ``label:``, the template's ``name:``) become term texts in every
language they give (see :meth:`Assembler.label
<strukturjournal.template._assemble.Assembler.label>`); a node keeps being found by its
archetype names too. ``bindings:`` become ``binding:<concept id>`` annotations
(:mod:`strukturjournal.template.bindings`), read back as ``OperationalTemplate.bindings``.

>>> from strukturjournal.repository import ArchetypeRepository
>>> try:
...     build_template_text("id: t.v0\\nname: {nb: T}\\nroot: nope\\n", ArchetypeRepository(), source="t.yml")
... except TemplateError as e:
...     print(e.diagnostics[0])
t.yml:3:7: error yaml-invalid: root: String should match pattern '...' (got 'nope')
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from strukturjournal.aom import (
    ArchetypeTerm,
    CArchetypeRoot,
    CAttribute,
    CComplexObject,
    CDvQuantity,
    CObject,
    iter_nodes,
)
from strukturjournal.base import Interval
from strukturjournal.diagnostics import Diagnostic, Span
from strukturjournal.errors import TemplateError
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template._assemble import Assembler, Target, fixed_name
from strukturjournal.template._raw import RawElement
from strukturjournal.template.bindings import BINDING_PREFIX, aql_paths
from strukturjournal.template.model import Annotation, OperationalTemplate
from strukturjournal.template.yaml_spec import Narrowing, Scope, TemplateSpec, parse_occurrences

__all__ = ["build_template", "build_template_text"]

Loc = tuple[Any, ...]


def build_template(yaml_path: str | Path, repository: ArchetypeRepository) -> OperationalTemplate:
    """Build the YAML template at ``yaml_path`` with the archetypes of ``repository``.

    >>> build_template("/nonexistent.yml", ArchetypeRepository())
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent.yml'
    """
    path = Path(yaml_path)
    return build_template_text(path.read_text("utf-8"), repository, source=str(path))


def build_template_text(
    text: str, repository: ArchetypeRepository, *, source: str | None = None
) -> OperationalTemplate:
    """Build a template from YAML text; ``source`` names the file in diagnostics.

    >>> try:
    ...     build_template_text("id: [", ArchetypeRepository(), source="t.yml")
    ... except TemplateError as e:
    ...     print(e.diagnostics[0].code, e.diagnostics[0].span)
    yaml-syntax t.yml:1:6
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(mark.line + 1, mark.column + 1, source=source) if mark else Span(source=source)
        problem = getattr(exc, "problem", None) or str(exc)
        diag = Diagnostic("yaml-syntax", f"not valid YAML: {problem}", span=span)
        raise TemplateError(str(diag), [diag]) from None
    marks: dict[Loc, Span] = {}
    if node is not None:
        _collect_marks(node, (), marks, source)
    try:
        spec = TemplateSpec.model_validate(data if data is not None else {})
    except ValidationError as exc:
        diags = [_validation_diag(err, marks, source) for err in exc.errors()]
        raise TemplateError(str(diags[0]) + _more(diags), diags) from None
    return _Builder(spec, repository, marks, source).build()


def _more(diags: list[Diagnostic]) -> str:
    return f" (and {len(diags) - 1} more)" if len(diags) > 1 else ""


def _collect_marks(node: yaml.Node, loc: Loc, out: dict[Loc, Span], source: str | None) -> None:
    out[loc] = Span(node.start_mark.line + 1, node.start_mark.column + 1, source=source)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else None
            out[(*loc, k, "<key>")] = Span(key.start_mark.line + 1, key.start_mark.column + 1, source=source)
            _collect_marks(value, (*loc, k), out, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_marks(item, (*loc, i), out, source)


def _span(loc: Loc, marks: dict[Loc, Span], source: str | None) -> Span:
    """The mark of the longest prefix of ``loc`` that the YAML has."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in marks:
            return marks[loc[:n]]
    return Span(source=source)


def _validation_diag(err: Any, marks: dict[Loc, Span], source: str | None) -> Diagnostic:
    # pydantic adds the union member or the dict key/value marker to loc; YAML has neither
    loc = tuple(p for p in err["loc"] if p not in ("[key]",) and not (isinstance(p, str) and p.startswith(("function-", "str", "bool", "list["))))
    where = ".".join(str(p) for p in loc) or "template"
    message = err["msg"]
    if err["type"] == "string_pattern_mismatch":
        message = "String should match pattern '...'"
    got = f" (got {err['input']!r})" if err["type"] not in ("missing", "extra_forbidden") and not isinstance(err["input"], dict | list) else ""
    span = marks.get((*loc, "<key>")) if err["type"] == "extra_forbidden" else None
    return Diagnostic("yaml-invalid", f"{where}: {message}{got}", span=span or _span(loc, marks, source))


class _Builder:
    def __init__(
        self,
        spec: TemplateSpec,
        repository: ArchetypeRepository,
        marks: dict[Loc, Span],
        source: str | None,
    ) -> None:
        self.spec = spec
        self.marks = marks
        self.source = source
        self.lang = spec.languages[0]
        self.asm = Assembler(repository, language=self.lang, source=source)
        self.excluded: list[Target] = []
        self.scopes: list[tuple[CArchetypeRoot, Scope, Loc]] = []
        self.annotations: list[Annotation] = []
        self.labelled: dict[tuple[str, str, str], list[tuple[int, str, Loc]]] = {}

    def span(self, loc: Loc) -> Span:
        return _span(loc, self.marks, self.source)

    def error(self, code: str, message: str, loc: Loc, **kw: Any) -> None:
        self.asm.report(code, message, self.span(loc), **kw)

    def build(self) -> OperationalTemplate:
        spec = self.spec
        root = self.asm.archetype_root(spec.root, self.span(("root",)))
        name = spec.name.get(self.lang) or next(iter(spec.name.values()))
        if root is not None:
            self.scopes.append((root, spec, ()))
            self.fill_slots(root, spec, ())
            for scope, part, loc in self.scopes:
                self.constrain(scope, part, loc)
            bound = self.bind(root)
            for parent, node in self.excluded:
                self.asm.exclude(parent, node)
            self.check_labels(root)
            self.check_bindings(root, bound)
            self.asm.label(root, root, {**spec.name, self.lang: name})
        template = self.asm.finish(
            spec.id,
            name,
            root if root is not None else CArchetypeRoot("COMPOSITION", "at0000"),
            description=self.description(),
        )
        template.annotations = self.annotations
        return template

    def bind(self, root: CArchetypeRoot) -> list[tuple[str, CObject]]:
        """Resolve ``bindings:`` to paths, kept as ``binding:<concept>`` annotations."""
        bound: list[tuple[str, CObject]] = []
        by_path: dict[str, Annotation] = {}
        paths = aql_paths(root)
        for concept, ref in self.spec.bindings.items():
            found = self.find(root, ref, ("bindings", concept))
            if found is None:
                continue
            if not isinstance(found[1], CObject):
                self.error("template-not-applicable", "bind a node, not an attribute",
                           ("bindings", concept))
                continue
            path = f"[{root.archetype_id}]{paths.get(id(found[1]), '')}"
            if path not in by_path:
                by_path[path] = Annotation(path)
                self.annotations.append(by_path[path])
            by_path[path].items[BINDING_PREFIX + concept] = concept
            bound.append((concept, found[1]))
        return bound

    def check_bindings(self, root: CArchetypeRoot, bound: list[tuple[str, CObject]]) -> None:
        kept = set(aql_paths(root)) if bound else set()
        for concept, node in bound:
            if id(node) not in kept:
                self.error("template-binding-excluded",
                           f"{concept!r} is bound to a node the template excludes",
                           ("bindings", concept))

    def description(self) -> RawElement:
        details = []
        for lang in self.spec.languages:
            purpose = (self.spec.description or {}).get(lang, "")
            details.append(RawElement("details", children=[
                RawElement("language", children=[
                    RawElement("terminology_id", children=[RawElement("value", text="ISO_639-1")]),
                    RawElement("code_string", text=lang)]),
                RawElement("purpose", text=purpose.strip())]))
        head = [RawElement("lifecycle_state", text="unmanaged")]
        if self.spec.short_name:
            head.insert(0, RawElement("other_details", {"id": "short_name"}, self.spec.short_name))
        return RawElement("description", children=head + details)

    # --- slots, depth first; each filled archetype becomes a scope for its own rules
    def fill_slots(self, scope: CArchetypeRoot, part: Scope, loc: Loc) -> None:
        for i, fill in enumerate(part.slots):
            here = (*loc, "slots", i)
            path = self.path_of(scope, fill.at, (*here, "at"))
            if path is None:
                if self.asm.repository.find(fill.archetype) is None:
                    self.asm.archetype_root(fill.archetype, self.span((*here, "archetype")))
                continue
            occ = parse_occurrences(fill.occurrences) if fill.occurrences else (None, None)
            root = self.asm.fill(
                scope, path, fill.archetype, self.span((*here, "archetype")), occurrences=occ
            )
            if root is not None:
                if fill.label:
                    self.label(root, root, fill.label, (*here, "label"))
                self.scopes.append((root, fill, here))
                self.fill_slots(root, fill, here)

    def constrain(self, scope: CArchetypeRoot, part: Scope, loc: Loc) -> None:
        for key, labels in part.labels.items():
            here = (*loc, "labels", key)
            target = self.find(scope, key, here)
            if target is not None:
                self.label(_owner(scope, target[1]), target[1], labels, here)
        for key, narrowing in part.narrow.items():
            here = (*loc, "narrow", key)
            target = self.find(scope, key, here)
            if target is not None:
                self.narrow(target[1], narrowing, here)
        for i, key in enumerate(part.exclude):
            target = self.find(scope, key, (*loc, "exclude", i))
            if target is not None:
                self.excluded.append(target)

    # --- finding nodes by path or name
    def path_of(self, scope: CArchetypeRoot, ref: str, loc: Loc) -> str | None:
        if ref.startswith("/"):
            return ref
        found = self.find(scope, ref, loc)
        if found is None:
            return None
        return aql_paths(scope, "").get(id(found[1]))

    def find(self, scope: CArchetypeRoot, ref: str, loc: Loc) -> Target | None:
        where = (*loc, "<key>") if (*loc, "<key>") in self.marks else loc
        if ref.startswith("/"):
            target = self.asm.resolve(scope, ref)
            if target is None:
                self.error("template-unknown-path", f"no node at {ref} in {scope.archetype_id}",
                           where, archetype_id=scope.archetype_id, path=ref)
            return target
        index = self.names(scope)
        wanted = ref.strip().casefold()
        hits = [(parent, node) for names, parent, node in index if wanted in names]
        if len(hits) == 1:
            return hits[0]
        if hits:
            paths = aql_paths(scope, "")
            listed = ", ".join(paths.get(id(n), "?") for _, n in hits[:5])
            self.error("template-ambiguous-name",
                       f"{ref!r} names {len(hits)} nodes in {scope.archetype_id}; use a path: {listed}",
                       where, archetype_id=scope.archetype_id)
            return None
        known = sorted({n for names, _, _ in index for n in names})
        close = difflib.get_close_matches(wanted, known, n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        self.error("template-unknown-name", f"no node named {ref!r} in {scope.archetype_id}{hint}",
                   where, archetype_id=scope.archetype_id)
        return None

    def names(self, scope: CArchetypeRoot) -> list[tuple[set[str], CAttribute | None, CObject]]:
        """Every node below ``scope`` with its names (fixed name, term text in any language,
        as the archetype has it or as a label of the template made it)."""
        out: list[tuple[set[str], CAttribute | None, CObject]] = []
        tables: dict[int, list[dict[str, ArchetypeTerm]]] = {}
        stack: list[tuple[CObject, CAttribute | None, CArchetypeRoot]] = [(scope, None, scope)]
        while stack:
            node, parent, owner = stack.pop()
            if isinstance(node, CArchetypeRoot):
                owner = node
            names = {n.casefold() for n in (fixed_name(node),) if n}
            if id(owner) not in tables:
                original = self.asm.repository.find(owner.archetype_id)
                ontos = [self.asm.component_ontologies.get(owner.archetype_id), owner.ontology,
                         original.ontology if original is not None else None]
                tables[id(owner)] = [t for o in ontos if o for t in o.term_definitions.values()]
            if node.node_id:
                names |= {t[node.node_id].text.casefold() for t in tables[id(owner)]
                          if node.node_id in t}
            out.append((names, parent, node))
            if isinstance(node, CComplexObject):
                for attr in node.attributes:
                    stack.extend((c, attr, owner) for c in attr.children)
        return out

    # --- rules
    def label(self, owner: CArchetypeRoot, node: CObject | CAttribute, labels: dict[str, str], loc: Loc) -> None:
        if not isinstance(node, CComplexObject) or not node.node_id:
            self.error("template-not-applicable", "only a node with a node id can be renamed", loc)
            return
        self.asm.label(owner, node, labels)
        for lang, text in labels.items():
            if lang != self.lang:
                uses = self.labelled.setdefault((owner.archetype_id, node.node_id, lang), [])
                uses.append((id(owner), text.strip(), (*loc, lang)))

    def check_labels(self, root: CArchetypeRoot) -> None:
        """A label in another language is per archetype (OPT component ontologies): every use
        of an archetype used twice must have the same one."""
        roots: dict[str, set[int]] = {}
        for node in iter_nodes(root):
            if isinstance(node, CArchetypeRoot):
                roots.setdefault(node.archetype_id, set()).add(id(node))
        for (aid, code, lang), uses in self.labelled.items():
            texts = {text for _, text, _ in uses}
            if len(texts) > 1 or not roots.get(aid, set()) <= {owner for owner, _, _ in uses}:
                self.error("template-label-conflict",
                           f"{aid} is used {len(roots.get(aid, ()))} times; a label in {lang!r} "
                           f"names {code} in every use (OPT keeps it per archetype): give every "
                           f"use the same {lang!r} label", uses[0][2], archetype_id=aid)

    def narrow(self, node: CObject | CAttribute, n: Narrowing, loc: Loc) -> None:
        if isinstance(node, CAttribute):
            self.error("template-not-applicable", "narrow a node, not an attribute", loc)
            return
        asm = self.asm
        if n.occurrences:
            asm.set_occurrences(node, *parse_occurrences(n.occurrences))
        checks: list[tuple[str, bool]] = []
        if n.types:
            checks.append(("types", asm.restrict_types(node, list(n.types))))
        if n.units or n.magnitude or n.precision is not None:
            quantities = [q for q in asm.value_nodes(node, ("DV_QUANTITY",)) if isinstance(q, CDvQuantity)]
            units = n.units or [i.units for q in quantities for i in q.list]
            rng = None
            if n.magnitude is not None:
                m = n.magnitude
                rng = Interval(m.min, m.max, m.min_included, m.max_included)
            prec = Interval(n.precision, n.precision) if n.precision is not None and n.precision >= 0 else None
            ok = bool(units) and asm.restrict_units(
                node, n.units, None,
                {u: rng for u in units} if rng is not None else None,
                {u: prec for u in units} if prec is not None else None,
            )
            checks.append(("units" if n.units else "magnitude" if n.magnitude else "precision", ok))
        if n.codes or n.exclude_codes:
            checks.append(("codes" if n.codes else "exclude_codes",
                           asm.restrict_codes(node, n.codes, n.exclude_codes)))
        if n.texts:
            checks.append(("texts", asm.restrict_texts(node, n.texts)))
        if n.default is not None:
            value = ("true" if n.default else "false") if isinstance(n.default, bool) else n.default
            checks.append(("default", asm.set_default(node, value)))
        for field, ok in checks:
            if not ok:
                self.error("template-not-applicable",
                           f"{field} does not apply to a {node.rm_type_name} node", (*loc, field))


def _owner(scope: CArchetypeRoot, node: CObject | CAttribute) -> CArchetypeRoot:
    """The archetype root below or at ``scope`` whose archetype ``node`` belongs to."""
    stack: list[tuple[CObject, CArchetypeRoot]] = [(scope, scope)]
    while stack:
        here, owner = stack.pop()
        if isinstance(here, CArchetypeRoot):
            owner = here
        if here is node:
            return owner
        if isinstance(here, CComplexObject):
            stack.extend((c, owner) for a in here.attributes for c in a.children)
    return scope
