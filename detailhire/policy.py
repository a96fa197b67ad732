"""One authorization policy: may this actor do this action on this object?

Every "who may" question of the product is answered here, by name, for pages, the API, admin
actions, services and tasks alike. The platform holds only the mechanism; each domain app
registers its own actions in its ``rules.py`` (imported by its ``AppConfig.ready``)::

    # jobs/rules.py
    from detailhire import policy

    @policy.action("job.approve", "Only the agency's coordinators and admins may approve jobs.")
    def may_approve(actor, job):
        ids = roles_of(actor).staff_agency_ids
        return bool(ids) and (job is None or job.agency_id in ids)

A check receives ``(actor, obj)``; ``obj`` is ``None`` when the question is "may this actor do
this kind of thing at all" (the role-level question a DRF permission class or a page guard asks
before the object is loaded). Checks are pure questions: no writes, no exceptions.

How each caller asks:

- services: ``policy.require(actor, "job.approve", job)`` raises ``NotAllowed`` (a 403 with the
  action's message) before any change;
- API views: ``permission_classes = [policy.Can("job.approve")]`` (role-level before the view,
  object-level through ``check_object_permissions``), or the service's own ``require``;
- pages: the ``@policy.guard("job.approve")`` decorator (login required, then the role-level
  question), and the service's ``require`` for the object;
- templates: ``policy.allows(user, "job.cancel", job)`` in the view's context ("show the button").

Tenancy is not decided here: an object of another tenant is never loaded (the scoped managers of
``detailhire.tenancy`` answer 404 first). The policy decides what a caller may do with objects it
can see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from rest_framework.permissions import BasePermission

from detailhire.errors import PermissionDenied

__all__ = ["Can", "NotAllowed", "action", "allows", "guard", "registered", "require"]

Check = Callable[[Any, Any], bool]


class NotAllowed(PermissionDenied):
    """The actor may not do this (a 403 with a sentence the user can read)."""


@dataclass(frozen=True)
class Action:
    name: str
    message: str
    check: Check


_ACTIONS: dict[str, Action] = {}


def action(name: str, message: str) -> Callable[[Check], Check]:
    """Register the check for ``name`` (``"<object>.<verb>"``) with the sentence a refused actor
    reads. Registering a name twice is a programming error."""

    def register(check: Check) -> Check:
        if name in _ACTIONS and _ACTIONS[name].check is not check:
            raise ValueError(f"The action {name!r} is already registered.")
        _ACTIONS[name] = Action(name, message, check)
        return check

    return register


def registered() -> dict[str, Action]:
    """Every registered action, by name (the tests walk it)."""
    return dict(_ACTIONS)


def _action(name: str) -> Action:
    try:
        return _ACTIONS[name]
    except KeyError:
        raise LookupError(f"No action {name!r} is registered (see the apps' rules.py).") from None


def allows(actor, name: str, obj: Any = None) -> bool:
    """May ``actor`` (a user, anonymous, or None for the system) do ``name`` to ``obj``?

    The system (``actor=None``: sweeps and tasks acting on their own) may do everything: it acts
    on deadlines the product itself enforces."""
    found = _action(name)
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", True):
        return False
    return bool(found.check(actor, obj))


def require(actor, name: str, obj: Any = None) -> None:
    """Raise ``NotAllowed`` (with the action's message) unless ``allows(actor, name, obj)``."""
    if not allows(actor, name, obj):
        raise NotAllowed(_action(name).message)


def message(name: str) -> str:
    return _action(name).message


def Can(name: str) -> type[BasePermission]:  # noqa: N802 - used like a class in permission_classes
    """A DRF permission class for ``name``: the role-level question for the view, the object-level
    one for ``check_object_permissions``. A refusal answers 403 with the action's message."""

    class _Can(BasePermission):
        def has_permission(self, request, view) -> bool:
            return allows(request.user, name)

        def has_object_permission(self, request, view, obj) -> bool:
            return allows(request.user, name, obj)

    _Can.message = property(lambda self: message(name))
    _Can.__name__ = _Can.__qualname__ = f"Can[{name}]"
    return _Can


def guard(name: str, *, hide: bool = False) -> Callable:
    """The one guard for page views: an anonymous visitor is sent to log in; a signed-in user
    the action is not for gets 403 with its message (``hide=True``: 404, where even saying "not
    for you" would tell that the object exists). The object-level question is asked by the
    service (or by ``require`` in the view once the object is loaded)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if hide and not allows(request.user, name):
                raise Http404("Not found.")
            require(request.user, name)
            return view(request, *args, **kwargs)

        wrapper.policy_action = name
        return wrapper

    return decorate
