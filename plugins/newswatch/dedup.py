"""Near-duplicate detection across outlets (syndicated wire copies).

Each article gets a bottom-k sketch: the k smallest 32-bit hashes of its word 5-shingles. Two sketches
estimate the Jaccard similarity of the shingle sets (Broder's bottom-k estimator), so a wire story that one
outlet ran in full and another trimmed and retitled still scores high, while two different stories on the
same topic score near zero. Candidate pairs come from blocking on each sketch's smallest hashes, so the
comparison stays near-linear in the number of articles.

Lineage is a pure function of the articles: within a cluster of near-duplicates the original is the one
published first (then fetched first, then lowest id), and every other member is a copy of it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

SKETCH_SIZE = 64
SHINGLE = 5
BLOCK_KEYS = 8
DUPLICATE_THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def sketch(text: str, k: int = SKETCH_SIZE) -> list[int]:
    """The k smallest hashes of the text's word 5-shingles (lower-cased), ascending."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return sorted({zlib.crc32(" ".join(words).encode())})[:k] if words else []
    hashes = {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}
    return sorted(hashes)[:k]


def similarity(a: list[int], b: list[int], k: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union_bottom = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for h in union_bottom if h in both) / len(union_bottom)


@dataclass(frozen=True)
class Item:
    id: str
    source: str
    published_at: str  # ISO text; "" when unknown (sorts first would be wrong, so unknown sorts last)
    fetched_at: str
    sketch: tuple[int, ...]


@dataclass(frozen=True)
class Lineage:
    article_id: str
    original_id: str
    original_source: str
    is_copy: bool
    similarity: float


def lineage(items: Iterable[Item], threshold: float = DUPLICATE_THRESHOLD) -> list[Lineage]:
    """Cluster near-duplicates and name each cluster's original (first published)."""
    ordered = sorted(items, key=lambda it: (it.published_at or "~", it.fetched_at, it.id))
    position = {it.id: i for i, it in enumerate(ordered)}
    parent = {it.id: it.id for it in ordered}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[int, list[Item]] = {}
    best: dict[str, float] = {}
    for it in ordered:
        candidates: dict[str, Item] = {}
        for h in it.sketch[:BLOCK_KEYS]:
            for other in by_key.get(h, ()):
                candidates[other.id] = other
        for other in candidates.values():
            sim = similarity(list(it.sketch), list(other.sketch))
            if sim < threshold:
                continue
            best[it.id] = max(best.get(it.id, 0.0), sim)
            root_a, root_b = find(it.id), find(other.id)
            if root_a != root_b:  # the earlier article stays the root: it is the original
                early, late = sorted((root_a, root_b), key=position.__getitem__)
                parent[late] = early
        for h in it.sketch[:BLOCK_KEYS]:
            by_key.setdefault(h, []).append(it)
    by_id = {it.id: it for it in ordered}
    out = []
    for it in ordered:
        root = find(it.id)
        out.append(Lineage(it.id, root, by_id[root].source, root != it.id, round(best.get(it.id, 0.0), 3)))
    return out
