"""The Django admin is for operators (superusers) only: is_staff alone does not open it, and
agency users never get is_staff through the product."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_scopes import scopes_disabled

from accounts.models import User
from agencies.demo import seed_demo

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_staff_user_with_every_permission_but_not_superuser_cannot_use_the_admin():
    staff = User.objects.create_user("ops-staff@example.com", "x", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client = client_of(staff)
    for url in ("/admin/", "/admin/agencies/ratecard/", "/admin/agencies/staffmembership/add/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_a_superuser_uses_the_admin():
    root = User.objects.create_superuser("root@example.com", "x")
    client = client_of(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/agencies/ratecard/").status_code == 200


def test_the_demo_data_gives_no_agency_user_admin_access(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo()
    with scopes_disabled():
        users = list(User.objects.all())
    assert users
    assert [u.email for u in users if u.is_staff or u.is_superuser] == []


def test_signing_up_gives_no_admin_access(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    settings.ACCOUNT_RATE_LIMITS = False
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert not user.is_staff and not user.is_superuser


def test_an_invited_officer_gets_no_admin_access(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo()
    admin = client_of(User.objects.get(email="admin@nopd.demo"))
    response = admin.post(
        "/staff/officers/",
        {
            "full_name": "Dana Reyes",
            "email": "dana@nopd.demo",
            "rank": "sergeant",
            "badge_number": "S-7781",
            "seniority_date": "2012-04-02",
            "specialties": "",
        },
    )
    assert response.status_code == 302
    invited = User.objects.get(email="dana@nopd.demo")
    assert not invited.is_staff and not invited.is_superuser
