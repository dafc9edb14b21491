"""What a request means once understood: the kind, a title, a year, a season, or an exact id."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["movie", "series"]
KINDS: tuple[Kind, ...] = ("movie", "series")
Intent = Literal["search", "add", "catalog", "status", "queue", "requests"]
# "latest" / "first" of a franchise ("le dernier matrix", "le premier X"); "remake": the latest of the
# homonyms carrying the very name ("king kong le remake"), else of the franchise; "animated": the first
# of those the lookup calls animation ("la belle et la bête dessin animé"), else the first
Order = Literal["latest", "first", "remake", "animated"]


@dataclass(frozen=True, slots=True)
class ExternalIds:
    tmdb: int | None = None
    tvdb: int | None = None
    imdb: str | None = None  # "tt0133093"

    def __bool__(self) -> bool:
        return bool(self.tmdb or self.tvdb or self.imdb)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str  # what the user sent
    title: str = ""  # the title to look up, without request words, year or season
    kind: Kind | None = None  # None = unknown: look in both
    year: int | None = None
    season: int | None = None
    ids: ExternalIds = ExternalIds()
    intent: Intent = "search"
    source: str = "rules"  # rules | release | id | gemini
    # Signals read around the title (``hints.py``); never filters.
    full_title: str = ""  # the title before hints were taken out ("" = same as title)
    language: str | None = None  # original language asked for: "fr" in "le film français"
    country: str | None = None  # "uk" in "version anglaise"
    order: Order | None = None  # "le dernier X", "reboot" -> latest; "dessin animé" -> first
    people: str = ""  # a director or an actor named next to the title
    lead: str = ""  # a request verb taken off the front, maybe a title's first word ("get" of "get out")

    def titles(self) -> list[str]:
        """The title, then the text before hints were taken out when it differs."""
        if self.full_title and self.full_title != self.title:
            return [self.title, self.full_title]
        return [self.title]

    def with_kind(self, kind: Kind | None) -> ParsedQuery:
        return self if kind is None else replace(self, kind=kind)
