"""The AI preview: ms per 480p frame (ncnn, 2 threads, the CPU path the Pi runs) for what the job upscales of
a frame (``preview.regions``: the overview's input and the busiest window), with the Pi's model, the worker's
model and bicubic side by side in one run, and the Pi's model on the whole frame (what the job did before)
for the ratio; the preview job's peak RSS (the process the bot starts, one 480p frame), and the bot's idle
RSS with and without the feature enabled (the heavy libraries stay in the preview process: the ratio must
stay about 1)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bot_support import services, start_myflix, wait_ready
from bench.figures import Figure

ROOT = Path(__file__).resolve().parent.parent
TITLES = 1_000
IDLE_SECONDS = 5.0
FRAME = (854, 480)


def _frame():
    import numpy as np  # noqa: PLC0415
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    rng = np.random.default_rng(7)
    pixels = (rng.random((FRAME[1], FRAME[0], 3)) * 60 + 90).astype(np.uint8)
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    for row in range(0, FRAME[1], 48):
        draw.text((10, row), "Myflix preview 480p ABCDEFGHIJ 0123456789", fill=(20, 20, 20), font=font)
    return image


def _best_ms(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def _frame_times() -> dict[str, float]:
    """ms per 480p frame: the job's regions with each model and bicubic; the whole frame, Pi model."""
    from myflix_bot.preview.compose import Layout  # noqa: PLC0415
    from myflix_bot.preview.models import OUTPUT_SCALE, PI_MODEL, WORKER_MODEL  # noqa: PLC0415
    from myflix_bot.preview.regions import regions  # noqa: PLC0415
    from myflix_bot.preview.upscale import Upscaler, bicubic  # noqa: PLC0415

    frame = _frame()
    layout = Layout()
    crop = layout.crop_side(frame.width * OUTPUT_SCALE, frame.height * OUTPUT_SCALE)
    parts = regions(frame, layout.panel_width, crop, OUTPUT_SCALE)
    times = {"regions": _best_ms(lambda: regions(frame, layout.panel_width, crop, OUTPUT_SCALE), 5)}
    for name, runs in ((PI_MODEL, 3), (WORKER_MODEL, 1)):
        upscaler = Upscaler(name, threads=2, tile=256)
        upscaler.upscale(frame.crop((0, 0, 32, 32)))  # warm-up
        times[name] = _best_ms(lambda u=upscaler: (u.upscale(parts.overview), u.upscale(parts.window)), runs)
        if name == PI_MODEL:
            times["whole"] = _best_ms(lambda u=upscaler: u.upscale(frame), 1)
    times["bicubic"] = _best_ms(lambda: (bicubic(parts.overview), bicubic(parts.window)), 20)
    times["pixels"] = parts.overview.width * parts.overview.height + parts.window.width * parts.window.height
    return times


def _video(path: Path) -> None:
    import av  # noqa: PLC0415

    frame = _frame()
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = FRAME[0], FRAME[1], "yuv420p"
        for _ in range(20):
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _job_peak_rss_kib(workdir: Path) -> int:
    video = workdir / "480p.mp4"
    _video(video)
    request = {"media": str(video), "times": [1.0], "frames": 1, "max_lines": 480, "threads": 2}
    job = json.dumps({"request": request, "lang": "en", "output_dir": str(workdir)})
    out = subprocess.run(
        [sys.executable, "-m", "myflix_bot.preview"],
        input=job,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    done = json.loads(out.stdout.splitlines()[-1])
    if done.get("event") != "done":
        raise RuntimeError(f"preview job failed: {done}")
    return int(done["peak_rss_kib"])


def _idle_rss_kib(enabled: bool) -> int:
    with services(TITLES) as s:
        preview = {"enabled": True, "python": sys.executable, "output_dir": str(s.workdir)}
        bot = start_myflix(s, {"preview": preview} if enabled else None)
        try:
            wait_ready(s.tg, "/films", f"({TITLES:,})".replace(",", " "))
            time.sleep(IDLE_SECONDS)  # a bench: settle, then read RSS (no assertion depends on it)
            return bot.rss_kib()
        finally:
            bot.stop()


def run() -> list[Figure]:
    from myflix_bot.preview.models import PI_MODEL, WORKER_MODEL  # noqa: PLC0415

    t = _frame_times()
    with tempfile.TemporaryDirectory(prefix="myflix-bench-preview-") as tmp:
        peak_kib = _job_peak_rss_kib(Path(tmp))
    without_kib = _idle_rss_kib(enabled=False)
    with_kib = _idle_rss_kib(enabled=True)
    pi, worker = t[PI_MODEL] + t["regions"], t[WORKER_MODEL] + t["regions"]
    bicubic_ms = t["bicubic"] + t["regions"]
    pixels = f"{t['pixels'] / 1000:.0f} k of the frame's {FRAME[0] * FRAME[1] / 1000:.0f} k pixels"
    return [
        Figure("preview", "480p frame: Pi model ms / bicubic ms", pi / bicubic_ms, "x", is_ratio=True),
        Figure(
            "preview",
            "480p frame: whole frame / preview regions (Pi model)",
            t["whole"] / pi,
            "x",
            is_ratio=True,
        ),
        Figure(
            "preview",
            "bot idle RSS with / without preview",
            with_kib / without_kib,
            "x",
            is_ratio=True,
            target_max=1.05,
        ),
        Figure("preview", f"480p frame, {PI_MODEL} (ncnn 2 threads, regions: {pixels})", pi, "ms"),
        Figure("preview", f"480p frame, {WORKER_MODEL} (ncnn 2 threads CPU, regions)", worker, "ms"),
        Figure("preview", "480p frame, bicubic x2 (Pillow, regions)", bicubic_ms, "ms"),
        Figure(
            "preview", f"480p whole frame, {PI_MODEL} (before: the job upscaled all of it)", t["whole"], "ms"
        ),
        Figure("preview", "preview job peak RSS (1 frame 480p)", peak_kib / 1024, "MiB"),
        Figure("preview", "bot idle RSS, preview enabled", with_kib / 1024, "MiB"),
        Figure("preview", "bot idle RSS, preview disabled", without_kib / 1024, "MiB"),
    ]
