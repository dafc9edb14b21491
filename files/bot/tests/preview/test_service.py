"""The bot's side of a job: one at a time with a short queue, busy refusal, the throttling rule, cancel of a
queued job, and the ``myflix-bot preview`` command through the config's launcher."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from myflix_bot.preview.service import PreviewService, Refused, local_refused
from myflix_bot.preview.settings import PreviewSettings
from myflix_bot.secrets import Secret


def test_local_refused_while_throttling() -> None:
    assert local_refused(True, 0)  # the thermal governor has engaged its limits
    assert local_refused(False, 0x4)  # firmware: throttled now
    assert local_refused(False, 0x50005)
    assert not local_refused(False, 0x50000)  # only in the past: allowed
    assert not local_refused(False, None)


def test_queue_and_busy_refusal() -> None:
    service = PreviewService(PreviewSettings(enabled=True, queue=1))
    first, second = service.admit(), service.admit()
    assert first is not None
    assert first.position == 0
    assert second is not None
    assert second.position == 1
    assert service.admit() is None  # one running, one waiting: busy
    assert service.pending == 2


def test_backend_choice_and_throttling() -> None:
    throttled = [False]
    worker = PreviewSettings(
        enabled=True, backend="worker", worker_url="http://10.1.2.3:8765", worker_token=Secret("t" * 20)
    )
    request = PreviewService(worker, lambda: throttled[0]).request("/m.mkv", (60.0,))
    assert request.backend == "worker"
    assert request.worker is not None
    assert request.local_refused == ""
    assert request.frames == 1
    throttled[0] = True
    request = PreviewService(worker, lambda: throttled[0]).request("/m.mkv", ())
    assert request.backend == "worker"
    assert request.local_refused == "throttling"
    with pytest.raises(Refused) as caught:
        PreviewService(PreviewSettings(enabled=True), lambda: True).request("/m.mkv", ())
    assert caught.value.key == "preview.throttling"
    assert (
        PreviewService(PreviewSettings(enabled=True), lambda: False).request("/m.mkv", ()).backend == "local"
    )
    # the first answer's check: refused while throttling without a worker, allowed with one or when told so
    assert PreviewService(PreviewSettings(enabled=True), lambda: True).refusal() == "preview.throttling"
    assert PreviewService(worker, lambda: True).refusal() is None
    relaxed = PreviewSettings(enabled=True, refuse_when_throttled=False)
    assert PreviewService(relaxed, lambda: True).refusal() is None
    assert PreviewService(PreviewSettings(enabled=True), lambda: False).refusal() is None


def test_a_host_that_cannot_confine_a_local_job_uses_the_worker_only() -> None:
    """``local: false`` (the role's verdict on systemd older than 256): without a worker the command is
    refused at once with its own reason; with one the job goes there and may not fall back to the Pi."""
    alone = PreviewSettings(enabled=True, local=False)
    assert PreviewService(alone).refusal() == "preview.local_unavailable"
    with pytest.raises(Refused) as caught:
        PreviewService(alone).request("/m.mkv", ())
    assert caught.value.key == "preview.local_unavailable"
    worker = PreviewSettings(
        enabled=True,
        local=False,
        backend="worker",
        worker_url="http://10.1.2.3:8765",
        worker_token=Secret("t" * 20),
    )
    assert PreviewService(worker).refusal() is None
    request = PreviewService(worker).request("/m.mkv", ())
    assert (request.backend, request.local_refused) == ("worker", "local_unavailable")
    # its positive twin: the same settings with local allowed fall back
    assert PreviewService(replace(worker, local=True)).request("/m.mkv", ()).local_refused == ""


def test_release_frees_the_place_once() -> None:
    service = PreviewService(PreviewSettings(enabled=True, queue=0))
    ticket = service.admit()
    assert ticket is not None
    assert service.admit() is None
    service.release(ticket)
    service.release(ticket)  # twice: no negative count
    assert service.pending == 0
    assert service.admit() is not None


async def test_a_queued_job_cancelled_never_starts(tmp_path: Path) -> None:
    service = PreviewService(PreviewSettings(enabled=True, python=sys.executable, output_dir=str(tmp_path)))
    first, second = service.admit(), service.admit()
    assert first is not None
    assert second is not None
    started: list[int] = []

    async def on_event(event: dict[str, Any]) -> None:
        started.append(1)

    missing = service.request(str(tmp_path / "none.mkv"), ())
    assert service.cancel(second.id)
    results = await asyncio.gather(
        service.run(first, missing, "en", on_event), service.run(second, missing, "en", on_event)
    )
    assert results[0].event["code"] == "missing_file"
    assert results[1].cancelled
    assert not results[1].ok
    assert service.pending == 0
    assert not service.cancel(second.id)


def test_the_preview_command_through_the_configured_launcher(sample_video: Path, tmp_path: Path) -> None:
    """``myflix-bot preview`` reads the config's preview section and runs the process behind its launcher
    (here ``env``, standing in for systemd-run, which shows the launcher is really used)."""
    marker = tmp_path / "launched"
    config = tmp_path / "bot.yml"
    config.write_text(
        json.dumps(
            {
                "telegram": {"admins": [1]},
                "preview": {
                    "enabled": True,
                    "max_lines": 90,
                    "frames": 1,
                    "tile": 96,
                    "python": sys.executable,
                    "output_dir": str(tmp_path),
                    "launcher": ["sh", "-c", f'touch {marker} && exec "$0" "$@"'],
                },
            }
        )
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "myflix_bot.cli",
            "preview",
            str(sample_video),
            "--at",
            "00:02",
            "--config",
            str(config),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env={"MYFLIX_TELEGRAM_TOKEN": "123:abc", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    final = json.loads(out.stdout.splitlines()[-1])
    assert final["event"] == "done"
    assert final["backend"] == "local"
    assert Path(final["path"]).is_file()
    assert marker.exists()
