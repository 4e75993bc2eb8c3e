"""POST /api/reports/ as multipart/form-data with `photo` files, and GET
/api/media/<id>/<variant>/: files checked by their bytes, public renditions
without EXIF, originals only for the staff who may call the reporter back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dispatch import services
from dispatch.media import accept
from dispatch.models import AuditEntry, Report, ReportMedia
from tests.mediafiles import (  # noqa: F401 (media_root: a fixture)
    gps_of,
    jpeg_with_gps,
    media_root,
    metadata_of,
    ogg_opus,
    png,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_report(client: Any, *photos: SimpleUploadedFile, **fields: Any) -> Any:
    data = {"text": "Kebakaran gudang di Jl. Pagar Alam", "address": "Jl. Pagar Alam 12"}
    data.update(fields)
    data["photo"] = list(photos)
    return client.post("/api/reports/", data, format="multipart")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_it_takes_a_photo_and_strips_its_gps_from_the_public_rendition(client_for: Any) -> None:
    original = jpeg_with_gps()
    assert gps_of(original)  # the phone's photo says where it was taken
    response = post_report(client_for("anonymous"), upload("kebakaran.jpg", original))
    assert response.status_code == 201, response.content
    report = Report.objects.get(pk=response.json()["id"])
    media = ReportMedia.objects.get(report=report)
    assert (media.kind, media.content_type, media.source) == ("image", "image/jpeg", "web")
    for variant in (media.rendition, media.thumbnail):
        meta = metadata_of(variant.read())
        assert meta == {"exif": {}, "gps": {}, "blocks": set()}
    assert media.original.read() == original
    # The sender's file name never reaches the disk.
    assert "kebakaran" not in media.original.name


def test_it_reads_the_answers_of_a_multipart_form(client_for: Any) -> None:
    # The public form sends its answers as `answers.<question>` fields with photos.
    response = post_report(
        client_for("anonymous"),
        upload("a.png", png(), "image/png"),
        **{"answers.danger_now": "yes"},
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().answers == {"danger_now": "yes"}


def test_it_refuses_a_body_too_large_before_reading_it(client_for: Any, settings: Any) -> None:
    settings.MEDIA_MAX_IMAGE_BYTES = settings.MEDIA_MAX_AUDIO_BYTES = 10_000
    settings.MEDIA_MAX_FILES = 1
    # Each file is within the limit, the body could not be: refused before the
    # files are parsed (else it would be the 400 of "at most 1 file").
    photos = [upload(f"{i}.png", png() + bytes(9_000), "image/png") for i in range(120)]
    response = post_report(client_for("anonymous"), *photos)
    assert response.status_code == 413
    assert not Report.objects.exists()


def test_it_still_takes_json(client_for: Any) -> None:
    response = client_for("anonymous").post(
        "/api/reports/", {"text": "Pohon tumbang", "address": "Jl. Teuku Umar"}, format="json"
    )
    assert response.status_code == 201
    assert not ReportMedia.objects.exists()


def test_it_refuses_a_text_file_named_jpg(client_for: Any) -> None:
    fake = upload("foto.jpg", b"this is not a photo at all\n" * 10)
    response = post_report(client_for("anonymous"), fake)
    assert response.status_code == 400
    assert "not a photo" in response.json()["errors"]["photo"][0]
    assert not Report.objects.exists()


def test_it_refuses_a_voice_note_as_a_report_photo(client_for: Any) -> None:
    response = post_report(client_for("anonymous"), upload("a.jpg", b"ID3" + bytes(100)))
    assert response.status_code == 400


def test_it_refuses_a_damaged_photo(client_for: Any) -> None:
    broken = jpeg_with_gps()[:200]
    response = post_report(client_for("anonymous"), upload("a.jpg", broken))
    assert response.status_code == 400
    assert "damaged" in response.json()["errors"]["photo"][0]


def test_it_refuses_an_oversized_file_with_413(client_for: Any, settings: Any) -> None:
    settings.MEDIA_MAX_IMAGE_BYTES = 50_000
    settings.MEDIA_MAX_AUDIO_BYTES = 50_000
    big = upload("big.png", png() + bytes(60_000), "image/png")
    response = post_report(client_for("anonymous"), big)
    assert response.status_code == 413
    assert "too large" in response.json()["errors"]["photo"][0]
    assert not Report.objects.exists()


def test_it_refuses_too_many_photos(client_for: Any, settings: Any) -> None:
    settings.MEDIA_MAX_FILES = 2
    photos = [upload(f"{i}.png", png(), "image/png") for i in range(3)]
    assert post_report(client_for("anonymous"), *photos).status_code == 400


def triaged_with_photo(client_for: Any) -> tuple[Any, ReportMedia]:
    response = post_report(
        client_for("anonymous"), upload("a.jpg", jpeg_with_gps()), lat="-5.42", lon="105.26"
    )
    report = Report.objects.get(pk=response.json()["id"])
    assert report.incident is not None, report.last_error
    return report.incident, ReportMedia.objects.get(report=report)


def test_it_shows_the_original_to_the_desk_only_and_audits_it(client_for: Any) -> None:
    incident, media = triaged_with_photo(client_for)
    desk = client_for("dispatcher")
    listed = desk.get(f"/api/incidents/{incident.pk}/").json()["media"]
    assert [m["id"] for m in listed] == [media.pk]
    assert listed[0]["original_url"] == f"/api/media/{media.pk}/original/"
    answer = desk.get(listed[0]["original_url"])
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    assert gps_of(body(answer))
    entry = AuditEntry.objects.get(action="media.original_viewed")
    assert entry.incident == incident and entry.details == {"media_id": media.pk}


def test_it_gives_an_agency_the_stripped_rendition_only(client_for: Any) -> None:
    incident, media = triaged_with_photo(client_for)
    lead = incident.assignments.get(role="lead").agency.kind
    agency = client_for(lead)
    listed = agency.get(f"/api/incidents/{incident.pk}/").json()["media"]
    assert listed[0]["original_url"] is None
    assert agency.get(f"/api/media/{media.pk}/original/").status_code == 403
    thumb = agency.get(listed[0]["thumbnail_url"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert gps_of(body(thumb)) == {}
    assert not AuditEntry.objects.filter(action="media.original_viewed").exists()


def test_it_refuses_the_public_and_other_agencies(client_for: Any, cast: Any) -> None:
    incident, media = triaged_with_photo(client_for)
    url = f"/api/media/{media.pk}/rendition/"
    assert client_for("anonymous").get(url).status_code in (401, 403)
    assert client_for("citizen").get(url).status_code == 403
    others = [k for k in ("damkar", "dinkes") if k != incident.lead_agency.kind]
    assert client_for(others[0]).get(url).status_code == 404
    assert client_for("dispatcher").get(f"/api/media/{media.pk}/other/").status_code == 404


def test_it_deletes_originals_with_the_contacts(client_for: Any) -> None:
    incident, media = triaged_with_photo(client_for)
    ReportMedia.objects.filter(pk=media.pk).update(created_at=media.created_at.replace(year=2020))
    Report.objects.filter(pk=media.report_id).update(
        received_at=media.created_at.replace(year=2020)
    )
    original_name = media.original.name
    services.reports_anonymize_old(older_than_days=30)
    media.refresh_from_db()
    assert not media.original and media.original_deleted_at is not None
    assert not media.original.storage.exists(original_name)
    assert media.rendition and media.thumbnail  # the incident was public: its rendition stays
    listed = client_for("dispatcher").get(f"/api/incidents/{incident.pk}/").json()["media"]
    assert listed[0]["original_url"] is None and listed[0]["rendition_url"]


def test_it_keeps_nothing_of_a_protected_victims_photo(client_for: Any) -> None:
    incident, media = triaged_with_photo(client_for)
    incident.victim_protected = True
    incident.save(update_fields=["victim_protected"])
    ReportMedia.objects.filter(pk=media.pk).update(created_at=media.created_at.replace(year=2020))
    names = [media.original.name, media.rendition.name, media.thumbnail.name]
    services.reports_anonymize_old(older_than_days=30)
    media.refresh_from_db()
    assert not (media.original or media.rendition or media.thumbnail)
    assert not any(media.original.storage.exists(name) for name in names)


def test_it_takes_a_crews_photo_of_its_incident(client_for: Any, cast: Any) -> None:
    incident, _media = triaged_with_photo(client_for)
    lead = incident.lead_agency.kind
    url = f"/api/incidents/{incident.pk}/media/"
    response = client_for(lead).post(url, {"photo": [upload("x.jpg", jpeg_with_gps())]})
    assert response.status_code == 201, response.content
    [added] = response.json()
    assert added["report_id"] is None and added["original_url"] is None
    crew = ReportMedia.objects.get(pk=added["id"])
    assert (crew.incident, crew.source, crew.uploaded_by) == (incident, "field", cast[lead])
    listed = client_for("dispatcher").get(f"/api/incidents/{incident.pk}/").json()["media"]
    assert len(listed) == 2
    refused = client_for(lead).post(url, {"photo": [upload("x.jpg", b"GIF89a" + bytes(50))]})
    assert refused.status_code == 400
    assert client_for(lead).post(url, {}).status_code == 400
    others = [k for k in ("damkar", "dinkes") if k != lead]
    assert client_for(others[0]).post(url, {"photo": [upload("y.png", png())]}).status_code == 404


def test_it_lets_only_those_who_may_call_back_hear_a_voice_note(client_for: Any, cast: Any) -> None:
    incident, photo = triaged_with_photo(client_for)
    voice = services.media_store(
        accepted=accept(ogg_opus()), source="whatsapp", report=photo.report
    )
    lead = incident.lead_agency.kind
    listed = client_for(lead).get(f"/api/incidents/{incident.pk}/").json()["media"]
    entry = next(m for m in listed if m["id"] == voice.pk)
    assert entry["kind"] == "audio" and entry["original_url"] is None
    assert entry["thumbnail_url"] is None and entry["rendition_url"] is None
    for variant in ("original", "rendition"):
        assert client_for(lead).get(f"/api/media/{voice.pk}/{variant}/").status_code == 403
    # Once the lead agency holds it, its crew may call back: and hear the caller.
    services.incident_claim(incident=incident, user=cast[lead])
    answer = client_for(lead).get(f"/api/media/{voice.pk}/original/")
    assert answer.status_code == 200 and answer["Content-Type"] == "audio/ogg"
    assert body(answer) == ogg_opus()
    assert AuditEntry.objects.filter(action="media.original_viewed").count() == 1


def test_it_takes_a_voice_note_sent_with_the_public_form(client_for: Any) -> None:
    note = upload("pesan.ogg", ogg_opus(), "audio/ogg")
    response = client_for("anonymous").post(
        "/api/reports/",
        {"text": "Ada orang pingsan di pinggir jalan", "address": "Jl. Kartini 3", "voice": [note]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    media = ReportMedia.objects.get(report_id=response.json()["id"])
    assert (media.kind, media.content_type) == ("audio", "audio/ogg")
    assert not media.rendition  # nothing public is made of a voice


def test_it_refuses_a_photo_sent_as_a_voice_note(client_for: Any) -> None:
    response = client_for("anonymous").post(
        "/api/reports/",
        {"text": "Banjir", "address": "Jl. Kartini 3", "voice": [upload("a.ogg", png())]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "voice note" in " ".join(response.json()["errors"]["voice"])
    assert not Report.objects.exists()


def test_it_stores_no_report_when_its_photo_cannot_be_stored(
    client_for: Any, monkeypatch: Any
) -> None:
    # A report with files is committed with them or not at all, and never queued alone.
    from dispatch.services import reports

    def fail(**kwargs: Any) -> None:
        raise OSError("disk full")

    queued: list[int] = []
    monkeypatch.setattr(services, "media_store", fail)
    monkeypatch.setattr(
        reports, "_enqueue_triage", lambda report_id, **kw: queued.append(report_id)
    )
    with pytest.raises(OSError, match="disk full"):
        post_report(client_for("anonymous"), upload("kebakaran.jpg", jpeg_with_gps()))
    assert Report.objects.count() == 0
    assert queued == []
