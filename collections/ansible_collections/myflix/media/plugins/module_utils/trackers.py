"""The tracker-selection rule: which extra public trackers go to which torrent.

This is the one implementation of the rule, used by the ``myflix.media.qbittorrent_trackers`` module and
by the bot's tracker-injection watcher (canonical import name
``ansible_collections.myflix.media.plugins.module_utils.trackers``). Standard library only.

The rule:

1. Trackers come in the ngosang/trackerslist format: one announce URL per line, lists separated by
   blank lines; ``#`` comments are ignored; duplicates are dropped, the first occurrence wins.
2. Only torrents in scope are considered: every given filter must match (category in ``categories``,
   at least one tag in ``tags``, hash in ``hashes``); no filter means every torrent.
3. Only **public** torrents get trackers. A private torrent, or one whose privacy qBittorrent does not
   reveal, is skipped: adding a public tracker to a private torrent leaks it (fail closed).
4. Trackers the torrent already has are not added again (compared case-insensitively on scheme and host).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from .qbittorrent import QBittorrentClient, torrent_is_private

SCHEMES = ("udp", "http", "https", "ws", "wss")
SKIP_PRIVATE = "private"
SKIP_UNKNOWN = "privacy unknown"
SKIP_NOTHING_NEW = "already has every tracker"


class TrackerListError(ValueError):
    """A tracker list line is not an announce URL."""


class TrackerScope(NamedTuple):
    """Which torrents are in scope; empty tuples mean "any"."""

    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    hashes: tuple[str, ...] = ()


class TrackerDecision(NamedTuple):
    """The decision for one torrent: trackers to add, or why it is skipped."""

    hash: str
    name: str
    add: tuple[str, ...]
    skipped: str | None


def normalize_tracker(url: str) -> str:
    """A comparison key for an announce URL: trimmed, scheme and host lower-cased."""
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment)
    )


def parse_tracker_list(text: str, *, strict: bool = True) -> list[str]:
    """The announce URLs in a ngosang/trackerslist-style text (blank-line or newline separated)."""
    found: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = urllib.parse.urlsplit(line)
        if parts.scheme.lower() not in SCHEMES or not parts.hostname or any(c.isspace() for c in line):
            if strict:
                raise TrackerListError(f"line {number} is not a tracker announce URL: {line[:80]!r}")
            continue
        key = normalize_tracker(line)
        if key not in seen:
            seen.add(key)
            found.append(line)
    return found


def merge_tracker_lists(*lists: Iterable[str]) -> list[str]:
    """Concatenate tracker lists, dropping duplicates (first occurrence wins)."""
    merged: list[str] = []
    seen: set[str] = set()
    for urls in lists:
        for url in urls:
            key = normalize_tracker(url)
            if key not in seen:
                seen.add(key)
                merged.append(url.strip())
    return merged


def in_scope(torrent: Mapping[str, Any], scope: TrackerScope) -> bool:
    """True when the torrent matches every filter of ``scope``."""
    if scope.categories and torrent.get("category", "") not in scope.categories:
        return False
    if scope.tags:
        tags = {t.strip() for t in str(torrent.get("tags", "")).split(",") if t.strip()}
        if not tags.intersection(scope.tags):
            return False
    return not (
        scope.hashes and str(torrent.get("hash", "")).lower() not in {h.lower() for h in scope.hashes}
    )


def decide(
    torrent: Mapping[str, Any],
    is_private: bool | None,
    existing: Iterable[str],
    wanted: Sequence[str],
) -> TrackerDecision:
    """The rule for one torrent: skip unless public, then add the wanted trackers it lacks."""
    torrent_hash = str(torrent.get("hash", ""))
    name = str(torrent.get("name", ""))
    if is_private is None:
        return TrackerDecision(torrent_hash, name, (), SKIP_UNKNOWN)
    if is_private:
        return TrackerDecision(torrent_hash, name, (), SKIP_PRIVATE)
    present = {normalize_tracker(url) for url in existing}
    add = tuple(url for url in wanted if normalize_tracker(url) not in present)
    return TrackerDecision(torrent_hash, name, add, None if add else SKIP_NOTHING_NEW)


def plan_trackers(
    client: QBittorrentClient, wanted: Sequence[str], scope: TrackerScope | None = None
) -> list[TrackerDecision]:
    """Fetch the torrents in scope with their privacy and trackers, and decide for each one."""
    scope = scope or TrackerScope()
    hashes = scope.hashes or None
    category = scope.categories[0] if len(scope.categories) == 1 else None
    decisions: list[TrackerDecision] = []
    for torrent in client.torrents(category=category, hashes=hashes):
        if not in_scope(torrent, scope):
            continue
        trackers = client.trackers(str(torrent.get("hash", "")))
        has_field = any(key in torrent for key in ("isPrivate", "is_private", "private"))
        properties = None if has_field else client.properties(str(torrent.get("hash", "")))
        private = torrent_is_private(torrent, properties, trackers)
        existing = [str(t.get("url", "")) for t in trackers if not str(t.get("url", "")).startswith("** [")]
        decisions.append(decide(torrent, private, existing, wanted))
    return decisions


def apply_trackers(client: QBittorrentClient, decisions: Iterable[TrackerDecision]) -> None:
    """Add the decided trackers (``torrents/addTrackers``, one call per torrent)."""
    for decision in decisions:
        if decision.add:
            client.add_trackers(decision.hash, decision.add)
