"""This tree's bot against an earlier commit's, side by side in one run: idle RSS and reply latency.

The earlier bot is the same package exported from git (``git archive``: files/bot/src and the
collection's module_utils it imports) and run from that copy (PYTHONPATH first), with the same
production config (``bot_support.myflix_config``: default watchers, the exporter, 10,000 titles), the same
fakes and the same qBittorrent; each bot has its own fake Bot API. Both run at the same time: idle RSS
is read after the same warm-up and the same idle time, latency is measured interleaved one ask at a time
(the order rotating every round), so load from elsewhere hits both alike.

    python -m bench bot_before_after                     # against 90275ec (main before #17's assembly)
    MYFLIX_BENCH_BASELINE=52f6333 python -m bench bot_before_after

Targets: after/before <= 1.0 for RSS (a few % of noise aside) and for the latency percentiles.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from myflix_testkit.fakes.telegram import TelegramFake

from bench.bot_support import (
    ADMIN_ID,
    ROOT,
    BotProcess,
    Services,
    ask,
    myflix_config,
    percentile,
    services,
    start_echo,
    wait_ready,
)
from bench.figures import Figure

BASELINE = os.environ.get("MYFLIX_BENCH_BASELINE", "90275ec")
TITLES = 10_000
IDLE_SECONDS = 5.0
COMMANDS = ("/films", "/queue", "/status")
WARMUP_ROUNDS = 10
ROUNDS = 200
GAP = 0.002
READY_TIMEOUT = 600.0
EXPORTED = ("files/bot/src", "collections/ansible_collections/myflix/media/plugins")


def export(commit: str, into: Path) -> Path:
    """The commit's bot package and module_utils under ``into``; returns the PYTHONPATH to use."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, *EXPORTED],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return Path(f"{into / 'files/bot/src'}{os.pathsep}{into / 'collections'}")


def start_bot(s: Services, tg: TelegramFake, name: str, pythonpath: Path | None) -> BotProcess:
    config = myflix_config(s)
    config["telegram"] = {**config["telegram"], "base_url": tg.base_url}  # type: ignore[dict-item]
    tg.add_chat(ADMIN_ID)
    path = s.workdir / f"{name}.yml"
    path.write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        "MYFLIX_TELEGRAM_TOKEN": tg.token,
        "MYFLIX_RADARR_API_KEY": s.radarr_key,
        "MYFLIX_SONARR_API_KEY": s.sonarr_key,
        "MYFLIX_QBITTORRENT_PASSWORD": s.qbittorrent.password,
    }
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH", "")]))
    argv = [sys.executable, "-m", "myflix_bot.cli", "run", "--config", str(path), "--log-level", "WARNING"]
    return BotProcess(argv, env, s.workdir / f"{name}.log")


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp, services(TITLES) as s:
        pythonpath = export(BASELINE, Path(tmp))
        tg_before = TelegramFake()
        server = tg_before.serve()
        needle = f"({TITLES:,})".replace(",", " ")
        echo = start_echo(s)
        # one after the other: two bots loading 10,000 titles at once from one fake time out on a busy machine
        before = start_bot(s, tg_before, "before", pythonpath)
        after: BotProcess | None = None
        try:
            wait_ready(s.tg_echo, "ping", "ping")
            wait_ready(tg_before, "/films", needle, timeout=READY_TIMEOUT)
            after = start_bot(s, s.tg, "after", None)
            wait_ready(s.tg, "/films", needle, timeout=READY_TIMEOUT)
            for tg in (tg_before, s.tg):
                for command in ("/series", "/status", "/queue"):
                    ask(tg, command)
            time.sleep(IDLE_SECONDS)
            rss = {"echo": echo.rss_kib(), "before": before.rss_kib(), "after": after.rss_kib()}
            samples: dict[tuple[str, str], list[float]] = {}
            targets = [(who, tg, c) for who, tg in (("before", tg_before), ("after", s.tg)) for c in COMMANDS]
            for number in range(WARMUP_ROUNDS + ROUNDS):
                shift = number % len(targets)
                for who, tg, command in targets[shift:] + targets[:shift]:
                    seconds, _ = ask(tg, command)
                    if number >= WARMUP_ROUNDS:
                        samples.setdefault((who, command), []).append(seconds)
                    time.sleep(GAP)
        finally:
            for process in (after, before, echo):
                if process is not None:
                    process.stop()
            server.stop()
    figures = [
        Figure(
            "bot_before_after",
            f"idle RSS, this tree / {BASELINE}",
            rss["after"] / rss["before"],
            "x",
            is_ratio=True,
            target_max=1.02,
        ),
        Figure(
            "bot_before_after", "idle RSS / echo, this tree", rss["after"] / rss["echo"], "x", is_ratio=True
        ),
        Figure(
            "bot_before_after",
            f"idle RSS / echo, {BASELINE}",
            rss["before"] / rss["echo"],
            "x",
            is_ratio=True,
        ),
        Figure("bot_before_after", "idle RSS, this tree", rss["after"] / 1024, "MiB"),
        Figure("bot_before_after", f"idle RSS, {BASELINE}", rss["before"] / 1024, "MiB"),
    ]
    for q in (50, 99):
        for command in COMMANDS:
            a = percentile(samples[("after", command)], q)
            b = percentile(samples[("before", command)], q)
            figures.append(
                Figure(
                    "bot_before_after",
                    f"{command} p{q}, this tree / {BASELINE}",
                    a / b,
                    "x",
                    is_ratio=True,
                    note=f"{a * 1000:.1f} vs {b * 1000:.1f} ms",
                )
            )
    return figures
