from __future__ import annotations

from django.urls import path, re_path

from interop.views import alerts, docs, exports, feeds, open311, webhooks

app_name = "interop"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    # Open311 GeoReport v2
    re_path(r"^open311/v2/services" + FMT, open311.ServiceListView.as_view(), name="services"),
    re_path(
        r"^open311/v2/services/(?P<code>[A-Za-z0-9_\-]{1,64})" + FMT,
        open311.ServiceDefinitionView.as_view(),
        name="service",
    ),
    re_path(r"^open311/v2/requests" + FMT, open311.RequestListView.as_view(), name="requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[A-Za-z0-9]{1,32})" + FMT,
        open311.RequestDetailView.as_view(),
        name="request",
    ),
    # CAP 1.2
    path("feeds/cap.xml", feeds.CapFeedView.as_view(), name="cap-feed"),
    path("feeds/cap/<int:pk>.xml", feeds.CapAlertView.as_view(), name="cap-alert"),
    # GeoJSON and CSV
    path("api/incidents.geojson", exports.IncidentsGeoJsonView.as_view(), name="geojson"),
    path("api/export/incidents.csv", exports.IncidentsCsvView.as_view(), name="export-incidents"),
    path("api/export/reports.csv", exports.ReportsCsvView.as_view(), name="export-reports"),
    # OpenAPI
    path("api/schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", docs.DocsView.as_view(), name="api-docs"),
    # Alerts to people: the open ones, and the board's acknowledgement
    path("api/alerts/", alerts.AlertListView.as_view(), name="api-alerts"),
    path("api/alerts/<int:pk>/ack/", alerts.AlertAckView.as_view(), name="api-alert-ack"),
    # SMS and WhatsApp intake
    path("webhooks/whatsapp/", webhooks.whatsapp, name="webhook-whatsapp"),
    path("webhooks/sms/", webhooks.sms, name="webhook-sms"),
]
