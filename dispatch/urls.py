from __future__ import annotations

from django.urls import path

from dispatch import views
from dispatch.api import contacts, media, places, track
from dispatch.api import views as api

urlpatterns = [
    path("health/", views.health, name="health"),
    path("metrics", views.metrics, name="metrics"),
    path("api/auth/token/", api.TokenView.as_view(), name="api-token"),
    path("api/auth/logout/", api.LogoutView.as_view(), name="api-logout"),
    path("api/auth/logoutall/", api.LogoutAllView.as_view(), name="api-logoutall"),
    path("api/reports/", api.ReportCreateView.as_view(), name="api-reports"),
    path("api/reports/failed/", api.FailedReportsView.as_view(), name="api-reports-failed"),
    path("api/reports/waiting/", api.WaitingReportsView.as_view(), name="api-reports-waiting"),
    path("api/reports/<int:pk>/retry/", api.ReportRetryView.as_view(), name="api-report-retry"),
    path("api/track/<str:code>/", api.TrackView.as_view(), name="api-track"),
    path("api/track/<str:code>/rating/", track.TrackRatingView.as_view(), name="api-track-rating"),
    path("api/events/", api.EventsView.as_view(), name="api-events"),
    path("api/public/incidents/", api.PublicIncidentsView.as_view(), name="api-public-incidents"),
    path("api/incidents/", api.IncidentListView.as_view(), name="api-incidents"),
    path("api/incidents/<int:pk>/", api.IncidentDetailView.as_view(), name="api-incident"),
    path("api/incidents/<int:pk>/claim/", api.ClaimView.as_view()),
    path("api/incidents/<int:pk>/callback/", contacts.CallBackView.as_view()),
    path("api/incidents/<int:pk>/release/", api.ReleaseView.as_view()),
    path("api/incidents/<int:pk>/status/", api.StatusView.as_view()),
    path("api/incidents/<int:pk>/reopen/", api.ReopenView.as_view()),
    path("api/incidents/<int:pk>/assign/", api.AssignView.as_view()),
    path("api/incidents/<int:pk>/merge/", api.MergeView.as_view()),
    path("api/incidents/<int:pk>/cancel/", api.CancelView.as_view()),
    path("api/incidents/<int:pk>/split/", api.SplitView.as_view()),
    path("api/incidents/<int:pk>/dispose/", api.DisposeView.as_view()),
    path("api/incidents/<int:pk>/locate/", api.LocateView.as_view()),
    path("api/incidents/<int:pk>/media/", media.IncidentMediaView.as_view()),
    path("api/media/<int:pk>/<str:variant>/", media.MediaFileView.as_view(), name="api-media"),
    path("api/places/", places.PlacesView.as_view(), name="api-places"),
    path("api/places/<int:pk>/", places.PlaceView.as_view(), name="api-place"),
]
