"""Factories for the rows tests need (factory-boy): people, agencies (bare, or shipped with their
rate card loaded as an operator would), staff, officers, customer organizations and members, jobs
with their shifts and positions, assignments, field notes.

Rows are written through unscoped managers: a factory makes data for a test, it does not act as
anyone (tenancy is what the tests check, through the app). Each factory has sane defaults; pass
what the test is about:

    coordinator = StaffFactory(agency=agency).user
    job = JobFactory(agency=agency, organization=org, shifts=2, shifts__officers=3)
    assignment = AssignmentFactory(position=job_positions(job)[0], officer=officer)

A job made by ``JobFactory`` is a plain row with an empty quote and card snapshot (for pages,
tenancy and API tests); a job priced by the engine comes from the booking service
(``tests.officers.helpers.book``, ``tests.customers.conftest.make_job``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import factory
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django_scopes import scopes_disabled
from factory.django import DjangoModelFactory

from accounts.models import User
from agencies.models import Agency, StaffMembership
from jobs.models import Job, Position, PricedCard, Shift
from officers.models import Assignment, FieldMedia, FieldNote, Officer

# isort: split
# Customer organizations and their members: their one import in the tests (helpers use these names).
from customers.models import CustomerMembership, CustomerOrganization

CARDS = Path(__file__).resolve().parents[1] / "agencies" / "cards"
SHIPPED = ("nopd", "asheville")


class UnscopedFactory(DjangoModelFactory):
    """Creates through the model's unscoped manager (no tenant scope needs to be active)."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class._base_manager


# --- people --------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A signed-up user with a verified email address and no usable password (log in with
    ``client.force_login(user)`` or a token); ``password="..."`` sets one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):  # noqa: N805 - factory-boy passes the object
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


# --- agencies and their people -------------------------------------------------------------------


class AgencyFactory(UnscopedFactory):
    """A bare agency (no rate card)."""

    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"agency{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.capitalize()} Police Department")
    time_zone = "America/Chicago"
    office_phone = "(555) 010-0000"


class ShippedAgencyFactory(factory.Factory):
    """A shipped agency (``nopd`` or ``asheville``) with its current rate card, loaded from
    ``agencies/cards/<slug>.json`` by ``manage.py load_ratecard`` as an operator would. Loading
    an agency already there returns it unchanged."""

    class Meta:
        model = Agency

    slug = "nopd"

    @classmethod
    def _create(cls, model_class, slug):
        if slug not in SHIPPED:
            raise ValueError(f"no shipped card for {slug!r}: one of {SHIPPED}")
        agency = Agency._base_manager.filter(slug=slug).first()
        if agency is None:
            call_command("load_ratecard", str(CARDS / f"{slug}.json"), verbosity=0)
            agency = Agency._base_manager.get(slug=slug)
        return agency


def shipped_agencies() -> dict[str, Agency]:
    """Both shipped agencies with their cards, by slug."""
    return {slug: ShippedAgencyFactory(slug=slug) for slug in SHIPPED}


class StaffFactory(UnscopedFactory):
    """A staff membership: a coordinator by default; ``role=StaffMembership.Role.ADMIN`` or the
    ``admin=True`` trait for an agency admin."""

    class Meta:
        model = StaffMembership

    class Params:
        admin = factory.Trait(role=StaffMembership.Role.ADMIN)

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = StaffMembership.Role.COORDINATOR
    phone = ""


class OfficerFactory(UnscopedFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    rank = "officer"
    badge_number = factory.Sequence(lambda n: f"B-{1000 + n}")
    seniority_date = date(2015, 5, 1)
    specialties = factory.LazyFunction(list)


# --- customers -----------------------------------------------------------------------------------


class CustomerOrganizationFactory(UnscopedFactory):
    class Meta:
        model = CustomerOrganization

    name = factory.Sequence(lambda n: f"Customer Organization {n}")
    phone = "(555) 010-0002"


class CustomerMembershipFactory(UnscopedFactory):
    """A customer: ``user`` member of ``organization``."""

    class Meta:
        model = CustomerMembership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(CustomerOrganizationFactory)


# --- jobs ----------------------------------------------------------------------------------------

STARTS = datetime(2030, 6, 1, 18, tzinfo=UTC)


class JobFactory(UnscopedFactory):
    """An approved job row with ``shifts`` shifts (default 1, each 4 hours, a day apart), each
    with ``shifts__officers`` open positions (default 1) at ``shifts__officer_pay_rate``. Its
    quote and card snapshot are empty: nothing priced it. ``shifts=0`` makes none."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    organization = factory.SubFactory(CustomerOrganizationFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Detail {n}")
    category = "event_security"
    rank = "officer"
    address = "1 Main St"
    status = Job.Status.APPROVED
    requested_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=31))
    starts_at = STARTS
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    coordinator = None
    card_version = 1
    card = factory.LazyAttribute(lambda o: PricedCard.of(o.agency.pk, o.card_version, {}))
    request_snapshot = factory.LazyFunction(dict)
    quote = factory.LazyFunction(dict)
    total = Decimal("100.00")

    @factory.post_generation
    def shifts(job, create, extracted, **kwargs):  # noqa: N805 - factory-boy passes the object
        if not create:
            return
        count = 1 if extracted is None else int(extracted)
        length = job.ends_at - job.starts_at
        for index in range(count):
            starts = job.starts_at + timedelta(days=index)
            ShiftFactory(
                job=job,
                index=index,
                starts_at=starts,
                ends_at=starts + length,
                officers=kwargs.get("officers", 1),
                officer_pay_rate=kwargs.get("officer_pay_rate", Decimal("40.00")),
                positions__status=kwargs.get("status", Position.Status.OPEN),
            )


class ShiftFactory(UnscopedFactory):
    """A shift of ``job`` with one position per officer (``positions=0``: none yet;
    ``positions__status``: their status, default open)."""

    class Meta:
        model = Shift
        skip_postgeneration_save = True

    job = factory.SubFactory(JobFactory, shifts=0)
    index = 0
    starts_at = factory.LazyAttribute(lambda o: o.job.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.job.ends_at)
    officers = 1
    officer_pay_rate = Decimal("40.00")

    @factory.post_generation
    def positions(shift, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        count = shift.officers if extracted is None else int(extracted)
        for index in range(count):
            PositionFactory(
                shift=shift, index=index, status=kwargs.get("status", Position.Status.OPEN)
            )


class PositionFactory(UnscopedFactory):
    class Meta:
        model = Position

    shift = factory.SubFactory(ShiftFactory, positions=0)
    index = 0
    officer_pay_rate = factory.LazyAttribute(lambda o: o.shift.officer_pay_rate)
    status = Position.Status.OPEN


class AssignmentFactory(UnscopedFactory):
    """An active assignment of ``officer`` (by default a new officer of the job's agency) on
    ``position``, over its shift's times."""

    class Meta:
        model = Assignment

    position = factory.SubFactory(PositionFactory, status=Position.Status.FILLED)
    officer = factory.SubFactory(
        OfficerFactory, agency=factory.SelfAttribute("..position.shift.job.agency")
    )
    state = Assignment.State.ACTIVE
    starts_at = factory.LazyAttribute(lambda o: o.position.shift.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.position.shift.ends_at)


class FieldNoteFactory(UnscopedFactory):
    class Meta:
        model = FieldNote

    assignment = factory.SubFactory(AssignmentFactory)
    author = factory.LazyAttribute(lambda o: o.assignment.officer.user)
    text = "Gate report"
    created_at = factory.LazyFunction(lambda: datetime.now(UTC))


class FieldMediaFactory(UnscopedFactory):
    """A stored file of a note; the file itself is the test's to write (``stored_name`` under
    MEDIA_ROOT)."""

    class Meta:
        model = FieldMedia

    note = factory.SubFactory(FieldNoteFactory)
    stored_name = factory.Sequence(lambda n: f"field-media/test/{n:032x}.pdf")
    original_name = "report.pdf"
    content_type = "application/pdf"
    size = 0
    created_at = factory.LazyAttribute(lambda o: o.note.created_at)


# --- reading rows back, unscoped -----------------------------------------------------------------


def user(email: str) -> User:
    return User.objects.get(email=email)


def officer_of(email: str) -> Officer:
    with scopes_disabled():
        return Officer.objects.select_related("user").get(user__email=email)


def get_job(pk: int) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=pk)


def job_count() -> int:
    with scopes_disabled():
        return Job.objects.count()


def job_positions(job: Job, role: str | None = None) -> list[Position]:
    """The job's positions in shift and position order (``role``: only those)."""
    with scopes_disabled():
        found = Position.objects.filter(shift__job=job).select_related("shift")
        if role:
            found = found.filter(role=role)
        return list(found.order_by("shift__index", "index"))
