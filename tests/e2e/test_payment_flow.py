"""Browser test of paying an invoice (PLAT-PAYMENT-1) on Debian's Chromium, against localstripe.

The customer opens the invoice's pay page and starts a card payment: the server creates the
PaymentIntent and hands its client secret to the page. What Stripe.js would do in the browser
(attach the card and confirm) is done here through localstripe's API, since Stripe.js cannot load
without the internet. localstripe then sends its signed webhook to the live server, which marks
the invoice paid; the customer reloads the page and sees it paid, with the receipt mailed.

Screenshots: artifacts/screenshots/payment-<name>-phone.png and payment-<name>-desktop.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import stripe
from django.conf import settings
from django.core import mail
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.billing.conftest import book_nopd
from tests.billing.stripe_helpers import (
    SECRET_KEY,
    invoice_for,
    localstripe,  # noqa: F401 - fixture
    register_webhook,
    stripe_on,  # noqa: F401 - fixture
    wait_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "detailhire-demo"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"payment-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()


def confirm_as_stripe_js_would(client_secret: str) -> None:
    """Attach a test card to the PaymentIntent and confirm it (Stripe.js's part)."""
    intent_id = client_secret.split("_secret_")[0]
    client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    client.v1.payment_intents.update(intent_id, params={"payment_method": "pm_card_visa"})
    client.v1.payment_intents.confirm(intent_id)


@pytest.mark.usefixtures("stripe_on")
def test_the_customer_pays_an_invoice_and_sees_it_paid_plat_payment_1(
    page, live_server, demo, settings
):
    settings.STRIPE_PUBLISHABLE_KEY = ""  # no Stripe.js from the internet in tests
    register_webhook(settings.STRIPE_API_BASE, live_server.url + "/api/v1/billing/stripe/webhook/")
    job = book_nopd(demo)
    with scopes_disabled():
        invoice = invoice_for(job, by=demo.coordinator("nopd"))
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "customer@acme.demo")
    page.goto(f"{base}/invoices/{invoice.pk}/pay/")
    expect(page.locator(".lead")).to_contain_text("Balance due $434.64")
    expect(page.get_by_text("By check")).to_be_visible()
    shot(page, "pay")
    page.get_by_role("button", name="Pay $434.64").click()
    started = page.locator("#stripe-pay")
    expect(started).to_contain_text("Payment of $434.64 started")
    confirm_as_stripe_js_would(started.get_attribute("data-client-secret"))
    # the webhook, not this page, marks the invoice paid
    wait_for(lambda: any("Receipt" in m.subject for m in mail.outbox), timeout=20)
    page.goto(f"{base}/invoices/{invoice.pk}/pay/")
    expect(page.get_by_text("This invoice is paid")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Balance due $0.00")
    shot(page, "paid")
    [receipt] = [m for m in mail.outbox if "Receipt" in m.subject]
    assert "$434.64" in receipt.body
