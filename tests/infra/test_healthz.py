import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_with_database_and_broker_state(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "filesystem"}


def test_ping_is_bare_json_without_a_database_query(client):
    # No django_db mark: any database query here would raise.
    response = client.get("/api/v1/ping/")

    assert response.status_code == 200
    assert response.json() == {"pong": True}
