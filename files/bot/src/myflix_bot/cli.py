"""``myflix-bot``: ``check-config`` validates the configuration, ``run`` starts the bot.

    myflix-bot check-config [--config PATH]
    myflix-bot run [--config PATH] [--log-level LEVEL]
    myflix-bot resolve "QUERY" [--json] [--kind movie|series] [--config PATH]
    myflix-bot port-sync-now [--config PATH] [--no-fallback]
    myflix-bot watcher run NAME [--dry-run] [--config PATH]
    myflix-bot preview FILE [--at MM:SS ...] [--clip] [--config PATH]

The config path defaults to ``$MYFLIX_CONFIG`` or ``/etc/myflix/bot.yml``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path

from myflix_bot.assembly import FEATURES, build_runtime, load_or_report
from myflix_bot.config import Config
from myflix_bot.preview import cli as preview_cli
from myflix_bot.search import cli as search_cli
from myflix_bot.watchers import cli as watchers_cli

DEFAULT_CONFIG = "/etc/myflix/bot.yml"


def _config_path(value: str | None) -> Path:
    return Path(value or os.environ.get("MYFLIX_CONFIG") or DEFAULT_CONFIG)


def check_config(path: Path) -> int:
    config = load_or_report(path)
    if config is None:
        return 2
    sources = [n for n in ("radarr", "sonarr", "qbittorrent", "gluetun") if getattr(config, n) is not None]
    print(
        f"{path}: ok (sources: {', '.join(sources) or 'none'}; language {config.ui.language}; "
        f"{len(config.telegram.allowed_users)} user(s), {len(config.telegram.admins)} admin(s))"
    )
    return 0


async def _run(config: Config) -> None:
    from myflix_bot.app import BotService, build_application  # noqa: PLC0415

    rt = build_runtime(config, features=FEATURES)  # every feature; the watchers start with the application
    service = BotService(rt, build_application(rt))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await service.run_forever(stop)


def limit_malloc_arenas(count: int = 1) -> None:
    """glibc gives every thread that allocates its own malloc arena; the worker threads of the stdlib
    clients (catalogues, probes, Gluetun, qBittorrent, in ``asyncio.to_thread``) would each keep one
    resident. One arena for the whole process: a second one kept ~1.7 MiB more at idle with 10,000
    titles (``python -m bench bot_before_after``), and these threads rarely allocate at the same time
    (glibc only)."""
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").mallopt(-8, count)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def run(path: Path, log_level: str) -> int:
    from myflix_bot.logs import setup_logging  # noqa: PLC0415

    limit_malloc_arenas()
    setup_logging(log_level)
    config = load_or_report(path)
    if config is None:
        return 2
    watchers_cli.setup_frugal_logging(config, log_level)
    asyncio.run(_run(config))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="myflix-bot", description="Myflix Telegram bot")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check-config", help="validate the configuration and report every problem")
    p_check.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {DEFAULT_CONFIG})")
    p_run = sub.add_parser("run", help="start the bot")
    p_run.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {DEFAULT_CONFIG})")
    p_run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    search_cli.add_parser(sub, DEFAULT_CONFIG)
    watchers_cli.add_parser(sub, DEFAULT_CONFIG)
    watchers_cli.add_watcher_parser(sub, DEFAULT_CONFIG)
    preview_cli.add_parser(sub, DEFAULT_CONFIG)
    args = parser.parse_args(argv)
    path = _config_path(args.config)
    if args.command == "resolve":
        return search_cli.run(args, path)
    if args.command == "port-sync-now":
        return watchers_cli.run(args, path)
    if args.command == "watcher":
        return watchers_cli.run_watcher(args, path)
    if args.command == "preview":
        return preview_cli.run(args, path)
    if args.command == "check-config":
        return check_config(path)
    return run(path, args.log_level)


if __name__ == "__main__":
    raise SystemExit(main())
