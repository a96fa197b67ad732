"""The concurrent mix of bench/scale.py: users of every role on gunicorn at once, each logged in
as a browser is (a session cookie; API calls carry the user's token too), reading its role's
pages in turn with a pause between two clicks, as people do. Reports the p95 of the answers'
times seen by the clients and every answer that is not a 200 (a redirect to the login page
included) as an error."""

from __future__ import annotations

import os
import random
import threading
import time

from _scale_measure import USERS, targets

MIX_TARGET_MS = 300  # p95 of the concurrent mix, with no error


def concurrent_mix(url: str, seconds: float, users: int, think: float) -> bool:
    """``users`` client threads, each a role, for ``seconds`` on gunicorn, each waiting between
    0.5 and 1.5 times ``think`` seconds between two requests: p95 and errors."""
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
        roles = list(paths)
        times, errors, lock = [], [], threading.Lock()
        by_role: dict[str, list[float]] = {role: [] for role in roles}
        by_path: dict[str, list[float]] = {}
        warm = threading.Barrier(users + 1)
        stop = [0.0]

        def user(n):
            role = roles[n % len(roles)]
            session = _logged_in(base, USERS[role]) if role in USERS else requests.Session()
            mine, i, pause = paths[role], n, random.Random(n)  # noqa: S311 - not security
            for path in mine:  # warm: every worker has served every page once (the measured
                _get(session, base + path)  # single-user figures are warm too)
            warm.wait()
            time.sleep(pause.uniform(0, think))  # users do not all click at the same moment
            while time.monotonic() < stop[0]:
                path = mine[i % len(mine)]
                i += 1
                started = time.perf_counter()
                status = _get(session, base + path)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    times.append(took)
                    by_role[role].append(took)
                    by_path.setdefault(f"{role} {path}", []).append(took)
                    if status != "ok":
                        errors.append((path, status))
                time.sleep(pause.uniform(0.5, 1.5) * think)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for t in threads:
            t.start()
        warm.wait()
        stop[0] = time.monotonic() + seconds
        cpu_before = _cpu_seconds(server.pid)
        for t in threads:
            t.join()
        cpu = _cpu_seconds(server.pid) - cpu_before
        print(
            f"  concurrent mix: {users} users, {seconds:.0f} s, pause {think:g} s, "
            f"{len(times)} requests ({len(times) / seconds:.1f}/s), p50 {_pct(times, 50):.0f} ms, "
            f"p95 {_pct(times, 95):.0f} ms, {len(errors)} errors {errors[:3]}"
        )
        print(
            "    p95 by role: "
            + ", ".join(f"{role} {_pct(found, 95):.0f} ms" for role, found in by_role.items())
        )
        if times and cpu > 0:
            per_request = cpu * 1000 / len(times)
            print(
                f"    server CPU: {per_request:.0f} ms a request (the web processes; "
                f"{os.cpu_count()} cores answer about {os.cpu_count() * 1000 / per_request:.0f} "
                f"requests/s on their own; load average {os.getloadavg()[0]:.1f} meanwhile)"
            )
        slowest = sorted(by_path.items(), key=lambda item: -_pct(item[1], 95))[:5]
        print(
            "    slowest p95: "
            + ", ".join(f"{name} {_pct(found, 95):.0f} ms" for name, found in slowest)
        )
        return bool(times) and not errors and _pct(times, 95) < MIX_TARGET_MS
    finally:
        os.killpg(server.pid, 15)
        server.wait(10)


def _get(session, url: str):
    """The string "ok" for a 200 or a redirect inside the site (the officer's home leads to
    the board); else the status, a redirect to the login page, or the exception."""
    try:
        answer = session.get(url, timeout=30, allow_redirects=False)
    except Exception as exc:  # noqa: BLE001 - counted as an error
        return repr(exc)
    if answer.status_code == 200:
        return "ok"
    where = answer.headers.get("Location", "")
    if answer.status_code == 302 and where.startswith("/") and "login" not in where:
        return "ok"
    return f"{answer.status_code} {where}".strip()


def _cpu_seconds(group: int) -> float:
    """CPU time used so far by the processes of the process group ``group`` (Linux /proc;
    0 elsewhere)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # after the name: state, ppid, pgrp, ... utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))] if ordered else 0.0


def _logged_in(base: str, email: str):
    """A client logged in as ``email``: the session cookie Django would have set at login
    (made here on the same database) and the user's API token."""
    import requests
    from django.test import Client

    from accounts.models import User

    browser = Client()
    browser.force_login(User._base_manager.get(email=email))
    session = requests.Session()
    session.cookies.set("sessionid", browser.cookies["sessionid"].value)
    answer = session.post(
        base + "/api/v1/auth/token/",
        json={"email": email, "password": "detailhire-demo"},
        timeout=30,
    )
    if answer.ok and "token" in answer.json():
        session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session
