"""``myflix-bot resolve "QUERY" --json [--kind movie|series]``: the search pipeline without Telegram.

The *arr URLs and keys come from the bot config (``--config``, ``$MYFLIX_CONFIG``). Without a usable
config file, ``MYFLIX_RADARR_URL`` / ``MYFLIX_SONARR_URL`` with ``MYFLIX_RADARR_API_KEY`` /
``MYFLIX_SONARR_API_KEY`` are enough, so evaluations need no Telegram token. Gemini is used when the
config enables it and ``MYFLIX_GEMINI_API_KEY`` is set.

Exit status: 0 confident, 1 ambiguous or not found, 2 configuration problem.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from myflix_bot.config import ArrConfig, Config, ConfigError, load_config
from myflix_bot.search.settings import SearchSettings, settings_of
from myflix_bot.secrets import Secret

if TYPE_CHECKING:
    from myflix_bot.search.resolver import Resolution


def add_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("resolve", help="understand, look up, rank and decide one request (no Telegram)")
    p.add_argument("query", help="free text, a release name, or an IMDb/TMDB/TVDB id or URL")
    p.add_argument("--kind", choices=["movie", "series"], help="only movies or only series")
    p.add_argument("--json", action="store_true", help="print the decision as JSON")
    p.add_argument("--config", help=f"YAML file (default $MYFLIX_CONFIG or {default_config})")


def _arr_from_env(env: Mapping[str, str], name: str) -> ArrConfig | None:
    url = env.get(f"MYFLIX_{name.upper()}_URL")
    key = env.get(f"MYFLIX_{name.upper()}_API_KEY")
    return ArrConfig(url=url.rstrip("/"), api_key=Secret(key)) if url and key else None


def arr_configs(
    path: Path | None, env: Mapping[str, str]
) -> tuple[ArrConfig | None, ArrConfig | None, Config | None, list[str]]:
    """Radarr and Sonarr settings from the config file, else from the environment."""
    problems: list[str] = []
    if path is not None and path.exists():
        try:
            config = load_config(path, env)
            return config.radarr, config.sonarr, config, []
        except ConfigError as exc:
            problems = exc.problems
    radarr, sonarr = _arr_from_env(env, "radarr"), _arr_from_env(env, "sonarr")
    if radarr is None and sonarr is None:
        problems.append(
            "no Radarr or Sonarr: fix the config file, or set MYFLIX_RADARR_URL + MYFLIX_RADARR_API_KEY "
            "and/or MYFLIX_SONARR_URL + MYFLIX_SONARR_API_KEY"
        )
        return None, None, None, problems
    return radarr, sonarr, None, []


def _text(res: Resolution) -> str:
    data = res.to_json()
    lines = [f"{data['decision']} (confidence {data['confidence']:.2f}; {data['reason']})"]
    if data["best"]:
        b = data["best"]
        lines.append(f"  -> {b['kind']} {b['id_type']}:{b['id']} {b['title']} ({b['year']})")
    for a in data["alternatives"]:
        lines.append(
            f"     {a['kind']} {a['id_type']}:{a['id']} {a['title']} ({a['year']}) score {a['score']}"
        )
    lines.extend(f"  ! {e}" for e in data["errors"])
    return "\n".join(lines)


async def _resolve(
    radarr: ArrConfig | None, sonarr: ArrConfig | None, config: Config | None, args: Any
) -> Resolution:
    from myflix_bot.search.service import build_resolver  # noqa: PLC0415 - only for resolve

    settings = settings_of(config) if config is not None else SearchSettings()
    gemini_key = config.gemini_api_key if config is not None else None
    resolver, close = build_resolver(radarr, sonarr, settings, gemini_key)
    try:
        return await resolver.resolve(args.query, args.kind)
    finally:
        await close()


def run(args: Any, config_path: Path, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    radarr, sonarr, config, problems = arr_configs(config_path, env)
    if radarr is None and sonarr is None:
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    res = asyncio.run(_resolve(radarr, sonarr, config, args))
    print(json.dumps(res.to_json(), ensure_ascii=False, indent=2) if args.json else _text(res))
    return 0 if res.decision.verdict == "confident" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="myflix-bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub, "/etc/myflix/bot.yml")
    args = parser.parse_args(argv)
    path = Path(args.config or os.environ.get("MYFLIX_CONFIG") or "/etc/myflix/bot.yml")
    return run(args, path)
