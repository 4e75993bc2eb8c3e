"""POST /api/duty/: the agency board's roster of who is on duty, by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from dispatch.models import StaffRole
from frontend import duty
from tests.conftest import CommittingClient, _user


@pytest.fixture
def crew(cast: dict[str, Any], city_agencies: dict[str, Any]) -> Iterator[dict[str, Any]]:
    second = _user("damkar2", StaffRole.AGENCY, city_agencies["damkar"])
    second.first_name, second.last_name = "Budi", "Pemadam"
    second.save()
    people = {**cast, "damkar2": second}
    yield people
    cache.delete_many([duty._key(u.pk) for u in people.values() if getattr(u, "pk", None)])


def as_user(user: Any) -> CommittingClient:
    client = CommittingClient()
    client.force_authenticate(user)
    return client


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["on_duty"]]


@pytest.mark.django_db
def test_it_lists_the_colleagues_on_duty_and_not_other_agencies(
    client_for: Any, crew: dict[str, Any]
) -> None:
    assert names(client_for("damkar").post("/api/duty/")) == ["damkar"]
    client_for("dinkes").post("/api/duty/")
    roster = names(as_user(crew["damkar2"]).post("/api/duty/"))
    assert sorted(roster) == ["Budi Pemadam", "damkar"]
    assert names(client_for("dinkes").post("/api/duty/")) == ["dinkes"]


@pytest.mark.django_db
def test_it_drops_a_board_not_seen_lately(
    client_for: Any, crew: dict[str, Any], monkeypatch: Any
) -> None:
    client_for("damkar").post("/api/duty/")
    later = duty.now() + duty.DUTY_TTL_S + 1
    monkeypatch.setattr(duty, "now", lambda: later)
    assert names(as_user(crew["damkar2"]).post("/api/duty/")) == ["Budi Pemadam"]


@pytest.mark.django_db
def test_it_is_for_agency_staff_only(client_for: Any, crew: dict[str, Any]) -> None:
    assert client_for("dispatcher").post("/api/duty/").status_code == 403
    assert client_for("citizen").post("/api/duty/").status_code == 403
    assert client_for("anonymous").post("/api/duty/").status_code in (401, 403)
