"""Run promtool and amtool, failing with what to do when they are missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        package = "prometheus" if name == "promtool" else "prometheus-alertmanager"
        pytest.fail(
            f"{name} is not installed; run `make test` as root (scripts/test-deps.sh installs {package})"
        )
    return found


def run(name: str, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool(name), *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )
