"""manage.py seed_demo's demo jobs (agencies/demo_jobs.py): every state a user wants to see, made
through the services, once however often the command runs, and nobody mailed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from accounts.models import User
from agencies.demo_jobs import PLAN
from billing.models import Invoice, Payment
from jobs.models import Job, Position
from notifications.models import Message
from officers.models import Assignment
from tests.fixtures import browser_client

pytestmark = pytest.mark.django_db


def _seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()[0]


@pytest.fixture
def seeded(db):
    return _seed()


def _page(email: str, url: str) -> str:
    response = browser_client(User.objects.get(email=email)).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _counts() -> dict:
    with scopes_disabled():
        return {
            model.__name__: model._base_manager.count()
            for model in (Job, Position, Assignment, Invoice, Payment, Message)
        }


def test_every_state_for_each_agency(seeded):
    assert seeded.endswith(f"{2 * len(PLAN)} jobs ({2 * len(PLAN)} new).")
    with scopes_disabled():
        for slug in ("nopd", "asheville"):
            jobs = Job.objects.filter(agency__slug=slug)
            states = sorted(jobs.values_list("status", flat=True))
            assert states == sorted(
                [
                    "requested",
                    "requested",
                    "approved",
                    "filled",
                    "in_progress",
                    "completed",
                    "completed",
                    "cancelled",
                ]
            )
            completed = jobs.filter(status="completed")
            assert completed.filter(hours_approved_at__isnull=True).count() == 1
            paid = completed.get(hours_approved_at__isnull=False)
            assert Payment.objects.filter(invoice__job=paid, method="check").exists()
            assert not Invoice.objects.filter(job=paid, kind="invoice").exclude(status="paid")
            cancelled = jobs.get(status="cancelled")
            assert Invoice.objects.filter(job=cancelled, kind="credit_note").exists()
            live = jobs.get(status="in_progress")
            held = Assignment.objects.filter(position__shift__job=live)
            assert held.filter(checked_in_at__isnull=False).count() == 1
            assert Position.objects.filter(shift__job__in=jobs, status="open").exists()
    # Nobody is mailed about the story: every notice is settled, none waits for the outbox sweep.
    assert not Message.objects.filter(sent_at__isnull=True).exists()


def test_seeding_twice_changes_nothing(seeded):
    before = _counts()
    again = _seed()
    assert again.startswith("Demo data already in place:")
    assert again.endswith(f"{2 * len(PLAN)} jobs.")
    assert _counts() == before


def test_no_jobs_leaves_them_out(db):
    assert "jobs" not in _seed("--no-jobs")
    assert not Job._base_manager.exists()


def test_each_role_home_shows_the_demo(seeded):
    jobs = _page("customer@acme.demo", "/jobs/")
    assert "Parade route barricades" in jobs and "Bank branch opening" in jobs
    assert "Festival main gate" in _page("officer8@nopd.demo", "/officer/board/")
    desk = _page("coordinator@nopd.demo", "/staff/")
    assert "Request: Late-night valet lane" in desk and "short notice" in desk
    invoices = _page("customer@bistro.demo", "/invoices/")
    assert "ASHEVILLE-" in invoices and "NOPD-" not in invoices
