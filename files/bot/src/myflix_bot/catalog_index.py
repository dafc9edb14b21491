"""The downloaded catalog, indexed once per refresh: sorted views and fuzzy filtering.

Built by the coordinator when Radarr or Sonarr answers, then shared read-only by every handler.
The choices for rapidfuzz are pre-processed once here (case-folded, accents stripped), so a
``/films dune`` query is a single ``process.extract`` over ready strings with no per-query
normalisation of the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from myflix_bot.models import Movie, Series
from myflix_bot.render.text import normalize_for_search

SORT_RECENT = "r"
SORT_TITLE = "t"


@dataclass(frozen=True, slots=True)
class CatalogIndex[Item: (Movie, Series)]:
    by_recent: tuple[Item, ...]
    by_title: tuple[Item, ...]
    _choices: tuple[str, ...]  # normalised titles, aligned with by_title

    @classmethod
    def build(cls, items: Sequence[Item]) -> CatalogIndex[Item]:
        by_recent = tuple(sorted(items, key=lambda i: (-i.added, i.sort_title, i.id)))
        by_title = tuple(sorted(items, key=lambda i: (i.sort_title, i.year or 0, i.id)))
        choices = tuple(_search_key(i) for i in by_title)
        return cls(by_recent, by_title, choices)

    def __len__(self) -> int:
        return len(self.by_title)

    def ordered(self, sort: str) -> tuple[Item, ...]:
        return self.by_title if sort == SORT_TITLE else self.by_recent

    def search(self, query: str, limit: int = 50, cutoff: float = 60.0) -> tuple[Item, ...]:
        """Fuzzy matches for ``query``, best first (ties: title order)."""
        q = normalize_for_search(query).strip()
        if not q or not self._choices:
            return ()
        hits = process.extract(
            q, self._choices, scorer=fuzz.WRatio, processor=None, limit=limit, score_cutoff=cutoff
        )
        hits.sort(key=lambda h: (-h[1], h[2]))
        return tuple(self.by_title[idx] for _, _, idx in hits)


def _search_key(item: Movie | Series) -> str:
    key = normalize_for_search(item.title)
    return f"{key} {item.year}" if item.year else key


EMPTY_MOVIES: CatalogIndex[Movie] = CatalogIndex.build([])
EMPTY_SERIES: CatalogIndex[Series] = CatalogIndex.build([])
