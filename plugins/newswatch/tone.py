"""Tone (sentiment) of articles and quotes with VADER.

VADER's lexicon ships inside the ``vaderSentiment`` package, so nothing is downloaded. Scores are the
compound score in [-1, 1]; an article's tone is the mean over its sentences, because VADER saturates on
long texts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newswatch.text import sentence_spans


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone(text: str) -> float:
    """Compound tone of a short text (a quote, a sentence)."""
    if not text.strip():
        return 0.0
    return round(float(_analyzer().polarity_scores(text)["compound"]), 4)


def article_tone(text: str) -> float:
    """Mean sentence tone of an article."""
    scores = [tone(text[s:e]) for s, e in sentence_spans(text)]
    return round(sum(scores) / len(scores), 4) if scores else 0.0
