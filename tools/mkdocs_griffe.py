"""Griffe extension used by the docs build only (``mkdocs.yml``: ``extensions``).

The source docstrings are Google style with two reStructuredText habits that Markdown does
not understand; this extension rewrites them in memory when mkdocstrings loads the package,
so the source stays as it is:

* bare doctest blocks (``>>>`` lines) become ``pycon`` code blocks, instead of being read
  as Markdown (where ``>>>`` is a quote and ``["at0000"]`` a link);
* Sphinx roles (``:class:`~strukturjournal.base.Interval```) become optional cross-references
  that link when the target is documented and fall back to plain code otherwise.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|exc|data|obj):`(~?)([^`]+)`")
_SECTION = re.compile(r"^\s*Examples:\s*$")


def _fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (``>>>`` up to a blank line) in a ``pycon`` fence.

    Doctests inside a Google ``Examples:`` section are left alone: griffe parses those itself
    (``Example:``, singular, is an admonition to griffe, so its doctests are wrapped).
    """
    lines = text.split("\n")
    out: list[str] = []
    in_examples = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _SECTION.match(line):
            in_examples = True
        elif line and not line[0].isspace():
            in_examples = False
        if line.lstrip().startswith(">>>") and not in_examples:
            indent = line[: len(line) - len(line.lstrip())]
            previous = out[-1] if out else ""
            opens_section = previous.rstrip().endswith(":") and len(previous) - len(
                previous.lstrip()
            ) < len(indent)
            if previous.strip() and not opens_section:
                out.append("")
            out.append(f"{indent}```pycon")
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            out.append(f"{indent}```")
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _resolve(obj: griffe.Object, name: str) -> str:
    """The documented path a role points to, as well as it can be guessed."""
    name = name.strip().rstrip("()")
    if name.startswith("strukturjournal."):
        return name
    scopes: list[Any] = []
    if isinstance(obj, griffe.Class):
        scopes.append(obj)
    if obj.parent is not None:
        scopes.append(obj.parent)
    scopes.append(obj.module)
    first = name.split(".")[0]
    for scope in scopes:
        member = scope.members.get(first)
        if member is None:
            continue
        try:
            base = member.target_path if isinstance(member, griffe.Alias) else member.path
        except Exception:  # an alias to something outside the package
            return name
        return base + name[len(first):]
    return name


def _roles(obj: griffe.Object, text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        title = target.split(".")[-1] if match.group(1) == "~" else target
        identifier = _resolve(obj, target)
        return f'<autoref identifier="{identifier}" optional><code>{title}</code></autoref>'

    return _ROLE.sub(replace, text)


class DocstringMarkdown(griffe.Extension):
    """Rewrite doctests and Sphinx roles in every docstring of the loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        stack: list[griffe.Object] = [pkg]
        seen: set[int] = set()
        while stack:
            obj = stack.pop()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.docstring is not None:
                obj.docstring.value = _roles(obj, _fence_doctests(obj.docstring.value))
            stack.extend(m for m in obj.members.values() if not isinstance(m, griffe.Alias))
