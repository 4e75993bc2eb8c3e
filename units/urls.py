from __future__ import annotations

from django.urls import path

from units.api import views

urlpatterns = [
    path("api/units/", views.UnitListView.as_view(), name="api-units"),
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
