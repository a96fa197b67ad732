"""Create or join an organization (the first step of a new customer): bad input names the field
and saves nothing; a join code lets a colleague in, a wrong one does not."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from accounts.roles import forget_roles
from audit.models import AuditEvent
from customers.inputs import OrganizationDetails
from customers.models import CustomerMembership, CustomerOrganization
from customers.services import join_code, renew_join_code, update_organization
from detailhire.policy import NotAllowed
from tests.customers.conftest import browser_client, make_job
from tests.customers.helpers import field_error, text_of

pytestmark = pytest.mark.django_db

ORG = {
    "action": "create",
    "org-name": "Magazine St Merchants",
    "org-billing_contact": "Ana Ruiz",
    "org-billing_email": "accounts@magazine.example",
    "org-address": "3000 Magazine St, New Orleans LA",
    "org-phone": "(504) 555-0199",
}


def org_count() -> int:
    with scopes_disabled():
        return CustomerOrganization.objects.count()


def test_a_user_without_organization_is_sent_to_create_or_join(demo, outsider):
    client = browser_client(outsider)
    response = client.get("/jobs/new/?agency=nopd")
    assert response.status_code == 302
    assert response["Location"].startswith("/org/start/?next=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Create or join an organization" in text_of(page)
    assert client.get("/jobs/").status_code == 302


def test_create_an_organization_makes_the_user_its_member(demo, outsider):
    client = browser_client(outsider)
    response = client.post("/org/start/?next=/jobs/new/%3Fagency%3Dnopd", ORG)
    assert response.status_code == 302
    assert response["Location"] == "/jobs/new/?agency=nopd"
    with scopes_disabled():
        org = CustomerOrganization.objects.get(name="Magazine St Merchants")
        assert org.billing_email == "accounts@magazine.example"
        assert CustomerMembership.objects.filter(user=outsider, organization=org).exists()
    forget_roles(outsider)
    assert client.get("/jobs/new/?agency=nopd").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("name", "", "organization name"),
        ("billing_contact", "", "billing contact"),
        ("billing_email", "", "billing email"),
        ("billing_email", "not-an-email", "valid billing email"),
        ("address", "", "address"),
        ("phone", "", "phone"),
        ("name", "x" * 201, "organization name"),
    ],
)
def test_bad_organization_input_names_the_field_and_saves_nothing(outsider, field, value, words):
    client = browser_client(outsider)
    before = org_count()
    response = client.post("/org/start/", {**ORG, f"org-{field}": value})
    assert response.status_code == 400
    assert words in field_error(response, f"id_org-{field}").lower()
    assert org_count() == before


def test_join_with_the_code_a_member_shares(demo, outsider):
    member = browser_client(demo.customer)
    page = member.get("/org/")
    code = join_code(demo.acme)
    assert code in page.content.decode()
    client = browser_client(outsider)
    response = client.post("/org/start/", {"action": "join", "join-code": code.lower()})
    assert response.status_code == 302
    with scopes_disabled():
        assert CustomerMembership.objects.filter(user=outsider, organization=demo.acme).exists()


@pytest.mark.parametrize("code", ["", "1-AAAAAAAA", "999999-ABCDEFGH", "nonsense"])
def test_a_wrong_join_code_is_refused_and_joins_nothing(demo, outsider, code):
    client = browser_client(outsider)
    response = client.post("/org/start/", {"action": "join", "join-code": code})
    assert response.status_code == 400
    assert "join code" in field_error(response, "id_join-code").lower()
    with scopes_disabled():
        assert not CustomerMembership.objects.filter(user=outsider).exists()


def test_another_organizations_code_with_a_changed_id_is_refused(demo, outsider):
    """The letters are an HMAC of the id: Acme's letters do not open Bistro Row."""
    letters = join_code(demo.acme).split("-", 1)[1]
    client = browser_client(outsider)
    response = client.post(
        "/org/start/", {"action": "join", "join-code": f"{demo.bistro.pk}-{letters}"}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not CustomerMembership.objects.filter(user=outsider).exists()


def test_a_member_renews_the_code_and_the_old_one_stops_working(demo, outsider):
    old = join_code(demo.acme)
    member = browser_client(demo.customer)
    response = member.post(f"/org/{demo.acme.pk}/join-code/")
    assert response.status_code == 302 and response["Location"] == "/org/"
    page = member.get("/org/")
    with scopes_disabled():
        new = join_code(CustomerOrganization.objects.get(pk=demo.acme.pk))
    assert new != old
    assert new in page.content.decode() and old not in page.content.decode()
    assert "has a new join code" in text_of(page)

    client = browser_client(outsider)
    refused = client.post("/org/start/", {"action": "join", "join-code": old})
    assert refused.status_code == 400
    assert "join code" in field_error(refused, "id_join-code").lower()
    joined = client.post("/org/start/", {"action": "join", "join-code": new})
    assert joined.status_code == 302
    with scopes_disabled():
        assert CustomerMembership.objects.filter(user=outsider, organization=demo.acme).exists()
        assert CustomerMembership.objects.filter(
            user=demo.customer, organization=demo.acme
        ).exists()


def test_only_members_renew_a_code(demo):
    before = join_code(demo.bistro)
    assert (
        browser_client(demo.customer).post(f"/org/{demo.bistro.pk}/join-code/").status_code == 404
    )
    coordinator = browser_client(demo.user("coordinator@nopd.demo"))
    # an organization that has not booked with the agency does not exist for its staff
    assert coordinator.post(f"/org/{demo.acme.pk}/join-code/").status_code == 404
    with pytest.raises(NotAllowed):  # one that has is still not theirs to renew
        renew_join_code(actor=demo.user("coordinator@nopd.demo"), organization=demo.acme)
    assert browser_client(demo.customer).get(f"/org/{demo.acme.pk}/join-code/").status_code == 405
    with scopes_disabled():
        assert join_code(CustomerOrganization.objects.get(pk=demo.bistro.pk)) == before
        acme = CustomerOrganization.objects.get(pk=demo.acme.pk)
    assert acme.join_code_generation == 1


def test_staff_and_officers_of_an_agency_it_booked_with_cannot_renew_its_code_404(demo):
    """They see the organization on its jobs, yet its join code is not theirs: 404 (never a 500,
    nor a 403 that would tell which organizations exist), as for a number no organization has."""
    make_job(demo, agency="asheville")  # Acme books with Asheville: its staff and officers see Acme
    before = join_code(demo.acme)
    missing = demo.acme.pk + demo.bistro.pk + 1000
    for email in ("coordinator@asheville.demo", "admin@asheville.demo", "officer1@asheville.demo"):
        client = browser_client(demo.user(email))
        assert client.post(f"/org/{demo.acme.pk}/join-code/").status_code == 404, email
        assert client.post(f"/org/{missing}/join-code/").status_code == 404, email
    with scopes_disabled():
        assert join_code(CustomerOrganization.objects.get(pk=demo.acme.pk)) == before


def test_a_customer_with_an_organization_goes_to_my_jobs(demo):
    response = browser_client(demo.customer).get("/org/start/")
    assert response.status_code == 302
    assert response["Location"] == "/jobs/"


def test_agency_people_cannot_create_or_join_organizations(demo):
    for email in ("coordinator@nopd.demo", "officer1@nopd.demo"):
        client = browser_client(demo.user(email))
        assert client.get("/org/start/").status_code == 403
        assert client.post("/org/start/", ORG).status_code == 403
        assert client.get("/org/").status_code == 403


def test_the_organization_page_shows_only_the_callers_organizations(demo):
    body = text_of(browser_client(demo.customer).get("/org/"))
    assert "Acme Events" in body
    assert "Bistro Row" not in body
    assert join_code(demo.bistro) not in body


def test_pages_need_a_login(client):
    for url in ("/org/", "/org/start/", "/jobs/", "/jobs/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- editing an organization's details -------------------------------------------------------

EDIT = {
    "name": "Acme Events LLC",
    "billing_contact": "Dana Ruiz",
    "billing_email": "AP@acme.example",
    "address": "1 Canal St, New Orleans LA",
    "phone": "+1 504 555 0123",
}


def test_a_member_edits_the_organizations_details_and_it_is_audited(demo):
    make_job(demo, agency="asheville")  # the agencies it booked with keep the change in their log
    member = browser_client(demo.customer)
    page = member.get("/org/")
    assert f'href="/org/{demo.acme.pk}/edit/"' in page.content.decode()
    form = member.get(f"/org/{demo.acme.pk}/edit/")
    assert form.status_code == 200 and 'value="Acme Events"' in form.content.decode()
    response = member.post(f"/org/{demo.acme.pk}/edit/", EDIT)
    assert response.status_code == 302 and response["Location"] == "/org/"
    with scopes_disabled():
        acme = CustomerOrganization.objects.get(pk=demo.acme.pk)
        events = list(AuditEvent.objects.filter(event_type="organization.updated"))
    assert (acme.name, acme.billing_contact, acme.billing_email, acme.phone) == (
        "Acme Events LLC",
        "Dana Ruiz",
        "ap@acme.example",
        "+1 504 555 0123",
    )
    assert [e.agency.slug for e in events] == ["asheville"]
    assert events[0].actor == demo.customer
    assert events[0].data["fields"] == list(EDIT)
    assert "Acme Events LLC" in text_of(member.get("/org/"))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("phone", "<script>alert(1)</script>", "phone"),
        ("phone", "5551234", "phone"),  # any 7 digits: not a number anyone can call
        ("phone", "(504) 555-01999999999999999999999999999999", "phone"),
        ("name", "", "organization name"),
        ("billing_email", "not-an-email", "valid billing email"),
        ("address", "x" * 2001, "address"),
    ],
)
def test_bad_details_name_the_field_and_change_nothing(demo, field, value, words):
    member = browser_client(demo.customer)
    response = member.post(f"/org/{demo.acme.pk}/edit/", {**EDIT, field: value})
    assert response.status_code == 400
    assert words in field_error(response, f"id_{field}").lower()
    with scopes_disabled():
        assert CustomerOrganization.objects.get(pk=demo.acme.pk).name == "Acme Events"
        assert not AuditEvent.objects.filter(event_type="organization.updated").exists()


def test_a_new_organizations_phone_is_checked_as_an_officers(outsider):
    client = browser_client(outsider)
    before = org_count()
    for bad in ("<script>x</script>", "5551234"):
        response = client.post("/org/start/", {**ORG, "org-phone": bad})
        assert response.status_code == 400
        assert "phone" in field_error(response, "id_org-phone").lower()
    assert org_count() == before


def test_another_organization_or_agency_people_cannot_edit_it_404(demo):
    make_job(demo, agency="asheville")  # Asheville's people see Acme on its jobs
    assert browser_client(demo.customer).get(f"/org/{demo.bistro.pk}/edit/").status_code == 404
    assert (
        browser_client(demo.customer).post(f"/org/{demo.bistro.pk}/edit/", EDIT).status_code == 404
    )
    for email in ("coordinator@asheville.demo", "admin@asheville.demo", "officer1@asheville.demo"):
        client = browser_client(demo.user(email))
        assert client.post(f"/org/{demo.acme.pk}/edit/", EDIT).status_code == 404, email
    with pytest.raises(NotAllowed):
        update_organization(
            actor=demo.user("coordinator@asheville.demo"),
            organization=demo.acme,
            details=OrganizationDetails(**EDIT),
        )
    with scopes_disabled():
        assert CustomerOrganization.objects.get(pk=demo.acme.pk).name == "Acme Events"
        assert CustomerOrganization.objects.get(pk=demo.bistro.pk).name == "Bistro Row"
