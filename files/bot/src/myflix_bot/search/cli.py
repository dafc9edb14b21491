"""``myflix-bot resolve "QUERY" --json [--kind movie|series]``: the search pipeline without Telegram.

``myflix-bot resolve --batch FILE.jsonl`` reads one request per line (``{"q": ..., "kind": optional}``)
and writes one JSON answer per line (``decision``, ``kind``, ``id``, ``alternatives``, ``lookups``,
``ms``, and ``ms_own``: the time without waiting on the lookup server), through one resolver in one
process, as the running bot uses it (what it has seen in earlier answers counts for the later ones).

The *arr URLs and keys come from the bot config (``--config``, ``$MYFLIX_CONFIG``). Without a usable
config file, ``MYFLIX_RADARR_URL`` / ``MYFLIX_SONARR_URL`` with ``MYFLIX_RADARR_API_KEY`` /
``MYFLIX_SONARR_API_KEY`` are enough, so evaluations need no Telegram token. Gemini is used, as by the bot,
when a key is configured: the config's secrets, or ``MYFLIX_GEMINI_API_KEY`` when there is no config file.

Exit status: 0 confident (batch: every line answered), 1 ambiguous or not found, 2 configuration problem.
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

from myflix_bot.assembly import load_config
from myflix_bot.config import ArrConfig, Config, ConfigError
from myflix_bot.search.settings import SearchSettings, settings_of
from myflix_bot.secrets import SECRET_ENV, Secret

if TYPE_CHECKING:
    from myflix_bot.search.resolver import Resolution, Resolver


def add_parser(sub: Any, default_config: str) -> None:
    p = sub.add_parser("resolve", help="understand, look up, rank and decide one request (no Telegram)")
    p.add_argument("query", nargs="?", help="free text, a release name, or an IMDb/TMDB/TVDB id or URL")
    p.add_argument("--batch", metavar="FILE.jsonl", help='one {"q": ..., "kind": ...} per line ("-": stdin)')
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


def gemini_key_of(config: Config | None, env: Mapping[str, str]) -> Secret | None:
    """The Gemini key the bot would use: the config's secrets, else ``MYFLIX_GEMINI_API_KEY``."""
    if config is not None:
        return config.gemini_api_key
    value = env.get(SECRET_ENV["gemini_api_key"], "").strip()
    return Secret(value) if value else None


def batch_answer(res: Resolution) -> dict[str, Any]:
    """One line of ``--batch`` output: the decision and its cost."""
    data = res.to_json()
    return {
        "q": data["query"],
        "decision": data["decision"],
        "kind": data["kind"],
        "id": data["id"],
        "title": data["title"],
        "year": data["year"],
        "reason": data["reason"],
        "alternatives": [
            {"kind": a["kind"], "id": a["id"], "title": a["title"]} for a in data["alternatives"]
        ],
        "suggestions": data["suggestions"],
        "lookups": res.lookups,
        "ms": round(res.seconds * 1000, 3),
        "ms_own": round(max(0.0, res.seconds - res.lookup_seconds) * 1000, 3),
    }


async def resolve_lines(resolver: Resolver, lines: list[str]) -> list[dict[str, Any]]:
    """Each JSON line through the same resolver, in order (an unreadable line gets an error answer)."""
    answers: list[dict[str, Any]] = []
    for line in lines:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            text, kind = str(req["q"]), req.get("kind")
            if kind not in (None, "movie", "series"):
                raise ValueError(f"kind must be movie or series, not {kind!r}")
        except (ValueError, KeyError, TypeError) as exc:
            answers.append({"error": f"bad request line: {exc}", "decision": None, "lookups": 0})
            continue
        answers.append(batch_answer(await resolver.resolve(text, kind)))
    return answers


async def _resolve(
    radarr: ArrConfig | None,
    sonarr: ArrConfig | None,
    config: Config | None,
    args: Any,
    env: Mapping[str, str],
) -> Resolution | list[dict[str, Any]]:
    from myflix_bot.search.service import build_resolver  # noqa: PLC0415 - only for resolve

    settings = settings_of(config) if config is not None else SearchSettings()
    resolver, close = build_resolver(radarr, sonarr, settings, gemini_key_of(config, env))
    try:
        batch = getattr(args, "batch", None)
        if batch:
            source = sys.stdin if batch == "-" else Path(batch).open(encoding="utf-8")  # noqa: SIM115
            with source:
                return await resolve_lines(resolver, source.read().splitlines())
        return await resolver.resolve(args.query, args.kind)
    finally:
        await close()


def run(args: Any, config_path: Path, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    if bool(args.query) == bool(getattr(args, "batch", None)):
        print("  - give either a QUERY or --batch FILE.jsonl", file=sys.stderr)
        return 2
    radarr, sonarr, config, problems = arr_configs(config_path, env)
    if radarr is None and sonarr is None:
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    batch = getattr(args, "batch", None)
    if batch and batch != "-" and not Path(batch).is_file():
        print(f"  - {batch}: no such file", file=sys.stderr)
        return 2
    out = asyncio.run(_resolve(radarr, sonarr, config, args, env))
    if isinstance(out, list):
        for answer in out:
            print(json.dumps(answer, ensure_ascii=False))
        return 1 if any(a.get("error") for a in out) else 0
    print(json.dumps(out.to_json(), ensure_ascii=False, indent=2) if args.json else _text(out))
    return 0 if out.decision.verdict == "confident" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="myflix-bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub, "/etc/myflix/bot.yml")
    args = parser.parse_args(argv)
    path = Path(args.config or os.environ.get("MYFLIX_CONFIG") or "/etc/myflix/bot.yml")
    return run(args, path)
