"""Bahasa Indonesia by default, English on request, through Django i18n."""

from __future__ import annotations

import ast
import gettext
from typing import Any

import pytest
from django.conf import settings as django_settings

from tests.frontend.test_console import page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def indonesian_default(settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"  # the project's default; tests/conftest.py sets "en"


def test_the_project_default_is_indonesian() -> None:
    assert django_settings.LANGUAGES[0][0] == "id"


def test_it_speaks_indonesian_by_default(page_client: Any, indonesian_default: None) -> None:
    html = page_client("anonymous").get("/publik/").content.decode()
    assert '<html lang="id">' in html
    assert "Laporkan masalah" in html and "Kejadian aktif" in html


def test_it_switches_to_english_through_setlang(page_client: Any, indonesian_default: None) -> None:
    client = page_client("anonymous")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302 and response["Location"] == "/lapor/"
    html = client.get("/lapor/").content.decode()
    assert '<html lang="en">' in html and "Report a problem" in html
    client.post("/i18n/setlang/", {"language": "id", "next": "/lapor/"})
    assert "Laporkan masalah" in client.get("/lapor/").content.decode()


def test_it_offers_the_switch_on_every_page(page_client: Any, indonesian_default: None) -> None:
    for name, path in [("anonymous", "/publik/"), ("dispatcher", "/"), ("damkar", "/agency/")]:
        html = page_client(name).get(path).content.decode()
        assert 'action="/i18n/setlang/"' in html
        assert 'name="language" value="en"' in html and 'name="language" value="id"' in html


def test_it_gives_the_scripts_their_words_in_the_language(
    page_client: Any, indonesian_default: None
) -> None:
    data = page_data(page_client("dispatcher").get("/"))
    assert data["strings"]["p1_alert"] == "P1 baru"
    assert data["strings"]["status_reconnecting"] == "Menyambung ulang…"
    assert data["labels"]["category"]["fire"] == "Kebakaran"
    english = page_client("damkar")
    english.post("/i18n/setlang/", {"language": "en", "next": "/agency/"})
    data = page_data(english.get("/agency/"))
    assert data["strings"]["claim"] == "Claim"


def test_staff_screens_keep_the_deployments_language_whatever_the_browser_says(
    page_client: Any, indonesian_default: None
) -> None:
    for name, path in [("dispatcher", "/"), ("damkar", "/agency/"), ("supervisor", "/statistik/")]:
        html = page_client(name).get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="id">' in html, name


def test_a_staff_members_own_choice_is_remembered(
    page_client: Any, indonesian_default: None
) -> None:
    client = page_client("dispatcher")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_the_public_still_gets_the_browsers_language(
    page_client: Any, indonesian_default: None
) -> None:
    html = page_client("anonymous").get("/publik/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="en">' in html


def po_entries(text: str) -> dict[str, str]:
    """{msgid (with "context\x04" before it, as in .mo files): msgstr} of a .po file."""
    entries: dict[str, str] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            key = fields["msgid"]
            if "msgctxt" in fields:
                key = f"{fields['msgctxt']}\x04{key}"
            entries[key] = fields.get("msgstr", "")
    return entries


def test_every_message_has_an_indonesian_translation_compiled() -> None:
    folder = django_settings.BASE_DIR / "frontend/locale/id/LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    entries = po_entries(po)
    assert len(entries) > 200
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    # The committed .mo is compiled from the committed .po.
    assert {k: v for k, v in catalog.items() if k} == entries
