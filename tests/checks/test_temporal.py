"""Dates, times, date-times and durations in VPOV and VOBAV: ordering, timezones, patterns."""

from __future__ import annotations

from typing import Any

import pytest

from strukturjournal.aom import CPrimitiveObject
from strukturjournal.aom.primitives import CDate, CDateTime, CDuration, CTime
from strukturjournal.base import Interval, IsoDate, IsoDateTime, IsoDuration, IsoTime
from strukturjournal.checks._temporal import (
    interval_contains,
    interval_contains_interval,
    pattern_allows,
    pattern_narrowing,
    temporal_key,
)
from strukturjournal.checks.narrowing import narrowing_problem
from strukturjournal.checks.values import assumed_value_problem


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (IsoDate("2004-05-20"), IsoDate("2004-06-02")),
        (IsoDate("1999-12-31"), IsoDate("2000-01-01")),
        (IsoTime("09:30"), IsoTime("09:30:01")),
        (IsoTime("09:30:00+02:00"), IsoTime("08:00:00Z")),  # 07:30 UTC
        (IsoTime("23:30:00Z"), IsoTime("23:00:00-0100")),  # 24:00 UTC: no wrap to 00:00
        (IsoDateTime("2004-05-20T23:59:59"), IsoDateTime("2004-05-21T00:00:00")),
        (IsoDateTime("2004-05-21T01:00:00+02:00"), IsoDateTime("2004-05-20T23:30:00Z")),
        (IsoDuration("PT90M"), IsoDuration("PT2H")),
        (IsoDuration("P1W"), IsoDuration("P8D")),
    ],
)
def test_order(earlier: Any, later: Any) -> None:
    a, b = temporal_key(earlier), temporal_key(later)
    assert a is not None and b is not None and a[:2] == b[:2]
    assert a[2] < b[2]


def test_timezone_on_one_side_only_cannot_be_compared() -> None:
    assert interval_contains(Interval(IsoTime("09:00:00Z"), IsoTime("17:00:00Z")), "10:00:00") is None
    assert (
        interval_contains_interval(
            Interval(IsoDateTime("2004-01-01T00:00:00Z"), None),
            Interval(IsoDateTime("2003-01-01T00:00:00"), None),
        )
        is None
    )


def test_partial_and_foreign_values_have_no_key() -> None:
    assert temporal_key("2004-05") is None
    assert temporal_key("2004-02-30") is None
    assert temporal_key("not a date") is None
    assert temporal_key(12) is None


@pytest.mark.parametrize(
    ("pattern", "value", "allowed"),
    [
        ("yyyy-mm-dd", "2004-05-20", True),
        ("yyyy-mm-dd", "2004-05", False),
        ("yyyy-mm-??", "2004-05", True),
        ("yyyy-??-XX", "2004-05-20", False),
        ("hh:mm:XX", "10:30", True),
        ("hh:mm:XX", "10:30:15", False),
        ("yyyy-mm-ddThh:mm:??", "2004-05-20T10:30", True),
        ("yyyy-mm-ddThh:mm:ss", "2004-05-20T10:30", False),
        ("YYYY-MM-DDTHH:MM:SS", "2004-05-20T10:30:00Z", True),
    ],
)
def test_pattern_allows(pattern: str, value: str, allowed: bool) -> None:
    assert pattern_allows(pattern, value) is allowed


@pytest.mark.parametrize(
    ("child", "parent", "narrows"),
    [
        ("yyyy-mm-dd", "yyyy-??-??", True),
        ("yyyy-mm-XX", "yyyy-mm-??", True),
        ("yyyy-??-??", "yyyy-mm-dd", False),
        ("yyyy-mm-dd", "yyyy-mm-XX", False),
        ("hh:mm:ss", "hh:??:??", True),
        ("hh:??:XX", "hh:mm:XX", False),
    ],
)
def test_pattern_narrowing(child: str, parent: str, narrows: bool) -> None:
    assert (pattern_narrowing(child, parent) is None) is narrows


def _date(**kw: Any) -> CPrimitiveObject:
    return CPrimitiveObject("DATE", item=CDate(**kw))


def test_vpov_temporal() -> None:
    parent = _date(range=Interval(IsoDate("2000-01-01"), IsoDate("2010-12-31")))
    assert narrowing_problem(_date(range=Interval(IsoDate("2001-01-01"), IsoDate("2002-01-01"))), parent) is None
    assert "not within" in str(
        narrowing_problem(_date(range=Interval(IsoDate("1999-01-01"), IsoDate("2002-01-01"))), parent)
    )
    assert "no range" in str(narrowing_problem(_date(pattern="yyyy-mm-dd"), parent))
    assert "not within" in str(narrowing_problem(_date(list=[IsoDate("2011-01-01")]), parent))
    time_parent = CPrimitiveObject("TIME", item=CTime(pattern="hh:mm:XX"))
    time_child = CPrimitiveObject("TIME", item=CTime(pattern="hh:mm:??"))
    assert "second" in str(narrowing_problem(time_child, time_parent))
    dt_parent = CPrimitiveObject("DATE_TIME", item=CDateTime(range=Interval(IsoDateTime("2004-01-01T00:00:00Z"), None)))
    dt_child = CPrimitiveObject("DATE_TIME", item=CDateTime(range=Interval(IsoDateTime("2004-01-01T01:00:00+02:00"), None)))
    assert "not within" in str(narrowing_problem(dt_child, dt_parent))  # 2003-12-31T23:00Z
    d_parent = CPrimitiveObject("DURATION", item=CDuration(pattern="PYMWD"))
    assert narrowing_problem(CPrimitiveObject("DURATION", item=CDuration(pattern="PW")), d_parent) is None
    assert "TH" in str(narrowing_problem(CPrimitiveObject("DURATION", item=CDuration(pattern="PWDTH")), d_parent))


def test_vobav_temporal() -> None:
    assert assumed_value_problem(CDate(pattern="yyyy-??-??", assumed_value=IsoDate("1970-01-01"))) is None
    assert assumed_value_problem(CDate(pattern="yyyy-mm-dd", assumed_value=IsoDate("1970-01"))) is not None
    rng = Interval(IsoDuration("PT0S"), IsoDuration("PT24H"))
    assert assumed_value_problem(CDuration(range=rng, assumed_value=IsoDuration("PT1H"))) is None
    assert assumed_value_problem(CDuration(range=rng, assumed_value=IsoDuration("P2D"))) is not None
    assert assumed_value_problem(CDuration(pattern="PW", assumed_value=IsoDuration("P1D"))) is not None
