"""The one seam to DuckDB: connections, migrations, derived objects.

DuckDB allows one writing process per file. Writers (the loader, the report) go through
:func:`connect` with ``write=True``, which first takes an exclusive ``flock`` on ``<db>.lock`` and waits
for it, so overlapping pipeline runs queue instead of failing on DuckDB's lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


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


@contextmanager
def connect(db_path: Path, *, write: bool = False, lock_timeout: float = 600.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection; ``write=True`` serialises with other writers first."""
    if write:
        with writer_lock(db_path, lock_timeout):
            con = duckdb.connect(str(db_path))
            try:
                yield con
            finally:
                con.close()
    else:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            yield con
        finally:
            con.close()


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
