"""Officer accounts: an agency admin or coordinator invites an officer by email.

The invitation creates the user (no usable password) and the Officer profile in the staff
member's agency, then mails a "set your password" link built with allauth's password-reset key
(``account_reset_password_from_key``): the officer chooses a password on allauth's own page and
logs in. The email address is marked verified: the link only reaches its owner.
"""

from __future__ import annotations

from datetime import date

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from accounts.roles import roles_of
from agencies.models import Agency
from audit.log import record
from detailhire.errors import DomainError, PermissionDenied
from officers.models import Officer
from officers.services.cards import card_for_agency, rank_name

MAX_SPECIALTIES = 10


def _staff_agency(actor, agency: Agency | None) -> Agency:
    """The agency the officer joins: the one the actor chose (they must be its staff), or their
    only agency. Staff of several agencies always choose: never the first one by default."""
    ids = roles_of(actor).staff_agency_ids
    if not ids:
        raise PermissionDenied("Only agency admins and coordinators invite officers.")
    if agency is not None:
        if agency.pk not in ids:
            raise PermissionDenied("Only the agency's admins and coordinators invite its officers.")
        return agency
    if len(ids) > 1:
        raise PermissionDenied("You work for several agencies: choose the agency to invite into.")
    return Agency.objects.get(pk=ids[0])


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:
        raise DomainError("Email: give a valid email address.", field="email") from None
    return email


class AddressTaken(DomainError):
    """The address already has an account. The page must not say so (it would tell staff who is
    registered): it answers as for an invitation and calls ``tell_registered_address``."""

    def __init__(self):
        super().__init__("Email: someone already has an account with this address.", field="email")


def _refuse_registered(email: str) -> None:
    # Accounts are global (one login per address): look across tenants, on purpose. Checked
    # after every other field, so that the answer to bad input never depends on it.
    with scopes_disabled():
        if User.objects.filter(email__iexact=email).exists():
            raise AddressTaken()


def tell_registered_address(*, actor, email: str, agency: Agency | None = None) -> None:
    """Mail the owner of an already registered address that an agency tried to add them (after
    commit); the staff member sees the same answer as for a new invitation."""
    agency = _staff_agency(actor, agency)
    context = {"agency": agency, "inviter": actor, "email": email}
    subject = render_to_string("officers/email/invitation_registered_subject.txt", context)
    body = render_to_string("officers/email/invitation_registered_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject.strip(), body, None, [email]))


def _clean_specialties(specialties) -> list[str]:
    if isinstance(specialties, str):
        specialties = specialties.split(",")
    cleaned = []
    for item in specialties or []:
        word = str(item).strip().lower()
        if word and word not in cleaned:
            cleaned.append(word[:40])
    if len(cleaned) > MAX_SPECIALTIES:
        raise DomainError(f"Specialties: list at most {MAX_SPECIALTIES}.", field="specialties")
    return cleaned


def set_password_url(user: User, base_url: str = "") -> str:
    """The allauth password-reset key link that lets ``user`` choose a password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return (base_url or settings.SITE_URL).rstrip("/") + path


def invite_officer(
    *,
    actor,
    agency: Agency | None = None,
    email: str,
    full_name: str,
    rank: str,
    badge_number: str,
    seniority_date: date,
    specialties=(),
    phone: str = "",
    base_url: str = "",
) -> Officer:
    """Create the officer's account and profile in ``agency`` (one the actor is staff of; may be
    left out when they are staff of one agency only) and email the invitation (after commit).
    Raises DomainError naming the field for bad input."""
    agency = _staff_agency(actor, agency)
    full_name = (full_name or "").strip()
    if not full_name:
        raise DomainError("Full name: give the officer's name.", field="full_name")
    email = _clean_email(email)
    card = card_for_agency(agency)
    if rank not in {r.code for r in card.ranks}:
        raise DomainError("Rank: choose one of the agency's ranks.", field="rank")
    badge_number = (badge_number or "").strip()
    if not badge_number:
        raise DomainError("Badge number: give the officer's badge number.", field="badge_number")
    if not isinstance(seniority_date, date):
        raise DomainError("Seniority date: give a date.", field="seniority_date")
    if seniority_date > timezone.localdate():
        raise DomainError("Seniority date: it cannot be in the future.", field="seniority_date")
    specialties = _clean_specialties(specialties)
    if Officer.objects.filter(agency=agency, badge_number=badge_number).exists():
        raise DomainError(
            "Badge number: another officer of the agency has this badge number.",
            field="badge_number",
        )
    _refuse_registered(email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            officer = Officer.objects.create(
                user=user,
                agency=agency,
                rank=rank,
                badge_number=badge_number,
                seniority_date=seniority_date,
                specialties=specialties,
                phone=(phone or "").strip()[:40],
            )
            record(
                officer,
                actor=actor,
                event="officer.invited",
                agency=agency,
                data={"officer": officer.pk, "full_name": full_name, "email": email},
            )
    except IntegrityError:
        raise AddressTaken() from None
    link = set_password_url(user, base_url)
    context = {
        "officer": officer,
        "agency": agency,
        "inviter": actor,
        "link": link,
        "rank": rank_name(card, rank),
    }
    subject = render_to_string("officers/email/invitation_subject.txt", context).strip()
    body = render_to_string("officers/email/invitation_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return officer


def update_phone(officer: Officer, *, actor, phone: str) -> Officer:
    """The officer edits their own phone number (the rest of the profile is the agency's)."""
    if roles_of(actor).officer_id != officer.pk:
        raise PermissionDenied("Only the officer may change their phone number.")
    phone = (phone or "").strip()
    if len(phone) > 40:
        raise DomainError("Phone: at most 40 characters.", field="phone")
    if phone and sum(ch.isdigit() for ch in phone) < 7:
        raise DomainError("Phone: give a number with at least 7 digits.", field="phone")
    officer.phone = phone
    officer.save(update_fields=["phone"])
    return officer
