from __future__ import annotations

from django.urls import path

from calls import api

urlpatterns = [
    path("api/calls/", api.CallEventView.as_view(), name="api-calls"),
    path("api/calls/current/", api.CurrentCallView.as_view(), name="api-calls-current"),
    path("api/calls/callbacks/", api.CallbacksView.as_view(), name="api-calls-callbacks"),
    path("api/calls/<int:pk>/callback/", api.CallbackDoneView.as_view()),
    path("api/calls/<int:pk>/report/", api.CallReportView.as_view()),
    path("api/aml/", api.AmlView.as_view(), name="api-aml"),
    path("api/incidents/<int:pk>/handset/", api.IncidentHandsetView.as_view()),
]
