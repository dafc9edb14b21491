"""The watchers' part of the ``myflix-bot`` command line.

    myflix-bot port-sync-now [--config PATH] [--no-fallback]

``port-sync-now`` is meant for Gluetun's ``VPN_PORT_FORWARDING_UP_COMMAND`` (or a systemd path unit):
it asks the running bot to sync at once (``POST /-/port-sync`` on the exporter's address); if the bot
does not answer, it runs one sync itself with the collection's code (unless ``--no-fallback``).
Importing this module registers the ``watchers``, ``exporter`` and ``logging`` config sections.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from myflix_bot.config import Config, ConfigError, load_config
from myflix_bot.watchers import settings


def add_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("port-sync-now", help="make qBittorrent listen on Gluetun's forwarded port now")
    p.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {default_config})")
    p.add_argument("--no-fallback", action="store_true", help="only ask the running bot, never sync directly")


def install_into(rt: Any) -> None:
    """Build the watchers and the exporter into a runtime (called by ``myflix-bot run``)."""
    from myflix_bot.watchers.install import install  # noqa: PLC0415

    install(rt)


def setup_frugal_logging(config: Config, level: str) -> None:
    from myflix_bot.logs import setup_logging  # noqa: PLC0415

    lc = settings.logging_config(config)
    setup_logging(
        level,
        frugal=True,
        ring_lines=lc.ring_lines,
        file=lc.file,
        max_bytes=lc.max_bytes,
        stderr_level=lc.stderr_level,
    )


def ask_running_bot(config: Config, timeout: float = 5.0) -> bool:
    ec = settings.exporter_config(config)
    host = "127.0.0.1" if ec.host in ("0.0.0.0", "::") else ec.host
    url = f"http://{host}:{ec.port}/-/port-sync"
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=b"", method="POST"), timeout=timeout
        ) as r:
            return r.status == 202
    except (OSError, urllib.error.URLError):
        return False


def sync_directly(config: Config) -> int:
    from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError  # noqa: PLC0415
    from ansible_collections.myflix.media.plugins.module_utils.port_sync import (  # noqa: PLC0415
        PortSyncError,
        sync_port,
    )

    from myflix_bot.watchers.clients import gluetun_client, qbittorrent_client  # noqa: PLC0415

    if config.qbittorrent is None or config.gluetun is None:
        print("port-sync-now: qbittorrent and gluetun must both be configured", file=sys.stderr)
        return 2
    wc = settings.watchers_config(config)
    try:
        result = sync_port(
            gluetun_client(config.gluetun),
            qbittorrent_client(config.qbittorrent),
            port_index=wc.port_sync.port_index,
            wait_timeout=30,
        )
    except (HttpError, PortSyncError) as exc:
        print(f"port-sync-now: {exc}", file=sys.stderr)
        return 1
    plan = result.plan
    how = f"changed from {plan.previous_port}" if result.applied else "unchanged"
    print(f"port-sync-now: listen port {plan.port} ({how})")
    return 0


def run(args: argparse.Namespace, path: Path) -> int:
    try:
        config = load_config(path)
    except ConfigError as exc:
        print(f"{path}: {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    if ask_running_bot(config):
        print("port-sync-now: the running bot syncs now")
        return 0
    if args.no_fallback:
        print("port-sync-now: the bot does not answer on its exporter address", file=sys.stderr)
        return 1
    return sync_directly(config)
