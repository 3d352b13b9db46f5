"""Quote attribution on the seed article (the forms the pipeline issue requires)."""

from __future__ import annotations

import pytest
from newswatch.quotes import extract_quotes, find_spans, split_title_affiliation

from tests.conftest import seed_text


@pytest.fixture(scope="module")
def quotes() -> list:
    return extract_quotes(seed_text())


def by_start(quotes: list, needle: str):
    text = seed_text()
    start = text.index(needle)
    return next(q for q in quotes if q.start == start)


def test_said_full_name_with_title_and_affiliation_in_appositive(quotes: list) -> None:
    q = by_start(quotes, "Kim thought he could sucker us")
    assert q.speaker == "David Maxwell"
    assert q.speaker_title == "retired special forces colonel and senior fellow"
    assert q.speaker_affiliation == "Foundation for Defense of Democracies"
    assert q.speaker_role == "expert"


def test_said_surname_resolves_to_full_name_and_keeps_title(quotes: list) -> None:
    q = by_start(quotes, "helped Kim think he could get what he wants")
    assert q.speaker == "David Maxwell"
    assert q.speaker_affiliation == "Foundation for Defense of Democracies"
    assert "surname" in q.method


def test_straub_revere_easley_ortagus_titles(quotes: list) -> None:
    straub = by_start(quotes, "The fundamental problem with Trump")
    assert (straub.speaker, straub.speaker_title, straub.speaker_affiliation) == (
        "David Straub",
        "retired senior U.S. diplomat in Seoul and Washington",
        None,
    )
    revere = by_start(quotes, "a very predictable collapse")
    assert revere.speaker == "Evans Revere"
    assert revere.speaker_affiliation == "State Department"
    easley = by_start(quotes, "The Kim regime may misperceive")
    assert (easley.speaker, easley.speaker_title, easley.speaker_affiliation) == (
        "Leif-Eric Easley",
        "professor of international relations",
        "Ewha University",
    )
    ortagus = by_start(quotes, "The U.S. brought creative ideas")
    assert (ortagus.speaker, ortagus.speaker_title, ortagus.speaker_affiliation, ortagus.speaker_role) == (
        "Morgan Ortagus",
        "State Department spokesperson",
        "State Department",
        "official",
    )


def test_scare_quotes_get_no_speaker(quotes: list) -> None:
    text = seed_text()
    starts = {q.start for q in quotes}
    for phrase in ("“working-level”", "“end-of-war”", "“calculation method”", "“a new calculation method"):
        assert text.index(phrase) + 1 not in starts, phrase


def test_offsets_index_the_text(quotes: list) -> None:
    text = seed_text()
    assert quotes
    for q in quotes:
        assert text[q.start : q.end] == q.quote


def test_mixed_curly_and_straight_marks_pair() -> None:
    text = 'The U.S., said the spokesperson, must take “a substantial step toward the DPRK," i.e., now.'
    spans = find_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["a substantial step toward the DPRK,"]


def test_unbalanced_quote_mark_is_dropped_not_guessed() -> None:
    text = "He said “this never closes\nNext paragraph has no quote."
    assert find_spans(text) == []
    assert extract_quotes(text) == []


def test_relative_clause_stays_whole_as_title() -> None:
    title, affiliation = split_title_affiliation("once headed the desk at the State Department and was envoy")
    assert title == "once headed the desk at the State Department and was envoy"
    assert affiliation == "State Department"
