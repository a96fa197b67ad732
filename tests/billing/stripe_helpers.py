"""Stripe for the payment tests, without the internet.

- ``localstripe``: a session's local fake Stripe server (the ``localstripe`` package) run in a
  subprocess bound to 127.0.0.1 on a free port, spoken to over real HTTP by the ``stripe``
  client; it sends signed webhooks to the URL registered with ``register_webhook``.
- ``signed_event``: a webhook body signed with the test secret, as Stripe signs it, for the
  tests that post events themselves.
- ``stripe_on``: the Stripe settings pointed at localstripe.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django_scopes import scopes_disabled

from billing.models import Invoice, Payment
from billing.services.invoicing import issue_invoice_for_job

WEBHOOK_SECRET = "whsec_detailhire_tests"
SECRET_KEY = "sk_test_detailhire"

# localstripe keeps its store in /tmp/localstripe.pickle on every write: not here (each test run
# starts empty, and two runs on one machine must not share a file).
_LAUNCH = """
import sys
from aiohttp import web
from localstripe import resources
resources.Store.dump_to_disk = lambda self: None
from localstripe.server import app
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe():
    """The base URL of a running localstripe (started once per test session)."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _LAUNCH, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("localstripe did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def register_webhook(base: str, url: str) -> None:
    """Make localstripe send its events, signed with ``WEBHOOK_SECRET``, to ``url``."""
    body = json.dumps({"url": url, "secret": WEBHOOK_SECRET}).encode()
    request = urllib.request.Request(  # noqa: S310 - localstripe's http URL
        f"{base}/_config/webhooks/detailhire",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 200


@pytest.fixture
def stripe_on(settings, localstripe):
    """Card payment configured, pointed at localstripe."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_detailhire"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    return localstripe


@pytest.fixture
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


def signed_event(event_type: str, obj: dict, *, event_id: str | None = None) -> tuple[bytes, str]:
    """A Stripe event body and its Stripe-Signature header, signed with ``WEBHOOK_SECRET``."""
    event = {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": obj},
    }
    payload = json.dumps(event)
    return payload.encode(), stripe.WebhookSignature.generate_signature_header(
        payload, WEBHOOK_SECRET
    )


def intent_object(payment: Payment, **extra) -> dict:
    return {
        "id": payment.provider_id,
        "object": "payment_intent",
        "amount": int(payment.amount * 100),
        "currency": payment.currency.lower(),
        "metadata": {"payment": str(payment.pk)},
        **extra,
    }


def invoice_for(job, *, by) -> Invoice:
    """The job's invoice, issued by the billing service as the agency would. The invoice's own
    email (sent on commit, PDF attached) is cleared from the outbox: these tests count the
    payment emails."""
    invoice = issue_invoice_for_job(job, actor=by)
    mail.outbox.clear()
    return invoice


def pending_card_payment(invoice: Invoice, *, intent_id: str | None = None) -> Payment:
    """A card payment waiting for Stripe's answer (as ``start_card_payment`` leaves it)."""
    with scopes_disabled():
        return Payment.objects.create(
            invoice=invoice,
            agency_id=invoice.agency_id,
            organization_id=invoice.organization_id,
            method="card",
            amount=invoice.balance_due,
            currency=invoice.currency,
            state=Payment.State.PENDING,
            provider="stripe",
            provider_id=intent_id or f"pi_{uuid.uuid4().hex[:20]}",
            idempotency_key=f"pay-{uuid.uuid4().hex}",
        )


def wait_for(check, *, timeout: float = 15.0):
    """Poll ``check()`` until it returns something true (a webhook arriving)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))
