"""A stand-in for ``systemd-run`` first on PATH: it refuses the preview's scope as the real one does when
polkit says no (exit status 1, the reason on stderr), or runs the job in it (everything after ``--``)."""

from __future__ import annotations

from pathlib import Path

import pytest

# the launcher the role renders (roles/myflix_bot/templates/bot.yml.j2), with the preview's properties
LAUNCHER = (
    "systemd-run",
    "--scope",
    "--quiet",
    "--collect",
    "--unit={unit}",
    "-p",
    "CPUQuota=300%",
    "-p",
    "MemoryMax=1G",
    "--nice=10",
    "--",
    "ionice",
    "-c",
    "3",
)
POLKIT_NO = "Failed to start transient scope unit: Interactive authentication required."


def refusing(secret: str) -> str:
    """polkit's no, after lines that hold a secret and the paths of secrets (the detail must hide them)."""
    return f"""#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/argv"
echo 'reading /etc/myflix/bot.secrets and /run/credentials/myflix-bot.service/ai-token' >&2
echo 'token was {secret}' >&2
echo '{POLKIT_NO}' >&2
exit 1
"""


RUNNING = """#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/argv"
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do shift; done
shift
exec "$@"
"""


def fake_systemd_run(bin_dir: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``systemd-run`` first on PATH: ``script``; returns the file where it writes the arguments it got."""
    bin_dir.mkdir()
    fake = bin_dir / "systemd-run"
    fake.write_text(script, encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return bin_dir / "argv"
