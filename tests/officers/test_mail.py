"""Officer mail comes from templates, in plain text and HTML, with the site's name and address
from the settings, and leaves only once the change is committed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import transaction
from django_scopes import scopes_disabled

from officers.services.claims import claim_position, withdraw
from officers.services.invitations import OfficerInvitation, invite_officer
from tests.officers.helpers import book, positions, user

pytestmark = pytest.mark.usefixtures("demo")


def _html(message) -> str:
    ((body, kind),) = message.alternatives
    assert kind == "text/html"
    return body


def test_a_withdrawal_mails_the_coordinator_in_text_and_html_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://details.nola.test"
    job = book()
    (position,) = positions(job)
    officer_user = user("officer1@nopd.demo")
    with scopes_disabled():
        assignment = claim_position(position.pk, actor=officer_user)
        with django_capture_on_commit_callbacks(execute=False) as pending:
            withdraw(assignment, actor=officer_user)
        assert mail.outbox == []  # nothing before the commit
        for callback in pending:
            callback()
    (message,) = [m for m in mail.outbox if m.subject.startswith("Position reopened")]
    assert message.subject == "Position reopened: Warehouse gate, Tue Mar 9"
    assert 'withdrew from the detail "Warehouse gate"' in message.body
    assert f"https://details.nola.test/jobs/{job.pk}/" in message.body
    html = _html(message)
    assert f'href="https://details.nola.test/jobs/{job.pk}/"' in html
    assert "https://details.nola.test/" in html and "example" not in html


def test_a_rolled_back_withdrawal_mails_nobody(django_capture_on_commit_callbacks):
    (position,) = positions(book())
    officer_user = user("officer1@nopd.demo")
    with scopes_disabled():
        assignment = claim_position(position.pk, actor=officer_user)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            withdraw(assignment, actor=officer_user)
            raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_the_invitation_has_an_html_part_and_the_sites_name(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_NAME = "NOLA Details"
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        invite_officer(
            OfficerInvitation(
                email="dana@nopd.demo",
                full_name="Dana <b>Reyes</b>",
                rank="officer",
                badge_number="D-1",
                seniority_date=date(2015, 1, 5),
            ),
            actor=user("coordinator@nopd.demo"),
            base_url="https://details.nola.test/",
        )
    (message,) = mail.outbox
    assert message.subject.endswith("invites you to NOLA Details")
    assert "added you to NOLA Details" in message.body
    assert "Dana <b>Reyes</b>" in message.body  # plain text as written
    html = _html(message)
    assert "Dana &lt;b&gt;Reyes&lt;/b&gt;" in html  # escaped in HTML
    assert 'href="https://details.nola.test/accounts/password/reset/key/' in html


def test_the_request_closed_mail_has_text_and_html_from_templates(settings):
    from agencies.models import Agency
    from detailhire.mail import render_message
    from jobs.services.lifecycle import EXPIRED_REASON

    settings.SITE_URL = "https://details.nola.test"
    with scopes_disabled():
        job = book(approve=False)
        agency = Agency.objects.get(slug="nopd")
    context = {"job": job, "agency": agency, "starts": "Tue Mar 9, 8:00 AM CST"}
    message = render_message(
        "jobs/email/request_closed", {**context, "reason": EXPIRED_REASON}, ["a@b.test"]
    )
    assert message.subject == "Request closed: Warehouse gate"
    assert "Tue Mar 9, 8:00 AM CST was closed." in message.body
    assert "https://details.nola.test/" in message.body
    assert "<strong>Warehouse gate</strong>" in _html(message)
