"""Reply latency of the myflix bot for /films, /queue and /status with 100, 1,000 and 10,000 titles,
as a ratio to a bare python-telegram-bot echo bot measured in the same run against the same fake Bot
API (update queued -> sendMessage received). Each bot runs in its own subprocess.

Target: p99 <= 2x the echo floor, flat across library sizes."""

from __future__ import annotations

import time

from bench.bot_support import ask, percentile, services, start_echo, start_myflix, wait_ready
from bench.figures import Figure

SIZES = (100, 1_000, 10_000)
COMMANDS = ("/films", "/queue", "/status")
SAMPLES = 150
WARMUP = 10


def measure(tg, text: str, samples: int) -> list[float]:
    for _ in range(WARMUP):
        ask(tg, text)
    out = []
    for _ in range(samples):
        seconds, _ = ask(tg, text)
        out.append(seconds)
        time.sleep(0.002)
    return out


def run() -> list[Figure]:
    figures: list[Figure] = []
    for size in SIZES:
        with services(size) as s:
            echo = start_echo(s)
            try:
                wait_ready(s.tg, "ping", "ping")
                floor = measure(s.tg, "ping", SAMPLES)
            finally:
                echo.stop()
            bot = start_myflix(s)
            try:
                wait_ready(s.tg, "/films", f"({size:,})".replace(",", " "))
                for command in COMMANDS:
                    lat = measure(s.tg, command, SAMPLES)
                    name = command.lstrip("/")
                    figures.append(
                        Figure(
                            "bot_latency",
                            f"{name} p99 / echo p99, {size} titles",
                            percentile(lat, 99) / percentile(floor, 99),
                            "x",
                            is_ratio=True,
                            target_max=2.0,
                        )
                    )
                    figures.append(
                        Figure(
                            "bot_latency",
                            f"{name} p50, {size} titles",
                            percentile(lat, 50) * 1000,
                            "ms",
                        )
                    )
                figures.append(
                    Figure("bot_latency", f"echo p99, {size} titles run", percentile(floor, 99) * 1000, "ms")
                )
            finally:
                bot.stop()
    return figures
