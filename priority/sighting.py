"""What the same-event judgement knows of a report or an incident, and its answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from priority import event_words


@dataclass(frozen=True)
class Sighting:
    """What triage knows of a report, or of the incident it may be another call about."""

    category: str
    topic: str = ""
    lat: float | None = None
    lon: float | None = None
    place: str = ""  # the named place its point rests on ("landmark:Pasar Tugu")
    text: str = ""
    # Every category its words name (priority.scan.categories_named), its own included.
    kinds: frozenset[str] = frozenset()
    region: str = ""  # Kemendagri code of the village or kecamatan it is placed in
    # The point is a village's or kecamatan's centre, not where the caller is.
    approximate: bool = False
    # The point is a village's centre, placed by words: not where in it the event is.
    centroid: bool = False
    # The words name a place far from the caller's device.
    elsewhere: bool = False
    # The rules' category when the second reader filed the report under another.
    rules_category: str = ""
    # Villages and kecamatan of the area its words name, placed or not
    # ("village:Sindang Sari", geo.mentions).
    named_places: frozenset[str] = frozenset()
    # The village its point is in, named as named_places names it ("village:Girian
    # Indah"); "" when it is placed at a kecamatan or nowhere.
    village: str = ""
    # Words of its text no rule knows, but people's names: names of places, boats,
    # buses, things of the scene ("putra", "remaja" of "bus Putra Remaja";
    # priority.place_words.rare_words).
    names: frozenset[str] = frozenset()

    @property
    def has_point(self) -> bool:
        # A question about a place far away ("is it true there is a fire in
        # Bakauheni?" asked from Metro) is not about where its caller stands. Other
        # reports keep their point: a road is often named by far towns ("tol
        # Bakauheni-Terbanggi").
        asks = self.category == "information" or event_words.says(self.text, event_words.HEARSAY)
        asks_elsewhere = self.elsewhere and asks
        return self.lat is not None and self.lon is not None and not asks_elsewhere


@dataclass(frozen=True)
class Decision:
    same: bool
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # The same event if the incident is the only open one of its kind: a caller
    # who says nothing of where (priority.same_event.lone_candidate).
    lone: bool = False


# Kinds that send a crew at once; a report of another kind may be about one.
EMERGENCIES = frozenset({"fire", "traffic_accident", "medical", "rescue", "disaster", "crime"})

# One person's emergency: two callers near each other are often two people (a man
# fainted in the church, a crash outside it).
PERSONAL_TOPICS = frozenset(
    {"medical emergency", "road accident", "violence", "theft or robbery", "dangerous animal"}
)
# One person's too, but only across kinds: a search goes on for days.
SWEPT_AWAY = frozenset({"drowning", "missing person"})


def refers_back(text: str) -> bool:
    """A complaint made again or an update ("masih", "lagi", "tadi")."""
    return event_words.says(text, event_words.REFERS_BACK)
