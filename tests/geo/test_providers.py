"""The provider chain, with geopy's real Nominatim client against a fake server."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
from geopy.geocoders import Nominatim, Photon

from geo.providers import GazetteerProvider, OnlineProvider, build_provider, get_chain
from geo.services import locate
from tests.geo.fake_nominatim import CITY_ONLY, KEDATON, SINGAPORE, FakeNominatim

ADDRESS = "Jl. Teuku Umar No. 12, Kedaton, Bandar Lampung"


@pytest.fixture
def fake() -> Iterator[FakeNominatim]:
    server = FakeNominatim(answers={ADDRESS: [KEDATON]}).start()
    yield server
    server.stop()


@pytest.fixture
def online(settings, fake: FakeNominatim) -> FakeNominatim:
    settings.GEOCODERS = [
        {
            "provider": "nominatim",
            "domain": fake.domain,
            "scheme": "http",
            "timeout": 0.5,
            "min_delay_seconds": 0.3,
        },
        {"provider": "gazetteer"},
    ]
    return fake


def test_it_builds_geopy_clients_from_settings(online: FakeNominatim) -> None:
    chain = get_chain()
    assert [p.name for p in chain.providers] == ["nominatim", "gazetteer"]
    nominatim = chain.providers[0]
    assert isinstance(nominatim, OnlineProvider)
    assert isinstance(nominatim.geocoder, Nominatim)
    assert nominatim.geocoder.timeout == 0.5
    assert nominatim.limited.min_delay_seconds == 0.3


def test_it_defaults_to_the_gazetteer_alone(settings) -> None:
    del settings.GEOCODERS
    chain = get_chain()
    assert len(chain.providers) == 1
    assert isinstance(chain.providers[0], GazetteerProvider)


def test_it_supports_photon() -> None:
    provider = build_provider({"provider": "photon", "domain": "127.0.0.1:9", "scheme": "http"})
    assert isinstance(provider, OnlineProvider)
    assert isinstance(provider.geocoder, Photon)


def test_it_skips_a_broken_entry_and_keeps_the_gazetteer(settings) -> None:
    settings.GEOCODERS = [{"provider": "no-such-service"}]
    assert [p.name for p in get_chain().providers] == ["gazetteer"]


@pytest.mark.django_db
def test_it_uses_the_online_answer_with_a_gazetteer_region(online: FakeNominatim) -> None:
    result = locate(address=ADDRESS)
    assert result.provider == "nominatim"
    assert (result.lat, result.lon) == (-5.387, 105.2601)
    assert result.region["code"].startswith("18.71.01.")
    assert result.region["district"] == "Kedaton"
    assert result.confidence == 0.9
    search = online.searches()[0]
    assert search.query["q"] == [ADDRESS]
    assert search.query["countrycodes"] == ["id"]
    assert search.user_agent.startswith("dispatch112")


@pytest.mark.django_db
def test_it_falls_through_on_timeout(online: FakeNominatim) -> None:
    online.mode, online.delay = "slow", 2.0
    started = time.monotonic()
    result = locate(address=ADDRESS)
    elapsed = time.monotonic() - started
    assert result.provider == "gazetteer"
    assert result.region["code"].startswith("18.71.01")
    assert elapsed < 1.5, "the timeout did not cut the wait"
    assert len(online.searches()) == 1  # no retries


@pytest.mark.django_db
def test_it_falls_through_on_server_error(online: FakeNominatim) -> None:
    online.mode = "error"
    result = locate(address=ADDRESS)
    assert result.provider == "gazetteer"
    assert result.region["code"].startswith("18.71.01")
    assert len(online.searches()) == 1


@pytest.mark.django_db
def test_it_does_not_cache_an_answer_given_while_a_provider_failed(online: FakeNominatim) -> None:
    online.mode = "error"
    assert locate(address=ADDRESS).provider == "gazetteer"
    online.mode = "ok"
    assert locate(address=ADDRESS).provider == "nominatim"


@pytest.mark.django_db
def test_it_falls_through_when_nothing_is_found(online: FakeNominatim) -> None:
    result = locate(address="Kel. Rajabasa, Kec. Rajabasa, Bandar Lampung")
    assert result.provider == "gazetteer"
    assert result.region["code"] == "18.71.10.1001"


@pytest.mark.django_db
def test_it_ignores_an_online_answer_outside_indonesia(online: FakeNominatim) -> None:
    online.answers["Kedaton, Bandar Lampung"] = [SINGAPORE]
    result = locate(address="Kedaton, Bandar Lampung")
    assert result.provider == "gazetteer"
    assert result.region["code"] == "18.71.01.1003"


@pytest.mark.django_db
def test_it_prefers_a_more_confident_later_provider(online: FakeNominatim) -> None:
    # A city-level online answer (place_rank 12) is below GEOCODE_LOW_CONFIDENCE:
    # the gazetteer, which knows the village, answers better.
    online.answers["Kel. Pahoman, Enggal, Bandar Lampung"] = [CITY_ONLY]
    result = locate(address="Kel. Pahoman, Enggal, Bandar Lampung")
    assert result.provider == "gazetteer"
    assert result.region["code"] == "18.71.17.1006"


@pytest.mark.django_db
def test_it_keeps_a_low_online_answer_when_nothing_beats_it(online: FakeNominatim) -> None:
    online.answers["Jalan Entah Berantah"] = [CITY_ONLY]
    result = locate(address="Jalan Entah Berantah")
    assert result.provider == "nominatim"
    assert result.low_confidence
    assert result.region["code"].startswith("18.71")


@pytest.mark.django_db
def test_it_caches_answers_by_normalized_address(online: FakeNominatim) -> None:
    first = locate(address=ADDRESS)
    second = locate(address="  jl. teuku umar no. 12,  KEDATON, bandar lampung ")
    assert first == second
    assert len(online.searches()) == 1


@pytest.mark.django_db
def test_it_respects_the_rate_limit(online: FakeNominatim) -> None:
    for number in range(4):
        locate(address=f"Jl. Kartini No. {number + 1}, Bandar Lampung")
    arrivals = [r.at for r in online.searches()]
    assert len(arrivals) == 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert min(gaps) >= 0.28, gaps


@pytest.mark.django_db
def test_it_shares_the_rate_limit_between_calls_of_one_configuration(online: FakeNominatim) -> None:
    assert get_chain() is get_chain()
