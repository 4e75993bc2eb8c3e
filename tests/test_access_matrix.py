"""Who may open what, beyond the dispatch API (tests/dispatch/test_permissions.py):
every page, every interop read and every socket, for every role of the test cast."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import CommittingClient, open_incident
from tests.realtime.conftest import communicator

ROLES = ["anonymous", "citizen", "damkar", "dinkes", "dispatcher", "supervisor"]
RANGE = "start=2026-01-01&end=2026-01-31"

# path -> expected status per role in ROLES order (302: to the sign-in page, or to the
# agency board for agency staff who open the console).
PAGES: dict[str, list[int]] = {
    "/": [302, 403, 302, 302, 200, 200],
    "/agency/": [302, 403, 200, 200, 403, 403],
    "/publik/": [200] * 6,
    "/lapor/": [200] * 6,
    "/lacak/{code}/": [200] * 6,
    "/statistik/": [302, 403, 403, 403, 200, 200],
    "/statistik/harian/": [302, 403, 403, 403, 200, 200],
    "/statistik/harian.csv": [302, 403, 403, 403, 200, 200],
    # The leaders' reports (the leaders' view issue) and their deliveries.
    "/statistik/harian.pdf": [302, 403, 403, 403, 200, 200],
    "/statistik/tahunan/?year=2026": [302, 403, 403, 403, 200, 200],
    "/statistik/tahunan.pdf?month=2026-01": [302, 403, 403, 403, 200, 200],
    "/statistik/tahunan.xlsx?year=2026": [302, 403, 403, 403, 200, 200],
    "/statistik/pengiriman/": [302, 403, 403, 403, 200, 200],
    "/api/stats/": [403, 403, 403, 403, 200, 200],
    "/api/incidents.geojson": [200] * 6,  # anonymized for the public, full for staff
    f"/api/export/incidents.csv?{RANGE}": [403, 403, 200, 200, 200, 200],
    f"/api/export/reports.csv?{RANGE}": [403, 403, 200, 200, 200, 200],
    "/feeds/cap.xml": [200] * 6,
    "/feeds/cap/{id}.xml": [200] * 6,
    "/open311/v2/services.json": [200] * 6,
    "/open311/v2/requests.json": [200] * 6,
    "/api/schema/": [200] * 6,
    "/api/places/?q=pasar": [403, 403, 200, 200, 200, 200],
    # Alerts to people: anyone signed in sees the open alerts meant for them (none here).
    "/api/alerts/": [403, 200, 200, 200, 200, 200],
    # The phone system's calls (calls.api): the desk only; the pbx account posts events.
    "/api/calls/current/": [403, 403, 403, 403, 200, 200],
    "/api/calls/callbacks/": [403, 403, 403, 403, 200, 200],
    "/admin/": [302] * 6,  # the Django admin is for superusers only
    "/lapangan/": [302, 403, 200, 200, 403, 403],  # the field app: agency crews
    "/lapangan/manifest.webmanifest": [200] * 6,  # no data: browsers fetch it without a session
    "/lapangan/sw.js": [200] * 6,
}

CASES = [
    pytest.param(path, role, codes[i], id=f"{path} as {role}")
    for path, codes in PAGES.items()
    for i, role in enumerate(ROLES)
]


def signed_in(role: str) -> CommittingClient:
    client = CommittingClient()
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "role", "expected"), CASES)
def test_it_enforces_page_and_feed_access(cast: Any, path: str, role: str, expected: int) -> None:
    incident = open_incident()
    url = path.format(code=incident.reports.first().tracking_code, id=incident.pk)
    assert signed_in(role).get(url).status_code == expected


SOCKETS: dict[str, list[bool]] = {
    "/ws/dispatch/": [False, False, False, False, True, True],
    "/ws/agency/": [False, False, True, True, False, False],
    "/ws/public/": [True] * 6,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", list(SOCKETS))
async def test_it_enforces_socket_access(cast: Any, cookies: Any, path: str) -> None:
    from realtime.hub import stop_hub

    try:
        for role, allowed in zip(ROLES, SOCKETS[path], strict=True):
            comm = communicator(path, cookies.get(role))
            connected, _ = await comm.connect()
            assert connected == allowed, (path, role)
            if connected:
                await comm.disconnect()
    finally:
        await stop_hub()
