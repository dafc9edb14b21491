"""The bot's memory around a 10,000-film catalog refresh: the peak (VmHWM) of the first refresh and
the resident memory (VmRSS) after three refreshes, for the bot's streamed reading of the Radarr
answer next to the previous whole-answer reading (``bench/bot_memory_child.py``), each in its own
fresh process against the same Radarr fake, in the same run. Lower is better; the ratios are
streamed / whole."""

from __future__ import annotations

import json
import subprocess
import sys

from myflix_testkit.fakes import radarr
from myflix_testkit.fakes.server import FakeServer

from bench.bot_support import ROOT, library_catalog
from bench.figures import Figure

TITLES = 10_000
NAME = "bot_memory"


def measure(variant: str, url: str, key: str) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bot_memory_child", variant, url, key],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["titles"] != TITLES:
        raise RuntimeError(f"{variant}: {result['titles']} titles, expected {TITLES}")
    return result


def run() -> list[Figure]:
    state = radarr.RadarrState(catalog=library_catalog(TITLES))
    with FakeServer(radarr.create_app(state)) as server:
        whole = measure("whole", server.url, state.api_key)
        streamed = measure("streamed", server.url, state.api_key)
    mib = 1024.0
    return [
        Figure(
            NAME,
            "refresh peak VmHWM, streamed / whole",
            streamed["hwm_kib"] / whole["hwm_kib"],
            "x",
            is_ratio=True,
            target_max=1.0,
        ),
        Figure(
            NAME,
            "RSS after 3 refreshes, streamed / whole",
            streamed["settled_kib"] / whole["settled_kib"],
            "x",
            is_ratio=True,
            target_max=1.0,
        ),
        Figure(NAME, f"refresh peak VmHWM, streamed ({TITLES} films)", streamed["hwm_kib"] / mib, "MiB"),
        Figure(NAME, f"refresh peak VmHWM, whole answer ({TITLES} films)", whole["hwm_kib"] / mib, "MiB"),
        Figure(NAME, "RSS after 3 refreshes, streamed", streamed["settled_kib"] / mib, "MiB"),
        Figure(NAME, "RSS after 3 refreshes, whole answer", whole["settled_kib"] / mib, "MiB"),
        Figure(NAME, "RSS before the first refresh (both)", streamed["base_kib"] / mib, "MiB"),
    ]
