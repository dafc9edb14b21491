"""The catalog behind the Radarr/Sonarr fakes: what TMDB/TVDB would know, plus what is in the library.

A catalog file is JSON::

    {"items": [
      {"type": "movie", "tmdbId": 438631, "imdbId": "tt1160419", "title": "Dune", "originalTitle": "Dune",
       "alternativeTitles": [{"title": "Dune : Première partie", "language": "fr"}], "year": 2021,
       "overview": "...", "popularity": 96.4, "runtime": 155, "genres": ["Science Fiction"],
       "inLibrary": true, "hasFile": true},
      {"type": "series", "tvdbId": 73244, "tmdbId": 2316, "imdbId": "tt0386676", "title": "The Office", ...,
       "seasons": [{"seasonNumber": 1, "episodeCount": 6, "episodeFileCount": 6}], "inLibrary": true}
    ]}

``Catalog.search`` behaves like TMDB's text search: accent- and case-insensitive token matching (the last
token may be a prefix), stop words ignored when other tokens remain, a trailing year narrows the results,
most popular first, at most ``limit`` results. It is not an exact-title match.

``python -m myflix_testkit.fakes.catalog --size 50000 --seed 1 -o FILE`` writes a large deterministic
catalog for benchmarks, with the realistic seed catalog mixed in.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CATALOG = DATA_DIR / "catalog.json"

SEARCH_LIMIT = 20  # TMDB answers one page of 20
STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "un",
        "une",
        "et",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "der",
        "die",
        "das",
    ]
)
_YEAR = re.compile(r"^(19|20)\d\d$")

Kind = Literal["movie", "series"]


def normalize(text: str) -> str:
    """Lower case, accents stripped, punctuation turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped.casefold()).split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def clean_title(text: str) -> str:
    """The *arr ``cleanTitle``: normalized, without spaces."""
    return normalize(text).replace(" ", "")


def title_slug(title: str, year: int | None = None) -> str:
    slug = normalize(title).replace(" ", "-")
    return f"{slug}-{year}" if year else slug


@dataclass
class Season:
    seasonNumber: int
    episodeCount: int
    episodeFileCount: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "seasonNumber": self.seasonNumber,
            "episodeCount": self.episodeCount,
            "episodeFileCount": self.episodeFileCount,
        }


@dataclass
class CatalogItem:
    """One movie or series as the metadata provider knows it, plus its library flags."""

    type: Kind
    title: str
    year: int
    tmdbId: int = 0
    tvdbId: int = 0
    imdbId: str | None = None
    originalTitle: str | None = None
    originalLanguage: str = "en"
    alternativeTitles: list[dict[str, str]] = field(default_factory=list)
    overview: str = ""
    popularity: float = 0.0
    runtime: int = 0
    genres: list[str] = field(default_factory=list)
    studio: str | None = None
    network: str | None = None
    status: str | None = None
    certification: str | None = None
    seasons: list[Season] = field(default_factory=list)
    inLibrary: bool = False
    hasFile: bool = False
    monitored: bool = True

    @property
    def key(self) -> tuple[str, int]:
        return (self.type, self.tmdbId if self.type == "movie" else self.tvdbId)

    def all_titles(self) -> list[str]:
        titles = [self.title]
        if self.originalTitle and self.originalTitle != self.title:
            titles.append(self.originalTitle)
        titles.extend(t["title"] for t in self.alternativeTitles if t.get("title"))
        return titles

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CatalogItem:
        data = dict(raw)
        kind = data.get("type")
        if kind not in ("movie", "series"):
            raise ValueError(f"catalog item {data.get('title')!r}: type must be 'movie' or 'series'")
        if kind == "movie" and not data.get("tmdbId"):
            raise ValueError(f"movie {data.get('title')!r} has no tmdbId")
        if kind == "series" and not data.get("tvdbId"):
            raise ValueError(f"series {data.get('title')!r} has no tvdbId")
        alt = [
            t if isinstance(t, dict) else {"title": str(t), "language": "en"}
            for t in data.pop("alternativeTitles", [])
        ]
        seasons = [Season(**s) for s in data.pop("seasons", [])]
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"catalog item {data.get('title')!r}: unknown keys {sorted(unknown)}")
        return cls(alternativeTitles=alt, seasons=seasons, **data)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "year": self.year,
        }
        for name in ("tmdbId", "tvdbId", "imdbId", "originalTitle"):
            value = getattr(self, name)
            if value:
                out[name] = value
        out.update(
            originalLanguage=self.originalLanguage,
            alternativeTitles=self.alternativeTitles,
            overview=self.overview,
            popularity=self.popularity,
            runtime=self.runtime,
            genres=self.genres,
        )
        for name in ("studio", "network", "status", "certification"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.type == "series":
            out["seasons"] = [s.to_json() for s in self.seasons]
        out.update(inLibrary=self.inLibrary, hasFile=self.hasFile, monitored=self.monitored)
        return out


class Catalog:
    """An indexed, read-mostly list of catalog items (one per tmdbId/tvdbId)."""

    def __init__(self, items: Iterable[CatalogItem] = ()) -> None:
        self.items: list[CatalogItem] = []
        self._by_key: dict[tuple[str, int], CatalogItem] = {}
        self._by_imdb: dict[str, CatalogItem] = {}
        self._postings: dict[Kind, dict[str, set[int]]] = {"movie": {}, "series": {}}
        self._vocab: dict[Kind, list[str]] = {"movie": [], "series": []}
        for item in items:
            self.add(item)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[CatalogItem]:
        return iter(self.items)

    def add(self, item: CatalogItem) -> CatalogItem:
        if item.key in self._by_key:
            raise ValueError(f"duplicate catalog id {item.key}")
        index = len(self.items)
        self.items.append(item)
        self._by_key[item.key] = item
        if item.imdbId:
            self._by_imdb.setdefault(item.imdbId, item)
        postings = self._postings[item.type]
        vocab = self._vocab[item.type]
        for title in item.all_titles():
            for tok in tokens(title):
                if tok not in postings:
                    postings[tok] = set()
                    bisect.insort(vocab, tok)
                postings[tok].add(index)
        return item

    # ---- exact lookups ----
    def movie(self, tmdb_id: int) -> CatalogItem | None:
        return self._by_key.get(("movie", tmdb_id))

    def series(self, tvdb_id: int) -> CatalogItem | None:
        return self._by_key.get(("series", tvdb_id))

    def by_imdb(self, imdb_id: str, kind: Kind | None = None) -> CatalogItem | None:
        item = self._by_imdb.get(imdb_id)
        if item is None or (kind and item.type != kind):
            return None
        return item

    def of_type(self, kind: Kind) -> list[CatalogItem]:
        return [i for i in self.items if i.type == kind]

    # ---- TMDB-like text search ----
    def _matching(self, kind: Kind, tok: str, prefix: bool) -> set[int]:
        postings = self._postings[kind]
        found = set(postings.get(tok, ()))
        if prefix:
            vocab = self._vocab[kind]
            start = bisect.bisect_left(vocab, tok)
            for word in vocab[start : start + 200]:
                if not word.startswith(tok):
                    break
                found |= postings[word]
        return found

    def search(self, kind: Kind, text: str, limit: int = SEARCH_LIMIT) -> list[CatalogItem]:
        words = tokens(text)
        if not words:
            return []
        year: int | None = None
        if len(words) > 1 and _YEAR.match(words[-1]):
            year = int(words[-1])
            words = words[:-1]
        required = [w for w in words if w not in STOP_WORDS] or words
        hits = self._search_tokens(kind, required)
        if year is not None:
            dated = [i for i in hits if self.items[i].year == year]
            # the year may be part of the title ("1917", "2001 ...") when no item of that year matches
            hits = dated or self._search_tokens(kind, [*required, str(year)])
        ranked = sorted(
            (self.items[i] for i in hits),
            key=lambda it: (-it.popularity, it.year, it.title),
        )
        return ranked[:limit]

    def _search_tokens(self, kind: Kind, words: list[str]) -> set[int]:
        result: set[int] | None = None
        for pos, word in enumerate(words):
            matched = self._matching(kind, word, prefix=pos == len(words) - 1 and len(word) >= 2)
            result = matched if result is None else result & matched
            if not result:
                return set()
        return result or set()

    # ---- files ----
    @classmethod
    def load(cls, path: str | Path) -> Catalog:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        items = raw["items"] if isinstance(raw, dict) else raw
        return cls(CatalogItem.from_json(r) for r in items)

    @classmethod
    def default(cls) -> Catalog:
        return cls.load(DEFAULT_CATALOG)

    def dump(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps({"items": [i.to_json() for i in self.items]}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )


# ---------------------------------------------------------------- generator

_WORDS_EN = [
    "shadow",
    "night",
    "river",
    "city",
    "last",
    "first",
    "dark",
    "silent",
    "broken",
    "golden",
    "lost",
    "hidden",
    "iron",
    "crimson",
    "winter",
    "summer",
    "storm",
    "star",
    "fire",
    "ocean",
    "empire",
    "secret",
    "garden",
    "kingdom",
    "ghost",
    "stranger",
    "journey",
    "return",
    "rise",
    "fall",
    "war",
    "love",
    "blood",
    "glass",
    "moon",
    "sun",
    "king",
    "queen",
    "game",
    "house",
    "road",
    "island",
    "mountain",
    "heart",
    "dream",
    "machine",
    "echo",
    "frontier",
]
_WORDS_FR = [
    "ombre",
    "nuit",
    "fleuve",
    "ville",
    "dernier",
    "premier",
    "sombre",
    "silence",
    "brisé",
    "doré",
    "perdu",
    "caché",
    "fer",
    "hiver",
    "été",
    "tempête",
    "étoile",
    "feu",
    "océan",
    "empire",
    "secret",
    "jardin",
    "royaume",
    "fantôme",
    "étranger",
    "voyage",
    "retour",
    "chute",
    "guerre",
    "amour",
    "sang",
    "lune",
    "soleil",
    "roi",
    "reine",
    "maison",
    "route",
    "île",
    "montagne",
    "cœur",
    "rêve",
    "machine",
    "écho",
    "frontière",
]
_GENRES = ["Drama", "Comedy", "Thriller", "Science Fiction", "Animation", "Documentary", "Crime", "Romance"]
_NETWORKS = ["BBC One", "NBC", "HBO", "Canal+", "France 2", "Netflix", "AMC", "Arte"]


def _title(rng: random.Random, words: list[str]) -> str:
    count = rng.choice((1, 2, 2, 3, 3, 4))
    return " ".join(rng.choice(words) for _ in range(count)).capitalize()


def generate(size: int, seed: int, base: Catalog | None = None) -> Catalog:
    """A deterministic catalog of ``size`` items: the seed catalog first, then generated movies and series."""
    rng = random.Random(seed)
    base = base if base is not None else Catalog.default()
    catalog = Catalog(CatalogItem.from_json(i.to_json()) for i in base)
    next_tmdb, next_tvdb, next_imdb = 900_000, 800_000, 9_000_000
    while len(catalog) < size:
        french = rng.random() < 0.25
        title = _title(rng, _WORDS_FR if french else _WORDS_EN)
        translated = _title(rng, _WORDS_EN if french else _WORDS_FR)
        year = rng.randint(1950, 2025)
        popularity = round(rng.paretovariate(1.5), 3)
        next_imdb += 1
        is_series = rng.random() < 0.3
        item = CatalogItem(
            type="series" if is_series else "movie",
            title=title,
            originalTitle=title,
            originalLanguage="fr" if french else "en",
            alternativeTitles=[{"title": translated, "language": "en" if french else "fr"}],
            year=year,
            imdbId=f"tt{next_imdb:07d}",
            overview=f"A generated {'series' if is_series else 'film'} from {year}.",
            popularity=popularity,
            genres=[rng.choice(_GENRES)],
            inLibrary=rng.random() < 0.02,
        )
        if is_series:
            next_tvdb += 1
            next_tmdb += 1
            item.tvdbId, item.tmdbId = next_tvdb, next_tmdb
            item.network = rng.choice(_NETWORKS)
            item.status = rng.choice(("continuing", "ended", "ended"))
            item.runtime = rng.choice((22, 30, 45, 60))
            item.seasons = [
                Season(n, ep := rng.randint(6, 13), rng.randint(0, ep) if item.inLibrary else 0)
                for n in range(1, rng.randint(1, 6) + 1)
            ]
        else:
            next_tmdb += 1
            item.tmdbId = next_tmdb
            item.runtime = rng.randint(80, 180)
            item.hasFile = item.inLibrary and rng.random() < 0.6
        catalog.add(item)
    return catalog


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m myflix_testkit.fakes.catalog", description=generate.__doc__
    )
    parser.add_argument("--size", type=int, default=10_000, help="number of items (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    parser.add_argument("-o", "--output", required=True, help="file to write")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be positive")
    catalog = generate(args.size, args.seed)
    catalog.dump(args.output)
    print(f"wrote {len(catalog)} items to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
