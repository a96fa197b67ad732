"""Operators read invoices in the Django admin and cannot change or delete them
(PLAT-INVOICE-1)."""

import pytest

from billing.services.invoicing import issue_invoice_for_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_operators_read_invoices_in_the_admin_and_cannot_change_them_plat_invoice_1(
    demo, nopd_job, client
):
    invoice = issue_invoice_for_job(nopd_job, actor=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "NOPD-2027-000001" in client.get("/admin/billing/invoice/").content.decode()
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/")
    assert page.status_code == 200
    assert "370.64" in page.content.decode()
    assert client.post(f"/admin/billing/invoice/{invoice.pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/billing/invoice/{invoice.pk}/delete/").status_code == 403
    assert client.get("/admin/billing/invoice/add/").status_code == 403
