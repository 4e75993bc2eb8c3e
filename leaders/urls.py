from __future__ import annotations

from django.urls import path

from leaders import views

app_name = "leaders"

urlpatterns = [
    path("statistik/pengiriman/", views.deliveries, name="deliveries"),
]
