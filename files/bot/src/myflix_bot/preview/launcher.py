"""Starting the preview process and reading its events (bot side, no heavy import).

The process gets its job on stdin (the worker token included: never on a command line) and answers with
JSON lines. ``launcher`` is an argv prefix; on the Pi the role makes it
``systemd-run --scope --collect -p CPUQuota=… --nice=… -- ionice -c 3`` so playback and downloads keep
priority. Cancelling terminates the process (its scope ends with it). A process that exits with a failure
before saying anything never started: the launcher refused it (systemd's reason is on its stderr, see
``startup``). One that stops without its ``done`` or ``error`` crashed: the result says how far it got and the
last lines of its stderr. Every failure's detail is scrubbed (``ending``) before it is logged or returned."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from myflix_bot.preview.ending import Progress, crashed, reported_error
from myflix_bot.preview.spec import PreviewRequest
from myflix_bot.preview.startup import not_started

log = logging.getLogger(__name__)
OnEvent = Callable[[dict[str, Any]], Awaitable[None]]
_JOBS = itertools.count(1)
STDERR_TAIL = 4096  # bytes of the process's stderr kept (its end: where systemd-run or a traceback says why)


@dataclass(frozen=True)
class ProcessResult:
    ok: bool
    event: dict[str, Any]  # the final event: done or error
    cancelled: bool = False


class PreviewProcess:
    def __init__(self, launcher: Sequence[str], python: str) -> None:
        self.launcher = tuple(launcher)
        self.python = python
        self._proc: asyncio.subprocess.Process | None = None
        self._cancelled = False

    def argv(self) -> list[str]:
        """The command line; ``{unit}`` in the launcher becomes a unique scope name (myflix-preview-PID-N)."""
        unit = f"myflix-preview-{os.getpid()}-{next(_JOBS)}"
        return [arg.replace("{unit}", unit) for arg in self.launcher] + [
            self.python,
            "-m",
            "myflix_bot.preview",
        ]

    async def run(
        self, request: PreviewRequest, lang: str, output_dir: str, on_event: OnEvent
    ) -> ProcessResult:
        job = json.dumps({"request": json.loads(request.to_json()), "lang": lang, "output_dir": output_dir})
        argv = self.argv()
        try:
            self._proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        except OSError as exc:  # the launcher itself is missing or not executable
            return ProcessResult(False, not_started(f"{argv[0]}: {exc.strerror}".encode(), 127))
        proc = self._proc
        assert proc.stdin is not None
        assert proc.stdout is not None
        assert proc.stderr is not None
        stderr = asyncio.create_task(_tail(proc.stderr, STDERR_TAIL))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a refused job reads nothing
            proc.stdin.write(job.encode())
            await proc.stdin.drain()
        proc.stdin.close()
        final: dict[str, Any] | None = None
        said = False
        progress = Progress()
        async for raw in proc.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            said = True
            if event.get("event") in ("done", "error"):
                final = event
            else:
                progress.saw(event)
                await on_event(event)
        code = await proc.wait()
        tail = await stderr
        if self._cancelled:
            return ProcessResult(False, {"event": "cancelled"}, cancelled=True)
        if final is not None and final.get("event") == "done":
            return ProcessResult(True, final)
        if final is not None:
            final = reported_error(final)
            log.warning("preview job failed (%s): %s", final.get("code"), final["detail"])
        elif not said and code > 0:
            final = not_started(tail, code)
            log.warning("preview job did not start (%s): %s", final["cause"], final["detail"])
        else:
            final = crashed(tail, code, progress)
            log.warning(
                "preview job stopped (exit status %s) after %s/%s frame(s), at %s: %s",
                code,
                final["frames"],
                final["total"],
                progress.last.get("stage", "start-up"),
                final["detail"] or "nothing on stderr",
            )
        return ProcessResult(False, final)

    def cancel(self) -> None:
        self._cancelled = True
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.terminate()


async def _tail(stream: asyncio.StreamReader, limit: int) -> bytes:
    """Everything ``stream`` gives until its end, of which the last ``limit`` bytes are kept."""
    kept = bytearray()
    while chunk := await stream.read(limit):
        kept += chunk
        del kept[:-limit]
    return bytes(kept)
