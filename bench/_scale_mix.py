"""The concurrent mix of bench/scale.py: several users of every role on gunicorn at once."""

from __future__ import annotations

import os
import threading
import time

from _scale_measure import USERS, targets


def concurrent_mix(url: str, seconds: float, users: int) -> None:
    """``users`` client threads, each a role, for ``seconds`` on gunicorn: p95 and errors."""
    import tempfile
    from pathlib import Path

    import requests
    from quote_api import free_port, server_env, start_server, wait_ready

    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="detailhire-scale-"))
    (var_dir / "static").mkdir()
    env = {**server_env(var_dir), "DATABASE_URL": url}
    server = start_server(env, port)
    try:
        wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        paths = {}
        for role, _label, path in targets():
            paths.setdefault(role, []).append(path)
        sessions = {}
        for role, email in USERS.items():
            sessions[role] = _logged_in(base, email)
        sessions["public"] = requests.Session()
        roles = list(paths)
        times, errors, lock = [], [], threading.Lock()
        stop = time.monotonic() + seconds

        def user(n):
            role = roles[n % len(roles)]
            session, mine, i = sessions[role], paths[role], n
            while time.monotonic() < stop:
                path = mine[i % len(mine)]
                i += 1
                started = time.perf_counter()
                try:
                    status = session.get(base + path, timeout=30).status_code
                except Exception as exc:  # noqa: BLE001 - counted as an error
                    status = repr(exc)
                with lock:
                    times.append((time.perf_counter() - started) * 1000)
                    if status != 200:
                        errors.append((path, status))

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times.sort()
        p95 = times[int(len(times) * 0.95)] if times else 0
        print(
            f"  concurrent mix: {users} users, {seconds:.0f} s, {len(times)} requests, "
            f"p95 {p95:.0f} ms, {len(errors)} errors {errors[:3]}"
        )
    finally:
        os.killpg(server.pid, 15)
        server.wait(10)


def _logged_in(base: str, email: str):
    import requests

    session = requests.Session()
    answer = session.post(
        base + "/api/v1/auth/token/",
        json={"email": email, "password": "detailhire-demo"},
        timeout=30,
    )
    if answer.ok and "token" in answer.json():
        session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session
