"""/api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI with its assets served here)."""

from __future__ import annotations

import re
from typing import Any

from django.core.management import call_command
from django.test import Client


def schema() -> dict[str, Any]:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_it_serves_an_openapi_3_document_of_every_api(db: None) -> None:
    document = schema()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path in (
        "/api/reports/",
        "/api/incidents/",
        "/api/incidents/{id}/claim/",
        "/api/incidents.geojson",
        "/api/export/reports.csv",
        "/open311/v2/requests.{fmt}",
        "/feeds/cap.xml",
        "/api/calls/",
        "/api/aml/",
    ):
        assert path in paths, path
    assert "/api/schema/" not in paths and "/webhooks/sms/" not in paths


def test_it_documents_request_and_response_bodies(db: None) -> None:
    document = schema()
    paths, components = document["paths"], document["components"]["schemas"]
    create = paths["/api/reports/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert set(components[body.rsplit("/", 1)[-1]]["properties"]) >= {"text", "lat", "lon"}
    created = create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert set(components[created.rsplit("/", 1)[-1]]["properties"]) == {
        "id",
        "tracking_code",
        "status_url",
    }
    claim = paths["/api/incidents/{id}/claim/"]["post"]
    assert set(claim["responses"]) >= {"200", "400", "403", "404", "409"}
    status = paths["/api/incidents/{id}/status/"]["post"]["requestBody"]["content"]
    ref = status["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "status" in components[ref]["properties"]
    open311_post = paths["/open311/v2/requests.{fmt}"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in open311_post
    assert "tokenAuth" in document["components"]["securitySchemes"]
    aml_post = paths["/api/aml/"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in aml_post
    assert set(paths["/api/calls/"]["post"]["responses"]) >= {"202", "400", "403"}


def test_it_serves_the_docs_page_and_its_assets_locally(db: None) -> None:
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    # The strict CSP of every page holds: no inline script or style, nothing remote.
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assets = re.findall(r"(?:src|href)=\"(/[^\"]+)\"", html)
    assert any("swagger-ui-bundle.js" in a for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
    script = next(a for a in assets if "script" in a and "api/docs" in a)
    init = client.get(script)
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()


def test_it_documents_every_api_view(tmp_path: Any) -> None:
    """A new APIView whose bodies drf-spectacular cannot see fails here: describe it in
    interop/openapi.py (an OpenApiViewExtension) or with @extend_schema."""
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))
