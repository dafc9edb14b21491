"""Stalled-download doctor (every 10 min): a download that makes no progress for ``download_timeout``
(6 h) or finds no metadata for ``metadata_timeout`` (30 min), seen on ``strikes`` checks in a row, is
replaced: removed through its *arr's queue with blocklisting and searched again. Private torrents are
tagged ``myflix:stalled`` and reported; unmanaged ones reported. Dry-run by default.

Never the torrent's fault when it is ours: while the VPN is down, the forwarded port and the listen
port differ or the leak guard holds, the stall clocks restart and nothing is done but an alert. The
rules are :mod:`.pipeline_policy`'s; the strike records are kept in ``state_dir`` across restarts.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from myflix_bot import i18n
from myflix_bot.watchers.pipeline import ArrQueues, candidate_of
from myflix_bot.watchers.pipeline_policy import (
    DOWNLOADING_STATES,
    METADATA_STATES,
    Finding,
    StallRecord,
    is_stalled,
    observe,
)
from myflix_bot.watchers.pipeline_settings import PipelineSettings, StalledSettings
from myflix_bot.watchers.pipeline_watcher import PipelineWatcher


def load_records(path: Path) -> dict[str, StallRecord]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    out = {}
    for h, rec in data.items() if isinstance(data, dict) else []:
        try:
            out[str(h)] = StallRecord(
                int(rec["downloaded"]), float(rec["since"]), int(rec["strikes"]), bool(rec["metadata"])
            )
        except (KeyError, TypeError, ValueError):
            continue  # a broken record starts over: the clock restarts, which never blames early
    return out


class StalledWatcher(PipelineWatcher):
    name = "stalled"

    def __init__(
        self,
        settings: StalledSettings,
        pipeline: PipelineSettings,
        qbittorrent: Any,
        *,
        state_path: Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.tag = settings.tag
        super().__init__(settings, pipeline, qbittorrent, **kwargs)
        self.settings = settings
        self.state_path = state_path
        self.records: dict[str, StallRecord] = load_records(state_path) if state_path else {}
        self.stalled: list[str] = []
        self.removed_total = 0

    def _save(self) -> None:
        if self.state_path is None:
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({h: asdict(r) for h, r in self.records.items()}))
        os.replace(tmp, self.state_path)

    async def step(self) -> None:
        torrents = [t for t in await self.blocking(self.qbt.torrents) if isinstance(t, dict)]
        fault = await self.network_fault()
        self.lines = []
        now = self.clock()
        watched: dict[str, StallRecord] = {}
        for t in torrents:
            state = str(t.get("state", ""))
            progress = t.get("progress")
            if (
                state not in DOWNLOADING_STATES | METADATA_STATES
                or not isinstance(progress, int | float)
                or progress >= 1
            ):
                continue
            downloaded = t.get("downloaded")
            watched[str(t["hash"])] = observe(
                self.records.get(str(t["hash"])),
                downloaded=int(downloaded) if isinstance(downloaded, int | float) else 0,
                metadata=state in METADATA_STATES,
                now=now,
                fault=fault is not None,
            )
        self.records = watched  # torrents that finished, left or were paused are forgotten
        self._save()
        s = self.settings
        stalled = [
            t
            for t in torrents
            if str(t.get("hash")) in watched
            and is_stalled(
                watched[str(t["hash"])],
                now,
                download_after=s.download_timeout,
                metadata_after=s.metadata_timeout,
                strikes=s.strikes,
            )
        ]
        self.stalled = [str(t["hash"]) for t in stalled]
        if fault is not None:
            if watched:
                await self.notify(
                    "fault", "watchers.notice.pipeline.fault", fault=fault.text(self.notifier.lang)
                )
            return
        queues = ArrQueues(self.arrs)
        found, records, why = [], {}, {}
        for t in stalled:
            candidate, record = await candidate_of(
                t, self.categories.get(str(t.get("category") or "")), queues, self.blocking, self.qbt
            )
            rec = watched[candidate.hash]
            key = "watchers.stalled.why.metadata" if rec.metadata else "watchers.stalled.why.download"
            why[candidate.hash] = self.say(key, duration=i18n.duration(now - rec.since, self.notifier.lang))
            found.append((candidate, Finding.STALLED))
            if record is not None:
                records[candidate.hash] = record
        _plan, outcome = await self.judge(found, records, why, total=len(torrents))
        if not self.dry_run:
            self.removed_total += len(outcome.removed)

    def flagged(self) -> int:
        return len(self.stalled)

    def summary(self, lang: str) -> str:
        dry = i18n.t(lang, "watchers.dry_run") if self.dry_run else ""
        return i18n.t(
            lang,
            "watchers.stalled",
            watched=len(self.records),
            stalled=len(self.stalled),
            removed=self.removed_total,
            dry=dry,
        )
