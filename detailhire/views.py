from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 when the database answers; the broker's state is reported beside it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        database = f"error: {exc.__class__.__name__}"
    broker = _broker_state()
    status = "ok" if database == "ok" else "error"
    return JsonResponse(
        {"status": status, "database": database, "broker": broker},
        status=200 if status == "ok" else 503,
    )


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        return "filesystem"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
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
