"""Fixtures of the monitoring tests: the role's templates rendered with its defaults, and the live stack
(real Prometheus, node-exporter and Myflix bot exporter; see mon_live)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mon_live import LiveStack, role_node_exporter_flags, start_live_stack
from mon_render import render_role_templates
from myflix_testkit.services.qbittorrent import QBittorrentService

# What the tests override: loopback-only Telegram and a rules directory the test owns.
TEST_OVERRIDES = {
    "myflix_monitoring_telegram_bot_token": "123456:test-token-not-real",
    "myflix_monitoring_telegram_chat_id": 42,
    "myflix_monitoring_telegram_api_url": "http://127.0.0.1:9",
    "myflix_monitoring_alert_webhook_secret": "test-alerts-secret-not-real",
}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every role template rendered with the defaults; rule_files point at a copy of the rules."""
    out = tmp_path_factory.mktemp("monitoring-rendered")
    rules_dir = out / "rules"
    rendered = render_role_templates(
        out,
        {
            **TEST_OVERRIDES,
            "myflix_monitoring_prometheus_rules_dir": str(rules_dir),
            "myflix_monitoring_alertmanager_templates_path": str(out / "alertmanager_myflix.tmpl"),
        },
    )
    rules_dir.mkdir()
    shutil.copy(rendered["myflix_alerts.yml"], rules_dir / "myflix_alerts.yml")
    return rendered


@pytest.fixture(scope="session")
def live_stack(
    rendered: dict[str, Path],
    qbittorrent_session: QBittorrentService,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveStack]:
    """The real bot exporter fed by the fakes and qbittorrent-nox, node-exporter, Prometheus scraping both."""
    flags = role_node_exporter_flags(rendered["node_exporter.default"])
    with start_live_stack(tmp_path_factory.mktemp("live"), qbittorrent_session, flags) as stack:
        yield stack
