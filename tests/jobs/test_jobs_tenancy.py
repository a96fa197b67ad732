"""PLAT-TENANT-1 for the jobs API: the URL walk's check, limited to the jobs routes (the full walk
in tests/tenancy covers every route of the project)."""

import pytest

from tests.tenancy.test_url_walk import actors, foreign_kwargs, tenant_routes
from tests.tenancy.urlwalk import FOREIGN_OBJECT_STATUSES, build_url, visit

pytestmark = pytest.mark.django_db


def _jobs_routes():
    return [route for route in tenant_routes() if route.route.startswith("api/v1/jobs/")]


def test_the_jobs_routes_are_walked():
    names = {route.name for route in _jobs_routes()}
    assert names == {
        "api-jobs",
        "api-job",
        "api-job-approve",
        "api-job-deny",
        "api-job-cancel",
        "api-job-reduce",
        "api-job-schedule",  # the desk's schedule change
        "api-job-hours-approve",  # billing's (PLAT-ATTEND-1)
    }


def test_another_tenants_job_answers_404_or_403_plat_tenant_1(tenant_a, tenant_b, outsider):
    """PLAT-TENANT-1."""
    problems = []
    for route in _jobs_routes():
        if not route.kwargs:
            problems += visit(
                route, "/" + route.route, actors(tenant_a, outsider), tenant_b.markers
            )
            continue
        url = build_url(route, foreign_kwargs(route, tenant_b))
        problems += visit(
            route, url, actors(tenant_a, outsider), tenant_b.markers, FOREIGN_OBJECT_STATUSES
        )
    assert not problems, "\n".join(problems)
