"""Small text utilities shared by mention finding and quote attribution: sentence spans and word tokens.

Sentence splitting is rule-based (punctuation, quote marks, a list of abbreviations); it only needs to
be good enough to bound an attribution frame and to give a mention its sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "amb",
        "pres",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "jr",
        "sr",
        "st",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vol",
        "fig",
        "approx",
        "dept",
        "univ",
        "assn",
        "bros",
        "a.m",
        "p.m",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "d.c",
        "n.y",
        "l.a",
        "i.e",
        "e.g",
        "ph.d",
    ]
)
# ``[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*$|\n``, written to open with one of
# ``_SENTENCE_END_CHARS``: it is only tried where one occurs (see ``matches_at``).
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|(?<=[.!?])[.!?]*[\"”’')\]]*$|(?<=\n))"
)
_SENTENCE_END_CHARS = ".!?\n"
_CAPITAL = re.compile(r"[A-Z]")
# The word before a final full stop, spelt backwards: forwards, ``([\w.]+)\.$`` searched for in the text
# before the stop; backwards, one match at the start of that text reversed.
_LAST_WORD_BACKWARDS = re.compile(r"\.([\w.]+)")


def char_positions(text: str, chars: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where any of ``chars`` occurs in ``text[start:end]``, in order.

    ``str.find`` skips to the next occurrence of one character many times faster than ``re`` skips to the
    next character of a set, so this is the quick way to find where a pattern that opens with one of a few
    characters can match (``matches_at``).
    """
    end = len(text) if end is None else end
    out: list[int] = []
    for ch in chars:
        i = text.find(ch, start, end)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1, end)
    if len(chars) > 1:
        out.sort()
    return out


def matches_at(
    pattern: re.Pattern[str], text: str, candidates: Iterable[int], end: int | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, candidates[0], end)``, trying only the ``candidates`` (in order).

    For a pattern that can only start at a candidate (say, one that opens with a character from a set, and
    the candidates are where those characters are) and that never matches the empty string, these are the
    same matches: ``finditer`` takes the leftmost match, goes on from its end, and finds nothing elsewhere.
    """
    end = len(text) if end is None else end
    pos = 0
    for c in candidates:
        if c < pos:
            continue
        m = pattern.match(text, c, end)
        if m is not None:
            yield m
            pos = m.end()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of sentences; newlines always end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0  # where the current sentence began
    resume = 0  # where the last ``_SENTENCE_END`` ended (``matches_at``, inlined: this runs on every text)
    for stop in char_positions(text, _SENTENCE_END_CHARS):
        if stop < resume:
            continue
        if text[stop] == "\n":
            end = stop + 1  # a newline always matches, alone
        else:
            match = _SENTENCE_END.match(text, stop)
            if match is None:
                continue
            end = match.end()
        resume = end
        # Only a full stop can end an abbreviation; a newline always ends a sentence.
        if text[stop] == ".":
            last = _LAST_WORD_BACKWARDS.match(text[max(start, stop - 12) : stop + 1][::-1])
            word = last.group(1)[::-1] if last else ""
            if word and (word.lower() in ABBREVIATIONS or _CAPITAL.fullmatch(word)):
                continue
        segment_start = end - len(text[start:end].lstrip())
        seg_end = end - 1 if text[end - 1] == "\n" else end
        if seg_end > segment_start:
            spans.append((segment_start, seg_end))
        start = end
    rest_start = start
    while rest_start < len(text) and text[rest_start].isspace():
        rest_start += 1
    if rest_start < len(text):
        spans.append((rest_start, len(text.rstrip())))
    return spans


class SentenceIndex:
    """Maps a character offset to the sentence containing it."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.spans = list(spans if spans is not None else sentence_spans(text))
        self._starts = [s for s, _ in self.spans]

    def index_of(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def sentence_at(self, offset: int) -> tuple[int, int]:
        if not self.spans:
            return (0, len(self.text))
        return self.spans[self.index_of(offset)]

    def sentences_at(self, offsets: Iterable[int]) -> Iterator[tuple[int, int]]:
        """``sentence_at`` for each of ``offsets``, given in ascending order: one walk forward, no bisection."""
        spans = self.spans or [(0, len(self.text))]
        last = len(spans) - 1
        k = 0
        for offset in offsets:
            while k < last and spans[k + 1][0] <= offset:
                k += 1
            yield spans[k]


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of literal words, factored into a trie.

    Python's ``re`` tries the branches of ``a|b|c`` one by one; with hundreds of words (speech verbs, title
    words) that dominates matching time. Sharing prefixes ("said|says|saw" -> "sa(?:id|ys|w)") makes each
    position cost one branch per character instead of one per word. Longest words are tried first.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_to_regex(trie)


def _trie_to_regex(node: dict[str, Any]) -> str:
    branches = []
    optional = False
    for ch in sorted(node):
        if ch == "":
            optional = True
            continue
        branches.append(re.escape(ch) + _trie_to_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?"
    return body
