"""From ranked candidates to a decision: ``confident``, ``ambiguous`` or ``not_found``.

``confident`` only when nothing else could reasonably be meant: an exact id, or a title that matches
well, clearly ahead of the next candidate, and no remake or homonym the request leaves open (same
title, other year, and no year asked; same title as a movie and a series, and no kind asked).
Even then nothing is added before the user presses Add on the card: the decision picks what the
card shows, the confirmation pins the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from myflix_bot.search.query import ParsedQuery
from myflix_bot.search.rank import Scored
from myflix_bot.search.text import match_key

Verdict = Literal["confident", "ambiguous", "not_found"]

FOUND_MIN = 62.0  # below this title similarity, a candidate is not a match at all
CONFIDENT_MIN = 86.0  # title similarity needed for a confident answer
MARGIN = 7.0  # score lead over the runner-up needed for a confident answer
SAME_TITLE = 95.0  # titles this similar count as the same name (remakes, homonyms)
MAX_CHOICES = 6


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    best: Scored | None
    alternatives: tuple[Scored, ...]
    confidence: float  # 0..1
    reason: str = ""


def _same_name(a: Scored, b: Scored) -> bool:
    ka = {match_key(t) for t in a.candidate.titles()}
    kb = {match_key(t) for t in b.candidate.titles()}
    return bool(ka & kb) or (a.similarity >= SAME_TITLE and b.similarity >= SAME_TITLE)


def decide(query: ParsedQuery, ranked: list[Scored]) -> Decision:
    matches = [s for s in ranked if s.exact_id or s.similarity >= FOUND_MIN]
    if not matches:
        return Decision("not_found", None, (), 0.0, "no candidate matches the title")
    best, rest = matches[0], matches[1 : MAX_CHOICES + 1]
    if best.exact_id:
        return Decision("confident", best, tuple(rest), 1.0, "exact id")
    runner = rest[0] if rest else None
    margin = best.score - runner.score if runner else 100.0
    confidence = round(max(0.0, min(1.0, best.score / 100.0)) * min(1.0, 0.5 + margin / (2 * MARGIN)), 3)
    reason = ""
    if best.guess:
        reason = "guessed from the release order"
    elif best.number_missing:
        reason = "the title lacks the number asked for"
    elif best.similarity < CONFIDENT_MIN:
        reason = "title only roughly matches"
    elif runner is not None and margin < MARGIN:
        reason = "several candidates score alike"
    elif runner is not None and _open_homonym(query, best, rest):
        reason = "a remake or homonym has the same title"
    if reason:
        return Decision("ambiguous", best, tuple(rest), min(confidence, 0.69), reason)
    return Decision("confident", best, tuple(rest), max(confidence, 0.7), "clear match")


def _open_homonym(query: ParsedQuery, best: Scored, rest: list[Scored]) -> bool:
    for other in rest:
        if other.similarity < SAME_TITLE - 10 or not _same_name(best, other):
            continue
        if other.candidate.kind != best.candidate.kind and query.kind is None:
            return True
        if (
            other.candidate.kind == best.candidate.kind
            and query.year is None
            and other.similarity >= SAME_TITLE
        ):
            return True
    return False
