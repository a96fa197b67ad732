"""Django's Redis cache that survives a Redis outage.

A cache outage is never a 500: when Redis refuses a connection or times out, the call is
answered by a cache in this process's memory (Django's LocMemCache) and Redis is left alone for
``RETRY_AFTER`` seconds before it is tried again. Short socket timeouts keep a request from
hanging on an unreachable server. Keys written or deleted while Redis was away are deleted from
Redis when it answers again, so a value that changed during the outage (a rate card's index) is
not served stale from Redis afterwards.

Settings (``CACHES["default"]["OPTIONS"]``): redis-py's ``socket_connect_timeout`` and
``socket_timeout`` (seconds), ``RETRY_AFTER`` (seconds) and ``FALLBACK_MAX_ENTRIES``.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
MAX_PENDING = 10_000


class FallbackRedisCache(RedisCache):
    """RedisCache that falls back to process memory while Redis is unavailable."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        max_entries = int(options.pop("FALLBACK_MAX_ENTRIES", 10_000))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        local_params = {
            key: value for key, value in params.items() if key not in {"BACKEND", "OPTIONS"}
        }
        local_params["OPTIONS"] = {"MAX_ENTRIES": max_entries}
        # One fallback store per process and Redis location, shared by every thread.
        self.local = LocMemCache(f"detailhire-fallback:{server}", local_params)
        self._state = _state_for(str(server))

    # --- the state of the connection, shared by the threads of this process ---

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._state.down_until

    def _went_down(self, exc: Exception, keys=()) -> None:
        state = self._state
        with state.lock:
            if not state.logged:
                log.warning("Redis cache unavailable (%s): using process memory", exc)
                state.logged = True
            state.down_until = time.monotonic() + self.retry_after
            state.last_error = exc.__class__.__name__
            if len(state.pending) + len(keys) <= MAX_PENDING:
                state.pending.update(keys)

    def _came_back(self) -> None:
        """After an outage, before Redis answers again: delete from Redis the keys written or
        deleted meanwhile. Raises (redis's error) while Redis is still unavailable."""
        state = self._state
        if state.down_until == 0.0:
            return
        with state.lock:
            pending = list(state.pending)
        if pending:
            self._cache.delete_many(pending)
        with state.lock:
            state.pending.difference_update(pending)
            state.down_until = 0.0
            state.logged = False
            state.last_error = None
        log.warning("Redis cache available again")

    def _call(self, name: str, raw_keys, *args, **kwargs):
        """Redis's answer to ``name(*args)``, or the local cache's while Redis is unavailable.
        ``raw_keys``: the Redis keys a write touches (deleted from Redis when it comes back)."""
        if self.available:
            try:
                self._came_back()
                return getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as exc:
                self._went_down(exc, raw_keys)
        elif raw_keys:
            with self._state.lock:
                if len(self._state.pending) + len(raw_keys) <= MAX_PENDING:
                    self._state.pending.update(raw_keys)
        return getattr(self.local, name)(*args, **kwargs)

    def _keys(self, keys, version):
        return [self.make_and_validate_key(key, version=version) for key in keys]

    # --- the cache API ---

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", self._keys([key], version), key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", (), key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", self._keys([key], version), key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", self._keys([key], version), key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", self._keys([key], version), key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", (), keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", (), key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", self._keys([key], version), key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = self._keys(list(data), version)
        return self._call("set_many", keys, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", self._keys(keys, version), keys, version)

    def clear(self):
        self.local.clear()
        return self._call("clear", ())

    # --- health ---

    def health(self) -> str:
        """ "ok" when Redis answers a PING now, else "error: <reason>" (the local cache is
        answering meanwhile)."""
        try:
            self._cache.get_client(write=False).ping()
            self._came_back()
        except UNAVAILABLE as exc:
            self._went_down(exc)
            return f"error: {exc.__class__.__name__} (using process memory)"
        return "ok"


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.logged = False
        self.last_error: str | None = None
        self.pending: set[str] = set()


_states: dict[str, _State] = {}
_states_lock = threading.Lock()


def _state_for(server: str) -> _State:
    with _states_lock:
        return _states.setdefault(server, _State())
