"""The Myflix exporter's metric contract (issue 8, plus what the dashboards and alerts need).

The real exporter (``myflix_bot.exporter`` and the watchers' metrics) serves it: test_real_exporter
checks that against a running bot, and the bot's own tests load this list too.

The contract is also written down, metric by metric, in roles/myflix_monitoring/README.md; a test
checks that the two lists agree and that every ``myflix_*`` name in the rules and dashboards is in it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContractMetric:
    name: str  # as exposed (counters with their _total suffix)
    kind: str  # gauge | counter
    labels: tuple[str, ...] = ()


CONTRACT: tuple[ContractMetric, ...] = (
    ContractMetric("myflix_cpu_temperature_celsius", "gauge"),
    ContractMetric("myflix_throttled", "gauge"),
    ContractMetric("myflix_vpn_up", "gauge"),
    ContractMetric("myflix_vpn_leak", "gauge"),
    ContractMetric("myflix_forwarded_port", "gauge"),
    ContractMetric("myflix_qbittorrent_listen_port", "gauge"),
    ContractMetric("myflix_port_in_sync", "gauge"),
    ContractMetric("myflix_storage_used_bytes", "gauge", ("tier",)),
    ContractMetric("myflix_storage_size_bytes", "gauge", ("tier",)),
    ContractMetric("myflix_qbittorrent_download_bytes_per_second", "gauge"),
    ContractMetric("myflix_qbittorrent_upload_bytes_per_second", "gauge"),
    ContractMetric("myflix_torrents", "gauge", ("state",)),
    ContractMetric("myflix_container_restarts_total", "counter", ("container",)),
    ContractMetric("myflix_gc_removed_total", "counter"),
    ContractMetric("myflix_watcher_last_success_timestamp_seconds", "gauge", ("watcher",)),
    ContractMetric("myflix_watcher_errors_total", "counter", ("watcher",)),
    # Additions requested by the monitoring role (see the role README):
    ContractMetric("myflix_watcher_interval_seconds", "gauge", ("watcher",)),
    ContractMetric("myflix_vpn_receive_bytes_total", "counter"),
    ContractMetric("myflix_vpn_transmit_bytes_total", "counter"),
    # Issue 23: one up/down series per source the bot polls, present from the bot's start.
    ContractMetric("myflix_source_up", "gauge", ("source",)),
    # The compose services' memory budget (myflix_media_stack): use against the limit, per container.
    ContractMetric("myflix_container_memory_bytes", "gauge", ("container",)),
    ContractMetric("myflix_container_memory_limit_bytes", "gauge", ("container",)),
    # Issue 19: the never-stuck pipeline (stalled downloads, fake releases, stuck imports, disk admission).
    ContractMetric("myflix_pipeline_removed_total", "counter", ("watcher",)),
    ContractMetric("myflix_pipeline_flagged", "gauge", ("watcher",)),
    ContractMetric("myflix_disk_held_downloads", "gauge"),
)

CONTRACT_NAMES = frozenset(m.name for m in CONTRACT)
