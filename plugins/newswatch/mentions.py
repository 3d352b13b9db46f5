"""Topic mentions from a versioned gazetteer (``seeds/gazetteer/*.yaml``).

Matching is token-based: the text is split into word tokens once, and every alias (tokenised the same
way) is looked up as an n-gram in a dictionary. That is linear in the text, independent of the number of
aliases, and treats "Kim Jong-un", "Kim Jong Un's" and "Kim Jong‑Un" alike. Ambiguous short forms
("Kim") only count once their entity has been named in full earlier in the same article.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newswatch.text import SentenceIndex

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
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


@dataclass
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

    def find(self, text: str, sentences: SentenceIndex | None = None) -> list[Mention]:
        """All mentions in ``text``, longest match first, non-overlapping, in text order."""
        matches = list(_TOKEN.finditer(text))
        words = [m.group() for m in matches]
        lowered = [w.lower() for w in words]
        sentences = sentences or SentenceIndex(text)
        found: list[tuple[int, int, str]] = []  # (first token, last token, entity id)
        i = 0
        n = len(words)
        first_exact, first_folded = self._first_exact, self._first_folded
        while i < n:
            hit: tuple[int, str] | None = None
            longest = max(first_exact.get(words[i], 0), first_folded.get(lowered[i], 0))
            for length in range(min(longest, n - i), 0, -1):
                ent_id = self._exact.get(tuple(words[i : i + length])) or self._folded.get(
                    tuple(lowered[i : i + length])
                )
                if ent_id and self._contiguous(text, matches, i, i + length):
                    hit = (length, ent_id)
                    break
            if hit is None:
                short = self._short.get((words[i],))
                if short:
                    resolved = next((e for e in reversed(found) if e[2] in short), None)
                    if resolved is not None:
                        hit = (1, resolved[2])
            if hit is None:
                i += 1
                continue
            length, ent_id = hit
            found.append((i, i + length - 1, ent_id))
            i += length
        out: list[Mention] = []
        for first, last, ent_id in found:
            start, end = matches[first].start(), matches[last].end()
            s_start, s_end = sentences.sentence_at(start)
            ent = self.entities[ent_id]
            out.append(Mention(ent_id, ent.name, ent.category, text[start:end], start, end, text[s_start:s_end]))
        return out

    @staticmethod
    def _contiguous(text: str, matches: list[re.Match[str]], first: int, stop: int) -> bool:
        """Tokens of one alias must be separated by spaces or joining punctuation only, not sentences."""
        return all(_JOINER.fullmatch(text, matches[k].end(), matches[k + 1].start()) for k in range(first, stop - 1))

    def is_relevant(self, mentions: list[Mention]) -> bool:
        """On topic: enough distinct entities from the relevance categories."""
        return len({m.entity for m in mentions if m.category in self.relevance_categories}) >= self.min_mentions
