"""Integration accounts: hashed keys, the demo key of seed_demo, the admin."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client

from interop import services
from interop.models import IntegrationAccount, key_digest
from interop.selectors import integration_by_key


def open311_post(key: str) -> int:
    fields = {
        "api_key": key,
        "service_code": "other",
        "address_string": "Kedaton",
        "description": "x",
    }
    response = Client().post(
        "/open311/v2/requests.json",
        data=urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    return response.status_code


def test_it_stores_only_a_digest_of_the_key(db: None) -> None:
    account, key = services.integration_create(name="portal")
    assert len(key) >= 40
    account.refresh_from_db()
    assert account.key_hash == key_digest(key) and key not in account.key_hash
    assert account.key_prefix == key[:8]
    assert integration_by_key(key=key) == account
    assert integration_by_key(key=key + "x") is None
    assert integration_by_key(key="") is None
    new = services.integration_rotate_key(account=account)
    assert integration_by_key(key=key) is None
    assert integration_by_key(key=new) == account


def test_it_ensures_the_demo_key_from_the_setting(db: None, settings: Any) -> None:
    settings.OPEN311_DEMO_KEY = "demo-open311-key"
    first = services.integration_ensure_demo()
    assert services.integration_ensure_demo() == first
    assert IntegrationAccount.objects.count() == 1
    assert open311_post("demo-open311-key") == 200
    settings.OPEN311_DEMO_KEY = "another-demo-key"
    IntegrationAccount.objects.update(active=False)
    services.integration_ensure_demo()
    assert open311_post("demo-open311-key") == 403
    assert open311_post("another-demo-key") == 200


def test_it_is_made_by_seed_demo(db: None, settings: Any, monkeypatch: Any) -> None:
    # Tests run with DEBUG off, where seeding asks for an explicit demo password.
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")
    settings.OPEN311_DEMO_KEY = "seeded-key"
    call_command("seed_demo", verbosity=0)
    assert integration_by_key(key="seeded-key").name == "demo"


def test_it_shows_a_new_key_once_in_the_admin(db: None) -> None:
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/interop/integrationaccount/add/",
        {"name": "kota-app", "contact": "dev@example.org", "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "API key" in str(m)]
    key = message.rsplit(" ", 1)[-1]
    assert integration_by_key(key=key).name == "kota-app"
