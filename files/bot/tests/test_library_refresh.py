"""A library refresh builds as little as it can (issue 18, memory): the coordinator serves the old
index while the next is built, so both are alive at once and their objects interleave in the heap.
An unchanged library gives back the previous index itself; a changed one reuses the previous objects
of the titles that did not change; any real difference still shows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from myflix_bot.config import ArrConfig
from myflix_bot.models import Movie
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import RadarrSource

FILMS = [
    Movie(id=i, title=f"Film {i}", year=2000 + i, added=float(i), sort_title=f"film {i}") for i in range(50)
]


def radarr_json(movie: Movie) -> dict[str, object]:
    added = datetime.fromtimestamp(movie.added, UTC).isoformat().replace("+00:00", "Z")
    return {
        "id": movie.id,
        "title": movie.title,
        "sortTitle": movie.sort_title,
        "year": movie.year,
        "hasFile": True,
        "movieFile": {"dateAdded": added},
    }


def source_answering(*answers: list[Movie]) -> RadarrSource:
    source = RadarrSource(ArrConfig(url="http://127.0.0.1:1", api_key=Secret("k" * 32), timeout=1.0))
    pending = list(answers)

    async def get_reduced(_path, convert, reduce):
        # Radarr's JSON, converted one object at a time as the real stream does
        converted = (convert(radarr_json(m)) for m in pending.pop(0))
        return reduce([m for m in converted if m is not None])

    source.client.get_reduced = get_reduced  # type: ignore[method-assign]
    return source


async def test_an_unchanged_library_returns_the_previous_index() -> None:
    source = source_answering(FILMS, list(reversed(FILMS)))
    first = await source.fetch()
    assert await source.fetch() is first  # same titles, another order: nothing new is built


async def test_a_changed_library_reuses_the_unchanged_titles() -> None:
    renamed = dataclasses.replace(FILMS[3], title="Film trois")
    source = source_answering(FILMS, [*FILMS[:3], renamed, *FILMS[4:], FILMS[0]])
    first = await source.fetch()
    second = await source.fetch()
    assert second is not first
    assert {m.title for m in second.by_title} == {m.title for m in FILMS[:3] + FILMS[4:]} | {"Film trois"}
    assert len(second) == len(FILMS) + 1  # the title listed twice is kept twice, as Radarr said
    old = {m.id: m for m in first.by_title}
    kept = [m for m in second.by_title if m.id != 3]
    assert all(m is old[m.id] for m in kept)  # the very objects of the previous index
    assert next(m for m in second.by_title if m.id == 3).title == "Film trois"
    assert second.search("film trois")[0].title == "Film trois"


async def test_every_field_counts_and_a_shorter_library_is_new() -> None:
    later = dataclasses.replace(FILMS[7], added=99_999.0)  # a new file: "recently added" changes
    source = source_answering(FILMS, [*FILMS[:7], later, *FILMS[8:]], FILMS[:-1])
    first = await source.fetch()
    second = await source.fetch()
    assert second is not first
    assert second.by_recent[0].id == 7
    third = await source.fetch()
    assert len(third) == len(FILMS) - 1
