"""A folder tree of archetypes, by id: lookup, specialisation parents, slot fillers, disk cache.

>>> from strukturjournal._resources import archetypes_dir
>>> repo = ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"], cache=False)
>>> len(repo) > 0 and not repo.failures
True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from strukturjournal._resources import grammars_dir
from strukturjournal._version import __version__
from strukturjournal.adl import parse_adl, read_adl_text
from strukturjournal.aom import Archetype, ArchetypeId, ArchetypeSlot
from strukturjournal.diagnostics import Diagnostic, Severity, Span
from strukturjournal.errors import SourceSyntaxError, UnknownArchetypeError

__all__ = ["ArchetypeRepository", "default_cache_dir"]


def default_cache_dir() -> Path:
    """``$STRUKTURJOURNAL_CACHE`` or ``$XDG_CACHE_HOME/strukturjournal`` (``~/.cache/...``)."""
    env = os.environ.get("STRUKTURJOURNAL_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "strukturjournal"


def _parser_fingerprint() -> str:
    """Cache entries are valid only for the same library version and grammar text."""
    h = hashlib.sha256(__version__.encode())
    for name in ("adl14.lark", "odin.lark"):
        h.update((grammars_dir() / name).read_bytes())
    return h.hexdigest()[:16]


class ArchetypeRepository:
    """Archetypes by id. Build one with :meth:`from_directory` or :meth:`from_archetypes`.

    Lookup follows openEHR: an exact id first, then the same id with the major version only
    (``...v1`` finds ``...v1.0.3``), then the newest version of the same semantic id.
    Files that failed to load are in :attr:`failures` (one diagnostic each); loading never
    stops at the first bad file.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, Archetype] = {}
        self._by_major: dict[str, str] = {}
        self._by_semantic: dict[str, list[str]] = {}
        self.failures: list[Diagnostic] = []
        self.paths: dict[str, Path] = {}

    # ---- building
    @classmethod
    def from_archetypes(cls, archetypes: Iterable[Archetype]) -> ArchetypeRepository:
        """A repository of archetypes already in memory.

        >>> from strukturjournal.aom import Archetype, ArchetypeId
        >>> repo = ArchetypeRepository.from_archetypes([Archetype(ArchetypeId("openEHR-EHR-CLUSTER.a.v1"))])
        >>> "openEHR-EHR-CLUSTER.a.v1" in repo
        True
        """
        repo = cls()
        for a in archetypes:
            repo.add(a)
        return repo

    @classmethod
    def from_directory(
        cls,
        root: str | Path,
        *,
        pattern: str = "*.adl",
        exclude: Iterable[str] = (),
        cache: bool = True,
        cache_dir: str | Path | None = None,
    ) -> ArchetypeRepository:
        """Load every file matching ``pattern`` below ``root`` (recursively).

        With ``cache`` (the default), each parsed archetype is stored on disk keyed by the
        hash of its bytes, the library version and the grammar, so a second load of the same
        folder reads the model instead of parsing. ``exclude`` names sub-folders to skip
        (``exclude=["invalid"]`` leaves out the invalid-archetype fixtures). The cache holds pickles: point
        ``cache_dir`` only at a folder you trust.
        """
        repo = cls()
        cache_path = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        fingerprint = _parser_fingerprint() if cache else ""
        if cache:
            cache_path = cache_path / fingerprint
            cache_path.mkdir(parents=True, exist_ok=True)
        root = Path(root)
        skipped = tuple(exclude)
        for path in sorted(root.rglob(pattern)):
            if skipped and any(part in skipped for part in path.relative_to(root).parts[:-1]):
                continue
            archetype = repo._load_file(path, cache_path if cache else None)
            if archetype is not None:
                repo.add(archetype, path=path)
        return repo

    def _load_file(self, path: Path, cache_path: Path | None) -> Archetype | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.failures.append(Diagnostic("E-READ", f"cannot read the file: {exc.strerror}",
                                            span=Span(source=str(path))))
            return None
        entry = None
        if cache_path is not None:
            entry = cache_path / (hashlib.sha256(data).hexdigest() + ".pickle")
            if entry.is_file():
                try:
                    with entry.open("rb") as fh:
                        cached: Archetype = pickle.load(fh)
                    cached.source = str(path)
                    return cached
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
                    pass  # a stale or broken entry: parse again and overwrite it
        text, diagnostics = read_adl_text(data, str(path))
        try:
            archetype = parse_adl(text, source=str(path))
        except SourceSyntaxError as exc:
            self.failures.append(
                Diagnostic(
                    "E-SYNTAX",
                    exc.message + ("; expected " + ", ".join(exc.expected) if exc.expected else ""),
                    span=Span(exc.line, exc.column, source=str(path)),
                )
            )
            return None
        except RecursionError:
            self.failures.append(Diagnostic("E-SYNTAX", "the file is nested too deeply",
                                            span=Span(source=str(path))))
            return None
        archetype.diagnostics[:0] = diagnostics
        if entry is not None:
            try:
                tmp = entry.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(archetype, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(entry)
            except (OSError, pickle.PicklingError, RecursionError):
                pass  # caching is an optimisation; a failure to write it is not an error
        return archetype

    def add(self, archetype: Archetype, *, path: Path | None = None) -> None:
        """Add (or replace) an archetype. A duplicate id from another file is a warning."""
        key = str(archetype.archetype_id)
        if key in self._by_id and path is not None and key in self.paths and self.paths[key] != path:
            self.failures.append(
                Diagnostic(
                    "W-DUPLICATE-ID",
                    f"archetype id {key} is also defined in {self.paths[key]}; this file wins",
                    severity=Severity.WARNING,
                    archetype_id=key,
                    span=Span(source=str(path)),
                )
            )
        self._by_id[key] = archetype
        if path is not None:
            self.paths[key] = path
        aid = archetype.archetype_id
        if aid.is_valid:
            self._by_major[aid.versionless_major] = key
            versions = self._by_semantic.setdefault(aid.semantic_id, [])
            if key not in versions:
                versions.append(key)
                versions.sort(key=_version_key)

    # ---- lookup
    def find(self, archetype_id: str | ArchetypeId) -> Archetype | None:
        """The archetype for an id (exact, then by major version, then newest), or ``None``."""
        key = str(archetype_id).strip()
        if key in self._by_id:
            return self._by_id[key]
        aid = ArchetypeId.parse(key)
        if aid.is_valid:
            if aid.versionless_major in self._by_major and aid.version.count(".") == 0:
                return self._by_id[self._by_major[aid.versionless_major]]
            candidates = [
                k for k in self._by_semantic.get(aid.semantic_id, [])
                if ArchetypeId(k).version.startswith(aid.version)
            ]
            if candidates:
                return self._by_id[candidates[-1]]
        return None

    def get(self, archetype_id: str | ArchetypeId) -> Archetype:
        """Like :meth:`find`, but raises :class:`UnknownArchetypeError` when absent."""
        found = self.find(archetype_id)
        if found is None:
            raise UnknownArchetypeError(str(archetype_id))
        return found

    def __contains__(self, archetype_id: object) -> bool:
        return isinstance(archetype_id, (str, ArchetypeId)) and self.find(archetype_id) is not None

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Archetype]:
        return iter(self._by_id.values())

    def ids(self) -> list[str]:
        """Every archetype id held, sorted."""
        return sorted(self._by_id)

    # ---- specialisation and slots
    def parent_of(self, archetype: Archetype) -> Archetype | None:
        """The specialisation parent, if the archetype has one and it is here."""
        if archetype.parent_archetype_id is None:
            return None
        return self.find(archetype.parent_archetype_id)

    def lineage(self, archetype: Archetype) -> list[Archetype]:
        """The archetype and its ancestors, most general last (stops at a missing parent or a cycle)."""
        chain = [archetype]
        seen = {str(archetype.archetype_id)}
        parent = self.parent_of(archetype)
        while parent is not None and str(parent.archetype_id) not in seen:
            chain.append(parent)
            seen.add(str(parent.archetype_id))
            parent = self.parent_of(parent)
        return chain

    def specialisations_of(self, archetype_id: str | ArchetypeId) -> list[Archetype]:
        """Archetypes whose parent is ``archetype_id`` (direct children only)."""
        target = self.find(archetype_id)
        if target is None:
            return []
        key = str(target.archetype_id)
        return [a for a in self._by_id.values() if a.parent_archetype_id is not None
                and (found := self.find(a.parent_archetype_id)) is not None
                and str(found.archetype_id) == key]

    def slot_fillers(self, slot: ArchetypeSlot) -> list[str]:
        """Ids of the archetypes held here that the slot allows (same RM type family).

        The RM type of the filler must match the slot's (``CLUSTER`` slot, ``CLUSTER`` archetypes);
        the include/exclude patterns decide the rest.
        """
        out = []
        for key, a in self._by_id.items():
            if a.archetype_id.rm_type and a.archetype_id.rm_type != slot.rm_type_name:
                continue
            if slot.allows(key):
                out.append(key)
        return sorted(out)


_NUM = re.compile(r"\d+")


def _version_key(archetype_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _NUM.findall(ArchetypeId(archetype_id).version))
