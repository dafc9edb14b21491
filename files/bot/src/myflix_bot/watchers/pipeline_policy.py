"""The download pipeline's decisions (stalled downloads, failed imports, fake releases, disk admission,
mass deletions), as pure functions of what is known; anything unknown holds, keeps or asks.

Shared rules, the same for every pipeline watcher:

1. **Our own fault first** (:func:`own_fault`): while the VPN is down or unknown, the forwarded port and
   qBittorrent's listen port differ or are unknown, or the leak guard holds torrents, nothing is
   blamed on a torrent: no removal, no tag, only an alert. Stall time does not run meanwhile
   (:func:`observe` restarts the clock), so a torrent is never judged on hours the VPN was broken.
2. **Private keeps** (:func:`removal_action`): a private torrent, or one whose privacy is unknown, is
   never removed by a watcher. Stalled: tagged and reported; a fake release: an admin decides.
3. **Removal goes through the *arr**: only a download of a Radarr/Sonarr category that its *arr
   answered for in this run and that the *arr queue knows (a queue id) is removed, by
   ``DELETE queue/{id}?removeFromClient=true&blocklist=true`` and a new search. Otherwise: report.
4. **Eviction is the GC's**: under disk pressure on a tier the disk watcher runs the GC's pass at once
   instead of at its next hour, asking for the bytes the tier is short of; only what the GC's own
   rules (:func:`.gc_policy.decide_pass`) delete goes, oldest or best ratio first and no more than
   needed (:func:`.gc_policy.plan_eviction`), never a second copy of those rules here.
5. **Mass-deletion guard** (:func:`within_limit`): one run removes at most ``max_removals`` torrents
   and at most ``max_share`` of all torrents (rounded up); above that nothing is removed and an admin
   is asked to confirm the listed removals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import PurePosixPath

from myflix_bot import i18n

DOWNLOADING_STATES = frozenset({"downloading", "forcedDL", "stalledDL"})
METADATA_STATES = frozenset({"metaDL", "forcedMetaDL"})
VIDEO_EXTENSIONS = frozenset(
    {".mkv", ".mp4", ".avi", ".m4v", ".mov", ".wmv", ".ts", ".m2ts", ".webm", ".mpg", ".mpeg", ".flv"}
)
DEFAULT_FORBIDDEN = (".exe", ".scr", ".bat", ".cmd", ".com", ".lnk", ".msi", ".vbs", ".js", ".ps1", ".jar")


class Action(StrEnum):
    NONE = "none"  # nothing to do
    HOLD = "hold"  # our own fault: alert only
    REPORT = "report"  # tell the admins, change nothing
    TAG = "tag"  # tag and report (private torrents)
    ASK = "ask"  # an admin decides (a private fake release)
    REMOVE = "remove"  # through the *arr queue: blocklist and search again


# 1. our own fault ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NetworkFacts:
    vpn_up: bool | None  # None: Gluetun did not answer
    forwarded_port: int | None  # None: unknown or none
    listen_port: int | None  # None: unknown
    leak_guard_holding: bool  # the leak guard stopped torrents


@dataclass(frozen=True, slots=True)
class Fault:
    """Why a stall may be our own fault: a catalog code (``watchers.pipeline.fault.<code>``) and the
    two ports of a mismatch."""

    code: str  # leak_guard | vpn_down | vpn_unknown | port_unknown | port_mismatch
    listen_port: int | None = None
    forwarded_port: int | None = None

    def text(self, lang: str) -> str:
        return i18n.t(
            lang,
            f"watchers.pipeline.fault.{self.code}",
            listen=self.listen_port,
            forwarded=self.forwarded_port,
        )

    @property
    def reason(self) -> str:
        """The reason in English (logs, tests)."""
        return self.text("en")


def own_fault(net: NetworkFacts, *, require_vpn: bool = True) -> Fault | None:
    """Why a stall may be our fault, or None when the network is proven fine. Without
    ``require_vpn`` (no Gluetun in front of qBittorrent) only the leak guard counts."""
    if net.leak_guard_holding:
        return Fault("leak_guard")
    if not require_vpn:
        return None
    if net.vpn_up is not True:
        return Fault("vpn_down" if net.vpn_up is False else "vpn_unknown")
    if not net.forwarded_port or not net.listen_port:
        return Fault("port_unknown")
    if net.forwarded_port != net.listen_port:
        return Fault("port_mismatch", net.listen_port, net.forwarded_port)
    return None


# stall tracking ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StallRecord:
    """What the doctor remembers of one torrent: its downloaded bytes at the last progress, since when
    it made none (wall clock), and how many checks in a row saw no progress (strikes)."""

    downloaded: int
    since: float
    strikes: int = 0
    metadata: bool = False


def observe(
    previous: StallRecord | None, *, downloaded: int, metadata: bool, now: float, fault: bool
) -> StallRecord:
    """The record after one check. Progress, a change between metadata and download, or our own
    fault (stall time must not run while the network is broken) restart the clock."""
    if previous is None or fault or downloaded > previous.downloaded or metadata != previous.metadata:
        return StallRecord(downloaded, now, 0, metadata)
    return replace(previous, strikes=previous.strikes + 1)


def is_stalled(
    record: StallRecord, now: float, *, download_after: float, metadata_after: float, strikes: int
) -> bool:
    """No progress for the configured time, seen on at least ``strikes`` checks in a row."""
    limit = metadata_after if record.metadata else download_after
    return record.strikes >= strikes and now - record.since >= limit


# 2-3. what may be done to one torrent ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    """A torrent a watcher found at fault, with what decides how it may be handled."""

    hash: str
    name: str
    arr: str | None  # the *arr of its category; None: an unmanaged category
    private: bool | None  # None: qBittorrent does not say
    queue_id: int | None  # the *arr queue record of this download; None: the *arr does not know it
    arr_ok: bool  # that *arr answered every question of this run


def removal_action(
    candidate: Candidate, fault: Fault | None, *, private_action: Action = Action.TAG
) -> Action:
    """What may be done to a torrent a watcher wants gone (rules 1-3)."""
    if fault is not None:
        return Action.HOLD
    if candidate.private is not False:
        return private_action
    if candidate.arr is None or not candidate.arr_ok or candidate.queue_id is None:
        return Action.REPORT
    return Action.REMOVE


def decide_stalled(candidate: Candidate, fault: Fault | None) -> Action:
    """A stalled torrent: removed through its *arr, private ones tagged, unmanaged ones reported."""
    return removal_action(candidate, fault, private_action=Action.TAG)


# malware and fake releases --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FileMatch:
    kind: str  # "extension" | "not_video" | "too_small"
    file: str  # the file that matched


def suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def scan_files(
    files: Sequence[tuple[str, int]],
    *,
    managed: bool,
    forbidden: Iterable[str] = DEFAULT_FORBIDDEN,
    runtime_minutes: int | None = None,
    min_bytes_per_minute: int = 0,
) -> FileMatch | None:
    """Check EVERY file of a torrent (name, size): a forbidden extension anywhere; for a Radarr/Sonarr
    download, a largest file that is not a video, or a video far too small for its runtime."""
    banned = {e.lower() if e.startswith(".") else f".{e.lower()}" for e in forbidden}
    for name, _size in files:
        if suffix(name) in banned:
            return FileMatch("extension", name)
    if not managed or not files:
        return None
    largest, size = max(files, key=lambda f: (f[1], f[0]))
    if suffix(largest) not in VIDEO_EXTENSIONS:
        return FileMatch("not_video", largest)
    if runtime_minutes and min_bytes_per_minute and size < runtime_minutes * min_bytes_per_minute:
        return FileMatch("too_small", largest)
    return None


def decide_malware(candidate: Candidate, fault: Fault | None) -> Action:
    """A fake release: removed and blocklisted through its *arr; a private one only on an admin's tap."""
    return removal_action(candidate, fault, private_action=Action.ASK)


# failed and blocked imports -------------------------------------------------------------------------
STUCK_STATES = frozenset({"importBlocked", "failedPending", "failed"})


@dataclass(frozen=True, slots=True)
class ImportFacts:
    queue_id: int
    state: str  # trackedDownloadState
    status: str  # trackedDownloadStatus
    messages: tuple[str, ...]  # every statusMessages[].messages line


def import_stuck(facts: ImportFacts) -> bool:
    """Blocked or failed: waiting for a person (importBlocked, failed) or a warning/error on an import."""
    return facts.state in STUCK_STATES or (
        facts.state in ("importPending", "importing") and facts.status in ("warning", "error")
    )


def decide_import(
    facts: ImportFacts, first_seen: float, now: float, *, after: float, auto_reasons: Iterable[str]
) -> Action:
    """REPORT (once, with buttons) when stuck for ``after`` s; REMOVE when a message matches one of
    the configured reasons (case-insensitive substring), the *arr blocklists and searches again."""
    if not import_stuck(facts) or now - first_seen < after:
        return Action.NONE
    text = " ".join(facts.messages).casefold()
    if any(reason.casefold() in text for reason in auto_reasons if reason.strip()):
        return Action.REMOVE
    return Action.REPORT


# mass-deletion guard --------------------------------------------------------------------------------
def removal_limit(total: int, *, max_removals: int, max_share: float) -> int:
    """How many torrents one run may remove without asking: ``max_removals`` and ``max_share`` of
    all ``total`` torrents (rounded up), whichever is smaller."""
    return max(0, min(max_removals, math.ceil(max_share * max(total, 0))))


def within_limit(count: int, total: int, *, max_removals: int, max_share: float) -> bool:
    return count <= removal_limit(total, max_removals=max_removals, max_share=max_share)


# disk admission per tier ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TierFacts:
    name: str
    free: int | None  # bytes; None: unavailable (not mounted, unreadable)
    total: int | None
    floor_percent: float
    floor_bytes: int
    hysteresis: int  # bytes above the floor a held download needs before it resumes

    def floor(self) -> int:
        return max(self.floor_bytes, math.ceil((self.total or 0) * self.floor_percent / 100))

    def misconfigured(self) -> bool:
        """The floor plus the hysteresis margin is not below the filesystem's size (a 50 GB floor on a
        32 GB card, a 500 MB floor with the 2 GB margin on a 1 GB stick): no deletion can ever take the
        tier back above its floor with the margin, which is what pressure asks for and what a held
        download waits for, so it drives none, and the tier admits nothing, as an unavailable one."""
        return self.total is not None and self.floor() + self.hysteresis >= self.total

    def budget(self) -> float:
        """Bytes that may still be written before the floor; -inf when unavailable or misconfigured."""
        if self.free is None or self.total is None or self.misconfigured():
            return -math.inf
        return float(self.free - self.floor())

    def shortfall(self) -> int | None:
        """Bytes to free to be back above the floor with the hysteresis margin, when below the floor;
        None when not below it, unavailable or misconfigured: only a floor that can be met drives
        deletions (the GC's early eviction and recycle-bin purge)."""
        if self.free is None or self.misconfigured() or self.budget() >= 0:
            return None
        return self.floor() + self.hysteresis - self.free


@dataclass(frozen=True, slots=True)
class Writer:
    """An incomplete download and the tiers it writes to."""

    hash: str
    tiers: tuple[str, ...]
    remaining: int  # bytes still to download
    added_on: float
    running: bool  # not paused or stopped
    held: bool  # paused by the admission (tagged), so it may be resumed by it


@dataclass(frozen=True, slots=True)
class AdmissionPlan:
    pause: tuple[str, ...]
    resume: tuple[str, ...]
    short: tuple[str, ...]  # tiers below their floor (or unavailable, or misconfigured)
    misconfigured: tuple[str, ...] = ()  # floor + margin not below their size: never pressed


def decide_admission(tiers: Sequence[TierFacts], writers: Sequence[Writer]) -> AdmissionPlan:
    """Oldest downloads first, each tier's room (free space above its floor) is promised to the
    downloads that fit in it entirely: a running one that does not fit is paused (and held); a held
    one resumes only when it fits with the hysteresis margin to spare. Downloads paused by someone
    else, or writing to no configured tier, are left alone; an unavailable or misconfigured tier admits
    nothing."""
    by_name = {t.name: t for t in tiers}
    room = {t.name: t.budget() for t in tiers}
    pause: list[str] = []
    resume: list[str] = []
    for w in sorted(writers, key=lambda w: (w.added_on, w.hash)):
        mine = [t for t in w.tiers if t in by_name]
        if not mine or not (w.running or w.held):
            continue
        margin = 0 if w.running else max(by_name[t].hysteresis for t in mine)
        need = max(w.remaining, 0)
        if all(room[t] - need - margin >= 0 for t in mine):
            for t in mine:
                room[t] -= need
            if not w.running:
                resume.append(w.hash)
        elif w.running:
            pause.append(w.hash)
    short = tuple(t.name for t in tiers if t.budget() < 0)
    wrong = tuple(t.name for t in tiers if t.misconfigured())
    return AdmissionPlan(tuple(pause), tuple(resume), short, wrong)


# one run's removals, for every pipeline watcher ----------------------------------------------------
class Finding(StrEnum):
    STALLED = "stalled"
    MALWARE = "malware"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class RunPlan:
    remove: tuple[Candidate, ...] = ()  # through the *arr: removed from qBittorrent, blocklisted, searched
    forget: tuple[Candidate, ...] = ()  # through the *arr, the torrent stays in qBittorrent (private)
    tag: tuple[Candidate, ...] = ()
    report: tuple[Candidate, ...] = ()
    ask: tuple[Candidate, ...] = ()  # an admin decides, one by one (private fake releases)
    hold: tuple[Candidate, ...] = ()  # our own fault: alert only
    confirm: tuple[Candidate, ...] = ()  # more than the guard allows: nothing removed, an admin confirms


def plan_run(
    findings: Sequence[tuple[Candidate, Finding]],
    fault: Fault | None,
    *,
    total: int,
    max_removals: int,
    max_share: float,
) -> RunPlan:
    """What one watcher run does with what it found (each found torrent once), rules 1-3 and 5.

    A stalled or fake torrent follows :func:`removal_action`. An import the *arr should drop (a
    configured reason) is removed through the queue too, but a private (or unknown) torrent stays in
    qBittorrent: the *arr forgets and blocklists it, the torrent keeps seeding. If the removals and
    forgets together pass the guard's limit, none happens and all wait for an admin's confirmation."""
    buckets: dict[str, list[Candidate]] = {k: [] for k in RunPlan.__slots__}
    for candidate, finding in findings:
        if finding is Finding.IMPORT:
            if fault is not None:
                buckets["hold"].append(candidate)
            elif not candidate.arr_ok or candidate.queue_id is None:
                buckets["report"].append(candidate)
            else:
                buckets["remove" if candidate.private is False else "forget"].append(candidate)
            continue
        action = (
            decide_stalled(candidate, fault)
            if finding is Finding.STALLED
            else decide_malware(candidate, fault)
        )
        bucket = {
            Action.REMOVE: "remove",
            Action.TAG: "tag",
            Action.REPORT: "report",
            Action.ASK: "ask",
            Action.HOLD: "hold",
        }[action]
        buckets[bucket].append(candidate)
    wanted = buckets["remove"] + buckets["forget"]
    if not within_limit(len(wanted), total, max_removals=max_removals, max_share=max_share):
        buckets["confirm"] = wanted
        buckets["remove"] = []
        buckets["forget"] = []
    return RunPlan(**{k: tuple(v) for k, v in buckets.items()})
