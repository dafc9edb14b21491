"""A programmatic sweep of the search labelling rule (bench/data/README.md): a diagnostic run by hand, not
part of ``make bench``.

For every item of the seed catalogue, as the fakes serve it inside the generated 50,000-item catalogue,
requests are made from templates (bare title, year, a year one off, kind cues, country tags, request and
politeness words in French and English, a network, a studio or a person with and without a linking word,
numbered sequels, and absent titles built from real ones) and labelled by the rule, from the catalogue's own
data (titles, alternative titles, years, kind, popularity, network, studio, overview, franchise order),
never from the resolver's code. The generator knows which words it put around the title; the labeller reads
them as the rule says (a disambiguator narrows the items the title names; popularity dominance >= 3x makes
one of several confident; a title no item carries names nothing).

The seed items are cut into two halves (``--half tune`` / ``--half check``) so that fixes made while looking
at one half can be checked on the other, untouched. Requests equal to a held-out request are dropped by a
count-only check that never shows them.

    .venv/bin/python -m bench.search_sweep --half tune --misses /tmp/sweep_misses.jsonl
    .venv/bin/python -m bench.search_sweep --half check --sample 20   # print 20 labelled requests
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bench_search import CATALOG_SIZE, HELDOUT, SEED, percentile, resolve_all, solved

DOMINANCE = 3.0
SEED_ITEMS = 442  # the seed catalogue comes first in the generated one
ARTICLES = frozenset(["the", "a", "an", "le", "la", "les", "l"])
STOP = frozenset(["the", "a", "an", "of", "and", "le", "la", "les", "l", "de", "des", "du", "d", "et"])
QUALIFIER = re.compile(r"\s*\((?:\d{4}|US|UK)\)\s*$")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}


def norm(text: str) -> str:
    """Case, accents and punctuation ignored (letters of other scripts kept); the labeller's own fold."""
    out = []
    text = text.casefold().replace("œ", "oe").replace("æ", "ae").replace("&", " and ")
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def key(text: str) -> str:
    """The rule's equality: case, accents, punctuation and a leading article ignored."""
    words = norm(text).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def typed(title: str, rng: random.Random) -> str:
    """A title as people type it: lower case, no colon, sometimes without accents."""
    text = title.replace(":", " ").replace(" - ", " ").lower()
    if rng.random() < 0.4:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


@dataclass
class Spec:
    """What the generator typed: the title, and the disambiguators it put around it."""

    template: str
    q: str
    title: str  # the title as the user typed it (the rule's step 1)
    source: Any  # the seed item the request was made from
    kind: str | None = None
    year: int | None = None
    country: str | None = None  # "us" / "uk"
    network: str | None = None  # a word of the network or studio typed
    person: str | None = None
    number: int | None = None  # a sequel number after the title (franchise rule)
    franchise: list[Any] = field(default_factory=list)  # its members, oldest first
    absent: bool = False  # built to name nothing (checked against the catalogue)
    order: str | None = None  # "latest" (the remake) or "animated" (the cartoon) among homonyms


class Labeller:
    def __init__(self, catalog: Any) -> None:
        self.items = catalog.items
        self.by_key: dict[str, list[Any]] = defaultdict(list)
        for item in self.items:
            for t in item.all_titles():
                # "Le Fléau (1994)": the qualifier TMDB adds tells homonyms apart, it is no part of the name
                for k in {key(t), key(QUALIFIER.sub("", t))}:
                    if k and item not in self.by_key[k]:
                        self.by_key[k].append(item)
        self.keys = list(self.by_key)
        self.seed = {id(i) for i in self.items[:SEED_ITEMS]}
        self.prefixes = {" ".join(k.split()[:n]) for k in self.keys for n in range(1, len(k.split()))}
        self.bare_keys = list({" ".join(w for w in k.split() if w not in STOP) for k in self.keys})
        self.word_sets = {frozenset(w for w in k.split() if w not in STOP) for k in self.keys}

    def named(self, title: str) -> list[Any]:
        return list(self.by_key.get(key(title), []))

    def near_any(self, text: str) -> bool:
        """Some catalogue title is ``text`` give or take a typo or two, or the same words in any order."""
        from rapidfuzz import process  # noqa: PLC0415
        from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

        k = key(text)
        if k in self.by_key or k in self.prefixes:  # a title, or the first words of one
            return True
        cutoff = max(2, len(k) // 6)
        if process.extractOne(k, self.keys, scorer=Levenshtein.distance, score_cutoff=cutoff):
            return True
        # the same, articles and linking words aside ("twin peaks returns", "Twin Peaks: The Return")
        bare = " ".join(w for w in k.split() if w not in STOP)
        if process.extractOne(bare, self.bare_keys, scorer=Levenshtein.distance, score_cutoff=cutoff):
            return True
        return frozenset(w for w in k.split() if w not in STOP) in self.word_sets

    def label(self, spec: Spec) -> dict[str, Any]:
        if spec.absent:
            return {"expect": "not_found"}
        group = self._numbered(spec) if spec.number is not None else self.named(spec.title)
        group = self._narrow(spec, group)
        if not group:
            return {"expect": "not_found"}
        if len(group) == 1:
            return self._confident(group[0])
        ranked = sorted(group, key=lambda i: -i.popularity)
        if ranked[0].popularity >= DOMINANCE * ranked[1].popularity:
            return self._confident(ranked[0])
        return {"expect": "ambiguous", "among": [[i.type, _id(i)] for i in ranked]}

    def _numbered(self, spec: Spec) -> list[Any]:
        n = spec.number
        assert n is not None
        carrying = [i for i in spec.franchise if n in numbers_of(i)]
        if carrying:
            return carrying
        if n <= len(spec.franchise):
            return [spec.franchise[n - 1]]
        return []

    def _narrow(self, spec: Spec, group: list[Any]) -> list[Any]:
        if spec.kind:
            group = [i for i in group if i.type == spec.kind]
        if spec.year is not None:
            exact = [i for i in group if i.year == spec.year]
            group = exact or [i for i in group if abs(i.year - spec.year) <= 1]
        if spec.country:
            group = [i for i in group if any(spec.country in norm(t).split() for t in i.all_titles())]
        if spec.network:
            carried = [
                i
                for i in group
                if set(norm(spec.network).split()) <= set(norm(i.network or i.studio or "").split())
            ]
            group = carried or group  # a network no homonym carries is not the lookup's data: dropped
        if spec.order == "latest" and len(group) > 1:
            group = [max(group, key=lambda i: (i.year, _id(i)))]
        if spec.order == "animated":
            group = [i for i in group if "Animation" in (i.genres or [])] or group
        if spec.person:
            surname = norm(spec.person).split()[-1]
            carried = [i for i in group if surname in norm(i.overview).split()]
            group = carried or group
        return group

    @staticmethod
    def _confident(item: Any) -> dict[str, Any]:
        return {"expect": "confident", "kind": item.type, "id": _id(item)}


def _id(item: Any) -> int:
    return item.tmdbId if item.type == "movie" else item.tvdbId


def numbers_of(item: Any) -> set[int]:
    found: set[int] = set()
    for t in item.all_titles():
        words = norm(t).split()
        for at, w in enumerate(words[1:], start=1):
            if w.isdigit() and len(w) <= 2:
                found.add(int(w))
            elif w in ROMAN and (
                w not in ("i", "v") or at == len(words) - 1 or words[at - 1] in ("part", "episode")
            ):
                found.add(ROMAN[w])
    return found


# ---------------------------------------------------------------- templates

LEADS = [
    "ajoute",
    "ajoute moi",
    "je voudrais",
    "je voudrais voir",
    "tu peux mettre",
    "tu peux me mettre",
    "mets",
    "télécharge",
    "je cherche",
    "peux-tu ajouter",
    "can you add",
    "please add",
    "i'd like",
    "i want to watch",
    "could you get",
    "download",
    "add",
    "hey, can you grab",
]
TAILS = ["stp", "svp", "please", "merci", "s'il te plaît", "thanks", "pour ce soir", "en vf", "en 4k", "asap"]
ACTORS = [
    "tom hanks",
    "meryl streep",
    "leonardo dicaprio",
    "marion cotillard",
    "omar sy",
    "emma stone",
    "ryan gosling",
    "cate blanchett",
    "brad pitt",
    "natalie portman",
    "jean dujardin",
    "scarlett johansson",
]
DIRECTORS = [
    "denis villeneuve",
    "christopher nolan",
    "ridley scott",
    "steven spielberg",
    "james cameron",
    "greta gerwig",
    "martin scorsese",
    "jacques audiard",
    "bong joon ho",
    "luc besson",
]
# Words that make a real-looking title out of a real one ("the dark knight returns"), and words swapped in.
EXTRA_AFTER = ["returns", "rising", "origins", "legacy", "reborn", "forever", "resurgence", "awakening"]
EXTRA_AFTER_FR = ["le commencement", "la revanche", "les origines", "l'héritage", "la renaissance"]
SWAPS = [
    "prince",
    "harbor",
    "velvet",
    "canyon",
    "orchid",
    "thunder",
    "sparrow",
    "lantern",
    "marble",
    "falcon",
]
COUNTRY_TAGS = {
    "us": ["us", "version américaine", "américaine", "(us)", "american version"],
    "uk": ["uk", "version anglaise", "anglaise", "(uk)", "british version"],
}
GENERIC_NETWORK = frozenset(
    ["pictures", "studios", "studio", "films", "entertainment", "company", "productions"]
)


# Studios people name (a brand), as typed: a studio's other words are rarely typed after a title.
STUDIO_BRANDS = [
    "disney",
    "pixar",
    "marvel",
    "ghibli",
    "dreamworks",
    "lucasfilm",
    "warner",
    "universal",
    "paramount",
    "gaumont",
    "a24",
    "illumination",
    "columbia",
    "miramax",
    "pathe",
    "europacorp",
]


def network_word(item: Any) -> str | None:
    """The network (series) as people type it, or a studio brand (movies); None when there is none."""
    if item.type == "series":
        name = (item.network or "").lower()
        return name.removeprefix("amazon ") or None
    words = norm(item.studio or "").split()
    return next((w for w in words if w in STUDIO_BRANDS), None)


def franchise_of(base: Any, movies: list[Any]) -> list[Any]:
    """The movies whose title is the base title followed by a number, a part word or a subtitle after a
    colon, oldest first (the base included). Only seed items: generated titles carry no such marks."""
    head = key(base.title)
    members = [base]
    for m in movies:
        if m is base:
            continue
        for t in m.all_titles():
            k = key(t)
            rest = k[len(head) :].split() if k.startswith(head + " ") else []
            if rest and (rest[0].isdigit() or rest[0] in ROMAN or rest[0] in ("part", "partie") or ":" in t):
                members.append(m)
                break
    return sorted(members, key=lambda i: (i.year, _id(i)))


def specs_for(  # noqa: PLR0912 - a branch per template family
    item: Any, lab: Labeller, movies: list[Any], rng: random.Random
) -> Iterator[Spec]:
    title = item.title
    if not key(title) or not key(title).isascii() or QUALIFIER.search(title) or key(title) in ("us", "uk"):
        return
    t = typed(title, rng)
    net = network_word(item)

    def spec(template: str, q: str, **kw: Any) -> Spec:
        return Spec(template, " ".join(q.split()), t, item, **kw)

    yield spec("bare", t)
    alts = [a["title"] for a in item.alternativeTitles if a.get("language") == "fr"]
    alt = next((a for a in alts if key(a).isascii() and key(a) != key(title) and "(" not in a), None)
    if alt:
        at = typed(alt, rng)
        s = spec("bare_alt_title", at)
        s.title = at
        yield s
    yield spec("year", f"{t} {item.year}", year=item.year)
    yield spec("year_paren", f"{t} ({item.year})", year=item.year)
    off = item.year + rng.choice((-1, 1))
    yield spec("year_one_off", f"{t} {off}", year=off)
    # "<series> 2" reads as a season as often as a title: a kind cue excluding a numbered title is left out
    numbered = bool(re.search(r"\d|\b(?:ii|iii|iv|two|three)\b", norm(title)))
    if item.type == "movie":
        yield spec("kind_fr_before", f"le film {t}", kind="movie")
        yield spec("kind_fr_after", f"{t} le film", kind="movie")
        yield spec("kind_en", rng.choice([f"the movie {t}", f"{t} movie", f"{t} film"]), kind="movie")
        if not numbered:
            yield spec(
                "kind_mismatch",
                rng.choice([f"la série {t}", f"{t} la série", f"the show {t}"]),
                kind="series",
            )
    seasons = [x.seasonNumber for x in item.seasons if x.seasonNumber > 0]
    if item.type == "series":
        yield spec("kind_fr_before", f"la série {t}", kind="series")
        yield spec("kind_fr_after", f"{t} la série", kind="series")
        yield spec("kind_en", rng.choice([f"the show {t}", f"{t} tv show", f"{t} series"]), kind="series")
        if seasons:
            n = rng.choice(seasons)
            yield spec(
                "season", rng.choice([f"{t} saison {n}", f"{t} season {n}", f"{t} s{n:02d}"]), kind="series"
            )
        yield spec(
            "kind_mismatch", rng.choice([f"le film {t}", f"{t} le film", f"{t} the movie"]), kind="movie"
        )
    countries = {c for a in item.all_titles() for c in ("us", "uk") if f"({c.upper()})" in a}
    for country in sorted(countries):
        tag = rng.choice(COUNTRY_TAGS[country])
        yield spec("country", f"{t} {tag}", country=country)
    homonyms = [i for i in lab.named(title) if i.type == item.type]
    seeded = all(id(i) in lab.seed for i in homonyms)  # generated one-word homonyms have no real remakes
    if len(homonyms) >= 2 and seeded:
        cues = ["{} remake", "{} le remake", "{} version récente", "{} reboot"]
        cue = rng.choice(cues if t.split()[0] in ARTICLES else [*cues, "the {} remake"])
        yield spec("order_remake", cue.format(t), order="latest", kind=item.type)
        if any("Animation" in (i.genres or []) for i in homonyms):
            cue = rng.choice(["dessin animé", "le dessin animé", "animated", "en dessin animé"])
            yield spec("order_animated", f"{t} {cue}", order="animated", kind=item.type)
    lead, tail = rng.choice(LEADS), rng.choice(TAILS)
    yield spec("request_before", f"{lead} {t}")
    yield spec("request_after", f"{t} {tail}")
    yield spec("request_both", f"{rng.choice(LEADS)} {t} {rng.choice(TAILS)}")
    if net:
        word = net
        yield spec("network_connector", f"{t} {rng.choice(['sur', 'on', 'de', 'chez'])} {word}", network=word)
        yield spec("network_bare", f"{t} {word}", network=word)
        yield spec(
            "network_request", f"{rng.choice(LEADS)} {t} {rng.choice(['sur', 'on'])} {word}", network=word
        )
    actor, director = rng.choice(ACTORS), rng.choice(DIRECTORS)
    if item.type == "movie":
        yield spec(
            "person_connector", f"{t} {rng.choice(['avec', 'with', 'starring'])} {actor}", person=actor
        )
        yield spec(
            "director_connector", f"{t} {rng.choice(['de', 'by', 'réalisé par'])} {director}", person=director
        )
        yield spec("person_bare", f"{t} {director}", person=director)
        yield spec("person_before", f"le film avec {actor} {t}", person=actor, kind="movie")
    else:
        yield spec(
            "person_connector", f"{t} {rng.choice(['avec', 'with', 'starring'])} {actor}", person=actor
        )
    phrase = rng.choice(
        ["{t} de {y}", "{t} sorti en {y}", "{t} from {y}", "le {t} de {y}", "the {t} from {y}"]
    )
    if not (phrase.startswith(("le ", "the ")) and t.split()[0] in ARTICLES):
        yield spec("year_phrase", phrase.format(t=t, y=item.year), year=item.year)
    if item.type == "series" and seasons:
        phrase = rng.choice(["{l} la saison {n} de {t}", "{l} season {n} of {t}", "{l} {t}, saison {n}"])
        yield spec(
            "season_phrase", phrase.format(l=rng.choice(LEADS), n=rng.choice(seasons), t=t), kind="series"
        )
    # several at once: request words, the title, a describing word, politeness
    extra, kw = rng.choice(
        [(str(item.year), {"year": item.year}), (f"avec {actor}", {"person": actor})]
        + ([(f"{rng.choice(['sur', 'on'])} {net}", {"network": net})] if net else [])
    )
    yield spec("combined", f"{rng.choice(LEADS)} {t} {extra} {rng.choice(TAILS)}", **kw)
    if alt:
        s = spec("alt_title_year", f"{at} {item.year}", year=item.year)
        s.title = at
        yield s
    # absent titles built from this one
    extra = rng.choice(EXTRA_AFTER + EXTRA_AFTER_FR)
    for template, q in (
        ("absent_extra_word", f"{t} {extra}"),
        ("absent_swapped_word", _swapped(t, rng)),
    ):
        if q and not lab.near_any(q):
            s = spec(template, q, absent=True)
            s.title = q
            yield s
    if item.type == "movie" and not re.search(r"\d|:", title) and len(lab.named(title)) == 1:
        fr = franchise_of(item, movies)
        # numbers that do not follow release order ("Episode IV" first) make "the n-th" moot: skipped
        if len(fr) >= 2 and fr[0] is item and all(numbers_of(m) <= {p} for p, m in enumerate(fr, start=1)):
            carried = {n for m in fr for n in numbers_of(m)}
            if 1 not in carried:
                yield spec("sequel_1", f"{t} 1", number=1, franchise=fr)
            for n in sorted(carried):
                yield spec("sequel_carried", f"{t} {n}", number=n, franchise=fr)
            past = max(len(fr), *carried, 1) + 1
            loose = [
                m
                for m in movies
                if key(title) in key(m.title) or any(key(title) in key(a) for a in m.all_titles())
            ]
            past = max(past, len(loose) + 1)
            if past <= 9 and key(f"{t} {past}") not in lab.by_key:
                yield spec("sequel_past_last", f"{t} {past}", number=past, franchise=fr)


def _swapped(t: str, rng: random.Random) -> str | None:
    words = t.split()
    at = [i for i, w in enumerate(words) if w not in STOP and len(w) >= 3 and not w.isdigit()]
    if len(at) < 2:
        return None
    i = rng.choice(at)
    words[i] = rng.choice([w for w in SWAPS if w != words[i]])
    return " ".join(words)


# ---------------------------------------------------------------- run


def heldout_keys() -> set[str]:
    """The held-out requests, folded: only to drop equal sweep requests, never shown."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {norm(r["q"]) for r in rows}


def build(half: str, seed: int = 17) -> tuple[list[dict[str, Any]], int]:
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415

    catalog = generate(CATALOG_SIZE, SEED)
    lab = Labeller(catalog)
    seeds = catalog.items[:SEED_ITEMS]
    movies = [i for i in seeds if i.type == "movie"]
    split = random.Random(seed)
    halves = {("movie" if i.type == "movie" else "series", _id(i)): split.random() < 0.5 for i in seeds}
    held = heldout_keys()
    rows: list[dict[str, Any]] = []
    dropped = 0
    seen: set[str] = set()
    for item in seeds:
        in_tune = halves[(item.type, _id(item))]
        if half != "all" and in_tune != (half == "tune"):
            continue
        rng = random.Random(f"{seed}:{item.type}:{_id(item)}")
        for spec in specs_for(item, lab, movies, rng):
            q = norm(spec.q)
            if q in seen:
                continue
            seen.add(q)
            if q in held:
                dropped += 1
                continue
            row = {"q": spec.q, "template": spec.template, "source": item.title, **lab.label(spec)}
            rows.append(row)
    return rows, dropped


def report(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    by: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for r, a in results:
        by[r["template"]].append((r, a))
    by["ALL"] = results
    columns = ("strict", "wrongC", "C->NF", "C->AMB", "A->C", "NF->x", "lk p95", "max")
    widths = (7, 6, 5, 6, 4, 5, 6, 4)
    head = f"{'template':22} {'n':>5} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    lines = [head, "-" * len(head)]
    for name in sorted(by, key=lambda n: (n == "ALL", n)):
        rows = by[name]
        ok = sum(solved(r, a) for r, a in rows)
        wrong = sum(
            1
            for r, a in rows
            if a["decision"] == "confident"
            and (r["expect"] != "confident" or (a["kind"], a["id"]) != (r["kind"], r["id"]))
        )
        c_nf = sum(1 for r, a in rows if r["expect"] == "confident" and a["decision"] == "not_found")
        c_amb = sum(1 for r, a in rows if r["expect"] == "confident" and a["decision"] == "ambiguous")
        a_c = sum(1 for r, a in rows if r["expect"] == "ambiguous" and a["decision"] != "ambiguous")
        nf_x = sum(1 for r, a in rows if r["expect"] == "not_found" and a["decision"] != "not_found")
        lk = [float(a["lookups"]) for _, a in rows]
        lines.append(
            f"{name:22} {len(rows):5} {100 * ok / len(rows):6.1f}% {wrong:6} {c_nf:5} {c_amb:6} {a_c:4}"
            f" {nf_x:5} {percentile(lk, 95):6.0f} {max(lk):4.0f}"
        )
    ms = [float(a["ms_own"]) for _, a in results]
    lines.append(
        f"resolve time without lookups p50 {statistics.median(ms):.2f} ms, p95 {percentile(ms, 95):.2f} ms"
    )
    return "\n".join(lines)


def run(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    from myflix_testkit.fakes import radarr, sonarr  # noqa: PLC0415
    from myflix_testkit.fakes.catalog import generate  # noqa: PLC0415
    from myflix_testkit.fakes.server import FakeServer  # noqa: PLC0415

    catalog = generate(CATALOG_SIZE, SEED)
    rs, ss = radarr.RadarrState(catalog), sonarr.SonarrState(catalog)
    with FakeServer(radarr.create_app(rs)) as r, FakeServer(sonarr.create_app(ss)) as s:
        return asyncio.run(resolve_all(r.url, rs.api_key, s.url, ss.api_key, rows))


def add_row_options(p: argparse.ArgumentParser) -> None:
    """The options of a generator of labelled requests (this sweep, ``bench.search_edges``)."""
    p.add_argument("--sample", type=int, default=0, help="print this many labelled requests and stop")
    p.add_argument("--template", action="append", help="only these templates")
    p.add_argument("--misses", help="write the misses (JSON lines) to this file")
    p.add_argument("--rows", help="write the labelled requests (JSON lines) to this file")


def chosen_rows(args: argparse.Namespace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the templates asked; written out (``--rows``) and sampled (``--sample``) as asked."""
    if args.template:
        rows = [r for r in rows if r["template"] in args.template]
    if args.rows:
        Path(args.rows).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    if args.sample:
        for r in random.Random(1).sample(rows, min(args.sample, len(rows))):
            print(json.dumps(r, ensure_ascii=False))
    return rows


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search_sweep", description=__doc__.split("\n\n")[0])
    p.add_argument("--half", choices=["tune", "check", "all"], default="tune")
    add_row_options(p)
    args = p.parse_args(argv)
    rows, dropped = build(args.half)
    print(f"{len(rows)} requests ({args.half} half), {dropped} equal to a held-out request dropped unseen")
    rows = chosen_rows(args, rows)
    if args.sample:
        return 0
    results = run(rows)
    print(report(results))
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as f:
            for r, a in results:
                if not solved(r, a):
                    got = {k: a.get(k) for k in ("decision", "kind", "id", "title", "reason", "lookups")}
                    f.write(json.dumps({**r, "got": got}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
