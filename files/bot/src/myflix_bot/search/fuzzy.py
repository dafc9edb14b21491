"""Fast fuzzy lookup over a large, fixed list of titles (``/films dune``, "is it already there?").

The choices are pre-processed once: folded keys, an inverted index of their tokens and a sorted
vocabulary. A query then costs:

1. for each query token, the vocabulary words that equal it, start with it, or are within a small
   edit distance of it (rapidfuzz over the vocabulary, which is far smaller than the title list);
2. a vote per title over those words' postings, rarest words weighing most (so "the" barely counts);
3. ``WRatio`` over the few hundred best-voted titles only.

With 50,000 titles that is well under the 2 ms p50 the bot needs (measured in ``bench/``), where a
plain ``process.extract`` with ``WRatio`` over every title takes tens of milliseconds.
"""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from myflix_bot.search.text import fold, fold_uncached

MAX_CANDIDATES = 400  # titles scored with WRatio per query
PREFIX_SPAN = 64  # vocabulary words taken per prefix
TYPO_LIMIT = 6  # close vocabulary words taken per query token


@dataclass(frozen=True, slots=True)
class FuzzyIndex:
    keys: tuple[str, ...]  # folded choices, aligned with the caller's items
    _postings: dict[str, array[int]]  # word -> indexes of the keys holding it (compact arrays)
    _vocab: tuple[str, ...]  # sorted

    @classmethod
    def build(cls, choices: Sequence[str]) -> FuzzyIndex:
        keys = tuple(fold_uncached(c) for c in choices)  # no cache growth per catalog refresh
        postings: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            for tok in set(key.split()):
                postings.setdefault(tok, []).append(i)
        compact = {t: array("I", v) for t, v in postings.items()}
        return cls(keys, compact, tuple(sorted(compact)))

    def _weight(self, word: str) -> float:
        """Inverse document frequency: rare words weigh most."""
        return math.log(1 + len(self.keys) / len(self._postings[word]))

    def __len__(self) -> int:
        return len(self.keys)

    def _words_for(self, tok: str) -> set[str]:
        words: set[str] = set()
        if tok in self._postings:
            words.add(tok)
        if len(tok) >= 2:
            start = bisect.bisect_left(self._vocab, tok)
            for word in self._vocab[start : start + PREFIX_SPAN]:
                if not word.startswith(tok):
                    break
                words.add(word)
        if len(tok) >= 4 and tok not in self._postings:
            from rapidfuzz import fuzz, process  # noqa: PLC0415 - lazy: the idle bot never loads it

            cutoff = 75 if len(tok) <= 5 else 80
            for word, _, _ in process.extract(
                tok, self._vocab, scorer=fuzz.ratio, limit=TYPO_LIMIT, score_cutoff=cutoff
            ):
                words.add(word)
        return words

    def search(self, query: str, limit: int = 50, cutoff: float = 60.0) -> list[tuple[int, float]]:
        """``(index, score)`` of the best matches for ``query``, best first (ties: lower index)."""
        q = fold(query)
        if not q or not self.keys:
            return []
        votes: dict[int, float] = {}
        for tok in set(q.split()):
            for word in self._words_for(tok):
                w = self._weight(word) * (1.0 if word == tok else 0.8)
                for i in self._postings[word]:
                    votes[i] = votes.get(i, 0.0) + w
        if not votes:
            return []
        from rapidfuzz import fuzz, process  # noqa: PLC0415 - lazy: the idle bot never loads it

        best = heapq.nlargest(MAX_CANDIDATES, votes.items(), key=lambda kv: (kv[1], -kv[0]))
        ids = [i for i, _ in best]
        hits = process.extract(
            q,
            [self.keys[i] for i in ids],
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit,
            score_cutoff=cutoff,
        )
        ranked = [(ids[pos], score) for _, score, pos in hits]
        ranked.sort(key=lambda h: (-h[1], h[0]))
        return ranked
