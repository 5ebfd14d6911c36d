"""Broken input gives one clear, positioned error: never a RecursionError, a hang or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturjournal.adl import load_archetype, parse_adl
from strukturjournal.cli import main
from strukturjournal.errors import ADLSyntaxError

GOOD = Path(__file__).resolve().parents[2] / "archetypes/observation/openEHR-EHR-OBSERVATION.sj_blood_pressure.v0.adl"
TEXT = GOOD.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _line_of(needle: str, start: int = 0) -> int:
    """1-based number of the first line at or after ``start`` that contains ``needle``."""
    return next(i for i, line in enumerate(LINES) if i >= start and needle in line) + 1


def _error(text: str) -> ADLSyntaxError:
    with pytest.raises(ADLSyntaxError) as info:
        parse_adl(text, source="broken.adl")
    return info.value


def test_the_intact_file_parses() -> None:
    assert parse_adl(TEXT).archetype_id.concept_name == "sj_blood_pressure"


def test_empty_file() -> None:
    for text in ("", "\n\n  \n", "\ufeff"):
        e = _error(text)
        assert (e.line, e.column) == (1, 1)
        assert "empty" in e.message


def test_truncated_file_ends_too_early() -> None:
    cut = TEXT.index("ELEMENT[at0005]")
    e = _error(TEXT[:cut])
    assert e.message == "the archetype ends too early"
    last = TEXT[:cut].split("\n")[-1]
    assert (e.line, e.column) == (TEXT[:cut].count("\n") + 1, len(last) + 1)
    assert "'}'" in e.expected


def test_missing_closing_brace_is_reported_where_it_was_needed() -> None:
    # drop the brace that closes the root OBSERVATION: the parser notices at 'ontology'
    before, _, after = TEXT.rpartition("\t}\n\nontology")
    broken = before + "\nontology" + after
    e = _error(broken)
    assert e.line == broken.split("\n").index("ontology") + 1
    assert e.column == 1
    assert "1 '{' without a matching '}' before 'ontology'" in e.message
    assert e.expected == ["'}'"]


def test_unknown_keyword_names_the_word_and_what_was_expected() -> None:
    row = _line_of("ELEMENT[at0004]")
    e = _error(TEXT.replace("ELEMENT[at0004] occurrences matches", "ELEMENT[at0004] occurences matches"))
    assert (e.line, e.column) == (row, LINES[row - 1].index("occurrences") + 1)
    assert "occurences" in e.message
    assert "'matches'" in e.expected or "'occurrences'" in e.expected
    context = e.get_context()
    assert context.splitlines()[0].strip().startswith("ELEMENT[at0004] occurences")
    assert context.splitlines()[1].strip() == "^"


def test_stray_byte() -> None:
    row = _line_of("HISTORY[at0001]")
    e = _error(TEXT.replace("HISTORY[at0001]", "HISTORY[at0001] \x01"))
    assert (e.line, e.column) == (row, LINES[row - 1].index("HISTORY") + len("HISTORY[at0001] ") + 1)
    assert e.message == "unexpected character '\\x01'"


def test_a_hundred_thousand_nested_braces() -> None:
    head = TEXT[: TEXT.index("definition")] + "definition\n\tCLUSTER[at0000] matches "
    e = _error(head + "{" * 100_000 + "}" * 100_000 + "\nontology\n")
    assert e.line == head.count("\n") + 1
    assert e.column == len(head.split("\n")[-1]) + 2  # the second '{'


def test_a_hundred_thousand_nested_odin_blocks() -> None:
    head = TEXT[: TEXT.index("description")] + "description\n\tpurpose = "
    e = _error(head + "<" * 100_000 + ">" * 100_000)
    assert e.line == head.count("\n") + 1


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.adl"
    path.write_bytes(TEXT.encode("utf-8").decode("utf-8").encode("latin-1", errors="strict"))
    a = load_archetype(path)
    assert a.text_of("at0008", "nb") == "Sittende"
    assert a.text_of("at0010", "nb") == "Stående"
    assert [d.code for d in a.diagnostics][:1] == ["W-ENCODING"]


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "crlf.adl"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8-sig"))
    assert load_archetype(path) == parse_adl(TEXT)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t[: t.index("ELEMENT[at0005]")],
        lambda t: t.replace("occurrences matches", "occurences matches", 1),
        lambda t: t.replace("HISTORY[at0001]", "HISTORY[at0001] \x01"),
        lambda t: "",
    ],
    ids=["truncated", "unknown-keyword", "stray-byte", "empty"],
)
def test_cli_reports_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.adl"
    path.write_text(mutate(TEXT), encoding="utf-8")
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{path}:" in err and "syntax error" in err
    if mutate(TEXT):
        assert "^" in err  # the context line with its caret is printed whole


def test_cli_keeps_brackets_of_the_context_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.adl"
    path.write_text(TEXT.replace("HISTORY[at0001]", "HISTORY[at0001] \x01"), encoding="utf-8")
    assert main(["show", str(path)]) == 2
    assert "HISTORY[at0001]" in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(tmp_path / "nope.adl")]) == 2
    assert "no such file" in capsys.readouterr().err
