from __future__ import annotations

import newswatch.mentions as mentions_module
import newswatch.quotes as quotes_module
import pytest
from newswatch.mentions import Gazetteer
from newswatch.quotes import extract_quotes, quotes_and_mentions
from newswatch.settings import load_settings


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(load_settings().seeds_dir / "gazetteer" / "us_dprk_negotiations.yaml")


def test_romanization_variants_map_to_one_entity(gaz: Gazetteer) -> None:
    text = "Kim Jong Un met Trump. Later Kim Jong-un left. Chairman Kim waved."
    ents = [m.entity for m in gaz.find(text) if m.category == "person" and m.name == "Kim Jong Un"]
    assert len(ents) == 3


def test_short_form_counts_only_after_full_name(gaz: Gazetteer) -> None:
    assert not [m for m in gaz.find("Kim said nothing.") if m.text == "Kim"]
    later = gaz.find("Kim Jong Un arrived. Kim said nothing.")
    assert [m.name for m in later if m.text == "Kim"] == ["Kim Jong Un"]


def test_mentions_carry_offsets_and_sentence(gaz: Gazetteer) -> None:
    text = "Officials met in Stockholm. The North wants sanctions relief before it dismantles Yongbyon."
    for m in gaz.find(text):
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence
    names = {m.name for m in gaz.find(text)}
    assert {"Stockholm", "Yongbyon"} <= names


def test_off_topic_text_is_not_relevant(gaz: Gazetteer) -> None:
    mentions = gaz.find("The metro will run later on weekends, the transit authority said.")
    assert not gaz.is_relevant(mentions)


def test_a_mention_s_sentence_holds_the_whole_quotation(gaz: Gazetteer) -> None:
    # The full stop inside the quotation does not end the sentence around it.
    text = "“Pyongyang will wait. Seoul cannot,” said Kim Jong Un. Trump left Hanoi."
    by_text = {m.text: m.sentence for m in gaz.find(text)}
    assert by_text["Pyongyang"] == by_text["Seoul"] == "“Pyongyang will wait. Seoul cannot,” said Kim Jong Un."
    assert by_text["Hanoi"] == "Trump left Hanoi."


def test_a_dateline_belongs_to_its_paragraph_s_first_sentence(gaz: Gazetteer) -> None:
    text = "SEOUL — North Korea fired two missiles. Japan protested.\nQ. Will Hanoi matter?\nDPRK —"
    by_text = {m.text: m.sentence for m in gaz.find(text)}
    assert by_text["North Korea"] == "SEOUL — North Korea fired two missiles."
    assert by_text["Hanoi"] == "Q. Will Hanoi matter?"
    assert by_text["DPRK"] == "DPRK —"  # a paragraph that is only a dateline is one whole


def test_quotes_and_mentions_split_once_and_agree_with_each_alone(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "WASHINGTON — Stephen Biegun met Choe Son Hui in Stockholm.\n"
        "“We came with ideas. They came with a script,” Biegun said. The North said the talks failed."
    )
    alone = ([q.as_dict() for q in extract_quotes(text)], [m.as_dict() for m in gaz.find(text)])
    calls: list[str] = []
    real_segment = quotes_module.segment

    def counting_segment(source: str) -> quotes_module.Segmented:
        calls.append(source)
        return real_segment(source)

    monkeypatch.setattr(quotes_module, "segment", counting_segment)
    monkeypatch.setattr(mentions_module, "segment", counting_segment)
    quotes, mentions = quotes_and_mentions(text, gaz)
    assert len(calls) == 1  # one split serves both
    assert ([q.as_dict() for q in quotes], [m.as_dict() for m in mentions]) == alone
    assert [q.speaker for q in quotes] == ["Stephen Biegun"]
    assert {m.text for m in mentions} >= {"Stockholm", "Stephen Biegun", "Choe Son Hui"}
