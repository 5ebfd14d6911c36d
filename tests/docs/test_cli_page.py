"""Reference > Command line: a section per command whose options table matches its --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from strukturjournal.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "reference" / "cli.md").read_text("utf-8")
COMMANDS = [
    "show",
    "lint",
    "extract",
    "validate",
    "template build",
    "template show",
    "template export",
]
FLAG = re.compile(r"--[a-z][a-z-]*")


def _section(command: str) -> str:
    match = re.search(
        rf"^## `strukturjournal {command}`\n(.*?)(?=^## |\Z)", PAGE, re.MULTILINE | re.DOTALL
    )
    assert match, f"no section for {command}"
    return match.group(1)


@pytest.mark.parametrize("command", COMMANDS)
def test_options_table_matches_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main([*command.split(), "--help"]) == 0
    helped = set(FLAG.findall(capsys.readouterr().out))
    section = _section(command)
    table = {
        flag
        for line in section.splitlines()
        if line.startswith("| `")
        for flag in FLAG.findall(line.split("|")[1])
    }
    assert table == helped
    assert f"strukturjournal {command} [OPTIONS]" in section
    assert (
        f"```bash\nstrukturjournal {command} " in section
        or "strukturjournal extract --format jsonl" in section
    )


def test_every_command_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["--help"])
    top = capsys.readouterr().out
    main(["template", "--help"])
    sub = capsys.readouterr().out
    listed = {f"template {c}" for c in re.findall(r"^│ (\w+) ", sub, re.MULTILINE)}
    listed |= {c for c in re.findall(r"^│ (\w+) ", top, re.MULTILINE) if c != "template"}
    assert listed == set(COMMANDS)
