from __future__ import annotations

import pytest
from newswatch.mentions import Gazetteer
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
