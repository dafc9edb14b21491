"""The garbage collector's rule, as a pure function of what is known about one torrent.

A torrent may be deleted only when ALL of these hold, and anything unknown means keep:

1. its category is managed by Radarr or Sonarr (a configured GC category);
2. it is complete;
3. it was imported: every main file has a hardlink count > 1, or the *arr history records an import
   of this download;
4. the category's seeding goal is met: ratio >= ``min_ratio`` or seeding time >= ``min_seed_time``
   (a goal that is not configured cannot be met);
5. its privacy is known, and a private torrent has seeded for at least ``private_min_seed_time``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from myflix_bot.watchers.settings import GcCategory


@dataclass(frozen=True, slots=True)
class TorrentFacts:
    hash: str
    name: str
    category: str
    complete: bool
    ratio: float | None  # None: not reported
    seeding_time: float | None  # seconds; None: not reported
    private: bool | None  # None: qBittorrent does not say
    main_links: tuple[int | None, ...] | None  # st_nlink per main file (None: unreadable); None: no file list
    history_imported: bool | None  # None: no *arr answer (error, not asked)


@dataclass(frozen=True, slots=True)
class Verdict:
    delete: bool
    reason: str


@dataclass(frozen=True, slots=True)
class GcPolicy:
    categories: Mapping[str, GcCategory]
    private_min_seed_time: float


def hardlinked(main_links: tuple[int | None, ...] | None) -> bool | None:
    """True: every main file has another link; False: one has none; None: unknown."""
    if not main_links:
        return None
    if any(n is None for n in main_links):
        return None if all(n is None or n > 1 for n in main_links) else False
    return all(n is not None and n > 1 for n in main_links)


def goal_met(category: GcCategory, ratio: float | None, seeding_time: float | None) -> bool:
    by_ratio = category.min_ratio is not None and ratio is not None and ratio >= category.min_ratio
    by_time = (
        category.min_seed_time is not None
        and seeding_time is not None
        and seeding_time >= category.min_seed_time
    )
    return by_ratio or by_time


def decide(facts: TorrentFacts, policy: GcPolicy) -> Verdict:  # noqa: PLR0911 - one return per rule
    category = policy.categories.get(facts.category)
    if category is None:
        return Verdict(False, "category not managed by Radarr/Sonarr")
    if not facts.complete:
        return Verdict(False, "not complete")
    links = hardlinked(facts.main_links)
    if not (links is True or facts.history_imported is True):
        if facts.history_imported is None:  # a single link does not prove the *arr did not copy it
            return Verdict(False, "import state unknown")
        return Verdict(False, "not imported")
    if not goal_met(category, facts.ratio, facts.seeding_time):
        return Verdict(False, "seeding goal not met")
    if facts.private is None:
        return Verdict(False, "privacy unknown")
    if facts.private and (facts.seeding_time is None or facts.seeding_time < policy.private_min_seed_time):
        return Verdict(False, "private: minimum seed time not reached")
    return Verdict(True, "imported and seeded")
