"""Forward geocoding: find the places named in an address or a free text.

1. Tokenize (geo.address) into segments of normalized words with labels.
2. Spans (geo.spans): the runs of words that name a region or a landmark.
3. Hypotheses: every region or landmark a span names. A hypothesis scores the weight
   of its own span plus the weights of the other spans that name one of its
   ancestors ("Kedaton, Bandar Lampung": the village Kedaton is supported by its
   regency), plus a bias towards HOME_REGION. The best one wins; ties go to the more
   specific level, then to the one nearest home.
4. Confidence 0..1 from the evidence behind the winner: how many parts agree,
   labels, fuzziness, competitors of about the same score, parts that contradict it,
   and how precise its level is (a regency centroid is no place to send a truck).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from geo.evidence import KNOWN, UNKNOWN, Reading, Verdict, parent_names, reason, weigh
from geo.landmarks import LandmarkIndex
from geo.regions import DISTRICT, LEVEL_NAMES, PROVINCE, REGENCY, VILLAGE, undotted
from geo.spans import LANDMARK, Span, SpanFinder

SPECIFICITY = {PROVINCE: 0, REGENCY: 1, DISTRICT: 2, VILLAGE: 3, LANDMARK: 4}
# HOME_REGION decides between equal names, and outweighs the level prior: in a
# Bandar Lampung call centre "Sukabumi" is the kecamatan, not the city in Java.
HOME_BONUS = 0.15
# A village's town named after it counts for this much ("Kayu Ara Kuning Pangkalan
# Balai", two kelurahan of one kecamatan).
TOWN_SUPPORT = 0.3
# A parent named far from the place, in another sentence, counts for this much.
REMOTE_SUPPORT = 0.5
# A parent in the part of the text next to the place's ("Kedaton, Kalianda") counts
# for less than one named in the same part ("Desa Kedaton Kec. Kalianda; PL berada
# di Bandar Lampung": the kecamatan said with the village tells which Kedaton).
NEXT_PART_SUPPORT = 0.8
NEAR_WORDS = 3
HOME_PROVINCE_BONUS = 0.05
NEAR_KM = 3.0
NEAR_FACTOR = 0.5
TIE_MARGIN = 0.05
TOP_HYPOTHESES = 12

# Confidence ceilings by level: how useful the point is for sending help.
LEVEL_CAP = {LANDMARK: 0.95, VILLAGE: 1.0, DISTRICT: 0.85, REGENCY: 0.55, PROVINCE: 0.3}


@dataclass(slots=True)
class Hypothesis:
    kind: int  # 0 region, 1 landmark
    ident: int
    level: int
    region: int  # the region id (for a landmark: the region under it, or -1)
    own: int  # index of the span that names it
    score: float = 0.0
    supports: list[tuple[int, float]] = field(default_factory=list)
    lat: float = 0.0
    lon: float = 0.0


@dataclass(slots=True)
class Match:
    """One answer of the matcher. A refused reading has state "unknown": its point is
    not to be used, its reasons say why the words place nothing (geo.evidence)."""

    lat: float
    lon: float
    confidence: float
    level: str
    region_id: int  # -1: no region
    name: str
    landmark: int = -1
    score: float = 0.0
    state: str = KNOWN
    reasons: tuple[dict[str, Any], ...] = ()


class Matcher(SpanFinder):
    """Finds places in text: the spans (geo.spans), then the best reading of them."""

    # -- hypotheses --------------------------------------------------------------

    def match(
        self,
        text: str,
        *,
        landmarks: LandmarkIndex | None = None,
        free_text: bool = False,
        home: str = "",
        limit: int = 1,
        strict: bool = True,
    ) -> list[Match]:
        """The best readings of a text, best first. `strict` (report placement) keeps
        only readings with evidence (geo.evidence) and answers a refused one, with its
        reasons, when none has; otherwise (a search, geopy's geocode) the best readings
        whatever their evidence, each with its state."""
        home = undotted(home)
        spans = self.spans(text, landmarks, free_text, home)
        if not spans:
            return []
        hypotheses = self._hypotheses(spans, landmarks)
        hits = self._hits(spans)
        for hypothesis in hypotheses:
            self._score(hypothesis, spans, hits, home)
        hypotheses.sort(key=lambda h: h.score, reverse=True)
        top = hypotheses[:TOP_HYPOTHESES]
        for hypothesis in top:
            self._near_support(hypothesis, spans)
        home_point = self._home_point(home)
        top.sort(key=lambda h: self._rank(h, home_point), reverse=True)
        verdicts = [(h, self._verdict(h, spans, home, landmarks)) for h in top]
        accepted = [(h, v) for h, v in verdicts if v.accepted or not strict]
        if not accepted:
            # Nothing the words name is strong enough: say why the best reading was not.
            best, verdict = verdicts[0]
            refused = self._answer(best, 0.0, spans, landmarks)
            refused.state, refused.reasons = UNKNOWN, verdict.reasons
            return [refused]
        # The call centre serves its own area: a reading inside it comes before one
        # outside, unless the outside one has its region named with it, or is
        # announced as what it is ("Kota Bengkulu" is the city, not a village of
        # Lampung called Bengkulu).
        # Where a victim is taken ("dibawa ke RSUD Bitung"), or a place the caller
        # says it is not ("bukan di Girian, di Sagerat"), comes after where the
        # event is; a national park, a mountain or a lake after the village or the
        # kecamatan named with it ("di Labuhan Ratu, deket Way Kambas").
        # So does a region named as such a place's parent ("alamat saya di Pahoman,
        # Bandar Lampung"): the address as a whole.
        away = self._away(accepted, spans)
        accepted.sort(
            key=lambda hv: (
                id(hv[0]) in away,
                not (
                    self._in_home(hv[0], home)
                    or hv[1].supported
                    or spans[hv[0].own].label == hv[0].level
                ),
                self._wide(hv[0], landmarks),
            )
        )
        best, verdict = accepted[0]
        if spans[best.own].street and not best.supports and not self._in_home(best, home):
            # "Jl. Kartini" alone: streets are named after heroes and far-away places;
            # only a place of the home region is a plausible reading.
            if not strict:
                return []
            refused = self._answer(best, 0.0, spans, landmarks)
            words = " ".join(spans[best.own].words)
            refused.state, refused.reasons = UNKNOWN, (reason("street_name", words=words),)
            return [refused]
        confidence = self._confidence(best, top, spans, home, free_text)
        answers = [self._answer(best, confidence, spans, landmarks, verdict)]
        for other, other_verdict in accepted[1:]:
            if len(answers) >= limit:
                break
            scaled = confidence * other.score / best.score if best.score > 0 else 0.0
            capped = min(scaled, LEVEL_CAP[other.level])
            answer = self._answer(other, capped, spans, landmarks, other_verdict)
            if not any(self._same_place(answer, seen) for seen in answers):
                answers.append(answer)
        return answers

    def _away(self, accepted: list[tuple[Hypothesis, Verdict]], spans: list[Span]) -> set[int]:
        """The readings (their ids) of places the event is not at: where a victim is
        taken, where the caller is not or phones from or lives, and their parents."""
        codes = self.regions.codes
        away = [h for h, _ in accepted if spans[h.own].taken_to or spans[h.own].denied]
        inside = [codes[h.region] for h in away if h.region >= 0]
        return {id(h) for h in away} | {
            id(h)
            for h, _ in accepted
            if h.region >= 0
            and any(code != codes[h.region] and code.startswith(codes[h.region]) for code in inside)
        }

    def _verdict(
        self, hypothesis: Hypothesis, spans: list[Span], home: str, landmarks: LandmarkIndex | None
    ) -> Verdict:
        """What the words behind a hypothesis are worth as evidence (geo.evidence)."""
        regions = self.regions
        own = spans[hypothesis.own]
        if hypothesis.kind == 1 and landmarks is not None:
            name = landmarks.landmarks[hypothesis.ident].name
            namesakes = len(own.marks)
        else:
            name = regions.names[hypothesis.ident]
            namesakes = sum(1 for rid in own.ids if regions.levels[rid] == hypothesis.level)
        rivals = 0
        siblings = self._siblings(hypothesis.ident, own) if hypothesis.kind == 0 else ()
        parent, in_parent = self._namesakes_in_parent(hypothesis, spans)
        if siblings:
            name = " / ".join(regions.names[rid] for rid in siblings)
        if hypothesis.kind == 0 and home:
            rivals = sum(
                1
                for rid in own.ids
                if rid != hypothesis.ident
                and rid not in siblings
                and regions.levels[rid] == hypothesis.level
                and regions.codes[rid].startswith(home)
            )
        # A region named inside a street's name ("Jl. Lintas Palembang-Jambi") is
        # no parent named with the place: the road runs there, the event need not.
        # Right after the place, in the road's name too, it is the place's own
        # ("jalan lintas Sungai Lilin Muba": the highway at Sungai Lilin, in Muba).
        supporting = [
            rid
            for k, _ in hypothesis.supports
            if not spans[k].street or (own.street and spans[k].start == own.end)
            for rid in spans[k].ids
        ]
        reading = Reading(
            level=hypothesis.level,
            region=hypothesis.region,
            name=name,
            words=own.words,
            marker=own.label == hypothesis.level,
            after=own.after,
            supported=parent_names(regions, hypothesis.region, supporting),
            namesakes=namesakes,
            homonyms=len(own.ids) + len(own.marks),
            in_home=self._in_home(hypothesis, home),
            in_home_province=bool(home)
            and hypothesis.region >= 0
            and regions.codes[hypothesis.region][:2] == home[:2],
            rivals_in_home=rivals,
            siblings=len(siblings) - 1 if siblings else 0,
            namesakes_in_parent=in_parent,
            parent_is_area=parent >= 0 and home.startswith(regions.codes[parent]),
            capitalized=own.capitalized,
            in_address=own.street,
            then=own.then,
            whole_area=hypothesis.kind == 0
            and bool(home)
            and regions.codes[hypothesis.ident] == home,
            province_elsewhere=any(
                regions.levels[rid] == PROVINCE and regions.codes[rid] != home[:2]
                for rid in own.ids
            ),
        )
        return weigh(reading)

    def _namesakes_in_parent(self, hypothesis: Hypothesis, spans: list[Span]) -> tuple[int, int]:
        """The deepest parent named with a village, and how many other villages of
        its name lie in it: "Pekon Sidomulyo, Tanggamus" is one of four."""
        regions = self.regions
        if hypothesis.kind != 0 or hypothesis.level != VILLAGE or not hypothesis.supports:
            return -1, 0
        chain = regions.chain(hypothesis.region)
        named = {rid for k, _ in hypothesis.supports for rid in spans[k].ids if rid in chain[1:]}
        if not named:
            return -1, 0
        parent = max(named, key=lambda rid: regions.levels[rid])
        own = spans[hypothesis.own]
        siblings = self._siblings(hypothesis.ident, own)
        others = sum(
            1
            for rid in own.ids
            if rid != hypothesis.ident
            and rid not in siblings
            and regions.levels[rid] == VILLAGE
            and parent in regions.chain(rid)
        )
        return parent, others

    def _same_place(self, a: Match, b: Match) -> bool:
        """One place at two levels (a village and its district) is one answer."""
        if a.landmark >= 0 or b.landmark >= 0:
            return a.landmark == b.landmark
        if a.region_id < 0 or b.region_id < 0:
            return False
        return a.region_id in self.regions.chain(b.region_id) or b.region_id in self.regions.chain(
            a.region_id
        )

    def _hypotheses(self, spans: list[Span], landmarks: LandmarkIndex | None) -> list[Hypothesis]:
        regions = self.regions
        named = [k for k, span in enumerate(spans) if not span.postal]
        # Only a postal code: its villages are the hypotheses.
        sources = named or list(range(len(spans)))
        seen: dict[tuple[int, int], Hypothesis] = {}
        for k in sources:
            span = spans[k]
            for rid in span.ids:
                level = regions.levels[rid]
                lat, lon = self._point(rid, span)
                candidate = Hypothesis(0, rid, level, rid, k, lat=lat, lon=lon)
                _keep_best(seen, candidate, span.weight(level))
            for mark in span.marks:
                landmark = landmarks.landmarks[mark]  # type: ignore[union-attr]
                region = landmarks.region_ids[mark]  # type: ignore[union-attr]
                candidate = Hypothesis(
                    1, mark, LANDMARK, region, k, lat=landmark.lat, lon=landmark.lon
                )
                _keep_best(seen, candidate, span.weight(LANDMARK))
        return list(seen.values())

    def _point(self, rid: int, span: Span) -> tuple[float, float]:
        """A region's centre; for numbered villages named together by their common
        name ("Jagabaya"), the middle of them."""
        group = self._siblings(rid, span)
        ids = group or (rid,)
        lats = [self.regions.lats[i] for i in ids]
        lons = [self.regions.lons[i] for i in ids]
        return sum(lats) / len(ids), sum(lons) / len(ids)

    def _siblings(self, rid: int, span: Span) -> tuple[int, ...]:
        """The numbered villages ("Jagabaya I", "II"...) the span names all at once."""
        group = tuple(i for i in self.regions.siblings.get(rid, ()) if i in span.ids)
        return group if len(group) > 1 else ()

    @staticmethod
    def _hits(spans: list[Span]) -> dict[int, list[int]]:
        hits: dict[int, list[int]] = {}
        for k, span in enumerate(spans):
            if span.postal:
                continue
            for rid in span.ids:
                hits.setdefault(rid, []).append(k)
        return hits

    def _score(
        self, hypothesis: Hypothesis, spans: list[Span], hits: dict[int, list[int]], home: str
    ) -> None:
        regions = self.regions
        own = spans[hypothesis.own]
        candidates: list[tuple[float, int]] = []
        if hypothesis.region >= 0:
            chain = regions.chain(hypothesis.region)
            ancestors = chain if hypothesis.kind == 1 else chain[1:]
            for ancestor in ancestors:
                for k in hits.get(ancestor, ()):
                    candidates.append((spans[k].weight(regions.levels[ancestor]), k))
            village = chain[0] if regions.levels[chain[0]] == VILLAGE else -1
            if village >= 0:
                postal = regions.postals[village]
                for k, span in enumerate(spans):
                    if span.postal and span.postal == postal:
                        candidates.append((span.weight(VILLAGE), k))
                    elif hypothesis.kind == 0 and self._its_town(span, own, village):
                        candidates.append((TOWN_SUPPORT, k))
        candidates.sort(reverse=True)
        used = [own]
        supports: list[tuple[int, float]] = []
        for weight, k in candidates:
            span = spans[k]
            if (
                k == hypothesis.own
                or span.denied  # "bukan di Manado", "telpon dari Manado": no parent
                or any(span.overlaps(u) for u in used)
                or any(k == s for s, _ in supports)
                or _said_twice(span, own)
            ):
                continue
            used.append(span)
            supports.append((k, weight))
        # "Karondoran Langowan ... kita dari Bitung": the parents named with the
        # place, not the caller's town said later, tell which one it is.
        near = _named_with(own, [spans[k] for k, _ in supports])
        supports = [
            (k, w * _support_factor(near[i], spans[k], own)) for i, (k, w) in enumerate(supports)
        ]
        hypothesis.supports = supports
        hypothesis.score += sum(weight for _, weight in supports) + self._home_bonus(
            hypothesis, home
        )

    @staticmethod
    def _wide(hypothesis: Hypothesis, landmarks: LandmarkIndex | None) -> bool:
        return (
            hypothesis.kind == 1
            and landmarks is not None
            and landmarks.landmarks[hypothesis.ident].wide
        )

    def _its_town(self, span: Span, own: Span, village: int) -> bool:
        """A village of the same kecamatan named right after it, as its town: "warga
        Kayu Ara Kuning Pangkalan Balai" lives in Kayuara Kuning, by the town."""
        regions = self.regions
        if not (span.seg == own.seg and span.start == own.end):
            return False
        district = regions.parents[village]
        return any(
            rid != village and regions.levels[rid] == VILLAGE and regions.parents[rid] == district
            for rid in span.ids
        )

    def _home_bonus(self, hypothesis: Hypothesis, home: str) -> float:
        if not home or hypothesis.region < 0:
            return 0.0
        code = self.regions.codes[hypothesis.region]
        if code.startswith(home):
            return HOME_BONUS
        if code[:2] == home[:2]:
            return HOME_PROVINCE_BONUS
        return 0.0

    def _near_support(self, hypothesis: Hypothesis, spans: list[Span]) -> None:
        """Half credit for a named district or village close to the hypothesis but not
        containing it: boundaries move (Kedamaian was cut out of Tanjungkarang Timur
        in 2012) and landmarks sit near borders."""
        regions = self.regions
        used = [spans[hypothesis.own]] + [spans[k] for k, _ in hypothesis.supports]
        cos_lat = math.cos(math.radians(hypothesis.lat))
        for k, span in enumerate(spans):
            if span.postal or len(span.ids) > 8 or any(span.overlaps(u) for u in used):
                continue
            for rid in span.ids:
                level = regions.levels[rid]
                if level < DISTRICT:
                    continue
                dy = regions.lats[rid] - hypothesis.lat
                dx = (regions.lons[rid] - hypothesis.lon) * cos_lat
                if math.hypot(dx, dy) * 111.195 <= NEAR_KM:
                    weight = span.weight(level) * NEAR_FACTOR
                    hypothesis.supports.append((k, weight))
                    hypothesis.score += weight
                    used.append(span)
                    break

    def _home_point(self, home: str) -> tuple[float, float] | None:
        rid = self.regions.by_code.get(home)
        if rid is None:
            return None
        return self.regions.lats[rid], self.regions.lons[rid]

    @staticmethod
    def _rank(
        hypothesis: Hypothesis, home_point: tuple[float, float] | None
    ) -> tuple[float, int, float]:
        distance = 0.0
        if home_point is not None:
            distance = math.hypot(hypothesis.lat - home_point[0], hypothesis.lon - home_point[1])
        return (round(hypothesis.score, 6), SPECIFICITY[hypothesis.level], -distance)

    # -- confidence --------------------------------------------------------------

    def _confidence(
        self,
        best: Hypothesis,
        top: list[Hypothesis],
        spans: list[Span],
        home: str,
        free_text: bool,
    ) -> float:
        own = spans[best.own]
        parts = 1.0 + sum(1.0 if w >= 0.3 else 0.5 for _, w in best.supports)
        quality = 0.6 + 0.2 * (parts - 1.0)
        if own.label == best.level:
            quality += 0.05
        in_home = (
            bool(home) and best.region >= 0 and self.regions.codes[best.region].startswith(home)
        )
        if in_home:
            quality += 0.1
        if not best.supports:
            # A lone name: how many other places carry it?
            namesakes = self._unrelated_namesakes(best, own)
            if namesakes == 0:
                quality += 0.1
            elif in_home:
                quality *= 0.9
            else:
                quality *= 0.75 if namesakes <= 2 else 0.6
        worst_sim = min([own.sim] + [spans[k].sim for k, _ in best.supports])
        quality *= worst_sim * worst_sim
        if own.street:
            quality *= 0.6
        if own.postal:
            quality *= 0.8
        if free_text and own.label is None and best.level != LANDMARK:
            quality *= 0.9
        rivals = [
            h
            for h in top
            if h is not best and h.score >= best.score - TIE_MARGIN and not self._related(best, h)
        ]
        if rivals:
            decided_by_home = in_home and any(not self._in_home(h, home) for h in rivals)
            quality *= 0.8 if decided_by_home else 0.55
        for _ in range(min(2, self._conflicts(best, spans))):
            quality *= 0.6
        return round(max(0.0, min(quality, LEVEL_CAP[best.level], 1.0)), 3)

    def _in_home(self, hypothesis: Hypothesis, home: str) -> bool:
        return (
            bool(home)
            and hypothesis.region >= 0
            and self.regions.codes[hypothesis.region].startswith(home)
        )

    def _related(self, a: Hypothesis, b: Hypothesis) -> bool:
        """Same place at two levels (a village and its district) is no rivalry."""
        if a.region < 0 or b.region < 0:
            return False
        if a.region == b.region:
            return True
        chain_a = self.regions.chain(a.region)
        chain_b = self.regions.chain(b.region)
        return a.region in chain_b or b.region in chain_a

    def _unrelated_namesakes(self, best: Hypothesis, own: Span) -> int:
        marks = sum(1 for mark in own.marks if best.kind != 1 or mark != best.ident)
        if best.region < 0:
            return len(own.ids) + marks
        chain = self.regions.chain(best.region)
        others = 0
        for rid in own.ids:
            if rid in chain or best.region in self.regions.chain(rid):
                continue
            others += 1
        return others + marks

    def _conflicts(self, best: Hypothesis, spans: list[Span]) -> int:
        """Named regencies or provinces that the answer is not in."""
        regions = self.regions
        chain = set(regions.chain(best.region)) if best.region >= 0 else set()
        used = {best.own, *(k for k, _ in best.supports)}
        own = spans[best.own]
        count = 0
        for k, span in enumerate(spans):
            if k in used or span.postal or span.street or span.overlaps(own) or not span.ids:
                continue
            names_region = any(regions.levels[rid] <= REGENCY for rid in span.ids)
            if names_region and not chain.intersection(span.ids):
                count += 1
        return count

    def _answer(
        self,
        hypothesis: Hypothesis,
        confidence: float,
        spans: list[Span],
        landmarks: LandmarkIndex | None,
        verdict: Verdict | None = None,
    ) -> Match:
        regions = self.regions
        if hypothesis.kind == 1 and landmarks is not None:
            landmark = landmarks.landmarks[hypothesis.ident]
            return Match(
                lat=landmark.lat,
                lon=landmark.lon,
                confidence=confidence,
                level="landmark",
                region_id=hypothesis.region,
                name=landmark.name,
                landmark=hypothesis.ident,
                score=hypothesis.score,
                state=verdict.state if verdict else KNOWN,
                reasons=verdict.reasons if verdict else (),
            )
        rid = hypothesis.ident
        lat, lon = regions.lats[rid], regions.lons[rid]
        # "Kedaton" names both a district and its central village: answer with the
        # village (finer region code, a point in the centre), unless "Kec." said
        # the district was meant.
        if regions.levels[rid] == DISTRICT and spans[hypothesis.own].label != DISTRICT:
            rid = regions.namesakes.get(rid, rid)
            lat, lon = regions.lats[rid], regions.lons[rid]
        parent, in_parent = self._namesakes_in_parent(hypothesis, spans)
        if in_parent and verdict is not None and verdict.accepted:
            # Several villages of the name in the parent named with it: the parent.
            rid = parent
            lat, lon = regions.lats[rid], regions.lons[rid]
        siblings = self._siblings(rid, spans[hypothesis.own])
        if siblings:
            # "Jagabaya" is Jagabaya I, II or III: the middle of them, in the region
            # they share.
            lat, lon = hypothesis.lat, hypothesis.lon
            rid = _common_region(regions, siblings)
        return Match(
            lat=lat,
            lon=lon,
            confidence=confidence,
            level=LEVEL_NAMES[regions.levels[rid]],
            region_id=rid,
            name=regions.names[rid],
            score=hypothesis.score,
            state=verdict.state if verdict else KNOWN,
            reasons=verdict.reasons if verdict else (),
        )


def _named_with(own: Span, parents: list[Span]) -> list[bool]:
    """Which parents are named with the place: next to it, or next to one that is
    ("Menanga Siamang, Kecamatan Banjit, Kabupaten Way Kanan")."""
    near = [False] * len(parents)
    reached = [own]
    while True:
        found = [
            i
            for i, parent in enumerate(parents)
            if not near[i] and any(_near(parent, span) for span in reached)
        ]
        if not found:
            return near
        for i in found:
            near[i] = True
            reached.append(parents[i])


def _support_factor(named_with: bool, span: Span, own: Span) -> float:
    if not named_with:
        return REMOTE_SUPPORT
    return 1.0 if span.seg == own.seg else NEXT_PART_SUPPORT


def _near(span: Span, own: Span) -> bool:
    """Named with the place: in its part of the text, a few words away, or in the
    part before or after it ("Karondoran, Langowan")."""
    if span.seg == own.seg:
        return min(abs(span.start - own.end), abs(own.start - span.end)) <= NEAR_WORDS
    return abs(span.seg - own.seg) == 1


def _said_twice(span: Span, own: Span) -> bool:
    """The same words right after each other: a word said twice is a plural
    ("tambak-tambak wis kelelep", the fish ponds), not a village and its kecamatan
    of one name (Tambak of Tambak, in Gresik)."""
    if span.seg != own.seg or span.words != own.words:
        return False
    return span.start == own.end or own.start == span.end


def _common_region(regions: Any, ids: tuple[int, ...]) -> int:
    """The most specific region all of `ids` lie in."""
    shared = set(regions.chain(ids[0]))
    for rid in ids[1:]:
        shared &= set(regions.chain(rid))
    return max(shared, key=lambda r: regions.levels[r])


def _keep_best(
    seen: dict[tuple[int, int], Hypothesis], candidate: Hypothesis, weight: float
) -> None:
    candidate.score = weight
    key = (candidate.kind, candidate.ident)
    current = seen.get(key)
    if current is None or current.score < weight:
        seen[key] = candidate
