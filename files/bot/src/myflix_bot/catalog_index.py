"""The downloaded catalog, indexed once per refresh: sorted views and fuzzy filtering.

Built by the coordinator when Radarr or Sonarr answers, then shared read-only by every handler.
The titles are pre-processed once here into a :class:`~myflix_bot.search.fuzzy.FuzzyIndex` (folded in
every script, words and bigrams indexed), so a ``/films dune`` query scores only the few hundred
titles that share a (possibly misspelt) word with it: no per-query normalisation of the catalog, and
well under 2 ms over 50,000 titles (see ``bench/bench_search.py``).

A year in the filter is a filter, not a word: ``/films dune 2021`` is the Dune of 2021, not every
film of 2021. When no title of that year matches, the number is read as part of the title instead
("Blade Runner 2049", "1917").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from myflix_bot.models import Movie, Series
from myflix_bot.search.fuzzy import FuzzyIndex
from myflix_bot.search.text import fold

SORT_RECENT = "r"
SORT_TITLE = "t"
_YEAR = re.compile(r"(?:18|19|20)\d\d")

# A TypeVar rather than PEP 695 syntax: the bot also runs on Raspberry Pi OS bookworm (Python 3.11).
Item = TypeVar("Item", Movie, Series)


@dataclass(frozen=True, slots=True)
class CatalogIndex(Generic[Item]):
    by_recent: tuple[Item, ...]
    by_title: tuple[Item, ...]
    _fuzzy: FuzzyIndex  # normalised titles, aligned with by_title

    @classmethod
    def build(cls, items: Sequence[Item]) -> CatalogIndex[Item]:
        by_recent = tuple(sorted(items, key=lambda i: (-i.added, i.sort_title, i.id)))
        by_title = tuple(sorted(items, key=lambda i: (i.sort_title, i.year or 0, i.id)))
        return cls(by_recent, by_title, FuzzyIndex.build([i.title for i in by_title]))

    def __len__(self) -> int:
        return len(self.by_title)

    def ordered(self, sort: str) -> tuple[Item, ...]:
        return self.by_title if sort == SORT_TITLE else self.by_recent

    def search(self, query: str, limit: int = 50, cutoff: float = 60.0) -> tuple[Item, ...]:
        """The relevant titles for ``query``, best first (exact, then prefix, then by score)."""
        words = fold(query).split()
        years = [w for w in words if _YEAR.fullmatch(w)]
        if years:
            year = int(years[-1])
            rest = [w for w in words if w != years[-1]]
            if rest:
                hits = self._fuzzy.search(
                    " ".join(rest), limit, cutoff, keep=lambda i: self.by_title[i].year == year
                )
                if hits:
                    return tuple(self.by_title[i] for i, _ in hits)
            else:
                hits = self._fuzzy.search(query, limit, cutoff)
                if hits:
                    return tuple(self.by_title[i] for i, _ in hits)
                return tuple(i for i in self.by_title if i.year == year)[:limit]
        return tuple(self.by_title[idx] for idx, _ in self._fuzzy.search(query, limit, cutoff))


EMPTY_MOVIES: CatalogIndex[Movie] = CatalogIndex.build([])
EMPTY_SERIES: CatalogIndex[Series] = CatalogIndex.build([])
