"""Failed and blocked imports (every 10 min): the *arr queues' tracked download state and status
messages. An item blocked or failed for longer than ``after`` (1 h) is reported to the admins once,
with the *arr's reason in its own words; an item whose messages match one of ``auto_reasons`` (for
example "No files found are eligible", "sample") is removed through the queue with blocklisting and
searched again. A private (or unknown) torrent stays in qBittorrent: the *arr only forgets and
blocklists it. Dry-run by default. Decisions: :func:`.pipeline_policy.decide_import` and
:func:`.pipeline_policy.plan_run`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.watchers.pipeline import Outcome, privacy
from myflix_bot.watchers.pipeline_policy import (
    Action,
    Candidate,
    Finding,
    ImportFacts,
    decide_import,
    import_stuck,
)
from myflix_bot.watchers.pipeline_settings import ImportsSettings, PipelineSettings
from myflix_bot.watchers.pipeline_watcher import PipelineWatcher


def import_facts(record: Mapping[str, Any]) -> ImportFacts | None:
    qid = record.get("id")
    if not isinstance(qid, int) or isinstance(qid, bool):
        return None
    lines: list[str] = []
    for message in record.get("statusMessages") or []:
        if isinstance(message, dict):
            lines += [str(m) for m in message.get("messages") or [] if isinstance(m, str)]
    if isinstance(record.get("errorMessage"), str):
        lines.append(record["errorMessage"])
    return ImportFacts(
        qid,
        str(record.get("trackedDownloadState") or ""),
        str(record.get("trackedDownloadStatus") or ""),
        tuple(lines),
    )


class ArrNotAnswering(RuntimeError):
    """A pass during which an *arr's queue could not be read (the admins were told already)."""


class ImportsWatcher(PipelineWatcher):
    name = "imports"

    def __init__(
        self, settings: ImportsSettings, pipeline: PipelineSettings, qbittorrent: Any, **kwargs: Any
    ) -> None:
        super().__init__(settings, pipeline, qbittorrent, **kwargs)
        self.settings = settings
        self.first_seen: dict[tuple[str, int], float] = {}  # stuck since (this process's view)
        self.stuck = 0
        self.failing: list[str] = []
        self.reported: set[tuple[str, str]] = set()  # (arr, download id) already reported: once each
        self.current: set[tuple[str, str]] = set()
        self.ignored: set[tuple[str, str]] = set()  # an admin pressed Ignore
        # reported items an admin may still act on: token -> (arr, download id, queue record, reason)
        self.pending: dict[str, tuple[str, str, dict[str, Any], str]] = {}
        self.tokens = itertools.count(1)

    async def run(self) -> None:
        await super().run()
        if self.failing:  # the others were handled, but the pass is no success (exporter, backoff)
            raise ArrNotAnswering(f"no queue from {', '.join(self.failing)}")

    async def step(self) -> None:
        now = self.clock()
        seen: dict[tuple[str, int], float] = {}
        found: list[tuple[Candidate, Finding]] = []
        records: dict[str, dict[str, Any]] = {}
        why: dict[str, str] = {}
        self.failing = []
        self.current = set()
        for arr, run in sorted(self.arrs.items()):
            try:
                queue = await run(lambda client: client.queue())
            except Exception:  # the bot's SourceError or a bad answer: nothing for this *arr
                self.failing.append(arr)
                # what it knew stays known: its clocks and reports go on once it answers again
                seen.update({k: v for k, v in self.first_seen.items() if k[0] == arr})
                self.current |= {r for r in self.reported if r[0] == arr}
                await self.notify(f"arr:{arr}", "watchers.notice.imports.arr_failing", arr=arr)
                continue
            for record in queue:
                facts = import_facts(record) if isinstance(record, dict) else None
                if facts is None or not import_stuck(facts):
                    continue
                key = (arr, facts.queue_id)
                seen[key] = self.first_seen.get(key, now)
                action = decide_import(
                    facts, seen[key], now, after=self.settings.after, auto_reasons=self.settings.auto_reasons
                )
                download = str(record.get("downloadId") or f"{arr}-{facts.queue_id}").lower()
                self.current.add((arr, download))
                title = str(record.get("title") or "?")
                reason = "; ".join(facts.messages) or facts.state
                if action is Action.REPORT and (arr, download) not in self.reported | self.ignored:
                    self.reported.add((arr, download))
                    token = format(next(self.tokens), "x")
                    self.pending[token] = (arr, download, record, reason[:300])
                    await self.notify(
                        f"report:{download}",
                        "watchers.notice.imports.report",
                        name=title[:60],
                        arr=arr,
                        why=reason[:300],
                        buttons=(
                            (self.say("watchers.button.blocklist"), encode("pi", "b", token)),
                            (self.say("watchers.button.ignore"), encode("pi", "i", token)),
                        ),
                    )
                elif action is Action.REMOVE and download not in self.executor.done:
                    torrents = await self.blocking(self.qbt.torrents, hashes=[download])
                    private = await privacy(self.blocking, self.qbt, torrents[0]) if torrents else None
                    candidate = Candidate(download, title, arr, private, facts.queue_id, arr_ok=True)
                    found.append((candidate, Finding.IMPORT))
                    records[download] = record
                    why[download] = reason[:300]
        self.first_seen = seen  # items no longer stuck are forgotten (and may be reported again)
        self.reported &= self.current
        self.stuck = len(seen)
        if not found:
            self.fault, self.lines = None, []
            return
        await self.network_fault()
        total = len(await self.blocking(self.qbt.torrents))
        await self.judge(found, records, why, total=max(total, len(found)))

    def flagged(self) -> int:
        return self.stuck

    async def answer(self, token: str, blocklist: bool) -> str:
        """An admin's button under a report: Blocklist and search again (through the queue; a private
        torrent stays in qBittorrent), or Ignore (never reported again)."""
        pending = self.pending.pop(token, None)
        if pending is None:
            return self.say("watchers.notice.pipeline.stale")
        arr, download, record, reason = pending
        if not blocklist:
            self.ignored.add((arr, download))
            return self.say("watchers.notice.imports.ignored", name=str(record.get("title", "?"))[:60])
        torrents = await self.blocking(self.qbt.torrents, hashes=[download])
        private = await privacy(self.blocking, self.qbt, torrents[0]) if torrents else None
        qid = record.get("id")
        candidate = Candidate(
            download, str(record.get("title", "?")), arr, private, qid if isinstance(qid, int) else None, True
        )
        out = Outcome()
        await self.executor.removal(
            candidate, {download: record}, {download: reason}, from_client=private is False, out=out
        )
        if out.failed:
            return self.say("watchers.notice.pipeline.failed", name=out.failed[0][0], error=out.failed[0][1])
        return self.say("watchers.notice.pipeline.confirmed", count=len(out.removed), failed=0)

    def summary(self, lang: str) -> str:
        dry = i18n.t(lang, "watchers.dry_run") if self.dry_run else ""
        return i18n.t(lang, "watchers.imports", stuck=self.stuck, dry=dry)
