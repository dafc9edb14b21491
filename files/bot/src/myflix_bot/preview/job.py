"""One preview job: frames → upscaling (worker, else local) → the side-by-side PNG, or a clip on the
worker. Reports progress through ``emit``. Runs in the preview process (heavy imports)."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from myflix_bot import i18n
from myflix_bot.preview import messages
from myflix_bot.preview.compose import Layout, Row, compose, png_bytes
from myflix_bot.preview.frames import Frame, clip_info, decode_clip, encode_clip, extract_frames
from myflix_bot.preview.models import OUTPUT_SCALE, PI_MODEL
from myflix_bot.preview.regions import inner_result, regions
from myflix_bot.preview.spec import PreviewError, PreviewRequest, format_timestamp
from myflix_bot.preview.upscale import Upscaler, bicubic
from myflix_bot.preview.worker_client import WorkerClient, WorkerUnavailable

Emit = Callable[[dict[str, object]], None]


@dataclass
class Outcome:
    data: bytes
    kind: str  # png | mp4
    backend: str  # local | worker | fallback
    model: str
    ms_per_frame: float
    fallback_reason: str = ""
    width: int = 0  # a clip's frame size and length (what sendVideo is told)
    height: int = 0
    seconds: float = 0.0


class _Backends:
    """The worker while it serves, else the local model (loaded on first need)."""

    def __init__(self, request: PreviewRequest, emit: Emit) -> None:
        self.request = request
        self.emit = emit
        self.worker = WorkerClient(request.worker) if request.backend == "worker" and request.worker else None
        self.local: Upscaler | None = None
        self.fallback_reason = ""

    @property
    def name(self) -> str:
        if self.worker is not None:
            return "worker"
        return "fallback" if self.fallback_reason else "local"

    def fall_back(self, exc: WorkerUnavailable) -> None:
        if self.request.local_refused:
            raise PreviewError(self.request.local_refused, exc.reason)
        self.worker = None
        self.fallback_reason = exc.reason
        self.emit({"event": "fallback", "reason": exc.reason, "detail": exc.detail})

    def _local(self) -> Upscaler:
        if self.local is None:
            request = self.request
            self.local = Upscaler(request.model or PI_MODEL, threads=request.threads, tile=request.tile)
        return self.local

    def upscale(self, image: Image.Image) -> tuple[Image.Image, float, str]:
        if self.worker is not None:
            try:
                data = self.worker.upscale_png(png_bytes(image))
                result = Image.open(io.BytesIO(data)).convert("RGB")
                expected = (image.width * OUTPUT_SCALE, image.height * OUTPUT_SCALE)
                if result.size != expected:
                    raise WorkerUnavailable("error", f"answer of size {result.size}, expected {expected}")
                return result, self.worker.last_ms, self.worker.model or "worker"
            except WorkerUnavailable as exc:
                self.fall_back(exc)
        local = self._local()
        return local.upscale(image), local.last_ms, local.model.name


LAYOUT = Layout()


def run_stills(request: PreviewRequest, emit: Emit, lang: str, layout: Layout = LAYOUT) -> Outcome:
    """Per frame the model upscales what the picture shows of its work (``regions``): the overview panel's
    input and the busiest window at the decoded resolution, not the whole frame."""
    emit({"event": "progress", "stage": "extracting"})
    frames: list[Frame] = extract_frames(
        request.media, list(request.times) or None, request.frames, request.max_lines
    )
    backends = _Backends(request, emit)
    rows: list[Row] = []
    timings: list[float] = []
    model = ""
    scale = OUTPUT_SCALE
    for index, frame in enumerate(frames, start=1):
        emit(
            {
                "event": "progress",
                "stage": "upscaling",
                "done": index,
                "total": len(frames),
                "backend": backends.name,
            }
        )
        crop = layout.crop_side(frame.image.width * scale, frame.image.height * scale)
        parts = regions(frame.image, layout.panel_width, crop, scale)
        overview, overview_ms, model = backends.upscale(parts.overview)
        window, window_ms, model = backends.upscale(parts.window)
        timings.append(overview_ms + window_ms)
        rows.append(
            Row(
                format_timestamp(frame.time),
                bicubic(parts.overview),
                overview,
                inner_result(bicubic(parts.window), parts.inner, scale),
                inner_result(window, parts.inner, scale),
            )
        )
    emit({"event": "progress", "stage": "composing"})
    ms_per_frame = sum(timings) / len(timings)
    first = frames[0]
    sizes = {
        "source": "{}×{}".format(*first.source_size),
        "decoded": "{}×{}".format(*first.image.size),
        "overview": "{}×{}".format(*rows[0].ai.size),
        "detail": "{}×{}".format(*rows[0].crop_ai.size),
    }
    caption = [
        i18n.t(
            lang,
            "preview.caption.model",
            model=model,
            backend=i18n.t(lang, f"preview.backend.{backends.name}"),
            ms=f"{ms_per_frame:.0f}",
        ),
        i18n.t(lang, "preview.caption.sizes", **sizes),
    ]
    labels = (
        i18n.t(lang, "preview.panel.bicubic"),
        i18n.t(lang, "preview.panel.ai"),
        i18n.t(lang, "preview.panel.crop"),
    )
    picture = compose(rows, caption, labels, layout)
    return Outcome(png_bytes(picture), "png", backends.name, model, ms_per_frame, backends.fallback_reason)


def run_clip(request: PreviewRequest, emit: Emit) -> Outcome:
    """A short clip upscaled on the worker (no local fallback: too slow for the Pi's CPU); the answer must be
    the clip at twice the size, as long as the one sent."""
    if request.backend != "worker" or request.worker is None:
        raise PreviewError("clip_needs_worker")
    emit({"event": "progress", "stage": "extracting"})
    start = request.times[0] if request.times else 0.0
    images, fps = decode_clip(request.media, start, request.clip_seconds, request.max_lines)
    source = encode_clip(images, fps)
    emit({"event": "progress", "stage": "upscaling", "done": 1, "total": 1, "backend": "worker"})
    client = WorkerClient(request.worker)
    try:
        data = client.upscale_clip(source)
    except WorkerUnavailable as exc:
        raise PreviewError("clip_needs_worker", exc.reason) from None
    width, height, seconds = clip_info(data)
    expected = (images[0].width * OUTPUT_SCALE, images[0].height * OUTPUT_SCALE)
    if (width, height) != expected:
        raise PreviewError("clip_needs_worker", f"answer of size {width}×{height}, expected {expected}")
    ms_per_frame = client.last_ms
    return Outcome(data, "mp4", "worker", client.model, ms_per_frame, "", width, height, seconds)


def run(request: PreviewRequest, emit: Emit, lang: str) -> Outcome:
    messages.stage_text(lang, {})  # the catalog is registered before any text is needed
    return run_clip(request, emit) if request.clip else run_stills(request, emit, lang)


def write_output(outcome: Outcome, directory: str) -> str:
    """The result in a new file under ``directory`` (readable by the caller only)."""
    handle, path = tempfile.mkstemp(prefix="myflix-preview-", suffix=f".{outcome.kind}", dir=directory)
    with os.fdopen(handle, "wb") as out:
        out.write(outcome.data)
    return path
