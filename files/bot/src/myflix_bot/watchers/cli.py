"""The watchers' part of the ``myflix-bot`` command line.

    myflix-bot port-sync-now [--config PATH] [--no-fallback]
    myflix-bot watcher run NAME [--dry-run] [--config PATH]

``port-sync-now`` is meant for Gluetun's ``VPN_PORT_FORWARDING_UP_COMMAND`` (or a systemd path unit):
it asks the running bot to sync at once (``POST /-/port-sync`` on the exporter's address); if the bot
does not answer, it runs one sync itself with the collection's code (unless ``--no-fallback``).
``watcher run`` runs one pass of one watcher (``gc``, ``thermal``, ``leak_guard``, ``port_sync``,
``autoheal``, ``trackers``) with the config's settings and prints its verdicts and the notices it would
send, in the UI language (``ui.language``: French by default, English available); ``--dry-run`` forces
a pass that decides and reports but changes nothing. Exit 0 when the pass ran, 1 when it failed, 2 for
a config problem or a watcher that is not enabled.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from myflix_bot.assembly import WATCHERS, build_runtime, load_or_report
from myflix_bot.config import Config
from myflix_bot.watchers import settings


def add_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("port-sync-now", help="make qBittorrent listen on Gluetun's forwarded port now")
    p.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {default_config})")
    p.add_argument("--no-fallback", action="store_true", help="only ask the running bot, never sync directly")


def add_watcher_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("watcher", help="one pass of a watcher, with its verdicts printed")
    actions = p.add_subparsers(dest="watcher_action", required=True)
    run_p = actions.add_parser("run", help="run one pass of the watcher NAME")
    run_p.add_argument("name", choices=settings.WATCHER_NAMES)
    run_p.add_argument("--dry-run", action="store_true", help="decide and report, change nothing")
    run_p.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {default_config})")


async def run_watcher_once(config: Config, name: str, dry_run: bool) -> int:
    from myflix_bot import i18n  # noqa: PLC0415
    from myflix_bot.coordinator import describe_error  # noqa: PLC0415
    from myflix_bot.watchers.install import build_watchers  # noqa: PLC0415

    lang = i18n.lang_or_default(config.ui.language)
    rt = build_runtime(config)
    ws = build_watchers(rt, [(w.name, w.build) for w in WATCHERS])
    watcher = ws.watchers.get(name)
    code = 0
    try:
        if watcher is None:
            available = ", ".join(ws.watchers) or i18n.t(lang, "watchers.cli.none")
            print(i18n.t(lang, "watchers.cli.not_enabled", name=name, available=available))
            return 2
        if dry_run:
            watcher.dry_run = True
        try:
            await watcher.run()
        except Exception as exc:  # the pass failed: say why, like /status does
            print(i18n.t(lang, "watchers.cli.failed", name=name, error=describe_error(exc)))
            code = 1
        for line in watcher.verdicts(lang):
            print(line)
        for notice in ws.notifier.sent:  # already in the UI language
            print(i18n.t(lang, "watchers.cli.notice", text=notice))
        return code
    finally:
        for w in ws.watchers.values():
            close = getattr(w, "close", None)
            if callable(close):
                close()
        for close in rt.closers:
            result = close()
            if hasattr(result, "__await__"):
                await result


def run_watcher(args: argparse.Namespace, path: Path) -> int:
    import asyncio  # noqa: PLC0415
    import logging  # noqa: PLC0415

    config = load_or_report(path)
    if config is None:
        return 2
    logging.basicConfig(level=logging.ERROR)  # the notices are printed below, not logged twice
    return asyncio.run(run_watcher_once(config, args.name, args.dry_run))


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
            status: int = r.status  # urlopen is typed Any: an HTTPResponse for an http:// URL
            return status == 202
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
    config = load_or_report(path)
    if config is None:
        return 2
    if ask_running_bot(config):
        print("port-sync-now: the running bot syncs now")
        return 0
    if args.no_fallback:
        print("port-sync-now: the bot does not answer on its exporter address", file=sys.stderr)
        return 1
    return sync_directly(config)
