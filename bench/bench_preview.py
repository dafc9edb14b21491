"""The AI preview: ms per 480p frame with the Pi's model (ncnn, 2 threads, the CPU path the Pi runs) next to
bicubic, the preview job's peak RSS (the process the bot starts, one 480p frame), and the bot's idle RSS
with and without the feature enabled (the heavy libraries stay in the preview process: the ratio must stay
about 1)."""

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


def _frame_times() -> tuple[float, float]:
    from myflix_bot.preview.upscale import Upscaler, bicubic  # noqa: PLC0415

    frame = _frame()
    upscaler = Upscaler("realesr-animevideov3-x2", threads=2, tile=192)
    upscaler.upscale(frame.crop((0, 0, 64, 64)))  # warm-up
    model_runs = []
    for _ in range(2):
        upscaler.upscale(frame)
        model_runs.append(upscaler.last_ms)
    t0 = time.perf_counter()
    for _ in range(20):
        bicubic(frame)
    bicubic_ms = (time.perf_counter() - t0) * 1000 / 20
    return min(model_runs), bicubic_ms


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
    model_ms, bicubic_ms = _frame_times()
    with tempfile.TemporaryDirectory(prefix="myflix-bench-preview-") as tmp:
        peak_kib = _job_peak_rss_kib(Path(tmp))
    without_kib = _idle_rss_kib(enabled=False)
    with_kib = _idle_rss_kib(enabled=True)
    return [
        Figure("preview", "480p frame: model ms / bicubic ms", model_ms / bicubic_ms, "x", is_ratio=True),
        Figure(
            "preview",
            "bot idle RSS with / without preview",
            with_kib / without_kib,
            "x",
            is_ratio=True,
            target_max=1.05,
        ),
        Figure("preview", "480p frame, realesr-animevideov3-x2 (ncnn 2 threads)", model_ms, "ms"),
        Figure("preview", "480p frame, bicubic x2 (Pillow)", bicubic_ms, "ms"),
        Figure("preview", "preview job peak RSS (1 frame 480p)", peak_kib / 1024, "MiB"),
        Figure("preview", "bot idle RSS, preview enabled", with_kib / 1024, "MiB"),
        Figure("preview", "bot idle RSS, preview disabled", without_kib / 1024, "MiB"),
    ]
