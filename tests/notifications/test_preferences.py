"""Users choose which non-essential emails they get (PLAT-NOTIFY-1): a preferences page and an
unsubscribe link in each non-essential email; essential ones (cancellations, payment deadlines)
always go. The site's name and address come from settings, in allauth's emails too."""

from __future__ import annotations

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from jobs.services import cancel_job
from notifications.models import Preference
from notifications.outbox import unsubscribe_token
from tests.fixtures import browser_client
from tests.notifications.helpers import commits, one, to
from tests.officers.helpers import book, user

pytestmark = pytest.mark.django_db

CUSTOMER = "customer@acme.demo"


def test_preferences_page_turns_off_optional_mail_but_not_essential_plat_notify_1(demo, clock):
    customer = user(CUSTOMER)
    page = browser_client(customer)
    shown = page.get("/account/email/")
    assert shown.status_code == 200 and "Updates on your requests" in shown.text
    saved = page.post(
        "/account/email/", {"reminders": "on", "digest": "on", "surveys": "on", "receipts": "on"}
    )
    assert saved.status_code == 302
    assert Preference.objects.get(user=customer).muted == ["job_updates"]

    mail.outbox.clear()
    with commits():
        job = book()  # request received and approved: job updates, turned off
    # the invoice issued at approval is a billing document, not a job update: it always goes
    assert [m.subject for m in to(CUSTOMER) if not m.subject.startswith("Invoice ")] == []
    with commits(), scopes_disabled():
        cancel_job(job, actor=customer, reason="Event moved.")
    assert one(CUSTOMER, "Cancelled")  # essential: always goes


def test_preferences_page_needs_login(demo):
    response = Client().get("/account/email/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unsubscribe_link_in_optional_mail_turns_that_kind_off_plat_notify_1(demo, clock):
    mail.outbox.clear()
    with commits():
        book(approve=False)
    received = one(CUSTOMER, "Request received")
    (link,) = re.findall(r"https?://\S+(/unsubscribe/\S+/)", received.body)
    assert received.extra_headers["List-Unsubscribe"].endswith(f"{link}>")

    confirm = Client().get(link)  # no login: the token is enough
    assert confirm.status_code == 200 and "Updates on your requests" in confirm.text
    assert not Preference.objects.filter(user__email=CUSTOMER).exists()  # GET changes nothing
    done = Client().post(link)
    assert done.status_code == 200 and "no longer gets" in done.text
    assert Preference.objects.get(user__email=CUSTOMER).muted == ["job_updates"]


def test_unsubscribe_with_a_bad_token_is_refused(demo):
    assert Client().get("/unsubscribe/forged/").status_code == 404
    customer = user(CUSTOMER)
    essential = unsubscribe_token(customer, "essential")  # essential mail cannot be turned off
    assert Client().post(f"/unsubscribe/{essential}/").status_code == 404
    assert not Preference.objects.filter(user=customer).exists()


def test_the_site_is_named_from_settings_never_example_com(client, mailoutbox, settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.name == settings.SITE_NAME and "example.com" not in site.domain
    client.post(
        "/accounts/signup/",
        {
            "email": "new.customer@acme.demo",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )
    (message,) = mailoutbox
    assert "example.com" not in message.subject + message.body
    assert settings.SITE_NAME in message.subject
