"""The bot's memory around a 10,000-film catalog refresh: the peak (VmHWM) of the first refresh and
the resident memory (VmRSS) after three refreshes, for the bot's source as it is (the Radarr answer
read as a stream, the index kept when the library did not change) next to the previous way (the whole
answer read at once, a new index every refresh; ``bench/bot_memory_child.py``), each in its own fresh
process against the same Radarr fake, in the same run. Lower is better; the ratios are
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
    what = {"hwm_kib": "refresh peak VmHWM", "settled_kib": "RSS after 3 refreshes"}
    figures = [
        Figure(
            NAME, f"{label}, streamed / whole", streamed[key] / whole[key], "x", is_ratio=True, target_max=1.0
        )
        for key, label in what.items()
    ]
    for key, label in what.items():
        figures.append(Figure(NAME, f"{label}, streamed ({TITLES} films)", streamed[key] / 1024, "MiB"))
        figures.append(Figure(NAME, f"{label}, whole answer ({TITLES} films)", whole[key] / 1024, "MiB"))
    figures.append(Figure(NAME, "RSS before the first refresh", streamed["base_kib"] / 1024, "MiB"))
    return figures
