"""The job board as a real API client reaches it: a token in the Authorization header, through the
whole middleware stack (PLAT-TENANT-1: the token decides the tenant on every request). The token,
its user and the user's roles are one statement; a deleted token, an inactive user or a removed
role counts from the very next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from accounts.authentication import ScopedTokenAuthentication
from accounts.models import User
from accounts.roles import forget_roles, roles_of
from officers.models import Officer
from tests.officers.helpers import book, local, officer, user

pytestmark = pytest.mark.usefixtures("demo")

BOARD = "/api/v1/positions/open/"


def token_client(email: str) -> tuple[Client, Token]:
    token, _created = Token.objects.get_or_create(user=user(email))
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}"), token


def test_a_deleted_token_is_refused_on_the_next_request():
    client, token = token_client("officer1@nopd.demo")
    assert client.get(BOARD).status_code == 200
    token.delete()
    response = client.get(BOARD)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_a_replaced_token_is_refused_and_the_new_one_accepted():
    client, token = token_client("officer1@nopd.demo")
    assert client.get(BOARD).status_code == 200
    token.delete()
    new = Token.objects.create(user=user("officer1@nopd.demo"))
    assert client.get(BOARD).status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {new.key}").get(BOARD).status_code == 200


def test_an_inactive_user_is_refused_with_drf_s_message():
    client, _token = token_client("officer1@nopd.demo")
    User.objects.filter(email="officer1@nopd.demo").update(is_active=False)
    response = client.get(BOARD)
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_an_unknown_key_is_refused():
    response = Client(HTTP_AUTHORIZATION="Token " + "0" * 40).get(BOARD)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_a_removed_role_counts_on_the_next_request_plat_tenant_1():
    client, _token = token_client("officer1@nopd.demo")
    assert client.get(BOARD).status_code == 200
    with scopes_disabled():
        Officer._base_manager.filter(pk=officer(1).pk).update(active=False)
    assert client.get(BOARD).status_code == 403  # no longer an officer: no board


def test_the_token_lookup_answers_what_drf_s_own_lookup_does():
    """Same user row, same token, and the roles read with it equal ``roles_of``'s own query, for
    every demo user (staff, officers, customers)."""
    fast = ScopedTokenAuthentication()
    for account in User.objects.order_by("pk"):
        token, _created = Token.objects.get_or_create(user=account)
        got_user, got_token = fast.authenticate_credentials(token.key)
        assert (got_token.key, got_token.user_id, got_token.created) == (
            token.key,
            token.user_id,
            token.created,
        )
        assert got_token.user is got_user
        for field in User._meta.concrete_fields:
            assert getattr(got_user, field.attname) == getattr(account, field.attname), field
        primed = roles_of(got_user)
        forget_roles(got_user)
        assert primed == roles_of(got_user), account.email


def board_queries(client: Client) -> tuple[int, int]:
    client.get(BOARD)  # warm the card cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BOARD)
    assert response.status_code == 200, response.content[:300]
    return len(queries), len(response.json()["results"])


def test_the_board_with_token_authentication_costs_two_queries_at_any_size():
    """Through the real middleware stack and DRF: the token with its user and roles (the officer
    profile with its agency's slug and time zone among them), then the board. The same count with
    2 open positions and with 62. (Elsewhere than PostgreSQL the token lookup is DRF's own, and
    the roles one more query.)"""
    client, _token = token_client("officer1@nopd.demo")
    book("One", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 2),))
    small, small_rows = board_queries(client)
    for day in range(10, 30):
        book(f"Day {day}", shifts=((local(2027, 3, day, 8), local(2027, 3, day, 16), 3),))
    large, large_rows = board_queries(client)
    assert (small_rows, large_rows) == (2, 50)  # a page
    assert small == large == (2 if connection.vendor == "postgresql" else 3)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's DateStyle")
def test_the_board_reads_times_whatever_the_server_datestyle():
    """The board's statement reads timestamps as values (binary), not as text in the server's
    DateStyle: a non-ISO DateStyle changes nothing."""
    from officers.services.board import board_page

    book("One", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 2),))
    profile = roles_of(officer(1).user).officer_profile
    expected = board_page(profile, offset=0, limit=10)
    assert expected[0]["starts_at"] == "2027-03-09T08:00:00-06:00"
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'SQL, DMY'")
    try:
        assert board_page(profile, offset=0, limit=10) == expected
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET DateStyle = 'ISO, MDY'")
