"""Pathological inputs complete: the island parser is linear in the length of the text."""

from __future__ import annotations

import random

from strukturjournal.text import extract


def test_a_megabyte_of_digits_slashes_and_commas() -> None:
    rng = random.Random(6)
    text = "".join(rng.choice("0123456789/,") for _ in range(1_000_000))
    result = extract(text)
    assert result.reconstruct() == text


def test_a_hundred_thousand_labels_without_values() -> None:
    text = "BT " * 100_000
    result = extract(text)
    assert result.fields == []
    assert result.reconstruct() == text


def test_many_findings_in_a_row() -> None:
    text = "BT 120/80, P 76. " * 5_000
    result = extract(text)
    assert len(result.fields) == 15_000
    assert result.reconstruct() == text
