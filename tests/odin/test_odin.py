"""ODIN: every BMM file of the corpus reads and writes back to an equal value."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturjournal.base import CodePhrase, Interval
from strukturjournal.errors import SourceSyntaxError
from strukturjournal.odin import load_odin, parse_odin, to_odin
from tests.conftest import case_id, corpus_files

BMM = corpus_files("bmm", "*.bmm")


@pytest.mark.parametrize("path", BMM, ids=case_id)
def test_bmm_round_trip(path: Path) -> None:
    value = load_odin(path)
    assert value["rm_publisher"] == "openehr"
    assert parse_odin(to_odin(value)) == value


def test_values() -> None:
    v = parse_odin(
        'a = <"x \\"q\\""> b = <1, 2> c = <|>0.5..<10.0|> d = <[SNOMED-CT(2003)::123]> '
        'e = <True> f = <2004-01-31> g = <P1Y2M> h = <["k"] = <n = <3>>> i = <http://x.org/a>'
    )
    assert v["a"] == 'x "q"'
    assert v["b"] == [1, 2]
    assert v["c"] == Interval(0.5, 10.0, lower_included=False, upper_included=False)
    assert v["d"] == CodePhrase("SNOMED-CT", "123", "2003")
    assert v["e"] is True and v["f"] == "2004-01-31" and v["g"] == "P1Y2M"
    assert v["h"] == {"k": {"n": 3}}
    assert v["i"] == "http://x.org/a"
    assert parse_odin(to_odin(v)) == v


def test_error_position() -> None:
    with pytest.raises(SourceSyntaxError) as info:
        parse_odin('a = <"x">\nb = <"y"\nc = <1>')
    assert (info.value.line, info.value.column) == (3, 1)
