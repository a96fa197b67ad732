from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address. Roles come from memberships and profiles."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("Django admin access", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    # --- roles (accounts.roles): computed from memberships and profiles, cached per object ---

    @property
    def roles(self) -> list[str]:
        """["agency_admin", "coordinator", "officer", "customer"]: the ones this user holds."""
        from accounts.roles import roles_of

        return list(roles_of(self).names)

    def has_role(self, role: str) -> bool:
        from accounts.roles import roles_of

        return roles_of(self).has(role)

    @property
    def agency(self):
        """The agency this user works for (staff or officer) when it is exactly one, else None:
        a user of several agencies has no "first" one (see ``agencies``)."""
        from accounts.roles import roles_of
        from agencies.models import Agency

        agency_id = roles_of(self).sole_agency_id
        return Agency.objects.filter(pk=agency_id).first() if agency_id else None

    @property
    def agencies(self):
        """Every agency this user works for, as a queryset."""
        from accounts.roles import roles_of
        from agencies.models import Agency

        return Agency.objects.filter(pk__in=roles_of(self).agency_ids)

    @property
    def organizations(self):
        """The customer organizations this user is a member of, as a queryset."""
        from django_scopes import scopes_disabled

        from accounts.roles import roles_of
        from customers.models import CustomerOrganization

        with scopes_disabled():
            return CustomerOrganization.objects.filter(pk__in=roles_of(self).organization_ids)

    @property
    def officer_profile(self):
        """The user's active Officer profile, or None."""
        from accounts.roles import roles_of
        from officers.models import Officer

        officer_id = roles_of(self).officer_id
        return Officer._base_manager.filter(pk=officer_id).first() if officer_id else None

    @property
    def is_agency_admin(self) -> bool:
        return self.has_role("agency_admin")

    @property
    def is_coordinator(self) -> bool:
        """A coordinator or an agency admin (an admin may do everything a coordinator does)."""
        return self.has_role("coordinator") or self.has_role("agency_admin")

    @property
    def is_officer(self) -> bool:
        return self.has_role("officer")

    @property
    def is_customer(self) -> bool:
        return self.has_role("customer")
