"""Wiring: install() builds the configured watchers into a runtime, /status gets their lines, admins get
/logs, and `myflix-bot check-config` knows the new sections."""

from __future__ import annotations

import subprocess
import sys

import yaml
from myflix_bot.access import Role
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.commands.registry import Request
from myflix_bot.commands.views import status_view

from .conftest import ADMIN, TOKEN, make_config


async def test_install_builds_only_what_is_configured(tmp_path) -> None:
    sensor = tmp_path / "temp"
    sensor.write_text("81000\n")
    config = make_config(
        {
            "qbittorrent": {"url": "http://127.0.0.1:9"},
            "gluetun": {"url": "http://127.0.0.1:9", "home_ip": "203.0.113.7"},
            "watchers": {
                "state_dir": str(tmp_path),
                "thermal": {"sensor_path": str(sensor), "dry_run": True},
                "gc": {"categories": [{"name": "radarr", "arr": "radarr"}]},
                "trackers": {"enabled": False, "list_url": "http://127.0.0.1:9/list"},
            },
            "exporter": {"enabled": False},
        }
    )
    rt = build_runtime(config)
    ws = install(rt)
    assert rt.watchers is ws
    assert sorted(ws.watchers) == [
        "backup_drill",
        "gc",
        "leak_guard",
        "malware",
        "port_sync",
        "stalled",
        "thermal",
    ]  # no docker socket, trackers off; no *arr: no imports watcher; no disk tiers: no disk watcher
    assert ws.watchers["gc"].dry_run
    assert ws.watchers["stalled"].dry_run  # the pipeline watchers that remove are in dry-run by default
    assert ws.watchers["malware"].dry_run
    assert ws.watchers["gc"].history == {}  # no Radarr configured: history unknown, never "not imported"
    command = rt.registry.command("logs")
    assert command is not None
    assert command.role == Role.ADMIN
    await ws.watchers["thermal"].run()  # dry-run: reads 81 °C, changes nothing
    view = status_view(rt, Request(user_id=ADMIN, chat_id=ADMIN, role=Role.ADMIN, lang="en"))
    assert "🌡 Thermal: 81.0 °C, limits ON" in view.text
    assert "🛡 Leak guard: waiting" in view.text
    assert "🧹 Cleanup: 0 removed, 0 kept (dry-run)" in view.text
    assert "🔌 VPN port: forwarded -, listen -: unknown" in view.text
    # French is the default language: every watcher line is French, none of the English words
    view = status_view(rt, Request(user_id=ADMIN, chat_id=ADMIN, role=Role.ADMIN, lang="fr"))
    assert "🤖 <b>Automatismes</b>" in view.text
    assert "🌡 Température : 81,0 °C, limites ACTIVES" in view.text
    assert "🛡 Anti-fuite : en attente" in view.text
    assert "🧹 Nettoyage : 0 supprimé(s), 0 gardé(s) (simulation)" in view.text
    assert "🔌 Port VPN : redirigé -, écoute - : inconnu" in view.text
    for english in ("limits", "waiting", "removed", "forwarded", "dry-run"):
        assert english not in view.text
    for close in rt.closers:
        await close()


def test_check_config_accepts_the_sections(tmp_path) -> None:
    path = tmp_path / "bot.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "telegram": {"allowed_users": [1]},
                "watchers": {"gc": {"dry_run": False}, "thermal": {"high": 80, "low": 72}},
                "exporter": {"port": 9877},
                "logging": {"file": str(tmp_path / "bot.log")},
            }
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "myflix_bot.cli", "check-config", "--config", str(path)],
        capture_output=True,
        text=True,
        env={"MYFLIX_TELEGRAM_TOKEN": TOKEN, "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
