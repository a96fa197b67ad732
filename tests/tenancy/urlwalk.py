"""Walk a URL conf: every pattern, its full route, its kwargs, and how to build a URL for it.

Used by the tenancy URL-walk test (test_url_walk.py) and its self-test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

_PATH_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    route: str  # the full route, as written: "api/v1/jobs/<int:pk>/"
    kwargs: tuple[str, ...]  # names of the captured arguments, in order
    name: str | None  # "namespace:name" when named
    callback: Callable
    regex: bool  # some level is a regular expression (re_path)
    default_kwargs: tuple[tuple[str, object], ...] = ()

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        from rest_framework.views import APIView

        cls = getattr(self.callback, "cls", None)
        return isinstance(cls, type) and issubclass(cls, APIView)

    @property
    def methods(self) -> tuple[str, ...]:
        """HTTP methods worth trying: GET always; POST when the view may accept it."""
        actions = getattr(self.callback, "actions", None)  # DRF viewsets
        if actions is not None:
            allowed = set(actions)
        elif self.view_class is not None:
            allowed = {m for m in ("get", "post") if hasattr(self.view_class, m)}
        else:  # a function view: cannot tell, try both
            allowed = {"get", "post"}
        return tuple(m for m in ("get", "post") if m in allowed or m == "get")

    def __str__(self) -> str:
        return f"/{self.route}" + (f" ({self.name})" if self.name else "")


def walk(urlconf: str | None = None) -> list[Route]:
    """Every URL pattern of ``urlconf`` (the project's by default), includes followed."""
    return list(_walk(get_resolver(urlconf).url_patterns, "", (), None, False))


def _walk(patterns, prefix: str, kwargs: tuple, namespace: str | None, regex: bool) -> Iterator:
    for entry in patterns:
        part, names, is_regex = _describe(entry.pattern)
        route = prefix + part
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, route, kwargs + names, inner, regex or is_regex)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(
                route=route,
                kwargs=kwargs + names,
                name=name,
                callback=entry.callback,
                regex=regex or is_regex,
                default_kwargs=tuple(sorted((entry.default_args or {}).items())),
            )


def _describe(pattern) -> tuple[str, tuple[str, ...], bool]:
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        return route, tuple(m.group("name") for m in _PATH_PARAM.finditer(route)), False
    if isinstance(pattern, RegexPattern):
        text = pattern._regex
        return text, tuple(pattern.regex.groupindex), True
    return str(pattern), (), False


def build_url(route: Route, values: dict) -> str:
    """The URL of ``route`` with ``values`` for its kwargs."""
    if not route.regex:
        return "/" + _PATH_PARAM.sub(lambda m: str(values[m.group("name")]), route.route)
    if not route.name:
        raise ValueError(f"{route}: a re_path route with arguments needs a name to be walked.")
    return reverse(route.name, kwargs={k: values[k] for k in route.kwargs})


# --- visiting ------------------------------------------------------------------------------------

FOREIGN_OBJECT_STATUSES = frozenset({403, 404, 405})


def visit(route: Route, url: str, actors, markers, allowed=None, methods=None) -> list[str]:
    """Request ``url`` as each of ``actors`` ((label, user) pairs) with every method the route may
    take: by session, and also by API token for API routes. Returns the problems found: a status
    outside ``allowed`` (None: any status below 500), or one of ``markers`` in the body.
    ``methods`` limits the methods tried (default: ``route.methods``)."""
    from django.test import Client

    from tests.tenants import token_for

    problems = []
    for label, user in actors:
        clients = []
        session = Client()
        session.force_login(user)
        clients.append(("session", session, {}))
        if route.is_api:
            clients.append(("token", Client(), {"HTTP_AUTHORIZATION": f"Token {token_for(user)}"}))
        for how, client, headers in clients:
            for method in methods or route.methods:
                kwargs = (
                    {"content_type": "application/json", "data": "{}"} if method == "post" else {}
                )
                response = getattr(client, method)(url, **kwargs, **headers)
                status = response.status_code
                where = f"{method.upper()} {url} as {label} ({how})"
                if allowed is None and status >= 500:
                    problems.append(f"{where}: {status}")
                elif allowed is not None and status not in allowed:
                    problems.append(f"{where}: {status}, expected one of {sorted(allowed)}")
                body = _text(response)
                leaked = [marker for marker in markers if marker and marker in body]
                if leaked:
                    problems.append(f"{where}: shows another tenant's data {leaked}")
    return problems


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
