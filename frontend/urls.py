from __future__ import annotations

from django.urls import path

from frontend import api, basemap, duty, report_views, views

app_name = "frontend"

urlpatterns = [
    path("", views.console, name="console"),
    path("agency/", views.agency_board, name="agency"),
    path("publik/", views.public_map, name="public"),
    path("lapor/", views.report_form, name="report"),
    path("lacak/", views.track_lookup, name="track-lookup"),
    path("lacak/<str:code>/", views.track, name="track"),
    path("statistik/", views.stats, name="stats"),
    path("statistik/harian/", views.daily, name="daily"),
    path("statistik/harian.csv", views.daily_csv, name="daily-csv"),
    # The leaders' reports (../shared/DESIGN.md §7); the tahunan URLs take ?month= too.
    path("statistik/harian.pdf", report_views.daily_pdf, name="daily-pdf"),
    path("statistik/tahunan/", report_views.period_page, name="period"),
    path("statistik/tahunan.pdf", report_views.period_pdf, name="period-pdf"),
    path("statistik/tahunan.xlsx", report_views.period_xlsx, name="period-xlsx"),
    path("api/preview/", api.PreviewView.as_view(), name="api-preview"),
    path(
        "api/incidents/<int:pk>/duplicates/",
        api.IncidentDuplicatesView.as_view(),
        name="api-incident-duplicates",
    ),
    path("api/stats/", api.StatsView.as_view(), name="api-stats"),
    path("api/place-search/", api.PlaceSearchView.as_view(), name="api-place-search"),
    path("api/duty/", duty.DutyView.as_view(), name="api-duty"),
    # The offline base map (frontend/basemap.py): public, like the live map.
    path("peta/dasar/<str:name>", basemap.base_file, name="base-file"),
    path("peta/label/<str:code>.json", basemap.base_labels, name="base-labels"),
]
