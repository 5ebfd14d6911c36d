"""Property tests: any text extracts without error and is rebuilt exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from strukturjournal.text import extract

PIECES = st.sampled_from(
    [
        "BT ",
        "P ",
        "puls ",
        "Temp ",
        "SpO2 ",
        "120/80",
        "37,9",
        "98.6",
        " kg",
        " %",
        " mmHg",
        "/",
        ",",
        ". ",
        "ikke målt ",
        "romluft",
        " 2 l O2",
        "NRS ",
        "5/10",
        "GCS ",
        "(V)",
        "ACVPU: ",
        "A",
        "\n",
        " ",
    ]
)
NOTES = st.one_of(
    st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join)
)


@settings(max_examples=300, deadline=None)
@given(NOTES)
def test_fields_and_residual_rebuild_the_note(text: str) -> None:
    result = extract(text)
    assert result.reconstruct() == text
    for field in result.fields:
        assert 0 <= field.start < field.end <= len(text)
        assert text[field.start : field.end] == field.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400), st.sampled_from([None, "nb", "nn", "en"]))
def test_no_crash_on_arbitrary_text(text: str, lang: str | None) -> None:
    result = extract(text, lang)
    covered = sum(s.end - s.start for s in result.residual)
    assert covered <= len(text)
    assert all(seg.text == text[seg.start : seg.end] for seg in result.residual)
