"""`/api/schema/` (OpenAPI 3) and `/api/docs/` (Swagger UI served from this server)."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document of every REST endpoint, for anyone."""


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package: no CDN, and no inline script or style."""

    template_name = "interop/swagger_ui.html"
    url_name = "interop:api-schema"
