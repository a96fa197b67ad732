"""The framework's answers are API answers: documented for every operation and JSON under /api/
(a malformed id in an API URL answers a JSON 404, not the site's HTML page)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_malformed_id_in_an_api_url_is_a_json_404(client):
    response = client.post("/api/v1/jobs/-215/approve/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


def test_a_missing_page_is_still_the_site_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_every_operation_documents_the_errors_it_can_give():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["ApiError"]["required"] == ["detail"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = set(operation["responses"])
            if "{" in path:
                assert "404" in codes, (method, path)
            if {} not in operation.get("security", [{}]):
                assert {"401", "403"} <= codes, (method, path)
    quotes = schema["paths"]["/api/v1/agencies/{slug}/quotes/"]["post"]
    assert "401" not in quotes["responses"], "anyone may ask for a quote"
