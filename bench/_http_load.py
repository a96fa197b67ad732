"""Shared by the HTTP benchmarks: requests per second from a few keep-alive clients against a
local server, bounded by time and by count."""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    rate: float  # requests per second
    done: int
    errors: int  # answers other than 200, and failed connections
    elapsed: float

    def line(self, label: str) -> str:
        errors = f", {self.errors} errors" if self.errors else ""
        return f"{label}: {self.rate:,.0f} requests/s ({self.done} in {self.elapsed:.1f}s{errors})"


def request_rate(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict | None = None,
    clients: int,
    seconds: float,
    max_requests: int,
    warmup: int,
) -> LoadResult:
    """``warmup`` requests first (every worker's caches and imports), then ``clients`` threads
    each on its own keep-alive connection until ``seconds`` pass or ``max_requests`` are done."""
    headers = headers or {}
    lock = threading.Lock()
    counts = {"done": 0, "errors": 0}
    budget = max_requests // clients
    deadline = 0.0

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def client() -> None:
        conn = connect()
        done = errors = 0
        while done < budget and time.monotonic() < deadline:
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = connect()
            done += 1
        conn.close()
        with lock:
            counts["done"] += done
            counts["errors"] += errors

    for _ in range(warmup):
        conn = connect()
        conn.request(method, path, body=body, headers=headers)
        conn.getresponse().read()
        conn.close()
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return LoadResult(counts["done"] / elapsed, counts["done"], counts["errors"], elapsed)
