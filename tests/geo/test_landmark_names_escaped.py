"""Landmark names are user text too: the one page that shows them (the admin) escapes them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from geo.models import Place

PAYLOAD = "Pasar <img src=x onerror=alert(1)> `${alert(2)}` </script><script>alert(3)</script>"


@pytest.mark.django_db
def test_it_escapes_landmark_names_in_the_admin() -> None:
    place = Place.objects.create(name=PAYLOAD, kind="market", lat=-5.41, lon=105.26)
    admin = get_user_model().objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(admin)
    for url in ["/admin/geo/place/", f"/admin/geo/place/{place.pk}/change/"]:
        body = client.get(url).content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt;" in body
        assert "<img src=x onerror" not in body
        assert "<script>alert(3)" not in body


@pytest.mark.django_db
def test_it_keeps_landmark_names_out_of_public_outputs(client: Any) -> None:
    Place.objects.create(name=PAYLOAD, kind="market", lat=-5.41, lon=105.26)
    for url in ["/api/public/incidents/", "/publik/", "/feeds/cap.xml"]:
        assert "onerror=alert(1)" not in client.get(url).content.decode()
