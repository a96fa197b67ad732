"""manage.py seed_demo (docs/api.md "Setup and demo data"): idempotent, and the demo logins work."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django_scopes import scopes_disabled

from accounts.models import User
from agencies.models import Agency, StaffMembership
from agencies.models import RateCard as StoredRateCard
from customers.models import CustomerMembership, CustomerOrganization
from officers.models import Officer

pytestmark = pytest.mark.django_db(transaction=False)

PASSWORD = "detailhire-demo"


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    with scopes_disabled():
        return {
            model.__name__: model._base_manager.count()
            for model in (
                Agency,
                StoredRateCard,
                User,
                EmailAddress,
                StaffMembership,
                Officer,
                CustomerOrganization,
                CustomerMembership,
            )
        }


@pytest.fixture
def seeded(db):
    return _seed()


def test_seed_demo_creates_what_api_md_lists(seeded):
    assert seeded.startswith("Demo data ready: 2 rate cards (2 new), 26 users (26 new)")
    assert set(Agency.objects.values_list("slug", flat=True)) == {"nopd", "asheville"}
    staff = {(m.user.email, m.agency.slug, m.role) for m in StaffMembership.objects.all()}
    assert staff == {
        ("admin@nopd.demo", "nopd", "admin"),
        ("coordinator@nopd.demo", "nopd", "coordinator"),
        ("admin@asheville.demo", "asheville", "admin"),
        ("coordinator@asheville.demo", "asheville", "coordinator"),
    }
    coordinator = StaffMembership.objects.get(user__email="coordinator@nopd.demo")
    assert coordinator.phone  # customers see it (NOPD-COORD-1)
    assert User.objects.get(email="coordinator@nopd.demo").full_name


def test_nopd_officers_ranks_seniority_and_specialties(seeded):
    with scopes_disabled():
        officers = {o.user.email: o for o in Officer.objects.filter(agency__slug="nopd")}
    assert len(officers) == 12
    rank = {n: officers[f"officer{n}@nopd.demo"].rank for n in range(1, 13)}
    assert [rank[n] for n in range(1, 9)] == ["officer"] * 8
    assert (rank[9], rank[10], rank[11], rank[12]) == (
        "sergeant",
        "sergeant",
        "lieutenant",
        "captain",
    )
    assert len({o.seniority_date for o in officers.values()}) == 12
    assert len({o.badge_number for o in officers.values()}) == 12
    specialties = {email: o.specialties for email, o in officers.items() if o.specialties}
    assert specialties == {
        "officer6@nopd.demo": ["motorcycle"],
        "officer7@nopd.demo": ["canine"],
        "officer8@nopd.demo": ["mounted"],
    }
    # Officers hold ranks the agency's card knows.
    from agencies.ratecards import current_card

    for slug in ("nopd", "asheville"):
        codes = {r.code for r in current_card(slug).ranks}
        with scopes_disabled():
            assert (
                set(Officer.objects.filter(agency__slug=slug).values_list("rank", flat=True))
                <= codes
            )


def test_asheville_officers_and_customers(seeded):
    with scopes_disabled():
        asheville = Officer.objects.filter(agency__slug="asheville")
        assert sorted(o.user.email for o in asheville) == sorted(
            f"officer{n}@asheville.demo" for n in range(1, 9)
        )
        assert {o.rank for o in asheville} == {"officer"}
        memberships = {
            (m.user.email, m.organization.name) for m in CustomerMembership.objects.all()
        }
        assert memberships == {
            ("customer@acme.demo", "Acme Events"),
            ("customer@bistro.demo", "Bistro Row"),
        }
        for organization in CustomerOrganization.objects.all():
            assert organization.address and organization.phone


def test_seed_demo_twice_changes_nothing(seeded):
    before = _counts()
    again = _seed()
    assert again.startswith("Demo data already in place: 2 rate cards, 26 users, 4 staff,")
    assert "new" not in again.splitlines()[0]
    assert _counts() == before


def test_every_demo_email_is_verified(seeded):
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 26
    assert not EmailAddress.objects.filter(verified=False).exists()


@pytest.mark.parametrize(
    "email", ["admin@nopd.demo", "officer12@nopd.demo", "customer@bistro.demo"]
)
def test_demo_users_log_in_with_email_and_password(client, seeded, email):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/api/v1/auth/me/").json()["email"] == email


def test_demo_users_get_an_api_token(client, seeded):
    response = client.post(
        "/api/v1/auth/token/",
        {"email": "officer6@nopd.demo", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    me = client.get(
        "/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {response.json()['token']}"
    ).json()
    assert me["roles"] == ["officer"]
    assert me["agency"] == "nopd"
    assert me["officer"]["rank"] == "officer"
    assert me["officer"]["specialties"] == ["motorcycle"]


def test_seed_demo_repairs_a_changed_name_and_says_so(seeded):
    User.objects.filter(email="admin@nopd.demo").update(full_name="Someone Else")
    out = _seed()
    assert "26 users (1 updated)" in out
    assert User.objects.get(email="admin@nopd.demo").full_name == "Dana Whitfield"
