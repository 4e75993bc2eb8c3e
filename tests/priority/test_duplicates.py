"""Duplicate-match helpers: radii, windows, compatibility, distance, score."""

from __future__ import annotations

from datetime import timedelta

import pytest

from priority.duplicates import (
    MATCH_THRESHOLD,
    compatible,
    haversine_m,
    match_score,
    radius_m,
    raise_priority,
    text_similarity,
    time_window,
)
from priority.rules import CATEGORIES


def test_it_has_a_radius_and_window_for_every_category() -> None:
    for code in CATEGORIES:
        assert 50 <= radius_m(code) <= 5000
        assert timedelta(minutes=30) <= time_window(code) <= timedelta(days=60)
    assert radius_m("fire") == 500
    assert radius_m("traffic_accident") == 500
    assert radius_m("disaster") == 2000
    assert radius_m("not-a-category") == 500
    assert time_window("traffic_accident") < time_window("fire") < time_window("disaster")


def test_it_knows_which_categories_can_be_one_event() -> None:
    assert compatible("fire", "fire")
    assert compatible("other", "crime") and compatible("medical", "other")
    assert compatible("fire", "rescue") and compatible("rescue", "fire")
    assert compatible("traffic_accident", "medical")
    assert compatible("disaster", "rescue")
    assert not compatible("fire", "public_service")
    assert not compatible("infrastructure", "crime")


def test_it_measures_great_circle_distance() -> None:
    assert haversine_m(-5.42, 105.26, -5.42, 105.26) == 0
    # One degree of latitude is about 111.2 km.
    assert haversine_m(0, 105, 1, 105) == pytest.approx(111_195, rel=1e-3)
    # Two points in Bandar Lampung about 1.1 km apart.
    assert haversine_m(-5.4292, 105.2610, -5.4192, 105.2610) == pytest.approx(1112, rel=1e-2)


def test_it_scores_a_nearby_recent_similar_report_as_a_match() -> None:
    score, reason = match_score(
        "fire",
        "fire",
        120.0,
        timedelta(minutes=10),
        "kebakaran rumah di jalan kenanga kedaton",
        "Tolong ada rumah kebakaran di Jl. Kenanga, Kedaton",
    )
    assert score >= MATCH_THRESHOLD
    assert "same category fire" in reason and "120 m of 500 m" in reason


def test_it_scores_compatible_categories_lower_than_the_same() -> None:
    same, _ = match_score("fire", "fire", 100.0, timedelta(minutes=5))
    pair, reason = match_score("rescue", "fire", 100.0, timedelta(minutes=5))
    assert 0 < pair < same
    assert "rescue ~ fire" in reason


def test_it_rejects_far_old_or_incompatible_candidates() -> None:
    far = match_score("fire", "fire", 900.0, timedelta(minutes=5))
    old = match_score("traffic_accident", "traffic_accident", 10.0, timedelta(hours=5))
    other = match_score("fire", "public_service", 10.0, timedelta(minutes=1))
    assert far == (0.0, "too far: 900 m > 500 m")
    assert old[0] == 0.0 and old[1].startswith("too old")
    assert other[0] == 0.0 and "not compatible" in other[1]


def test_it_leans_on_text_when_there_is_no_location() -> None:
    alike, reason = match_score(
        "infrastructure",
        "infrastructure",
        None,
        timedelta(days=2),
        "lampu jalan mati di gang melati",
        "lampu jalan gang melati mati sudah seminggu",
    )
    unlike, _ = match_score(
        "infrastructure",
        "infrastructure",
        None,
        timedelta(days=2),
        "lampu jalan mati di gang melati",
        "jalan berlubang di depan pasar tugu",
    )
    assert "no location" in reason
    assert alike >= MATCH_THRESHOLD > unlike


def test_it_compares_normalized_text() -> None:
    # SMS spelling and stretched words normalize to the same tokens.
    assert text_similarity("tlg kbakaran di pasar", "tolong kebakaran di pasar") == 1.0
    assert text_similarity("", "kebakaran") == 0.0
    assert 0 < text_similarity({"a", "b"}, {"b", "c"}) < 1


def test_it_raises_priority_one_step_but_never_above_p1() -> None:
    assert raise_priority("P4") == "P3"
    assert raise_priority("P3") == "P2"
    assert raise_priority("P2") == "P1"
    assert raise_priority("P1") == "P1"
    with pytest.raises(ValueError):
        raise_priority("P0")


def test_it_uses_the_narrower_reach_across_categories() -> None:
    from datetime import timedelta

    from priority.duplicates import match_score

    # A fallen tree (disaster, 2 km) and a pothole (infrastructure) 1.3 km apart.
    score, reason = match_score("disaster", "infrastructure", 1300.0, timedelta(minutes=10))
    assert score == 0.0, reason
