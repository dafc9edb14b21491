"""understand → candidates → rank → decide, in one call (the CLI, the bench and the bot use it)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.search.candidates import ArrLookup, Candidate
from myflix_bot.search.decide import FOUND_MIN, Decision, decide
from myflix_bot.search.memory import TitleMemory, as_abbreviation
from myflix_bot.search.query import KINDS, Kind, ParsedQuery
from myflix_bot.search.rank import Scored, rank
from myflix_bot.search.spelling import variants
from myflix_bot.search.text import STOP_WORDS, fold
from myflix_bot.search.understand import Understander

GOOD_ENOUGH = 92.0  # a first lookup whose best title scores this well needs no relaxed retry
MAX_RELAXED = 40  # extra lookups per kind when the first one found nothing good
SPELL_BELOW = 80.0  # still no title this close after the relaxed lookups: try other spellings
MAX_SPELLING = 36  # spelling lookups per kind (the last resort before "not found")
MAX_EXPANSIONS = 6  # remembered titles looked up for one abbreviation


@dataclass(frozen=True)
class Resolution:
    query: ParsedQuery
    decision: Decision
    ranked: tuple[Scored, ...]
    errors: tuple[str, ...] = ()
    lookups: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = self.decision

        def item(s: Scored) -> dict[str, Any]:
            c = s.candidate
            return {
                "kind": c.kind,
                "id": c.id,
                "id_type": "tmdb" if c.kind == "movie" else "tvdb",
                "title": c.title,
                "year": c.year,
                "score": round(s.score, 2),
                "title_similarity": round(s.similarity, 2),
                "in_library": c.library_id is not None,
                "downloaded": c.has_file,
            }

        best = d.best.candidate if d.best else None
        return {
            "query": self.query.text,
            "understood": {
                "title": self.query.title,
                "kind": self.query.kind,
                "year": self.query.year,
                "season": self.query.season,
                "ids": {k: v for k, v in vars_of(self.query.ids).items() if v},
                "source": self.query.source,
                "intent": self.query.intent,
            },
            "decision": d.verdict,
            "kind": best.kind if best else None,
            "id": best.id if best else None,
            "title": best.title if best else None,
            "year": best.year if best else None,
            "confidence": d.confidence,
            "reason": d.reason,
            "best": item(d.best) if d.best else None,
            "alternatives": [item(s) for s in d.alternatives],
            "errors": list(self.errors),
            "lookups": self.lookups,
            "seconds": round(self.seconds, 4),
        }


def vars_of(ids: Any) -> dict[str, Any]:
    return {"tmdb": ids.tmdb, "tvdb": ids.tvdb, "imdb": ids.imdb}


def _typo_variants(word: str) -> list[str]:
    """Swapped neighbours, a doubled letter, a dropped double: "dnue", "openheimer", "kamelott"."""
    out = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    out += [word[: i + 1] + word[i] + word[i + 1 :] for i in range(len(word)) if word[i].isalpha()]
    out += [word[:i] + word[i + 1 :] for i in range(len(word) - 1) if word[i] == word[i + 1]]
    return out


def relaxed_terms(title: str) -> list[str]:
    """Other ways to ask TMDB/TVDB when the title as typed finds nothing good: its first words
    (the title usually comes before "de david lynch"), without one word (a stray request word), with
    a misspelt word cut to its start (TMDB matches prefixes), and, for a single word, typo variants."""
    words = fold(title).split()
    terms: list[str] = []
    for k in range(len(words) - 1, 0, -1):
        if any(w not in STOP_WORDS for w in words[:k]):
            terms.append(" ".join(words[:k]))
    if len(words) >= 2:
        for i in range(len(words)):
            rest = words[:i] + words[i + 1 :]
            if any(w not in STOP_WORDS for w in rest):
                terms.append(" ".join(rest))
    for i, word in enumerate(words):
        if len(word) >= 4 and word not in STOP_WORDS:
            others = words[:i] + words[i + 1 :]
            cut = word[: max(3, (len(word) + 1) // 2)]
            terms.append(" ".join([*others, cut]))
            if others:  # "sherlok holmes": the other word is not in the title either
                terms.append(cut)
        if len(word) >= 9 and word not in STOP_WORDS:  # "bladerunner": two words typed as one
            terms.extend(word[:k] for k in (4, 5))
    if len(words) == 1 and 4 <= len(words[0]) <= 12:
        terms.extend(_typo_variants(words[0]))
    unique: list[str] = []
    for t in terms:
        if t and t != " ".join(words) and t not in unique:
            unique.append(t)
    return unique[:MAX_RELAXED]


def spelling_terms(title: str) -> list[str]:
    """Other spellings of each word of the title (``spelling.variants``), one word per lookup,
    the words' variants interleaved so that every word gets its most likely ones."""
    words = [w for w in fold(title).split() if len(w) >= 4 and w not in STOP_WORDS and not w.isdigit()]
    per_word = [variants(w) for w in words]
    # A letter missing early ("wesworld"): the first letters alone, TMDB reads them as a prefix.
    terms: list[str] = [w[:k] for w in words if len(w) >= 6 for k in (3, 4)]
    for rank_ in range(max((len(v) for v in per_word), default=0)):
        for v in per_word:
            if rank_ < len(v) and v[rank_] not in terms:
                terms.append(v[rank_])
    return terms[:MAX_SPELLING]


def _merge(candidates: list[Candidate], extra: list[Candidate]) -> list[Candidate]:
    known = {c.key for c in candidates}
    return candidates + [c for c in extra if c.key not in known]


class Resolver:
    def __init__(self, lookup: ArrLookup, understander: Understander | None = None) -> None:
        self.lookup = lookup
        self.understander = understander or Understander()
        self.memory = TitleMemory()

    async def resolve(self, text: str, kind: Kind | None = None) -> Resolution:
        started = time.perf_counter()
        query = await self.understander.understand(text, kind)
        kinds = [k for k in ([query.kind] if query.kind else KINDS) if k in self.lookup.available()]
        errors: list[str] = []
        lookups = 0
        candidates: list[Candidate] = []
        if query.ids:
            terms = self.lookup.id_terms(query.ids, query.kind)
            found, errs = await self.lookup.many(terms)
            lookups += len(terms)
            candidates, errors = found, errs
        if not candidates and query.title:
            terms = [(k, query.title) for k in kinds]
            found, errs = await self.lookup.many(terms)
            lookups += len(terms)
            candidates, errors = found, errors + [e for e in errs if e not in errors]
            ranked = rank(query, candidates)
            best_sim = max((s.similarity for s in ranked), default=0.0)
            if best_sim < GOOD_ENOUGH:
                wider = [query.full_title] if query.full_title else []
                more = [(k, t) for k in kinds for t in [*wider, *relaxed_terms(query.title)]]
                extra, errs = await self.lookup.many(more)
                lookups += len(more)
                candidates = _merge(candidates, extra)
                errors += [e for e in errs if e not in errors]
                best_sim = max((s.similarity for s in rank(query, candidates)), default=0.0)
            abbr = as_abbreviation(query.title) if best_sim < FOUND_MIN else None
            if abbr and (known := self.memory.expand(abbr, kinds)):
                more = known[:MAX_EXPANSIONS]
                extra, errs = await self.lookup.many(more)
                lookups += len(more)
                candidates = _merge(candidates, extra)
                errors += [e for e in errs if e not in errors]
                best_sim = max((s.similarity for s in rank(query, candidates)), default=0.0)
            if best_sim < SPELL_BELOW:
                more = [(k, t) for k in kinds for t in spelling_terms(query.title)]
                extra, errs = await self.lookup.many(more)
                lookups += len(more)
                candidates = _merge(candidates, extra)
                errors += [e for e in errs if e not in errors]
        for c in candidates:
            for title in c.titles():
                self.memory.remember(c.kind, title)
        ranked = rank(query, candidates)
        decision = decide(query, ranked)
        return Resolution(
            query=query,
            decision=decision,
            ranked=tuple(ranked),
            errors=tuple(errors),
            lookups=lookups,
            seconds=time.perf_counter() - started,
        )
