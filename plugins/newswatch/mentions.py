"""Topic mentions from a versioned gazetteer (``seeds/gazetteer/*.yaml``).

Matching is token-based: every alias is split into word tokens, and the text's tokens are looked up as
n-grams in a dictionary. That is linear in the text, independent of the number of aliases, and treats
"Kim Jong-un", "Kim Jong Un's" and "Kim Jong‑Un" alike. Ambiguous short forms ("Kim") only count once
their entity has been named in full earlier in the same article.

Most words begin no alias, so the dictionaries are consulted only at tokens that are the first token of
some alias (or a short form), and character offsets are worked out only for the matches.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from itertools import compress, count
from pathlib import Path
from typing import Any

import yaml

from newswatch.quotes import segment
from newswatch.text import SentenceIndex

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# The same tokens, kept by ``split`` between the text around them: [before, token, between, ..., token, after].
# Without "_" in the text, a token is just a run of ``\w``, which ``re`` tests faster.
_TOKEN_SPLIT = re.compile(r"([^\W_]+)", re.UNICODE)
_TOKEN_SPLIT_NO_UNDERSCORE = re.compile(r"(\w\w*)", re.UNICODE)
_JOINER = re.compile(r"[ \t\-‐‑–’'.]{1,3}")
CATEGORIES = ("person", "organization", "place", "concept", "event")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    case_insensitive: bool = False
    date: str | None = None
    end_date: str | None = None


@dataclass(slots=True)
class Mention:
    entity: str
    name: str
    category: str
    text: str
    start: int
    end: int
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Node:
    """A node of a token trie: the entity whose alias ends here (None if none does), and what may follow."""

    __slots__ = ("entity", "next")

    def __init__(self) -> None:
        self.entity: str | None = None
        self.next: dict[str, _Node] = {}


def _walk(node: _Node, tokens: list[str], i: int) -> list[tuple[int, str]]:
    """The aliases matching ``tokens`` from ``i`` (``node`` is ``tokens[i]``'s), as (length, entity), shortest first."""
    out: list[tuple[int, str]] = []
    k = i
    while True:
        if node.entity is not None:
            out.append((k - i + 1, node.entity))
        k += 1
        if not node.next or k >= len(tokens):
            return out
        child = node.next.get(tokens[k])
        if child is None:
            return out
        node = child


def _key(tokens: list[str], fold: bool) -> tuple[str, ...]:
    return tuple(t.lower() for t in tokens) if fold else tuple(tokens)


@dataclass
class Gazetteer:
    topic: str
    version: str
    entities: dict[str, Entity]
    min_mentions: int = 2
    relevance_categories: tuple[str, ...] = CATEGORIES
    _exact: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _folded: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _short: dict[tuple[str, ...], list[str]] = field(default_factory=dict, repr=False)
    # first token of an alias -> longest alias starting with it, so most words cost one lookup
    _first_exact: dict[str, int] = field(default_factory=dict, repr=False)
    _first_folded: dict[str, int] = field(default_factory=dict, repr=False)
    # tokens (as written) at which a match may start: first tokens of case-sensitive aliases, short forms
    _starts_exact: frozenset[str] = field(default_factory=frozenset, repr=False)
    # the same in lower case, with the first tokens of case-insensitive aliases: a token may start a
    # match only if its lower case is in here (a quick test that lets a few others through)
    _starts_lower: frozenset[str] = field(default_factory=frozenset, repr=False)
    # ``_exact`` and ``_folded`` as tries over tokens, so a lookup stops at the first token no alias has
    _trie_exact: dict[str, _Node] = field(default_factory=dict, repr=False)
    _trie_folded: dict[str, _Node] = field(default_factory=dict, repr=False)
    _short_first: dict[str, list[str]] = field(default_factory=dict, repr=False)  # one-token short forms

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        entities: dict[str, Entity] = {}
        for item in raw.get("entities", []):
            if item["category"] not in CATEGORIES:
                raise ValueError(f"{path}: entity {item['id']}: unknown category {item['category']!r}")
            entities[item["id"]] = Entity(
                id=item["id"],
                name=item["name"],
                category=item["category"],
                aliases=tuple(item.get("aliases") or ()),
                short_forms=tuple(item.get("short_forms") or ()),
                case_insensitive=bool(item.get("case_insensitive", False)),
                date=str(item["date"]) if item.get("date") else None,
                end_date=str(item["end_date"]) if item.get("end_date") else None,
            )
        gaz = cls(
            topic=str(raw["topic"]),
            version=str(raw["version"]),
            entities=entities,
            min_mentions=int((raw.get("relevance") or {}).get("min_mentions", 2)),
            relevance_categories=tuple((raw.get("relevance") or {}).get("categories") or CATEGORIES),
        )
        gaz._index()
        return gaz

    def _index(self) -> None:
        for ent in self.entities.values():
            for surface in (ent.name, *ent.aliases):
                toks = _TOKEN.findall(surface)
                if not toks:
                    continue
                table = self._folded if ent.case_insensitive else self._exact
                key = _key(toks, ent.case_insensitive)
                table.setdefault(key, ent.id)
                firsts = self._first_folded if ent.case_insensitive else self._first_exact
                firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
            for surface in ent.short_forms:
                toks = _TOKEN.findall(surface)
                self._short.setdefault(tuple(toks), []).append(ent.id)
        # Only one-token short forms are ever looked up (see ``_matches``).
        self._short_first = {key[0]: ids for key, ids in self._short.items() if len(key) == 1}
        self._starts_exact = frozenset(self._first_exact).union(self._short_first)
        self._starts_lower = frozenset(self._first_folded).union(t.lower() for t in self._starts_exact)
        for table, trie in ((self._exact, self._trie_exact), (self._folded, self._trie_folded)):
            for key, ent_id in table.items():
                children = trie
                for tok in key:
                    node = children.setdefault(tok, _Node())
                    children = node.next
                node.entity = ent_id

    def find(self, text: str, sentences: SentenceIndex | None = None) -> list[Mention]:
        """All mentions in ``text``, longest match first, non-overlapping, in text order.

        A mention's ``sentence`` is from ``sentences``, by default the quote-aware sentences of
        ``newswatch.quotes`` (``quotes_and_mentions`` splits the text once for both).
        """
        found = self._matches(text)
        if not found:
            return []
        if sentences is None:
            sentences = segment(text).sentence_index()
        entities = self.entities
        out: list[Mention] = []
        in_sentences = sentences.sentences_at(start for start, _, _ in found)  # matches come in text order
        for (start, end, ent_id), (s_start, s_end) in zip(found, in_sentences, strict=True):
            ent = entities[ent_id]
            out.append(Mention(ent_id, ent.name, ent.category, text[start:end], start, end, text[s_start:s_end]))
        return out

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """Matches as (start offset, end offset, entity id): at each token, the longest alias starting there,
        else a short form of an entity already found; then on after the match."""
        pieces = (_TOKEN_SPLIT if "_" in text else _TOKEN_SPLIT_NO_UNDERSCORE).split(text)
        words = pieces[1::2]
        lowered = list(map(str.lower, words))
        n = len(words)
        trie_exact, trie_folded, short_forms = self._trie_exact, self._trie_folded, self._short_first
        found: list[tuple[int, int, str]] = []  # (first token, last token, entity id)
        i = 0  # the next token not yet part of a match
        for k in compress(count(), map(self._starts_lower.__contains__, lowered)):
            if k < i:
                continue
            i = k
            hit: tuple[int, str] | None = None
            node_e = trie_exact.get(words[i])
            node_f = trie_folded.get(lowered[i])
            nxt = i + 1
            if (node_e is None or nxt == n or words[nxt] not in node_e.next) and (
                node_f is None or nxt == n or lowered[nxt] not in node_f.next
            ):
                # The usual case: no alias goes on to the next token, so only a one-token alias can match.
                ent_id = (node_e.entity if node_e else None) or (node_f.entity if node_f else None)
                if ent_id:
                    hit = (1, ent_id)
            else:
                # The longest alias first; at equal length a case-sensitive one before a case-insensitive one.
                by_length = dict(_walk(node_f, lowered, i)) if node_f is not None else {}
                if node_e is not None:
                    by_length.update(_walk(node_e, words, i))
                for length in sorted(by_length, reverse=True):
                    ent_id = by_length[length]
                    if ent_id and self._contiguous(pieces, i, i + length):
                        hit = (length, ent_id)
                        break
            if hit is None:
                short = short_forms.get(words[i])
                if short:
                    resolved = next((e for e in reversed(found) if e[2] in short), None)
                    if resolved is not None:
                        hit = (1, resolved[2])
            if hit is not None:
                found.append((i, i + hit[0] - 1, hit[1]))
                i += hit[0]
        # Token k is piece 2k + 1: its offset is the length of the pieces before it (joined, as that is fast).
        out: list[tuple[int, int, str]] = []
        offset = piece = 0  # ``offset`` is where ``pieces[piece]`` starts
        for first, last, ent_id in found:
            offset += len("".join(pieces[piece : 2 * first + 1]))
            start = offset
            offset += len("".join(pieces[2 * first + 1 : 2 * last + 2]))
            piece = 2 * last + 2
            out.append((start, offset, ent_id))
        return out

    @staticmethod
    def _contiguous(pieces: list[str], first: int, stop: int) -> bool:
        """Tokens of one alias must be separated by spaces or joining punctuation only, not sentences."""
        # Between token k and k + 1; most often one space.
        return all(pieces[2 * k + 2] == " " or _JOINER.fullmatch(pieces[2 * k + 2]) for k in range(first, stop - 1))

    def is_relevant(self, mentions: list[Mention]) -> bool:
        """On topic: enough distinct entities from the relevance categories."""
        return len({m.entity for m in mentions if m.category in self.relevance_categories}) >= self.min_mentions
