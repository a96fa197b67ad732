"""The audit log in the Django admin: operators (superusers) read it; nobody edits it there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django_scopes import scopes_disabled

from accounts.models import User
from audit.models import AuditEvent
from tests.customers.conftest import make_job

pytestmark = pytest.mark.django_db


def test_operators_read_events_in_the_admin_and_cannot_change_them(demo, clock, client):
    job = make_job(demo, approve=True)
    with scopes_disabled():
        event = AuditEvent.objects.filter(job=job).first()
    root = User.objects.create_superuser(email="root@platform.test", password=None)
    client.force_login(root)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    assert "Requested by Jordan Reyes: $828.00." in listing.content.decode()
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    with scopes_disabled():
        assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_staff_who_are_not_operators_do_not_see_the_audit_log(demo, clock, client):
    make_job(demo)
    staff = User.objects.create_user(email="desk@platform.test", password=None)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    # even given the model's view permission: the log is for operators only
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(staff)
    assert client.get("/admin/audit/auditevent/").status_code in (302, 403)
