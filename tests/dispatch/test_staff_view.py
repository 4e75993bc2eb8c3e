"""The staff view of an incident names its place and quotes its first caller, the
same in a snapshot, in an event and from the API (dispatch.projections)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch import projections
from dispatch.models import IncidentEvent, Report
from tests.conftest import open_incident

pytestmark = pytest.mark.django_db

LONG = (
    "Kebakaran rumah di gang belakang masjid, api sudah membesar dan merambat ke rumah "
    "tetangga, ada dua anak masih di dalam, tolong cepat kirim pemadam kebakaran ke sini"
)


def test_it_names_the_kelurahan_and_kecamatan_of_the_region(cast: Any) -> None:
    incident = open_incident(region_code="18.71.01.1006")
    place = projections.incident_payload(incident)["place"]
    names = projections.names_of("18.71.01.1006")
    assert names and place["village"] == names["village"] and place["village"]
    assert place["district"] == names["district"] and place["district"]
    assert place["regency"] == "Kota Bandar Lampung"
    assert place["landmark"] == ""


def test_it_leaves_the_names_empty_for_an_incident_with_no_place(cast: Any) -> None:
    incident = open_incident(lat=None, lon=None, region_code="")
    payload = projections.incident_payload(incident)
    assert payload["place"] == {"village": "", "district": "", "regency": "", "landmark": ""}


def test_it_quotes_the_first_report_cut_after_a_word(cast: Any) -> None:
    incident = open_incident(text=LONG)
    Report.objects.create(text="Laporan kedua", channel="phone", incident=incident)
    quote = projections.incident_payload(incident)["quote"]
    assert quote.startswith("Kebakaran rumah di gang") and quote.endswith("…")
    assert len(quote) <= projections.QUOTE_CHARS + 1
    assert LONG.startswith(quote[:-1])
    assert projections.quote_of("  Api\n besar  ") == "Api besar"


def test_the_event_the_snapshot_and_the_api_carry_the_same_quote_and_place(
    cast: Any, client_for: Any
) -> None:
    incident = open_incident(text=LONG)
    event = IncidentEvent.objects.filter(incident=incident).latest("pk")
    snapshot = projections.snapshot(kind="dispatch")["incidents"]
    from_snapshot = next(i for i in snapshot if i["id"] == incident.pk)
    from_api = client_for("dispatcher").get(f"/api/incidents/{incident.pk}/").json()
    for key in ("quote", "place"):
        assert event.data["incident"][key] == from_snapshot[key] == from_api[key]


def snapshot_queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        projections.snapshot(kind="dispatch")
    return len(captured.captured_queries)


def test_a_snapshot_reads_the_quotes_without_a_query_per_incident(cast: Any) -> None:
    for n in range(2):
        open_incident(text=f"Kebakaran {n}", lat=-5.40 - n * 0.05)
    few = snapshot_queries()
    for n in range(5):
        open_incident(text=f"Banjir {n}", category="disaster", lat=-5.60 - n * 0.05)
    assert snapshot_queries() == few


def test_a_snapshot_of_incidents_with_no_report_asks_no_more(cast: Any) -> None:
    """An incident whose reports went elsewhere (a split) has no words to quote:
    the snapshot's empty answer for it must not send it back to the database."""
    open_incident(text="Kebakaran pasar")
    few = snapshot_queries()
    for n in range(5):
        bare = open_incident(text=f"Banjir {n}", category="disaster", lat=-5.60 - n * 0.05)
        Report.objects.filter(incident=bare).update(incident=None)
    assert snapshot_queries() == few
    quotes = {i["quote"] for i in projections.snapshot(kind="dispatch")["incidents"]}
    assert "" in quotes


def test_the_public_never_gets_the_quote(cast: Any) -> None:
    incident = open_incident(text=LONG)
    public = projections.public_incident(projections.incident_payload(incident))
    assert "quote" not in public and "place" not in public
