"""Names that recur in coverage but are not in the gazetteer ("new names" for the topic's curators).

A candidate is a run of two or three capitalised words that reads as a person's name: a known first name
followed by a surname ("Nora Feld"), or an East Asian family name followed by a given name ("Park Ji-hoon").
Anything a gazetteer mention already covers is left out.
"""

from __future__ import annotations

import re
from collections import Counter

from newswatch.lexicon import ORG_WORDS, PLACE_WORDS
from newswatch.mentions import Mention
from newswatch.people import is_first_name, surname_first

_CANDIDATE = re.compile(r"(?<![\w’'\-])([A-Z][a-z’'\-]+(?:[ \t][A-Z][a-z’'\-]+){1,2})(?![\w’'\-])")
_NOT_NAMES = frozenset(
    """The A An In On At Of For To From By With As This That These Those It He She They We But And Or If When
    While After Before During Since Until North South East West New Old United Korean American Chinese
    Japanese Russian European Mr Mrs Ms Dr Sen Rep Gov President Secretary Minister""".split()
)


def name_candidates(text: str, mentions: list[Mention]) -> dict[str, int]:
    """Person-like names in ``text`` outside gazetteer mentions, with how often each occurs."""
    covered = [(m.start, m.end) for m in mentions]
    counts: Counter[str] = Counter()
    for match in _CANDIDATE.finditer(text):
        tokens = match.group(1).split()
        if (
            tokens[0] in _NOT_NAMES
            or tokens[-1] in _NOT_NAMES
            or any(t in ORG_WORDS or t in PLACE_WORDS for t in tokens)
        ):
            continue
        if not (is_first_name(tokens[0]) or surname_first(tokens)):
            continue
        start, end = match.span(1)
        if any(s < end and start < e for s, e in covered):
            continue
        counts[" ".join(tokens)] += 1
    return dict(counts)
