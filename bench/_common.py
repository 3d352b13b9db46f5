"""Shared helpers for the benchmarks in ``bench/``: single-core pinning, timing, machine facts, output.

Not a benchmark itself (``bench/run.py`` only runs ``bench_*.py``); import it from a benchmark module.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
COMMAND = "make bench"

# Thread-pool knobs of the native libraries a benchmark might pull in; all must be set before those load.
THREAD_ENV_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "RAYON_NUM_THREADS",
)


def limit_threads() -> None:
    """Ask every native thread pool for one thread (effective only for libraries not yet imported)."""
    for name in THREAD_ENV_VARS:
        os.environ[name] = "1"


def pin_single_core() -> list[int] | None:
    """Run this process on CPU 0 only and cap thread pools at 1; returns the CPUs now allowed, if known."""
    limit_threads()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return None


def time_repeats(fn: Callable[[], object], repeats: int) -> list[float]:
    """Call ``fn`` once untimed (warm-up), then ``repeats`` times; wall-clock seconds of each timed call."""
    fn()
    times: list[float] = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def summarize(times: Sequence[float]) -> dict[str, Any]:
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "runs_s": list(times),
    }


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (x86 ``model name``, some ARM ``Model``/``Hardware``), else platform's."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for key in ("model name", "Model", "Hardware", "cpu model", "Processor"):
        for line in lines:
            name, sep, value = line.partition(":")
            if sep and name.strip() == key and value.strip():
                return value.strip()
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def source_digest(folder: Path, pattern: str = "*.py") -> str:
    """SHA-256 over the relative paths and bytes of ``folder``'s source files: which code was measured."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_results(name: str, payload: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])
