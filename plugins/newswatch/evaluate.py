"""Scoring quote extraction against gold files (``newswatch eval --gold FILE...``).

Gold files follow ``tests/gold/seed_article.quotes.json``: ``source_file`` (relative to the gold file)
and ``quotes`` with ``start``/``end`` offsets, ``attributed``, ``speaker`` and ``aliases``.

Rules: a prediction and a gold quote match when their word tokens overlap by at least half of the longer
one; each gold quote matches at most once (best overlap first). Precision counts every prediction except
one that matches an ``attributed: false`` gold quote without naming a speaker; recall is over attributed
gold quotes; speaker accuracy is over matched attributed quotes: the gold speaker's last name, or one of its
aliases, must appear in the predicted speaker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Score:
    predicted: int = 0
    counted_predictions: int = 0
    gold_attributed: int = 0
    true_positives: int = 0
    speaker_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.counted_predictions if self.counted_predictions else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold_attributed if self.gold_attributed else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.true_positives if self.true_positives else 0.0

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.counted_predictions += other.counted_predictions
        self.gold_attributed += other.gold_attributed
        self.true_positives += other.true_positives
        self.speaker_correct += other.speaker_correct
        self.errors.extend(other.errors)

    def summary(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "gold_attributed": self.gold_attributed,
            "predicted": self.predicted,
            "true_positives": self.true_positives,
        }


def _token_positions(text: str, start: int, end: int) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, start, end)}


def speaker_matches(gold: dict[str, Any], predicted: str | None) -> bool:
    if not predicted:
        return False
    low = predicted.lower()
    names = [str(gold.get("speaker") or "").split()[-1:]] + [[a] for a in gold.get("aliases") or []]
    return any(n and n[0].lower() in low for n in names)


def score_document(
    text: str, gold_quotes: list[dict[str, Any]], predictions: list[dict[str, Any]], doc: str = ""
) -> Score:
    score = Score(predicted=len(predictions))
    score.gold_attributed = sum(1 for g in gold_quotes if g.get("attributed", True))
    gold_tokens = [_token_positions(text, g["start"], g["end"]) for g in gold_quotes]
    pred_tokens = [_token_positions(text, p["start"], p["end"]) for p in predictions]
    pairs = []
    for pi, pt in enumerate(pred_tokens):
        for gi, gt in enumerate(gold_tokens):
            overlap = len(pt & gt)
            if overlap and overlap >= 0.5 * max(len(pt), len(gt)):
                pairs.append((overlap, pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    match: dict[int, int] = {}
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        match[pi] = gi
    for pi, pred in enumerate(predictions):
        matched = match.get(pi)
        if matched is None:
            score.counted_predictions += 1
            score.errors.append(
                {"doc": doc, "type": "false_positive", "quote": pred["quote"][:80], "speaker": pred.get("speaker")}
            )
            continue
        gold = gold_quotes[matched]
        if not gold.get("attributed", True):
            if pred.get("speaker"):
                score.counted_predictions += 1
                score.errors.append(
                    {
                        "doc": doc,
                        "type": "scare_quote_attributed",
                        "quote": pred["quote"][:80],
                        "speaker": pred.get("speaker"),
                    }
                )
            continue
        score.counted_predictions += 1
        score.true_positives += 1
        if speaker_matches(gold, pred.get("speaker")):
            score.speaker_correct += 1
        else:
            score.errors.append(
                {
                    "doc": doc,
                    "type": "wrong_speaker",
                    "quote": pred["quote"][:80],
                    "speaker": pred.get("speaker"),
                    "gold": gold.get("speaker"),
                    "method": pred.get("method"),
                }
            )
    for gi, gold in enumerate(gold_quotes):
        if gi not in used_g and gold.get("attributed", True):
            score.errors.append(
                {"doc": doc, "type": "missed", "quote": str(gold.get("quote", ""))[:80], "gold": gold.get("speaker")}
            )
    return score


def evaluate_files(
    gold_paths: Iterable[Path], extractor: Callable[[str], list[dict[str, Any]]]
) -> tuple[Score, dict[str, Score]]:
    total = Score()
    per_doc: dict[str, Score] = {}
    for path in gold_paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / gold["source_file"]).read_text(encoding="utf-8")
        preds = extractor(text)
        doc_score = score_document(text, gold["quotes"], preds, gold.get("id", path.stem))
        per_doc[gold.get("id", path.stem)] = doc_score
        total.add(doc_score)
    return total, per_doc
