"""``make run``: migrate, load the demo data, then run the web server, a Celery worker and Celery
beat together on the embedded defaults (SQLite, filesystem broker). Ctrl-C stops all three.

Each child runs in its own process group, so the supervisor alone decides how they stop: on
SIGINT/SIGTERM it sends SIGTERM to each (a Celery process then stops its own pool), waits, then
kills whatever is left of each group. If one child
dies, the others are stopped too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
STOP_GRACE_SECONDS = 10
DEMO_PASSWORD = "detailhire-demo"  # noqa: S105 - the published demo password (docs/api.md)
DEMO_LOGINS = [
    ("admin@nopd.demo", "NOPD agency admin"),
    ("coordinator@nopd.demo", "NOPD coordinator"),
    ("officer1@nopd.demo … officer12@nopd.demo", "NOPD officers"),
    ("admin@asheville.demo", "Asheville agency admin"),
    ("coordinator@asheville.demo", "Asheville coordinator"),
    ("officer1@asheville.demo … officer8@asheville.demo", "Asheville officers"),
    ("customer@acme.demo", 'customer, "Acme Events"'),
    ("customer@bistro.demo", 'customer, "Bistro Row"'),
]


def say(message: str) -> None:
    print(f"make run | {message}", flush=True)


def run_step(*args: str) -> None:
    say(" ".join(("manage.py",) + args))
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def ensure_broker_folders() -> None:
    import django

    django.setup()
    from detailhire.celery import ensure_broker_folders as ensure

    ensure()


class Child:
    def __init__(self, name: str, args: list[str], *, stop_whole_group: bool = False):
        self.name = name
        self.stop_whole_group = stop_whole_group  # else the leader stops its own children
        self.process = subprocess.Popen(  # noqa: S603
            args,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            text=True,
            bufsize=1,
        )
        self.reader = threading.Thread(target=self._relay, daemon=True)
        self.reader.start()

    def _relay(self) -> None:
        for line in self.process.stdout:
            sys.stdout.write(f"{self.name:>6} | {line}")
            sys.stdout.flush()

    def signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def stop(self) -> None:
        if self.stop_whole_group:
            self.signal(signal.SIGTERM)
        elif self.process.poll() is None:
            self.process.terminate()

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


def wait_for_web(url: str, children: list[Child], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(child.process.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def banner(url: str) -> None:
    width = max(len(login) for login, _ in DEMO_LOGINS)
    lines = [
        "",
        "=" * 72,
        f"DetailHire is running at {url}/",
        f"  API docs {url}/api/docs/   admin {url}/admin/   health {url}/healthz",
        f"Demo logins (password: {DEMO_PASSWORD}):",
        *(f"  {login:<{width}}  {role}" for login, role in DEMO_LOGINS),
        "Web server, Celery worker and Celery beat are running. Press Ctrl-C to stop all of them.",
        "=" * 72,
        "",
    ]
    print("\n".join(lines), flush=True)


def stop_all(children: list[Child]) -> None:
    for child in children:
        child.stop()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline and any(child.group_alive() for child in children):
        for child in children:
            child.process.poll()
        time.sleep(0.2)
    for child in children:
        if child.group_alive():
            say(f"{child.name} did not stop in {STOP_GRACE_SECONDS}s: killing it")
            child.signal(signal.SIGKILL)
        child.process.wait()
        child.reader.join(timeout=2)


def main() -> int:
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "detailhire.settings")
    os.environ["PYTHONUNBUFFERED"] = "1"
    var = Path(os.environ.get("DETAILHIRE_VAR_DIR", ROOT / "var"))
    (var / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
    os.environ.setdefault("EMAIL_FILE_PATH", str(var / "mail"))
    sys.path.insert(0, str(ROOT))
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    url = f"http://{host}:{port}"

    if not port_free(host, port):
        say(f"port {port} on {host} is in use: stop what runs there or try `PORT=8001 make run`")
        return 1
    try:
        run_step("migrate", "--noinput")
        run_step("seed_demo")
    except subprocess.CalledProcessError as exc:
        say(f"set-up failed (exit {exc.returncode}); nothing was started")
        return 1
    ensure_broker_folders()

    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    celery = str(BIN / "celery")
    children = [
        # runserver's autoreloader parent does not stop its child on SIGTERM: stop the group.
        Child("web", [PYTHON, "manage.py", "runserver", f"{host}:{port}"], stop_whole_group=True),
        Child(
            "worker",
            # One process (solo pool): concurrency 1, quick to start and stop.
            [
                celery,
                "-A",
                "detailhire",
                "worker",
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        ),
        Child(
            "beat",
            [
                celery,
                "-A",
                "detailhire",
                "beat",
                "--loglevel",
                "INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
        ),
    ]
    exit_code = 0
    try:
        if wait_for_web(f"{url}/healthz", children):
            banner(url)
        elif not stopping.is_set():
            say("the web server did not answer /healthz; stopping")
            exit_code = 1
            stopping.set()
        while not stopping.is_set():
            dead = [child for child in children if child.process.poll() is not None]
            if dead:
                say(f"{dead[0].name} exited with {dead[0].process.returncode}; stopping the rest")
                exit_code = 1
                break
            stopping.wait(0.5)
    finally:
        say("stopping web, worker and beat …")
        stop_all(children)
        say("stopped")
    return exit_code


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:  # Ctrl-C during set-up, before anything was started
        say("interrupted")
        raise SystemExit(130) from None
