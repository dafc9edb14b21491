"""Idle RSS of the running myflix bot (10,000 titles cached) as a ratio to a bare python-telegram-bot
echo bot, each in its own subprocess. Target: <= 1.4x. Heavy libraries (google-genai, guessit, docker)
are imported lazily and must not be loaded at idle."""

from __future__ import annotations

import time

from bench.bot_support import ask, services, start_echo, start_myflix, wait_ready
from bench.figures import Figure

TITLES = 10_000
IDLE_SECONDS = 5.0


def run() -> list[Figure]:
    with services(TITLES) as s:
        echo = start_echo(s)
        try:
            wait_ready(s.tg_echo, "ping", "ping")
            time.sleep(IDLE_SECONDS)
            echo_kib = echo.rss_kib()
        finally:
            echo.stop()
        bot = start_myflix(s)
        try:
            wait_ready(s.tg, "/films", f"({TITLES:,})".replace(",", " "))
            for command in ("/series", "/status", "/queue"):
                ask(s.tg, command)
            time.sleep(IDLE_SECONDS)
            bot_kib = bot.rss_kib()
            ask(s.tg, "/films dune")  # the first fuzzy filter loads rapidfuzz
            time.sleep(1.0)
            filtered_kib = bot.rss_kib()
            heavy = [
                m
                for m in ("google.genai", "guessit", "docker")
                if m in (bot.log.read_text(errors="replace") if bot.log.exists() else "")
            ]
        finally:
            bot.stop()
    return [
        Figure(
            "bot_rss",
            f"idle RSS / echo RSS ({TITLES} titles)",
            bot_kib / echo_kib,
            "x",
            is_ratio=True,
            target_max=1.4,
        ),
        Figure("bot_rss", "myflix bot idle RSS", bot_kib / 1024, "MiB"),
        Figure("bot_rss", "after a fuzzy filter / echo RSS", filtered_kib / echo_kib, "x", is_ratio=True),
        Figure("bot_rss", "echo bot idle RSS", echo_kib / 1024, "MiB", note=",".join(heavy)),
    ]
