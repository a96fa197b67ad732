"""The agency's staff roster, kept by its admins: invite a coordinator or an admin, remove one
(audited). An invitation creates the account (no usable password) and the membership, and mails
a "choose your password" link; an address that already has an account is added to the agency and
told so by email. The last admin of an agency cannot be removed."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.validators import validate_email
from django.db import transaction
from django_scopes import scopes_disabled

from accounts.models import User
from agencies.models import Agency, StaffMembership
from audit import log
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.mail import send_on_commit

ROLES = dict(StaffMembership.Role.choices)


@dataclass(frozen=True)
class StaffInvitation:
    email: str
    full_name: str
    role: str


def invite_staff(
    agency: Agency, invitation: StaffInvitation, *, actor, base_url: str = ""
) -> StaffMembership:
    from officers.services.invitations import set_password_url

    policy.require(actor, "agency.manage", agency)
    if invitation.role not in ROLES:
        raise DomainError("Role: choose coordinator or admin.", field="role")
    name = invitation.full_name.strip()
    if not name:
        raise DomainError("Full name: give the person's name.", field="full_name")
    email = invitation.email.strip().lower()
    try:
        validate_email(email)
    except Exception:
        raise DomainError("Email: give a valid email address.", field="email") from None
    with transaction.atomic():
        with scopes_disabled():  # accounts are global: one login per address
            user = User.objects.filter(email__iexact=email).first()
        new_account = user is None
        if new_account:
            user = User.objects.create_user(email=email, password=None, full_name=name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif StaffMembership.objects.filter(user=user, agency=agency).exists():
            raise DomainError("Email: this person is already on the agency's staff.", field="email")
        membership = StaffMembership.objects.create(user=user, agency=agency, role=invitation.role)
        log.record(
            membership,
            actor=actor,
            event="staff.invited",
            agency=agency,
            data={"email": email, "full_name": name, "role": invitation.role},
        )
    context = {
        "agency": agency,
        "inviter": actor,
        "person": user,
        "role": ROLES[invitation.role].lower(),
        "link": set_password_url(user, base_url) if new_account else "",
    }
    send_on_commit("agencies/email/staff_invitation", context, [email])
    return membership


def remove_staff(agency: Agency, membership_id: int, *, actor) -> StaffMembership:
    """Take a person off the agency's staff (their account and the history stay)."""
    policy.require(actor, "agency.manage", agency)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        membership = (
            StaffMembership.objects.select_related("user")
            .filter(pk=membership_id, agency=agency)
            .first()
        )
        if membership is None:
            raise DomainError("No such staff member.")
        admins = StaffMembership.objects.filter(agency=agency, role=StaffMembership.Role.ADMIN)
        if membership.role == StaffMembership.Role.ADMIN and admins.count() == 1:
            raise DomainError("The agency's last admin cannot be removed: add another admin first.")
        log.record(
            membership,
            actor=actor,
            event="staff.removed",
            agency=agency,
            data={"email": membership.user.email, "role": membership.role},
        )
        membership.delete()
    return membership


def roster(agency: Agency) -> list[StaffMembership]:
    return list(
        StaffMembership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )
