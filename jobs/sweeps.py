"""The registry of deadline sweeps.

A sweep is a function ``fn(now) -> int | list[str]`` that acts on every row whose deadline has
passed as of ``now`` (an aware UTC datetime) and reports what it did: a count, or one line per
action. Sweeps are idempotent (docs/architecture.md): each re-selects its rows for update, re-checks
their state and a "done" marker, so running one twice, or concurrently, changes nothing more.

Register a sweep in any installed app's ``sweeps`` module (found by ``autodiscover``)::

    from jobs.sweeps import register

    @register("lead-time", "unapproved jobs released past their lead time")
    def release_late_jobs(now):
        ...
        return released_count

``run_all(now)`` runs each registered sweep once, in registration order; ``manage.py sweep`` and
the Celery beat task ``jobs.tasks.sweep`` both call it. One failing sweep does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

logger = logging.getLogger(__name__)

SweepFunction = Callable[[datetime], "int | list[str]"]


@dataclass(frozen=True)
class Sweep:
    name: str
    description: str
    function: SweepFunction


@dataclass(frozen=True)
class SweepResult:
    name: str
    description: str
    count: int = 0
    actions: tuple[str, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def summary(self) -> str:
        if self.error:
            return f"{self.name}: FAILED: {self.error}"
        return f"{self.name}: {self.count} {self.description}"


@dataclass
class Registry:
    sweeps: dict[str, Sweep] = field(default_factory=dict)

    def register(self, name: str, description: str) -> Callable[[SweepFunction], SweepFunction]:
        def decorator(function: SweepFunction) -> SweepFunction:
            existing = self.sweeps.get(name)
            if existing is not None and existing.function is not function:
                same = (existing.function.__module__, existing.function.__qualname__) == (
                    function.__module__,
                    function.__qualname__,
                )
                if not same:  # a module re-imported under reload is the same sweep
                    raise ValueError(f"A sweep named {name!r} is already registered.")
            self.sweeps[name] = Sweep(name, description, function)
            return function

        return decorator

    def unregister(self, name: str) -> None:
        self.sweeps.pop(name, None)


registry = Registry()
register = registry.register


def autodiscover() -> None:
    """Import every installed app's ``sweeps`` module so its sweeps register themselves."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("sweeps")
    import jobs.progress  # noqa: F401 - the jobs app's own sweeps (this module is the registry)


def registered() -> list[Sweep]:
    autodiscover()
    return list(registry.sweeps.values())


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def run_sweep(sweep: Sweep, now: datetime) -> SweepResult:
    from django_scopes import scopes_disabled

    try:
        with scopes_disabled():  # deadlines cross tenants; each sweep scopes its own writes
            outcome = sweep.function(now)
    except Exception as exc:  # one failing sweep must not stop the others
        logger.exception("Sweep %s failed as of %s", sweep.name, now.isoformat())
        return SweepResult(sweep.name, sweep.description, error=f"{exc.__class__.__name__}: {exc}")
    if isinstance(outcome, int):
        return SweepResult(sweep.name, sweep.description, count=outcome)
    actions = tuple(str(line) for line in (outcome or ()))
    return SweepResult(sweep.name, sweep.description, count=len(actions), actions=actions)


def run_all(now: datetime | None = None) -> list[SweepResult]:
    """Run every registered sweep once as of ``now`` (default: the current time)."""
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    return [run_sweep(sweep, moment) for sweep in registered()]
