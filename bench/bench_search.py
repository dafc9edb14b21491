"""Search brain: accuracy of ``resolve`` on the labelled query set, and speed.

- the Radarr and Sonarr fakes serve a generated 50,000-item catalog (the realistic seed catalog mixed
  in: remakes, sequels, French titles, movie/series homonyms);
- every query of ``bench/data/queries.jsonl`` (typos, missing accents, years, French titles, release
  names, ids; each with the expected kind and TMDB/TVDB id, or none when nothing should match) goes
  through the same resolver as ``myflix-bot resolve`` (rules only, no Gemini);
- figures: top-1 accuracy, the share of ``confident`` decisions that are wrong, resolve latency, and
  the p50 of the cached-catalog fuzzy filter (``/films dune``) over 50,000 titles, next to a plain
  ``process.extract`` with WRatio measured in the same run.

Misses are printed, so a regression shows which request broke.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bench.figures import Figure

DATA = Path(__file__).parent / "data" / "queries.jsonl"
# Held-out set, written blind (without reading the ranker or the tuned set), so accuracy is not only
# measured on the queries the ranker was tuned on.
# A row may expect ``"expect": "ambiguous"``: the verdict must be ambiguous and the best one of ``among``.
HELDOUT = Path(__file__).parent / "data" / "queries_heldout.jsonl"
CATALOG_SIZE = 50_000
SEED = 1
NAME = "search"


def load_queries(path: Path = DATA, minimum: int = 200) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(rows) < minimum:
        raise RuntimeError(f"{path}: {len(rows)} queries, the set needs at least {minimum}")
    return rows


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def resolve_all(
    radarr_url: str, radarr_key: str, sonarr_url: str, sonarr_key: str, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], Any]]:
    from myflix_bot.config import ArrConfig  # noqa: PLC0415
    from myflix_bot.search.service import build_resolver  # noqa: PLC0415
    from myflix_bot.search.settings import SearchSettings  # noqa: PLC0415
    from myflix_bot.secrets import Secret  # noqa: PLC0415

    resolver, close = build_resolver(
        ArrConfig(radarr_url, Secret(radarr_key)),
        ArrConfig(sonarr_url, Secret(sonarr_key)),
        SearchSettings(),
        None,
    )
    try:
        await resolver.resolve("warm up")
        return [(row, await resolver.resolve(row["q"])) for row in rows]
    finally:
        await close()


def accuracy_figures(results: list[tuple[dict[str, Any], Any]], label: str = "") -> list[Figure]:
    correct = confident = confident_wrong = 0
    latencies: list[float] = []
    for row, res in results:
        d = res.decision
        got = (d.best.candidate.kind, d.best.candidate.id) if d.best else (None, None)
        want = (row["kind"], row["id"])
        ok = got == want if row["id"] is not None else d.verdict == "not_found"
        if row.get("expect") == "ambiguous":
            want = ("ambiguous", row["among"])
            ok = d.verdict == "ambiguous" and list(got) in row["among"]
        correct += ok
        if d.verdict == "confident":
            confident += 1
            confident_wrong += not ok
        latencies.append(res.seconds * 1000)
        if not ok:
            print(f"  miss{label}: {row['q']!r}: want {want}, got {d.verdict} {got} ({d.reason})")
    n = len(results)
    return [
        Figure(NAME, f"top-1 accuracy{label}", 100 * correct / n, "%", target_min=95, note=f"{n} queries"),
        Figure(
            NAME,
            f"confident decisions wrong{label}",
            100 * confident_wrong / max(1, confident),
            "%",
            target_max=0,
        ),
        Figure(NAME, f"confident decisions{label}", 100 * confident / n, "%"),
        Figure(NAME, f"resolve latency p50{label}", statistics.median(latencies), "ms"),
        Figure(NAME, f"resolve latency p95{label}", percentile(latencies, 95), "ms"),
    ]


def fuzzy_figures(catalog: Any, rows: list[dict[str, Any]]) -> list[Figure]:
    from myflix_bot.catalog_index import CatalogIndex  # noqa: PLC0415
    from myflix_bot.models import Movie  # noqa: PLC0415
    from myflix_bot.search.rules import parse_request  # noqa: PLC0415
    from myflix_bot.search.text import fold  # noqa: PLC0415

    movies = [
        Movie(id=i, title=item.title, year=item.year, added=float(i), sort_title=fold(item.title))
        for i, item in enumerate(catalog.items[:CATALOG_SIZE])
    ]
    t0 = time.perf_counter()
    index = CatalogIndex.build(movies)
    build_ms = (time.perf_counter() - t0) * 1000
    queries = [parse_request(r["q"]).title or r["q"] for r in rows if r["id"] is not None]
    index.search(queries[0])  # warm-up
    ours: list[float] = []
    for q in queries:
        t = time.perf_counter()
        index.search(q)
        ours.append((time.perf_counter() - t) * 1000)
    plain_choices = [fold(f"{m.title} {m.year}") for m in index.by_title]
    plain: list[float] = []
    for q in queries[:40]:
        t = time.perf_counter()
        process.extract(fold(q), plain_choices, scorer=fuzz.WRatio, processor=None, limit=50, score_cutoff=60)
        plain.append((time.perf_counter() - t) * 1000)
    return [
        Figure(
            NAME, f"catalog fuzzy p50 ({len(movies):,} titles)", statistics.median(ours), "ms", target_max=2
        ),
        Figure(NAME, f"catalog fuzzy p99 ({len(movies):,} titles)", percentile(ours, 99), "ms"),
        Figure(
            NAME,
            "catalog fuzzy speed-up vs plain WRatio extract",
            statistics.median(plain) / statistics.median(ours),
            "x",
            is_ratio=True,
        ),
        Figure(NAME, "catalog index build", build_ms, "ms"),
    ]


def run() -> list[Figure]:
    from myflix_testkit.fakes import radarr, sonarr  # noqa: PLC0415
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415
    from myflix_testkit.fakes.server import FakeServer  # noqa: PLC0415

    rows = load_queries()
    heldout = load_queries(HELDOUT, minimum=120)
    catalog = generate(CATALOG_SIZE, SEED)
    rs, ss = radarr.RadarrState(catalog), sonarr.SonarrState(catalog)
    with FakeServer(radarr.create_app(rs)) as r, FakeServer(sonarr.create_app(ss)) as s:
        results = asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, rows + heldout))
    return (
        accuracy_figures(results[: len(rows)])
        + accuracy_figures(results[len(rows) :], " (held-out)")
        + fuzzy_figures(catalog, rows)
    )


if __name__ == "__main__":
    from bench.__main__ import render

    print(render(run()))
