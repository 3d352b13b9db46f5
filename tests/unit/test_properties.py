"""Property tests: arbitrary text never raises, and every offset indexes the text it came from."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newswatch.mentions import Gazetteer
from newswatch.quotes import _NAME_AT_CAPITAL, _NAME_RE, _SUBJECT_BEFORE, _name_matches, _subject_before, extract_quotes
from newswatch.settings import load_settings
from newswatch.text import SentenceIndex

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


# Name-like pieces: honorifics with and without their stops, initials, particles, hyphenated particles.
NAME_WORDS = [
    " ", " ", " ", ". ", ", ", "-", "’", "Mr", "Mr.", "Mrs", "Ms.", "Miss", "Lt.", "Gen.", "Dr.-Ing", "Sgt.Pepper",
    "A.B.", "U.S.", "van der", "de la", "St.", "al-Assad", "el", "Kim", "Jong Un", "Moon Jae", "Park", "Jong-un",
    "Nwankwo-Fields", "Cole", "KIM:", "xal-Y", "\u00a0",
]  # fmt: skip
NAME_PIECES = st.sampled_from(NAME_WORDS)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(NAME_PIECES, NAME_PIECES, st.text(max_size=4)), max_size=40).map("".join))
def test_name_scan_finds_what_the_name_pattern_finds(text: str) -> None:
    # ``_name_matches`` searches faster with a pattern derived from ``_NAME_RE``; the matches must not differ.
    expected = [m.span() for m in _NAME_RE.finditer(text)]
    assert [m.span() for m in _name_matches(text)] == expected
    if all(text[start].isupper() for start, _ in expected):  # no name opens with a particle ("al-Assad")
        assert [m.span() for m in _NAME_AT_CAPITAL.finditer(text)] == expected


def test_name_scan_on_project_articles_with_names_spliced_in() -> None:
    # Real sentences around the splices, long runs of name words, and names opening with a particle.
    articles = [
        p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "gold" / "articles").glob("*.txt"))
    ]
    pieces = [*NAME_WORDS, "Kim Jong Un Moon Jae In Park Geun Hye", "Mr. Kim Jong Un Moon Jae In Park"]
    rnd = random.Random(20191005)
    for _ in range(3000):
        article = rnd.choice(articles)
        at = rnd.randrange(len(article))
        text = article[max(0, at - 200) : at + 200]
        for _ in range(rnd.randrange(6)):
            cut = rnd.randrange(len(text) + 1)
            text = text[:cut] + rnd.choice(pieces) + rnd.choice(["", " ", ", ", "."]) + text[cut:]
        expected = [m.span() for m in _NAME_RE.finditer(text)]
        assert [m.span() for m in _name_matches(text)] == expected, text
        if all(text[start].isupper() for start, _ in expected):
            assert [m.span() for m in _NAME_AT_CAPITAL.finditer(text)] == expected, text


@pytest.mark.parametrize(
    "head",
    [
        "Sen. Ann Lee, D-Calif., ",
        "In Hobbs, Dale Whitaker, 64, a retired mechanic, ",
        "In Hobbs, Dale Whitaker, 64, ",
        "Kim Yo Jong, the leader's sister, ",
        "After the vote, the senator, who chairs the panel, ",
        "Officials in Seoul, speaking privately, ",
    ],
)
def test_subject_search_started_late_finds_what_a_full_search_finds(head: str) -> None:
    fast, full = _subject_before(head), _SUBJECT_BEFORE.search(head)
    assert (fast and fast.span("s")) == (full and full.span("s"))


@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(st.integers(min_value=0, max_value=400), max_size=20))
def test_sentences_at_walks_to_what_sentence_at_finds(text: str, offsets: list[int]) -> None:
    index = SentenceIndex(text)
    offsets = sorted(offsets)
    assert list(index.sentences_at(offsets)) == [index.sentence_at(o) for o in offsets]
