"""The downloaded catalog, indexed once per refresh: sorted views and fuzzy filtering.

Built by the coordinator when Radarr or Sonarr answers, then shared read-only by every handler.
The choices for rapidfuzz are pre-processed once here (case-folded, accents stripped, tokens
indexed) into a :class:`~myflix_bot.search.fuzzy.FuzzyIndex`, so a ``/films dune`` query scores only
the few hundred titles that share a (possibly misspelt) word with it: no per-query normalisation of
the catalog, and well under 2 ms over 50,000 titles (see ``bench/bench_search.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from myflix_bot.models import Movie, Series
from myflix_bot.search.fuzzy import FuzzyIndex

SORT_RECENT = "r"
SORT_TITLE = "t"


@dataclass(frozen=True, slots=True)
class CatalogIndex[Item: (Movie, Series)]:
    by_recent: tuple[Item, ...]
    by_title: tuple[Item, ...]
    _fuzzy: FuzzyIndex  # normalised titles, aligned with by_title

    @classmethod
    def build(cls, items: Sequence[Item]) -> CatalogIndex[Item]:
        by_recent = tuple(sorted(items, key=lambda i: (-i.added, i.sort_title, i.id)))
        by_title = tuple(sorted(items, key=lambda i: (i.sort_title, i.year or 0, i.id)))
        return cls(by_recent, by_title, FuzzyIndex.build([_search_key(i) for i in by_title]))

    def __len__(self) -> int:
        return len(self.by_title)

    def ordered(self, sort: str) -> tuple[Item, ...]:
        return self.by_title if sort == SORT_TITLE else self.by_recent

    def search(self, query: str, limit: int = 50, cutoff: float = 60.0) -> tuple[Item, ...]:
        """Fuzzy matches for ``query``, best first (ties: title order)."""
        return tuple(self.by_title[idx] for idx, _ in self._fuzzy.search(query, limit, cutoff))


def _search_key(item: Movie | Series) -> str:
    return f"{item.title} {item.year}" if item.year else item.title


EMPTY_MOVIES: CatalogIndex[Movie] = CatalogIndex.build([])
EMPTY_SERIES: CatalogIndex[Series] = CatalogIndex.build([])
