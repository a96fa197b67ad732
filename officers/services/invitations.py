"""Officer accounts: an agency admin or coordinator invites an officer by email.

The invitation creates the user (no usable password) and the Officer profile in the staff
member's agency, then mails a "set your password" link built with allauth's password-reset key
(``account_reset_password_from_key``): the officer chooses a password on allauth's own page and
logs in. The email address is marked verified: the link only reaches its owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from accounts.roles import roles_of
from agencies.models import Agency
from audit.log import record
from detailhire import policy
from detailhire.errors import DomainError
from detailhire.mail import send_on_commit
from detailhire.phones import clean_phone
from officers.models import Officer
from officers.services.cards import card_for_agency, rank_name

MAX_SPECIALTIES = 10
MAX_SPECIALTY = 40


@dataclass(frozen=True)
class OfficerInvitation:
    """Who is invited, as the invite form read it: the email in lower case, the specialties as
    short lower-case words, the phone number cleaned (detailhire.phones)."""

    email: str
    full_name: str
    rank: str
    badge_number: str
    seniority_date: date
    specialties: tuple[str, ...] = ()
    phone: str = ""


def _staff_agency(actor, agency: Agency | None) -> Agency:
    """The agency the officer joins: the one given (the page's), else the actor's only one. A
    staff member of several agencies names it: never the first one by chance."""
    if agency is None:
        policy.require(actor, "officer.invite")
        ids = roles_of(actor).staff_agency_ids
        if len(ids) != 1:
            raise DomainError("Agency: choose the agency the officer joins.", field="agency")
        agency = Agency._base_manager.get(pk=ids[0])
    policy.require(actor, "officer.invite", agency)
    return agency


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:
        raise DomainError("Email: give a valid email address.", field="email") from None
    return email


def _registered(email: str) -> bool:
    # Accounts are global (one login per address): look across tenants, on purpose.
    with scopes_disabled():
        return User.objects.filter(email__iexact=email).exists()


def _tell_the_account_holder(email: str, agency: Agency, actor) -> None:
    """The address has an account already: its holder is told (the inviter learns nothing)."""
    context = {"agency": agency, "inviter": actor, "email": email}
    send_on_commit("officers/email/already_registered", context, [email])


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
    invitation: OfficerInvitation,
    *,
    actor,
    agency: Agency | None = None,
    base_url: str = "",
) -> Officer | None:
    """Create the officer's account and profile in ``agency`` (the actor's, when they have only
    one) and email the invitation (after commit). Raises DomainError naming the field when the
    agency's rules refuse it (rank, badge number, date).

    An address that already has an account gets a note saying so instead: nothing is created
    and None is returned. The inviter is told the same either way, so the form never reveals
    who is registered."""
    agency = _staff_agency(actor, agency)
    full_name = invitation.full_name.strip()
    if not full_name:
        raise DomainError("Full name: give the officer's name.", field="full_name")
    email = _clean_email(invitation.email)
    card = card_for_agency(agency)
    rank = invitation.rank
    if rank not in {r.code for r in card.ranks}:
        raise DomainError("Rank: choose one of the agency's ranks.", field="rank")
    badge_number = invitation.badge_number.strip()
    if not badge_number:
        raise DomainError("Badge number: give the officer's badge number.", field="badge_number")
    seniority_date = invitation.seniority_date
    if seniority_date > timezone.localdate():
        raise DomainError("Seniority date: it cannot be in the future.", field="seniority_date")
    specialties = list(invitation.specialties)
    if len(specialties) > MAX_SPECIALTIES:
        raise DomainError(f"Specialties: list at most {MAX_SPECIALTIES}.", field="specialties")
    if Officer.objects.filter(agency=agency, badge_number=badge_number).exists():
        raise DomainError(
            "Badge number: another officer of the agency has this badge number.",
            field="badge_number",
        )
    if _registered(email):
        _tell_the_account_holder(email, agency, actor)
        return None
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
                phone=clean_phone(invitation.phone),
            )
            record(
                officer,
                actor=actor,
                event="officer.invited",
                agency=agency,
                data={"officer": officer.pk, "full_name": full_name, "email": email},
            )
    except IntegrityError:  # registered meanwhile
        _tell_the_account_holder(email, agency, actor)
        return None
    link = set_password_url(user, base_url)
    context = {
        "officer": officer,
        "agency": agency,
        "inviter": actor,
        "link": link,
        "rank": rank_name(card, rank),
    }
    send_on_commit("officers/email/invitation", context, [email])
    return officer


@dataclass(frozen=True)
class OfficerRecord:
    """What an agency admin edits about an officer (the edit form read it)."""

    rank: str
    badge_number: str
    seniority_date: date
    specialties: tuple[str, ...]
    active: bool


def update_officer(officer: Officer, record_: OfficerRecord, *, actor) -> list[str]:
    """An agency admin changes an officer's rank, badge, seniority, specialties or activity
    (audited; returns the fields that changed). A deactivated officer keeps their history and
    loses access; one still holding upcoming details is refused until they are released."""
    from officers.models import Assignment
    from officers.states import LIVE_STATES

    agency = officer.agency
    policy.require(actor, "agency.manage", agency)
    card = card_for_agency(agency)
    if record_.rank not in {r.code for r in card.ranks}:
        raise DomainError("Rank: choose one of the agency's ranks.", field="rank")
    if not record_.badge_number:
        raise DomainError("Badge number: give the officer's badge number.", field="badge_number")
    if record_.seniority_date > timezone.localdate():
        raise DomainError("Seniority date: it cannot be in the future.", field="seniority_date")
    taken = Officer.objects.filter(agency=agency, badge_number=record_.badge_number)
    if taken.exclude(pk=officer.pk).exists():
        raise DomainError(
            "Badge number: another officer of the agency has this badge number.",
            field="badge_number",
        )
    values = {
        "rank": record_.rank,
        "badge_number": record_.badge_number,
        "seniority_date": record_.seniority_date,
        "specialties": list(record_.specialties),
        "active": record_.active,
    }
    with transaction.atomic():
        locked = Officer._base_manager.select_for_update().get(pk=officer.pk)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            return []
        if "active" in changed and not record_.active:
            upcoming = Assignment._base_manager.filter(
                officer=locked, state__in=LIVE_STATES, ends_at__gt=timezone.now()
            ).count()
            if upcoming:
                raise DomainError(
                    f"Active: the officer still holds {upcoming} upcoming "
                    f"detail{'s' if upcoming != 1 else ''}; release them first.",
                    field="active",
                )
        before = {name: getattr(locked, name) for name in changed}
        for name in changed:
            setattr(locked, name, values[name])
        locked.save(update_fields=changed)
        record(
            locked,
            actor=actor,
            event="officer.updated",
            agency=agency,
            data={
                "officer": locked.pk,
                "full_name": locked.user.full_name,
                "fields": changed,
                "before": {k: str(v) for k, v in before.items()},
                "after": {k: str(values[k]) for k in changed},
            },
        )
    for name in changed:
        setattr(officer, name, values[name])
    return changed


def update_phone(officer: Officer, *, actor, phone: str) -> Officer:
    """The officer edits their own phone number (the rest of the profile is the agency's)."""
    policy.require(actor, "officer.edit_phone", officer)
    officer.phone = clean_phone(phone)
    officer.save(update_fields=["phone"])
    return officer
