"""What the watchers that remove downloads (stalled, malware, imports) share: their construction (the
settings, qBittorrent, the *arr runners, the network probe, the counters, one :class:`~.pipeline.Executor`),
the own-fault check, one run's plan carried out (:meth:`PipelineWatcher.judge`), the flagged gauge
and the verdict lines of ``myflix-bot watcher run`` in the UI language. Each watcher keeps only what
it looks for (:meth:`PipelineWatcher.step`) and its /status line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.metrics import PipelineCounters
from myflix_bot.watchers.pipeline import ArrRunner, Executor, NetworkProbe, Outcome
from myflix_bot.watchers.pipeline_policy import Candidate, Fault, Finding, RunPlan, own_fault, plan_run
from myflix_bot.watchers.pipeline_settings import PipelineSettings


class StepSettings(Protocol):
    @property
    def interval(self) -> float: ...
    @property
    def dry_run(self) -> bool: ...


class PipelineWatcher(Watcher):
    """Subclasses set ``name`` (also the notice family, ``watchers.notice.<name>.*``), implement
    :meth:`step` and :meth:`flagged`; ``tag`` is what the executor tags private torrents with."""

    tag: str | None = None

    def __init__(
        self,
        settings: StepSettings,
        pipeline: PipelineSettings,
        qbittorrent: Any,
        *,
        arrs: Mapping[str, ArrRunner],
        network: NetworkProbe,
        categories: Mapping[str, str] | None = None,
        counters: PipelineCounters | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.pipeline = pipeline
        self.qbt = qbittorrent
        self.arrs = arrs
        self.network = network
        self.categories = dict(categories or {})  # qBittorrent category -> radarr|sonarr
        self.counters = counters
        self.blocking = Blocking()
        self.executor = Executor(self, qbittorrent, arrs, kind=self.name, tag=self.tag, counters=counters)
        self.fault: Fault | None = None
        self.lines: list[tuple[str, str]] = []  # the last run's verdicts: (word code, the rest)

    async def run(self) -> None:
        try:
            await self.step()
        finally:  # the flagged gauge follows the last run (removals are counted as they happen)
            if self.counters is not None:
                self.counters.flagged.set(self.flagged())

    async def step(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def flagged(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    async def network_fault(self) -> Fault | None:
        """Our own fault now (VPN, ports, leak guard), kept for the verdicts."""
        self.fault = own_fault(await self.network.facts(), require_vpn=self.pipeline.require_vpn)
        return self.fault

    async def judge(
        self,
        found: Sequence[tuple[Candidate, Finding]],
        records: Mapping[str, Mapping[str, Any]],
        why: Mapping[str, str],
        *,
        total: int,
    ) -> tuple[RunPlan, Outcome]:
        """Plan the run (what was removed already is not judged again) and carry it out."""
        plan = plan_run(
            [(c, f) for c, f in found if c.hash not in self.executor.done],
            self.fault,
            total=total,
            max_removals=self.pipeline.max_removals,
            max_share=self.pipeline.max_share,
        )
        outcome = await self.executor.carry_out(plan, records, why, self.fault)
        self.lines = verdict_lines(plan, outcome, why, dry_run=self.dry_run)
        return plan, outcome

    def verdicts(self, lang: str) -> list[str]:
        lines = [f"{word(lang, w)} {rest}" for w, rest in self.lines]
        if self.fault is not None:
            held = i18n.t(lang, "watchers.verdict.pipeline.our_fault", fault=self.fault.text(lang))
            lines.insert(0, f"{word(lang, 'hold')} {held}")
        return [*lines, *super().verdicts(lang)]


def word(lang: str, code: str) -> str:
    return f"{i18n.t(lang, f'watchers.verdict.pipeline.{code}'):<12}"


def verdict_lines(
    plan: RunPlan, outcome: Outcome, why: Mapping[str, str], *, dry_run: bool
) -> list[tuple[str, str]]:
    """One line per torrent of the plan: (the verdict's catalog code, ``hash name: why``)."""

    def rest(c: Candidate) -> str:
        return f"{c.hash[:12]} {c.name[:50]}: {why.get(c.hash, '')}"

    done = set(outcome.removed)
    removed = "would_remove" if dry_run else "removed"
    forgotten = "would_forget" if dry_run else "forgotten"
    return [
        *((removed, rest(c)) for c in plan.remove if c.hash in done),
        *((forgotten, rest(c)) for c in plan.forget if c.hash in done),
        *(("tag", rest(c)) for c in plan.tag),
        *(("report", rest(c)) for c in plan.report),
        *(("ask", rest(c)) for c in plan.ask),
        *(("hold", rest(c)) for c in plan.hold),
        *(("confirm", rest(c)) for c in plan.confirm),
        *(("failed", f"{name[:50]}: {error}") for name, error in outcome.failed),
    ]
