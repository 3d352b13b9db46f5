"""Property tests: arbitrary text never raises, and every offset indexes the text it came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newswatch.mentions import Gazetteer
from newswatch.quotes import extract_quotes
from newswatch.settings import load_settings

GAZ = Gazetteer.load(load_settings().seeds_dir / "gazetteer" / "us_dprk_negotiations.yaml")

# Text made of the pieces that matter to the extractor (quote marks, names, cues, newlines) plus any Unicode.
PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "‘",
        "’",
        "'",
        "\n",
        ". ",
        ", ",
        " said ",
        " told ",
        "Kim Jong Un",
        "Mr. Kim",
        " he ",
        " she ",
        "According to ",
        " — ",
        "Q. ",
        "A. ",
        "SEN. DOE: ",
        "Maxwell",
        "David Maxwell, a fellow at the Foundation",
        "(R-Ore.)",
        "the statement",
        "a senior official",
        "U.S.",
        "Yongbyon",
        "sanctions relief",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_quotes_never_raise_and_offsets_index_the_text(text: str) -> None:
    for q in extract_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.quote
        assert q.speaker
        assert 0.0 <= q.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_quotes_on_any_unicode_never_raise(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.quote


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_mentions_offsets_index_the_text(text: str) -> None:
    for m in GAZ.find(text):
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence or "\n" in m.text
