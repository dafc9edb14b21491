"""``myflix-bot preview FILE [--at MM:SS ...] [--clip]``: one preview through the bot's own path (the config's
``preview`` section, its backend and launcher, the fallback), without Telegram. Prints the final event as
JSON; exit status 0 when a picture (or clip) was made. For checking a deployment, and for the bench."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from myflix_bot.assembly import load_or_report
from myflix_bot.preview import settings as preview_settings
from myflix_bot.sources.system import read_throttled


def add_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("preview", help="one AI upscaling preview of a video file, without Telegram")
    p.add_argument("file", help="the video file")
    p.add_argument(
        "--at", action="append", default=[], help="a time (MM:SS), up to 3; default: spread keyframes"
    )
    p.add_argument("--clip", action="store_true", help="a 10 s clip upscaled on the worker")
    p.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {default_config})")


async def _preview(args: argparse.Namespace, path: Path) -> int:
    from myflix_bot.preview.service import PreviewService, Refused, local_refused  # noqa: PLC0415
    from myflix_bot.preview.spec import parse_timestamp  # noqa: PLC0415

    config = load_or_report(path)
    if config is None:
        return 2
    settings = preview_settings.preview_settings(config)
    service = PreviewService(
        settings, lambda: local_refused(False, read_throttled(config.system.throttled_path))
    )
    try:
        request = service.request(
            str(Path(args.file).resolve()), tuple(parse_timestamp(t) for t in args.at), args.clip
        )
    except Refused as exc:
        print(json.dumps({"event": "error", "code": exc.key}))
        return 1
    ticket = service.admit()
    assert ticket is not None  # a fresh service has room

    async def on_event(event: dict[str, Any]) -> None:
        print(json.dumps(event), flush=True)

    result = await service.run(ticket, request, config.ui.language, on_event)
    print(json.dumps(result.event), flush=True)
    return 0 if result.ok else 1


def run(args: argparse.Namespace, path: Path) -> int:
    return asyncio.run(_preview(args, path))
