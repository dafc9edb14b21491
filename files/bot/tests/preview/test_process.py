"""The preview process as the bot runs it (``python -m myflix_bot.preview`` through ``PreviewProcess``): real
decoding, the real model, the PNG; a clear error for a missing or corrupt file; cancel."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from myflix_bot.preview.compose import Layout
from myflix_bot.preview.launcher import PreviewProcess
from myflix_bot.preview.messages import error_text
from myflix_bot.preview.spec import PreviewRequest
from PIL import Image


async def _run(request: PreviewRequest, out: Path) -> tuple[Any, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []

    async def on_event(event: dict[str, Any]) -> None:
        events.append(event)

    result = await PreviewProcess((), sys.executable).run(request, "en", str(out), on_event)
    return result, events


async def test_stills_end_to_end(sample_video: Path, tmp_path: Path) -> None:
    request = PreviewRequest(media=str(sample_video), times=(1.0, 2.5), frames=2, max_lines=90, tile=96)
    result, events = await _run(request, tmp_path)
    assert result.ok, result.event
    done = result.event
    assert done["kind"] == "png"
    assert done["backend"] == "local"
    assert done["model"] == "realesr-animevideov3-x2"
    assert done["ms_per_frame"] > 0
    assert done["peak_rss_kib"] > 0
    stages = [(e.get("stage"), e.get("done")) for e in events if e["event"] == "progress"]
    assert stages == [("extracting", None), ("upscaling", 1), ("upscaling", 2), ("composing", None)]
    picture = Image.open(done["path"])
    assert picture.format == "PNG"
    assert picture.size == Layout().size(2, 320, 180, 2)
    assert Path(done["path"]).parent == tmp_path


async def test_missing_and_corrupt_files_give_a_clear_message(tmp_path: Path) -> None:
    result, _ = await _run(PreviewRequest(media=str(tmp_path / "nope.mkv")), tmp_path)
    assert not result.ok
    assert result.event["code"] == "missing_file"
    assert error_text("en", result.event["code"], result.event["detail"]).startswith("❌ File not found:")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 500)
    result, _ = await _run(PreviewRequest(media=str(broken)), tmp_path)
    assert not result.ok
    assert result.event["code"] == "unreadable_file"
    text = error_text("fr", result.event["code"], result.event["detail"])
    assert text.startswith("❌ Fichier illisible ou corrompu")
    assert "broken.mp4" in text
    assert list(tmp_path.glob("myflix-preview-*")) == []  # no output left behind


async def test_cancel_terminates_the_process(sample_video: Path, tmp_path: Path) -> None:
    process = PreviewProcess((), sys.executable)
    started = asyncio.Event()

    async def on_event(event: dict[str, Any]) -> None:
        if event.get("stage") == "extracting":
            started.set()
            process.cancel()

    request = PreviewRequest(media=str(sample_video), frames=3, max_lines=180, tile=96)
    result = await asyncio.wait_for(process.run(request, "en", str(tmp_path), on_event), 120)
    assert started.is_set()
    assert result.cancelled
    assert not result.ok
    assert list(tmp_path.glob("myflix-preview-*")) == []


def test_the_peak_rss_is_the_jobs_own() -> None:
    """A job started by a process holding 400 MiB reports its own peak, not its parent's: Linux carries the
    parent's high-water mark into ``ru_maxrss`` across fork and exec (what the bench once reported)."""
    import subprocess  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    held = np.ones((400, 1024, 1024), dtype=np.uint8)  # written, so resident in this (the parent) process
    probe = (
        "import resource; from myflix_bot.preview.__main__ import peak_rss_kib; "
        "print(peak_rss_kib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    own, inherited = (int(v) // 1024 for v in out.stdout.split())
    assert held[-1, -1, -1] == 1
    assert inherited >= 400  # the parent's peak, had the job read ru_maxrss
    assert own < 200  # the job's own: the interpreter and the preview's light imports
