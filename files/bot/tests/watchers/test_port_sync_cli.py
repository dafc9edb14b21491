"""``myflix-bot port-sync-now`` as Gluetun's VPN_PORT_FORWARDING_UP_COMMAND would run it: a real
process, a config file, the fake Gluetun and a real qbittorrent-nox."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import yaml
from myflix_bot.exporter import ExporterServer
from prometheus_client import CollectorRegistry

from .conftest import TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(config: Path, env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYFLIX_TELEGRAM_TOKEN": TOKEN, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "myflix_bot.cli", "port-sync-now", "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def write_config(tmp_path: Path, qbittorrent, fake_gluetun, port: int) -> Path:
    path = tmp_path / "bot.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "telegram": {"allowed_users": [1], "admins": [1]},
                "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
                "gluetun": {"url": fake_gluetun.url},
                "exporter": {"port": port},
            }
        )
    )
    return path


def test_direct_sync_when_the_bot_is_not_running(qbittorrent, fake_gluetun, tmp_path) -> None:
    fake_gluetun.set_ports(47001)
    config = write_config(tmp_path, qbittorrent, fake_gluetun, free_port())
    env = {"MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password}
    only_ask = run_cli(config, env, "--no-fallback")
    assert only_ask.returncode == 1
    assert qbittorrent.client().app_preferences()["listen_port"] != 47001
    done = run_cli(config, env)
    assert done.returncode == 0, done.stderr
    assert "listen port 47001 (changed from" in done.stdout
    assert qbittorrent.client().app_preferences()["listen_port"] == 47001
    assert qbittorrent.password not in done.stdout + done.stderr


def test_asks_the_running_bot(qbittorrent, fake_gluetun, tmp_path) -> None:
    woken = []
    server = ExporterServer("127.0.0.1", 0, CollectorRegistry(), on_port_sync=lambda: woken.append(1) or True)
    server.start()
    try:
        config = write_config(tmp_path, qbittorrent, fake_gluetun, server.port)
        result = run_cli(config, {"MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password}, "--no-fallback")
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert woken == [1]
    assert fake_gluetun.requests == []  # the bot does the sync, not the command
