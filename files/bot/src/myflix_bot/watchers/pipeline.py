"""What the pipeline watchers (stalled, malware) share: the facts they gather and how they carry out a
:class:`~.pipeline_policy.RunPlan`. The decisions are in ``pipeline_policy`` only.

- :class:`NetworkProbe`: the VPN state and forwarded port (the bot's one Gluetun poll), qBittorrent's
  listen port and the leak guard's hold, for the own-fault rule. Any failure is "unknown" (a fault).
- :class:`ArrQueues`: each *arr's queue, asked at most once per run; a failing *arr is "not ok" for
  the whole run, so nothing of its categories is removed.
- :func:`privacy`: the collection's ``torrent_is_private`` on what qBittorrent says.
- :class:`Executor`: removal through the *arr queue (blocklist, then a new search), tags, notices;
  in dry-run only the notices. A failing *arr call stops that removal and is reported.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import torrent_is_private

from myflix_bot.callbacks import encode
from myflix_bot.models import VpnData
from myflix_bot.watchers import pipeline_texts as _texts
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.metrics import PipelineCounters
from myflix_bot.watchers.pipeline_policy import Candidate, Fault, NetworkFacts, RunPlan

log = logging.getLogger(__name__)
assert _texts.__name__

VpnPoll = Callable[[], Awaitable[VpnData]]
ArrRunner = Callable[[Callable[[Any], Any]], Awaitable[Any]]  # ``await run(lambda client: ...)``


class NetworkProbe:
    """The network facts of one run. ``vpn`` is None when no Gluetun is configured."""

    def __init__(
        self, qbittorrent: Any, vpn: VpnPoll | None, holding: Callable[[], bool] = lambda: False
    ) -> None:
        self.qbt = qbittorrent
        self.vpn = vpn
        self.holding = holding
        self.blocking = Blocking()

    async def facts(self) -> NetworkFacts:
        vpn_up: bool | None = None
        forwarded: int | None = None
        if self.vpn is not None:
            try:
                data = await self.vpn()
                vpn_up = data.status == "running"
                forwarded = data.forwarded_port
            except Exception as exc:
                log.info("pipeline: Gluetun poll failed: %s", type(exc).__name__)
        listen: int | None = None
        try:
            port = (await self.blocking(self.qbt.preferences)).get("listen_port")
            listen = port if isinstance(port, int) and not isinstance(port, bool) else None
        except HttpError:
            listen = None
        return NetworkFacts(vpn_up, forwarded, listen, bool(self.holding()))


@dataclass
class ArrQueues:
    """The *arr queues of one run, by download id (the torrent's hash, upper case)."""

    runners: Mapping[str, ArrRunner]  # radarr|sonarr -> the bot's ArrClient.run
    include_items: bool = False  # embed each record's movie/episode (their runtime)
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)

    async def record(self, arr: str, torrent_hash: str) -> dict[str, Any] | None:
        """The queue record of this download, None when the *arr does not know it or failed (then
        ``arr`` is in :attr:`failing`)."""
        if arr in self.failing:
            return None
        if arr not in self.records:
            runner = self.runners.get(arr)
            if runner is None:
                self.failing.add(arr)
                return None
            try:
                queue = await runner(lambda client: client.queue(include_items=self.include_items))
            except Exception as exc:
                log.info("pipeline: %s queue failed: %s", arr, exc)
                self.failing.add(arr)
                return None
            self.records[arr] = {
                str(r.get("downloadId") or "").upper(): r
                for r in queue
                if isinstance(r, dict) and r.get("downloadId")
            }
        return self.records[arr].get(torrent_hash.upper())


async def privacy(blocking: Blocking, qbt: Any, torrent: dict[str, Any]) -> bool | None:
    """Whether the torrent is private; None when qBittorrent does not say or does not answer."""
    h = str(torrent.get("hash", ""))
    try:
        has_field = any(k in torrent for k in ("isPrivate", "is_private", "private"))
        props = None if has_field else await blocking(qbt.properties, h)
        trackers = await blocking(qbt.trackers, h)
    except HttpError:
        return None
    return torrent_is_private(torrent, props, trackers)


async def candidate_of(
    torrent: dict[str, Any], arr: str | None, queues: ArrQueues, blocking: Blocking, qbt: Any
) -> tuple[Candidate, dict[str, Any] | None]:
    h = str(torrent.get("hash", ""))
    record = await queues.record(arr, h) if arr is not None else None
    qid = record.get("id") if record is not None else None
    candidate = Candidate(
        hash=h,
        name=str(torrent.get("name", "?")),
        arr=arr,
        private=await privacy(blocking, qbt, torrent),
        queue_id=qid if isinstance(qid, int) and not isinstance(qid, bool) else None,
        arr_ok=arr is not None and arr not in queues.failing,
    )
    return candidate, record


@dataclass
class Outcome:
    removed: list[str] = field(default_factory=list)
    tagged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, error)


class Executor:
    """Carries out a plan for one watcher (``kind``: the notice family, ``stalled`` or ``malware``)."""

    def __init__(
        self,
        watcher: Watcher,
        qbt: Any,
        runners: Mapping[str, ArrRunner],
        *,
        kind: str,
        tag: str | None,
        counters: PipelineCounters | None = None,
    ) -> None:
        self.watcher = watcher
        self.qbt = qbt
        self.runners = runners
        self.kind = kind
        self.tag = tag
        self.counters = counters
        self.blocking = Blocking()
        self.announced: set[tuple[str, str]] = set()  # (bucket, hash) already told to the admins
        self.done: set[str] = set()  # removed through the *arr: not judged again while qBittorrent lists it
        # removals above the guard's limit, waiting for an admin's Confirm (token -> what and why)
        self.pending: dict[
            str, tuple[tuple[Candidate, ...], dict[str, Mapping[str, Any]], dict[str, str]]
        ] = {}
        self.tokens = itertools.count(1)

    async def once(self, bucket: str, candidate: Candidate, message: str, **values: object) -> None:
        """Tell the admins about a torrent once per kind of verdict (not at every run)."""
        if (bucket, candidate.hash) in self.announced:
            return
        self.announced.add((bucket, candidate.hash))
        text = self.watcher.say(message, name=candidate.name[:60], **values)
        await self.watcher.notify_text(f"{bucket}:{candidate.hash}", text)

    async def remove(
        self, candidate: Candidate, record: Mapping[str, Any], *, from_client: bool = True
    ) -> None:
        """``DELETE queue/{id}`` with blocklisting, then a search for the same item."""
        run = self.runners[str(candidate.arr)]
        qid = int(candidate.queue_id or 0)
        await run(lambda c: c.remove_queue_item(qid, remove_from_client=from_client, blocklist=True))
        await run(lambda c: c.search_for(record))

    async def removal(
        self,
        c: Candidate,
        records: Mapping[str, Mapping[str, Any]],
        why: Mapping[str, str],
        *,
        from_client: bool,
        out: Outcome,
    ) -> None:
        """One removal through the *arr (or, in dry-run, its notice); a refusal is recorded in ``out``."""
        dry = self.watcher.dry_run
        if not dry:
            try:
                await self.remove(c, records[c.hash], from_client=from_client)
            except Exception as exc:  # the *arr failed: nothing more for this one, reported
                out.failed.append((c.name, str(exc)[:160]))
                return
            self.done.add(c.hash)
            if self.counters is not None:
                self.counters.removed.inc()
        out.removed.append(c.hash)
        verb = (
            ("would_remove" if dry else "removed")
            if from_client
            else ("would_forget" if dry else "forgotten")
        )
        await self.watcher.notify(
            f"remove:{c.hash}",
            f"watchers.notice.{self.kind}.{verb}",
            name=c.name[:60],
            why=why[c.hash],
            arr=c.arr,
        )

    async def answer(self, token: str, confirm: bool) -> str:
        """An admin's Confirm (each listed removal, the guard's limit lifted for them alone) or Cancel."""
        pending = self.pending.pop(token, None)
        if pending is None:
            return self.watcher.say("watchers.notice.pipeline.stale")
        if not confirm:
            return self.watcher.say("watchers.notice.pipeline.cancelled")
        candidates, records, why = pending
        out = Outcome()
        for c in candidates:
            await self.removal(c, records, why, from_client=c.private is False, out=out)
        return self.watcher.say(
            "watchers.notice.pipeline.confirmed", count=len(out.removed), failed=len(out.failed)
        )

    async def carry_out(
        self,
        plan: RunPlan,
        records: Mapping[str, Mapping[str, Any]],
        why: Mapping[str, str],
        fault: Fault | None,
    ) -> Outcome:
        out = Outcome()
        w = self.watcher
        dry = w.dry_run
        for c, from_client in [*((c, True) for c in plan.remove), *((c, False) for c in plan.forget)]:
            await self.removal(c, records, why, from_client=from_client, out=out)
        if plan.tag and self.tag:
            hashes = [c.hash for c in plan.tag]
            if not dry:
                await self.blocking(self.qbt.add_tags, hashes, [self.tag])
            out.tagged.extend(hashes)
            for c in plan.tag:
                await self.once(
                    "tag", c, f"watchers.notice.{self.kind}.tagged", why=why[c.hash], tag=self.tag
                )
        for c in plan.report:
            await self.once("report", c, f"watchers.notice.{self.kind}.report", why=why[c.hash])
        for c in plan.ask:
            await self.once("ask", c, f"watchers.notice.{self.kind}.ask", why=why[c.hash])
        if plan.hold:
            reason = fault.text(w.notifier.lang) if fault is not None else "?"
            await w.notify("hold", "watchers.notice.pipeline.hold", count=len(plan.hold), fault=reason)
        if plan.confirm:
            token = format(next(self.tokens), "x")
            self.pending = {token: (plan.confirm, dict(records), dict(why))}  # the latest list only
            names = "\n".join(f"• {c.name[:60]}" for c in plan.confirm[:15])
            await w.notify(
                "confirm",
                "watchers.notice.pipeline.confirm",
                count=len(plan.confirm),
                names=names,
                buttons=confirm_buttons(w, token),
            )
        for name, error in out.failed:
            await w.notify(f"failed:{name}", "watchers.notice.pipeline.failed", name=name, error=error)
        return out


def confirm_buttons(watcher: Watcher, token: str) -> tuple[tuple[str, str], ...]:
    """Confirm / Cancel of a removal list above the guard's limit (``pc:<watcher>:c|x:<token>``)."""
    return (
        (watcher.say("watchers.button.confirm"), encode("pc", watcher.name, "c", token)),
        (watcher.say("watchers.button.cancel"), encode("pc", watcher.name, "x", token)),
    )
