"""Fixtures of the monitoring tests: the role's templates rendered with its defaults."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mon_render import render_role_templates

# What the tests override: loopback-only Telegram and a rules directory the test owns.
TEST_OVERRIDES = {
    "myflix_monitoring_telegram_bot_token": "123456:test-token-not-real",
    "myflix_monitoring_telegram_chat_id": 42,
    "myflix_monitoring_telegram_api_url": "http://127.0.0.1:9",
}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every role template rendered with the defaults; rule_files point at a copy of the rules."""
    out = tmp_path_factory.mktemp("monitoring-rendered")
    rules_dir = out / "rules"
    rendered = render_role_templates(
        out, {**TEST_OVERRIDES, "myflix_monitoring_prometheus_rules_dir": str(rules_dir)}
    )
    rules_dir.mkdir()
    shutil.copy(rendered["myflix_alerts.yml"], rules_dir / "myflix_alerts.yml")
    return rendered
