"""Demo facilities (the console's map layers): every profile has stations and
hospitals or puskesmas, each inside its profile's area, seeded with `seed_demo`
(and `seed_facilities`), harmless twice; every demo unit's station in the area
is one of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import TestCase

from dispatch.profiles import PROFILES
from geo.regions import dotted, get_regions
from units.facilities import demo_facility_rows, facilities_seed_demo, facility_layer
from units.models import Facility, FacilityKind
from units.seed import demo_rows


@pytest.fixture(autouse=True)
def demo_password(monkeypatch: Any) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")


def under(code: str, area: str) -> bool:
    return code == area or code.startswith(area + ".")


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_has_stations_and_health_facilities_for_every_profile(profile: str) -> None:
    rows = demo_facility_rows(profile)
    assert 5 <= len(rows) <= 20, profile
    assert {r["kind"] for r in rows} <= set(FacilityKind.values)
    layers = {facility_layer(r["kind"]) for r in rows}
    assert layers == {"stations", "health"}, profile
    assert {"fire_station", "hospital"} <= {r["kind"] for r in rows}, profile
    assert {r["point"] for r in rows} <= {"kelurahan", "demo_units"}


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_places_each_facility_inside_its_profiles_area(profile: str) -> None:
    regions = get_regions()
    home = PROFILES[profile].home_region
    for row in demo_facility_rows(profile):
        assert under(row["region_code"], home), row["name"]
        # The point lies in the village it names: the gazetteer finds it there.
        found = regions.nearest_village(float(row["lat"]), float(row["lon"]))
        assert found is not None, row["name"]
        assert dotted(regions.codes[found[0]]) == row["region_code"], row["name"]
        if row["point"] == "kelurahan":  # the kelurahan's centre, as the file says
            village = regions.by_code[row["region_code"].replace(".", "")]
            assert (float(row["lat"]), float(row["lon"])) == pytest.approx(
                (regions.lats[village], regions.lons[village]), abs=1e-5
            )


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_has_a_facility_at_every_demo_units_station_in_the_area(profile: str) -> None:
    rows = demo_facility_rows(profile)
    names = {r["name"] for r in rows}
    home = PROFILES[profile].home_region
    regions = get_regions()
    for unit in demo_rows(profile):
        found = regions.nearest_village(float(unit["lat"]), float(unit["lon"]))
        if found is None or not under(dotted(regions.codes[found[0]]), home):
            continue  # a station outside the area (e.g. Kantor SAR Palembang) is not shown
        assert unit["station"] in names, (profile, unit["station"])


@pytest.mark.django_db
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_seeds_the_facilities_of_each_profile_with_seed_demo(profile: str) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", profile=profile, verbosity=0)
    rows = demo_facility_rows(profile)
    assert Facility.objects.count() == len({(r["name"], r["region_code"]) for r in rows})
    home = PROFILES[profile].home_region
    assert all(under(f.region_code, home) for f in Facility.objects.all())
    # Agencies named in the file and seeded with the profile are linked.
    named = [r for r in rows if r["agency"]]
    linked = Facility.objects.filter(agency__isnull=False).count()
    assert named and linked >= 1


@pytest.mark.django_db
def test_it_seeds_twice_without_duplicates_and_without_agencies() -> None:
    first = facilities_seed_demo(profile="bitung")
    assert first and all(f.agency is None for f in first)  # no agency seeded: none linked
    Facility.objects.filter(name="RSUD Manembo-nembo").update(active=False, lat=0, lon=0)
    call_command("seed_facilities", profile="bitung", verbosity=0)
    assert Facility.objects.count() == len(first)
    again = Facility.objects.get(name="RSUD Manembo-nembo")
    assert again.active and again.lat == pytest.approx(1.43851)


@pytest.mark.django_db
def test_it_lets_an_admin_retire_a_facility(admin_client: Any) -> None:
    facility = facilities_seed_demo(profile="bitung")[0]
    assert admin_client.get("/admin/units/facility/").status_code == 200
    form = {
        "name": facility.name,
        "kind": facility.kind,
        "lat": facility.lat,
        "lon": facility.lon,
        "region_code": facility.region_code,
        "agency": "",
    }  # "active" left out: unchecked
    response = admin_client.post(f"/admin/units/facility/{facility.pk}/change/", form)
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.active is False
