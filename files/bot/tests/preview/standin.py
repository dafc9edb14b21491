"""Stand-ins for the preview process (``preview.python``): shell scripts that read the job on stdin as the
real one does, print what a failing job prints and exit as it would. Each is a real subprocess of the bot's
launcher, started the way the real process is (``<python> -m myflix_bot.preview``, arguments ignored)."""

from __future__ import annotations

import json
from pathlib import Path


def progress(stage: str, done: int = 0, total: int = 0) -> str:
    event: dict[str, object] = {"event": "progress", "stage": stage}
    if stage == "upscaling":
        event.update(done=done, total=total, backend="local")
    return json.dumps(event)


def script(stdout: list[str], stderr: list[str], end: str) -> str:
    """Read the job, write ``stdout``'s and ``stderr``'s lines, then ``end`` (``exit 1``, ``kill -9 $$``)."""

    def lines(items: list[str], redirect: str) -> str:
        return "".join(f"printf '%s\\n' {_quoted(item)}{redirect}\n" for item in items)

    return "#!/bin/sh\ncat > /dev/null\n" + lines(stdout, "") + lines(stderr, " >&2") + end + "\n"


def stand_in(directory: Path, name: str, text: str) -> str:
    """``text`` as an executable file ``directory/name``; its path (what ``preview.python`` names)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
