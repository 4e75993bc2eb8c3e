"""Geocoding benchmark on one core: `python -m bench.geocode [--seconds N] [--json]`.

Measures the gazetteer core without Django or a server:

- load: time to read the data file and build the indexes (fresh, in this process);
- forward/s: `Gazetteer.geocode` over a varied set of addresses (village with
  district and regency, labelled and not, lone names, typos, spacing variants,
  free text), with the in-process answer cache off, so every call does the work;
- forward accuracy on that set: share of answers in the village/district the
  address was written from;
- reverse/s: random points in Indonesia (jittered around village centroids);
- memory: RSS growth for loading and using the data (from /proc), and the Python
  heap peak (tracemalloc) during the load.

Goals: load <= 1 s, forward >= 2,000/s, reverse >= 20,000/s, memory <= 150 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import time
import tracemalloc
from pathlib import Path
from typing import Any

GOALS = {"load_s": 1.0, "forward_per_s": 2000.0, "reverse_per_s": 20000.0, "memory_mb": 150.0}


def rss_mb() -> float:
    """Current resident set size (falls back to the peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    position = rng.randrange(1, len(word) - 1)
    return word[:position] + word[position + 1 :]  # drop one letter


def make_addresses(regions: Any, count: int, seed: int = 112) -> list[tuple[str, str]]:
    """(address, code the answer should start with) in the ways people write them."""
    from geo.regions import VILLAGE, regency_base_name

    rng = random.Random(seed)
    villages = [i for i, level in enumerate(regions.levels) if level == VILLAGE]
    out: list[tuple[str, str]] = []
    while len(out) < count:
        vid = rng.choice(villages)
        did = regions.parents[vid]
        rid = regions.parents[did]
        village, district = regions.names[vid], regions.names[did]
        regency, kind = regency_base_name(regions.names[rid])
        province = regions.names[regions.parents[rid]]
        style = rng.randrange(10)
        vcode, dcode = _dotted(regions.codes[vid]), _dotted(regions.codes[did])
        if style == 0:
            out.append((f"Kel. {village}, Kec. {district}, {regions.names[rid]}", vcode))
        elif style == 1:
            out.append(
                (
                    f"Jl. Merdeka No. {rng.randrange(1, 200)}, {village}, {district}, {regency}",
                    vcode,
                )
            )
        elif style == 2:
            out.append(
                (
                    f"desa {village.lower()} kecamatan {district.lower()} kab {regency.lower()}",
                    vcode,
                )
            )
        elif style == 3:
            out.append((f"{village}, {regency}, {province}", vcode))
        elif style == 4:
            out.append((f"Kecamatan {district}, {kind} {regency}", dcode))
        elif style == 5:
            out.append((f"{_typo(village, rng)}, Kec. {district}, {regency}", dcode))
        elif style == 6:
            out.append((f"{village.upper()} {district.upper()} {regency.upper()}", dcode))
        elif style == 7:
            text = f"tolong ada kebakaran rumah di desa {village} kecamatan {district}, api besar"
            out.append((text, dcode))
        elif style == 8:
            out.append((f"RT 02 RW 05 {village} {district}", dcode))
        else:
            out.append((f"{district}, {regency}", dcode))
    return out


def _dotted(code: str) -> str:
    from geo.regions import dotted

    return dotted(code)


def bench_load() -> tuple[Any, float, float]:
    from geo.regions import load_regions

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    regions = load_regions()
    elapsed = time.perf_counter() - started
    return regions, elapsed, rss_mb() - before


def heap_of_load() -> float:
    """Python heap held by a second copy of the tables (tracemalloc; slow, so apart)."""
    from geo.regions import load_regions

    gc.collect()
    tracemalloc.start()
    regions = load_regions()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del regions
    gc.collect()
    return current / 2**20


def bench_forward(regions: Any, seconds: float) -> dict[str, float]:
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer(home_region="18.71", regions=regions, cache_size=0)
    addresses = make_addresses(regions, 2000)
    gazetteer.geocode(addresses[0][0])  # build lazy fuzzy-match lists outside the clock
    hits = total = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for address, code in addresses:
            free_text = address.startswith("tolong")
            location = gazetteer.geocode(address, free_text=free_text)
            total += 1
            if (
                location is not None
                and location.raw["code"]
                and location.raw["code"].startswith(code)
            ):
                hits += 1
            if total % 200 == 0 and time.perf_counter() >= deadline:
                break
    elapsed = time.perf_counter() - started
    return {
        "forward_per_s": total / elapsed,
        "forward_accuracy": hits / total,
        "forward_calls": total,
    }


def bench_reverse(regions: Any, seconds: float) -> dict[str, float]:
    from geo.regions import VILLAGE

    rng = random.Random(7)
    villages = [
        i for i, level in enumerate(regions.levels) if level == VILLAGE and regions.reach_km[i]
    ]
    points = []
    for _ in range(20_000):
        vid = rng.choice(villages)
        points.append(
            (
                regions.lats[vid] + rng.uniform(-0.02, 0.02),
                regions.lons[vid] + rng.uniform(-0.02, 0.02),
            )
        )
    found = total = 0
    nearest = regions.nearest_village
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for lat, lon in points:
            if nearest(lat, lon) is not None:
                found += 1
        total += len(points)
    elapsed = time.perf_counter() - started
    # The same through the geopy interface (builds a Location and the region dict).
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer(regions=regions)
    sample = points[:5000]
    started_geopy = time.perf_counter()
    for point in sample:
        gazetteer.reverse(point)
    geopy_rate = len(sample) / (time.perf_counter() - started_geopy)
    return {
        "reverse_per_s": total / elapsed,
        "reverse_geopy_per_s": geopy_rate,
        "reverse_found": found / total,
    }


def run(seconds: float = 3.0) -> dict[str, Any]:
    baseline = rss_mb()
    regions, load_s, load_rss = bench_load()
    results: dict[str, Any] = {
        "load_s": round(load_s, 3),
        "load_rss_mb": round(load_rss, 1),
        "regions": len(regions),
    }
    results.update(bench_forward(regions, seconds))
    results.update(bench_reverse(regions, seconds))
    results["memory_mb"] = round(rss_mb() - baseline, 1)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["tables_heap_mb"] = round(heap_of_load(), 1)
    results["goals_met"] = {
        "load": load_s <= GOALS["load_s"],
        "forward": results["forward_per_s"] >= GOALS["forward_per_s"],
        "reverse": results["reverse_per_s"] >= GOALS["reverse_per_s"],
        "memory": results["memory_mb"] <= GOALS["memory_mb"],
    }
    return results


def report(results: dict[str, Any]) -> None:
    r, g = results, GOALS
    lines = [
        f"load     {r['load_s']:.3f} s (goal <= {g['load_s']} s; {r['regions']} regions)",
        f"forward  {r['forward_per_s']:,.0f} /s (goal >= {g['forward_per_s']:,.0f}; "
        f"accuracy {r['forward_accuracy']:.1%} over {r['forward_calls']:,} calls)",
        f"reverse  {r['reverse_per_s']:,.0f} /s (goal >= {g['reverse_per_s']:,.0f}; "
        f"as geopy Locations {r['reverse_geopy_per_s']:,.0f} /s)",
        f"memory   {r['memory_mb']:.1f} MB RSS growth (goal <= {g['memory_mb']:.0f}; "
        f"{r['load_rss_mb']:.1f} MB of it by the load; Python heap of the tables "
        f"{r['tables_heap_mb']:.1f} MB; process peak {r['peak_rss_mb']:.1f} MB)",
        f"goals    {r['goals_met']}",
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description="Geocoding benchmark (one core).")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per throughput measure")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args(argv)
    results = run(args.seconds)
    report(results)
    if args.json:
        print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
