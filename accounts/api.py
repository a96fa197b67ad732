"""API authentication (docs/api.md): ``POST /api/v1/auth/token/`` and ``GET /api/v1/auth/me/``."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.roles import roles_of
from agencies.models import Agency
from detailhire.api import bad_request

BAD_CREDENTIALS = "The email address or password is not correct."
UNVERIFIED = "Confirm your email address first: follow the link in the email we sent you."


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(help_text="The agency's slug.")
    rank = serializers.CharField(help_text="A rank code from the agency's rate card.")
    badge_number = serializers.CharField()
    specialties = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    phone = serializers.CharField()
    roles = serializers.ListField(
        child=serializers.ChoiceField(["agency_admin", "coordinator", "officer", "customer"])
    )
    agency = serializers.CharField(
        allow_null=True,
        help_text="Staff and officers of one agency: its slug; null for several (see agencies).",
    )
    agencies = serializers.ListField(child=serializers.CharField())
    organizations = serializers.ListField(
        child=inline_serializer(
            "MeOrganization", {"id": serializers.IntegerField(), "name": serializers.CharField()}
        )
    )
    officer = OfficerSerializer(allow_null=True)


class TokenThrottle(SimpleRateThrottle):
    """At most 20 token requests a minute per client address and email."""

    scope = "auth_token"
    rate = "20/minute"

    def get_cache_key(self, request, view):
        email = str(request.data.get("email", "")).strip().lower()
        ident = f"{self.get_ident(request)}:{email}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenView(APIView):
    """Exchange an email and password for an API token (``Authorization: Token <token>``)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (TokenThrottle,)

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        if not data.is_valid():
            field, messages = next(iter(data.errors.items()))
            return bad_request(field, _field_message(field, messages))
        email = data.validated_data["email"]
        user = authenticate(request._request, email=email, password=data.validated_data["password"])
        if user is None or not user.is_active:
            return bad_request("password", BAD_CREDENTIALS)
        if _needs_verification(user):
            return bad_request("email", UNVERIFIED)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The caller: who they are, their roles, agency, organizations and officer profile."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(describe_user(request.user))


def describe_user(user) -> dict:
    roles = roles_of(user)
    slugs = dict(Agency.objects.filter(pk__in=roles.agency_ids).values_list("pk", "slug"))
    officer = user.officer_profile
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "roles": list(roles.names),
        "agency": slugs.get(roles.sole_agency_id),
        "agencies": [slugs[pk] for pk in roles.agency_ids if pk in slugs],
        "organizations": [
            {"id": organization.pk, "name": organization.name}
            for organization in user.organizations
        ],
        "officer": None
        if officer is None
        else {
            "id": officer.pk,
            "agency": slugs.get(officer.agency_id),
            "rank": officer.rank,
            "badge_number": officer.badge_number,
            "specialties": list(officer.specialties or []),
        },
    }


def _field_message(field: str, messages) -> str:
    text = str(messages[0]) if messages else "This value is not valid."
    if text == "This field is required.":
        return f"{'Email address' if field == 'email' else 'Password'} is required."
    return text


def _needs_verification(user) -> bool:
    """With mandatory email verification, the API refuses the same users allauth's login does."""
    if getattr(settings, "ACCOUNT_EMAIL_VERIFICATION", "optional") != "mandatory":
        return False
    return not EmailAddress.objects.filter(user=user, verified=True).exists()
