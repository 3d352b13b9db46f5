"""The daily pipeline as plain functions over files: plan → discover → fetch → extract → analyze → load.

Each stage reads the previous stage's file for one source and writes its own under the run directory
(``data/runs/<run id>/<stage>/<source>.jsonl``), returning the path. Only :func:`load_run` writes to
DuckDB. The Airflow DAG maps the per-source stages over sources; the CLI and tests call them directly.

State that outlives a run lives under ``data/state``:

- ``urls/``: one small JSON file per canonical URL (outcome, archive key, ETag, attempts), so a page
  fetched once is never fetched again and a failed one is retried on a later run;
- ``discovery/<source>/<day>.json``: a day's successful discovery, reused when the day is re-run, so a
  re-run with nothing changed makes no request at all and loads identical rows;
- ``pending/<source>.json``: retryable failures, added to the next run's candidates.

Raw HTML is kept gzip-compressed and content-addressed in ``data/archive``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newswatch import EXTRACTOR_VERSION
from newswatch.config import FetchPolicy, Source, SourcesConfig, load_sources
from newswatch.db import connect, migrate, publish_snapshot, refresh_derived
from newswatch.dedup import Item, lineage, sketch
from newswatch.discover import Candidate, Window, collect
from newswatch.extract import extract
from newswatch.fetch import PERMANENT_REASONS, Attempt, Fetcher, decode_body
from newswatch.mentions import Gazetteer
from newswatch.names import name_candidates
from newswatch.quotes import quotes_and_mentions
from newswatch.settings import Settings, load_settings
from newswatch.tone import article_tone, tone
from newswatch.urls import article_id, canonicalize

log = logging.getLogger(__name__)
MAX_FETCH_ATTEMPTS = 5  # across runs, before a URL is given up


# --------------------------------------------------------------------------------------------------
# Small file helpers


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    payload = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    _atomic_write(path, payload.encode("utf-8"))
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Archive:
    """Content-addressed, gzip-compressed raw HTML: ``archive/ab/abcdef….html.gz``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.html.gz"

    def put(self, body: bytes) -> str:
        sha = hashlib.sha256(body).hexdigest()
        target = self.path(sha)
        if not target.exists():
            _atomic_write(target, gzip.compress(body, compresslevel=6, mtime=0))
        return sha

    def get(self, sha: str) -> bytes:
        return gzip.decompress(self.path(sha).read_bytes())


class UrlState:
    """Per-URL fetch state, one JSON file per canonical URL (safe for parallel tasks)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, canonical: str) -> Path:
        sha = _sha(canonical)
        return self.root / sha[:2] / f"{sha}.json"

    def get(self, canonical: str) -> dict[str, Any] | None:
        path = self._path(canonical)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def put(self, canonical: str, state: dict[str, Any]) -> None:
        _atomic_write(self._path(canonical), json.dumps(state, sort_keys=True).encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# Plan


def window_for_run(
    data_interval_start: datetime | None,
    data_interval_end: datetime | None,
    run_after: datetime | None,
    day: str | None = None,
) -> Window:
    """The run's day: an explicit ``day``, else the data interval, else the day before ``run_after``."""
    if day:
        return Window.for_day(day)
    if data_interval_start is not None and data_interval_end is not None and data_interval_end > data_interval_start:
        return Window(data_interval_start.astimezone(UTC), data_interval_end.astimezone(UTC))
    anchor = data_interval_start or run_after
    if anchor is None:
        raise ValueError("a run needs a day, a data interval or run_after")
    return Window.for_day(anchor.astimezone(UTC).date().isoformat())


def plan_run(sources_path: str, window: Window, run_id: str, settings: Settings | None = None) -> dict[str, Any]:
    """Validate the sources file and lay out the run directory; returns what every task needs."""
    settings = settings or load_settings()
    config = load_sources(_resolve(sources_path, settings))
    safe_run = "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)
    run_dir = settings.runs_dir / safe_run
    run_dir.mkdir(parents=True, exist_ok=True)
    return {
        "run_id": run_id,
        "run_dir": str(run_dir),
        "sources_path": str(config.path),
        "window_start": window.start.isoformat(),
        "window_end": window.end.isoformat(),
        "sources": [s.name for s in config.sources],
    }


def _resolve(path: str, settings: Settings) -> Path:
    p = Path(path)
    return p if p.is_absolute() else settings.home / p


def _context(plan: dict[str, Any], source_name: str) -> tuple[SourcesConfig, Source, Window, Path]:
    config = load_sources(plan["sources_path"])
    source = next(s for s in config.sources if s.name == source_name)
    window = Window(datetime.fromisoformat(plan["window_start"]), datetime.fromisoformat(plan["window_end"]))
    return config, source, window, Path(plan["run_dir"])


def _attempt_rows(attempts: list[Attempt], run_id: str, source: str, stage: str) -> list[dict[str, Any]]:
    rows = []
    for n, a in enumerate(attempts):
        row = asdict(a)
        row.update(
            run_id=run_id, source=source, stage=stage, attempt_id=_sha(f"{a.url}|{a.started_at}|{n}|{stage}")[:24]
        )
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------
# Discover


def discover(
    plan: dict[str, Any],
    source_name: str,
    *,
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
    rediscover: bool = False,
) -> str:
    """Candidates for one source; a day's successful discovery is reused unless ``rediscover``."""
    settings = settings or load_settings()
    config, source, window, run_dir = _context(plan, source_name)
    out = run_dir / "discover" / f"{source.name}.jsonl"
    attempts_out = run_dir / "discover" / f"{source.name}.attempts.jsonl"
    cache = settings.state_dir / "discovery" / source.name / f"{window.day}.json"
    pending = _load_pending(settings, source.name)
    if cache.exists() and not rediscover:
        cached = [Candidate(**c) for c in json.loads(cache.read_text(encoding="utf-8"))]
        write_jsonl(attempts_out, [])
        log.info("%s: reusing discovery of %s (%d candidates)", source.name, window.day, len(cached))
        return str(write_jsonl(out, [c.as_dict() for c in _merge(cached, pending)]))
    fetcher = fetcher or Fetcher(config.policy)
    widened = window.widened(source.lookback_days)
    archive = Archive(settings.archive_dir)
    feed_state = settings.state_dir / "feeds" / f"{source.name}.json"
    validators = json.loads(feed_state.read_text(encoding="utf-8")) if feed_state.exists() else {}
    found = collect(
        fetcher,
        source,
        widened,
        validators,
        cached_body=lambda sha: archive.get(sha) if archive.path(sha).exists() else None,
        keep_body=archive.put,
    )
    candidates, attempts, status = found.candidates, found.attempts, found.status
    if found.validators:
        _atomic_write(feed_state, json.dumps(found.validators, sort_keys=True).encode("utf-8"))
    log.info("%s: %s, %d candidates in %s", source.name, status, len(candidates), widened)
    if status == "ok" and candidates:  # an empty answer may be a hiccup: ask again on a re-run
        _atomic_write(cache, json.dumps([c.as_dict() for c in candidates], sort_keys=True).encode("utf-8"))
    write_jsonl(attempts_out, _attempt_rows(attempts, plan["run_id"], source.name, "discover"))
    return str(write_jsonl(out, [c.as_dict() for c in _merge(candidates, pending)]))


def _merge(candidates: list[Candidate], pending: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for c in [*candidates, *pending]:
        key = canonicalize(c.url)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _load_pending(settings: Settings, source: str) -> list[Candidate]:
    path = settings.state_dir / "pending" / f"{source}.json"
    if not path.exists():
        return []
    return [Candidate(**c) for c in json.loads(path.read_text(encoding="utf-8"))]


# --------------------------------------------------------------------------------------------------
# Fetch


def fetch(
    plan: dict[str, Any],
    source_name: str,
    candidates_path: str,
    *,
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
    workers: int = 4,
) -> str:
    """Fetch what is not archived yet; every candidate ends as one manifest row (ok or failed)."""
    settings = settings or load_settings()
    config, source, _window, run_dir = _context(plan, source_name)
    states = UrlState(settings.state_dir / "urls")
    archive = Archive(settings.archive_dir)
    candidates = [Candidate(**row) for row in read_jsonl(Path(candidates_path))]
    manifest: list[dict[str, Any]] = []
    to_fetch: dict[str, Candidate] = {}
    for cand in candidates:
        key = canonicalize(cand.url)
        known = states.get(key)
        if known and (
            (known["outcome"] == "ok" and archive.path(known["content_sha256"]).exists())
            or known.get("attempts_total", 0) >= MAX_FETCH_ATTEMPTS
            or known.get("reason") in PERMANENT_REASONS  # refusals and caps do not change by asking again
        ):
            manifest.append({**cand.as_dict(), "canonical": key, **known, "reused": True})
        elif key not in to_fetch:
            to_fetch[key] = cand
    fetcher = fetcher or Fetcher(config.policy)
    attempts: list[Attempt] = []
    pending: list[Candidate] = []
    by_url = {c.url: (key, c) for key, c in to_fetch.items()}
    for result in fetcher.fetch_many(list(by_url), workers=workers):
        key, cand = by_url[result.url]
        attempts.extend(result.attempts)
        previous = states.get(key) or {}
        state: dict[str, Any] = {
            "url": cand.url,
            "final_url": result.final_url,
            "outcome": "ok" if result.ok else "failed",
            "reason": result.reason,
            "status": result.status,
            # robots.txt requests ride along on the first page of a host: count only this page's own
            "attempts_total": int(previous.get("attempts_total", 0))
            + sum(1 for a in result.attempts if not a.url.endswith("/robots.txt")),
            "content_type": result.content_type,
        }
        if result.ok:
            state["content_sha256"] = archive.put(result.body)
            state["fetched_at"] = result.attempts[-1].started_at if result.attempts else datetime.now(UTC).isoformat()
        elif result.retryable and state["attempts_total"] < MAX_FETCH_ATTEMPTS:
            pending.append(cand)
        states.put(key, state)
        manifest.append({**cand.as_dict(), "canonical": key, **state, "reused": False})
    _atomic_write(
        settings.state_dir / "pending" / f"{source.name}.json",
        json.dumps([c.as_dict() for c in pending], sort_keys=True).encode("utf-8"),
    )
    write_jsonl(
        run_dir / "fetch" / f"{source.name}.attempts.jsonl",
        _attempt_rows(attempts, plan["run_id"], source.name, "fetch"),
    )
    ok = sum(1 for m in manifest if m["outcome"] == "ok")
    log.info(
        "%s: %d candidates, %d fetched now, %d ok, %d failed",
        source.name,
        len(candidates),
        len(to_fetch),
        ok,
        len(manifest) - ok,
    )
    return str(write_jsonl(run_dir / "fetch" / f"{source.name}.jsonl", manifest))


# --------------------------------------------------------------------------------------------------
# Extract and analyze


def extract_pages(
    plan: dict[str, Any], source_name: str, fetched_path: str, *, settings: Settings | None = None
) -> str:
    """Text and metadata for every fetched page; non-articles become skip rows."""
    settings = settings or load_settings()
    run_dir = Path(plan["run_dir"])
    archive = Archive(settings.archive_dir)
    rows: list[dict[str, Any]] = []
    for item in read_jsonl(Path(fetched_path)):
        if item["outcome"] != "ok":
            continue
        html = decode_body(archive.get(item["content_sha256"]), item.get("content_type") or "")
        rows.append(extract_record(html, item, source_name))
    return str(write_jsonl(run_dir / "extract" / f"{source_name}.jsonl", rows))


def extract_record(html: str, item: dict[str, Any], source_name: str) -> dict[str, Any]:
    page = extract(html, item.get("final_url") or item["url"])
    base = {"url": item["url"], "source": source_name, "content_sha256": item["content_sha256"]}
    if not page.is_article:
        return {**base, "skip_reason": page.skip_reason}
    canonical = page.canonical_url or item["canonical"]
    return {
        **base,
        "skip_reason": None,
        "id": article_id(canonical),
        "canonical_url": canonical,
        "title": page.title,
        "published_at": page.published_at or item.get("published_at"),
        "author": page.author,
        "text": page.text,
        "word_count": len(page.text.split()),
        "fetched_at": item["fetched_at"],
        "extractor_version": EXTRACTOR_VERSION,
    }


_GAZETTEER_CACHE: dict[str, Gazetteer] = {}


def gazetteer(settings: Settings) -> Gazetteer:
    path = settings.seeds_dir / "gazetteer" / "us_dprk_negotiations.yaml"
    key = str(path)
    if key not in _GAZETTEER_CACHE:
        _GAZETTEER_CACHE[key] = Gazetteer.load(path)
    return _GAZETTEER_CACHE[key]


def analyze_text(text: str, gaz: Gazetteer) -> dict[str, Any]:
    """Mentions and quotes of one article text (the ``newswatch extract`` contract, plus extras)."""
    quotes, mentions = quotes_and_mentions(text, gaz)
    return {
        "mentions": [m.as_dict() for m in mentions],
        "quotes": [{**q.as_dict(), "tone": tone(q.quote)} for q in quotes],
        "tone": article_tone(text),
        "name_candidates": name_candidates(text, mentions),
        "on_topic": gaz.is_relevant(mentions),
        "gazetteer_version": gaz.version,
        "sketch": sketch(text),
    }


def analyze(plan: dict[str, Any], source_name: str, extracted_path: str, *, settings: Settings | None = None) -> str:
    settings = settings or load_settings()
    gaz = gazetteer(settings)
    rows = []
    for rec in read_jsonl(Path(extracted_path)):
        if rec.get("skip_reason"):
            rows.append(rec)
            continue
        rows.append({**rec, **analyze_text(rec["text"], gaz)})
    return str(write_jsonl(Path(plan["run_dir"]) / "analyze" / f"{source_name}.jsonl", rows))


# --------------------------------------------------------------------------------------------------
# Load


@contextmanager
def _write_transaction(settings: Settings) -> Iterator[Any]:
    """The one way to change the database: writer lock, migrations, one transaction, then the readers' snapshot."""
    with connect(settings.db_path, write=True) as con:
        migrate(con, settings.sql_dir)
        con.execute("BEGIN")
        try:
            yield con
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        publish_snapshot(con, settings.db_path)


def load_run(plan: dict[str, Any], analyzed_paths: list[str], *, settings: Settings | None = None) -> dict[str, int]:
    """Upsert the run's rows in one transaction (the only DuckDB writer)."""
    settings = settings or load_settings()
    config = load_sources(plan["sources_path"])
    run_dir = Path(plan["run_dir"])
    attempts = [
        row
        for stage in ("discover", "fetch")
        for p in sorted((run_dir / stage).glob("*.attempts.jsonl"))
        for row in read_jsonl(p)
    ]
    articles: dict[str, dict[str, Any]] = {}
    skipped: dict[str, dict[str, Any]] = {}
    for path in analyzed_paths:
        for rec in read_jsonl(Path(path)):
            if rec.get("skip_reason"):
                skipped[rec["url"]] = rec
            elif rec["id"] not in articles:  # the same canonical page via two feed URLs: one row
                articles[rec["id"]] = rec
    with _write_transaction(settings) as con:
        _load(con, config, attempts, articles, skipped)
        load_entities(con, gazetteer(settings))
        update_lineage(con)
        refresh_derived(con, settings.sql_dir)
        counts = {
            t: int((con.execute(f"SELECT count(*) FROM {t}").fetchone() or (0,))[0])  # t: fixed table names
            for t in ("articles", "mentions", "quotes", "speakers", "fetch_log", "skipped_pages")
        }
    counts["run_articles"] = len(articles)
    return counts


_ARTICLE_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "published_at",
    "author",
    "text",
    "word_count",
    "on_topic",
    "fetched_at",
    "content_sha256",
    "extractor_version",
    "tone",
)
_QUOTE_COLUMNS = (
    "article_id",
    "start_offset",
    "end_offset",
    "quote",
    "speaker",
    "speaker_title",
    "speaker_affiliation",
    "speaker_role",
    "speaker_kind",
    "cue",
    "confidence",
    "method",
    "extractor_version",
    "speaker_text",
    "tone",
)
_MENTION_COLUMNS = (
    "article_id",
    "start_offset",
    "end_offset",
    "entity",
    "entity_name",
    "category",
    "matched_text",
    "sentence",
    "gazetteer_version",
)


def _upsert(con: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], conflict: str) -> None:
    """Bulk insert through a data frame (one statement, not one per row) with an ON CONFLICT clause."""
    if not rows:
        return
    import pandas as pd  # only the load task needs it; imported here to keep every other task light

    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    )
    con.register("_staged", frame)
    cols = ", ".join(columns)
    # Cast to the table's types: the frame holds ISO text for timestamps and Python lists for arrays.
    select = ", ".join(f"CAST({c} AS {types[c]}) AS {c}" for c in columns)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {select} FROM _staged {conflict}")
    con.unregister("_staged")  # not in a finally: after a failed statement it would mask the real error


def _set_clause(columns: tuple[str, ...], key: tuple[str, ...], special: dict[str, str] | None = None) -> str:
    special = special or {}
    sets = [f"{c} = {special.get(c, 'excluded.' + c)}" for c in columns if c not in key]
    return f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET " + ", ".join(sets)


def _load(
    con: Any,
    config: SourcesConfig,
    attempts: list[dict[str, Any]],
    articles: dict[str, dict[str, Any]],
    skipped: dict[str, dict[str, Any]],
) -> None:
    _upsert(
        con,
        "sources",
        ("name", "kind", "url", "options"),
        [(s.name, s.kind, s.url, json.dumps(s.options, sort_keys=True)) for s in config.sources],
        _set_clause(("name", "kind", "url", "options"), ("name",)),
    )
    _upsert(
        con,
        "fetch_log",
        ("attempt_id", "run_id", "source", "stage", "url", "started_at", "status", "bytes", "elapsed_ms", "error"),
        [
            (
                a["attempt_id"],
                a["run_id"],
                a["source"],
                a["stage"],
                a["url"],
                a["started_at"],
                a["status"],
                a["bytes"],
                a["elapsed_ms"],
                a["error"],
            )
            for a in attempts
        ],
        "ON CONFLICT DO NOTHING",
    )
    _upsert(
        con,
        "skipped_pages",
        ("url", "source", "reason", "content_sha256"),
        [(s["url"], s["source"], s["skip_reason"], s["content_sha256"]) for s in skipped.values()],
        _set_clause(("url", "source", "reason", "content_sha256"), ("url",)),
    )
    if not articles:
        return
    ids = list(articles)
    for table in ("mentions", "quotes", "name_candidates"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    _upsert(
        con,
        "articles",
        _ARTICLE_COLUMNS,
        [tuple(a.get(c) for c in _ARTICLE_COLUMNS) for a in articles.values()],
        _set_clause(_ARTICLE_COLUMNS, ("id",), {"fetched_at": "least(articles.fetched_at, excluded.fetched_at)"}),
    )
    _upsert(
        con,
        "article_fingerprints",
        ("article_id", "sketch"),
        [(a["id"], a.get("sketch") or sketch(a["text"])) for a in articles.values()],
        _set_clause(("article_id", "sketch"), ("article_id",)),
    )
    _upsert(
        con,
        "mentions",
        _MENTION_COLUMNS,
        [
            (
                a["id"],
                m["start"],
                m["end"],
                m["entity"],
                m["name"],
                m["category"],
                m["text"],
                m["sentence"],
                a["gazetteer_version"],
            )
            for a in articles.values()
            for m in a["mentions"]
        ],
        "ON CONFLICT DO NOTHING",
    )
    _upsert(
        con,
        "quotes",
        _QUOTE_COLUMNS,
        [
            (
                a["id"],
                q["start"],
                q["end"],
                q["quote"],
                q["speaker"],
                q["speaker_title"],
                q["speaker_affiliation"],
                q["speaker_role"],
                q["speaker_kind"],
                q["cue"],
                q["confidence"],
                q["method"],
                a["extractor_version"],
                q.get("speaker_text"),
                q.get("tone"),
            )
            for a in articles.values()
            for q in a["quotes"]
        ],
        "ON CONFLICT DO NOTHING",
    )
    _upsert(
        con,
        "name_candidates",
        ("article_id", "name", "occurrences"),
        [(a["id"], name, n) for a in articles.values() for name, n in (a.get("name_candidates") or {}).items()],
        "ON CONFLICT DO NOTHING",
    )


def update_lineage(con: Any) -> int:
    """Recompute near-duplicate lineage over all articles (deterministic); returns the number of copies."""
    rows = con.execute(
        "SELECT a.id, a.source, coalesce(CAST(a.published_at AS VARCHAR), ''), CAST(a.fetched_at AS VARCHAR), "
        "f.sketch FROM articles a JOIN article_fingerprints f ON f.article_id = a.id"
    ).fetchall()
    result = lineage(Item(r[0], r[1], r[2], r[3], tuple(r[4])) for r in rows)
    import pandas as pd

    frame = pd.DataFrame.from_records(
        [(x.article_id, x.original_id, x.original_source, x.is_copy, x.similarity) for x in result],
        columns=["id", "original_id", "original_source", "is_copy", "copy_similarity"],
    )
    con.register("_lineage_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE _lineage AS SELECT * FROM _lineage_frame")
    con.unregister("_lineage_frame")
    con.execute(
        "UPDATE articles SET original_id = l.original_id, original_source = l.original_source, is_copy = l.is_copy, "
        "copy_similarity = l.copy_similarity FROM _lineage l WHERE articles.id = l.id"
    )
    con.execute("DROP TABLE _lineage")
    return sum(1 for x in result if x.is_copy)


# --------------------------------------------------------------------------------------------------
# Re-extraction from the archive


def reextract(
    *,
    settings: Settings | None = None,
    progress: Callable[[str], None] = print,
    every: int = 200,
) -> dict[str, int]:
    """Rebuild text, mentions, quotes and lineage of every archived page with the current extractor.

    Reads only the raw-HTML archive (no network). Pages that were skipped before are tried again, so an
    extractor that now recognises them as articles adds them. Rows carry the new ``extractor_version``.
    """
    settings = settings or load_settings()
    gaz = gazetteer(settings)
    archive = Archive(settings.archive_dir)
    with connect(settings.db_path, write=True) as con:  # a short read under the writer lock
        pages = con.execute(
            "SELECT url, source, content_sha256, CAST(fetched_at AS VARCHAR), CAST(published_at AS VARCHAR), "
            "canonical_url FROM articles UNION ALL "
            "SELECT s.url, s.source, s.content_sha256, NULL, NULL, NULL FROM skipped_pages s "
            "WHERE s.content_sha256 IS NOT NULL ORDER BY 1"
        ).fetchall()
    started = time.perf_counter()
    articles: dict[str, dict[str, Any]] = {}
    skipped: dict[str, dict[str, Any]] = {}
    missing = 0
    for n, (url, source, sha, fetched_at, published_at, canonical) in enumerate(pages, 1):
        if not sha or not archive.path(sha).exists():
            missing += 1
            continue
        item = {
            "url": url,
            "canonical": canonical or canonicalize(url),
            "content_sha256": sha,
            "fetched_at": fetched_at or _url_fetched_at(settings, url),
            "published_at": published_at,
        }
        rec = extract_record(decode_body(archive.get(sha)), item, source)
        if rec.get("skip_reason"):
            skipped[url] = rec
        elif rec["id"] not in articles:
            articles[rec["id"]] = {**rec, **analyze_text(rec["text"], gaz)}
        if n % every == 0 or n == len(pages):
            rate = n / max(1e-9, time.perf_counter() - started)
            progress(f"reextract: {n}/{len(pages)} pages ({100 * n / max(1, len(pages)):.0f}%), {rate:.0f} pages/s")
    with _write_transaction(settings) as con:
        _replace_extracted(con, articles, skipped)
        copies = update_lineage(con)
        refresh_derived(con, settings.sql_dir)
    summary = {
        "pages": len(pages),
        "articles": len(articles),
        "skipped": len(skipped),
        "missing_from_archive": missing,
        "quotes": sum(len(a["quotes"]) for a in articles.values()),
        "mentions": sum(len(a["mentions"]) for a in articles.values()),
        "copies": copies,
    }
    progress(
        f"reextract done in {time.perf_counter() - started:.1f}s: {summary['articles']} articles, "
        f"{summary['quotes']} quotes, {summary['mentions']} mentions, {summary['skipped']} skipped, "
        f"{missing} not in the archive; extractor {EXTRACTOR_VERSION}"
    )
    return summary


def _url_fetched_at(settings: Settings, url: str) -> str:
    state = UrlState(settings.state_dir / "urls").get(canonicalize(url)) or {}
    return str(state.get("fetched_at") or "1970-01-01T00:00:00+00:00")


def _replace_extracted(con: Any, articles: dict[str, dict[str, Any]], skipped: dict[str, dict[str, Any]]) -> None:
    """Swap in re-extracted rows: pages now skipped leave ``articles``; articles leave ``skipped_pages``."""
    now_skipped = list(skipped)
    if now_skipped:
        gone = [
            r[0]
            for r in con.execute(
                "SELECT id FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))", [now_skipped]
            ).fetchall()
        ]
        for table, key in (
            ("mentions", "article_id"),
            ("quotes", "article_id"),
            ("article_fingerprints", "article_id"),
            ("articles", "id"),
        ):
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [gone])
    if articles:
        con.execute(
            "DELETE FROM skipped_pages WHERE url IN (SELECT unnest(?::VARCHAR[]))",
            [[a["url"] for a in articles.values()]],
        )
    sources = load_sources_from_db(con)
    _load(con, sources, [], articles, skipped)


def load_sources_from_db(con: Any) -> SourcesConfig:
    rows = con.execute("SELECT name, kind, url, options FROM sources ORDER BY name").fetchall()
    return SourcesConfig(
        path=Path("<database>"),
        sources=tuple(Source(r[0], r[1], r[2], json.loads(r[3]) if r[3] else {}) for r in rows),
        policy=FetchPolicy(),
    )


def load_entities(con: Any, gaz: Gazetteer) -> None:
    """The gazetteer's entities (with event dates) as a table, for joins and event windows."""
    _upsert(
        con,
        "entities",
        ("topic", "entity", "name", "category", "event_date", "end_date", "gazetteer_version"),
        [(gaz.topic, e.id, e.name, e.category, e.date, e.end_date, gaz.version) for e in gaz.entities.values()],
        _set_clause(
            ("topic", "entity", "name", "category", "event_date", "end_date", "gazetteer_version"), ("topic", "entity")
        ),
    )
