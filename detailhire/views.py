from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Each component's state: database, cache, broker. 503 only when the database is down (the
    app cannot answer without it); a cache or broker outage is reported as "degraded" with 200,
    since pages keep answering (the cache falls back to process memory)."""
    components = {
        "database": _database_state(),
        "cache": _cache_state(),
        "broker": _broker_state(),
    }
    if components["database"] != "ok":
        status = "error"
    elif all(_healthy(state) for state in components.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **components}, status=503 if status == "error" else 200)


HEALTHY = {"ok", "filesystem", "memory"}


def _healthy(state: str) -> bool:
    return state in HEALTHY


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _cache_state() -> str:
    """ "ok" (Redis answers), "memory" (a process-memory cache by configuration) or "error: ..."
    (Redis unavailable: the cache answers from process memory meanwhile)."""
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(cache, LocMemCache):
        return "memory"
    health = getattr(cache, "health", None)
    try:
        if health is not None:
            return health()
        cache.set("healthz", "ok", 10)
        return "ok" if cache.get("healthz") == "ok" else "error: not stored"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"error: {exc.__class__.__name__}"


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        return "filesystem"
    if url.startswith("memory://"):
        return "memory"
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=1) as broker:
                broker.ensure_connection(max_retries=1)
        return "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"error: {exc.__class__.__name__}"


def ping(request):
    """A bare JSON answer with no database query: the baseline `make bench` compares the quote
    API against."""
    return JsonResponse({"pong": True})


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None):
    """404: JSON under /api/ (a malformed id in an API URL is still an API answer), the site's
    page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/, the site's page elsewhere (nothing of the error is shown)."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "Something went wrong on our side. Try again later."}, status=500
        )
    from django.views.defaults import server_error as page

    return page(request)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the site's icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)
