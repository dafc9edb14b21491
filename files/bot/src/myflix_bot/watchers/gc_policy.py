"""The garbage collector's rules, as pure functions of what is known; anything unknown means keep.

:func:`decide` judges one torrent. It may be deleted only when ALL of these hold:

1. its category is managed by Radarr or Sonarr (a configured GC category);
2. that *arr answered every question of this pass (a failing *arr stops the pass for its categories);
3. it is complete;
4. every main file is a regular file that can be read (missing, unreadable or not a file: unknown);
5. it was imported: every main file has a hardlink count > 1, or the *arr history records an import
   of this download;
6. the category's seeding goal is met: ratio >= ``min_ratio`` or seeding time >= ``min_seed_time``
   (a goal that is not configured cannot be met);
7. its privacy is known, and a private torrent has seeded for at least ``private_min_seed_time``.

:func:`decide_pass` judges every torrent of qBittorrent together and adds the cross-seed rule:

8. no other torrent whose content overlaps (same path, parent or child; an unknown location overlaps
   everything) is kept: data stays while any torrent that uses it stays.

:func:`plan_eviction` is the order under disk pressure (the disk watcher found the HDD below its floor):
among what :func:`decide_pass` deletes, and nothing else, the oldest (completed first) or the best
ratio first (``gc.evict_order``), as many as it takes to free the bytes asked for. Torrents that
share data go together, ranked by their best member, so the cross-seed rule still holds.

Later watchers that delete or refuse data (stalled downloads, disk admission) build on these rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from myflix_bot import i18n
from myflix_bot.watchers import texts  # noqa: F401 - registers the reasons' texts
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
    # True: every main file is a readable regular file; False: one is missing, unreadable or not a
    # regular file; None: no file list
    main_files_ok: bool | None = None
    size: int = 0  # bytes (what removing its data frees)
    completed_on: float | None = None  # when it finished downloading (wall clock); None: unknown


@dataclass(frozen=True, slots=True)
class Verdict:
    delete: bool
    code: str  # the reason: the catalog message ``watchers.gc.reason.<code>``
    arr: str = ""  # the *arr a "failing" verdict names

    def text(self, lang: str) -> str:
        return i18n.t(lang, f"watchers.gc.reason.{self.code}", arr=self.arr)

    @property
    def reason(self) -> str:
        """The reason in English (logs, tests)."""
        return self.text("en")


@dataclass(frozen=True, slots=True)
class GcPolicy:
    categories: Mapping[str, GcCategory]
    private_min_seed_time: float


@dataclass(frozen=True, slots=True)
class PassItem:
    """One torrent of qBittorrent in a pass: its facts and where its data is (resolved, absolute
    paths; None when unknown): where qBittorrent says it is and, for a torrent the GC may remove,
    the folder the removal would move."""

    facts: TorrentFacts
    locations: tuple[str | None, ...]

    def shares_with(self, other: PassItem) -> bool:
        return any(overlaps(a, b) for a in self.locations or (None,) for b in other.locations or (None,))


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


def decide(  # noqa: PLR0911 - one return per rule
    facts: TorrentFacts, policy: GcPolicy, failing_arrs: frozenset[str] = frozenset()
) -> Verdict:
    category = policy.categories.get(facts.category)
    if category is None:
        return Verdict(False, "unmanaged")
    if category.arr in failing_arrs:
        return Verdict(False, "arr_failing", category.arr)
    if not facts.complete:
        return Verdict(False, "incomplete")
    if facts.main_files_ok is not True:
        return Verdict(False, "main_file")
    links = hardlinked(facts.main_links)
    if not (links is True or facts.history_imported is True):
        if facts.history_imported is None:  # a single link does not prove the *arr did not copy it
            return Verdict(False, "import_unknown")
        return Verdict(False, "not_imported")
    if not goal_met(category, facts.ratio, facts.seeding_time):
        return Verdict(False, "goal_not_met")
    if facts.private is None:
        return Verdict(False, "privacy_unknown")
    if facts.private and (facts.seeding_time is None or facts.seeding_time < policy.private_min_seed_time):
        return Verdict(False, "private_young")
    return Verdict(True, "imported_seeded")


def overlaps(a: str | None, b: str | None) -> bool:
    """True when two content locations share data: the same path, or one inside the other. An
    unknown location (None or relative) may be anything, so it overlaps everything."""
    if a is None or b is None:
        return True
    pa, pb = PurePosixPath(a), PurePosixPath(b)
    if not (pa.is_absolute() and pb.is_absolute()):
        return True
    return pa == pb or pa.is_relative_to(pb) or pb.is_relative_to(pa)


def decide_pass(
    items: Sequence[PassItem], policy: GcPolicy, failing_arrs: frozenset[str] = frozenset()
) -> dict[str, Verdict]:
    """Every torrent's verdict (by hash). ``items`` must be ALL of qBittorrent's torrents: a torrent
    whose data overlaps one that is kept is kept too (repeated until nothing changes, since keeping
    one may keep another)."""
    verdicts = {item.facts.hash: decide(item.facts, policy, failing_arrs) for item in items}
    hashes = [item.facts.hash for item in items]
    if len(set(hashes)) != len(hashes):  # the same hash twice: qBittorrent's list is not usable
        return {h: Verdict(False, "listed_twice") for h in hashes}
    neighbours = {
        a.facts.hash: [b.facts.hash for b in items if b is not a and a.shares_with(b)] for a in items
    }
    changed = True
    while changed:
        changed = False
        for h, verdict in verdicts.items():
            if not verdict.delete:
                continue
            kept = [n for n in neighbours[h] if not verdicts[n].delete]
            if kept:
                verdicts[h] = Verdict(False, "shared")
                changed = True
    return verdicts


# eviction under disk pressure ------------------------------------------------------------------------
EVICT_ORDERS = ("oldest", "ratio")


def eviction_key(facts: TorrentFacts, order: str) -> tuple[bool, float, str]:
    """Smaller goes first: ``oldest`` by completion time, ``ratio`` by the best ratio; unknown last."""
    if order == "ratio":
        return (facts.ratio is None, -(facts.ratio or 0.0), facts.hash)
    return (facts.completed_on is None, facts.completed_on or 0.0, facts.hash)


def eviction_groups(
    items: Sequence[PassItem], verdicts: Mapping[str, Verdict], order: str
) -> list[list[TorrentFacts]]:
    """What the pass deletes, in groups of torrents that share data (each group goes whole), best
    group first; a group ranks by its best member, its members in order."""
    deletable = [i for i in items if verdicts[i.facts.hash].delete]
    groups: list[list[PassItem]] = []
    for item in deletable:
        joined = [g for g in groups if any(item.shares_with(other) for other in g)]
        merged = [item, *(other for g in joined for other in g)]
        groups = [g for g in groups if g not in joined] + [merged]
    ranked = [sorted((i.facts for i in g), key=lambda f: eviction_key(f, order)) for g in groups]
    return sorted(ranked, key=lambda g: eviction_key(g[0], order))


def plan_eviction(
    items: Sequence[PassItem], verdicts: Mapping[str, Verdict], *, order: str, need: int
) -> tuple[str, ...]:
    """The hashes to evict to free ``need`` bytes, in order: whole groups of
    :func:`eviction_groups`, the best first, until they free ``need`` (all of them when they cannot).
    A group frees the size of its largest member (shared data is counted once)."""
    chosen: list[str] = []
    freed = 0
    for group in eviction_groups(items, verdicts, order):
        if freed >= need:
            break
        chosen += [f.hash for f in group]
        freed += max(max(f.size, 0) for f in group)
    return tuple(chosen)
