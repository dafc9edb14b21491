"""Safety at the edges of not_found: a diagnostic run by hand, not part of ``make bench``.

Two families of requests, generated from the bench catalogue (``generate(50000, 1)``, the seed items first)
and labelled by the rule of ``bench/data/README.md`` with the sweep's labeller (``bench.search_sweep``):

- **absent titles that look real** (label ``not_found``): a catalogue title and a plausible continuation
  ("<title> returns", "<title> 2" when no second film exists, "<title> la suite"), a catalogue title with one
  word swapped for a common title word, a frequent word one or two edits from a one-word title ("tenant" for
  "Tenet"), a year that excludes every homonym ("dune 1999"), a kind cue that does ("<series> le film").
  Each is kept only when no catalogue title is the request give or take a typo (``Labeller.near_any``),
  except the near-word family, which is near by construction and checked
  against every other title instead. What must never happen here: a confident answer. (A season past the
  last is left out: the seed catalogue lists two seasons for most series, the tuning set labels "stranger
  things saison 4" confident, and the rule says nothing of seasons.)
- **requests that name several items** (label by the rule: ``ambiguous`` when they are within 3x of each
  other's popularity): homonyms (across kinds too) typed bare, with a typo, with request words around them,
  and the shared head of a franchise ("harry potter"). What must never happen here: ``not_found``.

The requests are resolved twice: each on a FRESH resolver (empty title memory, as the held-out run and a
just-started bot see them), and all of them through one resolver in a batch (in a shuffled order, the title
memory growing as it does in the running bot). Requests equal to a tuning request are kept (the point is
the class, not novelty); requests equal to a held-out request are dropped by the sweep's count-only check,
which shows none.

    .venv/bin/python -m bench.search_edges                         # both modes, figures per template
    .venv/bin/python -m bench.search_edges --mode fresh --misses /tmp/edges_misses.jsonl
    .venv/bin/python -m bench.search_edges --sample 30             # print 30 labelled requests and stop
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.bench_search import CATALOG_SIZE, SEED, percentile, resolve_all, solved
from bench.search_sweep import (
    ARTICLES,
    LEADS,
    QUALIFIER,
    SEED_ITEMS,
    STOP,
    TAILS,
    Labeller,
    Spec,
    add_row_options,
    chosen_rows,
    franchise_of,
    heldout_keys,
    key,
    norm,
    numbers_of,
    typed,
)

# Continuations that make a real-looking title of a real one; none is a sequel number the rule reads.
CONTINUATIONS = [
    "returns",
    "rises",
    "reloaded",
    "resurrection",
    "revenge",
    "the sequel",
    "the beginning",
    "the final chapter",
    "messiah",
    "chronicles",
    "la suite",
    "le retour",
    "la vengeance",
    "la fin",
    "the movie",
]
SEQUEL_MARKS = ["2", "3", "ii", "part 2", "partie 2"]  # read by the number rule: past the last film
# Common title words swapped in for one word of a real title ("the dark prince").
SWAP_WORDS = [
    "prince",
    "night",
    "king",
    "queen",
    "love",
    "city",
    "dead",
    "girl",
    "road",
    "house",
    "game",
    "world",
    "shadow",
    "blood",
    "fire",
    "secret",
    "last",
    "black",
    "summer",
    "island",
]
KIND_CUES = {
    "movie": ["{t} le film", "le film {t}", "{t} the movie", "{t} movie", "{t} film"],
    "series": ["la série {t}", "{t} la série", "{t} series", "{t} tv show", "the show {t}", "{t} série tv"],
}
YEAR_CUES = ["{t} {y}", "{t} ({y})", "{t} de {y}", "{t} from {y}"]
NEAR_WORD_MIN_COUNT = 20_000  # a frequent word: it looks like a title of its own, not a typo
FRESH_YEAR_GAP = 3  # a year this far from every homonym excludes them (the resolver keeps 2: festival years)


def _id(item: Any) -> int:
    return item.tmdbId if item.type == "movie" else item.tvdbId


def usable(title: str) -> bool:
    k = key(title)
    return bool(k) and k.isascii() and not QUALIFIER.search(title) and k not in ("us", "uk")


def typo_of(word: str, rng: random.Random) -> str:
    """One edit, never on the first letter: a letter dropped, doubled, or two neighbours swapped."""
    at = rng.randrange(1, len(word) - 1)
    how = rng.choice(("drop", "double", "swap"))
    if how == "drop":
        return word[:at] + word[at + 1 :]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def with_typo(t: str, rng: random.Random) -> str | None:
    words = t.split()
    at = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w not in STOP]
    if not at:
        return None
    i = rng.choice(at)
    words[i] = typo_of(words[i], rng)
    return " ".join(words)


def lands_elsewhere(lab: Labeller, q: str, meant: str) -> bool:
    """The typo'd ``q`` is a title, or one edit from a title other than the one ``meant``."""
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    k = key(q)
    if k in lab.by_key:
        return True
    hits = process.extract(k, lab.keys, scorer=OSA.distance, score_cutoff=1, limit=None)
    return any(h[0] != key(meant) for h in hits)


# ---------------------------------------------------------------- absent titles that look real


def absent_specs(item: Any, lab: Labeller, movies: list[Any], rng: random.Random) -> Iterator[Spec]:
    if not usable(item.title):
        return
    t = typed(item.title, rng)
    named = lab.named(item.title)

    def absent(template: str, q: str) -> Spec | None:
        q = " ".join(q.split())
        if lab.near_any(q):
            return None
        return Spec(template, q, q, item, absent=True)

    for cont in rng.sample(CONTINUATIONS, 2):
        if cont == "the movie" and item.type == "movie":
            continue
        if s := absent("continuation", f"{t} {cont}"):
            yield s
    numbered = re.search(r"\d", item.title) or any(numbers_of(i) for i in named)
    loose = any(k.startswith(key(item.title) + " ") for k in lab.keys)
    # "westworld 3" may be the series' third season: only titles no series carries
    # and only a title no other item carries (a remake is no sequel: "the lion king 2" reads as either)
    alone = named == [item] and not any(":" in x or " - " in x for x in item.all_titles())
    if item.type == "movie" and alone and not numbered and not loose and len(franchise_of(item, movies)) == 1:
        mark = rng.choice(SEQUEL_MARKS)
        s = Spec("sequel_no_franchise", f"{t} {mark}", t, item, number=2, franchise=[item])
        if key(s.q) not in lab.by_key:
            yield s
    if (q := swapped(t, rng)) and (s := absent("swapped_word", q)):
        yield s
    yield from near_word_specs(item, t, lab, rng)
    # a year of a longer title of the franchise ("deadpool 2024": Deadpool & Wolverine) may be what is meant
    head = key(item.title) + " "
    longer = [i for i in lab.items[:SEED_ITEMS] if any(key(x).startswith(head) for x in i.all_titles())]
    years = [i.year for i in named + longer]
    for _ in range(2):
        y = item.year + rng.choice((-1, 1)) * rng.randint(FRESH_YEAR_GAP, 15)
        if all(abs(y - other) >= FRESH_YEAR_GAP for other in years):
            q = rng.choice(YEAR_CUES).format(t=t, y=y)
            yield Spec("year_excludes_all", q, t, item, year=y)
            break
    kinds = {i.type for i in named}
    if len(kinds) == 1 and not re.search(r"\d", item.title):
        other = "series" if item.type == "movie" else "movie"
        q = rng.choice(KIND_CUES[other]).format(t=t)
        yield Spec("kind_excludes_all", q, t, item, kind=other)


def swapped(t: str, rng: random.Random) -> str | None:
    words = t.split()
    at = [i for i, w in enumerate(words) if w not in STOP and len(w) >= 3 and not w.isdigit()]
    if len(words) < 2 or not at:
        return None
    i = rng.choice(at)
    choices = [w for w in SWAP_WORDS if w != words[i] and w not in words]
    words[i] = rng.choice(choices)
    return " ".join(words)


def near_word_specs(item: Any, t: str, lab: Labeller, rng: random.Random) -> Iterator[Spec]:
    """A frequent word one or two edits from a one-word title ("tenant" / "Tenet"), which is no title
    and no nearer to any other title: a real word that names nothing in the catalogue."""
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    word = key(item.title)
    if " " in word or len(word) < 4 or not word.isalpha():
        return
    counts = _frequent()
    near = process.extract(word, counts, scorer=OSA.distance, score_cutoff=2, limit=None)
    picks = [w for w, d, _ in near if 1 <= d <= 2 and w[0] == word[0] and w not in lab.by_key]
    rng.shuffle(picks)
    for w in picks:
        if any(k.startswith(w + " ") for k in lab.keys) or w in lab.prefixes:
            continue
        hits = process.extract(w, lab.keys, scorer=OSA.distance, score_cutoff=1, limit=None)
        if hits:
            continue  # one edit from some title: a typo of it, not an absent title
        yield Spec("near_word_title", w, w, item, absent=True)
        return


_FREQUENT: list[str] = []


def _frequent() -> list[str]:
    if not _FREQUENT:
        from myflix_bot.search.spelling import word_counts  # noqa: PLC0415

        _FREQUENT.extend(
            w for w, n in word_counts().items() if n >= NEAR_WORD_MIN_COUNT and w.isalpha() and len(w) >= 4
        )
    return _FREQUENT


# ---------------------------------------------------------------- requests that name several items


def several_specs(lab: Labeller, rng: random.Random) -> Iterator[Spec]:
    seen: set[str] = set()
    for item in lab.items[:SEED_ITEMS]:
        for title in item.all_titles():
            k = key(title)
            group = lab.by_key.get(k, [])
            if k in seen or len(group) < 2 or not usable(title):
                continue
            seen.add(k)
            t = typed(title, rng)
            yield Spec("homonyms_bare", t, t, item)
            kinds = {i.type for i in group}
            tag = "homonyms_kinds" if len(kinds) > 1 else "homonyms_kind"
            for _ in range(3):
                q = with_typo(t, rng)
                if q and not lands_elsewhere(lab, q, title):
                    yield Spec(f"{tag}_typo", q, t, item)
                    break
            yield Spec(f"{tag}_request", f"{rng.choice(LEADS)} {t} {rng.choice(TAILS)}", t, item)
            if t.split()[0] not in ARTICLES:
                yield Spec(f"{tag}_request", f"{rng.choice(LEADS)} {t}", t, item)
    yield from franchise_heads(lab, rng)


def franchise_heads(lab: Labeller, rng: random.Random) -> Iterator[Spec]:
    """The part before the colon that several seed items share and no item is called ("harry potter")."""
    heads: dict[str, list[Any]] = defaultdict(list)
    for item in lab.items[:SEED_ITEMS]:
        for title in item.all_titles():
            head, colon, _ = title.partition(":")
            if colon and usable(head) and item not in heads[key(head)]:
                heads[key(head)].append(item)
    for k, members in heads.items():
        if len(members) < 2 or k in lab.by_key:
            continue
        # every item whose title opens with the head is of the franchise (the rule's step 2)
        group = [i for i in lab.items[:SEED_ITEMS] if any(key(x).startswith(k + " ") for x in i.all_titles())]
        t = typed(k, rng)
        if len(k) < 3:
            continue  # "M": a letter, not a franchise name people type
        for template, q in (
            ("franchise_head", t),
            ("franchise_head_request", f"{rng.choice(LEADS)} {t} {rng.choice(TAILS)}"),
            ("franchise_head_typo", with_typo(t, rng)),
        ):
            if q and (template != "franchise_head_typo" or not lands_elsewhere(lab, q, k)):
                s = Spec(template, q, t, group[0])
                s.franchise = group
                yield s


def label(lab: Labeller, spec: Spec) -> dict[str, Any]:
    if spec.template.startswith("franchise_head"):
        ranked = sorted(spec.franchise, key=lambda i: -i.popularity)
        if ranked[0].popularity >= 3.0 * ranked[1].popularity:
            return {"expect": "confident", "kind": ranked[0].type, "id": _id(ranked[0])}
        return {"expect": "ambiguous", "among": [[i.type, _id(i)] for i in ranked]}
    return lab.label(spec)


# ---------------------------------------------------------------- run


def build(seed: int = 16) -> tuple[list[dict[str, Any]], int]:
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415

    catalog = generate(CATALOG_SIZE, SEED)
    lab = Labeller(catalog)
    seeds = catalog.items[:SEED_ITEMS]
    movies = [i for i in seeds if i.type == "movie"]
    held = heldout_keys()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    dropped = 0

    def specs() -> Iterator[Spec]:
        for item in seeds:
            yield from absent_specs(item, lab, movies, random.Random(f"{seed}:{item.type}:{_id(item)}"))
        yield from several_specs(lab, random.Random(seed))

    for spec in specs():
        q = norm(spec.q)
        if q in seen:
            continue
        seen.add(q)
        if q in held:
            dropped += 1
            continue
        rows.append({"q": spec.q, "template": spec.template, "source": spec.source.title, **label(lab, spec)})
    return rows, dropped


async def resolve_fresh(
    radarr_url: str, radarr_key: str, sonarr_url: str, sonarr_key: str, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each request on a resolver of its own: an empty title memory but for the warm-up, as the bench's
    held-out run and a bot just started see it."""
    out = []
    for row in rows:
        out += await resolve_all(radarr_url, radarr_key, sonarr_url, sonarr_key, [row])
    return out


def run(rows: list[dict[str, Any]], mode: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    from myflix_testkit.fakes import radarr, sonarr  # noqa: PLC0415
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415
    from myflix_testkit.fakes.server import FakeServer  # noqa: PLC0415

    catalog = generate(CATALOG_SIZE, SEED)
    rs, ss = radarr.RadarrState(catalog), sonarr.SonarrState(catalog)
    with FakeServer(radarr.create_app(rs)) as r, FakeServer(sonarr.create_app(ss)) as s:
        if mode == "fresh":
            return asyncio.run(resolve_fresh(r.url, rs.api_key, s.url, ss.api_key, rows))
        shuffled = random.Random(1).sample(rows, len(rows))
        return asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, shuffled))


def report(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    by: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for r, a in results:
        by[r["template"]].append((r, a))
    by["ALL"] = results
    head = (
        f"{'template':26} {'n':>5} {'strict':>7} {'wrongC':>6} {'NF->C':>5} {'NF->A':>5}"
        f" {'A->NF':>5} {'A->C':>5} {'C->NF':>5} {'C->A':>5} {'lk p95':>6} {'max':>4}"
    )
    lines = [head, "-" * len(head)]
    for name in sorted(by, key=lambda n: (n == "ALL", n)):
        rows = by[name]

        def count(expect: str, decision: str, rows: list[Any] = rows) -> int:
            return sum(1 for r, a in rows if r["expect"] == expect and a["decision"] == decision)

        ok = sum(solved(r, a) for r, a in rows)
        wrong = sum(
            1
            for r, a in rows
            if a["decision"] == "confident"
            and (r["expect"] != "confident" or (a["kind"], a["id"]) != (r["kind"], r["id"]))
        )
        lk = [float(a["lookups"]) for _, a in rows]
        lines.append(
            f"{name:26} {len(rows):5} {100 * ok / len(rows):6.1f}% {wrong:6}"
            f" {count('not_found', 'confident'):5} {count('not_found', 'ambiguous'):5}"
            f" {count('ambiguous', 'not_found'):5} {count('ambiguous', 'confident'):5}"
            f" {count('confident', 'not_found'):5} {count('confident', 'ambiguous'):5}"
            f" {percentile(lk, 95):6.0f} {max(lk):4.0f}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search_edges", description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=["fresh", "batch", "both"], default="both")
    add_row_options(p)
    args = p.parse_args(argv)
    rows, dropped = build()
    counts = {e: sum(1 for r in rows if r["expect"] == e) for e in ("confident", "ambiguous", "not_found")}
    print(f"{len(rows)} requests {counts}, {dropped} equal to a held-out request dropped unseen")
    rows = chosen_rows(args, rows)
    if args.sample:
        return 0
    misses = []
    for mode in ("fresh", "batch") if args.mode == "both" else (args.mode,):
        results = run(rows, mode)
        print(f"\n== {mode} resolver")
        print(report(results))
        for r, a in results:
            if not solved(r, a):
                got = {k: a.get(k) for k in ("decision", "kind", "id", "title", "reason", "lookups")}
                misses.append({"mode": mode, **r, "got": got})
    if args.misses:
        Path(args.misses).write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
