"""The bot's side of the preview never loads av, ncnn, numpy or Pillow: they stay in the preview process."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("av", "ncnn", "numpy", "PIL")
LIGHT = (
    "myflix_bot.preview.models",
    "myflix_bot.preview.spec",
    "myflix_bot.preview.messages",
    "myflix_bot.preview.settings",
    "myflix_bot.preview.launcher",
    "myflix_bot.preview.startup",
    "myflix_bot.preview.ending",
    "myflix_bot.preview.worker_client",
    "myflix_bot.preview.service",
    "myflix_bot.preview.cli",
)


def _loaded_after(modules: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {list(modules)!r}: importlib.import_module(name)\n"
        f"print(' '.join(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    return out.stdout.split()


def test_the_bot_side_imports_nothing_heavy() -> None:
    assert _loaded_after(LIGHT) == []


def test_the_check_sees_a_heavy_import() -> None:
    assert _loaded_after(("myflix_bot.preview.upscale",)) == ["PIL", "ncnn", "numpy"]
