from __future__ import annotations

from django.urls import path

from units import views as pages
from units.api import facilities, views

urlpatterns = [
    # The field app (units/views.py): the page, its manifest and its service worker.
    path("lapangan/", pages.field_page, name="field"),
    path("lapangan/manifest.webmanifest", pages.field_manifest, name="field-manifest"),
    path("lapangan/sw.js", pages.field_worker, name="field-worker"),
    path("api/units/", views.UnitListView.as_view(), name="api-units"),
    path("api/facilities/", facilities.FacilityListView.as_view(), name="api-facilities"),
    path("api/units/<int:pk>/status/", views.UnitStatusView.as_view(), name="api-unit-status"),
    path(
        "api/units/<int:pk>/positions/",
        views.UnitPositionsView.as_view(),
        name="api-unit-positions",
    ),
    path(
        "api/incidents/<int:pk>/recommendations/",
        views.RecommendationsView.as_view(),
        name="api-incident-recommendations",
    ),
    path(
        "api/incidents/<int:pk>/units/",
        views.IncidentUnitsView.as_view(),
        name="api-incident-units",
    ),
]
