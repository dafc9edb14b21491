"""The exporter: the monitoring role's metric contract served from the cache, with real qBittorrent and
the Gluetun/Radarr fakes behind it; a scrape calls no service."""

from __future__ import annotations

import importlib.util
import sys
import urllib.request
from pathlib import Path

import pytest
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.exporter import read_netdev
from myflix_bot.models import ContainerInfo, StorageUsage, SystemData
from myflix_testkit.waiting import async_wait_until
from prometheus_client.parser import text_string_to_metric_families

from .conftest import make_config, make_data, seed_torrent

REPO = Path(__file__).resolve().parents[4]
HOME = "203.0.113.7"


def contract():
    spec = importlib.util.spec_from_file_location("mon_contract", REPO / "tests/monitoring/mon_contract.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.CONTRACT


class FixedSystem:
    def __init__(self, temp: float = 61.5, throttled: int = 0x50005) -> None:
        self.data = SystemData(
            storage=(StorageUsage("fast", 100, 400), None),
            storage_names=("fast", "mass"),
            cpu_temp=temp,
            throttled=throttled,
            mem_used=1,
            mem_total=2,
            load=(0.1, 0.1, 0.1),
        )

    async def fetch(self) -> SystemData:
        return self.data


class FixedContainers:
    """The containers source as the coordinator caches it; counts its reads (a scrape must make none)."""

    def __init__(self) -> None:
        self.reads = 0
        self.data = (
            ContainerInfo("jellyfin", "running", "healthy", memory_bytes=900, memory_limit_bytes=1000),
            ContainerInfo("radarr", "running", "healthy", memory_bytes=100, memory_limit_bytes=1000),
            ContainerInfo("fake-telegram", "running", None),  # no limit: no memory series
        )

    async def fetch(self) -> tuple[ContainerInfo, ...]:
        self.reads += 1
        return self.data


def scrape(port: int) -> dict[str, list]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return {f.name: f.samples for f in text_string_to_metric_families(text)}


@pytest.fixture
def netdev(tmp_path: Path) -> Path:
    path = tmp_path / "net_dev"
    path.write_text(
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets\n"
        "    lo: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n"
        "  tun0: 123456 99 0 0 0 0 0 0 654321 88 0 0 0 0 0 0\n"
    )
    return path


async def test_contract_served_from_cache(qbittorrent, fake_gluetun, fake_radarr, tmp_path, netdev) -> None:
    sensor = tmp_path / "temp"
    sensor.write_text("48000\n")
    api = qbittorrent.client()
    seed_torrent(api, make_data(qbittorrent.download_dir, "Exported.Film"))
    fake_gluetun.set_ports(qbittorrent.listen_port)
    fake_gluetun.set_public_ip(HOME)  # a leak, seen by the exporter without any watcher
    config = make_config(
        {
            "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
            "gluetun": {"url": fake_gluetun.url, "home_ip": HOME},
            "radarr": {"url": fake_radarr.url},
            "watchers": {
                "state_dir": str(tmp_path / "state"),
                "thermal": {"sensor_path": str(sensor)},
                "port_sync": {"enabled": False},
                "leak_guard": {"enabled": False},
                "backup_drill": {"enabled": False},
                # the pipeline watchers poll Radarr and Gluetun on their own: off here, where scrapes
                # are counted (the live stack of tests/monitoring serves their series)
                "stalled": {"enabled": False},
                "malware": {"enabled": False},
                "imports": {"enabled": False},
            },
            "exporter": {"port": 0, "vpn_netdev_path": str(netdev)},
        },
        env={
            "MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password,
            "MYFLIX_RADARR_API_KEY": fake_radarr.api_key,
        },
    )
    containers = FixedContainers()
    rt = build_runtime(config, source_overrides={"system": FixedSystem(), "containers": containers})
    ws = install(rt)
    await rt.coordinator.refresh_all()
    await ws.start()
    try:
        assert ws.exporter is not None
        await async_wait_until(
            lambda: ws.watchers["thermal"].health.last_success is not None,
            what="the thermal watcher's first step",
        )
        radarr_calls = len(fake_radarr.state.requests) if hasattr(fake_radarr.state, "requests") else None
        gluetun_calls = len(fake_gluetun.requests)
        container_reads = containers.reads
        families = scrape(ws.exporter.port)
        families = scrape(ws.exporter.port)
        assert len(fake_gluetun.requests) == gluetun_calls, "a scrape must not call Gluetun"
        assert containers.reads == container_reads, "a scrape must not call Docker"
        if radarr_calls is not None:
            assert len(fake_radarr.state.requests) == radarr_calls
    finally:
        await ws.stop()
        for close in rt.closers:
            await close()

    def value(name: str, **labels: str) -> float:
        for sample in families[name]:
            if sample.name in (name, f"{name}_total") and all(
                sample.labels.get(k) == v for k, v in labels.items()
            ):
                return sample.value
        raise AssertionError(f"no sample {name} {labels}")

    for metric in contract():
        base = metric.name.removesuffix("_total") if metric.kind == "counter" else metric.name
        if metric.name == "myflix_container_restarts_total":
            continue  # one series per container auto-heal restarted: none yet (absent, as documented)
        if metric.name in ("myflix_pipeline_removed_total", "myflix_pipeline_flagged"):
            continue  # one series per pipeline watcher that runs: none here (see above)
        assert base in families, f"{metric.name} is missing from the exporter"
        assert families[base][0].name == metric.name or metric.kind == "gauge"
        for sample in families[base]:
            assert set(sample.labels) == set(metric.labels), (metric.name, sample.labels)
    assert value("myflix_container_memory_bytes", container="jellyfin") == 900
    assert value("myflix_container_memory_limit_bytes", container="jellyfin") == 1000
    assert value("myflix_container_memory_bytes", container="radarr") == 100
    assert all(s.labels["container"] != "fake-telegram" for s in families["myflix_container_memory_bytes"])
    assert value("myflix_cpu_temperature_celsius") == 48.0  # the thermal governor's fresh reading
    assert value("myflix_throttled") == 1.0  # 0x50005: under-voltage and throttled now
    assert value("myflix_storage_size_bytes", tier="fast") == 400
    assert value("myflix_storage_size_bytes", tier="mass") == 0  # unreadable tier: 0, documented
    assert value("myflix_vpn_up") == 1.0
    assert value("myflix_vpn_leak") == 1.0
    assert value("myflix_forwarded_port") == qbittorrent.listen_port
    assert value("myflix_qbittorrent_listen_port") == qbittorrent.listen_port
    assert value("myflix_port_in_sync") == 1.0
    assert value("myflix_torrents", state="seeding") == 1.0
    assert sum(s.value for s in families["myflix_torrents"]) == 1.0
    assert {s.labels["state"] for s in families["myflix_torrents"]} == {
        "downloading",
        "seeding",
        "paused",
        "stalled",
        "checking",
        "error",
    }
    assert value("myflix_vpn_receive_bytes") == 123456
    assert value("myflix_vpn_transmit_bytes") == 654321
    assert value("myflix_watcher_interval_seconds", watcher="thermal") == 15
    assert value("myflix_watcher_errors", watcher="thermal") == 0
    assert value("myflix_watcher_last_success_timestamp_seconds", watcher="thermal") > 1.7e9
    assert {s.labels["watcher"] for s in families["myflix_watcher_interval_seconds"]} == {"thermal"}
    # no IP and no torrent name anywhere in the labels
    for samples in families.values():
        for sample in samples:
            for label in sample.labels.values():
                assert HOME not in label
                assert "198.51.100" not in label
                assert "Exported" not in label


def test_read_netdev(netdev: Path) -> None:
    assert read_netdev(str(netdev), "tun0") == (123456, 654321)
    assert read_netdev(str(netdev), "wg0") is None
    assert read_netdev(str(netdev.parent / "missing"), "tun0") is None
