"""API authentication (docs/api.md): ``POST /api/v1/auth/token/``, ``GET /api/v1/auth/me/``, and
the caller's own tokens: ``GET /api/v1/auth/tokens/``, ``DELETE /api/v1/auth/tokens/<id>/``.

Failed token requests count with failed HTML logins (accounts/limits.py): both authenticate
through allauth's account adapter."""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts import limits, tokens
from accounts.roles import roles_of
from agencies.models import Agency
from detailhire.api import bad_request

BAD_CREDENTIALS = "The email address or password is not correct."
UNVERIFIED = "Confirm your email address first: follow the link in the email we sent you."
TOO_MANY = "Too many failed login attempts. Try again later."


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
    """At most 20 token requests a minute per client address and email (failed ones are limited
    further, with the HTML login: accounts/limits.py). The client address honours
    ``NUM_PROXIES`` (settings: ``TRUSTED_PROXY_COUNT``), never a forged X-Forwarded-For."""

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
        try:
            user = get_adapter(request._request).authenticate(
                request._request, email=email, password=data.validated_data["password"]
            )
        except ValidationError:  # too many failed attempts (accounts/limits.py)
            return Response(
                {"detail": TOO_MANY, "field": "password", "errors": {"password": [TOO_MANY]}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": "300"},
            )
        if user is None or not user.is_active:
            return bad_request("password", BAD_CREDENTIALS)
        if _needs_verification(user):
            return bad_request("email", UNVERIFIED)
        limits.record_success(request._request, user.email)
        return Response({"token": tokens.issue(user).key})


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Names the token; never the key itself.")
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="The token that authenticated this request.")


class TokenListView(APIView):
    """The caller's API tokens (a user has one at a time): when issued, when they expire."""

    permission_classes = (IsAuthenticated,)
    pagination_class = None

    @extend_schema(responses={200: TokenInfoSerializer(many=True)})
    def get(self, request):
        current = getattr(request.auth, "key", None)
        return Response(
            [
                {
                    "id": tokens.public_id(token),
                    "created": token.created,
                    "expires": tokens.expires_at(token),
                    "current": token.key == current,
                }
                for token in tokens.tokens_of(request.user)
            ]
        )


class TokenRevokeView(APIView):
    """Revoke one of the caller's tokens: it authenticates nobody from now on."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=None, responses={204: OpenApiResponse(description="The token is revoked.")}
    )
    def delete(self, request, token_id: str):
        for token in tokens.tokens_of(request.user):
            if tokens.public_id(token) == token_id:
                token.delete()
                return Response(status=status.HTTP_204_NO_CONTENT)
        raise NotFound("No such token among yours.")


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
