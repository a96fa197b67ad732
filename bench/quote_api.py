"""Requests per second of ``POST /api/v1/agencies/nopd/quotes/`` against the bare JSON endpoint
``GET /api/v1/ping/`` on the same server (gunicorn on a free loopback port, a fresh SQLite
database with the shipped NOPD card). Target ratio >= 0.7: a quote costs no database query beyond
the cached card. Bounded in requests and time; stops by itself."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT
from _http_load import request_rate

TARGET_RATIO = 0.7
CLIENTS = 4
SECONDS = 4.0
MAX_REQUESTS = 40_000
WARMUP = 200
QUOTE_BODY = json.dumps(
    {
        "requested_at": "2027-02-01T09:00:00-06:00",
        "shifts": [
            {
                "starts_at": "2027-03-10T18:00:00-06:00",
                "ends_at": "2027-03-10T22:00:00-06:00",
                "officers": 2,
            }
        ],
        "rank": "officer",
        "tier": "3",
        "job_type": "hourly",
    }
).encode()
ENDPOINTS = {
    "ping": ("GET", "/api/v1/ping/", None),
    "quote": ("POST", "/api/v1/agencies/nopd/quotes/", QUOTE_BODY),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ENV"}}
    env.update(
        DJANGO_SETTINGS_MODULE="detailhire.settings",
        DETAILHIRE_VAR_DIR=str(var_dir),
        DJANGO_DEBUG="false",  # no query log, production-like request path
        LOG_LEVEL="WARNING",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'bench.sqlite3'}")
    return env


def prepare(env: dict[str, str]) -> None:
    bin_dir = Path(sys.executable).parent
    for args in (
        ["manage.py", "migrate", "--noinput", "-v", "0"],
        ["manage.py", "load_ratecard", str(ROOT / "agencies" / "cards" / "nopd.json")],
    ):
        subprocess.run(  # noqa: S603
            [str(bin_dir / "python"), *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "detailhire.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--no-control-socket",
            "--log-level",
            "warning",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("quote_api: the server exited before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/ping/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("quote_api: the server did not answer in time")


def check_quote(port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    method, path, body = ENDPOINTS["quote"]
    conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = response.read()
    if response.status != 200:
        raise SystemExit(f"quote_api: quote answered {response.status}: {payload[:300]!r}")
    print(f"quote_api: quote total {json.loads(payload)['total']}")


def load(port: int, name: str) -> float:
    """Requests per second from CLIENTS keep-alive connections, bounded by time and count."""
    method, path, body = ENDPOINTS[name]
    result = request_rate(
        port,
        method,
        path,
        body=body,
        headers={"Content-Type": "application/json"} if body else {},
        clients=CLIENTS,
        seconds=SECONDS,
        max_requests=MAX_REQUESTS,
        warmup=WARMUP,  # warm every worker's card cache and imports
    )
    print(result.line(f"quote_api: {name}"))
    return result.rate


def main() -> bool:
    var_dir = Path(tempfile.mkdtemp(prefix="detailhire-bench-"))
    (var_dir / "static").mkdir()  # whitenoise looks for STATIC_ROOT
    server = None
    try:
        env = server_env(var_dir)
        prepare(env)
        port = free_port()
        server = start_server(env, port)
        wait_ready(port, server)
        check_quote(port)
        ping = load(port, "ping")
        quotes = load(port, "quote")
        ratio = quotes / ping if ping else 0.0
        ok = ratio >= TARGET_RATIO
        verdict = "meets target" if ok else "BELOW TARGET"
        print(f"quote_api: quote/ping ratio {ratio:.2f} (target {TARGET_RATIO}) {verdict}")
        return ok
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
