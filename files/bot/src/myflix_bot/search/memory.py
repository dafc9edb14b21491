"""Titles the resolver has seen in lookups, by their initials: "GoT", "HoC", "LBDL", "BR 2049".

An abbreviation cannot be asked of TMDB/TVDB (their search matches words), so the resolver keeps
the titles that earlier lookups returned (bounded, oldest forgotten first) and asks again with the
full titles whose initials the request spells. The bot only ever knows what it has looked up.
"""

from __future__ import annotations

from collections import OrderedDict

from myflix_bot.search.query import Kind
from myflix_bot.search.text import fold

MAX_TITLES = 20_000


def initials(title: str) -> str:
    """ "Game of Thrones" -> "got", "Blade Runner 2049" -> "br2049" (numbers kept whole)."""
    return "".join(w if w.isdigit() else w[0] for w in fold(title).split())


def as_abbreviation(text: str) -> str | None:
    """The request as initials when it looks like an abbreviation (2-6 letters, maybe a number)."""
    words = fold(text).split()
    letters = [w for w in words if not w.isdigit()]
    if len(letters) != 1 or not 2 <= len(letters[0]) <= 6 or len(words) > 2:
        return None
    return "".join(words)


class TitleMemory:
    def __init__(self, capacity: int = MAX_TITLES) -> None:
        self.capacity = capacity
        self._titles: OrderedDict[tuple[Kind, str], str] = OrderedDict()  # (kind, title) -> initials
        self._by_initials: dict[str, set[tuple[Kind, str]]] = {}

    def __len__(self) -> int:
        return len(self._titles)

    def remember(self, kind: Kind, title: str) -> None:
        if len(fold(title).split()) < 2:
            return  # a one-word title has no useful initials
        key = (kind, title)
        if key in self._titles:
            self._titles.move_to_end(key)
            return
        abbr = initials(title)
        self._titles[key] = abbr
        self._by_initials.setdefault(abbr, set()).add(key)
        while len(self._titles) > self.capacity:
            old, old_abbr = self._titles.popitem(last=False)
            bucket = self._by_initials.get(old_abbr)
            if bucket is not None:
                bucket.discard(old)
                if not bucket:
                    del self._by_initials[old_abbr]

    def expand(self, abbreviation: str, kinds: tuple[Kind, ...] | list[Kind]) -> list[tuple[Kind, str]]:
        """The remembered titles (of these kinds) whose initials spell ``abbreviation``."""
        found = self._by_initials.get(abbreviation, set())
        return sorted(k for k in found if k[0] in kinds)
