"""A real Airflow deployment in miniature for tests: PostgreSQL metadata DB, scheduler, dag-processor and
api-server on 127.0.0.1, LocalExecutor, driven through the Airflow 3 REST API.

* :class:`Postgres`: a throw-away PostgreSQL cluster from the Debian ``postgresql`` package
  (``initdb``/``pg_ctl`` in a temp data dir, loopback only, run as the ``postgres`` user when we are root).
  Missing binaries raise :class:`PostgresMissing` (the test turns that into a failure, never a skip).
* :class:`AirflowCluster`: ``airflow db migrate``, the pool, then the three long-running components, each in
  its own process group; :meth:`AirflowCluster.stop` ends every process it started (group and descendants).
* :class:`Api`: a JWT from the simple auth manager's ``POST /auth/token`` and the ``/api/v2`` calls the
  tests need (unpause, trigger, poll, task instances).

Everything binds 127.0.0.1 on free ports and lives in temp dirs; nothing touches the checkout's ``data/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
POOL = "newswatch_duckdb"
APT_HINT = "apt-get install -y --no-install-recommends postgresql"


class PostgresMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.5) -> Any:
    """Poll ``check`` until it returns something truthy; raise TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (requests.RequestException, OSError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


def parse_ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


# --------------------------------------------------------------------------------------------------
# PostgreSQL


def postgres_bindir() -> Path:
    """The directory holding initdb/pg_ctl/postgres: PATH first, then Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []

    def version(p: Path) -> int:
        return int(p.parent.name) if p.parent.name.isdigit() else 0

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for d in candidates:
        if all((d / exe).is_file() and os.access(d / exe, os.X_OK) for exe in ("initdb", "pg_ctl", "postgres")):
            return d
    raise PostgresMissing(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were found neither on PATH nor in "
        f"/usr/lib/postgresql/*/bin. This test needs a real PostgreSQL server: `{APT_HINT}`."
    )


@dataclass
class Postgres:
    """A private PostgreSQL cluster on 127.0.0.1:<free port>, trust auth for user ``airflow``."""

    bindir: Path = field(default_factory=postgres_bindir)
    port: int = field(default_factory=free_port)
    user: str = "airflow"
    base: Path = field(init=False)
    _run_as: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # /tmp, not pytest's tmp_path: root's pytest dirs are 0700, which the postgres user cannot traverse.
        self.base = Path(tempfile.mkdtemp(prefix="newswatch-pg-"))
        if os.geteuid() == 0:  # postgres refuses to run as root
            for name in ("postgres", "nobody"):
                try:
                    pw = pwd.getpwnam(name)
                except KeyError:
                    continue
                self._run_as = name
                os.chmod(self.base, 0o700)
                os.chown(self.base, pw.pw_uid, pw.pw_gid)
                break
            else:
                raise PostgresMissing("running as root and neither a 'postgres' nor a 'nobody' user exists")

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"

    def _run(self, args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, Any] = {}
        if self._run_as:
            pw = pwd.getpwnam(self._run_as)
            kwargs = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        proc = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.base, **kwargs
        )
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n{log}")
        return proc

    def start(self) -> str:
        """initdb + pg_ctl start; returns the SQLAlchemy URL of a fresh database ``airflow``."""
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        opts = (
            f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                opts,
                "-w",
                "-t",
                "60",
                "start",
            ],
            timeout=90,
        )
        import psycopg2  # the Airflow metadata driver; a missing one fails here with ModuleNotFoundError

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        try:
            con.autocommit = True
            con.cursor().execute("CREATE DATABASE airflow")
        finally:
            con.close()
        return f"postgresql+psycopg2://{self.user}@127.0.0.1:{self.port}/airflow"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():  # pg_ctl failed: kill the postmaster we started
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            shutil.rmtree(self.base, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# Airflow


@dataclass
class Service:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class AirflowCluster:
    """scheduler + dag-processor + api-server sharing one env (LocalExecutor, Postgres, simple auth)."""

    home: Path
    sql_alchemy_conn: str
    extra_env: Mapping[str, str]
    parallelism: int = 4
    bin_dir: Path = VENV_BIN  # the environment whose `airflow` runs (another venv to try another package set)
    api_port: int = field(default_factory=free_port)
    services: list[Service] = field(default_factory=list)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}  # e.g. tests/dags' home
        return {
            **inherited,
            "PATH": f"{self.bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.sql_alchemy_conn,
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API__BASE_URL": self.base_url,
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
            # One secret for every component: the scheduler signs task tokens that the api-server checks.
            "AIRFLOW__API_AUTH__JWT_SECRET": self._jwt_secret,
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.home / "passwords.json"),
            # Only the runs the test triggers: no scheduled run of the live sources.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(self._log_port),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self._trigger_log_port),
            **self.extra_env,
        }

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self._jwt_secret = secrets.token_urlsafe(32)
        self._log_port = free_port()
        self._trigger_log_port = free_port()
        # Pre-seeded, so the api-server neither generates nor prints a password.
        (self.home / "passwords.json").write_text(json.dumps({"admin": self.password}) + "\n")

    def airflow(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(self.bin_dir / "airflow"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"airflow {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            )
        return proc

    def migrate(self) -> None:
        """``airflow db migrate``: the first half of the init step in docker-compose.yml."""
        self.airflow("db", "migrate", timeout=300)

    def create_pool(self) -> None:
        """The second half: the one-slot pool that serialises the DuckDB tasks (same command as compose)."""
        self.airflow("pools", "set", POOL, "1", "single DuckDB writer")

    def start(self) -> None:
        logs = self.home / "service-logs"
        logs.mkdir(exist_ok=True)
        for name, args in (
            ("api-server", ["api-server", "--host", "127.0.0.1", "--port", str(self.api_port), "--workers", "1"]),
            ("scheduler", ["scheduler"]),
            ("dag-processor", ["dag-processor"]),
        ):
            log = logs / f"{name}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [str(self.bin_dir / "airflow"), *args],
                    env=self.env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            self.services.append(Service(name, proc, log))

    def check_alive(self) -> None:
        for s in self.services:
            if s.proc.poll() is not None:
                raise RuntimeError(f"airflow {s.name} exited with {s.proc.returncode}:\n{self.tail(s)}")

    def tail(self, service: Service, chars: int = 4000) -> str:
        return service.log.read_text(errors="replace")[-chars:] if service.log.exists() else ""

    def tails(self) -> str:
        return "\n".join(f"----- {s.name} -----\n{self.tail(s)}" for s in self.services)

    def stop(self) -> None:
        """TERM each process group, wait, then KILL whatever is left, descendants that left the group included."""
        procs: list[psutil.Process] = []
        for s in self.services:
            try:
                root = psutil.Process(s.proc.pid)
                procs += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
            with contextlib.suppress(ProcessLookupError):
                os.killpg(s.proc.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(procs, timeout=20)
        for p in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        for s in self.services:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(s.proc.pid, signal.SIGKILL)
            s.proc.wait(timeout=10)
        psutil.wait_procs(alive, timeout=10)


# --------------------------------------------------------------------------------------------------
# REST API (Airflow 3: /api/v2, JWT bearer tokens from the auth manager)


class Api:
    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.username, self.password = username, password

    def login(self) -> None:
        """Simple auth manager: POST /auth/token {username, password} -> 201 {access_token}."""
        r = self.session.post(
            f"{self.base_url}/auth/token", json={"username": self.username, "password": self.password}, timeout=10
        )
        r.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        r = self.session.request(method, f"{self.base_url}/api/v2{path}", timeout=30, **kwargs)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path} -> {r.status_code}: {r.text[:2000]}")
        return r.json() if r.content else None

    def healthy(self) -> bool:
        r = self.session.get(f"{self.base_url}/api/v2/monitor/health", timeout=5)
        return r.status_code == 200

    def dag(self, dag_id: str) -> dict[str, Any] | None:
        r = self.session.get(f"{self.base_url}/api/v2/dags/{dag_id}", timeout=10)
        return r.json() if r.status_code == 200 else None

    def unpause(self, dag_id: str) -> None:
        body = self.request("PATCH", f"/dags/{dag_id}", json={"is_paused": False})
        assert body["is_paused"] is False, body

    def trigger(self, dag_id: str, run_id: str, logical_date: str, conf: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "POST",
            f"/dags/{dag_id}/dagRuns",
            json={"dag_run_id": run_id, "logical_date": logical_date, "conf": conf},
        )
        return body

    def dag_run(self, dag_id: str, run_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
        return body

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        body = self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", params={"limit": 1000})
        return list(body["task_instances"])


def intervals_overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def safe_run_dir(run_id: str) -> str:
    """The run folder name the pipeline derives from a run id (newswatch.pipeline.plan_run)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id)
