"""Scores: how well a candidate matches the request, title first, then year, kind and popularity.

The title similarity is the best of rapidfuzz ratios between the request's title and every title of
the candidate (title, original title, alternative titles, French included), on :func:`match_key`
strings. A year that matches adds, a year that is off subtracts (this is what tells the 1984 Dune
from the 2021 one); a kind that contradicts the request subtracts a lot; popularity only breaks ties.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from myflix_bot.search.candidates import Candidate
from myflix_bot.search.query import ParsedQuery
from myflix_bot.search.text import fold, match_key, small_numbers

YEAR_EXACT = 8.0
YEAR_CLOSE = 4.0  # one year off: festival vs release year
YEAR_PENALTY = 6.0  # per year beyond one, capped
YEAR_PENALTY_CAP = 30.0
KIND_PENALTY = 30.0
POPULARITY_MAX = 4.0
NUMBER_PENALTY = 12.0  # the request names a number ("le parrain 2") that the title lacks
ORDINAL_BONUS = 15.0  # "matrix 4": the 4th of the franchise by year, when no title has the number
NETWORK_BONUS = 5.0  # "dark netflix", "sherlock bbc"


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    similarity: float  # 0..100, title only
    score: float  # similarity plus the signals
    exact_id: bool = False
    guess: bool = False  # chosen by the sequel-order rule: never a confident answer


def title_similarity(query_title: str, candidate: Candidate, year: int | None = None) -> float:
    from rapidfuzz import fuzz  # noqa: PLC0415 - lazy: not loaded until the first search

    q = match_key(query_title)
    if not q:
        return 0.0
    best = 0.0
    for title in candidate.titles():
        t = match_key(title)
        if not t:
            continue
        s = max(fuzz.ratio(q, t), fuzz.token_sort_ratio(q, t), 0.9 * fuzz.token_set_ratio(q, t))
        if candidate.year:  # "blade runner 2049" vs "Blade Runner" (2017): the year may be typed in
            s = max(s, fuzz.token_sort_ratio(q, f"{t} {candidate.year}") - 2)
        best = max(best, s)
        if best >= 100:
            break
    return best


def year_signal(wanted: int | None, year: int | None) -> float:
    if wanted is None or year is None:
        return 0.0
    diff = abs(wanted - year)
    if diff == 0:
        return YEAR_EXACT
    if diff == 1:
        return YEAR_CLOSE
    return -min(YEAR_PENALTY_CAP, YEAR_PENALTY * diff)


def popularity_signal(popularity: float) -> float:
    return min(POPULARITY_MAX, 2.0 * math.log10(1.0 + max(0.0, popularity)))


def score(query: ParsedQuery, candidate: Candidate) -> Scored:
    ids = query.ids
    exact = bool(
        (ids.tmdb and candidate.tmdb == ids.tmdb and (candidate.kind == "movie" or not ids.tvdb))
        or (ids.tvdb and candidate.kind == "series" and candidate.id == ids.tvdb)
        or (ids.imdb and candidate.imdb == ids.imdb)
    )
    if exact:
        return Scored(candidate, 100.0, 200.0, exact_id=True)
    sim = title_similarity(query.title, candidate)
    total = sim + year_signal(query.year, candidate.year) + popularity_signal(candidate.popularity)
    if query.kind is not None and candidate.kind != query.kind:
        total -= KIND_PENALTY
    wanted = small_numbers(match_key(query.title))
    if wanted and not wanted <= _numbers_of(candidate):
        total -= NUMBER_PENALTY
    if candidate.network and _network_named(query.title, candidate.network):
        total += NETWORK_BONUS
    return Scored(candidate, sim, total)


def _numbers_of(candidate: Candidate) -> set[str]:
    found: set[str] = set()
    for title in candidate.titles():
        found |= small_numbers(match_key(title))
    return found


def _network_named(title: str, network: str) -> bool:
    words = set(fold(title).split())
    net = fold(network).split()
    return bool(net) and net[0] in words and len(net[0]) >= 3


def _sequel_order(query: ParsedQuery, scored: list[Scored]) -> list[Scored]:
    """ "matrix 4", "top gun 2": when no candidate's title carries the number, the n-th film of the
    franchise (same base title, by year) is the best guess (flagged, so never confident)."""
    words = match_key(query.title).split()
    if len(words) < 2 or not words[-1].isdigit() or not 2 <= int(words[-1]) <= 9:
        return scored
    number = words[-1]
    if any(number in _numbers_of(s.candidate) for s in scored):
        return scored
    from rapidfuzz import fuzz  # noqa: PLC0415

    base = " ".join(words[:-1])
    franchise = [
        s
        for s in scored
        if (query.kind is None or s.candidate.kind == query.kind)
        and max(fuzz.token_set_ratio(base, match_key(t)) for t in s.candidate.titles()) >= 95
    ]
    kind_first = franchise[0].candidate.kind if franchise else None
    franchise = sorted(
        (s for s in franchise if s.candidate.kind == kind_first),
        key=lambda s: (s.candidate.year or 9999, s.candidate.id),
    )
    n = int(number)
    if len(franchise) < n:
        return scored
    chosen = franchise[n - 1]
    bumped = Scored(chosen.candidate, chosen.similarity, chosen.score + ORDINAL_BONUS, guess=True)
    return [bumped if s is chosen else s for s in scored]


def rank(query: ParsedQuery, candidates: list[Candidate]) -> list[Scored]:
    scored = _sequel_order(query, [score(query, c) for c in candidates])
    scored.sort(key=lambda s: (-s.score, -s.candidate.popularity, s.candidate.kind, s.candidate.id))
    return scored
