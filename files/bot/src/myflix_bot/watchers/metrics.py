"""The watchers' own counters and gauges, in the bot's registry (served by the exporter)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge


class WatcherMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.last_success = Gauge(
            "myflix_watcher_last_success_timestamp_seconds",
            "Unix time of the watcher's last successful run (0 before the first).",
            ["watcher"],
            registry=registry,
        )
        self.errors = Counter(
            "myflix_watcher_errors",
            "Failed runs of the watcher (steps that raised, tasks restarted).",
            ["watcher"],
            registry=registry,
        )
        self.interval = Gauge(
            "myflix_watcher_interval_seconds",
            "The watcher's configured interval, so the stall alert fits each watcher.",
            ["watcher"],
            registry=registry,
        )
        self.container_restarts = Counter(
            "myflix_container_restarts",
            "Container restarts done by auto-heal.",
            ["container"],
            registry=registry,
        )
        self.gc_removed = Counter(
            "myflix_gc_removed",
            "Torrents removed by the garbage collector (moved to the recycle bin).",
            registry=registry,
        )
        self.pipeline_removed = Counter(
            "myflix_pipeline_removed",
            "Downloads removed through the *arr queue (blocklisted, searched again) by a pipeline watcher.",
            ["watcher"],
            registry=registry,
        )
        self.pipeline_flagged = Gauge(
            "myflix_pipeline_flagged",
            "Torrents a pipeline watcher found at its last run: stalled, suspicious files, stuck imports.",
            ["watcher"],
            registry=registry,
        )
        self.disk_held = Gauge(
            "myflix_disk_held_downloads",
            "Downloads the disk admission holds paused until their tier has room.",
            registry=registry,
        )

    def pipeline(self, watcher: str) -> PipelineCounters:
        """The series of one pipeline watcher, present at 0 from its start."""
        return PipelineCounters(
            self.pipeline_removed.labels(watcher=watcher), self.pipeline_flagged.labels(watcher=watcher)
        )


class PipelineCounters:
    def __init__(self, removed: Any, flagged: Any) -> None:
        self.removed = removed
        self.flagged = flagged
