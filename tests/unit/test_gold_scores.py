"""Quote extraction against the gold sets, as a regression floor (figures in the README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newswatch.evaluate import evaluate_files, score_document
from newswatch.quotes import extract_quotes

from tests.conftest import GOLD


def run(paths: list[Path]):  # type: ignore[no-untyped-def]
    return evaluate_files(paths, lambda text: [q.as_dict() for q in extract_quotes(text)])


def test_seed_article_every_attributed_quote_with_the_right_speaker() -> None:
    total, _ = run([GOLD / "seed_article.quotes.json"])
    assert total.gold_attributed == 24
    assert total.true_positives == 24
    assert total.speaker_correct == 24
    assert not [e for e in total.errors if e["type"] == "scare_quote_attributed"]


def test_seed_article_titles_and_affiliations_are_exact() -> None:
    gold = json.loads((GOLD / "seed_article.quotes.json").read_text(encoding="utf-8"))
    text = (GOLD / "seed_article.txt").read_text(encoding="utf-8")
    by_start = {q.start: q for q in extract_quotes(text)}
    checked = set()
    for g in gold["quotes"]:
        if g.get("speaker") in {"David Maxwell", "David Straub", "Evans Revere", "Leif-Eric Easley", "Morgan Ortagus"}:
            q = by_start[g["start"]]
            assert (q.speaker_title, q.speaker_affiliation) == (g["title"], g["affiliation"]), g["quote"]
            checked.add(g["speaker"])
    assert len(checked) == 5


def test_project_gold_set_meets_targets() -> None:
    paths = sorted((GOLD / "articles").glob("*.quotes.json"))
    assert len(paths) >= 15
    total, _ = run([GOLD / "seed_article.quotes.json", *paths])
    assert total.gold_attributed >= 200
    assert total.precision >= 0.95
    assert total.recall >= 0.95
    assert total.speaker_accuracy >= 0.95


@pytest.mark.parametrize(
    ("folder", "floor"),
    [
        ("heldout/gold", 0.94),
        ("blind/gold", 0.87),
        ("dev2/gold", 0.92),
        ("blind2/gold", 0.83),
        ("dev3/gold", 0.91),
        ("dev4/gold", 0.91),
        ("dev5/gold", 0.90),
        ("blind4/gold", 0.87),
    ],
)
def test_independent_sets_do_not_regress(folder: str, floor: float) -> None:
    total, _ = run(sorted((GOLD / folder).glob("*.quotes.json")))
    assert total.precision >= 0.95
    assert total.recall >= 0.90
    assert total.speaker_accuracy >= floor


def test_scoring_rules() -> None:
    text = "“Alpha beta gamma delta,” said Ann. The “scare” word. “Other words here,” said Bob."
    gold = [
        {"start": 1, "end": 24, "attributed": True, "speaker": "Ann Lee"},
        {"start": text.index("scare"), "end": text.index("scare") + 5, "attributed": False},
        {"start": text.index("Other"), "end": text.index("Other") + 16, "attributed": True, "speaker": "Bob Ray"},
    ]
    preds = [
        {"quote": "Alpha beta gamma", "start": 1, "end": 17, "speaker": "Ann"},  # 3 of 4 tokens: a match
        {"quote": "scare", "start": gold[1]["start"], "end": gold[1]["end"], "speaker": None},  # ignored
        {"quote": "Other", "start": gold[2]["start"], "end": gold[2]["start"] + 5, "speaker": "Bob"},  # 1 of 3
    ]
    s = score_document(text, gold, preds)
    assert (s.true_positives, s.counted_predictions, s.gold_attributed) == (1, 2, 2)
    assert s.speaker_correct == 0  # "Ann" does not contain the gold last name "Lee"
    assert s.precision == 0.5 and s.recall == 0.5
