"""The shape of the tenancy filter (issue: fast at 250 agencies): a model whose row carries both
dimensions is filtered by the caller's own dimension only, never by a subquery over its own table
(PLAT-TENANT-1 still holds: the other tenant's rows stay out)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Invoice
from detailhire import tenancy
from jobs.models import Job, Position, Shift
from officers.models import Assignment

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    return str(queryset.query).upper()


@pytest.mark.parametrize("model", [Job, Shift, Position, Invoice])
@pytest.mark.parametrize("who", ["coordinator", "admin", "officer", "customer"])
def test_scope_adds_no_subquery_on_models_that_carry_both_dimensions(tenant_a, model, who):
    with tenancy.user_scope(getattr(tenant_a, who)):
        sql = _sql(model.objects.all())
    assert sql.count("SELECT") == 1, sql


def test_a_model_reaching_the_dimensions_through_different_relations_keeps_both(tenant_a):
    """An assignment's agency is its officer's, its organization its job's: both are applied."""
    with tenancy.user_scope(tenant_a.coordinator):
        sql = _sql(Assignment.objects.all())
    assert "ORGANIZATION_ID" in sql and "AGENCY_ID" in sql


def test_the_shorter_scope_still_keeps_tenants_apart_plat_tenant_1(tenant_a, tenant_b):
    """PLAT-TENANT-1: with the implied dimension skipped, each side sees only its own jobs."""
    from tests.factories import JobFactory

    job_a = JobFactory(agency=tenant_a.agency, organization=tenant_a.organization)
    job_b = JobFactory(agency=tenant_b.agency, organization=tenant_b.organization)
    for who in ("coordinator", "officer", "customer"):
        with tenancy.user_scope(getattr(tenant_a, who)):
            assert list(Job.objects.values_list("pk", flat=True)) == [job_a.pk]
            assert not Job.objects.filter(pk=job_b.pk).exists()
        with tenancy.user_scope(getattr(tenant_b, who)):
            assert list(Job.objects.values_list("pk", flat=True)) == [job_b.pk]


def test_one_query_for_a_scoped_job_count(tenant_a):
    with tenancy.user_scope(tenant_a.coordinator), CaptureQueriesContext(connection) as queries:
        Job.objects.count()
    assert len(queries) == 1
    assert queries[0]["sql"].upper().count("SELECT") == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("who", ["coordinator", "officer"])
def test_the_organization_probe_of_an_assignment_is_an_index_only_scan(tenant_a, who):
    """The implied organization of an agency-side caller ("the job's organization booked with
    this agency") is answered per row from ``job_organization_agency`` alone, not by combining
    the organization's and the agency's job lists (0.9 ms a row for an agency's 4,000 jobs)."""
    with tenancy.user_scope(getattr(tenant_a, who)):
        sql, params = Assignment.objects.all().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using job_organization_agency" in plan, plan
