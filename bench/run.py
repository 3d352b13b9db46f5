"""Run every benchmark in ``bench/`` (``make bench``).

Each ``bench/bench_<name>.py`` module exposes ``main() -> str``: it runs its measurements, writes
``bench/results/<name>.json`` and returns a small table, which this script prints. Benchmarks run in
turn, in name order, in this process, with network access switched off: any attempt to open a
network connection or resolve a host name raises. The exit status is non-zero if any benchmark raised.
"""

from __future__ import annotations

import importlib
import socket
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

BENCH_DIR = Path(__file__).resolve().parent


class NetworkBlockedError(RuntimeError):
    """A benchmark tried to use the network."""


def block_network() -> None:
    """Make every outbound connection, datagram and name lookup fail; local (AF_UNIX) sockets still work."""

    def refuse(what: str) -> Callable[..., NoReturn]:
        def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
            target = next((a for a in args if not isinstance(a, socket.socket)), None)
            raise NetworkBlockedError(f"benchmarks must not use the network: {what}({target!r})")

        return _refuse

    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if self.family != getattr(socket, "AF_UNIX", None):
            refuse("connect")(self, address)
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family != getattr(socket, "AF_UNIX", None):
            refuse("connect_ex")(self, address)
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign, assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign, assignment]
    socket.socket.sendto = refuse("sendto")  # type: ignore[method-assign]
    socket.getaddrinfo = refuse("getaddrinfo")
    socket.gethostbyname = refuse("gethostbyname")
    socket.gethostbyname_ex = refuse("gethostbyname_ex")
    socket.create_connection = refuse("create_connection")


def discover() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))


def main() -> int:
    block_network()
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    from _common import limit_threads

    limit_threads()  # before any benchmark module (and the native libraries it imports) loads
    names = discover()
    if not names:
        print(f"no bench_*.py modules in {BENCH_DIR}", file=sys.stderr)
        return 1
    failed: list[str] = []
    for name in names:
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(name)
            table = module.main()
        except Exception:
            traceback.print_exc()
            failed.append(name)
            print(f"FAILED after {time.perf_counter() - start:.1f}s\n", flush=True)
            continue
        print(table)
        print(f"({time.perf_counter() - start:.1f}s)\n", flush=True)
    if failed:
        print(f"{len(failed)} of {len(names)} benchmarks failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"{len(names)} benchmark(s) done; results in {BENCH_DIR.name}/results/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
