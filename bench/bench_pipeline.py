"""A whole daily run over 2,000 articles from a loopback news site, on all cores, task by task.

The site is generated, deterministically, from the project's own snapshot articles
(``seeds/snapshot/articles/*.md``) with the snapshot site's templates (``seeds/snapshot/build.py``):
4 outlets of 500 article pages each (about 800 words, built like ``bench_extraction``'s pages), each outlet
with an RSS feed of its 500 items, all published within the run's day, and a robots.txt. The pages are
written to a temporary directory and served from there by one ``ThreadingHTTPServer`` per outlet on
127.0.0.1 (ephemeral ports, threads of this process). The sources file allows only 127.0.0.0/8 and sets no
per-host delay.

The run is executed the way Airflow executes ``dags/news_coverage_daily.py``: every task is its own
Python process (``python -c`` calling the library function the DAG task calls), in stage order
``plan`` → ``discover`` ×4 → ``fetch`` ×4 → ``extract`` ×4 → ``analyze`` ×4 → ``load`` → ``report``, the
four mapped tasks of a stage two at a time (two cores). Measured per task: wall time from spawn to exit
(interpreter start and imports included, as for an Airflow task), the time inside the library call, and
peak RSS (``VmHWM`` of the task's own process). Then the same day is run again: discovery is reused, no
page is fetched again, and every table must keep its row count.

Run with ``make bench`` (all benchmarks) or ``.venv/bin/python bench/bench_pipeline.py`` (this one).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import COMMAND, REPO, format_table, limit_threads, machine_info, now_utc, source_digest, write_results
from bench_extraction import _snapshot_build, draw_paragraphs

NAME = "pipeline"
SEED = 20191108
DAY = "2019-11-08"
ITEMS_PER_OUTLET = 500
TARGET_WORDS = 800
PARALLEL = 2  # mapped tasks running at once: one per core of the 2-core machine
TASK_TIMEOUT_S = 600
# Four outlets built on the snapshot site's two (same template, masthead and robots.txt): (key, template).
OUTLETS = (
    ("korea-ledger-a", "korea-ledger"),
    ("capitol-dispatch-a", "capitol-dispatch"),
    ("korea-ledger-b", "korea-ledger"),
    ("capitol-dispatch-b", "capitol-dispatch"),
)
FETCH_POLICY = {"per_host_delay": 0, "timeout": 10, "retries": 1}
PLACEHOLDER = "{{BASE_URL}}"
STAGES = ("plan", "discover", "fetch", "extract", "analyze", "load", "report")
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


# --------------------------------------------------------------------------------------------------
# The site


def build_site(site: Path, bases: dict[str, str], seed: int = SEED) -> dict[str, Any]:
    """Write every outlet's pages, feed.xml and robots.txt under ``site/<outlet>/``; returns corpus facts.

    The bytes are the same on every run except for the base URL (the port), so the digest is taken with
    the ``{{BASE_URL}}`` placeholder still in place.
    """
    build = _snapshot_build()
    articles = [build.load_article(p) for p in sorted(build.ARTICLES.glob("*.md"))]
    stories = [a for a in articles if a["kind"] != "page"]
    pool = [(a["slug"], i, p) for a in stories for i, p in enumerate(a["paragraphs"])]
    rng = random.Random(seed)
    day_start = datetime.fromisoformat(DAY).replace(tzinfo=UTC)
    slot = 86_400 // ITEMS_PER_OUTLET  # seconds: the items spread evenly over the day
    digest = hashlib.sha256()
    page_words: list[int] = []
    html_bytes = 0
    for key, template in OUTLETS:
        outlet = {**build.OUTLETS[template], "name": f"{build.OUTLETS[template]['name']} {key[-1].upper()}"}
        own = [a for a in stories if a["outlet"] == template]
        root = site / key
        root.mkdir(parents=True)
        metas = []
        for n in range(ITEMS_PER_OUTLET):
            base = rng.choice(own)
            paragraphs, words = draw_paragraphs(rng, base, pool, TARGET_WORDS)
            meta = {
                "outlet": key,
                "slug": f"{key}-{n:03d}-{base['slug']}",
                "title": base["title"],
                "author": base["author"],
                "published": day_start + timedelta(seconds=n * slot + rng.randrange(slot)),
                "section": base.get("section", "World"),
                "kind": base["kind"],
                "paragraphs": paragraphs,
            }
            related = [a for a in own if a is not base][:4]
            html = build.render_article(meta, outlet, related)
            digest.update(html.encode("utf-8"))
            out = root / build.article_path(meta).lstrip("/")
            out.parent.mkdir(parents=True, exist_ok=True)
            body = html.replace(PLACEHOLDER, bases[key]).encode("utf-8")
            out.write_bytes(body)
            html_bytes += len(body)
            page_words.append(words)
            metas.append(meta)
        feed = build.render_feed(key, outlet, metas)
        digest.update(feed.encode("utf-8"))
        (root / "feed.xml").write_text(feed.replace(PLACEHOLDER, bases[key]), encoding="utf-8")
        (root / "robots.txt").write_text(outlet["robots"], encoding="utf-8")
    return {
        "outlets": len(OUTLETS),
        "items_per_outlet": ITEMS_PER_OUTLET,
        "pages": len(page_words),
        "seed": seed,
        "day": DAY,
        "target_words": TARGET_WORDS,
        "page_words_mean": round(statistics.fmean(page_words), 1),
        "page_words_min": min(page_words),
        "page_words_max": max(page_words),
        "html_kb_mean": round(html_bytes / len(page_words) / 1024, 1),
        "sha256": digest.hexdigest(),
    }


class _Hits:
    """Requests the servers answered, by outlet and kind, and any client that was not loopback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: Counter[tuple[str, str]] = Counter()
        self.foreign_clients: set[str] = set()

    def add(self, outlet: str, kind: str, client: str) -> None:
        with self._lock:
            self.counts[(outlet, kind)] += 1
            if not ipaddress.ip_address(client).is_loopback:
                self.foreign_clients.add(client)

    def snapshot(self) -> Counter[tuple[str, str]]:
        with self._lock:
            return Counter(self.counts)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as news sites serve
    # Headers and body leave in two writes; with Nagle on, the second waits for the client's delayed ACK
    # (~40 ms per response on a kept-alive connection), which would be a loopback artefact, not the pipeline.
    disable_nagle_algorithm = True
    server_version = "newswatch-bench/1"

    def __init__(self, *args: Any, root: Path, outlet: str, hits: _Hits, **kwargs: Any) -> None:
        self.root, self.outlet, self.hits = root, outlet, hits
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        kind = {"/robots.txt": "robots", "/feed.xml": "feed"}.get(path, "page")
        if self.root not in target.parents or not target.is_file():
            self.hits.add(self.outlet, "not_found", self.client_address[0])
            self.send_error(404)
            return
        self.hits.add(self.outlet, kind, self.client_address[0])
        body = target.read_bytes()
        ctype = {".xml": "application/rss+xml", ".txt": "text/plain"}.get(target.suffix, "text/html")
        self.send_response(200)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def bind_servers(site: Path, hits: _Hits) -> dict[str, ThreadingHTTPServer]:
    """One server per outlet on 127.0.0.1, ephemeral port; bound now, served once the site is written."""
    servers = {}
    for key, _template in OUTLETS:
        handler = partial(_Handler, root=(site / key).resolve(), outlet=key, hits=hits)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        servers[key] = server
    return servers


# --------------------------------------------------------------------------------------------------
# Tasks, one process each

# Runs first in every task process: only loopback addresses may be connected to or resolved.
_PRELUDE = """\
import ipaddress, json, resource, socket, sys, time
_T0 = time.perf_counter()
_VIOLATIONS = []

def _loopback(host):
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False

def _guard(original, what):
    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            _VIOLATIONS.append(f"{what} {address!r}")
            raise PermissionError(f"benchmark: only loopback may be reached, not {address!r}")
        return original(self, address)
    return guarded

socket.socket.connect = _guard(socket.socket.connect, "connect")
socket.socket.connect_ex = _guard(socket.socket.connect_ex, "connect_ex")
_getaddrinfo = socket.getaddrinfo

def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _loopback(host):
        _VIOLATIONS.append(f"getaddrinfo {host!r}")
        raise socket.gaierror(f"benchmark: only loopback addresses may be resolved, not {host!r}")
    return _getaddrinfo(host, *args, **kwargs)

socket.getaddrinfo = _guarded_getaddrinfo
a = json.loads(sys.argv[1])
"""

# Runs last: the task's own figures, on one marked stdout line.
_EPILOGUE = """\
def _peak_rss_kb():
    # VmHWM is this process image's own peak. ru_maxrss is not: after a vfork+exec it starts from the
    # parent's peak, so a task spawned by a big parent would report the parent's memory.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

_RU = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH_RESULT " + json.dumps({
    "result": result,
    "import_s": _T1 - _T0,
    "call_s": _T2 - _T1,
    "cpu_s": _RU.ru_utime + _RU.ru_stime,
    "peak_rss_kb": _peak_rss_kb(),
    "violations": _VIOLATIONS,
}), flush=True)
"""

# What each DAG task does (``dags/news_coverage_daily.py``): (imports, statements assigning ``result``).
TASKS: dict[str, tuple[str, str]] = {
    "plan": (
        "from newswatch.pipeline import plan_run, window_for_run",
        "result = plan_run(a['sources'], window_for_run(None, None, None, a['day']), a['run_id'])",
    ),
    "discover": (
        "from newswatch.pipeline import discover",
        "result = {'source': a['source'], 'path': discover(a['plan'], a['source'])}",
    ),
    "fetch": (
        "from newswatch.pipeline import fetch",
        "result = {'source': a['source'], 'path': fetch(a['plan'], a['source'], a['path'])}",
    ),
    "extract": (
        "from newswatch.pipeline import extract_pages",
        "result = {'source': a['source'], 'path': extract_pages(a['plan'], a['source'], a['path'])}",
    ),
    "analyze": (
        "from newswatch.pipeline import analyze",
        "result = analyze(a['plan'], a['source'], a['path'])",
    ),
    "load": (
        "from newswatch.pipeline import load_run",
        "result = load_run(a['plan'], a['paths'])",
    ),
    "report": (
        "from newswatch.db import connect\n"
        "from newswatch.pipeline import gazetteer\n"
        "from newswatch.report import gazetteer_events, summary, write_report\n"
        "from newswatch.settings import load_settings",
        "settings = load_settings()\n"
        "with connect(settings.db_path, write=True) as con:\n"
        "    result = str(write_report(con, settings.report_path, gazetteer_events(gazetteer(settings))))\n"
        "    summary(con)",
    ),
    # Not a DAG task and not timed: every table's row count, read-only.
    "count": (
        "from newswatch.db import connect\nfrom newswatch.settings import load_settings",
        "with connect(load_settings().db_path) as con:\n"
        '    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "\n'
        "              \"WHERE table_type = 'BASE TABLE' ORDER BY 1\").fetchall()]\n"
        "    result = {t: con.execute(f'SELECT count(*) FROM \"{t}\"').fetchone()[0] for t in tables}\n"
        "    result['articles_copies'] = con.execute('SELECT count(*) FROM articles WHERE is_copy').fetchone()[0]\n"
        "    result['articles_on_topic'] = con.execute('SELECT count(*) FROM articles WHERE on_topic').fetchone()[0]",
    ),
}


def task_code(name: str) -> str:
    imports, body = TASKS[name]
    return f"{_PRELUDE}{imports}\n_T1 = time.perf_counter()\n{body}\n_T2 = time.perf_counter()\n{_EPILOGUE}"


def run_task(name: str, args: dict[str, Any], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run one task in a fresh interpreter; its result, wall time and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", task_code(name), json.dumps(args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TASK_TIMEOUT_S,
        check=False,
    )
    wall = time.perf_counter() - start
    label = f"{name}[{args['source']}]" if "source" in args else name
    if proc.returncode != 0:
        raise RuntimeError(f"task {label} exited with {proc.returncode}:\n{proc.stderr.strip()[-4000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH_RESULT ")]
    if not lines:
        raise RuntimeError(f"task {label} printed no result; stderr:\n{proc.stderr.strip()[-4000:]}")
    out: dict[str, Any] = json.loads(lines[-1].removeprefix("BENCH_RESULT "))
    if out["violations"]:
        raise RuntimeError(f"task {label} tried to leave loopback: {out['violations']}")
    return {"task": label, "start_s": start, "wall_s": wall, **out}


def run_stage(
    name: str, per_task: list[dict[str, Any]], env: dict[str, str], cwd: Path, t0: float
) -> tuple[list[Any], dict[str, Any]]:
    """One stage's tasks, ``PARALLEL`` at a time; their results (in order) and the stage's figures."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        tasks = list(pool.map(lambda args: run_task(name, args, env, cwd), per_task))
    wall = time.perf_counter() - start
    for t in tasks:
        t["start_s"] = round(t["start_s"] - t0, 3)
    stage = {
        "tasks": len(tasks),
        "wall_s": wall,
        "max_task_s": max(t["wall_s"] for t in tasks),
        "max_call_s": max(t["call_s"] for t in tasks),
        "cpu_s": sum(t["cpu_s"] for t in tasks),
        "max_peak_rss_mb": max(t["peak_rss_kb"] for t in tasks) / 1024,
        "task_runs": [{k: v for k, v in t.items() if k not in ("result", "violations")} for t in tasks],
    }
    return [t["result"] for t in tasks], stage


def run_day(run_id: str, sources_path: Path, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """The DAG's tasks in order, mapped stages ``PARALLEL`` at a time; per-stage figures and the load counts."""
    stages: dict[str, dict[str, Any]] = {}
    load_start = os.getloadavg()[0]
    t0 = time.perf_counter()

    def stage(name: str, per_task: list[dict[str, Any]]) -> list[Any]:
        results, stages[name] = run_stage(name, per_task, env, cwd, t0)
        return results

    try:
        [plan] = stage("plan", [{"sources": str(sources_path), "day": DAY, "run_id": run_id}])
        found = stage("discover", [{"plan": plan, "source": s} for s in plan["sources"]])
        fetched = stage("fetch", [{"plan": plan, **item} for item in found])
        extracted = stage("extract", [{"plan": plan, **item} for item in fetched])
        analyzed = stage("analyze", [{"plan": plan, **item} for item in extracted])
        [counts] = stage("load", [{"plan": plan, "paths": analyzed}])
        stage("report", [{}])
    except RuntimeError as exc:  # keep what was measured: it says how far the run got, and how fast
        done = ", ".join(f"{n} {s['wall_s']:.1f}s (max RSS {s['max_peak_rss_mb']:.0f} MB)" for n, s in stages.items())
        raise RuntimeError(f"run {run_id}: {exc}\nstages finished before it: {done or 'none'}") from exc
    wall = time.perf_counter() - t0
    load_end = os.getloadavg()[0]
    manifest = [json.loads(line) for item in fetched for line in Path(item["path"]).read_text().splitlines()]
    candidates = sum(len(Path(item["path"]).read_text().splitlines()) for item in found)
    return {
        "run_id": run_id,
        "wall_s": wall,
        "cpu_s": sum(s["cpu_s"] for s in stages.values()),
        "loadavg_1min": {"start": load_start, "end": load_end},
        "stages": stages,
        "load_counts": counts,
        "candidates": candidates,
        "manifest": {
            "rows": len(manifest),
            "ok": sum(1 for m in manifest if m["outcome"] == "ok"),
            "failed": sum(1 for m in manifest if m["outcome"] != "ok"),
            "fetched_now": sum(1 for m in manifest if not m["reused"]),
            "reused": sum(1 for m in manifest if m["reused"]),
        },
    }


# --------------------------------------------------------------------------------------------------
# Setup and the whole benchmark


def use_all_cores() -> list[int] | None:
    """Undo a single-core pin (``bench_extraction`` pins the shared ``run.py`` process to CPU 0)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    with contextlib.suppress(OSError):  # a cpuset narrower than cpu_count(): keep what is allowed
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return sorted(os.sched_getaffinity(0))


def write_sources(path: Path, bases: dict[str, str]) -> Path:
    import yaml

    config = {
        "allow_private_networks": ["127.0.0.0/8"],
        "fetch": FETCH_POLICY,
        "sources": [
            {"name": key, "kind": "rss", "url": f"{bases[key]}/feed.xml", "lookback_days": 1} for key, _ in OUTLETS
        ],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def task_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env.update(
        NEWSWATCH_HOME=str(REPO),
        NEWSWATCH_DB=str(data_dir / "newswatch.duckdb"),
        NEWSWATCH_DATA=str(data_dir),
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _requests(hits: Counter[tuple[str, str]]) -> dict[str, int]:
    by_kind: Counter[str] = Counter()
    for (_outlet, kind), n in hits.items():
        by_kind[kind] += n
    return {"total": sum(by_kind.values()), **dict(sorted(by_kind.items()))}


def _check(ok: bool, message: Callable[[], str]) -> None:
    if not ok:
        raise RuntimeError(message())


def run() -> dict[str, Any]:
    cpus = use_all_cores()
    limit_threads()  # inherited by the task processes: one thread per native pool, two tasks on two cores
    from newswatch import EXTRACTOR_VERSION

    code = source_digest(REPO / "plugins" / "newswatch")
    expected = len(OUTLETS) * ITEMS_PER_OUTLET
    with tempfile.TemporaryDirectory(prefix="newswatch-bench-") as tmp:
        root = Path(tmp)
        hits = _Hits()
        servers = bind_servers(root / "site", hits)
        try:
            bases = {key: f"http://127.0.0.1:{s.server_address[1]}" for key, s in servers.items()}
            started = time.perf_counter()
            corpus = build_site(root / "site", bases)
            corpus["build_s"] = round(time.perf_counter() - started, 2)
            for server in servers.values():
                threading.Thread(target=server.serve_forever, daemon=True).start()
            sources = write_sources(root / "sources.yaml", bases)
            env = task_env(root / "data")

            first = run_day(f"bench_scheduled__{DAY}", sources, env, root)
            first["requests"] = _requests(hits.snapshot())
            [first["table_counts"]], _ = run_stage("count", [{}], env, root, time.perf_counter())
            before = hits.snapshot()
            rerun = run_day(f"bench_manual__{DAY}_rerun", sources, env, root)
            rerun["requests"] = _requests(hits.snapshot() - before)
            [rerun["table_counts"]], _ = run_stage("count", [{}], env, root, time.perf_counter())
            foreign = sorted(hits.foreign_clients)
        finally:
            for server in servers.values():
                server.shutdown()
                server.server_close()

    _check(not foreign, lambda: f"requests from non-loopback clients: {foreign}")
    _check(first["candidates"] == expected, lambda: f"discovered {first['candidates']} candidates, not {expected}")
    _check(
        first["manifest"]["ok"] == expected and first["manifest"]["fetched_now"] == expected,
        lambda: f"first run fetched {first['manifest']}, not {expected} pages ok",
    )
    _check(
        first["load_counts"]["run_articles"] == expected,
        lambda: f"first run loaded {first['load_counts']['run_articles']} articles, not {expected}",
    )
    _check(
        rerun["manifest"]["fetched_now"] == 0 and rerun["requests"]["total"] == 0,
        lambda: f"re-run fetched {rerun['manifest']['fetched_now']} pages, {rerun['requests']} requests",
    )
    _check(
        rerun["table_counts"] == first["table_counts"],
        lambda: f"re-run changed row counts: {first['table_counts']} -> {rerun['table_counts']}",
    )
    articles = first["load_counts"]["run_articles"]
    return {
        "benchmark": NAME,
        "date": now_utc(),
        "command": COMMAND,
        "machine": machine_info(),
        "setup": {
            "cpu_affinity": cpus,
            "parallel_tasks": PARALLEL,
            "task_runner": "one `python -c` process per task, as Airflow runs tasks; mapped tasks 2 at a time",
            "task_wall": "spawn to exit, time.perf_counter in the benchmark process (interpreter start included)",
            "task_call": "time inside the library call, measured in the task process",
            "task_cpu": "user + system CPU seconds of the task process (getrusage RUSAGE_SELF)",
            "peak_rss": "VmHWM from /proc/self/status at the end of each task process",
            "server": "ThreadingHTTPServer per outlet on 127.0.0.1, ephemeral port, thread of the benchmark process",
            "fetch_policy": FETCH_POLICY,
            "allow_private_networks": ["127.0.0.0/8"],
            "newswatch_extractor_version": EXTRACTOR_VERSION,
            "newswatch_source_sha256": code,
        },
        "corpus": corpus,
        "runs": {"first": first, "rerun": rerun},
        "results": {
            "wall_s": first["wall_s"],
            "articles": articles,
            "quotes": first["load_counts"]["quotes"],
            "mentions": first["load_counts"]["mentions"],
            "articles_per_s": articles / first["wall_s"],
            "cpu_s": first["cpu_s"],
            "rerun_cpu_s": rerun["cpu_s"],
            "requests": first["requests"]["total"],
            "rerun_wall_s": rerun["wall_s"],
            "rerun_requests": rerun["requests"]["total"],
            "rerun_speedup": first["wall_s"] / rerun["wall_s"],
            "row_counts_unchanged": True,
        },
    }


def table(result: dict[str, Any]) -> str:
    first, rerun = result["runs"]["first"], result["runs"]["rerun"]
    res, corpus, machine = result["results"], result["corpus"], result["machine"]
    header = ["stage", "tasks", "wall s", "CPU s", "max task s", "max in call s", "max peak RSS MB", "re-run wall s"]
    rows = []
    for name in STAGES:
        s, r = first["stages"][name], rerun["stages"][name]
        rows.append(
            [
                name,
                str(s["tasks"]),
                f"{s['wall_s']:.2f}",
                f"{s['cpu_s']:.1f}",
                f"{s['max_task_s']:.2f}",
                f"{s['max_call_s']:.2f}",
                f"{s['max_peak_rss_mb']:.0f}",
                f"{r['wall_s']:.2f}",
            ]
        )
    rows.append(
        ["whole run", "", f"{res['wall_s']:.2f}", f"{res['cpu_s']:.1f}", "", "", "", f"{res['rerun_wall_s']:.2f}"]
    )
    counts = rerun["table_counts"]
    return "\n".join(
        [
            format_table(header, rows),
            f"first run: {res['articles']:,} articles in {res['wall_s']:.1f}s end to end = "
            f"{res['articles_per_s']:.1f} articles/s; {res['quotes']:,} quotes, {res['mentions']:,} mentions; "
            f"{res['requests']:,} requests, all to 127.0.0.1",
            f"re-run of the same day: {res['rerun_wall_s']:.1f}s, {res['rerun_cpu_s']:.0f} CPU s "
            f"({res['rerun_speedup']:.2f}x as fast as the first run), "
            f"{res['rerun_requests']} requests; row counts unchanged "
            f"(articles {counts['articles']:,}, quotes {counts['quotes']:,}, mentions {counts['mentions']:,}, "
            f"fetch_log {counts['fetch_log']:,})",
            f"site: {corpus['outlets']} outlets x {corpus['items_per_outlet']} pages of "
            f"{corpus['page_words_mean']:.0f} words ({corpus['page_words_min']}–{corpus['page_words_max']}), "
            f"{corpus['html_kb_mean']} KB HTML each, RSS items all on {corpus['day']}",
            f"1-min load average (other processes included): {first['loadavg_1min']['start']:.1f} at the start, "
            f"{rerun['loadavg_1min']['end']:.1f} at the end, on {machine['logical_cpus']} CPUs; CPU s is load-proof",
            f"each task its own process, mapped tasks {result['setup']['parallel_tasks']} at a time on CPUs "
            f"{result['setup']['cpu_affinity']}; peak RSS = the task process's VmHWM; "
            f"{machine['cpu_model']}; {machine['python']}",
        ]
    )


def main() -> str:
    result = run()
    path = write_results(NAME, result)
    return f"{table(result)}\nwritten: {path.relative_to(REPO)}"


if __name__ == "__main__":
    print(main())
