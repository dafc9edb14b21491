"""The shared fuzzy index (``/films`` filter and the search feature): what it finds, not how fast
(speed is measured in bench/bench_search.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from myflix_bot.catalog_index import CatalogIndex
from myflix_bot.models import Movie
from myflix_bot.search.fuzzy import FuzzyIndex

TITLES = [
    "Dune 2021",
    "Dune 1984",
    "Dune: Part Two 2024",
    "Amélie 2001",
    "Les Misérables 2012",
    "The Matrix 1999",
    "The Matrix Reloaded 2003",
    "Interstellar 2014",
    "Le Dîner de cons 1998",
    "Shadow River 1973",
] + [f"Filler title number {i} {1950 + i % 70}" for i in range(3000)]


def titles_of(index: FuzzyIndex, query: str, limit: int = 3) -> list[str]:
    return [TITLES[i] for i, _ in index.search(query, limit=limit)]


def test_exact_accents_typos_and_order() -> None:
    index = FuzzyIndex.build(TITLES)
    assert titles_of(index, "dune 1984")[0] == "Dune 1984"
    assert titles_of(index, "amelie")[0] == "Amélie 2001"
    assert titles_of(index, "les miserables")[0] == "Les Misérables 2012"
    assert titles_of(index, "interstelar")[0] == "Interstellar 2014"  # typo: vocabulary neighbours
    assert titles_of(index, "diner de con")[0] == "Le Dîner de cons 1998"
    assert titles_of(index, "matri")[:2] == ["The Matrix 1999", "The Matrix Reloaded 2003"]  # prefix
    assert index.search("zzqxw") == []
    assert index.search("   ") == []


def test_catalog_index_filter_uses_it() -> None:
    movies = [
        Movie(i, t.rsplit(" ", 1)[0], int(t.rsplit(" ", 1)[1]), 0.0, t.lower())
        for i, t in enumerate(TITLES[:10])
    ]
    index = CatalogIndex.build(movies)
    assert [m.title for m in index.search("dune", limit=3)][:2] == ["Dune", "Dune"]
    assert [m.title for m in index.search("le diner de cons")] == ["Le Dîner de cons"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_query_is_safe(query: str) -> None:
    index = FuzzyIndex.build(TITLES[:50])
    hits = index.search(query)
    assert all(0 <= i < 50 and 0 <= s <= 100 for i, s in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_fold_keeps_every_script_and_strips_latin_accents_only() -> None:
    from myflix_bot.search.text import fold_uncached  # noqa: PLC0415

    assert fold_uncached("AMÉLIE ❤️ Straße") == "amelie strasse"
    assert fold_uncached("千と千尋の神隠し") == "千と千尋の神隠し"
    assert fold_uncached("ガンダム") == "ガンダム"  # the dakuten stays: ガ is not カ
    assert fold_uncached("기생충") == "기생충"  # Hangul recomposed, not left as jamo
    assert fold_uncached("ฉลาดเกมส์โกง") == "ฉลาดเกมส์โกง"  # Thai vowel and tone marks kept
    assert fold_uncached("الرسالة!") == "الرسالة"
    assert fold_uncached("\u200b\u2060") == ""


def test_unspaced_scripts_match_by_bigrams_and_every_word_must_match() -> None:
    index = FuzzyIndex.build(["千と千尋の神隠し", "進撃の巨人", "Movie Night", "Night Moves", "Movie"])
    assert [i for i, _ in index.search("千尋")] == [0]
    assert [i for i, _ in index.search("進撃の巨人")] == [1]
    assert [i for i, _ in index.search("movie night")] == [2]  # not every "movie", not every "night"
    assert [i for i, _ in index.search("movie")] == [4, 2]  # the exact title first, then the prefix
