"""Search brain: strict accuracy of ``resolve`` on the labelled request sets, lookups spent, and speed.

- the Radarr and Sonarr fakes serve a generated 50,000-item catalog (the 442-item seed catalog mixed
  in: remakes, sequels, franchises, French titles, movie/series homonyms, TMDB-like popularity);
- every request of ``bench/data/queries.jsonl`` (tuning) and ``queries_heldout.jsonl`` (held out,
  frozen before tuning) goes through one resolver, as ``myflix-bot resolve --batch`` and the bot use
  it (rules only, no Gemini); each set gets a fresh resolver with an empty title memory, so neither
  set's figures depend on the titles the other set's lookups taught it (the held-out set must not be
  helped by the tuning set); the labels follow the rule written in ``bench/data/README.md``;
- strict figures: a request is solved only by a confident right answer, by "ambiguous" when the
  request really denotes several items (and the answer's best is one of them), or by "not_found" when
  the title is absent; wrong-confident rate, ambiguous and not_found precision/recall, lookups per
  request (median, p95, max), and the resolve time without the time spent waiting on the lookup
  server (p50, p95);
- the p50 of the cached-catalog fuzzy filter (``/films dune``) over 50,000 titles, next to a plain
  ``process.extract`` with WRatio measured in the same run.

Misses of the tuning set are printed; the held-out set only reports its figures and a confusion table of
counts (label x answer, lookups histogram), never a request, so it is not tuned on.
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
HELDOUT = Path(__file__).parent / "data" / "queries_heldout.jsonl"
CATALOG_SIZE = 50_000
SEED = 1
NAME = "search"
EXPECTS = ("confident", "ambiguous", "not_found")


def load_queries(path: Path = DATA, minimum: int = 300) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(rows) < minimum:
        raise RuntimeError(f"{path}: {len(rows)} queries, the set needs at least {minimum}")
    bad = [r["q"] for r in rows if r.get("expect") not in EXPECTS]
    if bad:
        raise RuntimeError(f"{path}: rows without a valid 'expect': {bad[:3]}")
    return rows


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def resolve_all(
    radarr_url: str, radarr_key: str, sonarr_url: str, sonarr_key: str, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    from myflix_bot.config import ArrConfig  # noqa: PLC0415
    from myflix_bot.search.cli import resolve_lines  # noqa: PLC0415
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
        answers = await resolve_lines(resolver, [json.dumps({"q": r["q"]}) for r in rows])
        return list(zip(rows, answers, strict=True))
    finally:
        await close()


def solved(row: dict[str, Any], answer: dict[str, Any]) -> bool:
    """The strict rule: see bench/data/README.md."""
    decision = answer["decision"]
    if row["expect"] == "not_found":
        return decision == "not_found"
    if row["expect"] == "ambiguous":
        return decision == "ambiguous" and [answer["kind"], answer["id"]] in row["among"]
    return decision == "confident" and (answer["kind"], answer["id"]) == (row["kind"], row["id"])


def _share(num: int, den: int) -> float:
    return 100.0 * num / den if den else 100.0


def accuracy_figures(
    results: list[tuple[dict[str, Any], dict[str, Any]]], label: str = "", show_misses: bool = True
) -> list[Figure]:
    n = len(results)
    ok = [solved(r, a) for r, a in results]
    confident = [(r, a) for r, a in results if a["decision"] == "confident"]
    wrong = [
        (r, a)
        for r, a in confident
        if not (r["expect"] == "confident" and (a["kind"], a["id"]) == (r["kind"], r["id"]))
    ]

    def pr(kind: str) -> tuple[float, float]:
        answered = [r for r, a in results if a["decision"] == kind]
        labelled = [a for r, a in results if r["expect"] == kind]
        hits = sum(1 for r, a in results if r["expect"] == kind and a["decision"] == kind)
        return _share(hits, len(answered)), _share(hits, len(labelled))

    amb_p, amb_r = pr("ambiguous")
    nf_p, nf_r = pr("not_found")
    lookups = [float(a["lookups"]) for _, a in results]
    own_ms = [float(a["ms_own"]) for _, a in results]
    if show_misses:
        for (row, answer), good in zip(results, ok, strict=True):
            if not good:
                want = row.get("among") if row["expect"] == "ambiguous" else (row.get("kind"), row.get("id"))
                print(
                    f"  miss{label}: {row['q']!r}: want {row['expect']} {want}, got {answer['decision']} "
                    f"({answer['kind']}, {answer['id']}) {answer.get('title')!r} [{answer.get('reason')}]"
                    f" lookups={answer['lookups']}"
                )
    counts = {e: sum(1 for r, _ in results if r["expect"] == e) for e in EXPECTS}
    note = f"{n} requests: " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return [
        Figure(NAME, f"strict top-1{label}", _share(sum(ok), n), "%", target_min=95, note=note),
        Figure(
            NAME,
            f"wrong confident{label}",
            _share(len(wrong), len(confident)) if confident else 0.0,
            "%",
            target_max=0,
        ),
        Figure(NAME, f"ambiguous precision{label}", amb_p, "%", target_min=80),
        Figure(NAME, f"ambiguous recall{label}", amb_r, "%", target_min=100),
        Figure(NAME, f"not_found precision{label}", nf_p, "%", target_min=90),
        Figure(NAME, f"not_found recall{label}", nf_r, "%", target_min=90),
        Figure(NAME, f"lookups per request median{label}", statistics.median(lookups), "", target_max=2),
        Figure(NAME, f"lookups per request p95{label}", percentile(lookups, 95), "", target_max=6),
        Figure(NAME, f"lookups per request max{label}", max(lookups), "", target_max=10),
        Figure(
            NAME, f"resolve time without lookups p50{label}", statistics.median(own_ms), "ms", target_max=10
        ),
        Figure(NAME, f"resolve time without lookups p95{label}", percentile(own_ms, 95), "ms", target_max=50),
    ]


OUTCOMES = ("confident right", "confident wrong", "ambiguous", "not_found")


def outcome(row: dict[str, Any], answer: dict[str, Any]) -> str:
    decision = answer["decision"]
    if decision != "confident":
        return decision
    labelled = (row.get("kind"), row.get("id"))
    right = row["expect"] == "confident" and (answer["kind"], answer["id"]) == labelled
    return "confident right" if right else "confident wrong"


def confusion(results: list[tuple[dict[str, Any], dict[str, Any]]], label: str = "") -> str:
    """Counts only (label x answer, and lookups per request): an aggregate that shows where a set's
    misses lie without showing a single request, so the held-out set can be read without being tuned on."""
    counts = {(e, o): 0 for e in EXPECTS for o in OUTCOMES}
    for row, answer in results:
        counts[row["expect"], outcome(row, answer)] += 1
    width = max(len(o) for o in OUTCOMES)
    lines = [f"confusion{label}: label \\ answer", " " * 10 + "  ".join(o.rjust(width) for o in OUTCOMES)]
    lines += [e.ljust(10) + "  ".join(str(counts[e, o]).rjust(width) for o in OUTCOMES) for e in EXPECTS]
    histogram: dict[int, int] = {}
    for _, answer in results:
        histogram[int(answer["lookups"])] = histogram.get(int(answer["lookups"]), 0) + 1
    lines.append(f"lookups{label}: " + ", ".join(f"{k}: {v}" for k, v in sorted(histogram.items())))
    return "\n".join(lines)


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
    queries = [parse_request(r["q"]).title or r["q"] for r in rows if r["expect"] != "not_found"]
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
    heldout = load_queries(HELDOUT, minimum=150)
    catalog = generate(CATALOG_SIZE, SEED)
    rs, ss = radarr.RadarrState(catalog), sonarr.SonarrState(catalog)
    with FakeServer(radarr.create_app(rs)) as r, FakeServer(sonarr.create_app(ss)) as s:
        tuned = asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, rows))
        held = asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, heldout))
    print(confusion(tuned, " (tuning)"))
    print(confusion(held, " (held-out)"))
    return (
        accuracy_figures(tuned, " (tuning)")
        + accuracy_figures(held, " (held-out)", show_misses=False)
        + fuzzy_figures(catalog, rows)
    )


if __name__ == "__main__":
    from bench.__main__ import render

    print(render(run()))
