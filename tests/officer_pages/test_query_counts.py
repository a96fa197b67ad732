"""The board and schedule pages cost the same number of queries with 3 or 30 jobs (no N+1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.officer_pages.helpers import claimed, client_for
from tests.officers.helpers import book, local

pytestmark = pytest.mark.usefixtures("demo")


def count(client, url) -> int:
    client.get(url)  # warm the rate-card cache and the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_jobs(n: int, start_day: int) -> None:
    for k in range(n):
        day = local(2027, 4, 1, 8) + timedelta(days=start_day + k)
        book(f"Job {start_day + k}", shifts=((day, day + timedelta(hours=4), 2),))


def test_board_queries_do_not_grow_with_the_data():
    client = client_for("officer1@nopd.demo")
    add_jobs(3, 0)
    small = count(client, "/officer/board/")
    add_jobs(27, 3)
    large = count(client, "/officer/board/")
    assert small == large, (small, large)
    assert large <= 8


def test_schedule_queries_do_not_grow_with_the_data():
    client = client_for("officer1@nopd.demo")
    for k in range(2):
        day = local(2027, 3, 1, 8) + timedelta(days=k)
        claimed(f"Mine {k}", shifts=((day, day + timedelta(hours=4), 1),))
    small = count(client, "/officer/schedule/")
    for k in range(2, 20):
        day = local(2027, 3, 1, 8) + timedelta(days=k)
        claimed(f"Mine {k}", shifts=((day, day + timedelta(hours=4), 1),))
    large = count(client, "/officer/schedule/")
    assert small == large, (small, large)
    assert large <= 10
