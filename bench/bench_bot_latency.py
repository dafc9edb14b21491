"""Reply latency of the myflix bot for /films, /queue and /status with 100, 1,000 and 10,000 titles,
as a ratio to a bare python-telegram-bot echo bot (update queued on the fake Bot API -> sendMessage
received).

Fairness on a shared machine: both bots run at the same time, each in its own subprocess, each against
its own instance of the same fake Bot API (same code, same long polling), and they are measured
interleaved one ask at a time: every round asks the echo bot once and each command once, the order
rotating from round to round, so a burst of load from elsewhere hits the floor and the bot alike. The
first rounds are warm-up and discarded. The myflix bot runs the production config with its default watchers
and exporter (see ``bot_support.myflix_config``).

Target: p99 <= 2x the echo floor, flat across library sizes."""

from __future__ import annotations

import time

from bench.bot_support import ask, percentile, services, start_echo, start_myflix, wait_ready
from bench.figures import Figure

SIZES = (100, 1_000, 10_000)
COMMANDS = ("/films", "/queue", "/status")
WARMUP_ROUNDS = 20
ROUNDS = 500  # samples per target and size
GAP = 0.002  # seconds between two asks, so a reply never queues behind the previous one


def measure_size(size: int) -> dict[str, list[float]]:
    """Samples (seconds) per target: "echo" and each command."""
    samples: dict[str, list[float]] = {"echo": [], **{c: [] for c in COMMANDS}}
    with services(size) as s:
        echo = start_echo(s)
        bot = start_myflix(s)
        try:
            wait_ready(s.tg_echo, "ping", "ping")
            wait_ready(s.tg, "/films", f"({size:,})".replace(",", " "))
            targets = [("echo", s.tg_echo, "ping")] + [(c, s.tg, c) for c in COMMANDS]
            for number in range(WARMUP_ROUNDS + ROUNDS):
                shift = number % len(targets)
                for name, tg, text in targets[shift:] + targets[:shift]:
                    seconds, _ = ask(tg, text)
                    if number >= WARMUP_ROUNDS:
                        samples[name].append(seconds)
                    time.sleep(GAP)
        finally:
            bot.stop()
            echo.stop()
    return samples


def figures_for(size: int, samples: dict[str, list[float]]) -> list[Figure]:
    floor = samples["echo"]
    echo_p50, echo_p99 = percentile(floor, 50), percentile(floor, 99)
    out = [
        Figure("bot_latency", f"echo p50, {size} titles run", echo_p50 * 1000, "ms"),
        Figure("bot_latency", f"echo p99, {size} titles run", echo_p99 * 1000, "ms"),
    ]
    for command in COMMANDS:
        lat = samples[command]
        name = command.lstrip("/")
        out += [
            Figure(
                "bot_latency",
                f"{name} p99 / echo p99, {size} titles",
                percentile(lat, 99) / echo_p99,
                "x",
                is_ratio=True,
                target_max=2.0,
            ),
            Figure(
                "bot_latency",
                f"{name} p50 / echo p50, {size} titles",
                percentile(lat, 50) / echo_p50,
                "x",
                is_ratio=True,
            ),
            Figure("bot_latency", f"{name} p50, {size} titles", percentile(lat, 50) * 1000, "ms"),
            Figure("bot_latency", f"{name} p99, {size} titles", percentile(lat, 99) * 1000, "ms"),
        ]
    return out


def run() -> list[Figure]:
    figures: list[Figure] = []
    for size in SIZES:
        figures += figures_for(size, measure_size(size))
    return figures
