"""What a search button refers to: the exact candidates that were shown, for the user who asked."""

from __future__ import annotations

from dataclasses import dataclass

from myflix_bot.search.candidates import Candidate


@dataclass(frozen=True, slots=True)
class Pending:
    user_id: int
    chat_id: int
    query: str
    season: int | None
    candidates: tuple[Candidate, ...]  # the card's candidate first, then the other results
