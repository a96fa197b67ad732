"""Customer organizations: create one, and join one with its join code.

A join code is what an organization's members hand to a colleague: ``"<id>-<8 letters>"``, the
letters an HMAC of the organization's id and its code generation under the site's secret key
(``django.core.signing``'s salted HMAC). Only the generation is stored: a code cannot be guessed
from the id, a typo finds no organization, and only members see it (on their organization page).
A member who fears the code went too far asks for a new one (``renew_join_code``): the generation
goes up and the old code stops working; members already in stay in. Rotating every code at once
means rotating ``SECRET_KEY``.

Public functions (services own state changes):

- ``create_organization(*, actor, name, billing_contact="", billing_email="", address="",
  phone="") -> CustomerOrganization``: the actor becomes its first member.
- ``join_code(organization) -> str``
- ``renew_join_code(*, actor, organization) -> str``: a member replaces the code; the old one
  stops working.
- ``join_organization(*, actor, code) -> CustomerOrganization``: idempotent (joining twice is
  not an error).
- ``update_organization(*, actor, organization, details: OrganizationDetails)``: a member changes
  the name, billing contact and email, address or phone (the phone checked by
  ``detailhire.phones``, as an officer's); audited as ``organization.updated``
  (customers/events.py).

Bad input raises ``OrganizationError`` naming the field. Who may act is the policy's question
(``organization.create``, ``organization.manage``: customers/rules.py). As every service, these
run unscoped: the page loads the organization through the scoped managers (404 for others').
"""

from __future__ import annotations

import base64
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django_scopes import scopes_disabled

from accounts.roles import forget_roles
from agencies.models import Agency
from audit.log import record
from customers.inputs import OrganizationDetails
from customers.models import CustomerMembership, CustomerOrganization
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.phones import clean_phone

__all__ = [
    "OrganizationError",
    "create_organization",
    "join_code",
    "join_organization",
    "renew_join_code",
    "update_organization",
]


class OrganizationError(DomainError):
    """An organization's details or a join code that cannot be accepted (a 400 naming the field)."""


_SALT = "detailhire.jobs.organization-join-code"  # unchanged: codes handed out stay valid
_CODE_RE = re.compile(r"^(\d{1,12})-([A-Z2-7]{8})$")
_LIMITS = {  # field -> (words, max length, required)
    "name": ("organization name", 200, True),
    "billing_contact": ("billing contact", 200, False),
    "billing_email": ("billing email", 254, False),
    "address": ("address", 2000, False),
    "phone": ("phone number", 40, False),
}
FIELD_WORDS = {field: words for field, (words, _limit, _required) in _LIMITS.items()}


def _letters(organization_id: int, generation: int) -> str:
    # the first generation signs the id alone (the codes handed out before codes could be renewed)
    message = str(organization_id) if generation == 1 else f"{organization_id}.{generation}"
    digest = salted_hmac(_SALT, message, algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:8]


def join_code(organization: CustomerOrganization) -> str:
    """The code a member gives a colleague to join ``organization``."""
    return f"{organization.pk}-{_letters(organization.pk, organization.join_code_generation)}"


def renew_join_code(*, actor, organization: CustomerOrganization) -> str:
    """Replace ``organization``'s join code (the actor must be a member); returns the new code.
    The old code stops working; nobody who joined with it loses access."""
    policy.require(actor, "organization.manage", organization)
    with scopes_disabled(), transaction.atomic():
        locked = CustomerOrganization.objects.select_for_update().get(pk=organization.pk)
        locked.join_code_generation += 1
        locked.save(update_fields=["join_code_generation"])
    organization.join_code_generation = locked.join_code_generation
    return join_code(organization)


def _text(field: str, value) -> str:
    words, limit, required = _LIMITS[field]
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        raise OrganizationError(f"Enter the {words}.", field=field)
    if len(value) > limit:
        raise OrganizationError(f"The {words} can be at most {limit} characters.", field=field)
    return value


def _checked(details: OrganizationDetails) -> dict[str, str]:
    """The details as stored, or OrganizationError naming the first field that is wrong."""
    values = {
        "name": _text("name", details.name),
        "billing_contact": _text("billing_contact", details.billing_contact),
        "billing_email": _text("billing_email", details.billing_email).lower(),
        "address": _text("address", details.address),
        "phone": _text("phone", details.phone),
    }
    if values["billing_email"]:
        try:
            validate_email(values["billing_email"])
        except ValidationError:
            raise OrganizationError(
                "Enter a valid billing email address, like accounts@example.com.",
                field="billing_email",
            ) from None
    try:
        values["phone"] = clean_phone(values["phone"])
    except DomainError as error:
        raise OrganizationError(str(error), field="phone") from None
    return values


def create_organization(
    *,
    actor,
    name: str,
    billing_contact: str = "",
    billing_email: str = "",
    address: str = "",
    phone: str = "",
) -> CustomerOrganization:
    """Create a customer organization with ``actor`` as its first member."""
    policy.require(actor, "organization.create")
    values = _checked(
        OrganizationDetails(
            name=name,
            billing_contact=billing_contact,
            billing_email=billing_email,
            address=address,
            phone=phone,
        )
    )
    with scopes_disabled(), transaction.atomic():
        organization = CustomerOrganization(**values)
        organization.save(force_insert=True)
        CustomerMembership(user=actor, organization=organization).save(force_insert=True)
    forget_roles(actor)
    return organization


def join_organization(*, actor, code: str) -> CustomerOrganization:
    """Make ``actor`` a member of the organization whose join code is ``code``."""
    policy.require(actor, "organization.create")
    text = code.strip().upper().replace(" ", "") if isinstance(code, str) else ""
    if not text:
        raise OrganizationError(
            "Enter the join code a member of the organization gave you.", field="code"
        )
    match = _CODE_RE.match(text)
    wrong = OrganizationError(
        "That join code does not match any organization: check it with the member who sent it.",
        field="code",
    )
    if match is None:
        raise wrong
    with scopes_disabled(), transaction.atomic():
        organization = CustomerOrganization.objects.filter(pk=int(match.group(1))).first()
        expected = (
            _letters(organization.pk, organization.join_code_generation) if organization else ""
        )
        if not constant_time_compare(match.group(2), expected):
            raise wrong
        CustomerMembership.objects.get_or_create(user=actor, organization=organization)
    forget_roles(actor)
    return organization


def update_organization(
    *, actor, organization: CustomerOrganization, details: OrganizationDetails
) -> CustomerOrganization:
    """A member changes ``organization``'s details; returns it as saved. Nothing changes when a
    field is wrong (OrganizationError names it) or when nothing differs."""
    policy.require(actor, "organization.manage", organization)
    values = _checked(details)
    with scopes_disabled(), transaction.atomic():
        locked = CustomerOrganization.objects.select_for_update().get(pk=organization.pk)
        changed = [field for field, value in values.items() if getattr(locked, field) != value]
        if changed:
            for field in changed:
                setattr(locked, field, values[field])
            locked.save(update_fields=changed)
            for agency in Agency._base_manager.filter(jobs__organization=locked).distinct():
                record(
                    locked,
                    actor=actor,
                    agency=agency,
                    event="organization.updated",
                    data={
                        "organization": locked.pk,
                        "organization_name": locked.name,
                        "fields": changed,
                        "changed": [FIELD_WORDS[field] for field in changed],
                    },
                )
    for field in values:
        setattr(organization, field, getattr(locked, field))
    return organization
