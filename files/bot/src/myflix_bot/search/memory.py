"""Titles the resolver has seen in lookup answers: for abbreviations ("GoT", "HoC", "LBDL", "BR 2049") and
for spelling (the words and titles a misspelt request is closest to).

An abbreviation cannot be asked of TMDB/TVDB (their search matches words), and a typo in a word's first
letters finds nothing, so the resolver keeps the titles earlier lookups returned (bounded, oldest forgotten
first) and, when a file is given, on disk, one ``kind<TAB>title`` per line, so they survive a restart. The bot
only ever knows what it has looked up.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from myflix_bot.search.query import Kind
from myflix_bot.search.text import fold

log = logging.getLogger(__name__)
MAX_TITLES = 20_000
TITLE_SIMILARITY = 80.0  # a whole remembered title this close to the typed one is worth a lookup


def initials(title: str) -> str:
    """ "Game of Thrones" -> "got", "Blade Runner 2049" -> "br2049" (numbers kept whole)."""
    return "".join(w if w.isdigit() else w[0] for w in fold(title).split())


def said_in_full(word: str, words: list[str]) -> bool:
    """``words`` (two or more) are what the abbreviation ``word`` stands for: their initials spell it ("hpi"
    and "haut potentiel intellectuel")."""
    return len(words) >= 2 and word.isalpha() and initials(" ".join(words)) == word


def as_abbreviation(text: str) -> str | None:
    """The request as initials when it looks like an abbreviation (2-6 letters, maybe a number)."""
    words = fold(text).split()
    letters = [w for w in words if not w.isdigit()]
    if len(letters) != 1 or not 2 <= len(letters[0]) <= 6 or len(words) > 2:
        return None
    return "".join(words)


class TitleMemory:
    def __init__(self, capacity: int = MAX_TITLES, path: Path | None = None) -> None:
        self.capacity = capacity
        self.path = path
        self._titles: OrderedDict[tuple[Kind, str], str] = OrderedDict()  # (kind, title) -> initials
        self._by_initials: dict[str, set[tuple[Kind, str]]] = {}
        self._words: dict[str, int] = {}  # folded word -> titles holding it
        self._keys: dict[str, str] = {}  # folded title -> title as seen
        self._unsaved: list[tuple[Kind, str]] = []
        if path is not None:
            self._load(path)

    def __len__(self) -> int:
        return len(self._titles)

    def _load(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("title memory %s unreadable: %s", path, exc)
            return
        for line in lines:
            kind, _, title = line.partition("\t")
            if kind in ("movie", "series") and title:
                self._add(kind, title)  # type: ignore[arg-type]
        if len(lines) > 2 * self.capacity:  # compact: keep what survived the bound
            self._unsaved = list(self._titles)
            self._rewrite = True
            self.flush()

    def remember(self, kind: Kind, title: str) -> None:
        if self._add(kind, title):
            self._unsaved.append((kind, title))

    def _add(self, kind: Kind, title: str) -> bool:
        key = (kind, title)
        if key in self._titles:
            self._titles.move_to_end(key)
            return False
        folded = fold(title)
        if not folded:
            return False
        abbr = initials(title)
        self._titles[key] = abbr
        if len(folded.split()) >= 2:  # a one-word title has no useful initials
            self._by_initials.setdefault(abbr, set()).add(key)
        for word in set(folded.split()):
            self._words[word] = self._words.get(word, 0) + 1
        self._keys.setdefault(folded, title)
        while len(self._titles) > self.capacity:
            self._forget(*self._titles.popitem(last=False))
        return True

    def _forget(self, old: tuple[Kind, str], old_abbr: str) -> None:
        bucket = self._by_initials.get(old_abbr)
        if bucket is not None:
            bucket.discard(old)
            if not bucket:
                del self._by_initials[old_abbr]
        folded = fold(old[1])
        for word in set(folded.split()):
            left = self._words.get(word, 0) - 1
            if left > 0:
                self._words[word] = left
            else:
                self._words.pop(word, None)
        if not any(fold(t) == folded for _, t in self._titles):
            self._keys.pop(folded, None)

    def flush(self) -> None:
        """Append the titles learnt since the last flush to the file (if any); never raises."""
        if self.path is None or not self._unsaved:
            self._unsaved.clear()
            return
        rewrite = getattr(self, "_rewrite", False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("w" if rewrite else "a", encoding="utf-8") as f:
                f.writelines(f"{k}\t{t}\n" for k, t in self._unsaved if "\n" not in t and "\t" not in t)
        except OSError as exc:
            log.warning("title memory %s not saved: %s", self.path, exc)
        self._unsaved.clear()
        self._rewrite = False

    def expand(self, abbreviation: str, kinds: tuple[Kind, ...] | list[Kind]) -> list[tuple[Kind, str]]:
        """The remembered titles (of these kinds) whose initials spell ``abbreviation``."""
        found = self._by_initials.get(abbreviation, set())
        return sorted(k for k in found if k[0] in kinds)

    # ---- spelling (``spelling.WordSource``)
    def knows_word(self, word: str) -> bool:
        return word in self._words

    def words(self) -> list[str]:
        """Every folded word of the remembered titles."""
        return list(self._words)

    def nearest_word(self, word: str) -> str | None:
        """The seen word closest to ``word``: one edit (a swap counts as one) up to 5 letters, two beyond;
        the most common one on ties."""
        if len(word) < 4 or not self._words:
            return None
        from rapidfuzz import process  # noqa: PLC0415
        from rapidfuzz.distance import OSA  # noqa: PLC0415

        most = 1 if len(word) <= 5 else 2
        hits = process.extract(word, self._words.keys(), scorer=OSA.distance, limit=8, score_cutoff=most)
        if not hits:
            return None
        return min(hits, key=lambda h: (h[1], -self._words[h[0]], h[0]))[0]

    def nearest_title(self, title: str) -> str | None:
        """The seen title closest to ``title`` as a whole ("ouestworld" -> "westworld")."""
        q = fold(title)
        if len(q) < 4 or not self._keys:
            return None
        from rapidfuzz import fuzz, process  # noqa: PLC0415

        hit = process.extractOne(q, self._keys.keys(), scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY)
        return hit[0] if hit and hit[0] != q else None
