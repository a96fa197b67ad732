"""Demo data (docs/api.md, "Demo data"): the shipped agencies, their staff and officers, and two
customer organizations. ``seed_demo(actor=None)`` is idempotent: a second run changes nothing.

Every demo user logs in with the password ``detailhire-demo`` and a verified email address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_scopes import scopes_disabled

DEMO_PASSWORD = "detailhire-demo"  # noqa: S105 - published demo credentials (docs/api.md)


@dataclass(frozen=True)
class Person:
    email: str
    full_name: str
    phone: str = ""


@dataclass(frozen=True)
class OfficerSeed:
    person: Person
    rank: str
    badge_number: str
    seniority_date: date
    specialties: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencySeed:
    slug: str
    admin: Person
    coordinator: Person
    coordinator_line: str  # the direct line customers see (NOPD-COORD-1)
    officers: tuple[OfficerSeed, ...]


@dataclass(frozen=True)
class OrganizationSeed:
    name: str
    member: Person
    billing_contact: str
    address: str
    phone: str


@dataclass
class Summary:
    """What a run did, counted per kind: ``created`` / ``updated`` / ``unchanged``."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def describe(self) -> str:
        """One line, e.g. ``2 rate cards, 26 users (26 new), 4 staff (4 new)``."""
        parts = []
        for kind, c in self.counts.items():
            news = [
                f"{c[key]} {label}"
                for key, label in (("created", "new"), ("updated", "updated"))
                if c[key]
            ]
            parts.append(f"{sum(c.values())} {kind}" + (f" ({', '.join(news)})" if news else ""))
        return ", ".join(parts)


# --- the people ----------------------------------------------------------------------------------

_NOPD_OFFICERS = (
    # (first last, rank, seniority date, specialties)
    ("Andre Fontenot", "officer", date(2021, 8, 16), ()),
    ("Keisha Batiste", "officer", date(2020, 3, 2), ()),
    ("Luis Delgado", "officer", date(2019, 6, 10), ()),
    ("Tamara Guidry", "officer", date(2018, 1, 22), ()),
    ("Nathan Robichaux", "officer", date(2017, 9, 5), ()),
    ("Darnell Pierre", "officer", date(2016, 4, 18), ("motorcycle",)),
    ("Colleen Hebert", "officer", date(2015, 11, 30), ("canine",)),
    ("Jamal Thibodeaux", "officer", date(2014, 7, 14), ("mounted",)),
    ("Renee Landry", "sergeant", date(2011, 2, 28), ()),
    ("Victor Arceneaux", "sergeant", date(2009, 10, 12), ()),
    ("Monique Broussard", "lieutenant", date(2006, 5, 1), ()),
    ("Patrick Dupuy", "captain", date(2001, 3, 19), ()),
)

_ASHEVILLE_OFFICERS = (
    ("Caleb Whitaker", date(2022, 1, 10)),
    ("Hannah Greer", date(2020, 9, 14)),
    ("Marcus Ledford", date(2019, 4, 1)),
    ("Sophie Ramsey", date(2018, 2, 5)),
    ("Eli Crawford", date(2016, 8, 22)),
    ("Jenna Pressley", date(2015, 6, 8)),
    ("Travis McAllister", date(2012, 11, 19)),
    ("Laura Burleson", date(2010, 3, 15)),
)

AGENCIES = (
    AgencySeed(
        slug="nopd",
        admin=Person("admin@nopd.demo", "Dana Whitfield", "(504) 658-8700"),
        coordinator=Person("coordinator@nopd.demo", "Marcus Boudreaux", "(504) 658-8761"),
        coordinator_line="(504) 658-8761",
        officers=tuple(
            OfficerSeed(
                Person(f"officer{n}@nopd.demo", name, f"(504) 555-01{n:02d}"),
                rank,
                f"N{2400 + n}",
                seniority,
                specialties,
            )
            for n, (name, rank, seniority, specialties) in enumerate(_NOPD_OFFICERS, start=1)
        ),
    ),
    AgencySeed(
        slug="asheville",
        admin=Person("admin@asheville.demo", "Grace Holloway", "(828) 259-5800"),
        coordinator=Person("coordinator@asheville.demo", "Owen Buckner", "(828) 259-5812"),
        coordinator_line="(828) 259-5812",
        officers=tuple(
            OfficerSeed(
                Person(f"officer{n}@asheville.demo", name, f"(828) 555-01{n:02d}"),
                "officer",
                f"A{700 + n}",
                seniority,
            )
            for n, (name, seniority) in enumerate(_ASHEVILLE_OFFICERS, start=1)
        ),
    ),
)

ORGANIZATIONS = (
    OrganizationSeed(
        name="Acme Events",
        member=Person("customer@acme.demo", "Jordan Reyes", "(504) 555-0188"),
        billing_contact="Jordan Reyes",
        address="1200 Poydras St, Suite 300\nNew Orleans, LA 70112",
        phone="(504) 555-0188",
    ),
    OrganizationSeed(
        name="Bistro Row",
        member=Person("customer@bistro.demo", "Priya Natarajan", "(828) 555-0143"),
        billing_contact="Priya Natarajan",
        address="45 Biltmore Ave\nAsheville, NC 28801",
        phone="(828) 555-0143",
    ),
)


# --- the run -------------------------------------------------------------------------------------


def shipped_card(slug: str):
    """``(profile, card)`` of a shipped agency card (``agencies/cards/<slug>.json``)."""
    from agencies.pricing.shipped import load_shipped, shipped_profile

    return shipped_profile(slug), load_shipped(slug)


def seed_demo(*, actor=None) -> Summary:
    """Create or complete the demo data. Returns what changed (nothing on a second run)."""
    from agencies.ratecards import save_card

    summary = Summary()
    password_hash = _PasswordHash()
    with transaction.atomic(), scopes_disabled():
        agencies = {}
        for seed in AGENCIES:
            profile, card = shipped_card(seed.slug)
            stored = save_card(card, profile, actor=actor)
            summary.add("rate cards", "created" if stored.was_created else "unchanged")
            agencies[seed.slug] = stored.agency
        for seed in AGENCIES:
            agency = agencies[seed.slug]
            for person, role in ((seed.admin, "admin"), (seed.coordinator, "coordinator")):
                user = _user(person, password_hash, summary)
                line = seed.coordinator_line if role == "coordinator" else ""
                _staff(user, agency, role, line, summary)
            for officer in seed.officers:
                user = _user(officer.person, password_hash, summary)
                _officer(user, agency, officer, summary)
        for seed in ORGANIZATIONS:
            user = _user(seed.member, password_hash, summary)
            _organization(user, seed, summary)
    return summary


class _PasswordHash:
    """Hash the demo password once per run (hashing is deliberately slow)."""

    def __init__(self):
        self._value = None

    def __str__(self):
        if self._value is None:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


def _sync(instance, values: dict) -> bool:
    """Set ``values`` on ``instance``; True when something differed (then it is saved)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def _user(person: Person, password_hash: _PasswordHash, summary: Summary):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    user = user_model._base_manager.filter(email__iexact=person.email).first()
    if user is None:
        user = user_model(email=person.email, full_name=person.full_name, phone=person.phone)
        user.password = str(password_hash)
        user.save()
        summary.add("users", "created")
    else:
        updated = _sync(user, {"full_name": person.full_name, "phone": person.phone})
        summary.add("users", "updated" if updated else "unchanged")
    address = EmailAddress.objects.filter(user=user, email__iexact=person.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
    else:
        _sync(address, {"verified": True, "primary": True})
    return user


def _staff(user, agency, role: str, phone: str, summary: Summary) -> None:
    from agencies.models import StaffMembership

    membership = StaffMembership.objects.filter(user=user, agency=agency).first()
    if membership is None:
        StaffMembership.objects.create(user=user, agency=agency, role=role, phone=phone)
        summary.add("staff", "created")
    else:
        updated = _sync(membership, {"role": role, "phone": phone})
        summary.add("staff", "updated" if updated else "unchanged")


def _officer(user, agency, seed: OfficerSeed, summary: Summary) -> None:
    from officers.models import Officer

    values = {
        "agency": agency,
        "rank": seed.rank,
        "badge_number": seed.badge_number,
        "seniority_date": seed.seniority_date,
        "specialties": list(seed.specialties),
        "phone": seed.person.phone,
        "active": True,
    }
    officer = Officer._base_manager.filter(user=user).first()
    if officer is None:
        Officer.objects.create(user=user, **values)
        summary.add("officers", "created")
    else:
        summary.add("officers", "updated" if _sync(officer, values) else "unchanged")


def _organization(user, seed: OrganizationSeed, summary: Summary) -> None:
    from customers.models import CustomerMembership, CustomerOrganization

    values = {
        "billing_contact": seed.billing_contact,
        "billing_email": seed.member.email,
        "address": seed.address,
        "phone": seed.phone,
    }
    organization = CustomerOrganization._base_manager.filter(name=seed.name).first()
    if organization is None:
        organization = CustomerOrganization.objects.create(name=seed.name, **values)
        summary.add("customer organizations", "created")
    else:
        updated = _sync(organization, values)
        summary.add("customer organizations", "updated" if updated else "unchanged")
    CustomerMembership.objects.get_or_create(user=user, organization=organization)
