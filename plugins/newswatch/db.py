"""The one seam to DuckDB: connections, migrations, derived objects.

DuckDB allows one writing process per file. Writers (the loader, the report) go through
:func:`connect` with ``write=True``, which first takes an exclusive ``flock`` on ``<db>.lock`` and waits
for it, so overlapping pipeline runs queue instead of failing on DuckDB's lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)


class LockTimeout(RuntimeError):
    pass


@contextmanager
def writer_lock(db_path: Path, timeout: float = 600.0) -> Iterator[None]:
    """Exclusive inter-process lock for writers of ``db_path``; waits up to ``timeout`` seconds."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_name(db_path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(f"another writer holds {lock_path} for more than {timeout:.0f}s") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _open(db_path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process (an analyst's session, say) holds DuckDB's own lock."""
    deadline = time.monotonic() + timeout
    delay = 0.2
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise LockTimeout(
                    f"{db_path} is held by another process ({exc}); analysts should query the read snapshot "
                    f"{snapshot_path(db_path)} (newswatch sql does) so the pipeline can write"
                ) from exc
            log.warning("waiting for %s: held by another process", db_path)
            time.sleep(delay)
            delay = min(5.0, delay * 2)


@contextmanager
def connect(db_path: Path, *, write: bool = False, lock_timeout: float = 600.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection; ``write=True`` serialises with other writers first, then waits for readers."""
    if write:
        with writer_lock(db_path, lock_timeout):
            con = _open(db_path, False, lock_timeout)
            try:
                yield con
            finally:
                con.close()
    else:
        con = _open(db_path, True, lock_timeout)
        try:
            yield con
        finally:
            con.close()


def snapshot_path(db_path: Path) -> Path:
    """The read-only copy analysts query: ``newswatch.duckdb`` -> ``newswatch.read.duckdb``."""
    return db_path.with_name(db_path.stem + ".read" + db_path.suffix)


def publish_snapshot(con: duckdb.DuckDBPyConnection, db_path: Path) -> Path:
    """Copy the database, after a checkpoint, to the analysts' snapshot (atomic rename).

    DuckDB lets one process write a file and no other process open it meanwhile, so analysts read a copy
    instead: a pipeline load never waits for them and never breaks their open session (a session keeps
    the old copy's inode until it closes).
    """
    con.execute("CHECKPOINT")
    target = snapshot_path(db_path)
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(db_path, tmp)
    os.replace(tmp, target)
    return target


@contextmanager
def connect_reader(db_path: Path, *, live: bool = False, timeout: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for analysis: the snapshot when there is one (never blocks the pipeline)."""
    path = db_path if live or not snapshot_path(db_path).exists() else snapshot_path(db_path)
    with connect(path, lock_timeout=timeout) as con:
        yield con


def migrate(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[str]:
    """Apply ``sql/migrations/NNN_*.sql`` in order, once each; returns the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for path in sorted((sql_dir / "migrations").glob("*.sql")):
        version = path.stem
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def refresh_derived(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Rebuild derived tables and views (``sql/views/*.sql``, in file order)."""
    for path in sorted((sql_dir / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
