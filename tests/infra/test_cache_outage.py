"""A Redis outage is never a 500: the cache answers from process memory while Redis is away,
and /healthz reports the cache as down (200: only a database outage is a 503)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client

from detailhire.cache import FallbackRedisCache
from tests.fixtures import client_for, demo  # noqa: F401 - the demo fixture
from tests.jobs.helpers import nopd_body

PASSWORD = "detailhire-demo"
QUOTE = {
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
}


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "detailhire.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "RETRY_AFTER": 5},
        }
    }


@pytest.fixture
def private_redis():
    """A Redis server of this test's own on a free port (so killing it harms no one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = unused_port()
    process = subprocess.Popen(  # noqa: S603 - the machine's redis-server
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.kill()
        process.wait()


def exercise(demo, check):  # noqa: F811 - the fixture's value
    """Quote (API and page), rates, booking, the board and login (HTML and API): none is a 500."""
    answers = {}
    anonymous = Client()
    answers["quote api"] = anonymous.post(
        "/api/v1/agencies/nopd/quotes/", QUOTE, content_type="application/json"
    )
    answers["quote page"] = anonymous.get("/a/nopd/quote/")
    answers["rates"] = anonymous.get("/a/nopd/rates/")
    answers["booking"] = client_for(demo.customer).post("/api/v1/jobs/", nopd_body(), format="json")
    officer = Client()
    officer.force_login(demo.user("officer1@nopd.demo"))
    answers["board"] = officer.get("/officer/board/")
    login = Client()
    answers["login"] = login.post(
        "/accounts/login/", {"login": "customer@acme.demo", "password": PASSWORD}
    )
    answers["token"] = Client().post(
        "/api/v1/auth/token/",
        {"email": "customer@acme.demo", "password": PASSWORD},
        content_type="application/json",
    )
    statuses = {name: response.status_code for name, response in answers.items()}
    check(statuses)
    return answers


def all_answer(statuses):
    assert statuses == {
        "quote api": 200,
        "quote page": 200,
        "rates": 200,
        "booking": 201,
        "board": 200,
        "login": 302,
        "token": 200,
    }


def test_with_the_cache_redis_pointed_away_pages_and_api_keep_answering(demo, settings):  # noqa: F811
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{unused_port()}/0")
    started = time.monotonic()
    exercise(demo, all_answer)
    assert time.monotonic() - started < 30
    health = Client().get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["database"] == "ok"
    assert body["cache"].startswith("error: ConnectionError")
    assert body["status"] == "degraded"


def test_killing_the_cache_redis_during_requests(demo, settings, private_redis):  # noqa: F811
    process, url = private_redis
    settings.CACHES = redis_cache_settings(url)
    assert Client().get("/healthz").json()["cache"] == "ok"
    exercise(demo, all_answer)
    import redis

    assert redis.Redis.from_url(url).dbsize() > 0  # the cache was Redis before the outage
    process.kill()
    process.wait()
    exercise(demo, all_answer)
    health = Client().get("/healthz")
    assert health.status_code == 200
    assert health.json()["cache"].startswith("error: ConnectionError")


def test_fallback_cache_answers_every_call_while_redis_is_down():
    cache = FallbackRedisCache(
        f"redis://127.0.0.1:{unused_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.25, "RETRY_AFTER": 60}},
    )
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache.add("b", 2) is True and cache.add("b", 3) is False
    assert cache.incr("b") == 3
    cache.set_many({"c": 4, "d": 5})
    assert cache.get_many(["c", "d", "e"]) == {"c": 4, "d": 5}
    assert cache.has_key("c") and cache.touch("c", 10)
    cache.delete("c")
    cache.delete_many(["d"])
    assert cache.get("c") is None and cache.get("d") is None
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.health().startswith("error: ConnectionError")
    cache.clear()


def test_keys_changed_during_an_outage_are_forgotten_by_redis_when_it_returns(private_redis):
    """A value changed while Redis was away (a rate card's index) is not served stale from Redis
    after it comes back."""
    process, url = private_redis
    cache = FallbackRedisCache(url, {"OPTIONS": {"RETRY_AFTER": 0}})
    cache.set("index", "old")
    state = cache._state
    state.down_until = time.monotonic() + 3600  # as if a call had just failed
    cache.delete("index")
    assert cache.get("index") is None
    state.down_until = time.monotonic() - 1
    assert cache.get("index") is None  # Redis forgot it on coming back
    assert cache.health() == "ok"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
@pytest.mark.django_db
def test_the_configured_redis_is_the_cache_and_healthz_reports_it():
    import redis

    cache = caches["default"]
    assert isinstance(cache, FallbackRedisCache)
    cache.set("healthz-probe", "stored", 30)
    key = cache.make_key("healthz-probe")
    assert redis.Redis.from_url(os.environ["REDIS_URL"]).exists(key) == 1
    body = Client().get("/healthz").json()
    assert body["cache"] == "ok" and body["status"] == "ok"
