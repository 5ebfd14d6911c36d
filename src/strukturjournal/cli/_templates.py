"""Finding a template from the command line: a shipped short name or a file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from strukturjournal._resources import archetypes_dir
from strukturjournal.errors import TemplateError
from strukturjournal.repository import ArchetypeRepository
from strukturjournal.template import OperationalTemplate, build_template, compile_oet, load_opt

__all__ = ["resolve_template", "shipped_templates"]


def shipped_templates() -> dict[str, Path]:
    """Short name -> YAML file of every template shipped in ``archetypes/templates``.

    >>> "hjemmetjeneste" in shipped_templates()
    True
    """
    out: dict[str, Path] = {}
    for path in sorted((archetypes_dir() / "templates").glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[str(spec.get("short_name") or path.stem)] = path
    return out


@cache
def _repository(extra: tuple[Path, ...]) -> ArchetypeRepository:
    repo = ArchetypeRepository.from_directory(archetypes_dir(), exclude=["invalid"])
    for folder in extra:
        for archetype in ArchetypeRepository.from_directory(folder):
            repo.add(archetype)
    return repo


def resolve_template(name: str, archetype_folders: list[Path]) -> OperationalTemplate:
    """A shipped template by short name, or a ``.yml``/``.oet``/``.opt`` file.

    >>> resolve_template("hjemmetjeneste", []).template_id
    'sj.hjemmetjeneste.vitale_tegn.v0'
    """
    shipped = shipped_templates()
    path = shipped.get(name) or Path(name)
    if not path.is_file():
        known = ", ".join(sorted(shipped))
        raise TemplateError(f"no template {name!r}: give a shipped short name ({known}) or a .yml, .oet or .opt file")
    if path.suffix == ".opt":
        return load_opt(path)
    repo = _repository(tuple(archetype_folders))
    if path.suffix == ".oet":
        return compile_oet(path, repo)
    return build_template(path, repo)
